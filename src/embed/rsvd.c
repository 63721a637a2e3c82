/* rsvd.c — the projection of the lexical embedding: randomized range finder (Halko,
 * Martinsson & Tropp 2011) with power iterations, each orthonormalised through the
 * eigen-decomposition of its Gram matrix; the projection is the top right singular
 * vectors, so that a text embeds as a V (= its row of U Sigma). Every parallel reduction
 * has a fixed shape, so results do not depend on the thread count. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "embed_impl.h"
#include "kleio/linalg.h"
#include "kleio/mem.h"
#include "kleio/parallel.h"
#include "kleio/rng.h"

#define OVERSAMPLE 16
#define GRAM_CHUNKS 64        /* fixed: reductions independent of threads */
#define TILE 128

typedef struct gram_ctx {
    const float *Y;
    size_t n, w;
    double *partial;          /* GRAM_CHUNKS x w x w (upper triangles) */
    const float *W;           /* for the multiply */
    float *tmp;               /* per thread: 2 w floats */
    uint32_t *idx;            /* per thread: w indexes */
} gram_ctx;

/* Sums of outer products y y^T, accumulated in float over TILE rows (each entry's sum in
 * row order) and then flushed into the chunk's double partial, upper triangle only: row i
 * of a tile's sum, from column i on, is the gathered sum of the tile's rows weighted by
 * their i-th coordinates. */
static void gram_worker(void *arg, int t, int nt)
{
    gram_ctx *g = arg;
    size_t w = g->w;
    float *F = kl_malloc(w * sizeof *F);
    float v[TILE];
    uint32_t idx[TILE];
    for (int ch = t; ch < GRAM_CHUNKS; ch += nt) {
        unsigned long lo, hi;
        kl_parallel_slice(g->n, ch, GRAM_CHUNKS, &lo, &hi);
        double *G = g->partial + (size_t)ch * w * w;
        memset(G, 0, w * w * sizeof *G);
        for (size_t r0 = lo; r0 < hi; r0 += TILE) {
            size_t nr = hi - r0 < TILE ? hi - r0 : TILE;
            const float *tile = g->Y + r0 * w;
            for (size_t i = 0; i < w; i++) {
                size_t m = 0;
                for (size_t r = 0; r < nr; r++)
                    if (tile[r * w + i] != 0) {
                        v[m] = tile[r * w + i];
                        idx[m++] = (uint32_t)r;
                    }
                emb_gather_sum(F, w - i, idx, v, m, tile + i, w);
                for (size_t j = i; j < w; j++)
                    G[i * w + j] += F[j - i];
            }
        }
    }
    free(F);
}

/* G = Y^T Y (w x w, full symmetric), deterministic whatever the thread count. */
static void gram(const float *Y, size_t n, size_t w, int threads, double *G)
{
    gram_ctx g = {.Y = Y, .n = n, .w = w};
    g.partial = kl_malloc((size_t)GRAM_CHUNKS * w * w * sizeof *g.partial);
    kl_parallel_run(threads, gram_worker, &g);
    for (size_t i = 0; i < w; i++)
        for (size_t j = i; j < w; j++) {
            double s = 0;
            for (int ch = 0; ch < GRAM_CHUNKS; ch++)
                s += g.partial[(size_t)ch * w * w + i * w + j];
            G[i * w + j] = G[j * w + i] = s;
        }
    free(g.partial);
}

static void mul_worker(void *arg, int t, int nt)
{
    gram_ctx *g = arg;
    unsigned long lo, hi;
    kl_parallel_slice(g->n, t, nt, &lo, &hi);
    size_t w = g->w;
    float *tmp = g->tmp + (size_t)t * w * 2;
    uint32_t *idx = g->idx + (size_t)t * w;
    for (size_t r = lo; r < hi; r++) {
        float *y = (float *)g->Y + r * w;
        size_t m = 0;
        for (size_t i = 0; i < w; i++)
            if (y[i] != 0) {
                tmp[w + m] = y[i];
                idx[m++] = (uint32_t)i;
            }
        emb_gather_sum(tmp, w, idx, tmp + w, m, g->W, w);
        memcpy(y, tmp, w * sizeof *tmp);
    }
}

