/* job_report.c — inside the `kleio run` process of a job: progress into the job's row, and
 * a cancel (SIGTERM) that ends the run at once. The supervisor (job_exec.c) execs that
 * run as a child process and records how it ended; this side only reports. */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kleio/jobs.h"
#include "kleio/log.h"
#include "kleio/numbers.h"
#include "kleio/workdb.h"

static sqlite3 *report_db;
static sqlite3_stmt *progress_stmt, *usage_stmt;
static pthread_mutex_t usage_mu = PTHREAD_MUTEX_INITIALIZER;

/* Progress writes must never stall the pipeline, which may hold the write lock inside a
 * long transaction: they use a zero busy timeout and are simply skipped when busy. */
static void report_progress(const kl_progress *p, bool finished)
{
    if (!progress_stmt)
        return;
    double elapsed = kl_now() - p->started;
    double rate = elapsed > 0 ? (double)p->done / elapsed : -1;
    double eta = (p->total && rate > 0 && p->done <= p->total) ? (double)(p->total - p->done) / rate : -1;
    sqlite3_bind_text(progress_stmt, 2, p->stage, -1, SQLITE_STATIC);
    sqlite3_bind_int64(progress_stmt, 3, (sqlite3_int64)(finished && p->total ? p->total : p->done));
    sqlite3_bind_int64(progress_stmt, 4, (sqlite3_int64)p->total);
    sqlite3_bind_double(progress_stmt, 5, rate);
    sqlite3_bind_double(progress_stmt, 6, finished ? 0 : eta);
    sqlite3_bind_int64(progress_stmt, 7, (sqlite3_int64)time(NULL));
    sqlite3_step(progress_stmt);
    sqlite3_reset(progress_stmt);
}

/* Stop now; the supervisor records the end and says so in the log (a SIGTERM that arrives
 * before this handler is installed ends the run just the same, so the message cannot live
 * here). Only async-signal-safe calls: recording from here would call SQLite where it is
 * not safe. */
static void on_terminate(int sig)
{
    (void)sig;
    _exit(143);
}

int64_t kl_job_id_from_env(void)
{
    int64_t id;
    return kl_parse_i64(getenv(KL_JOB_ID_ENV), 1, INT64_MAX, &id) == 0 ? id : 0;
}

int kl_job_report_begin(const char *work, int64_t id)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_terminate;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    char err[1024];
    report_db = kl_workdb_open(work, 0, err, sizeof err);
    if (!report_db) {
        kl_error("%s", err);
        return -1;
    }
    sqlite3_busy_timeout(report_db, 0);
    sqlite3_prepare_v2(report_db,
                       "UPDATE jobs SET stage = ?2, done = ?3, total = ?4, rate = ?5, eta = ?6,"
                       " updated_at = ?7 WHERE id = ?1",
                       -1, &progress_stmt, NULL);
    sqlite3_bind_int64(progress_stmt, 1, id);
    sqlite3_prepare_v2(report_db, "UPDATE jobs SET usage = ?2 WHERE id = ?1", -1, &usage_stmt, NULL);
    sqlite3_bind_int64(usage_stmt, 1, id);
    kl_progress_set_hook(report_progress);
    return 0;
}

void kl_job_report_usage(const char *text)
{
    pthread_mutex_lock(&usage_mu);
    if (usage_stmt) {
        sqlite3_bind_text(usage_stmt, 2, text, -1, SQLITE_TRANSIENT);
        sqlite3_step(usage_stmt);
        sqlite3_reset(usage_stmt);
    }
    pthread_mutex_unlock(&usage_mu);
}

void kl_job_report_end(void)
{
    kl_progress_set_hook(NULL);
    sqlite3_finalize(progress_stmt);
    progress_stmt = NULL;
    pthread_mutex_lock(&usage_mu);
    sqlite3_finalize(usage_stmt);
    usage_stmt = NULL;
    pthread_mutex_unlock(&usage_mu);
    kl_workdb_close(report_db);
    report_db = NULL;
}
