/* kmeans_bounds.c — centroid groups and the assignment passes (Yinyang, Ding et al. 2015).
 * Each row keeps an upper bound ub on the distance to its centroid and, for each of t groups
 * of centroids, a lower bound on the distance to every other centroid of that group. After
 * an update, ub grows by its centroid's drift and each group bound shrinks by the group's
 * largest drift; a row whose ub stays below every group bound keeps its centroid without any
 * distance computed, and a group whose bound stays above the best distance so far is
 * skipped. t bounds per row (not k, as Elkan's) keep memory linear in n.
 * The full pass computes every distance with the tile kernel and resets the bounds tightly;
 * the loop uses it when the filter would not save enough (early iterations).
 * Rows are handed out in chunks from an atomic counter; every row's result depends only on
 * that row, so the outcome does not depend on the threads' timing. */
#include "kmeans_impl.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/rng.h"

#define KM_FULL_CHUNK (KM_MR * 32)
#define KM_FILTER_CHUNK 1024
#define KM_GROUP_ITERS 5
#define KM_SAMPLE_ROWS 4096

/* ---- groups ---- */

void km_group(km_state *s, size_t t, uint64_t seed, uint32_t *order)
{
    size_t k = s->k, d = s->d;
    if (t < 1)
        t = 1;
    if (t > k)
        t = k;
    uint32_t *g = kl_calloc(k, sizeof *g);
    if (t > 1) {
        /* A few Lloyd steps on the centroids themselves, from t of them drawn by the seed. */
        double *G = kl_malloc(t * d * sizeof *G);
        double *sum = kl_malloc(t * d * sizeof *sum);
        size_t *cnt = kl_malloc(t * sizeof *cnt);
        kl_rng rng;
        kl_rng_seed(&rng, kl_mix64(seed ^ 0x67726f7570ULL));
        uint32_t *pick = kl_malloc(k * sizeof *pick);
        for (size_t j = 0; j < k; j++)
            pick[j] = (uint32_t)j;
        for (size_t j = 0; j < t; j++) {
            size_t r = j + (size_t)kl_rng_below(&rng, k - j);
            uint32_t tmp = pick[j];
            pick[j] = pick[r];
            pick[r] = tmp;
            for (size_t q = 0; q < d; q++)
                G[j * d + q] = s->C[(size_t)pick[j] * d + q];
        }
        free(pick);
        for (int it = 0; it <= KM_GROUP_ITERS; it++) {
            for (size_t j = 0; j < k; j++) {
                double best = INFINITY;
                for (size_t h = 0; h < t; h++) {
                    double dd = 0;
                    for (size_t q = 0; q < d; q++) {
                        double v = s->C[j * d + q] - G[h * d + q];
                        dd += v * v;
                    }
                    if (dd < best) {
                        best = dd;
                        g[j] = (uint32_t)h;
                    }
                }
            }
            if (it == KM_GROUP_ITERS)
                break;
            memset(sum, 0, t * d * sizeof *sum);
            memset(cnt, 0, t * sizeof *cnt);
            for (size_t j = 0; j < k; j++) {
                cnt[g[j]]++;
                for (size_t q = 0; q < d; q++)
                    sum[g[j] * d + q] += s->C[j * d + q];
            }
            for (size_t h = 0; h < t; h++)
                if (cnt[h])
                    for (size_t q = 0; q < d; q++)
                        G[h * d + q] = sum[h * d + q] / (double)cnt[h];
        }
        free(G);
        free(sum);
        free(cnt);
    }
    /* Counting sort by group; empty groups vanish. */
    size_t *start = kl_calloc(t + 1, sizeof *start);
    for (size_t j = 0; j < k; j++)
        start[g[j] + 1]++;
    for (size_t h = 0; h < t; h++)
        start[h + 1] += start[h];
    size_t *pos = kl_malloc(t * sizeof *pos);
    memcpy(pos, start, t * sizeof *pos);
    for (size_t j = 0; j < k; j++)
        order[pos[g[j]]++] = (uint32_t)j;
    free(s->goff);
    s->goff = kl_malloc((t + 1) * sizeof *s->goff);
    size_t nt = 0;
    s->goff[0] = 0;
    for (size_t h = 0; h < t; h++)
        if (start[h + 1] > start[h])
            s->goff[++nt] = (uint32_t)start[h + 1];
    s->t = nt;
    for (size_t h = 0; h < nt; h++)
        for (size_t j = s->goff[h]; j < s->goff[h + 1]; j++)
            s->cgroup[j] = (uint32_t)h;
    float *C = kl_malloc(k * d * sizeof *C);
    for (size_t j = 0; j < k; j++)
        memcpy(C + j * d, s->C + (size_t)order[j] * d, d * sizeof *C);
    memcpy(s->C, C, k * d * sizeof *C);
    free(C);
    free(start);
    free(pos);
    free(g);
}

/* ---- shared pass machinery ---- */

typedef struct km_pass {
    km_state *s;
    atomic_size_t next;
    uint64_t changed[64];
    uint64_t dists[64];
} km_pass;

