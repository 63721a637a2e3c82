/* kmeans_impl.h — private interfaces between the k-means files (not a public contract).
 *   kmeans.c         kl_kmeans_fit: checks, the iteration loop, results
 *   kmeans_seed.c    random-row and k-means++ seeding
 *   kmeans_kernel.c  distance kernels (blocked tile, per-point lists), AVX2+FMA when present
 *   kmeans_bounds.c  centroid groups and the assignment passes (full, bounded)
 *   kmeans_update.c  centroid means, inertia, empty-cluster repair, drifts
 *   kmeans_nearest.c kl_kmeans_nearest: the tile kernel, verified in double
 * Distances are handled as e = ||c||^2 - 2 x.c (float); ||x - c||^2 = ||x||^2 + e. */
#ifndef KLEIO_KMEANS_IMPL_H
#define KLEIO_KMEANS_IMPL_H
#include <stddef.h>
#include <stdint.h>

#include "kleio/kmeans.h"

/* Tile shape of the blocked kernel: KM_MR rows x KM_NR centroids held in registers. */
#define KM_MR 6
#define KM_NR 16
/* Relative error allowed for a float distance when it becomes a bound: a bound is widened by
 * KM_EPS * (||x||^2 + max ||c||^2) in squared units, far above float rounding of d <= 4096
 * products, far below any drift that matters. */
#define KM_EPS 1e-5f

/* ---- kernels ---- */
/* Centroids packed for the tile kernel: ceil(k/KM_NR) panels of d x KM_NR floats, and
 * cn[kpad] = ||c||^2 (padding columns get a huge norm so they never win). */
typedef struct km_packed {
    float *panel;
    float *cn;
    size_t k, kpad, d;
} km_packed;

void km_kernel_init(void);              /* picks AVX2+FMA or portable code, once */
int km_kernel_simd(void);               /* 1 when the AVX2+FMA code is in use */
void km_pack(km_packed *P, const float *C, size_t k, size_t d);
/* D[r * ldd + j] = e(x_r, c_j) for r < m <= KM_MR rows of X (stride d), j < kpad, and
 * G[r * ldg + p] = the smallest of panel p's KM_NR values (the centroid groups are panels). */
void km_tile(const km_packed *P, const float *X, size_t m, float *D, size_t ldd, float *G,
             size_t ldg);
/* lb[g] -= gdrift[g] for g < t; returns the smallest result. */
float km_shift_bounds(float *lb, const float *gdrift, size_t t);
/* out[0..KM_NR) = e(x, c) for the centroids of panel p; returns their minimum. */
float km_panel_row(const km_packed *P, const float *x, size_t p, float *out);
/* out[q] = e(x, c_idx[q]) with C row-major k x d and cn = ||c||^2. */
void km_dist_list(const float *x, const float *C, const float *cn, size_t d,
                  const uint32_t *idx, size_t cnt, float *out);
/* e(x, c) for one row c whose norm is cn, bit for bit what km_dist_list gives for it at a
 * position inside a group of eight rows (grouped: the first cnt & ~7 of a list) or after
 * them, so that a caller may skip rows and still reproduce the list's values. */
float km_dist_one(const float *x, const float *c, float cn, size_t d, int grouped);
float km_sqnorm(const float *x, size_t d);
/* acc[0..d) += w * x in double; returns ||x||^2 in double. */
double km_acc_row(double *acc, const float *x, double w, size_t d);

/* ---- seeding ---- */
/* Writes k starting centroids (k x d) chosen from the rows of X by p->init and p->seed;
 * xn[i] = ||x_i||^2. */
void km_seed(const float *X, const float *xn, size_t n, size_t d, const kl_kmeans_params *p,
             int threads, float *C);

/* ---- state shared by the loop, the passes and the update ---- */
typedef struct km_state {
    const float *X;
    const float *w;          /* NULL = unit weights */
    size_t n, d, k;
    int threads;

    float *C;                /* k x d, grouped order (group g = centroids [goff[g], goff[g+1])) */
    float *Cold;             /* k x d, before the last update */
    km_packed P;
    float *xn;               /* n: ||x||^2 */
    uint32_t *assign;        /* n */
    uint32_t *prev;          /* n: assignment the sums S, W, S2 describe (UINT32_MAX: none) */
    float *ub;               /* n: upper bound of the distance to the assigned centroid */
    float *lb;               /* n x t: lower bound of the distance to any other centroid of group g */
    size_t t;                /* number of centroid groups */
    size_t gp;               /* kernel panels per group */
    uint32_t *goff;          /* t + 1: group g holds centroids [goff[g], goff[g+1]) */
    uint32_t *cgroup;        /* k: group of each centroid */
    float *drift;            /* k: how far each centroid moved in the last update */
    float *gdrift;           /* t: largest drift in each group */
    float cmax;              /* max ||c||^2 over centroids, for the bound slack */

    double *S;               /* k x d weighted sums, kept up to date by the rows that move */
    double *W;               /* k weight totals */
    double *S2;              /* k weighted sums of ||x||^2 */
    uint32_t *count;         /* k rows per centroid, from the last assignment */
    uint32_t *hist;          /* threads x k per-thread row counts */

    /* per pass */
    uint64_t changed;        /* rows whose centroid changed */
    uint64_t dists;          /* distances computed */
} km_state;

/* ---- bounds and assignment passes ---- */
/* Orders the centroids so that near ones are adjacent (a small k-means on the centroids) and
 * makes each run of gp * KM_NR consecutive centroids a group, so that a group is gp whole
 * panels of the tile kernel; at most tmax groups. order[q] = original index of centroid q. */
void km_group(km_state *s, size_t tmax, uint64_t seed, uint32_t *order);
/* Every distance through the tile kernel: exact assignment, tight ub and lb. */
void km_pass_full(km_state *s);
/* Bounds moved by the last drifts; a row they cannot settle is measured against its open
 * groups alone when they are few, else batched with others through the tile kernel against
 * every centroid (which also makes its bounds tight again). */
void km_pass_filtered(km_state *s);

/* ---- update ---- */
/* New centroids from the assignment (weighted means; sums in double, updated by the rows
 * that changed centroid, in row order per centroid so that the result does not depend on the
 * thread count), empty clusters repaired from the farthest rows, drifts. Returns the inertia
 * of the assignment against the new centroids (double). */
double km_update(km_state *s);
/* Exact inertia of the current assignment against the current centroids, in double. */
double km_inertia(const km_state *s);

#endif
