/* facets.h — the facets stage: per-conversation language, refusal, concern, turns, task
 * and request summary, computed by a backend and stored in the work database.
 *
 * A backend is a table of functions, one per facet. The offline backend (no network)
 * is the default; a model-based backend can start from a copy of it and replace any
 * entry. Whatever the backend, the stage scrubs the summary (kl_scrub) and cleans it
 * (kl_summary_clean) before storing it, so a model cannot leak what the scrubber catches.
 *
 * Writer: the stage writes facets rows and clears conversations.raw of the rows it
 * wrote (unless keep_raw). Each batch is one transaction: an interrupted run loses at
 * most the batch in flight, and a rerun computes only conversations without facets. */
#ifndef KLEIO_FACETS_H
#define KLEIO_FACETS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "kleio/workdb.h"

/* One conversation as the backend sees it. */
typedef struct kl_conv {
    const char *id;
    const char *const *user;          /* user turns in order */
    size_t n_user;
    const char *const *assistant;     /* assistant turns in order */
    size_t n_assistant;
    const char *user_text;            /* the user turns joined by blank lines */
    size_t user_len;
} kl_conv;

/* The facets of one conversation. */
typedef struct kl_facet_row {
    char lang[8];                     /* ISO 639 code, "und" when unknown */
    const char *lang_name;            /* static storage */
    enum kl_refused refused;
    int concern;                      /* 1..5 */
    int turns;                        /* user turns */
    const char *task;                 /* static: code, writing, translation, … */
    char *summary;                    /* owned by the row */
} kl_facet_row;

/* Each entry fills its part of row and returns 0, or -1 when it could not (the
 * conversation is then left without facets, to be retried by the next run). Entries
 * are called in this order, so refused may read row->lang. They must be thread-safe. */
typedef struct kl_facets_backend {
    const char *name;                 /* stored in facets.backend: "offline", "openai", … */
    const char *model;                /* stored in facets.model; "" when none */
    void *ctx;
    int (*language)(void *ctx, const kl_conv *c, kl_facet_row *row);
    int (*refused)(void *ctx, const kl_conv *c, kl_facet_row *row);
    int (*concern)(void *ctx, const kl_conv *c, kl_facet_row *row);
    int (*task)(void *ctx, const kl_conv *c, kl_facet_row *row);
    int (*summary)(void *ctx, const kl_conv *c, kl_facet_row *row);
} kl_facets_backend;

/* The offline backend (static; copy it to replace entries). Initialises language
 * identification on first use; NULL when that fails (logged). */
const kl_facets_backend *kl_facets_offline(void);

/* Computes every facet of c with be, then scrubs and cleans the summary and fills
 * turns. Returns 0, or -1 (row freed) when an entry failed. */
int kl_facets_compute(const kl_facets_backend *be, const kl_conv *c, kl_facet_row *row);
void kl_facet_row_free(kl_facet_row *row);

/* Task type from the user's text: "code", "translation", "writing", "advice",
 * "question" or "other". Static strings. */
const char *kl_task_classify(const char *text, size_t len);

typedef struct kl_facets_opts {
    bool keep_raw;                    /* keep conversations.raw after facets exist */
    size_t batch;                     /* conversations per transaction (> 0) */
    int threads;                      /* worker threads (>= 1) */
    const char *screen;               /* NULL, or only the conversations this screen keeps */
} kl_facets_opts;

/* The conversations a screen of kleio run keeps (its key in run_screen, bound as ?3): the
 * facets stages add this to their selection, so a screened-out conversation costs no
 * facets and keeps its text for another screen. */
#define KL_FACETS_SCREEN_SQL                                                                    \
    " AND EXISTS (SELECT 1 FROM run_screen s WHERE s.screen = ?3 AND s.conv = c.rowid"        \
    " AND s.pass = 1)"

typedef struct kl_facets_stats {
    uint64_t done;                    /* facets written by this run */
    uint64_t already;                 /* conversations that had facets before */
    uint64_t no_raw;                  /* without facets and without raw text: skipped */
    uint64_t failed;                  /* unreadable raw or a backend failure: skipped */
} kl_facets_stats;

/* Runs the stage over every conversation of db without facets. Returns 0, or -1 on a
 * database error (logged; work committed so far is kept). */
int kl_facets_run(sqlite3 *db, const kl_facets_backend *be, const kl_facets_opts *opts,
                  kl_facets_stats *stats);

#endif
