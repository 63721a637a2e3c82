/* embed.c — hashed TF-IDF over words and character n-grams, reduced by randomized SVD.
 *
 * Features: character n-grams of each word padded with spaces (lengths CHAR_MIN..CHAR_MAX),
 * word unigrams (without stop words) and word bigrams; runs of scripts written without
 * spaces contribute their character bigrams as words. Each feature hashes into one of
 * 2^20 buckets of its block (characters or words). Columns kept: buckets with document
 * frequency >= 2 (>= 1 on tiny corpora), the max_features most frequent.
 * Weights: (1 + ln tf) * idf, idf = ln((1 + n) / (1 + df)) + 1; each block is
 * L2-normalised and scaled by its weight, then the row is L2-normalised.
 * Reduction: randomized range finder (Halko, Martinsson & Tropp 2011) with
 * `power_iters` power iterations, each orthonormalised through the eigen-decomposition of
 * its Gram matrix; the projection is the top right singular vectors, so a text embeds as
 * a V (= its row of U Sigma), then rows are L2-normalised.
 * The sparse matrix is never stored: each product re-tokenises the texts block by block. */
#include "kleio/embed.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/linalg.h"
#include "kleio/mem.h"
#include "kleio/parallel.h"
#include "kleio/rng.h"
#include "kleio/tokens.h"

#define BUCKET_BITS 20
#define N_BUCKETS (1u << (BUCKET_BITS + 1))          /* two blocks: chars, words */
#define WORD_BLOCK (1u << BUCKET_BITS)
#define OVERSAMPLE 16
#define BLOCK_ROWS 2048
#define GRAM_CHUNKS 64                               /* fixed: reductions independent of threads */
#define DEFAULT_DIM 256
#define DEFAULT_FEATURES 65536
#define DEFAULT_POWER 3
#define FIT_SAMPLE 150000                            /* texts the projection is fitted on */
#define FORMAT_MAGIC "KLEMB001"

/* Chosen by measurement with bench/cluster_eval.c on hwu64 and banking77: character
 * 2-5-grams beat 1-4 and 3-5 by about 0.01 NMI; a word block at 0.35 of the character
 * block's weight beat 0 (char only), 0.5 and 1; plain LSA (U Sigma) beat whitening. */
typedef struct tuning {
    int char_min, char_max;
    float word_weight, char_weight;
    int stopwords;            /* drop stop words from word unigrams */
    int bigrams;              /* word bigrams */
    float sv_exponent;        /* rows = U Sigma^e (1 = plain LSA) */
} tuning;

static const tuning tune = {2, 5, 0.35f, 1.0f, 1, 1, 1.0f};

struct kl_embed_model {
    int dim;
    int ncol;
    tuning tune;
    uint64_t seed;
    uint32_t *bucket;         /* ncol: the hashed feature of each column */
    float *idf;               /* ncol */
    float *proj;              /* ncol x dim */
    int32_t *col_of;          /* N_BUCKETS: column of a bucket, or -1 */
};

/* ---- kernels: GCC vector extensions, so that -O2 emits SIMD code --------------------- */

typedef float v8f __attribute__((vector_size(32)));

/* y[0..n) += a * x[0..n) */
static inline void axpy(float *restrict y, float a, const float *restrict x, size_t n)
{
    size_t j = 0;
    for (; j + 8 <= n; j += 8) {
        v8f xv, yv;
        memcpy(&xv, x + j, sizeof xv);
        memcpy(&yv, y + j, sizeof yv);
        yv += a * xv;
        memcpy(y + j, &yv, sizeof yv);
    }
    for (; j < n; j++)
        y[j] += a * x[j];
}

/* ---- features ---------------------------------------------------------------------- */

typedef struct scratch {
    kl_tokens tok;
    uint32_t *f;              /* feature buckets of one text, then its distinct ones */
    uint32_t *tf;             /* occurrences of each distinct bucket */
    size_t nf, cap;
    uint16_t *cnt;            /* N_BUCKETS counters, all zero between texts */
} scratch;

static void push_feature(scratch *s, uint32_t b)
{
    if (s->nf == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 512;
        s->f = kl_reallocarray(s->f, s->cap, sizeof *s->f);
        s->tf = kl_reallocarray(s->tf, s->cap, sizeof *s->tf);
    }
    s->f[s->nf++] = b;
}

