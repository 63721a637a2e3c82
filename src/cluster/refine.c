/* refine.c — approximate kNN graph of the embedding rows and smoothing over it.
 * Search: the rows are split into about sqrt(n) coarse cells by a short k-means; each row
 * compares itself with every member of the `probes` cells whose centroids are nearest to
 * the row (not to the row's cell: probing around the cell missed the neighbours across
 * its border and cost the whole gain of the smoothing). Rows are split over the threads in
 * fixed slices; each list is chosen by (distance, index), so the graph does not depend on
 * thread timing. */
#include "kleio/refine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/kmeans.h"
#include "kleio/mem.h"
#include "kleio/parallel.h"
#include "kleio/rng.h"

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

typedef struct rowprobe_ctx {
    const float *X;
    size_t n, d, cells;
    int k, probes;
    const uint32_t *start, *member;
    const float *C;           /* cells x d centroids */
    uint32_t *nbr;
} rowprobe_ctx;

static float sqdist_f(const float *a, const float *b, size_t d)
{
    float s[8] = {0};
    size_t j = 0;
    for (; j + 8 <= d; j += 8)
        for (int q = 0; q < 8; q++) {
            float t = a[j + (size_t)q] - b[j + (size_t)q];
            s[q] += t * t;
        }
    for (; j < d; j++)
        s[0] += (a[j] - b[j]) * (a[j] - b[j]);
    return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

/* Each row searches the members of the cells nearest to the row itself. */
static void rowprobe_worker(void *arg, int t, int nt)
{
    rowprobe_ctx *s = arg;
    cell_item *cd = kl_malloc(s->cells * sizeof *cd);
    cell_item *best = kl_malloc((size_t)s->k * sizeof *best);
    unsigned long lo, hi;
    kl_parallel_slice(s->n, t, nt, &lo, &hi);
    for (size_t i = lo; i < hi; i++) {
        const float *x = s->X + i * s->d;
        for (size_t c = 0; c < s->cells; c++)
            cd[c] = (cell_item){sqdist_f(x, s->C + c * s->d, s->d), (uint32_t)c};
        qsort(cd, s->cells, sizeof *cd, cmp_cell_item);
        int len = 0;
        for (int p = 0; p < s->probes; p++)
            for (uint32_t r = s->start[cd[p].j]; r < s->start[cd[p].j + 1]; r++) {
                uint32_t j = s->member[r];
                if (j != i)
                    keep_best(best, &len, s->k, sqdist_f(x, s->X + (size_t)j * s->d, s->d), j);
            }
        for (int q = 0; q < s->k; q++)
            s->nbr[i * (size_t)s->k + (size_t)q] = len ? best[q < len ? q : len - 1].j : (uint32_t)i;
    }
    free(cd);
    free(best);
}

int kl_refine_knn(const float *X, size_t n, size_t d, int neighbours, int probes,
                  uint64_t seed, int threads, uint32_t *nbr)
{
    if (n == 0 || d == 0 || neighbours <= 0)
        return -1;
    threads = kl_threads_resolve(threads);
    size_t cells = (size_t)ceil(sqrt((double)n));
    if (probes <= 0)
        probes = 8;
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
    rowprobe_ctx rc = {X, n, d, cells, neighbours, probes, start, member, km.centroids, nbr};
    kl_parallel_run(threads, rowprobe_worker, &rc);
    kl_kmeans_result_free(&km);
    free(start);
    free(member);
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
