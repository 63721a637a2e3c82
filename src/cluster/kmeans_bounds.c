/* kmeans_bounds.c — centroid groups and the assignment passes (Yinyang bounds, Ding et al.
 * 2015, with groups shaped for the blocked kernel).
 * Each row keeps an upper bound ub on the distance to its centroid and, for each of t groups
 * of centroids, a lower bound on the distance to every other centroid of that group. After
 * an update, ub grows by its centroid's drift and each group bound shrinks by the group's
 * largest drift. Then, per row:
 *   - ub below every group bound (after tightening ub with one distance if needed): the row
 *     keeps its centroid;
 *   - else, when few groups stay open: those groups alone are measured (one row against a
 *     panel of KM_NR centroids);
 *   - else the row joins a batch measured against every centroid by the tile kernel, which
 *     also makes all its bounds tight again.
 * A group is a run of whole panels of the kernel (KM_NR centroids each; one panel per group
 * unless memory asks for fewer groups), after ordering the centroids so that near ones are
 * adjacent: the kernel yields each panel's minimum from its registers, and t <= k / KM_NR
 * bounds per row (not k, as Elkan's) keep memory linear in n.
 * Rows are handed out in chunks from an atomic counter; every row's result depends only on
 * that row, so the outcome does not depend on the threads' timing. */
#include "kmeans_impl.h"

#include "kleio/parallel.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/rng.h"

#define KM_CHUNK 2048             /* rows handed to a thread at a time */
#define KM_BATCH (KM_MR * 40)     /* unsettled rows measured together */
#define KM_GROUP_ITERS 5
/* A row whose candidates are at most k / KM_PARTIAL_DIV centroids is measured alone (one row
 * against a panel runs at about half the tile kernel's speed per distance). */
#define KM_PARTIAL_DIV 3

/* ---- groups ---- */

