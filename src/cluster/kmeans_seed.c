/* kmeans_seed.c — starting centroids.
 * Random rows: k distinct rows drawn by a partial Fisher-Yates shuffle from the seed.
 * k-means++ (greedy, as in Arthur & Vassilvitskii with 2 + ln k trials per centre, which
 * scikit-learn also uses): each centre is drawn with probability proportional to w * D^2 and
 * the trial that lowers the potential most is kept. It runs on a seeded sample of at most
 * max(16 k, 16384) rows — seeding all of a million rows would cost more than the fit — and
 * the trials shrink to one when the work would exceed a few seconds. Sums over the sample
 * are taken per fixed block of rows and added in block order, so the choice does not depend
 * on the thread count.
 * Pruning (the triangle inequality, as in Elkan's k-means): a row whose nearest centre a
 * lies at D from a trial with D^2 >= 4 d(x, a)^2 (plus a rounding margin) cannot get closer
 * to the trial, so its distance is not computed. Late in the seeding most rows are such;
 * at k = 10,000 that turns a stream of the whole sample per centre into a few distances.
 * The rows that are measured get bit for bit the value the full list would have given them
 * (km_dist_one), so pruning changes no choice. */
#include "kmeans_impl.h"

#include "kleio/parallel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/numbers.h"
#include "kleio/rng.h"

#define KM_SEED_BLOCK 4096
#define KM_SEED_MAX_TRIALS 16
#define KM_SEED_AHEAD 4      /* rows fetched ahead of the one measured */
/* Flop budget for greedy trials (m * k * d * trials); beyond it, one trial per centre. */
#define KM_SEED_GREEDY_BUDGET 4e10

/* k distinct indices below n in idx[0..k), by a partial Fisher-Yates shuffle. */
static void km_sample_rows(kl_rng *rng, size_t n, size_t k, uint32_t *idx)
{
    uint32_t *all = kl_malloc(n * sizeof *all);
    for (size_t i = 0; i < n; i++)
        all[i] = (uint32_t)i;
    for (size_t i = 0; i < k; i++) {
        size_t j = i + (size_t)kl_rng_below(rng, n - i);
        uint32_t t = all[i];
        all[i] = all[j];
        all[j] = t;
    }
    memcpy(idx, all, k * sizeof *idx);
    free(all);
}

typedef struct km_pp {
    const float *X, *xn, *w;
    size_t d, m, nblocks;
    const uint32_t *rows;    /* m sampled row indices, ascending */
    float *mind;             /* m: squared distance to the nearest chosen centre */
    uint32_t *near;          /* m: that centre (valid once a centre is chosen) */
    size_t nchosen;          /* centres chosen so far */
    const float *cc;         /* trials x k: squared distances of each trial to the chosen centres */
    size_t k;
    float margin;            /* rounding margin of the pruning test, squared units */
    float *dc;               /* trials x m: squared distances to each trial */
    const uint32_t *trial;   /* trial row indices */
    size_t ntrial;
    double *pot;             /* nblocks x KM_SEED_MAX_TRIALS partial potentials */
    double *tot;             /* nblocks partial sums of w * mind */
    size_t keep;             /* trial whose distances become mind (phase 2) */
    int phase;               /* 1: distances + potentials of trials, 2: take a trial */
    int nthreads;
} km_pp;