static inline float km_lower(float xn, float e, float slack)
{
    float v = xn + e - slack;
    return v > 0 ? sqrtf(v) : 0.0f;
}

static inline float km_upper(float xn, float e, float slack)
{
    float v = xn + e;
    return sqrtf((v > 0 ? v : 0.0f) + slack);
}

static void km_pass_start(km_pass *ps, km_state *s)
{
    ps->s = s;
    atomic_init(&ps->next, 0);
    memset(ps->changed, 0, sizeof ps->changed);
    memset(ps->dists, 0, sizeof ps->dists);
    memset(s->hist, 0, (size_t)s->threads * s->k * sizeof *s->hist);
}

static void km_pass_finish(km_pass *ps)
{
    km_state *s = ps->s;
    s->changed = 0;
    s->dists = 0;
    for (int t = 0; t < s->threads; t++) {
        s->changed += ps->changed[t];
        s->dists += ps->dists[t];
    }
}

/* ---- full pass ---- */

static inline void km_keep2(float v, uint32_t j, float *m1, float *m2, uint32_t *a1)
{
    if (v < *m1) {
        *m2 = *m1;
        *m1 = v;
        *a1 = j;
    } else if (v < *m2) {
        *m2 = v;
    }
}


static void km_full_task(void *ctx, int tid)
{
    km_pass *ps = ctx;
    km_state *s = ps->s;
    size_t n = s->n, d = s->d, kpad = s->P.kpad, t = s->t;
    float *D = kl_malloc(KM_MR * kpad * sizeof *D);
    float *gm1 = kl_malloc(t * sizeof *gm1);
    uint32_t *hist = s->hist + (size_t)tid * s->k;
    uint64_t changed = 0;
    for (;;) {
        size_t r0 = atomic_fetch_add(&ps->next, KM_FULL_CHUNK);
        if (r0 >= n)
            break;
        size_t r1 = r0 + KM_FULL_CHUNK < n ? r0 + KM_FULL_CHUNK : n;
        for (size_t rb = r0; rb < r1; rb += KM_MR) {
            size_t m = r1 - rb < KM_MR ? r1 - rb : KM_MR;
            km_tile(&s->P, s->X + rb * d, m, D, kpad);
            for (size_t r = 0; r < m; r++) {
                size_t i = rb + r;
                const float *e = D + r * kpad;
                float xn = s->xn[i], slack = KM_EPS * (xn + s->cmax);
                float *lb = s->lb + i * t;
                /* Branch-free minimum per group, then the winner and the runner-up inside
                 * the winning group only: the scan stays a small part of the pass. */
                float beste = INFINITY;
                size_t bg = 0;
                for (size_t g = 0; g < t; g++) {
                    float m1 = INFINITY;
                    for (uint32_t j = s->goff[g]; j < s->goff[g + 1]; j++)
                        m1 = e[j] < m1 ? e[j] : m1;
                    gm1[g] = m1;
                    if (m1 < beste) {
                        beste = m1;
                        bg = g;
                    }
                }
                uint32_t best = s->goff[bg];
                while (best + 1 < s->goff[bg + 1] && e[best] != beste)
                    best++;
                float m2 = INFINITY;
                for (uint32_t j = s->goff[bg]; j < s->goff[bg + 1]; j++)
                    if (j != best)
                        m2 = e[j] < m2 ? e[j] : m2;
                gm1[bg] = m2;
                for (size_t g = 0; g < t; g++)
                    lb[g] = km_lower(xn, gm1[g], slack);
                s->ub[i] = km_upper(xn, beste, slack);
                if (s->assign[i] != best)
                    changed++;
                s->assign[i] = best;
                hist[best]++;
            }
        }
    }
    ps->changed[tid] = changed;
    ps->dists[tid] = 0;
    free(D);
    free(gm1);
}

void km_pass_full(km_state *s)
{
    km_pass ps;
    km_pass_start(&ps, s);
    km_run_parallel(s->threads, km_full_task, &ps);
    km_pass_finish(&ps);
    s->dists = (uint64_t)s->n * s->k;
}

/* ---- filtered pass ---- */

typedef struct km_scratch {
    float *lbo, *m1, *m2, *ev;
    uint32_t *a1, *idx;
    unsigned char *seen;
} km_scratch;

static void km_scratch_init(km_scratch *sc, const km_state *s)
{
    sc->lbo = kl_malloc(s->t * sizeof(float));
    sc->m1 = kl_malloc(s->t * sizeof(float));
    sc->m2 = kl_malloc(s->t * sizeof(float));
    sc->a1 = kl_malloc(s->t * sizeof(uint32_t));
    sc->seen = kl_malloc(s->t);
    sc->idx = kl_malloc(s->k * sizeof(uint32_t));
    sc->ev = kl_malloc(s->k * sizeof(float));
}

static void km_scratch_free(km_scratch *sc)
{
    free(sc->lbo);
    free(sc->m1);
    free(sc->m2);
    free(sc->a1);
    free(sc->seen);
    free(sc->idx);
    free(sc->ev);
}