static uint32_t to_bucket(uint64_t h, uint32_t block)
{
    return ((uint32_t)(h >> 40) & (WORD_BLOCK - 1)) | block;
}

static void char_ngrams(scratch *s, const uint32_t *cp, size_t len, const tuning *tn)
{
    /* The word padded with a space at each end, as a sequence of plen code points. */
    size_t plen = len + 2;
    for (size_t st = 0; st < plen; st++) {
        uint64_t h = 0x6b6c63686172ULL;
        for (int n = 1; n <= tn->char_max && st + (size_t)n <= plen; n++) {
            size_t at = st + (size_t)n - 1;
            uint32_t c = (at == 0 || at == plen - 1) ? ' ' : cp[at - 1];
            h = kl_mix64(h ^ c);
            if (n >= tn->char_min)
                push_feature(s, to_bucket(h, 0));
        }
    }
}

static uint64_t word_hash(const uint32_t *cp, size_t len, uint64_t h)
{
    for (size_t i = 0; i < len; i++)
        h = kl_mix64(h ^ cp[i]);
    return kl_mix64(h ^ len);
}

/* Appends the feature buckets of text to s->f (duplicates kept; counted below). */
static void push_text_features(const char *text, scratch *s, const tuning *tn)
{
    kl_tokenize(text, &s->tok);
    const kl_tokens *t = &s->tok;
    uint64_t prev = 0;
    int have_prev = 0;
    for (size_t w = 0; w < t->n_words; w++) {
        const uint32_t *cp = t->cp + t->words[w].start;
        size_t len = t->words[w].len;
        char_ngrams(s, cp, len, tn);
        if (t->words[w].nospace) {
            /* Character bigrams stand in for words in scripts without spaces. */
            for (size_t i = 0; i + 1 < len || (len == 1 && i == 0); i++)
                push_feature(s, to_bucket(word_hash(cp + i, len == 1 ? 1 : 2, 0x77ULL), WORD_BLOCK));
            have_prev = 0;
            continue;
        }
        uint64_t h = word_hash(cp, len, 0x776f7264ULL);
        if (!(tn->stopwords && kl_token_is_stopword(cp, len)))
            push_feature(s, to_bucket(h, WORD_BLOCK));
        if (tn->bigrams && have_prev)
            push_feature(s, to_bucket(kl_mix64(prev * 31 + h), WORD_BLOCK));
        prev = h;
        have_prev = 1;
    }
}

/* The offline summary ends in an English gloss after " — " (concepts.h), the only words
 * that different languages share; counting it GLOSS_REPEAT times in all keeps the
 * character n-grams of the wording from drowning it (reconstruction accuracy on a
 * 15-language synth corpus: 40.7% with the gloss counted once). */
#define GLOSS_SEPARATOR " \xE2\x80\x94 "
#define GLOSS_REPEAT 3

/* Fills s->f[0..nf) with the distinct feature buckets of text, in order of first
 * occurrence, and s->tf with their counts (counting in a table instead of sorting). */
static void text_features(const char *text, scratch *s, const tuning *tn)
{
    s->nf = 0;
    push_text_features(text, s, tn);
    const char *gloss = text ? strstr(text, GLOSS_SEPARATOR) : NULL;
    if (gloss)
        for (int r = 1; r < GLOSS_REPEAT; r++)
            push_text_features(gloss + strlen(GLOSS_SEPARATOR), s, tn);
    if (!s->cnt)
        s->cnt = kl_calloc(N_BUCKETS, sizeof *s->cnt);
    size_t nu = 0;
    for (size_t i = 0; i < s->nf; i++) {
        uint32_t b = s->f[i];
        if (s->cnt[b] == 0)
            s->f[nu++] = b;
        if (s->cnt[b] < UINT16_MAX)
            s->cnt[b]++;
    }
    for (size_t i = 0; i < nu; i++) {
        s->tf[i] = s->cnt[s->f[i]];
        s->cnt[s->f[i]] = 0;
    }
    s->nf = nu;
}

/* A sparse TF-IDF row: columns and weights (nnz entries). */
typedef struct row {
    int32_t *col;
    float *val;
    size_t nnz, cap;
} row;

