/* kmeans.h — exact accelerated k-means on dense float rows.
 * Contract: k-means++ (or k-means||) seeding from `seed`, exact Lloyd iterations with
 * bound-based pruning, both cores, empty clusters repaired, deterministic for a seed
 * whatever the thread timing. X is n x d, row-major, finite values.
 * Memory beyond X: about n x min(d, k/16) floats of bounds plus O(n + k x d); never n x k. */
#ifndef KLEIO_KMEANS_H
#define KLEIO_KMEANS_H
#include <stddef.h>
#include <stdint.h>

typedef enum { KL_KMEANS_INIT_PLUSPLUS = 0, KL_KMEANS_INIT_RANDOM_ROWS = 1 } kl_kmeans_init;

typedef struct kl_kmeans_params {
    size_t k;
    int max_iter;            /* default 50 when 0 */
    double tol;              /* stop when no assignment changes, or inertia improves less than tol (relative) */
    uint64_t seed;
    kl_kmeans_init init;
    int threads;             /* 0 = number of online CPUs */
    const float *weights;    /* optional per-row weights (NULL = all 1), e.g. cluster sizes */
    /* Additions (zero keeps the behaviour above). */
    int fixed_iter;          /* nonzero: run exactly max_iter iterations, no early stop (benchmarks) */
    double *trace;           /* optional, max_iter entries: inertia after each iteration (the
                                assignment scored against the centroids it produced); never rises */
    const float *init_centroids; /* optional k x d starting centroids; overrides `init`
                                    (warm starts, and tests against a reference) */
} kl_kmeans_params;

typedef struct kl_kmeans_result {
    float *centroids;        /* k x d, caller frees */
    uint32_t *assign;        /* n, caller frees */
    double inertia;          /* sum of (weighted) squared distances */
    int iterations;
    /* Additions: how much work the bounds saved (for benchmarks and tuning). */
    uint64_t distances;      /* point-centroid distances computed, seeding excluded */
    int full_passes;         /* iterations that computed every distance (blocked kernel) */
} kl_kmeans_result;

/* Returns 0, or -1 when k == 0 or k > n (or d == 0, or a negative weight).
 * Rows end up assigned to their nearest final centroid; `inertia` is computed in double
 * against the final centroids. Results are bitwise identical for a seed whatever `threads`. */
int kl_kmeans_fit(const float *X, size_t n, size_t d, const kl_kmeans_params *p,
                  kl_kmeans_result *out);
void kl_kmeans_result_free(kl_kmeans_result *r);

/* out[i] = the index of the centroid of C (k x d) nearest to row i of X (n x d), and
 * dist2[i] (when not NULL) its squared distance: exactly what a double-precision scan
 * (kl_dist2 over j = 0..k-1, ties to the lower index) gives, whatever `threads` (0 = online
 * CPUs), in the time of the float tile kernel. Returns 0, or -1 when k == 0 or d == 0. */
int kl_kmeans_nearest(const float *C, size_t k, const float *X, size_t n, size_t d, int threads,
                      uint32_t *out, double *dist2);

#endif
