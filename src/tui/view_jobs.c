/* view_jobs.c — the jobs panel (J): every job of the snapshot's work database with its
 * state, parameters, duration and progress; the selected job's error and log tail; and
 * cancel, retry, open result. Rows come from the watcher's last poll. */
#include <curses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kleio/mem.h"
#include "kleio/tui_app.h"
#include "kleio/tui_keys.h"

void kl_jobs_enter(kl_app *a)
{
    a->j_cur = a->j_top = 0;
    kl_app_poll_jobs(a, true);
}

void kl_jobs_update(kl_app *a)
{
    int n = (int)a->watch.n;
    if (a->j_cur >= n)
        a->j_cur = n - 1;
    if (a->j_cur < 0)
        a->j_cur = 0;
    if (n)
        kl_job_log_tail(&a->watch.jobs[a->j_cur], 200, &a->j_log);
    else
        kl_buf_clear(&a->j_log);
}

static void duration(const kl_job *j, char *out, size_t n)
{
    int64_t from = j->started_at ? j->started_at : j->created_at;
    int64_t to = j->finished_at ? j->finished_at : (int64_t)time(NULL);
    long s = from && to >= from ? (long)(to - from) : 0;
    snprintf(out, n, "%ld:%02ld", s / 60, s % 60);
}

/* Stage and progress while running; once ended, the error or when it ended (never the
 * last stage it passed through, which would read as if it were still there). */
static void progress(const kl_job *j, char *out, size_t n)
{
    if (strcmp(j->state, "running") == 0) {
        kl_job_status_line(j, out, n);
        /* without the leading "job N " */
        const char *p = strchr(out + 4, ' ');
        if (p)
            memmove(out, p + 1, strlen(p + 1) + 1);
    } else if (*j->error) {
        snprintf(out, n, "%s", j->error);
    } else if (j->finished_at > 0) {
        time_t t = (time_t)j->finished_at;
        struct tm tm;
        char when[32];
        localtime_r(&t, &tm);
        strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
        snprintf(out, n, "%s %s", strcmp(j->state, "done") == 0 ? "finished" : "ended", when);
    } else {
        snprintf(out, n, "%s", j->state);
    }
}

void kl_jobs_draw(kl_app *a, const kl_layout *l)
{
    int top = l->header.y + 1, bottom = l->footer.y; /* rows [top, bottom) are ours */
    int w = l->header.w;
    char line[8192];
    kl_jobs_watch *jw = &a->watch;
    if (!*jw->work) {
        kl_app_put(a, top + 1, 2, kl_sat_sub(w, 4),
                   "This snapshot does not record the work database that made it: no jobs to show.",
                   KL_EL_DIM);
        return;
    }
    snprintf(line, sizeof line, " Jobs of %s%s%s", jw->work, *jw->err ? " — " : "", jw->err);
    kl_app_put(a, top, 0, w, line, *jw->err ? KL_EL_WARN : KL_EL_BORDER);
    kl_app_fill(a, top + 1, 0, w, KL_EL_COLUMN);
    snprintf(line, sizeof line, " %5s %-10s %8s   %-30s  %s", "ID", "STATE", "TIME", "PROGRESS",
             "PARAMETERS");
    kl_app_put(a, top + 1, 0, w, line, KL_EL_COLUMN);
    int list_h = (bottom - top - 2) / 2;
    if (list_h < 3)
        list_h = 3;
    if (a->j_cur < a->j_top)
        a->j_top = a->j_cur;
    if (a->j_cur >= a->j_top + list_h)
        a->j_top = a->j_cur - list_h + 1;
    for (int i = 0; i < list_h && (size_t)(a->j_top + i) < jw->n; i++) {
        const kl_job *j = &jw->jobs[a->j_top + i];
        bool sel = a->j_top + i == a->j_cur;
        int y = top + 2 + i, el = sel ? KL_EL_SELECTED : KL_EL_NORMAL;
        char dur[32], prog[256];
        duration(j, dur, sizeof dur);
        progress(j, prog, sizeof prog);
        int sel_el = sel ? el
                     : strcmp(j->state, "failed") == 0    ? KL_EL_WARN
                     : strcmp(j->state, "cancelled") == 0 ? KL_EL_DIM
                                                          : el;
        kl_app_fill(a, y, 0, w, el);
        snprintf(line, sizeof line, " %5lld %-10s %8s  ", (long long)j->id, j->state, dur);
        kl_app_put(a, y, 0, 29, line, sel_el);
        kl_app_put(a, y, 29, 30, prog, el);
        kl_app_put(a, y, 61, kl_sat_sub(w, 61), j->params, el);
    }
    if (jw->n == 0)
        kl_app_put(a, top + 3, 2, kl_sat_sub(w, 4), "No jobs yet: R starts a recompute.", KL_EL_DIM);
    /* the selected job's log */
    int y = top + 2 + list_h;
    if (y >= bottom || !jw->n)
        return;
    const kl_job *j = &jw->jobs[a->j_cur];
    snprintf(line, sizeof line, " Log of job %lld (%s) %s", (long long)j->id, j->log_path,
             j->cancel_requested && !strcmp(j->state, "running") ? "— cancelling" : "");
    kl_app_fill(a, y, 0, w, KL_EL_BORDER);
    kl_app_put(a, y++, 0, w, line, KL_EL_BORDER);
    if (*j->usage && y < bottom) {   /* a model backend's calls, tokens and estimated cost */
        snprintf(line, sizeof line, " Model: %s", j->usage);
        kl_app_put(a, y++, 0, w, line, KL_EL_NORMAL);
    }
    /* as many of the last lines as fit */
    const char *log = kl_buf_cstr(&a->j_log);
    int lines = 0;
    for (const char *p = log; *p; p++)
        lines += *p == '\n';
    int room = bottom - y, skip = lines > room ? lines - room : 0;
    const char *p = log;
    for (int i = 0; *p && y < bottom; i++) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (i >= skip) {
            snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line - 1 ? len : sizeof line - 1), p);
            kl_app_put(a, y++, 1, kl_sat_sub(w, 2), line, KL_EL_DIM);
        }
        p += len + (nl ? 1 : 0);
    }
}

