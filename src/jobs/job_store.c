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
    "  updated_at INTEGER NOT NULL DEFAULT 0,\n"
    "  result_id TEXT NOT NULL DEFAULT '',\n"
    "  usage TEXT NOT NULL DEFAULT ''\n"
    ");\n";

static bool has_column(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    bool has = sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK;
    sqlite3_finalize(st);
    return has;
}

int kl_jobs_schema(sqlite3 *db)
{
    if (kl_db_exec(db, jobs_schema_sql) != 0)
        return -1;
    /* Work databases from before result_id gain the column (empty for their old jobs). */
    if (!has_column(db, "SELECT result_id FROM jobs LIMIT 0") &&
        kl_db_exec(db, "ALTER TABLE jobs ADD COLUMN result_id TEXT NOT NULL DEFAULT ''") != 0)
        return -1;
    /* And those from before usage. */
    if (!has_column(db, "SELECT usage FROM jobs LIMIT 0") &&
        kl_db_exec(db, "ALTER TABLE jobs ADD COLUMN usage TEXT NOT NULL DEFAULT ''") != 0)
        return -1;
    return 0;
}

sqlite3 *kl_jobs_open(const char *work, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(work, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 10000);
        sqlite3_stmt *st;
        bool ours = false;
        if (sqlite3_prepare_v2(db, "SELECT (SELECT application_id FROM pragma_application_id),"
                                   " (SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
                                   "  AND name = 'jobs')", -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            ours = sqlite3_column_int(st, 0) == KL_WORKDB_APP_ID && sqlite3_column_int(st, 1) == 1;
        sqlite3_finalize(st);
        if (ours && kl_jobs_schema(db) == 0)
            return db;
    }
    sqlite3_close(db);
    db = kl_workdb_open(work, 0, err, errlen);
    if (db && kl_jobs_schema(db) != 0) {
        snprintf(err, errlen, "%s: %s", work, sqlite3_errmsg(db));
        kl_workdb_close(db);
        return NULL;
    }
    return db;
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
    j->result_id = col_str(st, 17);
    j->usage = col_str(st, 18);
}

#define JOB_COLUMNS                                                                          \
    "id, state, pid, params, out_path, log_path, stage, done, total, rate, eta, error, "    \
    "cancel_requested, created_at, started_at, finished_at, updated_at"

/* SELECT of every column, then `rest` (WHERE/ORDER BY). A read-only reader (the explorer)
 * cannot add result_id or usage to an older jobs table: it reads them as "" instead. */
static int prepare_jobs(sqlite3 *db, const char *rest, sqlite3_stmt **st)
{
    static const char *const late[] = {"result_id, usage", "result_id, ''", "'', ''"};
    for (size_t k = 0; k < sizeof late / sizeof late[0]; k++) {
        char sql[512];
        snprintf(sql, sizeof sql, "SELECT " JOB_COLUMNS ", %s FROM jobs %s", late[k], rest);
        if (sqlite3_prepare_v2(db, sql, -1, st, NULL) == SQLITE_OK)
            return 0;
        if (!strstr(sqlite3_errmsg(db), "no such column"))
            return -1;
    }
    return -1;
}

/* A zombie is dead: where the job's adoptive parent (init in a container) is slow to
 * reap, kill(pid, 0) still succeeds on it. */
static bool process_zombie(int pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    bool zombie = false;
    if (fgets(line, sizeof line, f)) {
        const char *paren = strrchr(line, ')'); /* the command name may hold spaces */
        zombie = paren && paren[1] == ' ' && paren[2] == 'Z';
    }
    fclose(f);
    return zombie;
}

static bool process_alive(int pid)
{
    return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM) && !process_zombie(pid);
}

/* A job marked running whose supervisor is gone (killed with -9: a supervisor that ends
 * normally records the end itself): cancelled if asked to stop, else failed, ended at its
 * last sign of life — the last progress report — rather than now, which would count the
 * time nobody looked as running time. Persisted when the connection can write; shown
 * either way. */
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
    j->finished_at = j->updated_at    ? j->updated_at
                     : j->started_at ? j->started_at
                                     : j->created_at;
    free(j->stage);
    j->stage = kl_strdup("");
    j->eta = -1;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
                           "UPDATE jobs SET state = ?2, error = ?3, finished_at = ?4, stage = '',"
                           " eta = -1 WHERE id = ?1 AND state = 'running'",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, j->id);
        sqlite3_bind_text(st, 2, j->state, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, j->error, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, j->finished_at);
        sqlite3_step(st); /* read-only or busy connections simply keep the shown state */
    }
    sqlite3_finalize(st);
}

int kl_jobs_list(sqlite3 *db, kl_job **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st;
    if (prepare_jobs(db, "ORDER BY id DESC", &st) != 0)
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
    if (prepare_jobs(db, "WHERE id = ?1", &st) != 0)
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
    free(j->result_id);
    free(j->usage);
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
        kl_job_clear(&j);
        return -1;
    }
    /* The signal first: it is the cancel. Recording the request may have to wait while
     * the run holds the work database's write lock, which the signal makes it let go. The
     * job leads its own session, so its pid is its process group. */
    if (j.pid > 0 && kill(-j.pid, SIGTERM) != 0 && kill(j.pid, SIGTERM) != 0 && errno != ESRCH) {
        snprintf(err, errlen, "cannot signal job %lld (pid %d): %s", (long long)id, j.pid,
                 strerror(errno));
        rc = -1;
    }
    sqlite3_stmt *st = NULL;
    bool recorded = rc == 0 &&
                    sqlite3_prepare_v2(db, "UPDATE jobs SET cancel_requested = 1 WHERE id = ?1", -1,
                                       &st, NULL) == SQLITE_OK &&
                    (sqlite3_bind_int64(st, 1, id), sqlite3_step(st)) == SQLITE_DONE;
    sqlite3_finalize(st);
    /* A job not started yet (no pid) only learns of the cancel from the record. */
    if (rc == 0 && !recorded && j.pid <= 0) {
        snprintf(err, errlen, "cannot record the cancel: %s", sqlite3_errmsg(db));
        rc = -1;
    }
    kl_job_clear(&j);
    return rc;
}

const char *kl_job_stage(const kl_job *j)
{
    return strcmp(j->state, "running") == 0 && j->stage ? j->stage : "";
}

int kl_job_record_result(sqlite3 *db, int64_t id, const char *snapshot_id)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "UPDATE jobs SET result_id = ?2 WHERE id = ?1", -1, &st, NULL) !=
        SQLITE_OK)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, snapshot_id ? snapshot_id : "", -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE && sqlite3_changes(db) == 1 ? 0 : -1;
}

const kl_job *kl_job_result_holder(const kl_job *jobs, size_t n, const kl_job *j,
                                   const char *file_id)
{
    if (!file_id || !*file_id || !j->result_id || !*j->result_id)
        return NULL;
    if (strcmp(j->result_id, file_id) == 0)
        return j;
    const kl_job *best = NULL;
    for (size_t i = 0; i < n; i++) {
        const kl_job *o = &jobs[i];
        if (o->id != j->id && strcmp(o->state, "done") == 0 && o->result_id &&
            strcmp(o->result_id, file_id) == 0 && strcmp(o->out_path, j->out_path) == 0 &&
            (!best || o->id > best->id))
            best = o;
    }
    return best;
}
