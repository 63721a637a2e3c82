/* model_io.c — the fitted embedding model as a blob for the work database: a magic, a
 * header of int32/float fields, then the arrays (host byte order): column buckets, idf,
 * the projection ((ncol + cooc_dim) x dim) and the word vectors (ncol x cooc_dim).
 * Blobs of format 002 (before the second-order block) still load, as models without it. */
#include <stdlib.h>
#include <string.h>

#include "embed_impl.h"
#include "kleio/embed.h"
#include "kleio/mem.h"

#define FORMAT_MAGIC "KLEMB003"           /* 003: second-order block */
#define FORMAT_MAGIC_002 "KLEMB002"       /* 002: gloss copies */

typedef struct blob_header_002 {
    char magic[8];
    int32_t dim, ncol;
    int32_t char_min, char_max, stopwords, bigrams;
    float word_weight, char_weight, sv_exponent;
    int32_t gloss_copies;
    uint64_t seed;
} blob_header_002;

typedef struct blob_header {
    blob_header_002 base;     /* magic FORMAT_MAGIC */
    int32_t cooc_dim;
    float cooc_weight;
} blob_header;

int kl_embed_save(const kl_embed_model *m, void **blob, size_t *len)
{
    if (!m || !blob || !len)
        return -1;
    size_t nc = (size_t)m->ncol, dw = m->wvec ? (size_t)m->tune.cooc_dim : 0;
    size_t total = sizeof(blob_header) + nc * (sizeof(uint32_t) + sizeof(float)) +
                   (nc + dw) * (size_t)m->dim * sizeof(float) + nc * dw * sizeof(float);
    unsigned char *b = kl_malloc(total);
    blob_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.base.magic, FORMAT_MAGIC, 8);
    h.base.dim = m->dim;
    h.base.ncol = m->ncol;
    h.base.char_min = m->tune.char_min;
    h.base.char_max = m->tune.char_max;
    h.base.stopwords = m->tune.stopwords;
    h.base.bigrams = m->tune.bigrams;
    h.base.word_weight = m->tune.word_weight;
    h.base.char_weight = m->tune.char_weight;
    h.base.sv_exponent = m->tune.sv_exponent;
    h.base.gloss_copies = m->tune.gloss_copies;
    h.base.seed = m->seed;
    h.cooc_dim = (int32_t)dw;
    h.cooc_weight = m->tune.cooc_weight;
    size_t off = 0;
    memcpy(b, &h, sizeof h);
    off += sizeof h;
    memcpy(b + off, m->bucket, nc * sizeof(uint32_t));
    off += nc * sizeof(uint32_t);
    memcpy(b + off, m->idf, nc * sizeof(float));
    off += nc * sizeof(float);
    memcpy(b + off, m->proj, (nc + dw) * (size_t)m->dim * sizeof(float));
    off += (nc + dw) * (size_t)m->dim * sizeof(float);
    if (dw > 0)
        memcpy(b + off, m->wvec, nc * dw * sizeof(float));
    *blob = b;
    *len = total;
    return 0;
}

kl_embed_model *kl_embed_load(const void *blob, size_t len)
{
    blob_header h;
    memset(&h, 0, sizeof h);
    size_t hlen;
    if (!blob || len < sizeof h.base)
        return NULL;
    memcpy(&h.base, blob, sizeof h.base);
    if (memcmp(h.base.magic, FORMAT_MAGIC_002, 8) == 0) {
        hlen = sizeof h.base;             /* no second-order block */
    } else if (memcmp(h.base.magic, FORMAT_MAGIC, 8) == 0 && len >= sizeof h) {
        memcpy(&h, blob, sizeof h);
        hlen = sizeof h;
    } else {
        return NULL;
    }
    const blob_header_002 *hb = &h.base;
    if (hb->dim <= 0 || hb->dim > 65536 || hb->ncol < 0 || hb->ncol > (int32_t)EMB_N_BUCKETS ||
        hb->char_min < 1 || hb->char_max < hb->char_min || hb->char_max > 16 ||
        hb->gloss_copies < 0 || hb->gloss_copies > KL_EMBED_MAX_GLOSS || h.cooc_dim < 0 ||
        h.cooc_dim > KL_EMBED_MAX_COOC || !(h.cooc_weight >= 0 && h.cooc_weight < 1e6f))
        return NULL;
    size_t nc = (size_t)hb->ncol, dw = (size_t)h.cooc_dim;
    size_t expect = hlen + nc * (sizeof(uint32_t) + sizeof(float)) +
                    (nc + dw) * (size_t)hb->dim * sizeof(float) + nc * dw * sizeof(float);
    if (len != expect)
        return NULL;
    const unsigned char *b = blob;
    kl_embed_model *m = kl_calloc(1, sizeof *m);
    m->dim = hb->dim;
    m->ncol = hb->ncol;
    m->seed = hb->seed;
    m->tune = (emb_tuning){hb->char_min,    hb->char_max,  hb->word_weight,
                           hb->char_weight, hb->stopwords, hb->bigrams,
                           hb->sv_exponent, hb->gloss_copies, h.cooc_dim,
                           h.cooc_weight};
    m->bucket = kl_malloc((nc ? nc : 1) * sizeof *m->bucket);
    m->idf = kl_malloc((nc ? nc : 1) * sizeof *m->idf);
    m->proj = kl_malloc((nc + dw + 1) * (size_t)m->dim * sizeof *m->proj);
    size_t off = hlen;
    memcpy(m->bucket, b + off, nc * sizeof(uint32_t));
    off += nc * sizeof(uint32_t);
    memcpy(m->idf, b + off, nc * sizeof(float));
    off += nc * sizeof(float);
    memcpy(m->proj, b + off, (nc + dw) * (size_t)m->dim * sizeof(float));
    off += (nc + dw) * (size_t)m->dim * sizeof(float);
    if (dw > 0) {
        m->wvec = kl_malloc((nc ? nc : 1) * dw * sizeof *m->wvec);
        memcpy(m->wvec, b + off, nc * dw * sizeof(float));
    }
    for (size_t i = 0; i < nc; i++) {
        if (m->bucket[i] >= EMB_N_BUCKETS || !(m->idf[i] >= 0)) {
            kl_embed_free(m);
            return NULL;
        }
    }
    emb_model_index(m);
    return m;
}
