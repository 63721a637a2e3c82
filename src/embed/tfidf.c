/* tfidf.c — TF-IDF rows under a fitted vocabulary, and their products with dense matrices.
 * Weights: (1 + ln tf) * idf; each block (characters, words) is L2-normalised and scaled
 * by its weight, then the row is L2-normalised; the second-order block (cooc.c) follows. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "embed_impl.h"
#include "kleio/mem.h"
#include "kleio/parallel.h"

/* Appends the second-order block to a first-order row of norm 1 (or 0): the sum of its
 * words' vectors weighted by their entries, scaled to norm cooc_weight, and then the whole
 * row back to norm 1. A row without a word vector is left as it is. */
static void add_second_order(const struct kl_embed_model *m, emb_row *r, size_t dw)
{
    size_t base = r->nnz;
    float *acc = r->val + base;
    memset(acc, 0, dw * sizeof *acc);
    for (size_t i = 0; i < base; i++)
        if (m->has_vec[r->col[i]])
            emb_axpy(acc, r->val[i], m->wvec + (size_t)r->col[i] * dw, dw);
    double s2 = 0;
    for (size_t j = 0; j < dw; j++)
        s2 += (double)acc[j] * acc[j];
    if (!(s2 > 0))
        return;
    double w = m->tune.cooc_weight;
    float first = (float)(1 / sqrt(1 + w * w)), second = (float)(w / sqrt(s2) / sqrt(1 + w * w));
    for (size_t i = 0; i < base; i++)
        r->val[i] *= first;
    for (size_t j = 0; j < dw; j++) {
        r->col[base + j] = (uint32_t)m->ncol + (uint32_t)j;
        acc[j] *= second;
    }
    r->nnz = base + dw;
}

void emb_row_build(const struct kl_embed_model *m, emb_scratch *s, const char *text, emb_row *r)
{
    emb_text_features(text, s, &m->tune);
    size_t dw = m->wvec ? (size_t)m->tune.cooc_dim : 0;
    if (!r->col || r->cap < s->nf + dw) { /* a new row gets its arrays even for an empty text */
        r->cap = s->nf + dw;
        r->col = kl_reallocarray(r->col, r->cap, sizeof *r->col);
        r->val = kl_reallocarray(r->val, r->cap, sizeof *r->val);
    }
    r->nnz = 0;
    double norm2[2] = {0, 0};
    for (size_t i = 0; i < s->nf; i++) {
        int32_t c = m->col_of[s->f[i]];
        if (c >= 0) {
            float v = (1.0f + logf((float)s->tf[i])) * m->idf[c];
            r->col[r->nnz] = (uint32_t)c;
            r->val[r->nnz++] = v;
            norm2[(s->f[i] & EMB_WORD_BLOCK) != 0] += (double)v * v;
        }
    }
    double scale[2];
    scale[0] = norm2[0] > 0 ? m->tune.char_weight / sqrt(norm2[0]) : 0;
    scale[1] = norm2[1] > 0 ? m->tune.word_weight / sqrt(norm2[1]) : 0;
    double total = 0;
    for (size_t i = 0; i < r->nnz; i++) {
        int word = (m->bucket[r->col[i]] & EMB_WORD_BLOCK) != 0;
        r->val[i] = (float)(r->val[i] * scale[word]);
        total += (double)r->val[i] * r->val[i];
    }
    float inv = total > 0 ? (float)(1 / sqrt(total)) : 0;
    for (size_t i = 0; i < r->nnz; i++)
        r->val[i] *= inv;
    if (dw > 0)
        add_second_order(m, r, dw);
}

/* ---- the sparse matrix of a sample ----------------------------------------------------- */

typedef struct build_ctx {
    const struct kl_embed_model *m;
    const char *const *texts;
    const uint32_t *order;
    size_t n;
    emb_row *part;            /* per thread: its slice's entries, concatenated */
    size_t *len;              /* n: entries of each row */
} build_ctx;

