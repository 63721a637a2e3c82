/* refine.c — approximate kNN graph of the embedding rows and smoothing over it.
 * Search: the rows are split into about sqrt(n) coarse cells by a short k-means; each
 * cell's rows compare themselves, with the blocked k-means distance kernel, against every
 * member of the `probes` cells whose centroids are nearest to their own cell's centroid.
 * Work is split by cell over the threads; each row's list is chosen by (distance, index),
 * so the graph does not depend on thread timing. */
#include "kleio/refine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/kmeans.h"
#include "kleio/mem.h"
#include "kleio/parallel.h"
#include "kleio/rng.h"
#include "kmeans_impl.h"

typedef struct hashed_row {
    uint64_t h;
    size_t i;
} hashed_row;

static int cmp_hashed(const void *a, const void *b)
{
    const hashed_row *x = a, *y = b;
    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

typedef struct cell_item {
    float e;
    uint32_t j;
} cell_item;

static int cmp_cell_item(const void *a, const void *b)
{
    const cell_item *x = a, *y = b;
    if (x->e != y->e)
        return x->e < y->e ? -1 : 1;
    return x->j < y->j ? -1 : x->j > y->j;
}

typedef struct search_ctx {
    const float *X;
    size_t n, d, cells;
    int k, probes;
    const uint32_t *start;    /* cells + 1: members of cell c are member[start[c]..start[c+1]) */
    const uint32_t *member;
    const uint32_t *near;     /* cells x probes: nearest cells of each cell, itself first */
    uint32_t *nbr;            /* n x k */
} search_ctx;

/* Keeps the k smallest (e, j) in a sorted array of length *len <= k. */
static void keep_best(cell_item *best, int *len, int k, float e, uint32_t j)
{
    if (*len == k && cmp_cell_item(&(cell_item){e, j}, &best[k - 1]) >= 0)
        return;
    int q = *len < k ? (*len)++ : k - 1;
    while (q > 0 && cmp_cell_item(&(cell_item){e, j}, &best[q - 1]) < 0) {
        best[q] = best[q - 1];
        q--;
    }
    best[q] = (cell_item){e, j};
}

static void search_worker(void *arg, int t, int nt)
{
    search_ctx *s = arg;
    size_t d = s->d;
    size_t maxc = 0;
    for (size_t c = 0; c < s->cells; c++) {
        size_t m = 0;
        for (int p = 0; p < s->probes; p++) {
            uint32_t q = s->near[c * (size_t)s->probes + (size_t)p];
            m += s->start[q + 1] - s->start[q];
        }
        maxc = m > maxc ? m : maxc;
    }
    uint32_t *cand = kl_malloc((maxc + 1) * sizeof *cand);
    float *rows = kl_malloc((maxc + 1) * d * sizeof *rows);
    float *D = kl_malloc(KM_MR * (maxc + KM_NR) * sizeof *D);
    float *xq = kl_malloc(KM_MR * d * sizeof *xq);
    cell_item *best = kl_malloc((size_t)s->k * sizeof *best);
    km_packed P = {0};
    for (size_t c = (size_t)t; c < s->cells; c += (size_t)nt) {
        size_t m = 0;
        for (int p = 0; p < s->probes; p++) {
            uint32_t q = s->near[c * (size_t)s->probes + (size_t)p];
            for (uint32_t r = s->start[q]; r < s->start[q + 1]; r++) {
                cand[m] = s->member[r];
                memcpy(rows + m * d, s->X + (size_t)s->member[r] * d, d * sizeof *rows);
                m++;
            }
        }
        if (m == 0)
            continue;
        km_pack(&P, rows, m, d);
        for (uint32_t r0 = s->start[c]; r0 < s->start[c + 1]; r0 += KM_MR) {
            size_t mr = s->start[c + 1] - r0 < KM_MR ? s->start[c + 1] - r0 : KM_MR;
            for (size_t r = 0; r < mr; r++)
                memcpy(xq + r * d, s->X + (size_t)s->member[r0 + r] * d, d * sizeof *xq);
            km_tile(&P, xq, mr, D, P.kpad);
            for (size_t r = 0; r < mr; r++) {
                uint32_t i = s->member[r0 + r];
                int len = 0;
                for (size_t q = 0; q < m; q++)
                    if (cand[q] != i)
                        keep_best(best, &len, s->k, D[r * P.kpad + q], cand[q]);
                for (int q = 0; q < s->k; q++)   /* too few candidates: repeat the nearest */
                    s->nbr[(size_t)i * (size_t)s->k + (size_t)q] = len ? best[q < len ? q : len - 1].j : i;
            }
        }
    }
    free(P.panel);
    free(P.cn);
    free(cand);
    free(rows);
    free(D);
    free(xq);
    free(best);
}

int kl_refine_knn(const float *X, size_t n, size_t d, int neighbours, int probes,
                  uint64_t seed, int threads, uint32_t *nbr)
{
    if (n == 0 || d == 0 || neighbours <= 0)
        return -1;
    km_kernel_init();
    threads = kl_threads_resolve(threads);
    size_t cells = (size_t)ceil(sqrt((double)n));
    if (probes <= 0)
        probes = 6;
    if ((size_t)probes > cells)
        probes = (int)cells;
    /* Coarse cells: k-means started from the rows of smallest seeded content hash. */
    hashed_row *hr = kl_malloc(n * sizeof *hr);
    for (size_t i = 0; i < n; i++)
        hr[i] = (hashed_row){kl_hash64(X + i * d, d * sizeof *X, seed), i};
    qsort(hr, n, sizeof *hr, cmp_hashed);
    float *C0 = kl_malloc(cells * d * sizeof *C0);
    for (size_t c = 0; c < cells; c++)
        memcpy(C0 + c * d, X + hr[c].i * d, d * sizeof *C0);
    free(hr);
    kl_kmeans_params kp = {.k = cells, .max_iter = 8, .seed = seed, .threads = threads,
                           .init_centroids = C0};
    kl_kmeans_result km;
    if (kl_kmeans_fit(X, n, d, &kp, &km) != 0) {
        free(C0);
        return -1;
    }
    free(C0);
    /* Members by cell, ascending row index. */
    uint32_t *start = kl_calloc(cells + 1, sizeof *start);
    uint32_t *member = kl_malloc(n * sizeof *member);
    for (size_t i = 0; i < n; i++)
        start[km.assign[i] + 1]++;
    for (size_t c = 0; c < cells; c++)
        start[c + 1] += start[c];
    uint32_t *fill = kl_malloc(cells * sizeof *fill);
    memcpy(fill, start, cells * sizeof *fill);
    for (size_t i = 0; i < n; i++)
        member[fill[km.assign[i]]++] = (uint32_t)i;
    free(fill);
    /* Each cell's nearest cells by centroid distance (itself first). */
    uint32_t *near = kl_malloc(cells * (size_t)probes * sizeof *near);
    cell_item *ci = kl_malloc(cells * sizeof *ci);
    for (size_t a = 0; a < cells; a++) {
        for (size_t b = 0; b < cells; b++) {
            double s = 0;
            for (size_t j = 0; j < d; j++) {
                double t = (double)km.centroids[a * d + j] - km.centroids[b * d + j];
                s += t * t;
            }
            ci[b] = (cell_item){a == b ? -1.0f : (float)s, (uint32_t)b};
        }
        qsort(ci, cells, sizeof *ci, cmp_cell_item);
        for (int p = 0; p < probes; p++)
            near[a * (size_t)probes + (size_t)p] = ci[p].j;
    }
    free(ci);
    kl_kmeans_result_free(&km);
    search_ctx s = {X, n, d, cells, neighbours, probes, start, member, near, nbr};
    kl_parallel_run(threads, search_worker, &s);
    free(start);
    free(member);
    free(near);
    return 0;
}

typedef struct smooth_ctx {
    const float *src;
    float *dst;
    size_t n, d;
    int k;
    double alpha;
    const uint32_t *nbr;
} smooth_ctx;

static void smooth_worker(void *arg, int t, int nt)
{
    smooth_ctx *s = arg;
    size_t d = s->d;
    double *acc = kl_malloc(d * sizeof *acc);
    unsigned long lo, hi;
    kl_parallel_slice(s->n, t, nt, &lo, &hi);
    for (size_t i = lo; i < hi; i++) {
        memset(acc, 0, d * sizeof *acc);
        for (int q = 0; q < s->k; q++) {
            const float *y = s->src + (size_t)s->nbr[i * (size_t)s->k + (size_t)q] * d;
            for (size_t j = 0; j < d; j++)
                acc[j] += y[j];
        }
        double w = s->alpha / s->k, norm = 0;
        for (size_t j = 0; j < d; j++) {
            acc[j] = s->src[i * d + j] + w * acc[j];
            norm += acc[j] * acc[j];
        }
        norm = norm > 0 ? 1 / sqrt(norm) : 0;
        for (size_t j = 0; j < d; j++)
            s->dst[i * d + j] = (float)(acc[j] * norm);
    }
    free(acc);
}

int kl_refine_smooth(float *X, size_t n, size_t d, const kl_refine_params *p)
{
    if (n == 0 || d == 0)
        return -1;
    int k = p->neighbours > 0 ? p->neighbours : 10;
    if ((size_t)k >= n)
        return 0;
    double alpha = p->alpha > 0 ? p->alpha : 1;
    int rounds = p->rounds > 0 ? p->rounds : 1;
    int threads = kl_threads_resolve(p->threads);
    uint32_t *nbr = kl_malloc(n * (size_t)k * sizeof *nbr);
    if (kl_refine_knn(X, n, d, k, p->probes, p->seed, threads, nbr) != 0) {
        free(nbr);
        return -1;
    }
    float *tmp = kl_malloc(n * d * sizeof *tmp);
    for (int r = 0; r < rounds; r++) {
        memcpy(tmp, X, n * d * sizeof *tmp);
        smooth_ctx s = {tmp, X, n, d, k, alpha, nbr};
        kl_parallel_run(threads, smooth_worker, &s);
    }
    free(tmp);
    free(nbr);
    return 0;
}
