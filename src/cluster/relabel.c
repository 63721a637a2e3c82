/* relabel.c — classification-EM over sparse TF-IDF rows (relabel.h). Each round: the
 * class weights are fitted per cluster on its training members (clusters split over the
 * threads), turned into postings by column (cluster order, so the layout is fixed), then
 * every row is scored against all classes through its columns' postings (rows split over
 * the threads) and the next training set keeps each cluster's most confident members. */
#include "kleio/numbers.h"
#include "kleio/relabel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/parallel.h"

typedef struct class_w {
    uint32_t *col;
    float *w;
    size_t len;
    double base;             /* log P(a column the class never saw | class) */
} class_w;

typedef struct fit_ctx {
    const kl_sparse_rows *S;
    const kl_relabel_params *p;
    size_t k;
    const uint32_t *tstart, *trows;   /* training rows by cluster */
    class_w *cw;
} fit_ctx;

static void fit_worker(void *arg, int t, int nt)
{
    fit_ctx *f = arg;
    const kl_sparse_rows *S = f->S;
    double *acc = kl_calloc(S->ncol ? S->ncol : 1, sizeof *acc);
    uint32_t *touched = kl_malloc((S->ncol ? S->ncol : 1) * sizeof *touched);
    unsigned long lo, hi;
    kl_parallel_slice(f->k, t, nt, &lo, &hi);
    for (size_t c = lo; c < hi; c++) {
        size_t nt_ = 0;
        double mass = 0;
        for (uint32_t q = f->tstart[c]; q < f->tstart[c + 1]; q++) {
            size_t i = f->trows[q];
            for (size_t e = S->start[i]; e < S->start[i + 1]; e++) {
                uint32_t j = S->col[e];
                if (acc[j] == 0)
                    touched[nt_++] = j;
                acc[j] += S->val[e];
                mass += S->val[e];
            }
        }
        /* Columns in ascending order, so the postings do not depend on the rows' order. */
        class_w *w = &f->cw[c];
        free(w->col);
        free(w->w);
        w->len = 0;
        w->col = kl_malloc((nt_ ? nt_ : 1) * sizeof *w->col);
        w->w = kl_malloc((nt_ ? nt_ : 1) * sizeof *w->w);
        size_t m = nt_;
        memcpy(w->col, touched, m * sizeof *w->col);
        qsort(w->col, m, sizeof *w->col, kl_cmp_u32);
        /* Multinomial naive Bayes: log P(column | class) with additive smoothing, stored
         * relative to a column the class never saw (base), so that only seen columns
         * need postings. */
        double alpha = f->p->nb_alpha > 0 ? f->p->nb_alpha : 0.1;
        w->base = log(alpha) - log(mass + alpha * (double)S->ncol);
        for (size_t q = 0; q < m; q++)
            w->w[q] = (float)(log(acc[w->col[q]] + alpha) - log(alpha));
        w->len = m;
        for (size_t q = 0; q < nt_; q++)
            acc[touched[q]] = 0;
    }
    free(acc);
    free(touched);
}

/* Scoring: a row's score for class c is base_c x (its L1 mass) + the sum of its entries'
 * postings for c. Classes that none of the row's columns reach keep the first term alone,
 * so only the two best of them (by base, `by_base`) are candidates: the cost of a row is
 * its postings, not k. */
typedef struct score_ctx {
    const kl_sparse_rows *S;
    size_t k;
    const class_w *cw;
    const uint32_t *by_base;  /* classes by base descending, then index */
    const size_t *pstart;
    const uint32_t *pc;
    const float *pw;
    uint32_t *label;
    float *conf;
} score_ctx;

/* Keeps the best two (score, class) pairs; ties go to the lower class. */
static void take(double v, uint32_t c, double *b1, uint32_t *c1, double *b2, uint32_t *c2)
{
    if (v > *b1 || (v == *b1 && c < *c1)) {
        *b2 = *b1;
        *c2 = *c1;
        *b1 = v;
        *c1 = c;
    } else if (v > *b2 || (v == *b2 && c < *c2)) {
        *b2 = v;
        *c2 = c;
    }
}