void km_group(km_state *s, size_t tmax, uint64_t seed, uint32_t *order)
{
    size_t k = s->k, d = s->d;
    size_t npanel = (k + KM_NR - 1) / KM_NR;
    if (tmax < 1)
        tmax = 1;
    size_t gp = (npanel + tmax - 1) / tmax;
    if (gp < 1) /* k = 0 (kl_kmeans_fit refuses it) has no panel: no group of 0 panels either */
        gp = 1;
    size_t t = (npanel + gp - 1) / gp, gsize = gp * KM_NR;
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
    s->t = t;
    s->gp = gp;
    for (size_t h = 0; h <= t; h++)
        s->goff[h] = (uint32_t)(h * gsize < k ? h * gsize : k);
    for (size_t j = 0; j < k; j++)
        s->cgroup[j] = (uint32_t)(j / KM_NR / gp); /* = j / gsize, without a product to wrap */
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
    int full;
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

/* ---- passes ---- */

typedef struct km_worker {
    km_pass *ps;
    float *D;                /* KM_MR x kpad distances */
    float *G;                /* KM_MR x panels: each panel's minimum */
    float *Xb;               /* KM_BATCH x d rows gathered for the kernel */
    uint32_t *rows;          /* KM_BATCH row indices */
    float *ev;               /* kpad: one row's distances, for the groups measured */
    unsigned char *seen;     /* t: group measured for this row */
    size_t nb;
    uint32_t *hist;
    uint64_t changed, dists;
} km_worker;

/* Row i from its distances e[0..kpad) and panel minima pmin[0..kpad / KM_NR): nearest
 * centroid, tight bounds. Only the winning group is scanned, for the winner and the
 * runner-up. Ties go to the lowest index. */
static void km_scan_row(km_worker *w, size_t i, const float *e, const float *pmin)
{
    km_state *s = w->ps->s;
    size_t t = s->t, gp = s->gp, npanel = s->P.kpad / KM_NR;
    float xn = s->xn[i], slack = KM_EPS * (xn + s->cmax);
    float *lb = s->lb + i * t;
    float beste = INFINITY;
    size_t bg = 0;
    for (size_t g = 0; g < t; g++) {
        float m = pmin[g * gp];
        for (size_t p = g * gp + 1; p < (g + 1) * gp && p < npanel; p++)
            m = pmin[p] < m ? pmin[p] : m;
        if (m < beste) {
            beste = m;
            bg = g;
        }
        lb[g] = km_lower(xn, m, slack);
    }
    uint32_t best = s->goff[bg];
    while (best + 1 < s->goff[bg + 1] && e[best] != beste)
        best++;
    float m2 = INFINITY;
    for (uint32_t j = s->goff[bg]; j < s->goff[bg + 1]; j++)
        if (j != best)
            m2 = e[j] < m2 ? e[j] : m2;
    lb[bg] = km_lower(xn, m2, slack);
    s->ub[i] = km_upper(xn, beste, slack);
    if (s->assign[i] != best) {
        w->changed++;
        s->assign[i] = best;
    }
    w->hist[best]++;
}

/* Rows X[0..m) (stride d) with indices rows[] (or i0 + r when rows is NULL). */
static void km_measure(km_worker *w, const float *X, size_t m, const uint32_t *rows, size_t i0)
{
    km_state *s = w->ps->s;
    size_t kpad = s->P.kpad;
    for (size_t rb = 0; rb < m; rb += KM_MR) {
        size_t mr = m - rb < KM_MR ? m - rb : KM_MR;
        km_tile(&s->P, X + rb * s->d, mr, w->D, kpad, w->G, kpad / KM_NR);
        for (size_t r = 0; r < mr; r++)
            km_scan_row(w, rows ? rows[rb + r] : i0 + rb + r, w->D + r * kpad,
                        w->G + r * (kpad / KM_NR));
    }
    w->dists += (uint64_t)m * s->k;
}

static void km_flush(km_worker *w)
{
    if (w->nb)
        km_measure(w, w->Xb, w->nb, w->rows, 0);
    w->nb = 0;
}

/* Row i measured against the groups (panels) its bounds cannot rule out, one row at a time;
 * the other groups keep their bounds. ea is the distance to its centroid a, ub its bound. */
static void km_partial(km_worker *w, size_t i, float ea, float ub)
{
    km_state *s = w->ps->s;
    size_t t = s->t;
    uint32_t a = s->assign[i], ga = s->cgroup[a];
    float *lb = s->lb + i * t;
    const float *x = s->X + i * s->d;
    float xn = s->xn[i], slack = KM_EPS * (xn + s->cmax);
    float beste = INFINITY;
    size_t bg = t;
    size_t npanel = s->P.kpad / KM_NR;
    for (size_t g = 0; g < t; g++) {
        w->seen[g] = lb[g] < ub;
        if (!w->seen[g])
            continue;
        float mn = INFINITY;
        for (size_t p = g * s->gp; p < (g + 1) * s->gp && p < npanel; p++) {
            float m = km_panel_row(&s->P, x, p, w->ev + p * KM_NR);
            mn = m < mn ? m : mn;
        }
        w->dists += s->goff[g + 1] - s->goff[g];
        lb[g] = km_lower(xn, mn, slack);
        if (mn < beste) {
            beste = mn;
            bg = g;
        }
    }
    uint32_t best = a;
    if (bg < t) {
        const float *e = w->ev + s->goff[bg];
        uint32_t j0 = s->goff[bg], nj = s->goff[bg + 1] - j0, b = 0;
        while (b + 1 < nj && e[b] != beste)
            b++;
        /* a competes with its own value when its group was not measured */
        if (w->seen[ga] || beste < ea || (beste == ea && j0 + b < a)) {
            float m2 = INFINITY;
            for (uint32_t c = 0; c < nj; c++)
                if (c != b)
                    m2 = e[c] < m2 ? e[c] : m2;
            lb[bg] = km_lower(xn, m2, slack);
            best = j0 + b;
        }
    }
    if (best == a && !w->seen[ga])
        beste = ea;
    if (best != a) {
        if (!w->seen[ga]) {
            float la = km_lower(xn, ea, slack);
            lb[ga] = la < lb[ga] ? la : lb[ga];
        }
        s->assign[i] = best;
        w->changed++;
    }
    s->ub[i] = km_upper(xn, beste, slack);
}

/* Row i after an update: 1 when it is settled (its bounds prove it keeps its centroid, or
 * the few groups they cannot rule out were measured), 0 when it must be measured against
 * every centroid with the tile kernel. */
static int km_settled(km_worker *w, size_t i)
{
    km_state *s = w->ps->s;
    size_t t = s->t;
    uint32_t a = s->assign[i];
    float ub = s->ub[i] + s->drift[a];
    float *lb = s->lb + i * t;
    float glb = km_shift_bounds(lb, s->gdrift, t);
    if (ub <= glb) {
        s->ub[i] = ub;
        return 1;
    }
    /* The upper bound may just be loose: tighten it with one distance and test again. */
    float xn = s->xn[i], ea;
    km_dist_list(s->X + i * s->d, s->C, s->P.cn, s->d, &a, 1, &ea);
    w->dists++;
    ub = km_upper(xn, ea, KM_EPS * (xn + s->cmax));
    s->ub[i] = ub;
    if (ub <= glb)
        return 1;
    /* A few groups (say one whose centroid jumped): measure those alone. */
    size_t open = 0; /* groups are gp panels each: count them without branches */
    for (size_t g = 0; g < t; g++)
        open += lb[g] < ub;
    if (open * s->gp * KM_NR * KM_PARTIAL_DIV > s->P.kpad)
        return 0;
    km_partial(w, i, ea, ub);
    return 1;
}

static void km_pass_task(void *ctx, int tid, int nthreads)
{
    (void)nthreads; /* rows are handed out through ctx, not sliced by count */
    km_pass *ps = ctx;
    km_state *s = ps->s;
    size_t n = s->n, d = s->d;
    km_worker w = {.ps = ps};
    w.D = kl_malloc(KM_MR * s->P.kpad * sizeof *w.D);
    w.G = kl_malloc(KM_MR * (s->P.kpad / KM_NR) * sizeof *w.G);
    w.hist = s->hist + (size_t)tid * s->k;
    const int full = ps->full; /* read once: the buffers below exist only when it is 0 */
    if (!full) {
        w.Xb = kl_malloc(KM_BATCH * d * sizeof *w.Xb);
        w.rows = kl_malloc(KM_BATCH * sizeof *w.rows);
        w.ev = kl_malloc(s->P.kpad * sizeof *w.ev);
        w.seen = kl_malloc(s->t);
    }
    for (;;) {
        size_t r0 = atomic_fetch_add(&ps->next, KM_CHUNK);
        if (r0 >= n)
            break;
        size_t r1 = r0 + KM_CHUNK < n ? r0 + KM_CHUNK : n;
        if (full) {
            km_measure(&w, s->X + r0 * d, r1 - r0, NULL, r0);
            continue;
        }
        for (size_t i = r0; i < r1; i++) {
            if (km_settled(&w, i)) {
                w.hist[s->assign[i]]++;
                continue;
            }
            memcpy(w.Xb + w.nb * d, s->X + i * d, d * sizeof *w.Xb);
            w.rows[w.nb++] = (uint32_t)i;
            if (w.nb == KM_BATCH)
                km_flush(&w);
        }
        km_flush(&w);
    }
    ps->changed[tid] = w.changed;
    ps->dists[tid] = w.dists;
    free(w.D);
    free(w.G);
    free(w.Xb);
    free(w.rows);
    free(w.ev);
    free(w.seen);
}

static void km_pass_run(km_state *s, int full)
{
    km_pass ps;
    ps.full = full;
    km_pass_start(&ps, s);
    kl_parallel_run(s->threads, km_pass_task, &ps);
    km_pass_finish(&ps);
}

void km_pass_full(km_state *s)
{
    km_pass_run(s, 1);
}

void km_pass_filtered(km_state *s)
{
    km_pass_run(s, 0);
}
