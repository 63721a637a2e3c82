/* ingest_files.c — JSON Lines conversations (plain, gzip or stdin) into the work database,
 * reporting bad lines as FILE:LINE: cause and a summary by cause: `kleio ingest` and
 * `kleio validate` both read their input this way. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kleio/buf.h"
#include "kleio/ingest.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/utf8.h"
#include "kleio/workdb.h"

struct ingest_run {
    const kl_ingest_opts *o;
    kl_ingest_store *store;
    kl_ingest_counts total;
    kl_progress prog;
    uint64_t bytes_before;     /* of the files already finished, for the progress line */
    unsigned long printed, not_printed;
    int files_failed;
    uint64_t not_stored;       /* read as new, lost with a batch that did not commit */
};

/* Set from the signal handler: finish the line in hand, commit, summarise, stop. The
 * handler is installed without SA_RESTART so that a read blocked on an idle pipe ends. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

/* Installs on_signal, unless the signal was ignored when kleio started (nohup, a
 * background job of a non-interactive shell): that choice is the caller's. */
static void catch_signal(int sig, struct sigaction *old)
{
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(sig, NULL, old);
    if (old->sa_handler != SIG_IGN)
        sigaction(sig, &sa, NULL);
}

static void clear_progress(struct ingest_run *r)
{
    if (r->prog.tty) {
        fputs("\r\033[K", stderr);
        r->prog.last_draw = 0;
    }
}

/* "FILE:LINE: cause: detail" for the first --max-errors problems, then only counted. */
static void report(struct ingest_run *r, const char *name, uint64_t line, const char *cause,
                   const char *detail)
{
    if (r->o->max_errors && r->printed >= r->o->max_errors) {
        r->not_printed++;
        return;
    }
    r->printed++;
    clear_progress(r);
    fprintf(stderr, "%s:%llu: %s%s%s\n", name, (unsigned long long)line, cause,
            detail && *detail ? ": " : "", detail ? detail : "");
}

static uint64_t accepted(const kl_ingest_counts *c)
{
    return c->ingested + c->duplicates;
}

