/* sparse_text.h — sparse TF-IDF rows of short texts, for the stages that work on the words
 * themselves rather than on their reduced embedding (relabel.h).
 * Contract: features are word unigrams (without stop words), word bigrams and, optionally,
 * character n-grams inside words (padded with spaces; kl_tokenize's words), hashed into
 * 2^21 buckets; columns seen in fewer than two texts are dropped (they cannot tie two texts
 * together); values are sublinear tf (1 + log tf) times smoothed idf, rows L2-normalised.
 * An offline summary's English gloss (after " — ", concepts.h) counts gloss_copies times
 * (0: left out), as in the embedding (embed.h).
 * Deterministic and independent of the order of the texts (columns are numbered by bucket,
 * each row's entries sorted by column), whatever the thread count.
 * Memory: 8 bytes per stored entry (some 30 per summary with words alone, 150 with
 * character n-grams) + 8 bytes per row + 16 MB of bucket tables during the build. */
#ifndef KLEIO_SPARSE_TEXT_H
#define KLEIO_SPARSE_TEXT_H
#include <stddef.h>
#include <stdint.h>

typedef struct kl_sparse_rows {
    size_t n;                /* rows */
    uint32_t ncol;           /* columns (distinct kept features) */
    size_t *start;           /* n + 1: row i's entries are [start[i], start[i+1]) */
    uint32_t *col;           /* column of each entry, ascending within a row */
    float *val;              /* its weight */
} kl_sparse_rows;

typedef struct kl_sparse_text_params {
    int char_min, char_max;  /* character n-gram lengths; char_max 0: none */
    int gloss_copies;        /* times the gloss counts (0: left out) */
    int threads;             /* 0 = online CPUs */
} kl_sparse_text_params;

/* Builds the rows of texts[0..n) into out. Returns 0, or -1 when n == 0. */
int kl_sparse_text_build(const char *const *texts, size_t n, const kl_sparse_text_params *p,
                         kl_sparse_rows *out);
void kl_sparse_rows_free(kl_sparse_rows *s);

#endif