static void km_pp_task(void *ctx, int tid, int nthreads)
{
    km_pp *s = ctx;
    for (size_t b = (size_t)tid; b < s->nblocks; b += (size_t)nthreads) {
        size_t i0 = b * KM_SEED_BLOCK, i1 = i0 + KM_SEED_BLOCK < s->m ? i0 + KM_SEED_BLOCK : s->m;
        if (s->phase == 1) {
            uint32_t list[KM_SEED_BLOCK];
            /* the rows of a list of i1 - i0 that km_dist_list sums in groups of eight */
            size_t grouped = i0 + ((i1 - i0) & ~(size_t)7);
            for (size_t t = 0; t < s->ntrial; t++) {
                const float *c = s->X + (size_t)s->trial[t] * s->d;
                float cn = s->xn[s->trial[t]];
                float *dc = s->dc + t * s->m;
                const float *cc = s->cc + t * s->k;
                /* The rows the test cannot rule out, then their distances (the next rows
                 * fetched ahead: they are scattered over the matrix), then the potential
                 * in row order. */
                size_t nl = 0;
                for (size_t i = i0; i < i1; i++) {
                    if (s->nchosen && cc[s->near[i]] >= 4.0f * s->mind[i] + s->margin)
                        dc[i] = INFINITY;      /* no nearer than its centre: mind stays */
                    else
                        list[nl++] = (uint32_t)i;
                }
                for (size_t q = 0; q < nl; q++) {
                    if (q + KM_SEED_AHEAD < nl) {
                        const char *ahead = (const char *)(s->X + (size_t)s->rows[list[q + KM_SEED_AHEAD]] * s->d);
                        for (size_t off = 0; off < s->d * sizeof(float); off += 64)
                            __builtin_prefetch(ahead + off);
                    }
                    size_t i = list[q];
                    uint32_t r = s->rows[i];
                    /* e(c, x_i) = ||x_i||^2 - 2 c.x_i, so ||x_i - c||^2 = e + ||c||^2 */
                    float v = km_dist_one(c, s->X + (size_t)r * s->d, s->xn[r], s->d, i < grouped) + cn;
                    dc[i] = v > 0 ? v : 0;
                }
                double pot = 0;
                for (size_t i = i0; i < i1; i++) {
                    float mv = dc[i] < s->mind[i] ? dc[i] : s->mind[i];
                    pot += (s->w ? s->w[s->rows[i]] : 1.0) * mv;
                }
                s->pot[b * KM_SEED_MAX_TRIALS + t] = pot;
            }
        } else {
            const float *dc = s->dc + s->keep * s->m;
            uint32_t newest = (uint32_t)(s->nchosen - 1);
            double tot = 0;
            for (size_t i = i0; i < i1; i++) {
                if (dc[i] < s->mind[i]) {
                    s->mind[i] = dc[i];
                    s->near[i] = newest;
                }
                tot += (s->w ? s->w[s->rows[i]] : 1.0) * s->mind[i];
            }
            s->tot[b] = tot;
        }
    }
}

/* Position in the sample drawn with probability proportional to w * mind. */
static size_t km_pp_draw(const km_pp *s, kl_rng *rng, double total)
{
    double r = kl_rng_uniform(rng) * total;
    size_t b = 0;
    for (; b + 1 < s->nblocks && r >= s->tot[b]; b++)
        r -= s->tot[b];
    size_t i0 = b * KM_SEED_BLOCK, i1 = i0 + KM_SEED_BLOCK < s->m ? i0 + KM_SEED_BLOCK : s->m;
    size_t last = i0;
    for (size_t i = i0; i < i1; i++) {
        double v = (s->w ? s->w[s->rows[i]] : 1.0) * s->mind[i];
        if (v > 0) {
            last = i;
            if (r < v)
                return i;
            r -= v;
        }
    }
    return last; /* rounding left r just above the block's sum */
}