static void row_build(const kl_embed_model *m, scratch *s, const char *text, row *r)
{
    text_features(text, s, &m->tune);
    if (r->cap < s->nf) {
        r->cap = s->nf;
        r->col = kl_reallocarray(r->col, r->cap, sizeof *r->col);
        r->val = kl_reallocarray(r->val, r->cap, sizeof *r->val);
    }
    r->nnz = 0;
    double norm2[2] = {0, 0};
    for (size_t i = 0; i < s->nf; i++) {
        int32_t c = m->col_of[s->f[i]];
        if (c >= 0) {
            float v = (1.0f + logf((float)s->tf[i])) * m->idf[c];
            r->col[r->nnz] = c;
            r->val[r->nnz++] = v;
            norm2[(s->f[i] & WORD_BLOCK) != 0] += (double)v * v;
        }
    }
    double scale[2];
    scale[0] = norm2[0] > 0 ? m->tune.char_weight / sqrt(norm2[0]) : 0;
    scale[1] = norm2[1] > 0 ? m->tune.word_weight / sqrt(norm2[1]) : 0;
    double total = 0;
    for (size_t i = 0; i < r->nnz; i++) {
        int word = (m->bucket[r->col[i]] & WORD_BLOCK) != 0;
        r->val[i] = (float)(r->val[i] * scale[word]);
        total += (double)r->val[i] * r->val[i];
    }
    float inv = total > 0 ? (float)(1 / sqrt(total)) : 0;
    for (size_t i = 0; i < r->nnz; i++)
        r->val[i] *= inv;
}

/* ---- passes over the texts ----------------------------------------------------------- */

typedef struct corpus {
    const char *const *texts;
    const uint32_t *order;    /* canonical position -> text index (NULL = identity) */
    size_t n;
    int threads;
} corpus;

static const char *text_at(const corpus *c, size_t p)
{
    return c->texts[c->order ? c->order[p] : p];
}

/* Y[p] = row(p) * M for every position p (M: ncol x w, Y: n x w). Rows are independent. */
typedef struct pass_ctx {
    const kl_embed_model *m;
    const corpus *c;
    const float *in;          /* A-side: ncol x w; At-side: n x w */
    float *out;
    size_t w;
    /* block state for the At pass */
    size_t blo, bhi;
    row *rows;                /* BLOCK_ROWS rows of the current block */
    scratch *scr;             /* per thread */
    int out_by_index;         /* A pass: write row p to out[order[p]] */
} pass_ctx;

static void pass_a_worker(void *arg, int t, int nt)
{
    pass_ctx *x = arg;
    unsigned long lo, hi;
    kl_parallel_slice(x->c->n, t, nt, &lo, &hi);
    row r = {0};
    for (size_t p = lo; p < hi; p++) {
        row_build(x->m, &x->scr[t], text_at(x->c, p), &r);
        size_t dst = (x->out_by_index && x->c->order) ? x->c->order[p] : p;
        float *y = x->out + dst * x->w;
        memset(y, 0, x->w * sizeof *y);
        for (size_t i = 0; i < r.nnz; i++)
            axpy(y, r.val[i], x->in + (size_t)r.col[i] * x->w, x->w);
    }
    free(r.col);
    free(r.val);
}

static void pass_a(const kl_embed_model *m, const corpus *c, scratch *scr, const float *M,
                   size_t w, float *Y, int by_index)
{
    pass_ctx x = {.m = m, .c = c, .in = M, .out = Y, .w = w, .scr = scr, .out_by_index = by_index};
    kl_parallel_run(c->threads, pass_a_worker, &x);
}

static void block_rows_worker(void *arg, int t, int nt)
{
    pass_ctx *x = arg;
    unsigned long lo, hi;
    kl_parallel_slice(x->bhi - x->blo, t, nt, &lo, &hi);
    for (size_t p = x->blo + lo; p < x->blo + hi; p++)
        row_build(x->m, &x->scr[t], text_at(x->c, p), &x->rows[p - x->blo]);
}

/* Each thread owns the columns col % nt == t and adds the block's rows in position order,
 * so every column's sum has the same order whatever the number of threads. */