static void score_worker(void *arg, int t, int nt)
{
    score_ctx *s = arg;
    const kl_sparse_rows *S = s->S;
    double *acc = kl_calloc(s->k, sizeof *acc);
    uint8_t *hit = kl_calloc(s->k, 1);
    uint32_t *touched = kl_malloc(s->k * sizeof *touched);
    unsigned long lo, hi;
    kl_parallel_slice(S->n, t, nt, &lo, &hi);
    for (size_t i = lo; i < hi; i++) {
        if (S->start[i + 1] == S->start[i]) {
            s->conf[i] = -INFINITY;          /* no kept feature: keep its cluster */
            continue;
        }
        double l1 = 0;
        size_t nt_ = 0;
        for (size_t e = S->start[i]; e < S->start[i + 1]; e++) {
            uint32_t j = S->col[e];
            double x = S->val[e];
            l1 += x;
            for (size_t q = s->pstart[j]; q < s->pstart[j + 1]; q++) {
                uint32_t c = s->pc[q];
                if (!hit[c]) {
                    hit[c] = 1;
                    touched[nt_++] = c;
                }
                acc[c] += x * s->pw[q];
            }
        }
        double b1 = -INFINITY, b2 = -INFINITY;
        uint32_t c1 = UINT32_MAX, c2 = UINT32_MAX;
        for (size_t q = 0; q < nt_; q++) {
            uint32_t c = touched[q];
            take(s->cw[c].base * l1 + acc[c], c, &b1, &c1, &b2, &c2);
        }
        for (size_t q = 0, found = 0; q < s->k && found < 2; q++) {
            uint32_t c = s->by_base[q];
            if (hit[c])
                continue;
            take(s->cw[c].base * l1, c, &b1, &c1, &b2, &c2);
            found++;
        }
        for (size_t q = 0; q < nt_; q++) {
            acc[touched[q]] = 0;
            hit[touched[q]] = 0;
        }
        s->label[i] = c1;
        s->conf[i] = s->k > 1 ? (float)(b1 - b2) : 0;
    }
    free(acc);
    free(hit);
    free(touched);
}

typedef struct base_item {
    double base;
    uint32_t c;
} base_item;

static int cmp_base(const void *a, const void *b)
{
    const base_item *x = a, *y = b;
    if (x->base != y->base)
        return x->base > y->base ? -1 : 1;
    return x->c < y->c ? -1 : x->c > y->c;
}

typedef struct conf_item {
    float conf;
    uint32_t i;
} conf_item;