static void cancel(kl_app *a, const kl_job *j)
{
    sqlite3 *db = NULL;
    char err[512];
    if (sqlite3_open_v2(a->watch.work, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        kl_app_message(a, true, "Cannot cancel: %s", db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return;
    }
    sqlite3_busy_timeout(db, 250); /* a rare write, asked for by this key */
    if (kl_job_cancel(db, j->id, err, sizeof err) != 0)
        kl_app_message(a, true, "Cannot cancel: %s", err);
    else
        kl_app_message(a, false, "Job %lld asked to stop; finished stages are kept and a rerun resumes",
                       (long long)j->id);
    sqlite3_close(db);
    kl_app_poll_jobs(a, true);
}

static void retry(kl_app *a, const kl_job *j)
{
    size_t n;
    char **args = kl_recompute_split(j->params, &n);
    char err[512];
    char *out = kl_strdup(j->out_path);
    if (kl_app_start_job(a, out, args, n, err, sizeof err) != 0)
        kl_app_message(a, true, "Cannot retry: %s", err);
    free(out);
    kl_recompute_args_free(args, n);
    a->j_cur = 0;
}

/* snapshot_id of the snapshot at path into out ("" when it has none), cheaply; false when
 * it cannot be opened at all. */
static bool file_snapshot_id(const char *path, char *out, size_t n)
{
    kl_bulk *b = kl_bulk_open_path(path);
    const char *id = b ? kl_bulk_meta(b, "snapshot_id") : NULL;
    snprintf(out, n, "%s", id ? id : "");
    kl_bulk_close(b);
    return b != NULL;
}

/* Every job of one output path replaces the same file: a job's result stays openable only
 * until a later job (or run) publishes there. Rather than open whatever the path holds now
 * under the old job's name, say whose result it is. */
static void open_result(kl_app *a, const kl_job *j)
{
    if (strcmp(j->state, "done") != 0) {
        kl_app_message(a, true, "Job %lld is %s: it has no result to open", (long long)j->id, j->state);
        return;
    }
    /* switching may re-read the jobs list under j: copy what is used after it */
    char *out = kl_strdup(j->out_path);
    long long id = (long long)j->id;
    char file_id[128];
    bool readable = file_snapshot_id(out, file_id, sizeof file_id);
    const char *open_id = kl_bulk_meta(a->m.bulk, "snapshot_id");
    const kl_job *holder = kl_job_result_holder(a->watch.jobs, a->watch.n, j, file_id);
    if (*j->result_id && open_id && strcmp(open_id, j->result_id) == 0) {
        kl_app_message(a, false, "The open snapshot is the result of job %lld", id);
    } else if (*j->result_id && readable && holder != j) {
        if (holder)
            kl_app_message(a, true, "Job %lld's result was replaced by job %lld's at %s; o on job %lld opens it",
                           id, (long long)holder->id, out, (long long)holder->id);
        else
            kl_app_message(a, true, "Job %lld's result was replaced at %s by a run outside these jobs",
                           id, out);
    } else if (kl_app_switch(a, out) == 0) {
        kl_app_set_view(a, KL_VIEW_BROWSE);
        if (*j->result_id)
            kl_app_message(a, false, "Opened the result of job %lld: D lists what changed", id);
        else /* a job from before jobs recorded what they published */
            kl_app_message(a, false, "Opened %s, where job %lld published (a later job may have replaced it)",
                           out, id);
    }
    free(out);
}

int kl_jobs_act(kl_app *a, int action, int key)
{
    (void)key;
    int n = (int)a->watch.n;
    const kl_job *j = n ? &a->watch.jobs[a->j_cur] : NULL;
    switch (action) {
    case KL_ACT_UP: a->j_cur--; break;
    case KL_ACT_DOWN: a->j_cur++; break;
    case KL_ACT_PGUP: a->j_cur -= 10; break;
    case KL_ACT_PGDN: a->j_cur += 10; break;
    case KL_ACT_HOME: a->j_cur = 0; break;
    case KL_ACT_END: a->j_cur = n - 1; break;
    case KL_ACT_JOB_CANCEL: if (j) cancel(a, j); break;
    case KL_ACT_JOB_RETRY: if (j) retry(a, j); break;
    case KL_ACT_JOB_OPEN: if (j) open_result(a, j); break;
    default: return KL_KEY_IGNORED;
    }
    n = (int)a->watch.n;
    if (a->j_cur >= n)
        a->j_cur = n - 1;
    if (a->j_cur < 0)
        a->j_cur = 0;
    return KL_KEY_HANDLED;
}
