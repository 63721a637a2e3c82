/* kmeans_update.c — centroid means, inertia, empty-cluster repair, drifts.
 * Threads split the centroids (not the rows): each thread scans every row's assignment and
 * adds, in row order, the rows that belong to its centroids. Each centroid's sum is then
 * taken in the same order whatever the number of threads, so the centroids are bitwise
 * identical for 1 or 2 threads (per-thread partial sums merged afterwards would not be).
 * Sums are in double and follow the rows that changed centroid, so that late iterations, where
 * few rows move, cost almost nothing; the centroid ranges are balanced by row counts. */
#include "kmeans_impl.h"

#include "kleio/parallel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"

#define KM_INERTIA_BLOCK 4096

typedef struct km_upd {
    km_state *s;
    size_t *lo;              /* threads + 1 centroid range bounds */
    double *ci;              /* k: inertia per centroid */
} km_upd;

static inline double km_w(const km_state *s, size_t i)
{
    return s->w ? (double)s->w[i] : 1.0;
}

/* The mean of centroid j from its sums; an empty centroid keeps its place. */
static void km_mean(km_state *s, size_t j, double *ci)
{
    size_t d = s->d;
    if (s->W[j] <= 0) {
        ci[j] = 0;
        return;
    }
    double nrm = 0, inv = 1.0 / s->W[j];
    for (size_t q = 0; q < d; q++) {
        double v = s->S[j * d + q];
        nrm += v * v;
        s->C[j * d + q] = (float)(v * inv);
    }
    double in = s->S2[j] - nrm * inv;
    ci[j] = in > 0 ? in : 0;
}

static void km_update_task(void *ctx, int tid, int nthreads)
{
    (void)nthreads; /* the partition u->lo was cut for the same count */
    km_upd *u = ctx;
    km_state *s = u->s;
    size_t d = s->d, lo = u->lo[tid], hi = u->lo[tid + 1];
    if (lo == hi)
        return;
    for (size_t i = 0; i < s->n; i++) {
        size_t a = s->assign[i], p = s->prev[i];
        if (a == p)
            continue;
        double w = km_w(s, i);
        const float *x = s->X + i * d;
        if (p >= lo && p < hi) {
            double x2 = km_acc_row(s->S + p * d, x, -w, d);
            s->W[p] -= w;
            s->S2[p] -= w * x2;
        }
        if (a >= lo && a < hi) {
            double x2 = km_acc_row(s->S + a * d, x, w, d);
            s->W[a] += w;
            s->S2[a] += w * x2;
        }
    }
    for (size_t j = lo; j < hi; j++) {
        if (s->count[j] == 0) {
            /* exactly empty, whatever rounding the subtractions left */
            memset(s->S + j * d, 0, d * sizeof *s->S);
            s->W[j] = 0;
            s->S2[j] = 0;
        }
        km_mean(s, j, u->ci);
    }
}

typedef struct km_far {
    double v;
    uint32_t i;
} km_far;

static int km_far_cmp(const void *a, const void *b)
{
    const km_far *x = a, *y = b;
    if (x->v != y->v)
        return x->v < y->v ? 1 : -1;
    return (x->i > y->i) - (x->i < y->i);
}

/* Each centroid left without weight takes the farthest row (by weighted squared distance,
 * ties by row index) whose own centroid keeps other rows. The row's bounds are reset. */
static void km_repair(km_state *s, double *ci)
{
    size_t n = s->n, d = s->d, k = s->k, nf = 0;
    km_far *far = kl_malloc(n * sizeof *far);
    for (size_t i = 0; i < n; i++) {
        const float *x = s->X + i * d, *c = s->C + (size_t)s->assign[i] * d;
        double dd = 0;
        for (size_t q = 0; q < d; q++) {
            double v = (double)x[q] - c[q];
            dd += v * v;
        }
        dd *= km_w(s, i);
        if (dd > 0)
            far[nf++] = (km_far){dd, (uint32_t)i};
    }
    qsort(far, nf, sizeof *far, km_far_cmp);
    size_t next = 0;
    for (size_t j = 0; j < k; j++) {
        if (s->W[j] > 0)
            continue;
        while (next < nf && s->count[s->assign[far[next].i]] < 2)
            next++;
        if (next == nf)
            break;
        size_t i = far[next++].i, o = s->assign[i];
        const float *x = s->X + i * d;
        double w = km_w(s, i);
        double x2 = km_acc_row(s->S + o * d, x, -w, d);
        memset(s->S + j * d, 0, d * sizeof *s->S);
        km_acc_row(s->S + j * d, x, w, d);
        s->W[o] -= w;
        s->S2[o] -= w * x2;
        s->W[j] = w;
        s->S2[j] = w * x2;
        s->count[o]--;
        s->count[j] = 1;
        s->assign[i] = (uint32_t)j;
        km_mean(s, o, ci);
        memcpy(s->C + j * d, x, d * sizeof *x);
        ci[j] = 0;
        s->ub[i] = 0;
        for (size_t g = 0; g < s->t; g++)
            s->lb[i * s->t + g] = 0;
    }
    free(far);
}