/* One row: returns its centroid, updates *ubp and lb[0..t) in place. */
static uint32_t km_point(const km_state *s, size_t i, float *ubp, float *lb, km_scratch *sc,
                         uint64_t *nd)
{
    size_t t = s->t, d = s->d;
    uint32_t a = s->assign[i];
    float ub = *ubp + s->drift[a];
    float glb = INFINITY;
    for (size_t g = 0; g < t; g++) {
        sc->lbo[g] = lb[g];
        float v = lb[g] - s->gdrift[g];
        lb[g] = v;
        glb = v < glb ? v : glb;
    }
    if (ub <= glb) {
        *ubp = ub;
        return a;
    }
    const float *x = s->X + i * d;
    float xn = s->xn[i], slack = KM_EPS * (xn + s->cmax);
    float ea;
    km_dist_list(x, s->C, s->P.cn, d, &a, 1, &ea);
    (*nd)++;
    ub = km_upper(xn, ea, slack);
    if (ub <= glb) {
        *ubp = ub;
        return a;
    }
    /* Candidates of every group the bounds cannot rule out, measured in one batch: the
     * batch keeps the kernel busy, at the price of not shrinking the test as the best
     * improves within the row. */
    size_t cnt = 0;
    for (size_t g = 0; g < t; g++) {
        if (lb[g] >= ub) {
            sc->seen[g] = 0;
            continue;
        }
        sc->seen[g] = 1;
        float m1 = INFINITY, m2 = INFINITY;
        uint32_t a1 = UINT32_MAX;
        for (uint32_t j = s->goff[g]; j < s->goff[g + 1]; j++) {
            if (j == a) {
                km_keep2(km_lower(xn, ea, slack), j, &m1, &m2, &a1);
                continue;
            }
            float fb = sc->lbo[g] - s->drift[j]; /* local filter: bound before this update */
            if (fb >= ub) {
                km_keep2(fb, j, &m1, &m2, &a1);
                continue;
            }
            sc->idx[cnt++] = j;
        }
        sc->m1[g] = m1;
        sc->m2[g] = m2;
        sc->a1[g] = a1;
    }
    km_dist_list(x, s->C, s->P.cn, d, sc->idx, cnt, sc->ev);
    *nd += cnt;
    uint32_t best = a;
    float beste = ea, bestu = ub;
    for (size_t q = 0; q < cnt; q++) {
        uint32_t j = sc->idx[q], g = s->cgroup[j];
        float e = sc->ev[q];
        if (e < beste || (e == beste && j < best)) {
            best = j;
            beste = e;
            bestu = km_upper(xn, e, slack);
        }
        km_keep2(km_lower(xn, e, slack), j, &sc->m1[g], &sc->m2[g], &sc->a1[g]);
    }
    for (size_t g = 0; g < t; g++)
        if (sc->seen[g])
            lb[g] = sc->a1[g] == best ? sc->m2[g] : sc->m1[g];
    if (best != a && !sc->seen[s->cgroup[a]]) {
        float la = km_lower(xn, ea, slack);
        float *l = &lb[s->cgroup[a]];
        *l = la < *l ? la : *l;
    }
    *ubp = bestu;
    return best;
}

static void km_filtered_task(void *ctx, int tid)
{
    km_pass *ps = ctx;
    km_state *s = ps->s;
    km_scratch sc;
    km_scratch_init(&sc, s);
    uint32_t *hist = s->hist + (size_t)tid * s->k;
    uint64_t changed = 0, nd = 0;
    for (;;) {
        size_t r0 = atomic_fetch_add(&ps->next, KM_FILTER_CHUNK);
        if (r0 >= s->n)
            break;
        size_t r1 = r0 + KM_FILTER_CHUNK < s->n ? r0 + KM_FILTER_CHUNK : s->n;
        for (size_t i = r0; i < r1; i++) {
            uint32_t b = km_point(s, i, &s->ub[i], s->lb + i * s->t, &sc, &nd);
            if (b != s->assign[i]) {
                changed++;
                s->assign[i] = b;
            }
            hist[b]++;
        }
    }
    ps->changed[tid] = changed;
    ps->dists[tid] = nd;
    km_scratch_free(&sc);
}

void km_pass_filtered(km_state *s)
{
    km_pass ps;
    km_pass_start(&ps, s);
    km_run_parallel(s->threads, km_filtered_task, &ps);
    km_pass_finish(&ps);
}

double km_filtered_share(km_state *s)
{
    size_t stride = s->n / KM_SAMPLE_ROWS;
    if (stride < 1)
        stride = 1;
    km_scratch sc;
    km_scratch_init(&sc, s);
    float *lb = kl_malloc(s->t * sizeof *lb);
    uint64_t nd = 0, rows = 0;
    for (size_t i = 0; i < s->n; i += stride, rows++) {
        float ub = s->ub[i];
        memcpy(lb, s->lb + i * s->t, s->t * sizeof *lb);
        km_point(s, i, &ub, lb, &sc, &nd);
    }
    free(lb);
    km_scratch_free(&sc);
    return (double)nd / ((double)rows * (double)s->k);
}
