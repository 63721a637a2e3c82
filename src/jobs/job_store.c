/* job_store.c — the jobs table: schema, listing with reconciliation, cancel. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kleio/jobs.h"
#include "kleio/mem.h"
#include "kleio/workdb.h"

static const char jobs_schema_sql[] =
    "CREATE TABLE IF NOT EXISTS jobs(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  state TEXT NOT NULL DEFAULT 'running',\n"
    "  pid INTEGER NOT NULL DEFAULT 0,\n"
    "  params TEXT NOT NULL DEFAULT '',\n"
    "  out_path TEXT NOT NULL DEFAULT '',\n"
    "  log_path TEXT NOT NULL DEFAULT '',\n"
    "  stage TEXT NOT NULL DEFAULT '',\n"
    "  done INTEGER NOT NULL DEFAULT 0,\n"
    "  total INTEGER NOT NULL DEFAULT 0,\n"
    "  rate REAL NOT NULL DEFAULT -1,\n"
    "  eta REAL NOT NULL DEFAULT -1,\n"
    "  error TEXT NOT NULL DEFAULT '',\n"
    "  cancel_requested INTEGER NOT NULL DEFAULT 0,\n"
    "  created_at INTEGER NOT NULL,\n"
    "  started_at INTEGER NOT NULL DEFAULT 0,\n"
    "  finished_at INTEGER NOT NULL DEFAULT 0,\n"
    "  updated_at INTEGER NOT NULL DEFAULT 0\n"
    ");\n";

int kl_jobs_schema(sqlite3 *db)
{
    return kl_db_exec(db, jobs_schema_sql);
}

static char *col_str(sqlite3_stmt *st, int i)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    return kl_strdup(t ? t : "");
}

static void read_job(sqlite3_stmt *st, kl_job *j)
{
    j->id = sqlite3_column_int64(st, 0);
    const char *state = (const char *)sqlite3_column_text(st, 1);
    snprintf(j->state, sizeof j->state, "%s", state ? state : "");
    j->pid = sqlite3_column_int(st, 2);
    j->params = col_str(st, 3);
    j->out_path = col_str(st, 4);
    j->log_path = col_str(st, 5);
    j->stage = col_str(st, 6);
    j->done = sqlite3_column_int64(st, 7);
    j->total = sqlite3_column_int64(st, 8);
    j->rate = sqlite3_column_double(st, 9);
    j->eta = sqlite3_column_double(st, 10);
    j->error = col_str(st, 11);
    j->cancel_requested = sqlite3_column_int(st, 12) != 0;
    j->created_at = sqlite3_column_int64(st, 13);
    j->started_at = sqlite3_column_int64(st, 14);
    j->finished_at = sqlite3_column_int64(st, 15);
    j->updated_at = sqlite3_column_int64(st, 16);
}

#define JOB_COLUMNS                                                                          \
    "id, state, pid, params, out_path, log_path, stage, done, total, rate, eta, error, "    \
    "cancel_requested, created_at, started_at, finished_at, updated_at"

static bool process_alive(int pid)
{
    return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM);
}

/* A job marked running whose process is gone: cancelled if asked to stop, else failed.
 * Persisted when the connection can write; shown either way. */
static void reconcile(sqlite3 *db, kl_job *j)
{
    if (strcmp(j->state, "running") != 0)
        return;
    int64_t now = (int64_t)time(NULL);
    bool starting = j->pid == 0 && now - j->created_at < 30;
    if (starting || process_alive(j->pid))
        return;
    const char *state = j->cancel_requested ? "cancelled" : "failed";
    const char *why = j->cancel_requested ? "" : "the job's process ended without reporting (killed?)";
    snprintf(j->state, sizeof j->state, "%s", state);
    if (!*j->error && *why) {
        free(j->error);
        j->error = kl_strdup(why);
    }
    j->finished_at = now;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
                           "UPDATE jobs SET state = ?2, error = ?3, finished_at = ?4"
                           " WHERE id = ?1 AND state = 'running'",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, j->id);
        sqlite3_bind_text(st, 2, j->state, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, j->error, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, now);
        sqlite3_step(st); /* read-only or busy connections simply keep the shown state */
        sqlite3_finalize(st);
    }
}

int kl_jobs_list(sqlite3 *db, kl_job **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT " JOB_COLUMNS " FROM jobs ORDER BY id DESC", -1, &st,
                           NULL) != SQLITE_OK)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = kl_reallocarray(*out, cap, sizeof **out);
        }
        read_job(st, &(*out)[(*n)++]);
    }
    sqlite3_finalize(st);
    for (size_t i = 0; i < *n; i++)
        reconcile(db, &(*out)[i]);
    return rc == SQLITE_DONE ? 0 : -1;
}

int kl_job_get(sqlite3 *db, int64_t id, kl_job *out)
{
    sqlite3_stmt *st;
    memset(out, 0, sizeof *out);
    if (sqlite3_prepare_v2(db, "SELECT " JOB_COLUMNS " FROM jobs WHERE id = ?1", -1, &st, NULL) !=
        SQLITE_OK)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_job(st, out);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return -1;
    reconcile(db, out);
    return 0;
}

void kl_job_clear(kl_job *j)
{
    free(j->params);
    free(j->out_path);
    free(j->log_path);
    free(j->stage);
    free(j->error);
    memset(j, 0, sizeof *j);
}

void kl_jobs_free(kl_job *jobs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        kl_job_clear(&jobs[i]);
    free(jobs);
}

int kl_jobs_running(sqlite3 *db)
{
    kl_job *jobs;
    size_t n;
    if (kl_jobs_list(db, &jobs, &n) != 0)
        return -1;
    int running = 0;
    for (size_t i = 0; i < n; i++)
        running += strcmp(jobs[i].state, "running") == 0;
    kl_jobs_free(jobs, n);
    return running;
}

int kl_job_cancel(sqlite3 *db, int64_t id, char *err, size_t errlen)
{
    kl_job j;
    if (kl_job_get(db, id, &j) != 0) {
        snprintf(err, errlen, "no job %lld", (long long)id);
        return -1;
    }
    int rc = 0;
    if (strcmp(j.state, "running") != 0) {
        snprintf(err, errlen, "job %lld is not running (%s)", (long long)id, j.state);
        rc = -1;
    } else {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, "UPDATE jobs SET cancel_requested = 1 WHERE id = ?1", -1, &st,
                               NULL) != SQLITE_OK ||
            (sqlite3_bind_int64(st, 1, id), sqlite3_step(st)) != SQLITE_DONE) {
            snprintf(err, errlen, "cannot record the cancel: %s", sqlite3_errmsg(db));
            rc = -1;
        }
        sqlite3_finalize(st);
        /* The job leads its own session, so its pid is its process group. */
        if (rc == 0 && j.pid > 0 && kill(-j.pid, SIGTERM) != 0 && kill(j.pid, SIGTERM) != 0 &&
            errno != ESRCH) {
            snprintf(err, errlen, "cannot signal job %lld (pid %d): %s", (long long)id, j.pid,
                     strerror(errno));
            rc = -1;
        }
    }
    kl_job_clear(&j);
    return rc;
}