double km_update(km_state *s)
{
    size_t k = s->k, d = s->d;
    int T = s->threads;
    memset(s->count, 0, k * sizeof *s->count);
    for (int t = 0; t < T; t++)
        for (size_t j = 0; j < k; j++)
            s->count[j] += s->hist[(size_t)t * k + j];
    memcpy(s->Cold, s->C, k * d * sizeof *s->C);

    km_upd u = {.s = s};
    u.lo = kl_malloc(((size_t)T + 1) * sizeof *u.lo);
    u.ci = kl_malloc(k * sizeof *u.ci);
    u.lo[0] = 0;
    size_t j = 0, acc = 0;
    for (int t = 1; t < T; t++) {
        size_t want = s->n * (size_t)t / (size_t)T;
        while (j < k && acc + s->count[j] <= want)
            acc += s->count[j++];
        u.lo[t] = j;
    }
    u.lo[T] = k;
    kl_parallel_run(T, km_update_task, &u);

    int empty = 0;
    for (j = 0; j < k; j++)
        empty |= s->W[j] <= 0;
    if (empty)
        km_repair(s, u.ci);
    memcpy(s->prev, s->assign, s->n * sizeof *s->prev);

    double inertia = 0;
    float cmax = 0;
    for (size_t h = 0; h < s->t; h++)
        s->gdrift[h] = 0;
    for (j = 0; j < k; j++) {
        inertia += u.ci[j];
        double dd = 0;
        for (size_t q = 0; q < d; q++) {
            double v = (double)s->C[j * d + q] - s->Cold[j * d + q];
            dd += v * v;
        }
        dd = sqrt(dd);
        float df = (float)dd;
        if ((double)df < dd)
            df = nextafterf(df, INFINITY); /* a drift may only be overestimated */
        s->drift[j] = df;
        float *gd = &s->gdrift[s->cgroup[j]];
        *gd = df > *gd ? df : *gd;
    }
    km_pack(&s->P, s->C, k, d);
    for (j = 0; j < k; j++)
        cmax = s->P.cn[j] > cmax ? s->P.cn[j] : cmax;
    s->cmax = cmax;
    free(u.lo);
    free(u.ci);
    return inertia;
}

typedef struct km_inr {
    const km_state *s;
    double *part;
    size_t nblocks;
} km_inr;

static void km_inertia_task(void *ctx, int tid, int nthreads)
{
    km_inr *r = ctx;
    const km_state *s = r->s;
    size_t d = s->d;
    for (size_t b = (size_t)tid; b < r->nblocks; b += (size_t)nthreads) {
        size_t i1 = (b + 1) * KM_INERTIA_BLOCK < s->n ? (b + 1) * KM_INERTIA_BLOCK : s->n;
        double sum = 0;
        for (size_t i = b * KM_INERTIA_BLOCK; i < i1; i++) {
            const float *x = s->X + i * d, *c = s->C + (size_t)s->assign[i] * d;
            double dd = 0;
            for (size_t q = 0; q < d; q++) {
                double v = (double)x[q] - c[q];
                dd += v * v;
            }
            sum += km_w(s, i) * dd;
        }
        r->part[b] = sum;
    }
}

double km_inertia(const km_state *s)
{
    km_inr r = {.s = s};
    r.nblocks = (s->n + KM_INERTIA_BLOCK - 1) / KM_INERTIA_BLOCK;
    r.part = kl_malloc(r.nblocks * sizeof *r.part);
    kl_parallel_run(s->threads, km_inertia_task, &r);
    double sum = 0;
    for (size_t b = 0; b < r.nblocks; b++)
        sum += r.part[b];
    free(r.part);
    return sum;
}
