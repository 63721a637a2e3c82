/* tokens.h — word segmentation shared by the lexical embeddings and the cluster names.
 * Text is decoded from UTF-8, lower-cased (Latin, Greek, Cyrillic), and split into runs
 * of letters and digits. Runs in scripts written without spaces (Han, kana, Thai, Lao,
 * Khmer, Myanmar) are flagged so that callers can use character n-grams for them. */
#ifndef KLEIO_TOKENS_H
#define KLEIO_TOKENS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct kl_word {
    uint32_t start;          /* index into kl_tokens.cp */
    uint32_t len;            /* code points */
    bool nospace;            /* a run of a script written without spaces */
} kl_word;

/* Reusable scratch: call kl_tokenize many times on one kl_tokens, free once. */
typedef struct kl_tokens {
    uint32_t *cp;            /* lower-cased code points of all words, back to back */
    size_t n_cp, cap_cp;
    kl_word *words;
    size_t n_words, cap_words;
} kl_tokens;

#define KL_TOKENS_INIT {NULL, 0, 0, NULL, 0, 0}

/* Splits text (NUL-terminated; NULL = empty) into t, replacing its previous contents.
 * Texts longer than 64 KiB are cut there (summaries are short; this bounds the work). */
void kl_tokenize(const char *text, kl_tokens *t);
void kl_tokens_free(kl_tokens *t);

/* True for a very common English function word ("the", "to", "of", ...), given as code
 * points: such words carry no topic on their own. */
/* True when the word cp[0..len) is ASCII and one of sorted[0..n) (ascending strcmp order,
 * each shorter than 16 bytes). */
bool kl_token_in_sorted(const uint32_t *cp, size_t len, const char *const *sorted, size_t n);
bool kl_token_is_stopword(const uint32_t *cp, size_t len);

/* ---- in-band separators ---- */

/* Between an offline summary's wording and its English gloss of topics (concepts.h):
 * written by the summary, split at by the lexical features. */
#define KL_GLOSS_SEPARATOR " \xE2\x80\x94 "
/* Where text's first gloss separator starts, or NULL when it has none. */
const char *kl_text_gloss(const char *text);

/* ---- hashed features of tokenized text (lexical embeddings, sparse TF-IDF rows) ---- */

enum kl_feature_kind {
    KL_FEATURE_CHAR,         /* a character n-gram of a word padded with a space each side */
    KL_FEATURE_WORD,         /* a word, or a character bigram in a script without spaces */
    KL_FEATURE_BIGRAM,       /* two words in a row */
};

typedef struct kl_feature_opts {
    int char_min, char_max;  /* n-gram lengths; char_max 0: no character n-grams */
    uint64_t char_seed;      /* seed of the n-gram hashes */
    bool stopwords;          /* leave stop words out of the words (not of the bigrams) */
    bool bigrams;
} kl_feature_opts;

typedef void (*kl_feature_fn)(void *ctx, enum kl_feature_kind kind, uint64_t hash);

/* Calls fn with the 64-bit hash of every feature of t, word by word in order: its
 * n-grams, then its word (or its character bigrams), then its bigram with the word
 * before. Duplicates are reported each time. */
void kl_token_features(const kl_tokens *t, const kl_feature_opts *o, kl_feature_fn fn, void *ctx);

#endif
