/* sparse_text.c — sparse TF-IDF rows of short texts (sparse_text.h): each text's hashed
 * features are found twice (once to size the rows, once to fill them), the rows split
 * over the threads in fixed slices; document frequencies, columns and weights follow in
 * one sequential pass. */
#include "kleio/sparse_text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/numbers.h"
#include "kleio/parallel.h"
#include "kleio/tokens.h"

#define BUCKET_BITS 21
#define N_BUCKETS (1u << BUCKET_BITS)

typedef struct feat_scratch {
    kl_tokens tok;
    uint32_t *f;
    size_t nf, cap;
    char *body;
    size_t body_cap;
} feat_scratch;

static void push(feat_scratch *s, uint64_t h)
{
    if (s->nf == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->f = kl_reallocarray(s->f, s->cap, sizeof *s->f);
    }
    s->f[s->nf++] = (uint32_t)(h >> 40) & (N_BUCKETS - 1);
}

static void on_feature(void *ctx, enum kl_feature_kind kind, uint64_t h)
{
    (void)kind;
    push(ctx, h);
}

static void push_text(feat_scratch *s, const char *text, const kl_sparse_text_params *p)
{
    kl_tokenize(text, &s->tok);
    kl_feature_opts o = {.char_min = p->char_min, .char_max = p->char_max,
                         .char_seed = 0x63686172ULL, .stopwords = true, .bigrams = true};
    kl_token_features(&s->tok, &o, on_feature, s);
}

/* s->f gets the text's features sorted (duplicates kept). */
static void text_features(feat_scratch *s, const char *text, const kl_sparse_text_params *p)
{
    s->nf = 0;
    const char *gloss = kl_text_gloss(text);
    if (!gloss) {
        push_text(s, text, p);
    } else {
        size_t len = (size_t)(gloss - text);
        if (s->body_cap <= len) {
            s->body_cap = len + 1;
            s->body = kl_reallocarray(s->body, s->body_cap, 1);
        }
        memcpy(s->body, text, len);
        s->body[len] = '\0';
        push_text(s, s->body, p);
        for (int r = 0; r < p->gloss_copies; r++)
            push_text(s, gloss + strlen(KL_GLOSS_SEPARATOR), p);
    }
    qsort(s->f, s->nf, sizeof *s->f, kl_cmp_u32);
}

typedef struct build_ctx {
    const char *const *texts;
    const kl_sparse_text_params *p;
    kl_sparse_rows *out;
    int fill;                /* 0: count distinct features per row; 1: write them */
} build_ctx;

static void build_worker(void *arg, int t, int nt)
{
    build_ctx *b = arg;
    feat_scratch s = {KL_TOKENS_INIT, NULL, 0, 0, NULL, 0};
    unsigned long lo, hi;
    kl_parallel_slice(b->out->n, t, nt, &lo, &hi);
    for (size_t i = lo; i < hi; i++) {
        text_features(&s, b->texts[i], b->p);
        size_t u = 0, at = b->fill ? b->out->start[i] : 0;
        for (size_t q = 0; q < s.nf; q++) {
            if (q > 0 && s.f[q] == s.f[q - 1]) {
                if (b->fill)
                    b->out->val[at + u - 1] += 1;
                continue;
            }
            if (b->fill) {
                b->out->col[at + u] = s.f[q];
                b->out->val[at + u] = 1;
            }
            u++;
        }
        if (!b->fill)
            b->out->start[i + 1] = u;
    }
    kl_tokens_free(&s.tok);
    free(s.f);
    free(s.body);
}

int kl_sparse_text_build(const char *const *texts, size_t n, const kl_sparse_text_params *p,
                         kl_sparse_rows *out)
{
    memset(out, 0, sizeof *out);
    if (n == 0)
        return -1;
    int threads = kl_threads_resolve(p->threads);
    out->n = n;
    out->start = kl_calloc(n + 1, sizeof *out->start);
    build_ctx b = {texts, p, out, 0};
    kl_parallel_run(threads, build_worker, &b);
    for (size_t i = 0; i < n; i++)
        out->start[i + 1] += out->start[i];
    size_t nnz = out->start[n];
    out->col = kl_malloc((nnz ? nnz : 1) * sizeof *out->col);
    out->val = kl_malloc((nnz ? nnz : 1) * sizeof *out->val);
    b.fill = 1;
    kl_parallel_run(threads, build_worker, &b);
    /* Document frequency per bucket; buckets in two texts or more become columns, numbered
     * in bucket order (so each row stays sorted). */
    uint32_t *df = kl_calloc(N_BUCKETS, sizeof *df);
    for (size_t e = 0; e < nnz; e++)
        df[out->col[e]]++;
    uint32_t ncol = 0;
    float *idf = kl_malloc(N_BUCKETS * sizeof *idf);
    for (uint32_t bk = 0; bk < N_BUCKETS; bk++) {
        idf[bk] = df[bk] >= 2 ? (float)(log((1.0 + (double)n) / (1.0 + df[bk])) + 1.0) : 0;
        df[bk] = df[bk] >= 2 ? ncol++ : UINT32_MAX;   /* df now holds the column */
    }
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        size_t lo = out->start[i], hi = out->start[i + 1], first = w;
        double norm = 0;
        out->start[i] = first;
        for (size_t e = lo; e < hi; e++) {
            uint32_t bk = out->col[e];
            if (df[bk] == UINT32_MAX)
                continue;
            float v = (float)(1.0 + log(out->val[e])) * idf[bk];
            out->col[w] = df[bk];
            out->val[w] = v;
            norm += (double)v * v;
            w++;
        }
        float inv = norm > 0 ? (float)(1 / sqrt(norm)) : 0;
        for (size_t e = first; e < w; e++)
            out->val[e] *= inv;
    }
    out->start[n] = w;
    out->ncol = ncol;
    free(df);
    free(idf);
    return 0;
}

void kl_sparse_rows_free(kl_sparse_rows *s)
{
    free(s->start);
    free(s->col);
    free(s->val);
    memset(s, 0, sizeof *s);
}
