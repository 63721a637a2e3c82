/* embed.h — lexical embeddings of short texts (the offline backend).
 * Contract: TF-IDF over words and character n-grams (so scripts without spaces work),
 * sublinear tf, reduced to `dim` dimensions by randomized SVD (LSA), rows L2-normalised.
 * Deterministic for a seed and independent of the order of the texts. */
#ifndef KLEIO_EMBED_H
#define KLEIO_EMBED_H
#include <stddef.h>
#include <stdint.h>

typedef struct kl_embed_params {
    int dim;                 /* output dimensions (default 256 when 0) */
    uint64_t seed;
    int threads;             /* 0 = online CPUs */
} kl_embed_params;

/* A fitted model: vocabulary, idf and projection, enough to embed new texts later
 * (incremental runs) into the same space. */
typedef struct kl_embed_model kl_embed_model;

/* Fits on texts[0..n) and writes n x dim floats into out (caller allocates). */
kl_embed_model *kl_embed_fit(const char *const *texts, size_t n, const kl_embed_params *p,
                             float *out);
/* Embeds new texts with a fitted model. */
void kl_embed_transform(const kl_embed_model *m, const char *const *texts, size_t n, float *out);
int kl_embed_dim(const kl_embed_model *m);
/* Serialises the model into a blob (for the work database) and back. */
int kl_embed_save(const kl_embed_model *m, void **blob, size_t *len);
kl_embed_model *kl_embed_load(const void *blob, size_t len);
void kl_embed_free(kl_embed_model *m);

#endif