static void build_worker(void *arg, int t, int nt)
{
    build_ctx *x = arg;
    unsigned long lo, hi;
    kl_parallel_slice(x->n, t, nt, &lo, &hi);
    emb_scratch s = {0};
    emb_row r = {0};
    emb_row *out = &x->part[t];
    for (size_t p = lo; p < hi; p++) {
        emb_row_build(x->m, &s, x->texts[x->order ? x->order[p] : p], &r);
        x->len[p] = r.nnz;
        if (r.nnz == 0)
            continue;
        if (out->nnz + r.nnz > out->cap) {
            out->cap = (out->nnz + r.nnz) * 2;
            out->col = kl_reallocarray(out->col, out->cap, sizeof *out->col);
            out->val = kl_reallocarray(out->val, out->cap, sizeof *out->val);
        }
        memcpy(out->col + out->nnz, r.col, r.nnz * sizeof *r.col);
        memcpy(out->val + out->nnz, r.val, r.nnz * sizeof *r.val);
        out->nnz += r.nnz;
    }
    free(r.col);
    free(r.val);
    emb_scratch_clear(&s);
}

void emb_sparse_build(emb_sparse *A, const struct kl_embed_model *m, const char *const *texts,
                      const uint32_t *order, size_t n, int threads)
{
    memset(A, 0, sizeof *A);
    A->n = n;
    A->ncol = (size_t)m->ncol + (m->wvec ? (size_t)m->tune.cooc_dim : 0);
    build_ctx x = {m, texts, order, n, kl_calloc((size_t)threads, sizeof(emb_row)),
                   kl_calloc(n ? n : 1, sizeof(size_t))};
    kl_parallel_run(threads, build_worker, &x);
    A->rp = kl_malloc((n + 1) * sizeof *A->rp);
    A->rp[0] = 0;
    for (size_t p = 0; p < n; p++)
        A->rp[p + 1] = A->rp[p] + x.len[p];
    size_t nnz = A->rp[n];
    A->ci = kl_malloc((nnz ? nnz : 1) * sizeof *A->ci);
    A->rv = kl_malloc((nnz ? nnz : 1) * sizeof *A->rv);
    size_t at = 0;
    for (int t = 0; t < threads; t++) {
        if (x.part[t].nnz > 0) {
            memcpy(A->ci + at, x.part[t].col, x.part[t].nnz * sizeof *A->ci);
            memcpy(A->rv + at, x.part[t].val, x.part[t].nnz * sizeof *A->rv);
        }
        at += x.part[t].nnz;
        free(x.part[t].col);
        free(x.part[t].val);
    }
    free(x.part);
    free(x.len);
    /* By columns: counting sort of the entries, rows ascending within a column. */
    A->cp = kl_calloc(A->ncol + 1, sizeof *A->cp);
    for (size_t k = 0; k < nnz; k++)
        A->cp[A->ci[k] + 1]++;
    for (size_t c = 0; c < A->ncol; c++)
        A->cp[c + 1] += A->cp[c];
    size_t *next = kl_malloc((A->ncol ? A->ncol : 1) * sizeof *next);
    memcpy(next, A->cp, A->ncol * sizeof *next);
    A->ri = kl_malloc((nnz ? nnz : 1) * sizeof *A->ri);
    A->cv = kl_malloc((nnz ? nnz : 1) * sizeof *A->cv);
    for (size_t p = 0; p < n; p++)
        for (size_t k = A->rp[p]; k < A->rp[p + 1]; k++) {
            size_t d = next[A->ci[k]]++;
            A->ri[d] = (uint32_t)p;
            A->cv[d] = A->rv[k];
        }
    free(next);
}

void emb_sparse_free(emb_sparse *A)
{
    free(A->rp);
    free(A->ci);
    free(A->rv);
    free(A->cp);
    free(A->ri);
    free(A->cv);
    memset(A, 0, sizeof *A);
}

typedef struct mul_ctx {
    const emb_sparse *A;
    const float *in;
    float *out;
    size_t w;
} mul_ctx;

static void mul_worker(void *arg, int t, int nt)
{
    mul_ctx *x = arg;
    const emb_sparse *A = x->A;
    unsigned long lo, hi;
    kl_parallel_slice(A->n, t, nt, &lo, &hi);
    for (size_t p = lo; p < hi; p++) {
        emb_gather_sum(x->out + p * x->w, x->w, A->ci + A->rp[p], A->rv + A->rp[p],
                       A->rp[p + 1] - A->rp[p], x->in, x->w);
    }
}