/* Y <- Y W in place (Y: n x w, W: w x w). */
static void mul_inplace(float *Y, size_t n, size_t w, const float *W, int threads)
{
    gram_ctx g = {.Y = Y, .n = n, .w = w, .W = W};
    g.tmp = kl_malloc((size_t)threads * w * 2 * sizeof *g.tmp);
    g.idx = kl_malloc((size_t)threads * w * sizeof *g.idx);
    kl_parallel_run(threads, mul_worker, &g);
    free(g.tmp);
    free(g.idx);
}

/* Orthonormalises the columns of Y (n x w) in place: Y <- Y V Lambda^-1/2 from the
 * eigen-decomposition of Y^T Y; directions with negligible energy become zero columns. */
static void orthonormalize(float *Y, size_t n, size_t w, int threads)
{
    double *G = kl_malloc(w * w * sizeof *G);
    double *ev = kl_malloc(w * sizeof *ev);
    double *V = kl_malloc(w * w * sizeof *V);
    gram(Y, n, w, threads, G);
    kl_sym_eigen(G, w, ev, V);
    float *W = kl_malloc(w * w * sizeof *W);
    for (size_t j = 0; j < w; j++) {
        double s = ev[j] > ev[0] * 1e-10 && ev[j] > 0 ? 1 / sqrt(ev[j]) : 0;
        for (size_t i = 0; i < w; i++)
            W[i * w + j] = (float)(V[i * w + j] * s);
    }
    mul_inplace(Y, n, w, W, threads);
    free(W);
    free(V);
    free(ev);
    free(G);
}

void emb_rsvd(const emb_sparse *A, size_t dim, int power, float exponent, uint64_t seed,
              int threads, float *proj)
{
    size_t n = A->n, nc = A->ncol;
    memset(proj, 0, nc * dim * sizeof *proj);
    size_t w = dim + OVERSAMPLE;
    if (w > n)
        w = n;
    if (w > nc)
        w = nc;
    if (w == 0)
        return;
    /* Range finder: Y = A Omega, then power iterations. */
    float *Z = kl_malloc(nc * w * sizeof *Z);
    kl_rng rng;
    kl_rng_seed(&rng, seed ^ 0x656d626564ULL);
    for (size_t i = 0; i < nc * w; i++)
        Z[i] = (float)kl_rng_normal(&rng);
    float *Y = kl_malloc(n * w * sizeof *Y);
    emb_sparse_mul(A, Z, w, Y, threads);
    for (int it = 0; it < power; it++) {
        orthonormalize(Y, n, w, threads);
        /* Only the tall side is re-orthonormalised: with few iterations the A^T side
         * needs no normalisation, and it is the wider one on small sets. */
        emb_sparse_tmul(A, Y, w, Z, threads);
        emb_sparse_mul(A, Z, w, Y, threads);
    }
    orthonormalize(Y, n, w, threads);
    emb_sparse_tmul(A, Y, w, Z, threads);                 /* Z = B^T = A^T Q */
    free(Y);
    /* B B^T = Z^T Z = U_b Sigma^2 U_b^T; right singular vectors V = Z U_b Sigma^-1. */
    double *G = kl_malloc(w * w * sizeof *G);
    double *ev = kl_malloc(w * sizeof *ev);
    double *U = kl_malloc(w * w * sizeof *U);
    gram(Z, nc, w, threads, G);
    kl_sym_eigen(G, w, ev, U);
    size_t keep = w < dim ? w : dim;
    float *W = kl_calloc(w * w, sizeof *W);
    for (size_t j = 0; j < keep; j++) {
        if (!(ev[j] > ev[0] * 1e-12 && ev[j] > 0))
            continue;
        double s = pow(sqrt(ev[j]), (double)exponent - 2.0);      /* V_j sigma^(e-1) */
        for (size_t i = 0; i < w; i++)
            W[i * w + j] = (float)(U[i * w + j] * s);
    }
    mul_inplace(Z, nc, w, W, threads);
    for (size_t i = 0; i < nc; i++)
        memcpy(proj + i * dim, Z + i * w, keep * sizeof *Z);
    free(W);
    free(U);
    free(ev);
    free(G);
    free(Z);
}
