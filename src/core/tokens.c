/* tokens.c — lower-casing and splitting text into words for lexical features, with the
 * text layer's fold and character classes (textfold.h). */
#include "kleio/tokens.h"

#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/textfold.h"
#include "kleio/utf8.h"

#define MAX_TEXT_BYTES 65536

static void push_cp(kl_tokens *t, uint32_t c)
{
    if (t->n_cp == t->cap_cp) {
        t->cap_cp = t->cap_cp ? t->cap_cp * 2 : 256;
        t->cp = kl_reallocarray(t->cp, t->cap_cp, sizeof *t->cp);
    }
    t->cp[t->n_cp++] = c;
}

static void push_word(kl_tokens *t, size_t start, bool nospace)
{
    if (t->n_cp == start)
        return;
    if (t->n_words == t->cap_words) {
        t->cap_words = t->cap_words ? t->cap_words * 2 : 32;
        t->words = kl_reallocarray(t->words, t->cap_words, sizeof *t->words);
    }
    t->words[t->n_words++] = (kl_word){(uint32_t)start, (uint32_t)(t->n_cp - start), nospace};
}

void kl_tokenize(const char *text, kl_tokens *t)
{
    t->n_cp = 0;
    t->n_words = 0;
    if (!text)
        return;
    size_t len = strnlen(text, MAX_TEXT_BYTES);
    size_t i = 0, start = 0;
    bool in_word = false, nospace = false;
    while (i < len) {
        uint32_t c;
        i += kl_utf8_decode(text + i, len - i, &c);
        bool w = kl_cp_is_word(c);
        bool ns = w && kl_cp_is_unspaced(c);
        /* A change of script class (e.g. Latin letters next to kana) ends a word. */
        if (in_word && (!w || ns != nospace)) {
            push_word(t, start, nospace);
            in_word = false;
        }
        if (!w)
            continue;
        if (!in_word) {
            in_word = true;
            nospace = ns;
            start = t->n_cp;
        }
        push_cp(t, kl_fold_lower(c));
    }
    if (in_word)
        push_word(t, start, nospace);
}

void kl_tokens_free(kl_tokens *t)
{
    free(t->cp);
    free(t->words);
    *t = (kl_tokens)KL_TOKENS_INIT;
}

/* Sorted, so that lookup is a binary search. */
static const char *const stopwords[] = {
    "a", "about", "after", "all", "am", "an", "and", "any", "are", "as", "at", "be",
    "been", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has",
    "have", "he", "her", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its",
    "just", "me", "my", "of", "on", "or", "our", "please", "she", "should", "so", "some",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "to",
    "up", "us", "was", "we", "were", "what", "when", "where", "which", "who", "why", "will",
    "with", "would", "you", "your",
};

bool kl_token_in_sorted(const uint32_t *cp, size_t len, const char *const *sorted, size_t n)
{
    char w[16];
    if (len == 0 || len >= sizeof w)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (cp[i] >= 0x80)
            return false;
        w[i] = (char)cp[i];
    }
    w[len] = 0;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(w, sorted[mid]);
        if (c == 0)
            return true;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

bool kl_token_is_stopword(const uint32_t *cp, size_t len)
{
    return kl_token_in_sorted(cp, len, stopwords, sizeof stopwords / sizeof *stopwords);
}
