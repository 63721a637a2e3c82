/* kmeans.c — kl_kmeans_fit: checks, the iteration loop, results.
 * Each iteration assigns every row to its nearest centroid (exactly: the bounds only skip
 * distances that cannot change the answer) and moves each centroid to the weighted mean of
 * its rows. The first assignment computes every distance with the blocked kernel; later
 * ones go through the bounds (kmeans_bounds.c). After the last update, one more assignment
 * puts every row on its nearest final centroid, and the inertia is computed against those
 * centroids in double. */
#include "kmeans_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kleio/kmeans.h"
#include "kleio/log.h"
#include "kleio/mem.h"

#define KM_DEFAULT_ITER 50
/* The bounds take n x t floats: at most d groups keeps them within the data's own size
 * (1M rows x 256 dims, k = 10,000: 209 groups of 3 panels, 0.8 GB for 1 GB of data). */
/* Below this many multiply-adds per pass, one thread (thread start-up would dominate). */
#define KM_SERIAL_WORK 2e6

static void km_state_free(km_state *s)
{
    free(s->C);
    free(s->Cold);
    free(s->P.panel);
    free(s->P.cn);
    free(s->xn);
    free(s->assign);
    free(s->prev);
    free(s->ub);
    free(s->lb);
    free(s->goff);
    free(s->cgroup);
    free(s->drift);
    free(s->gdrift);
    free(s->S);
    free(s->W);
    free(s->S2);
    free(s->count);
    free(s->hist);
}

static void km_assign_pass(km_state *s, int full, kl_kmeans_result *out)
{
    if (full) {
        km_pass_full(s);
        out->full_passes++;
    } else {
        km_pass_filtered(s);
    }
    out->distances += s->dists;
}

int kl_kmeans_fit(const float *X, size_t n, size_t d, const kl_kmeans_params *p,
                  kl_kmeans_result *out)
{
    if (!X || !p || !out || p->k == 0 || p->k > n || d == 0 || n > UINT32_MAX)
        return -1;
    if (p->weights)
        for (size_t i = 0; i < n; i++)
            if (!(p->weights[i] >= 0) || !isfinite(p->weights[i]))
                return -1;
    memset(out, 0, sizeof *out);
    km_kernel_init();

    km_state s = {.X = X, .w = p->weights, .n = n, .d = d, .k = p->k};
    size_t k = p->k;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    s.threads = p->threads > 0 ? p->threads : (ncpu > 0 ? (int)ncpu : 1);
    if (s.threads > 64)
        s.threads = 64;
    if ((double)n * (double)k * (double)d < KM_SERIAL_WORK)
        s.threads = 1;
    int max_iter = p->max_iter > 0 ? p->max_iter : KM_DEFAULT_ITER;

    s.xn = kl_malloc(n * sizeof *s.xn);
    for (size_t i = 0; i < n; i++)
        s.xn[i] = km_sqnorm(X + i * d, d);
    s.C = kl_malloc(k * d * sizeof *s.C);
    s.Cold = kl_malloc(k * d * sizeof *s.Cold);
    km_seed(X, s.xn, n, d, p, s.threads, s.C);

    uint32_t *order = kl_malloc(k * sizeof *order);
    s.cgroup = kl_malloc(k * sizeof *s.cgroup);
    km_group(&s, d, p->seed, order);
    km_pack(&s.P, s.C, k, d);
    s.cmax = 0;
    for (size_t j = 0; j < k; j++)
        s.cmax = s.P.cn[j] > s.cmax ? s.P.cn[j] : s.cmax;

    s.assign = kl_malloc(n * sizeof *s.assign);
    for (size_t i = 0; i < n; i++)
        s.assign[i] = UINT32_MAX;
    s.prev = kl_malloc(n * sizeof *s.prev);
    memcpy(s.prev, s.assign, n * sizeof *s.prev);
    s.ub = kl_malloc(n * sizeof *s.ub);
    s.lb = kl_malloc(n * s.t * sizeof *s.lb);
    s.drift = kl_calloc(k, sizeof *s.drift);
    s.gdrift = kl_calloc(s.t, sizeof *s.gdrift);
    s.S = kl_calloc(k * d, sizeof *s.S);
    s.W = kl_calloc(k, sizeof *s.W);
    s.S2 = kl_calloc(k, sizeof *s.S2);
    s.count = kl_malloc(k * sizeof *s.count);
    s.hist = kl_malloc((size_t)s.threads * k * sizeof *s.hist);

    int full = 1;
    double prev = INFINITY;
    kl_debug("k-means: n=%zu d=%zu k=%zu groups=%zu threads=%d simd=%d", n, d, k, s.t, s.threads,
             km_kernel_simd());
    for (int it = 0; it < max_iter; it++) {
        double t0 = kl_now();
        km_assign_pass(&s, full, out);
        double t1 = kl_now();
        uint64_t changed = s.changed;
        double inertia = km_update(&s);
        kl_debug("k-means: iteration %d %s %.3fs share %.3f changed %llu, update %.3fs, inertia %.6g",
                 it + 1, full ? "full" : "filtered", t1 - t0,
                 (double)s.dists / ((double)n * (double)k), (unsigned long long)changed,
                 kl_now() - t1, inertia);
        out->iterations = it + 1;
        if (p->trace)
            p->trace[it] = inertia;
        if (!p->fixed_iter &&
            (changed == 0 || (it > 0 && prev - inertia <= p->tol * prev)))
            break;
        prev = inertia;
        full = 0;
    }
    /* Rows onto their nearest final centroid. */
    km_assign_pass(&s, 0, out);
    out->inertia = km_inertia(&s);

    out->centroids = kl_malloc(k * d * sizeof *out->centroids);
    for (size_t j = 0; j < k; j++)
        memcpy(out->centroids + (size_t)order[j] * d, s.C + j * d, d * sizeof *s.C);
    out->assign = kl_malloc(n * sizeof *out->assign);
    for (size_t i = 0; i < n; i++)
        out->assign[i] = order[s.assign[i]];
    free(order);
    km_state_free(&s);
    return 0;
}

void kl_kmeans_result_free(kl_kmeans_result *r)
{
    if (!r)
        return;
    free(r->centroids);
    free(r->assign);
    r->centroids = NULL;
    r->assign = NULL;
}
