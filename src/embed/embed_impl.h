/* embed_impl.h — the parts of the lexical embedding (embed.h) shared by its files:
 * features.c (text -> hashed feature buckets), tfidf.c (weighted sparse rows and their
 * products with dense matrices), cooc.c (word vectors from co-occurrences), rsvd.c (the
 * randomized SVD), embed.c (fit, transform) and model_io.c (the serialised model). Not a
 * public contract. */
#ifndef KLEIO_EMBED_IMPL_H
#define KLEIO_EMBED_IMPL_H
#include <stddef.h>
#include <stdint.h>

#include "kleio/tokens.h"

#define EMB_BUCKET_BITS 20
#define EMB_WORD_BLOCK (1u << EMB_BUCKET_BITS)
#define EMB_N_BUCKETS (1u << (EMB_BUCKET_BITS + 1))   /* two blocks: chars, words */

/* Feature and weighting choices, stored with the model so that a loaded model embeds new
 * texts exactly as it was fitted. */
typedef struct emb_tuning {
    int char_min, char_max;   /* character n-gram lengths within words */
    float word_weight, char_weight;
    int stopwords;            /* drop stop words from word unigrams */
    int bigrams;              /* word bigrams */
    float sv_exponent;        /* rows = U Sigma^e (1 = plain LSA) */
    int gloss_copies;         /* times a summary's English gloss counts (features.c) */
    int cooc_dim;             /* width of the second-order block (cooc.c); 0 = none */
    float cooc_weight;        /* its norm against the first-order row's (1) */
} emb_tuning;

extern const emb_tuning emb_default_tuning;

struct kl_embed_model {
    int dim;
    int ncol;
    emb_tuning tune;
    uint64_t seed;
    uint32_t *bucket;         /* ncol: the hashed feature of each column */
    float *idf;               /* ncol */
    float *proj;              /* (ncol + cooc_dim) x dim: the second-order block's columns
                                 come after the features' */
    float *wvec;              /* ncol x cooc_dim word vectors (zero rows: no vector), or NULL */
    int32_t *col_of;          /* EMB_N_BUCKETS: column of a bucket, or -1 */
    uint8_t *has_vec;         /* ncol: the column's word vector is not zero (from wvec) */
};

/* Builds m->col_of from m->bucket, and m->has_vec from m->wvec, those not built yet. */
void emb_model_index(struct kl_embed_model *m);

/* ---- features.c: one text -> its distinct hashed feature buckets and their counts ---- */

typedef struct emb_scratch {
    kl_tokens tok;
    uint32_t *f;              /* feature buckets of one text, then its distinct ones */
    uint32_t *tf;             /* occurrences of each distinct bucket */
    size_t nf, cap;
    uint16_t *cnt;            /* EMB_N_BUCKETS counters, all zero between texts */
    uint32_t *word;           /* word unigram buckets in order (repeats kept): n_word */
    size_t n_word, word_cap;
    char *body;               /* the text before its gloss */
    size_t body_cap;
} emb_scratch;

/* Fills s->f[0..s->nf) with the distinct buckets of text (NULL = empty), in order of first
 * occurrence, and s->tf with their counts; s->word[0..s->n_word) with its word unigrams
 * (the buckets of whole words kept as features, including the gloss copies). */
void emb_text_features(const char *text, emb_scratch *s, const emb_tuning *tn);
/* Frees what the scratch area holds (it may be reused afterwards). */
void emb_scratch_clear(emb_scratch *s);

/* ---- tfidf.c: TF-IDF rows and sparse x dense products ---------------------------------- */

/* A sparse TF-IDF row: columns and weights (nnz entries). */
typedef struct emb_row {
    uint32_t *col;
    float *val;
    size_t nnz, cap;
} emb_row;

/* The row of text under model m: TF-IDF over m's feature columns (each block L2-normalised
 * and weighted, then the row L2-normalised), then, when m has word vectors, the
 * second-order block in columns ncol .. ncol + cooc_dim - 1 (the TF-IDF-weighted sum of
 * the row's word vectors, scaled to norm cooc_weight), the whole scaled back to norm 1. */
void emb_row_build(const struct kl_embed_model *m, emb_scratch *s, const char *text, emb_row *r);

/* The rows of a set of texts held in memory, by rows (CSR) and by columns (CSC), so that
 * the passes of the SVD neither re-tokenise nor scatter. */
typedef struct emb_sparse {
    size_t n, ncol;
    size_t *rp;               /* n + 1 row starts */
    uint32_t *ci;             /* column of each entry, by rows */
    float *rv;
    size_t *cp;               /* ncol + 1 column starts */
    uint32_t *ri;             /* row of each entry, by columns (rows ascending) */
    float *cv;
} emb_sparse;

/* Rows of texts[order[p]] for p in [0, n) (order NULL = identity), with threads. */
void emb_sparse_build(emb_sparse *A, const struct kl_embed_model *m, const char *const *texts,
                      const uint32_t *order, size_t n, int threads);
void emb_sparse_free(emb_sparse *A);
/* Y = A M (M: ncol x w, Y: n x w). */
void emb_sparse_mul(const emb_sparse *A, const float *M, size_t w, float *Y, int threads);
/* Z = A^T Q (Q: n x w, Z: ncol x w); every sum in row order, whatever the threads. */
void emb_sparse_tmul(const emb_sparse *A, const float *Q, size_t w, float *Z, int threads);
/* Embeddings (rows times m->proj, L2-normalised) of texts[idx[p]] into out row idx[p] for
 * p < n (idx NULL = p), streaming: nothing is kept. */
void emb_project_texts(const struct kl_embed_model *m, const char *const *texts,
                       const uint32_t *idx, size_t n, float *out, int threads);
/* The same for the rows held in A: row p goes to out row idx[p] (NULL = p). */
void emb_project_sparse(const struct kl_embed_model *m, const emb_sparse *A, const uint32_t *idx,
                        float *out, int threads);

/* ---- cooc.c: word vectors from the corpus's own co-occurrences ----------------------- */

/* Fits m->wvec (ncol x m->tune.cooc_dim) on the sample texts[order[p]], p < ns, given m's
 * columns (before any row is built: rows use the vectors). */
void emb_cooc_fit(struct kl_embed_model *m, const char *const *texts, const uint32_t *order,
                  size_t ns, int threads);

/* ---- kernel.c -------------------------------------------------------------------------- */

/* y[0..n) += a * x[0..n), vectorised. */
void emb_axpy(float *restrict y, float a, const float *restrict x, size_t n);
/* y[0..w) = sum over k < n, in order, of v[k] * B[idx[k] * ldb .. + w). */
void emb_gather_sum(float *restrict y, size_t w, const uint32_t *idx, const float *v, size_t n,
                    const float *restrict B, size_t ldb);
/* The same added to y (y's values come first in each sum: splitting the entries into runs
 * changes nothing, bit for bit). */
void emb_gather_add(float *restrict y, size_t w, const uint32_t *idx, const float *v, size_t n,
                    const float *restrict B, size_t ldb);

/* ---- rsvd.c: the projection ------------------------------------------------------------ */

/* Top `keep` right singular vectors of A, scaled by sigma^(exponent-1), into proj
 * (ncol x dim, columns beyond keep zero): randomized range finder with oversampling and
 * `power` power iterations, seeded. */
void emb_rsvd(const emb_sparse *A, size_t dim, int power, float exponent, uint64_t seed,
              int threads, float *proj);

#endif
