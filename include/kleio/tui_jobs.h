/* tui_jobs.h — recompute jobs seen from the explorer: the recompute dialog's fields and
 * the watcher that polls the snapshot's work database.
 *
 * The explorer never runs the pipeline itself: it starts `kleio run` with kl_job_start
 * (its own session, its own log) and then only reads the work database's jobs table,
 * read-only with a zero busy timeout, about once a second between keys, so a running
 * job can never make a key wait. A snapshot records the work database that made it
 * (meta work_db) and its parameters (meta params); the dialog starts from those. */
#ifndef KLEIO_TUI_JOBS_H
#define KLEIO_TUI_JOBS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "kleio/buf.h"
#include "kleio/jobs.h"
#include "kleio/run_options.h"

/* The dialog's fields come from run_options.h: the backend first (it decides which of the
 * others reach the command), then every option marked EDIT, in the table's order. The
 * options recorded only with a model backend (meta MODEL: the server, models, hierarchy)
 * reach the command only with one, the embedding's only with openai. The key's variable is
 * never taken from the snapshot (a crafted one could name another secret): the job reads
 * the provider's default variable. */
size_t kl_recompute_count(void);
/* The option of field f (f < kl_recompute_count()). */
enum kl_run_option_id kl_recompute_field(size_t f);
/* The field of an EDIT option (0, the backend's, for any other). */
size_t kl_recompute_position(enum kl_run_option_id id);

typedef struct kl_recompute {
    char work[4096];          /* "" when the snapshot does not record its work database */
    char out[4096];           /* the snapshot to replace */
    /* By option id: the dialog's fields (EDIT), and the values kept from the snapshot (KEEP,
     * "" = the run's default); "" for the other options. */
    char field[KL_RUN_OPT_COUNT][256];
} kl_recompute;

/* Fills r from a snapshot's meta: work_db, params (JSON, may be NULL or bad), backend,
 * and the thresholds min_users / min_conversations when params lacks them (< 0: unknown).
 * Missing values take `kleio run`'s defaults. */
void kl_recompute_from_meta(kl_recompute *r, const char *out, const char *work_db,
                            const char *params, const char *backend, int64_t min_users,
                            int64_t min_conversations);
/* 0 when every field is valid; else -1, *bad = the option of the first bad field in dialog
 * order, err = why (naming the field). */
int kl_recompute_validate(const kl_recompute *r, int *bad, char *err, size_t n);
/* The run's arguments after --work and --out (valid r only). Free with kl_recompute_args_free. */
char **kl_recompute_args(const kl_recompute *r, size_t *n);
void kl_recompute_args_free(char **args, size_t n);
/* "kleio run --work W --out S --leaf-size 200 …" for the dialog. */
void kl_recompute_command(const kl_recompute *r, kl_buf *out);
/* A job's recorded parameters (space-separated run arguments) back into arguments, for
 * retry. Free with kl_recompute_args_free. */
char **kl_recompute_split(const char *params, size_t *n);

/* ---- the watcher ---- */
typedef struct kl_jobs_watch {
    char work[4096];          /* "" = nothing to watch */
    sqlite3 *db;              /* read-only; opened at the first poll */
    kl_job *jobs;             /* newest first, as kl_jobs_list */
    size_t n;
    double last_poll;         /* kl_now() of the last poll, 0 = never */
    double poll_ms;           /* how long the last poll took */
    char err[256];            /* why the last poll failed, or "" */
} kl_jobs_watch;

void kl_jobs_watch_init(kl_jobs_watch *w, const char *work);
/* Polls when at least interval seconds passed (or force); true when it polled. */
bool kl_jobs_watch_poll(kl_jobs_watch *w, double interval, bool force);
/* Milliseconds until the next poll is due (for the input timeout), or -1: none. */
int kl_jobs_watch_due_ms(const kl_jobs_watch *w, double interval);
void kl_jobs_watch_close(kl_jobs_watch *w);
/* The first running job, or NULL. */
const kl_job *kl_jobs_watch_running(const kl_jobs_watch *w);
/* "job 3 embed 120/300 40% ETA 0:12" into out. */
void kl_job_status_line(const kl_job *j, char *out, size_t n);

#endif
