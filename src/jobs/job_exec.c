/* job_exec.c — inside a detached job: report progress through the jobs table, run, and
 * record how it ended. Hidden command: kleio jobs exec --work W --job ID -- run ARGS… */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kleio/commands.h"
#include "kleio/jobs.h"
#include "kleio/log.h"
#include "kleio/workdb.h"

static sqlite3 *job_db;
static int64_t job_id;
static sqlite3_stmt *progress_stmt;

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

static void on_terminate(int sig)
{
    (void)sig;
    static const char msg[] = "kleio: job cancelled; finished stages are kept and the next run resumes\n";
    ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)w;
    _exit(143);
}

static int update_state(const char *sql_state, const char *error)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(job_db,
                           "UPDATE jobs SET state = ?2, error = ?3, finished_at = ?4, eta = 0"
                           " WHERE id = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(st, 1, job_id);
    sqlite3_bind_text(st, 2, sql_state, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, error, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, (int64_t)time(NULL));
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int kl_job_exec(int argc, char **argv)
{
    const char *work = NULL;
    int i = 1;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--work") == 0 && i + 1 < argc)
            work = argv[++i];
        else if (strcmp(argv[i], "--job") == 0 && i + 1 < argc)
            job_id = strtoll(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
    }
    if (!work || job_id <= 0 || i >= argc || strcmp(argv[i], "run") != 0) {
        kl_error("jobs exec: internal command; usage: jobs exec --work W --job ID -- run ARGS");
        return 2;
    }
    signal(SIGHUP, SIG_IGN);
    signal(SIGTERM, on_terminate);
    signal(SIGINT, on_terminate);

    char err[1024];
    job_db = kl_workdb_open(work, 0, err, sizeof err);
    if (!job_db) {
        kl_error("%s", err);
        return 1;
    }
    sqlite3_stmt *st;
    if (kl_jobs_schema(job_db) != 0 ||
        sqlite3_prepare_v2(job_db, "UPDATE jobs SET pid = ?2, started_at = ?3, updated_at = ?3"
                                   " WHERE id = ?1", -1, &st, NULL) != SQLITE_OK) {
        kl_error("%s: cannot attach to job %lld", work, (long long)job_id);
        kl_workdb_close(job_db);
        return 1;
    }
    sqlite3_bind_int64(st, 1, job_id);
    sqlite3_bind_int(st, 2, (int)getpid());
    sqlite3_bind_int64(st, 3, (int64_t)time(NULL));
    sqlite3_step(st);
    sqlite3_finalize(st);

    time_t now = time(NULL);
    fprintf(stderr, "kleio: job %lld started, pid %d, %s", (long long)job_id, (int)getpid(), ctime(&now));
    /* A cancel asked before this process recorded its pid could not be signalled. */
    kl_job asked;
    bool cancelled = kl_job_get(job_db, job_id, &asked) == 0 && asked.cancel_requested;
    kl_job_clear(&asked);
    if (cancelled) {
        update_state("cancelled", "");
        fprintf(stderr, "kleio: job %lld cancelled before it began\n", (long long)job_id);
        kl_workdb_close(job_db);
        return 1;
    }
    sqlite3_busy_timeout(job_db, 0);
    sqlite3_prepare_v2(job_db,
                       "UPDATE jobs SET stage = ?2, done = ?3, total = ?4, rate = ?5, eta = ?6,"
                       " updated_at = ?7 WHERE id = ?1",
                       -1, &progress_stmt, NULL);
    sqlite3_bind_int64(progress_stmt, 1, job_id);
    kl_progress_set_hook(report_progress);

    /* The run lock names the job that holds it. */
    char id_text[24];
    snprintf(id_text, sizeof id_text, "%lld", (long long)job_id);
    setenv("KLEIO_JOB_ID", id_text, 1);
    int rc = cmd_run(argc - i, argv + i);

    kl_progress_set_hook(NULL);
    sqlite3_finalize(progress_stmt);
    progress_stmt = NULL;
    sqlite3_busy_timeout(job_db, 30000);
    char why[128] = "";
    if (rc != 0)
        snprintf(why, sizeof why, "kleio run exited with status %d; see the job's log", rc);
    if (update_state(rc == 0 ? "done" : "failed", why) != 0)
        kl_error("%s: cannot record the end of job %lld", work, (long long)job_id);
    now = time(NULL);
    fprintf(stderr, "kleio: job %lld %s, %s", (long long)job_id, rc == 0 ? "done" : "failed", ctime(&now));
    kl_workdb_close(job_db);
    return rc;
}
