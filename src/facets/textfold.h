/* textfold.h — word boundaries and phrase matching shared by the offline facet
 * extractors, over the text layer's folding (kl_fold_lower) and character classes.
 * Private to src/facets. Patterns handed to kl_fold_match are written in lowercase. */
#ifndef KLEIO_FACETS_TEXTFOLD_H
#define KLEIO_FACETS_TEXTFOLD_H
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kleio/textfold.h"

/* Case folding and the character classes are the text layer's (kleio/textfold.h). */
bool kl_cp_is_upper(uint32_t cp);

/* Code point ending just before s[pos], or 0 at the start; *start gets its offset. */
uint32_t kl_cp_before(const char *s, size_t pos, size_t *start);
/* Code point at s[pos] (0 at the end); *len gets its byte length. */
uint32_t kl_cp_at(const char *s, size_t n, size_t pos, size_t *len);
/* True when a word may start at pos: nothing before it, or the previous code point is
 * neither a letter nor an ASCII digit, or either side is in an unspaced script. */
bool kl_word_start(const char *s, size_t n, size_t pos);
/* True when a word ends at pos (the reverse test). */
bool kl_word_end(const char *s, size_t n, size_t pos);

/* Matches lowercase pattern pat against s[0..n) case-insensitively; returns the number of
 * bytes of s matched, or 0. A space in pat matches one or more spaces in s. */
size_t kl_fold_match(const char *s, size_t n, const char *pat);
/* The same for a pattern of plen bytes (not NUL-terminated). */
size_t kl_fold_match_n(const char *s, size_t n, const char *pat, size_t plen);

/* A NULL-terminated list of lowercase phrases, indexed by first byte on first use so
 * that each text position is compared with the few phrases that can start there.
 * A phrase matches as a whole word unless it ends in '*' (a stem: any continuation),
 * in punctuation ("st.", "c/", "regards,") or in an unspaced-script or Hangul letter. */
#define KL_PHRASES_MAX 1024
#define KL_PHRASES_BUCKETS 1024
typedef struct kl_phrases {
    const char *const *list;
    atomic_int ready;
    unsigned short start[KL_PHRASES_BUCKETS + 1];
    unsigned short order[KL_PHRASES_MAX];
    unsigned char len[KL_PHRASES_MAX];      /* bytes without the stem mark */
    bool open[KL_PHRASES_MAX];              /* matches without a word end */
} kl_phrases;
#define KL_PHRASES(l) {.list = (l)}

/* The index bucket (0..255) of a folded first code point: spreads every script, where
 * a first byte would put all of Cyrillic, Devanagari or CJK into a few buckets. */
unsigned kl_cp_bucket(uint32_t cp);
/* Longest phrase matching at s[0..n): its byte length in s, or 0; *which (may be NULL)
 * gets its index in the list. Thread-safe. */
size_t kl_phrases_match(kl_phrases *set, const char *s, size_t n, size_t *which);
/* How many phrase occurrences start at word starts of s[from..to) (non-overlapping);
 * *at_start (may be NULL) tells whether one starts at from. */
int kl_phrases_count(kl_phrases *set, const char *s, size_t from, size_t to, bool *at_start);

#endif