void emb_sparse_mul(const emb_sparse *A, const float *M, size_t w, float *Y, int threads)
{
    mul_ctx x = {A, M, Y, w};
    kl_parallel_run(threads, mul_worker, &x);
}

/* Columns are interleaved over the threads: they come sorted by document frequency, so
 * neighbours cost about the same. The rows are taken in blocks of TMUL_BLOCK, so that the
 * rows of Q a block gathers stay in the last-level cache; each column's sum still runs in
 * row order. */
#define TMUL_BLOCK 2048

static void tmul_worker(void *arg, int t, int nt)
{
    mul_ctx *x = arg;
    const emb_sparse *A = x->A;
    size_t *pos = kl_malloc((A->ncol / (size_t)nt + 1) * sizeof *pos);
    for (size_t c = (size_t)t, i = 0; c < A->ncol; c += (size_t)nt, i++) {
        memset(x->out + c * x->w, 0, x->w * sizeof *x->out);
        pos[i] = A->cp[c];
    }
    for (size_t r0 = 0; r0 < A->n; r0 += TMUL_BLOCK) {
        uint32_t r1 = (uint32_t)(r0 + TMUL_BLOCK);
        for (size_t c = (size_t)t, i = 0; c < A->ncol; c += (size_t)nt, i++) {
            size_t k0 = pos[i], k1 = k0, end = A->cp[c + 1];
            while (k1 < end && A->ri[k1] < r1)
                k1++;
            if (k1 > k0)
                emb_gather_add(x->out + c * x->w, x->w, A->ri + k0, A->cv + k0, k1 - k0, x->in,
                               x->w);
            pos[i] = k1;
        }
    }
    free(pos);
}

void emb_sparse_tmul(const emb_sparse *A, const float *Q, size_t w, float *Z, int threads)
{
    mul_ctx x = {A, Q, Z, w};
    kl_parallel_run(threads, tmul_worker, &x);
}

/* ---- projections: rows times the fitted projection, L2-normalised ------------------------ */

static void normalize(float *y, size_t d)
{
    double s2 = 0;
    for (size_t j = 0; j < d; j++)
        s2 += (double)y[j] * y[j];
    if (s2 > 0) {
        float inv = (float)(1 / sqrt(s2));
        for (size_t j = 0; j < d; j++)
            y[j] *= inv;
    }
}

typedef struct project_ctx {
    const struct kl_embed_model *m;
    const emb_sparse *A;      /* rows held in memory, or NULL: */
    const char *const *texts; /* texts to featurise */
    const uint32_t *idx;      /* item p is text / output row idx[p] (NULL = p) */
    size_t n;
    float *out;
} project_ctx;

static void project_worker(void *arg, int t, int nt)
{
    project_ctx *x = arg;
    unsigned long lo, hi;
    kl_parallel_slice(x->n, t, nt, &lo, &hi);
    size_t d = (size_t)x->m->dim;
    emb_scratch s = {0};
    emb_row r = {0};
    for (size_t p = lo; p < hi; p++) {
        size_t at = x->idx ? x->idx[p] : p;
        float *y = x->out + at * d;
        if (x->A) {
            const emb_sparse *A = x->A;
            emb_gather_sum(y, d, A->ci + A->rp[p], A->rv + A->rp[p], A->rp[p + 1] - A->rp[p],
                           x->m->proj, d);
        } else {
            emb_row_build(x->m, &s, x->texts[at], &r);
            emb_gather_sum(y, d, r.col, r.val, r.nnz, x->m->proj, d);
        }
        normalize(y, d);
    }
    free(r.col);
    free(r.val);
    emb_scratch_clear(&s);
}

void emb_project_texts(const struct kl_embed_model *m, const char *const *texts,
                       const uint32_t *idx, size_t n, float *out, int threads)
{
    project_ctx x = {m, NULL, texts, idx, n, out};
    kl_parallel_run(threads, project_worker, &x);
}

void emb_project_sparse(const struct kl_embed_model *m, const emb_sparse *A, const uint32_t *idx,
                        float *out, int threads)
{
    project_ctx x = {m, A, NULL, idx, A->n, out};
    kl_parallel_run(threads, project_worker, &x);
}
