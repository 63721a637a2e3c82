/* validate.h — scoring a clustering against known truth, for `kleio validate` and the
 * measurement scripts. Pure functions over label arrays (labels are small integers). */
#ifndef KLEIO_VALIDATE_H
#define KLEIO_VALIDATE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Normalised mutual information, I(a;b) / ((H(a) + H(b)) / 2) (arithmetic normalisation,
 * as scikit-learn's default); 1 when both are a single identical partition. */
double kl_score_nmi(const uint32_t *a, const uint32_t *b, size_t n);
/* Adjusted Rand index (Hubert and Arabie). */
double kl_score_ari(const uint32_t *a, const uint32_t *b, size_t n);

/* Clio's reconstruction accuracy, in two steps: the majority label of every cluster
 * (over rows with use[i] != 0; use may be NULL), written into major[0..k) (UINT32_MAX for a
 * cluster without rows); then the share of selected rows (sel[i] != 0, NULL = all used
 * rows) whose label is their cluster's majority. Returns -1 when no row is selected. */
void kl_score_majority(const uint32_t *cluster, const uint32_t *label, const uint8_t *use,
                       size_t n, size_t k, uint32_t *major);
double kl_score_accuracy(const uint32_t *cluster, const uint32_t *label, const uint32_t *major,
                         const uint8_t *sel, size_t n);

/* ---- the whole validation (validate_run.c) ---- */

typedef struct kl_validate_opts {
    uint64_t n;                   /* conversations of the synthetic corpus */
    uint64_t seed;                /* of the corpus and of the run */
    int64_t min_users, min_conversations;  /* thresholds of the run */
    bool json;                    /* the report as JSON, else a table (on stdout) */
    const char *keep;             /* keep corpus, work database and snapshot here; NULL: a
                                     temporary directory, removed */
    const char *backend;          /* NULL/"offline", or a model backend run through */
    const char *base_url, *model; /* its server and chat model (kleio-backends(7)) */
    int concurrency;              /* calls in flight; 0: the run's default */
} kl_validate_opts;

/* Generates the corpus, ingests it, runs the pipeline on it blind and prints the report.
 * Returns 0, 1 when a privacy target is missed or a step failed. */
int kl_validate_run(const kl_validate_opts *o);
/* Only the privacy targets, for a snapshot made elsewhere from the corpus of o->n and
 * o->seed (the bundled sample); thresholds come from its meta. 0, 1 missed, 2 unreadable. */
int kl_validate_snapshot(const char *snapshot, const kl_validate_opts *o);

#endif
