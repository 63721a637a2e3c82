/* model_io.c — the fitted embedding model as a blob for the work database: a magic, a
 * header of int32/float fields, then the arrays (host byte order). */
#include <stdlib.h>
#include <string.h>

#include "embed_impl.h"
#include "kleio/embed.h"
#include "kleio/mem.h"

#define FORMAT_MAGIC "KLEMB002"           /* 002: gloss copies */

typedef struct blob_header {
    char magic[8];
    int32_t dim, ncol;
    int32_t char_min, char_max, stopwords, bigrams;
    float word_weight, char_weight, sv_exponent;
    int32_t gloss_copies;
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
    h.gloss_copies = m->tune.gloss_copies;
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
        h.ncol > (int32_t)EMB_N_BUCKETS || h.char_min < 1 || h.char_max < h.char_min ||
        h.char_max > 16 || h.gloss_copies < 0 || h.gloss_copies > KL_EMBED_MAX_GLOSS)
        return NULL;
    size_t nc = (size_t)h.ncol;
    size_t expect = sizeof h + nc * (sizeof(uint32_t) + sizeof(float)) +
                    nc * (size_t)h.dim * sizeof(float);
    if (len != expect)
        return NULL;
    const unsigned char *b = blob;
    kl_embed_model *m = kl_calloc(1, sizeof *m);
    m->dim = h.dim;
    m->ncol = h.ncol;
    m->seed = h.seed;
    m->tune = (emb_tuning){h.char_min, h.char_max, h.word_weight, h.char_weight, h.stopwords,
                           h.bigrams, h.sv_exponent, h.gloss_copies};
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
        if (m->bucket[i] >= EMB_N_BUCKETS || !(m->idf[i] >= 0)) {
            kl_embed_free(m);
            return NULL;
        }
    }
    emb_model_index(m);
    return m;
}