static void block_accum_worker(void *arg, int t, int nt)
{
    pass_ctx *x = arg;
    for (size_t p = x->blo; p < x->bhi; p++) {
        const row *r = &x->rows[p - x->blo];
        const float *q = x->in + p * x->w;
        for (size_t i = 0; i < r->nnz; i++) {
            if (r->col[i] % nt != t)
                continue;
            axpy(x->out + (size_t)r->col[i] * x->w, r->val[i], q, x->w);
        }
    }
}

/* Z = A^T Q (Q: n x w in canonical positions, Z: ncol x w). */
static void pass_at(const kl_embed_model *m, const corpus *c, scratch *scr, const float *Q,
                    size_t w, float *Z)
{
    memset(Z, 0, (size_t)m->ncol * w * sizeof *Z);
    row *rows = kl_calloc(BLOCK_ROWS, sizeof *rows);
    pass_ctx x = {.m = m, .c = c, .in = Q, .out = Z, .w = w, .rows = rows, .scr = scr};
    for (size_t b = 0; b < c->n; b += BLOCK_ROWS) {
        x.blo = b;
        x.bhi = b + BLOCK_ROWS < c->n ? b + BLOCK_ROWS : c->n;
        kl_parallel_run(c->threads, block_rows_worker, &x);
        kl_parallel_run(c->threads, block_accum_worker, &x);
    }
    for (size_t i = 0; i < BLOCK_ROWS; i++) {
        free(rows[i].col);
        free(rows[i].val);
    }
    free(rows);
}

/* ---- dense helpers ------------------------------------------------------------------- */

typedef struct gram_ctx {
    const float *Y;
    size_t n, w;
    double *partial;          /* GRAM_CHUNKS x w x w (upper triangles) */
    const float *W;           /* for the multiply */
    float *tmp;               /* per thread: w floats */
} gram_ctx;

#define TILE 128

/* Sums of outer products, the upper triangle of each row's y y^T, accumulated in float over
 * TILE rows and then flushed into the chunk's double partial. */