static void km_seed_plusplus(const float *X, const float *xn, size_t n, size_t d,
                             const kl_kmeans_params *p, int threads, kl_rng *rng, float *C)
{
    size_t k = p->k;
    size_t m = 16 * k > 16384 ? 16 * k : 16384;
    if (m > n)
        m = n;
    uint32_t *rows = kl_malloc(m * sizeof *rows);
    if (m == n) {
        for (size_t i = 0; i < n; i++)
            rows[i] = (uint32_t)i;
    } else {
        km_sample_rows(rng, n, m, rows);
        qsort(rows, m, sizeof *rows, kl_cmp_u32);
    }
    size_t ntrial = 2 + (size_t)log((double)k);
    if (ntrial > KM_SEED_MAX_TRIALS)
        ntrial = KM_SEED_MAX_TRIALS;
    if ((double)m * (double)k * (double)d * (double)ntrial > KM_SEED_GREEDY_BUDGET)
        ntrial = 1;

    km_pp s = {.X = X, .xn = xn, .w = p->weights, .d = d, .m = m, .rows = rows};
    s.nblocks = (m + KM_SEED_BLOCK - 1) / KM_SEED_BLOCK;
    s.mind = kl_malloc(m * sizeof *s.mind);
    s.dc = kl_malloc(ntrial * m * sizeof *s.dc);
    s.pot = kl_calloc(s.nblocks * KM_SEED_MAX_TRIALS, sizeof *s.pot);
    s.tot = kl_calloc(s.nblocks, sizeof *s.tot);
    s.nthreads = (double)m * (double)d * (double)ntrial >= 1 << 18 ? threads : 1;
    uint32_t trial[KM_SEED_MAX_TRIALS];
    s.trial = trial;
    s.near = kl_calloc(m, sizeof *s.near);
    s.k = k;
    float *cc = kl_malloc(ntrial * k * sizeof *cc);
    s.cc = cc;
    float *cnorm = kl_malloc(k * sizeof *cnorm);       /* ||centre||^2 of the chosen */
    uint32_t *seq = kl_malloc(k * sizeof *seq);
    for (size_t j = 0; j < k; j++)
        seq[j] = (uint32_t)j;
    /* A float distance is within KM_EPS (||x||^2 + ||c||^2) of the truth; the test
     * D^2 >= 4 mind + margin stays sound for errors of that size in all three distances. */
    float xmax = 0;
    for (size_t i = 0; i < m; i++)
        xmax = xn[rows[i]] > xmax ? xn[rows[i]] : xmax;
    s.margin = 13.0f * KM_EPS * 2.0f * xmax;

    /* First centre: drawn by weight alone. */
    for (size_t i = 0; i < m; i++)
        s.mind[i] = 1.0f;
    double total = 0;
    for (size_t b = 0; b < s.nblocks; b++) {
        size_t i0 = b * KM_SEED_BLOCK, i1 = i0 + KM_SEED_BLOCK < m ? i0 + KM_SEED_BLOCK : m;
        double t = 0;
        for (size_t i = i0; i < i1; i++)
            t += p->weights ? p->weights[rows[i]] : 1.0;
        s.tot[b] = t;
        total += t;
    }
    trial[0] = rows[km_pp_draw(&s, rng, total)];
    s.ntrial = 1;
    for (size_t i = 0; i < m; i++)
        s.mind[i] = INFINITY;
    for (size_t c = 0;; c++) {
        /* trial[] holds the candidates for centre c: measure them, keep the best. */
        for (size_t t = 0; t < s.ntrial && s.nchosen; t++) {
            float *ct = cc + t * k;
            km_dist_list(X + (size_t)trial[t] * d, C, cnorm, d, seq, s.nchosen, ct);
            for (size_t j = 0; j < s.nchosen; j++)
                ct[j] += xn[trial[t]];
        }
        s.phase = 1;
        kl_parallel_run(s.nthreads, km_pp_task, &s);
        size_t best = 0;
        double bestpot = INFINITY;
        for (size_t t = 0; t < s.ntrial; t++) {
            double pot = 0;
            for (size_t b = 0; b < s.nblocks; b++)
                pot += s.pot[b * KM_SEED_MAX_TRIALS + t];
            if (pot < bestpot) {
                bestpot = pot;
                best = t;
            }
        }
        memcpy(C + c * d, X + (size_t)trial[best] * d, d * sizeof(float));
        cnorm[c] = xn[trial[best]];
        s.nchosen = c + 1;
        if (c + 1 == k)
            break;
        s.keep = best;
        s.phase = 2;
        kl_parallel_run(s.nthreads, km_pp_task, &s);
        total = 0;
        for (size_t b = 0; b < s.nblocks; b++)
            total += s.tot[b];
        s.ntrial = ntrial;
        for (size_t t = 0; t < ntrial; t++)
            trial[t] = total > 0 ? rows[km_pp_draw(&s, rng, total)]
                                 : rows[kl_rng_below(rng, m)]; /* every row is a centre already */
    }
    free(rows);
    free(s.near);
    free(cc);
    free(cnorm);
    free(seq);
    free(s.mind);
    free(s.dc);
    free(s.pot);
    free(s.tot);
}

void km_seed(const float *X, const float *xn, size_t n, size_t d, const kl_kmeans_params *p,
             int threads, float *C)
{
    if (p->init_centroids) {
        memcpy(C, p->init_centroids, p->k * d * sizeof *C);
        return;
    }
    kl_rng rng;
    kl_rng_seed(&rng, p->seed);
    if (p->init == KL_KMEANS_INIT_RANDOM_ROWS) {
        uint32_t *idx = kl_malloc(p->k * sizeof *idx);
        km_sample_rows(&rng, n, p->k, idx);
        for (size_t c = 0; c < p->k; c++)
            memcpy(C + c * d, X + (size_t)idx[c] * d, d * sizeof(float));
        free(idx);
        return;
    }
    km_seed_plusplus(X, xn, n, d, p, threads, &rng, C);
}
