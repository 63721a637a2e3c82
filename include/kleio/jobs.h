/* jobs.h — background recompute jobs (see kleio-jobs in kleio(1)).
 *
 * A job is a `kleio run` in its own session (setsid: it survives the explorer quitting
 * and the SSH connection dropping), logging to a file beside the work database and
 * reporting stage, progress, rate and ETA through the `jobs` table of the work database.
 * One recompute per work database at a time: WORK.db.lock is held with flock(2) for the
 * whole run, so a lock left by a killed job is free and is cleared on the next start.
 *
 * State is reconciled by readers: a job marked running whose process is gone becomes
 * `cancelled` when a cancel was requested and `failed` otherwise, so kill -9 never leaves
 * a job "running" forever.
 *
 * Writers: kl_job_start inserts; the job process (kleio jobs exec) updates its own row;
 * kl_job_cancel sets cancel_requested; kl_jobs_list reconciles dead jobs. */
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
    bool cancel_requested;
    int64_t created_at, started_at, finished_at, updated_at;  /* epoch seconds, 0 = unset */
} kl_job;

/* Creates the jobs table when missing. */
int kl_jobs_schema(sqlite3 *db);
/* All jobs, newest first, after reconciling dead ones. Free with kl_jobs_free. */
int kl_jobs_list(sqlite3 *db, kl_job **out, size_t *n);
int kl_job_get(sqlite3 *db, int64_t id, kl_job *out);
void kl_job_clear(kl_job *j);
void kl_jobs_free(kl_job *jobs, size_t n);
/* Number of running jobs (after reconciling). */
int kl_jobs_running(sqlite3 *db);

/* The last max_lines lines of a job's log (sanitized for display) into out; "" when the
 * log cannot be read. Reads at most the final 64 KiB. */
void kl_job_log_tail(const kl_job *j, size_t max_lines, struct kl_buf *out);

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

/* Entry of the hidden `kleio jobs exec` command that the detached child runs. */
int kl_job_exec(int argc, char **argv);

#endif
