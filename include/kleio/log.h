/* log.h — messages to stderr and progress lines for long work.
 * Errors are one line, "kleio: …"; progress redraws one line on a terminal only and is
 * silent when stderr is not a terminal (CI logs stay readable). */
#ifndef KLEIO_LOG_H
#define KLEIO_LOG_H
#include <stdbool.h>
#include <stdint.h>

/* 0 quiet (errors only), 1 normal, 2 verbose. */
extern int kl_verbosity;

void kl_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kl_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kl_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kl_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Monotonic seconds. */
double kl_now(void);

typedef struct kl_progress {
    const char *stage;     /* shown first; not copied */
    uint64_t total;        /* 0 when unknown: no percentage, no ETA */
    uint64_t done;
    double started;
    double last_draw;
    double last_hook;
    bool tty;
} kl_progress;

void kl_progress_start(kl_progress *p, const char *stage, uint64_t total);
/* Throttled to ~10 redraws a second: "stage  done/total  pct  rate/s  ETA". */
void kl_progress_update(kl_progress *p, uint64_t done);
/* Clears the progress line and prints "stage: <summary> (N.Ns)" at normal verbosity. */
void kl_progress_end(kl_progress *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One observer of every progress change (the background-job reporter). Called at most
 * ~2 times a second from kl_progress_update, and once from kl_progress_end with
 * finished = true; whether or not stderr is a terminal. NULL removes it. */
typedef void (*kl_progress_hook)(const kl_progress *p, bool finished);
void kl_progress_set_hook(kl_progress_hook hook);

#endif
