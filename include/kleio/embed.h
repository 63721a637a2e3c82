/* embed.h — lexical embeddings of short texts (the offline backend).
 * Contract: TF-IDF over words and character n-grams (so scripts without spaces work),
 * sublinear tf, plus a second-order block (the TF-IDF-weighted mean of word vectors learnt
 * from the corpus's own co-occurrences, so that texts sharing no word but using words
 * found in the same company meet), reduced to `dim` dimensions by randomized SVD (LSA),
 * rows L2-normalised.
 * Deterministic for a seed and independent of the order of the texts: the texts are
 * processed in an internal canonical order (by a seeded hash of their content) and every
 * parallel reduction has a fixed shape, so the same multiset of texts gives bit-identical
 * rows whatever the input order or thread timing.
 *
 * Offline summaries end in an English gloss of their topics after " — " (concepts.h); it
 * is counted gloss_copies times, so that summaries in different languages meet.
 *
 * Scale: vocabulary, idf and projection are fitted on a content-hash sample of at most
 * 100,000 texts (all of them below that), whose TF-IDF rows are held in memory (about 16
 * bytes per stored entry, some 300 entries per summary) during one randomized SVD power
 * iteration; then every other text is embedded in one streaming pass. Peak memory beyond
 * the caller's out: the sample's rows, 100,000 x (dim + 16) x 4 bytes for the range
 * sketch, and the model (features x (dim + 64) x 4 bytes, ~84 MB at 65,536 features,
 * dim 256); fitting the word vectors holds the sample's co-occurring word pairs (8 bytes
 * per pair of distinct words in a text, at most 64 words a text) while they are counted.
 * Texts are NUL-terminated UTF-8 (invalid bytes are tolerated); NULL is an empty text. */
#ifndef KLEIO_EMBED_H
#define KLEIO_EMBED_H
#include <stddef.h>
#include <stdint.h>

typedef struct kl_embed_params {
    int dim;                 /* output dimensions (default 256 when 0) */
    uint64_t seed;
    int threads;             /* 0 = online CPUs */
    /* Optional tuning; 0 picks the measured default (see src/embed/embed.c). */
    int max_features;        /* columns kept, by document frequency (default 65536) */
    int power_iters;         /* randomized SVD power iterations (default 1) */
    int gloss_copies;        /* times the English gloss counts: 0 = default (3), -1 = none;
                                stored with the model (transform uses the fit's) */
    int cooc_dim;            /* width of the second-order block: 0 = default (64), -1 = none;
                                stored with the model */
} kl_embed_params;

#define KL_EMBED_GLOSS_DEFAULT 3
#define KL_EMBED_MAX_GLOSS 8
#define KL_EMBED_MAX_COOC 256

/* A fitted model: hashed vocabulary, idf and projection, enough to embed new texts later
 * (incremental runs) into the same space. */
typedef struct kl_embed_model kl_embed_model;

/* Fits on texts[0..n) and writes n x dim floats into out (caller allocates, n x dim where
 * dim = kl_embed_dim of the result; when fewer than `dim` informative directions exist
 * (tiny corpora) the trailing dimensions are zero). Returns NULL only when n == 0. */
kl_embed_model *kl_embed_fit(const char *const *texts, size_t n, const kl_embed_params *p,
                             float *out);
/* Embeds new texts with a fitted model (same space as the fit's rows: re-transforming a
 * fitted text gives its fitted row, up to float rounding). A text with no known feature
 * gives a zero row. */
void kl_embed_transform(const kl_embed_model *m, const char *const *texts, size_t n, float *out);
int kl_embed_dim(const kl_embed_model *m);
/* Serialises the model into a blob (for the work database) and back. save returns 0, or
 * -1 on failure; *blob is kl_malloc'd, caller frees. load returns NULL when the blob is
 * truncated, corrupt or of another format version. */
int kl_embed_save(const kl_embed_model *m, void **blob, size_t *len);
kl_embed_model *kl_embed_load(const void *blob, size_t len);
void kl_embed_free(kl_embed_model *m);

#endif
