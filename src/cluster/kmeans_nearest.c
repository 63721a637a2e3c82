/* kmeans_nearest.c — kl_kmeans_nearest: each row's nearest centroid, exactly as a double
 * brute-force scan finds it, at the speed of the k-means tile kernel.
 * The float kernel gives e(x, c) = ||c||^2 - 2 x.c for every centroid; one value's float
 * error is below (d + 3) u (||x||^2 + ||c||^2) (a d-term dot product, the norm and the
 * subtraction; u the unit roundoff), so the double nearest lies within twice that of the
 * float minimum. Those few candidates are measured again in double (kl_dist2) and the
 * smallest wins, ties to the lower index: the brute-force answer, bit for bit. */
#include "kmeans_impl.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "kleio/linalg.h"
#include "kleio/mem.h"
#include "kleio/parallel.h"

typedef struct near_job {
    const km_packed *P;
    const float *C, *X;
    size_t n, d;
    float cmax;
    uint32_t *out;
    double *dist2;
} near_job;

/* Row x given its float values e[0..kpad): the double nearest among the candidates. */
static uint32_t near_verify(const near_job *job, const float *x, const float *e, double *best_out)
{
    size_t k = job->P->k;
    float emin = INFINITY;
    for (size_t j = 0; j < k; j++)
        emin = e[j] < emin ? e[j] : emin;
    float xn = km_sqnorm(x, job->d);
    /* Each value within (d + 3) u (xn + cmax) of its exact self; FLT_EPSILON = 2u, so this
     * is twice that bound, and 2u (xn + cmax) more for kl_dist2's own rounding. */
    float slack = (float)(job->d + 4) * FLT_EPSILON * (xn + job->cmax);
    float line = emin + slack;
    double best = INFINITY;
    uint32_t arg = 0;
    for (size_t j = 0; j < k; j++) {
        if (!(e[j] <= line))
            continue;
        double dj = kl_dist2(x, job->C + j * job->d, job->d);
        if (dj < best) {
            best = dj;
            arg = (uint32_t)j;
        }
    }
    *best_out = best;
    return arg;
}

static void near_worker(void *ctx, int t, int nt)
{
    const near_job *job = ctx;
    size_t kpad = job->P->kpad;
    unsigned long lo, hi;
    kl_parallel_slice(job->n, t, nt, &lo, &hi);
    float *D = kl_malloc(KM_MR * kpad * sizeof *D);
    float *G = kl_malloc(KM_MR * (kpad / KM_NR) * sizeof *G);
    for (size_t rb = lo; rb < hi; rb += KM_MR) {
        size_t mr = hi - rb < KM_MR ? hi - rb : KM_MR;
        const float *X = job->X + rb * job->d;
        km_tile(job->P, X, mr, D, kpad, G, kpad / KM_NR);
        for (size_t r = 0; r < mr; r++) {
            double best;
            job->out[rb + r] = near_verify(job, X + r * job->d, D + r * kpad, &best);
            if (job->dist2)
                job->dist2[rb + r] = best;
        }
    }
    free(D);
    free(G);
}

int kl_kmeans_nearest(const float *C, size_t k, const float *X, size_t n, size_t d, int threads,
                      uint32_t *out, double *dist2)
{
    if (k == 0 || d == 0 || k > UINT32_MAX)
        return -1;
    if (n == 0)
        return 0;
    km_kernel_init();
    km_packed P = {0};
    km_pack(&P, C, k, d);
    float cmax = 0;
    for (size_t j = 0; j < k; j++)
        cmax = P.cn[j] > cmax ? P.cn[j] : cmax;
    near_job job = {&P, C, X, n, d, cmax, out, dist2};
    int nt = kl_threads_resolve(threads);
    /* A thread per few hundred rows at least: below that the packing dominates. */
    if ((size_t)nt > n / 64 + 1)
        nt = (int)(n / 64 + 1);
    kl_parallel_run(nt, near_worker, &job);
    free(P.panel);
    free(P.cn);
    return 0;
}