static int cmp_conf(const void *a, const void *b)
{
    const conf_item *x = a, *y = b;
    if (x->conf != y->conf)
        return x->conf > y->conf ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Training rows by cluster: the ceil(keep x size) most confident members of each. */
static void pick_training(const uint32_t *assign, const float *conf, size_t n, size_t k,
                          double keep, uint32_t *tstart, uint32_t *trows)
{
    uint32_t *cnt = kl_calloc(k + 1, sizeof *cnt);
    for (size_t i = 0; i < n; i++)
        cnt[assign[i] + 1]++;
    for (size_t c = 0; c < k; c++)
        cnt[c + 1] += cnt[c];
    conf_item *it = kl_malloc((n ? n : 1) * sizeof *it);
    uint32_t *fill = kl_malloc((k ? k : 1) * sizeof *fill);
    memcpy(fill, cnt, k * sizeof *fill);
    for (size_t i = 0; i < n; i++)
        it[fill[assign[i]]++] = (conf_item){conf ? conf[i] : 0, (uint32_t)i};
    size_t w = 0;
    for (size_t c = 0; c < k; c++) {
        size_t m = cnt[c + 1] - cnt[c];
        if (conf)
            qsort(it + cnt[c], m, sizeof *it, cmp_conf);
        size_t take = conf ? (size_t)ceil(keep * (double)m) : m;
        tstart[c] = (uint32_t)w;
        for (size_t q = 0; q < take; q++)
            trows[w++] = it[cnt[c] + q].i;
    }
    tstart[k] = (uint32_t)w;
    free(cnt);
    free(it);
    free(fill);
}

/* No class dies: one left without rows gets back the members its classifier was fitted
 * on (as k-means repairs an empty cluster; on a one-language synth corpus of 100k, 51 of
 * 1000 leaves emptied without it). Each pass only returns rows to the class they had, so
 * taking rows back from another class that then empties ends within n passes. */
static void keep_classes(uint32_t *label, size_t n, size_t k, const uint32_t *tstart,
                         const uint32_t *trows)
{
    size_t *size = kl_malloc(k * sizeof *size);
    for (int again = 1; again;) {
        again = 0;
        memset(size, 0, k * sizeof *size);
        for (size_t i = 0; i < n; i++)
            size[label[i]]++;
        for (size_t c = 0; c < k; c++)
            if (size[c] == 0 && tstart[c + 1] > tstart[c]) {
                for (uint32_t q = tstart[c]; q < tstart[c + 1]; q++)
                    label[trows[q]] = (uint32_t)c;
                again = 1;
            }
    }
    free(size);
}

int kl_relabel_fit(const kl_sparse_rows *S, size_t k, uint32_t *assign,
                   const kl_relabel_params *p, kl_relabel_stats *st)
{
    if (k == 0)
        return -1;
    size_t n = S->n;
    int rounds = p->rounds > 0 ? p->rounds : 20;
    double keep = p->keep > 0 ? p->keep : 0.9;
    int threads = kl_threads_resolve(p->threads);
    uint32_t *start = kl_malloc(n * sizeof *start);
    memcpy(start, assign, n * sizeof *start);
    uint32_t *tstart = kl_malloc((k + 1) * sizeof *tstart);
    uint32_t *trows = kl_malloc((n ? n : 1) * sizeof *trows);
    class_w *cw = kl_calloc(k, sizeof *cw);
    size_t *pstart = kl_malloc(((size_t)S->ncol + 1) * sizeof *pstart);
    float *conf = kl_malloc((n ? n : 1) * sizeof *conf);
    uint32_t *label = kl_malloc((n ? n : 1) * sizeof *label);
    base_item *bi = kl_malloc(k * sizeof *bi);
    uint32_t *by_base = kl_malloc(k * sizeof *by_base);
    uint32_t *pc = NULL;
    float *pw = NULL;
    /* Rows holding each column: a round's cost is sum over columns of rows x postings. */
    size_t *colrows = kl_calloc((size_t)S->ncol + 1, sizeof *colrows);
    for (size_t e = 0; e < S->start[n]; e++)
        colrows[S->col[e]]++;
    double spent = 0;
    int r = 0;
    pick_training(assign, NULL, n, k, 1.0, tstart, trows);
    for (r = 0; r < rounds; r++) {
        fit_ctx fc = {S, p, k, tstart, trows, cw};
        kl_parallel_run(threads, fit_worker, &fc);
        memset(pstart, 0, ((size_t)S->ncol + 1) * sizeof *pstart);
        for (size_t c = 0; c < k; c++)
            for (size_t q = 0; q < cw[c].len; q++)
                pstart[cw[c].col[q] + 1]++;
        for (size_t j = 0; j < S->ncol; j++)
            pstart[j + 1] += pstart[j];
        size_t np = pstart[S->ncol];
        free(pc);
        free(pw);
        pc = kl_malloc((np ? np : 1) * sizeof *pc);
        pw = kl_malloc((np ? np : 1) * sizeof *pw);
        size_t *fill = kl_malloc(((size_t)S->ncol + 1) * sizeof *fill);
        memcpy(fill, pstart, ((size_t)S->ncol + 1) * sizeof *fill);
        for (size_t c = 0; c < k; c++)
            for (size_t q = 0; q < cw[c].len; q++) {
                size_t at = fill[cw[c].col[q]]++;
                pc[at] = (uint32_t)c;
                pw[at] = cw[c].w[q];
            }
        free(fill);
        double cost = (double)n + (double)k;
        for (size_t j = 0; j < S->ncol; j++)
            cost += (double)colrows[j] * (double)(pstart[j + 1] - pstart[j]);
        if (p->budget > 0 && spent + cost > p->budget)
            break;
        spent += cost;
        memcpy(label, assign, n * sizeof *label);
        for (size_t c = 0; c < k; c++)
            bi[c] = (base_item){cw[c].base, (uint32_t)c};
        qsort(bi, k, sizeof *bi, cmp_base);
        for (size_t c = 0; c < k; c++)
            by_base[c] = bi[c].c;
        score_ctx sc = {S, k, cw, by_base, pstart, pc, pw, label, conf};
        kl_parallel_run(threads, score_worker, &sc);
        keep_classes(label, n, k, tstart, trows);
        size_t moved = 0;
        for (size_t i = 0; i < n; i++)
            moved += label[i] != assign[i];
        memcpy(assign, label, n * sizeof *assign);
        pick_training(assign, conf, n, k, keep, tstart, trows);
        if (moved == 0) {
            r++;
            break;
        }
    }
    if (st) {
        st->rounds = r;
        st->cost = spent;
        st->changed = 0;
        for (size_t i = 0; i < n; i++)
            st->changed += assign[i] != start[i];
    }
    for (size_t c = 0; c < k; c++) {
        free(cw[c].col);
        free(cw[c].w);
    }
    free(cw);
    free(pc);
    free(pw);
    free(pstart);
    free(colrows);
    free(bi);
    free(by_base);
    free(conf);
    free(label);
    free(tstart);
    free(trows);
    free(start);
    return 0;
}
