/* log.c — one-line messages and throttled progress lines on stderr. */
#include "kleio/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int kl_verbosity = 1;
static kl_progress_hook progress_hook;

void kl_progress_set_hook(kl_progress_hook hook)
{
    progress_hook = hook;
}

static void vmsg(const char *prefix, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
    fputs("kleio: ", stderr);
    fputs(prefix, stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void kl_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("", fmt, ap);
    va_end(ap);
}

void kl_warn(const char *fmt, ...)
{
    if (kl_verbosity < 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    vmsg("warning: ", fmt, ap);
    va_end(ap);
}

void kl_info(const char *fmt, ...)
{
    if (kl_verbosity < 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    vmsg("", fmt, ap);
    va_end(ap);
}

void kl_debug(const char *fmt, ...)
{
    if (kl_verbosity < 2)
        return;
    va_list ap;
    va_start(ap, fmt);
    vmsg("", fmt, ap);
    va_end(ap);
}

double kl_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void kl_progress_start(kl_progress *p, const char *stage, uint64_t total)
{
    p->stage = stage;
    p->total = total;
    p->done = 0;
    p->started = kl_now();
    p->last_draw = 0;
    p->last_hook = 0;
    p->tty = kl_verbosity >= 1 && isatty(STDERR_FILENO);
}

static void format_duration(char *out, size_t n, double s)
{
    if (s < 0 || s > 1e7)
        snprintf(out, n, "?");
    else if (s < 60)
        snprintf(out, n, "%.0fs", s);
    else if (s < 3600)
        snprintf(out, n, "%dm%02ds", (int)s / 60, (int)s % 60);
    else
        snprintf(out, n, "%dh%02dm", (int)s / 3600, ((int)s % 3600) / 60);
}

void kl_progress_update(kl_progress *p, uint64_t done)
{
    p->done = done;
    double now = kl_now();
    if (progress_hook && now - p->last_hook >= 0.5) {
        p->last_hook = now;
        progress_hook(p, false);
    }
    if (!p->tty)
        return;
    if (now - p->last_draw < 0.1)
        return;
    p->last_draw = now;
    double elapsed = now - p->started;
    double rate = elapsed > 0 ? (double)done / elapsed : 0;
    if (p->total) {
        char eta[32];
        format_duration(eta, sizeof eta, rate > 0 ? (double)(p->total - (done < p->total ? done : p->total)) / rate : -1);
        fprintf(stderr, "\r\033[K%s  %llu/%llu  %.1f%%  %.0f/s  ETA %s", p->stage,
                (unsigned long long)done, (unsigned long long)p->total,
                100.0 * (double)done / (double)p->total, rate, eta);
    } else {
        fprintf(stderr, "\r\033[K%s  %llu  %.0f/s", p->stage, (unsigned long long)done, rate);
    }
    fflush(stderr);
}

void kl_progress_end(kl_progress *p, const char *fmt, ...)
{
    if (progress_hook)
        progress_hook(p, true);
    if (p->tty)
        fputs("\r\033[K", stderr);
    if (kl_verbosity < 1)
        return;
    fprintf(stderr, "kleio: %s: ", p->stage);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (%.1fs)\n", kl_now() - p->started);
}
