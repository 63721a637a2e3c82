/* jobs_watch.c — polling the work database's jobs table between keys.
 * Read-only, zero busy timeout: with the work database in WAL mode a reader never waits
 * for the job's writes, and if it ever would, this poll is skipped, not the key. */
#include <stdio.h>
#include <string.h>

#include "kleio/log.h"
#include "kleio/tui_jobs.h"

void kl_jobs_watch_init(kl_jobs_watch *w, const char *work)
{
    memset(w, 0, sizeof *w);
    snprintf(w->work, sizeof w->work, "%s", work ? work : "");
}

void kl_jobs_watch_close(kl_jobs_watch *w)
{
    kl_jobs_free(w->jobs, w->n);
    w->jobs = NULL;
    w->n = 0;
    if (w->db)
        sqlite3_close(w->db);
    w->db = NULL;
}

bool kl_jobs_watch_poll(kl_jobs_watch *w, double interval, bool force)
{
    if (!*w->work)
        return false;
    double now = kl_now();
    if (!force && w->last_poll > 0 && now - w->last_poll < interval)
        return false;
    w->last_poll = now;
    if (!w->db) {
        if (sqlite3_open_v2(w->work, &w->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
            snprintf(w->err, sizeof w->err, "cannot read the work database: %s",
                     w->db ? sqlite3_errmsg(w->db) : "out of memory");
            sqlite3_close(w->db);
            w->db = NULL;
            return true;
        }
        sqlite3_busy_timeout(w->db, 0);
    }
    kl_job *jobs;
    size_t n;
    if (kl_jobs_list(w->db, &jobs, &n) != 0) {
        /* Busy, or no jobs table yet: keep what was shown. */
        if (sqlite3_errcode(w->db) != SQLITE_BUSY && sqlite3_errcode(w->db) != SQLITE_LOCKED &&
            !strstr(sqlite3_errmsg(w->db), "no such table"))
            snprintf(w->err, sizeof w->err, "%s", sqlite3_errmsg(w->db));
        kl_jobs_free(jobs, n);
    } else {
        kl_jobs_free(w->jobs, w->n);
        w->jobs = jobs;
        w->n = n;
        w->err[0] = '\0';
    }
    w->poll_ms = (kl_now() - now) * 1000;
    return true;
}

int kl_jobs_watch_due_ms(const kl_jobs_watch *w, double interval)
{
    if (!*w->work)
        return -1;
    double left = w->last_poll + interval - kl_now();
    return left <= 0 ? 0 : (int)(left * 1000) + 1;
}

const kl_job *kl_jobs_watch_running(const kl_jobs_watch *w)
{
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->jobs[i].state, "running") == 0)
            return &w->jobs[i];
    return NULL;
}

void kl_job_status_line(const kl_job *j, char *out, size_t n)
{
    int len = snprintf(out, n, "job %lld %s", (long long)j->id, *j->stage ? j->stage : "starting");
    if (len < 0 || (size_t)len >= n)
        return;
    if (j->total > 0)
        len += snprintf(out + len, n - (size_t)len, " %lld/%lld %d%%", (long long)j->done,
                        (long long)j->total, (int)(100 * j->done / j->total));
    else if (j->done > 0)
        len += snprintf(out + len, n - (size_t)len, " %lld", (long long)j->done);
    if ((size_t)len < n && j->eta >= 0 && j->total > 0) {
        long s = (long)(j->eta + 0.5);
        snprintf(out + len, n - (size_t)len, " ETA %ld:%02ld", s / 60, s % 60);
    }
}