static void gram_worker(void *arg, int t, int nt)
{
    gram_ctx *g = arg;
    size_t w = g->w;
    float *F = kl_malloc(w * w * sizeof *F);
    for (int ch = t; ch < GRAM_CHUNKS; ch += nt) {
        unsigned long lo, hi;
        kl_parallel_slice(g->n, ch, GRAM_CHUNKS, &lo, &hi);
        double *G = g->partial + (size_t)ch * w * w;
        memset(G, 0, w * w * sizeof *G);
        for (size_t r0 = lo; r0 < hi; r0 += TILE) {
            size_t r1 = hi - r0 < TILE ? hi : r0 + TILE;
            memset(F, 0, w * w * sizeof *F);
            for (size_t r = r0; r < r1; r++) {
                const float *y = g->Y + r * w;
                for (size_t i = 0; i < w; i++)
                    if (y[i] != 0)
                        axpy(F + i * w + i, y[i], y + i, w - i);
            }
            for (size_t i = 0; i < w; i++)
                for (size_t j = i; j < w; j++)
                    G[i * w + j] += F[i * w + j];
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
    float *tmp = g->tmp + (size_t)t * w;
    for (size_t r = lo; r < hi; r++) {
        float *y = (float *)g->Y + r * w;
        memset(tmp, 0, w * sizeof *tmp);
        for (size_t i = 0; i < w; i++)
            if (y[i] != 0)
                axpy(tmp, y[i], g->W + i * w, w);
        memcpy(y, tmp, w * sizeof *tmp);
    }
}

/* Y <- Y W in place (Y: n x w, W: w x w). */
static void mul_inplace(float *Y, size_t n, size_t w, const float *W, int threads)
{
    gram_ctx g = {.Y = Y, .n = n, .w = w, .W = W};
    g.tmp = kl_malloc((size_t)threads * w * sizeof *g.tmp);
    kl_parallel_run(threads, mul_worker, &g);
    free(g.tmp);
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

/* ---- fitting ------------------------------------------------------------------------- */

typedef struct df_ctx {
    const corpus *c;
    scratch *scr;
    const tuning *tn;
    uint32_t **df;            /* per thread N_BUCKETS counts */
} df_ctx;

static void df_worker(void *arg, int t, int nt)
{
    df_ctx *x = arg;
    unsigned long lo, hi;
    kl_parallel_slice(x->c->n, t, nt, &lo, &hi);
    uint32_t *df = x->df[t];
    scratch *s = &x->scr[t];
    for (size_t p = lo; p < hi; p++) {
        text_features(text_at(x->c, p), s, x->tn);
        for (size_t i = 0; i < s->nf; i++)
            df[s->f[i]]++;
    }
}

typedef struct order_key {
    uint64_t h;
    const char *s;
    uint32_t idx;
} order_key;

static int cmp_order(const void *a, const void *b)
{
    const order_key *x = a, *y = b;
    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return strcmp(x->s, y->s);
}

typedef struct colsel {
    uint32_t bucket, df;
} colsel;

static int cmp_colsel(const void *a, const void *b)
{
    const colsel *x = a, *y = b;
    if (x->df != y->df)
        return x->df > y->df ? -1 : 1;
    return (x->bucket > y->bucket) - (x->bucket < y->bucket);
}

static void model_index(kl_embed_model *m)
{
    m->col_of = kl_malloc((size_t)N_BUCKETS * sizeof *m->col_of);
    memset(m->col_of, 0xff, (size_t)N_BUCKETS * sizeof *m->col_of);
    for (int c = 0; c < m->ncol; c++)
        m->col_of[m->bucket[c]] = c;
}

static void scratch_free(scratch *s, int nt)
{
    for (int t = 0; t < nt; t++) {
        kl_tokens_free(&s[t].tok);
        free(s[t].f);
        free(s[t].tf);
        free(s[t].cnt);
    }
    free(s);
}

static void normalize_rows(float *X, size_t n, size_t d)
{
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < d; j++)
            s += (double)X[i * d + j] * X[i * d + j];
        if (s > 0) {
            float inv = (float)(1 / sqrt(s));
            for (size_t j = 0; j < d; j++)
                X[i * d + j] *= inv;
        }
    }
}

kl_embed_model *kl_embed_fit(const char *const *texts, size_t n, const kl_embed_params *p,
                             float *out)
{
    if (n == 0)
        return NULL;
    kl_embed_model *m = kl_calloc(1, sizeof *m);
    m->dim = p && p->dim > 0 ? p->dim : DEFAULT_DIM;
    m->seed = p ? p->seed : 0;
    m->tune = tune;
    int threads = kl_threads_resolve(p ? p->threads : 0);
    size_t max_features = p && p->max_features > 0 ? (size_t)p->max_features : DEFAULT_FEATURES;
    int power = p && p->power_iters > 0 ? p->power_iters : DEFAULT_POWER;

    /* Canonical order: by a seeded hash of the content, so input order cannot matter. */
    order_key *keys = kl_malloc(n * sizeof *keys);
    for (size_t i = 0; i < n; i++) {
        keys[i].s = texts[i] ? texts[i] : "";
        keys[i].h = kl_hash_str(keys[i].s, m->seed);
        keys[i].idx = (uint32_t)i;
    }
    qsort(keys, n, sizeof *keys, cmp_order);
    uint32_t *order = kl_malloc(n * sizeof *order);
    for (size_t i = 0; i < n; i++)
        order[i] = keys[i].idx;
    free(keys);
    /* The model is fitted on the first FIT_SAMPLE texts of the canonical order (a
     * content-hash sample, so still independent of input order), then every text is
     * embedded with one pass. */
    size_t ns = n < FIT_SAMPLE ? n : FIT_SAMPLE;
    corpus c = {texts, order, ns, threads};
    scratch *scr = kl_calloc((size_t)threads, sizeof *scr);

    /* Document frequencies, then the kept columns. */
    df_ctx dx = {&c, scr, &m->tune, kl_calloc((size_t)threads, sizeof(uint32_t *))};
    for (int t = 0; t < threads; t++)
        dx.df[t] = kl_calloc(N_BUCKETS, sizeof(uint32_t));
    kl_parallel_run(threads, df_worker, &dx);
    uint32_t min_df = ns >= 50 ? 2 : 1;
    colsel *cs = kl_malloc((size_t)N_BUCKETS * sizeof *cs);
    size_t nc = 0;
    for (uint32_t b = 0; b < N_BUCKETS; b++) {
        uint32_t df = 0;
        for (int t = 0; t < threads; t++)
            df += dx.df[t][b];
        if (df >= min_df)
            cs[nc++] = (colsel){b, df};
    }
    for (int t = 0; t < threads; t++)
        free(dx.df[t]);
    free(dx.df);
    qsort(cs, nc, sizeof *cs, cmp_colsel);
    if (nc > max_features)
        nc = max_features;
    m->ncol = (int)nc;
    m->bucket = kl_malloc((nc ? nc : 1) * sizeof *m->bucket);
    m->idf = kl_malloc((nc ? nc : 1) * sizeof *m->idf);
    for (size_t i = 0; i < nc; i++) {
        m->bucket[i] = cs[i].bucket;
        m->idf[i] = (float)(log((1.0 + (double)ns) / (1.0 + cs[i].df)) + 1.0);
    }
    free(cs);
    model_index(m);
    m->proj = kl_calloc((nc ? nc : 1) * (size_t)m->dim, sizeof *m->proj);

    size_t w = (size_t)m->dim + OVERSAMPLE;
    if (w > ns)
        w = ns;
    if (w > nc)
        w = nc;
    if (w > 0) {
        /* Range finder: Y = A Omega, then power iterations. */
        float *Z = kl_malloc(nc * w * sizeof *Z);
        kl_rng rng;
        kl_rng_seed(&rng, m->seed ^ 0x656d626564ULL);
        for (size_t i = 0; i < nc * w; i++)
            Z[i] = (float)kl_rng_normal(&rng);
        float *Y = kl_malloc(ns * w * sizeof *Y);
        pass_a(m, &c, scr, Z, w, Y, 0);
        for (int it = 0; it < power; it++) {
            orthonormalize(Y, ns, w, threads);
            /* Only the tall side is re-orthonormalised: with few iterations the
             * A^T side needs no normalisation, and it is the wider one on small sets. */
            pass_at(m, &c, scr, Y, w, Z);
            pass_a(m, &c, scr, Z, w, Y, 0);
        }
        orthonormalize(Y, ns, w, threads);
        pass_at(m, &c, scr, Y, w, Z);                 /* Z = B^T = A^T Q */
        free(Y);
        /* B B^T = Z^T Z = U_b Sigma^2 U_b^T; right singular vectors V = Z U_b Sigma^-1. */
        double *G = kl_malloc(w * w * sizeof *G);
        double *ev = kl_malloc(w * sizeof *ev);
        double *U = kl_malloc(w * w * sizeof *U);
        gram(Z, nc, w, threads, G);
        kl_sym_eigen(G, w, ev, U);
        size_t keep = w < (size_t)m->dim ? w : (size_t)m->dim;
        float *W = kl_calloc(w * w, sizeof *W);
        for (size_t j = 0; j < keep; j++) {
            if (!(ev[j] > ev[0] * 1e-12 && ev[j] > 0))
                continue;
            double sigma = sqrt(ev[j]);
            double s = pow(sigma, (double)m->tune.sv_exponent - 2.0);  /* V_j sigma^(e-1) */
            for (size_t i = 0; i < w; i++)
                W[i * w + j] = (float)(U[i * w + j] * s);
        }
        mul_inplace(Z, nc, w, W, threads);
        for (size_t i = 0; i < nc; i++)
            memcpy(m->proj + i * (size_t)m->dim, Z + i * w, keep * sizeof *Z);
        free(W);
        free(U);
        free(ev);
        free(G);
        free(Z);
    }
    c.order = NULL;     /* out is in the caller's order */
    c.n = n;
    pass_a(m, &c, scr, m->proj, (size_t)m->dim, out, 0);
    normalize_rows(out, n, (size_t)m->dim);
    scratch_free(scr, threads);
    free(order);
    return m;
}

void kl_embed_transform(const kl_embed_model *m, const char *const *texts, size_t n, float *out)
{
    if (!m || n == 0)
        return;
    int threads = kl_threads_resolve(0);
    corpus c = {texts, NULL, n, threads};
    scratch *scr = kl_calloc((size_t)threads, sizeof *scr);
    pass_a(m, &c, scr, m->proj, (size_t)m->dim, out, 0);
    normalize_rows(out, n, (size_t)m->dim);
    scratch_free(scr, threads);
}

int kl_embed_dim(const kl_embed_model *m)
{
    return m ? m->dim : 0;
}

/* ---- serialisation: magic, header of int32/float fields, then the arrays (host order) - */

typedef struct blob_header {
    char magic[8];
    int32_t dim, ncol;
    int32_t char_min, char_max, stopwords, bigrams;
    float word_weight, char_weight, sv_exponent;
    uint32_t pad;
    uint64_t seed;
} blob_header;

int kl_embed_save(const kl_embed_model *m, void **blob, size_t *len)
{
    if (!m || !blob || !len)
        return -1;
    size_t nc = (size_t)m->ncol;
    size_t total = sizeof(blob_header) + nc * (sizeof(uint32_t) + sizeof(float)) +
                   nc * (size_t)m->dim * sizeof(float);
    unsigned char *b = kl_malloc(total);
    blob_header h = {0};
    memcpy(h.magic, FORMAT_MAGIC, 8);
    h.dim = m->dim;
    h.ncol = m->ncol;
    h.char_min = m->tune.char_min;
    h.char_max = m->tune.char_max;
    h.stopwords = m->tune.stopwords;
    h.bigrams = m->tune.bigrams;
    h.word_weight = m->tune.word_weight;
    h.char_weight = m->tune.char_weight;
    h.sv_exponent = m->tune.sv_exponent;
    h.seed = m->seed;
    size_t off = 0;
    memcpy(b, &h, sizeof h);
    off += sizeof h;
    memcpy(b + off, m->bucket, nc * sizeof(uint32_t));
    off += nc * sizeof(uint32_t);
    memcpy(b + off, m->idf, nc * sizeof(float));
    off += nc * sizeof(float);
    memcpy(b + off, m->proj, nc * (size_t)m->dim * sizeof(float));
    *blob = b;
    *len = total;
    return 0;
}

kl_embed_model *kl_embed_load(const void *blob, size_t len)
{
    blob_header h;
    if (!blob || len < sizeof h)
        return NULL;
    memcpy(&h, blob, sizeof h);
    if (memcmp(h.magic, FORMAT_MAGIC, 8) != 0 || h.dim <= 0 || h.dim > 65536 || h.ncol < 0 ||
        h.ncol > (int32_t)N_BUCKETS || h.char_min < 1 || h.char_max < h.char_min ||
        h.char_max > 16)
        return NULL;
    size_t nc = (size_t)h.ncol;
    if (len != sizeof h + nc * (sizeof(uint32_t) + sizeof(float)) + nc * (size_t)h.dim * sizeof(float))
        return NULL;
    const unsigned char *b = blob;
    kl_embed_model *m = kl_calloc(1, sizeof *m);
    m->dim = h.dim;
    m->ncol = h.ncol;
    m->seed = h.seed;
    m->tune = (tuning){h.char_min, h.char_max, h.word_weight, h.char_weight, h.stopwords,
                       h.bigrams, h.sv_exponent};
    m->bucket = kl_malloc((nc ? nc : 1) * sizeof *m->bucket);
    m->idf = kl_malloc((nc ? nc : 1) * sizeof *m->idf);
    m->proj = kl_malloc((nc ? nc : 1) * (size_t)m->dim * sizeof *m->proj);
    size_t off = sizeof h;
    memcpy(m->bucket, b + off, nc * sizeof(uint32_t));
    off += nc * sizeof(uint32_t);
    memcpy(m->idf, b + off, nc * sizeof(float));
    off += nc * sizeof(float);
    memcpy(m->proj, b + off, nc * (size_t)m->dim * sizeof(float));
    for (size_t i = 0; i < nc; i++) {
        if (m->bucket[i] >= N_BUCKETS || !(m->idf[i] >= 0)) {
            kl_embed_free(m);
            return NULL;
        }
    }
    model_index(m);
    return m;
}

void kl_embed_free(kl_embed_model *m)
{
    if (!m)
        return;
    free(m->bucket);
    free(m->idf);
    free(m->proj);
    free(m->col_of);
    free(m);
}