static void format_count(char *out, size_t n, uint64_t v)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
    size_t len = strlen(digits), o = 0;
    for (size_t i = 0; i < len && o + 2 < n; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

/* kl_progress counts one thing; ingest counts conversations and estimates from bytes.
 * file_done: lines handled in the current file, not yet in r->total. */
static void draw_progress(struct ingest_run *r, const char *name, const kl_line_reader *lr,
                          uint64_t file_done)
{
    uint64_t done = accepted(&r->total) + kl_ingest_counts_rejected(&r->total) + file_done;
    uint64_t bytes = r->bytes_before + kl_line_reader_offset(lr);
    /* Observers of kl_progress (a background job's reporter) get bytes of the known total,
     * else the count; the terminal line is drawn below, so kl_progress must not draw. */
    bool tty = r->prog.tty;
    r->prog.tty = false;
    kl_progress_update(&r->prog, r->prog.total ? bytes : done);
    r->prog.tty = tty;
    if (!tty)
        return;
    double now = kl_now();
    if (now - r->prog.last_draw < 0.1)
        return;
    r->prog.last_draw = now;
    double elapsed = now - r->prog.started;
    char count[32];
    format_count(count, sizeof count, done);
    fprintf(stderr, "\r\033[Kingest  %.40s  %s conversations  %.0f/s", name, count,
            elapsed > 0 ? (double)done / elapsed : 0.0);
    if (r->prog.total && bytes > 0 && bytes <= r->prog.total) {
        double eta = elapsed * (double)(r->prog.total - bytes) / (double)bytes;
        fprintf(stderr, "  %.1f%%  ETA %dm%02ds", 100.0 * (double)bytes / (double)r->prog.total,
                (int)eta / 60, (int)eta % 60);
    }
    fflush(stderr);
}

static bool blank_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

static void add_counts(kl_ingest_counts *to, const kl_ingest_counts *from)
{
    to->lines += from->lines;
    to->ingested += from->ingested;
    to->duplicates += from->duplicates;
    for (int i = 0; i < KL_CAUSE_COUNT; i++)
        to->rejected[i] += from->rejected[i];
}

enum file_result { FILE_DONE, FILE_UNREADABLE, FILE_STRICT_STOP, FILE_DB_ERROR, FILE_INTERRUPTED };

static enum file_result ingest_file(struct ingest_run *r, const char *path)
{
    const kl_ingest_opts *o = r->o;
    bool is_stdin = strcmp(path, "-") == 0;
    char *name = kl_sanitize(is_stdin ? "<stdin>" : path);
    char err[512];
    kl_line_reader *lr = kl_line_reader_open(path, o->max_line, err, sizeof err);
    if (!lr) {
        char *safe = kl_sanitize(err);
        kl_error("%s", safe);
        free(safe);
        free(name);
        return FILE_UNREADABLE;
    }
    kl_line_reader_set_cancel(lr, &interrupted);
    int64_t started_at = (int64_t)time(NULL);
    kl_ingest_counts c = {0};
    enum file_result result = FILE_DONE;
    kl_buf source = KL_BUF_INIT;
    const char *line;
    size_t len;
    for (;;) {
        if (interrupted) {
            result = FILE_INTERRUPTED;
            break;
        }
        enum kl_line_status ls = kl_line_reader_next(lr, &line, &len);
        if (ls == KL_LINE_EOF)
            break;
        if (ls == KL_LINE_ERROR && interrupted) {
            /* The signal broke a blocking read: not a fault of the input. */
            result = FILE_INTERRUPTED;
            break;
        }
        if (ls == KL_LINE_ERROR) {
            clear_progress(r);
            kl_error("%s:%llu: %s", name, (unsigned long long)kl_line_reader_lineno(lr) + 1,
                     kl_line_reader_error(lr));
            result = FILE_UNREADABLE;
            break;
        }
        c.lines++;
        uint64_t lineno = kl_line_reader_lineno(lr);
        enum kl_ingest_cause cause = KL_CAUSE_NONE;
        kl_conv conv;
        if (ls == KL_LINE_TOO_LONG) {
            cause = KL_CAUSE_TOO_LONG;
            snprintf(err, sizeof err, "longer than %zu bytes (--max-line)", o->max_line);
        } else if (blank_line(line, len)) {
            continue;
        } else {
            cause = kl_ingest_parse(line, len, &conv, err, sizeof err);
        }
        if (cause != KL_CAUSE_NONE) {
            c.rejected[cause]++;
            report(r, name, lineno, kl_ingest_cause_name(cause), err);
            if (o->strict) {
                result = FILE_STRICT_STOP;
                break;
            }
            continue;
        }
        kl_buf_clear(&source);
        kl_buf_printf(&source, "%s:%llu", is_stdin ? "<stdin>" : path, (unsigned long long)lineno);
        enum kl_put_result pr = kl_ingest_store_put(r->store, &conv, kl_buf_cstr(&source));
        if (pr == KL_PUT_ID_CONFLICT) {
            char *id = kl_sanitize_fit(conv.id, 60, false);
            snprintf(err, sizeof err, "id '%s' is already stored with other content; the stored one is kept", id);
            free(id);
            report(r, name, lineno, "duplicate id", err);
        }
        kl_conv_free(&conv);
        if (pr == KL_PUT_ERROR) {
            result = FILE_DB_ERROR;
            break;
        }
        if (pr == KL_PUT_NEW)
            c.ingested++;
        else
            c.duplicates++;
        if ((c.lines & 255) == 0)
            draw_progress(r, name, lr, accepted(&c) + kl_ingest_counts_rejected(&c));
    }
    r->bytes_before += kl_line_reader_size(lr);
    add_counts(&r->total, &c);
    if (result != FILE_DB_ERROR &&
        kl_ingest_store_log_file(r->store, is_stdin ? "<stdin>" : path, kl_line_reader_size(lr), &c,
                                 result == FILE_DONE, started_at) != 0)
        result = FILE_DB_ERROR;
    if (kl_verbosity >= 2) {
        clear_progress(r);
        kl_debug("ingest: %s: %llu lines, %llu ingested, %llu duplicates, %llu rejected", name,
                 (unsigned long long)c.lines, (unsigned long long)c.ingested,
                 (unsigned long long)c.duplicates, (unsigned long long)kl_ingest_counts_rejected(&c));
    }
    kl_buf_free(&source);
    kl_line_reader_close(lr);
    free(name);
    return result;
}

/* Sum of the input sizes for the ETA, or 0 when one of them has no known size. */
static uint64_t total_bytes(const kl_ingest_opts *o)
{
    uint64_t total = 0;
    for (int i = 0; i < o->n_files; i++) {
        struct stat st;
        if (strcmp(o->files[i], "-") == 0 || stat(o->files[i], &st) != 0 || !S_ISREG(st.st_mode))
            return 0;
        total += (uint64_t)st.st_size;
    }
    return total;
}

static void print_summary(struct ingest_run *r)
{
    const kl_ingest_counts *t = &r->total;
    if (r->not_printed) {
        clear_progress(r);
        kl_info("ingest: %lu more problem lines not shown (--max-errors)", r->not_printed);
    }
    char a[32], b[32], c[32];
    format_count(a, sizeof a, t->ingested);
    format_count(b, sizeof b, t->duplicates);
    format_count(c, sizeof c, kl_ingest_counts_rejected(t));
    kl_buf causes = KL_BUF_INIT;
    for (int i = 1; i < KL_CAUSE_COUNT; i++) {
        if (!t->rejected[i])
            continue;
        char n[32];
        format_count(n, sizeof n, t->rejected[i]);
        kl_buf_printf(&causes, "%s%s %s", causes.len ? ", " : " (", n,
                      kl_ingest_cause_name((enum kl_ingest_cause)i));
    }
    if (causes.len)
        kl_buf_putc(&causes, ')');
    kl_progress_end(&r->prog, "%s ingested, %s duplicates, %s rejected%s", a, b, c, kl_buf_cstr(&causes));
    kl_buf_free(&causes);
}

int kl_ingest_files(const kl_ingest_opts *opts)
{
    kl_ingest_opts o = *opts;
    static char *stdin_only[] = {(char *)"-"};
    if (o.n_files == 0) {
        o.files = stdin_only;
        o.n_files = 1;
    }

    char err[512];
    sqlite3 *db = kl_workdb_open(o.work, 1, err, sizeof err);
    if (!db) {
        char *safe = kl_sanitize(err);
        kl_error("%s", safe);
        free(safe);
        return 2;
    }
    struct ingest_run r = {.o = &o};
    r.store = kl_ingest_store_open(db, o.batch);
    if (!r.store) {
        kl_workdb_close(db);
        return 1;
    }
    interrupted = 0;
    struct sigaction old_int, old_term;
    catch_signal(SIGINT, &old_int);
    catch_signal(SIGTERM, &old_term);

    kl_progress_start(&r.prog, "ingest", total_bytes(&o));
    enum file_result worst = FILE_DONE;
    for (int i = 0; i < o.n_files; i++) {
        enum file_result fr = ingest_file(&r, o.files[i]);
        if (fr == FILE_UNREADABLE)
            r.files_failed++;
        if (fr > worst)
            worst = fr;
        if (fr == FILE_DB_ERROR || fr == FILE_INTERRUPTED || fr == FILE_STRICT_STOP ||
            (fr == FILE_UNREADABLE && o.strict))
            break;
    }
    bool db_failed = kl_ingest_store_commit(r.store) != 0;
    /* Only committed rows count as ingested: a batch lost to a full disk is not stored. */
    uint64_t stored = kl_ingest_store_committed(r.store);
    if (stored < r.total.ingested) {
        r.not_stored = r.total.ingested - stored;
        r.total.ingested = stored;
    }
    if ((kl_ingest_store_close(r.store) != 0 || db_failed) && worst < FILE_DB_ERROR)
        worst = FILE_DB_ERROR;
    kl_workdb_close(db);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    print_summary(&r);

    if (r.not_stored) {
        char n[32];
        format_count(n, sizeof n, r.not_stored);
        kl_error("ingest: %s conversations read were not stored (the database failed);"
                 " running the same command again adds them", n);
    }
    switch (worst) {
    case FILE_DB_ERROR: return 1;
    case FILE_INTERRUPTED:
        kl_error("ingest: interrupted; the conversations counted above are stored");
        return 1;
    case FILE_STRICT_STOP:
        kl_error("ingest: stopped at the first rejected line (--strict); the conversations counted above are stored");
        return 2;
    case FILE_UNREADABLE: return 2;
    case FILE_DONE: break;
    }
    /* Input in which not one line was usable is almost surely not conversations. */
    if (accepted(&r.total) == 0 && kl_ingest_counts_rejected(&r.total) > 0)
        return 2;
    return 0;
}
