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

#endif
