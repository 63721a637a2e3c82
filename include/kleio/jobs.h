/* jobs.h — background recompute jobs (see kleio-jobs in kleio(1)).
 *
 * A job is a `kleio run` in its own session (setsid: it survives the explorer quitting
 * and the SSH connection dropping), logging to a file beside the work database and
 * reporting stage, progress, rate and ETA through the `jobs` table of the work database.
 * One recompute per work database at a time: WORK.db.lock is held with flock(2) for the
 * whole run, so a lock left by a killed job is free and is cleared on the next start.
 *
 * The job process (`kleio jobs exec`, the leader of the job's session) supervises the run
 * in a child process and records how it ended — done, failed (with why) or cancelled —
 * and when, as soon as the child is gone: a cancel is recorded by the job itself, not by
 * the next reader. Only when the supervisor itself was killed (kill -9; the run dies with
 * it) is the end left to readers: a job marked running whose process is gone becomes
 * `cancelled` when a cancel was requested and `failed` otherwise, ended at its last
 * progress report (updated_at), not at the time someone happened to look.
 *
 * The stage is the current stage of a running job only: it is cleared when the job ends.
 *
 * A job's run records the snapshot_id it published (result_id). Every job of one output
 * path replaces the same file, so an older job's result may have been replaced by a
 * later one; kl_job_result_holder tells which job's result the file now holds.
 *
 * Writers: kl_job_start inserts; the job process (kleio jobs exec) updates its own row,
 * and its run sets result_id (kl_job_record_result); kl_job_cancel sets
 * cancel_requested; kl_jobs_list reconciles jobs whose supervisor died.
 *
 * Dependencies go one way: the pipeline includes this header (the run lock, the result and
 * the progress of the job it runs in), jobs never includes the pipeline's. A job starts
 * `kleio run` as a child process by exec, knowing only its arguments: so the explorer,
 * which starts and lists jobs, does not reach the pipeline (nor the HTTP client behind
 * it) through this module. */
#ifndef KLEIO_JOBS_H
#define KLEIO_JOBS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

struct kl_buf;

typedef struct kl_job {
    int64_t id;
    char state[16];          /* running, done, failed, cancelled */
    int pid;
    char *params;            /* the run's arguments, space-separated (display only) */
    char *out_path;          /* the snapshot it publishes */
    char *log_path;
    char *stage;             /* current stage, or "" */
    int64_t done, total;
    double rate, eta;        /* items/s and seconds left; < 0 when unknown */
    char *error;             /* why it failed, or "" */
    char *result_id;         /* snapshot_id of what it published (done jobs), or "" */
    char *usage;             /* its model calls so far: "N calls, … tokens, $cost", or "" */
    bool cancel_requested;
    int64_t created_at, started_at, finished_at, updated_at;  /* epoch seconds, 0 = unset */
} kl_job;

/* Creates the jobs table when missing (and adds columns an older one lacks). */
int kl_jobs_schema(sqlite3 *db);
/* Opens WORK for the jobs table, read-write, with its schema. kl_workdb_open takes the
 * write lock to check the whole schema, which a running job may hold for long inside a
 * stage: a kleio work database that already has its jobs table is opened directly so
 * that listing and cancelling answer then too; anything else goes through
 * kl_workdb_open. NULL with "PATH: cause" in err. */
sqlite3 *kl_jobs_open(const char *work, char *err, size_t errlen);
/* All jobs, newest first, after reconciling dead ones. Free with kl_jobs_free. */
int kl_jobs_list(sqlite3 *db, kl_job **out, size_t *n);
int kl_job_get(sqlite3 *db, int64_t id, kl_job *out);
void kl_job_clear(kl_job *j);
void kl_jobs_free(kl_job *jobs, size_t n);
/* Number of running jobs (after reconciling). */
int kl_jobs_running(sqlite3 *db);
/* The stage to show: the current stage of a running job, "" once it ended. */
const char *kl_job_stage(const kl_job *j);
/* Records that the run of job id published (or found up to date) the snapshot with this
 * snapshot_id. Called by `kleio run` inside a job; 0 or -1. */
int kl_job_record_result(sqlite3 *db, int64_t id, const char *snapshot_id);
/* Which job's result the file at j's out_path holds, given that file's snapshot_id
 * (file_id, NULL or "" when unreadable or unknown): j itself when the file is still its
 * result; else the newest other done job of jobs[] (any order) that published file_id to
 * the same path; NULL when neither (replaced by a run outside these jobs, or j recorded
 * no result). */
const kl_job *kl_job_result_holder(const kl_job *jobs, size_t n, const kl_job *j,
                                   const char *file_id);

/* The last max_lines lines of a job's log (sanitized for display) into out; "" when the
 * log cannot be read. Reads at most the final 64 KiB. */
void kl_job_log_tail(const kl_job *j, size_t max_lines, struct kl_buf *out);

/* The run's arguments as a job records them (jobs.params): joined by spaces, an argument
 * that is empty or holds a space, a quote or a backslash in single quotes, a quote inside
 * written '\'' as in sh(1). kl_recompute_split reads it back. */
void kl_job_args_join(char *const *args, size_t n, struct kl_buf *out);

/* Starts `kleio run --work WORK --out OUT ARGS…` as a detached job. Refuses, with the
 * running job named in err, when a recompute already holds the work database's lock. */
int kl_job_start(const char *work, const char *out, char *const *run_args, size_t n_args,
                 int64_t *job_id, char *err, size_t errlen);
/* Asks job ID to stop (SIGTERM to its process group); finished stages are kept, so the
 * next run resumes. */
int kl_job_cancel(sqlite3 *db, int64_t id, char *err, size_t errlen);

/* The run lock. Returns a descriptor to pass to kl_run_lock_release, or -1 with err
 * naming the job that holds it. A stale lock (its holder died) is taken over, with a note. */
int kl_run_lock_acquire(const char *work, int64_t job_id, char *err, size_t errlen);
void kl_run_lock_release(int fd);

/* ---- inside the `kleio run` process of a job ---- */

/* The job's id reaches its run in this environment variable. */
#define KL_JOB_ID_ENV "KLEIO_JOB_ID"
/* The job this process runs for (KL_JOB_ID_ENV), 0 for a run from the shell. */
int64_t kl_job_id_from_env(void);
/* Reports progress (kl_progress) into job id's row until kl_job_report_end, and makes
 * SIGTERM and SIGINT end the process at once with status 143 (the supervisor records the
 * end). 0, or -1 logged. */
int kl_job_report_begin(const char *work, int64_t id);
/* Records the run's model usage so far (kl_job.usage), like progress: skipped when the
 * database is busy. Thread-safe. */
void kl_job_report_usage(const char *text);
void kl_job_report_end(void);

/* Entry of the hidden `kleio jobs exec` command that the detached child runs. */
int kl_job_exec(int argc, char **argv);

#endif
