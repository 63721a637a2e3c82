/* tokens.c — lower-casing and splitting text into words for lexical features. */
#include "kleio/tokens.h"

#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/utf8.h"

#define MAX_TEXT_BYTES 65536

static uint32_t lower(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c < 0xC0)
        return c;
    if (c <= 0xDE && c != 0xD7)
        return c + 32;                                   /* Latin-1 */
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
        return c + 32;                                   /* Greek */
    if (c >= 0x410 && c <= 0x42F)
        return c + 32;                                   /* Cyrillic */
    if (c >= 0x400 && c <= 0x40F)
        return c + 80;
    if (c >= 0xFF21 && c <= 0xFF3A)
        return c - 0xFF21 + 'a';                         /* fullwidth Latin */
    if (c >= 0xFF41 && c <= 0xFF5A)
        return c - 0xFF41 + 'a';
    if (c >= 0xFF10 && c <= 0xFF19)
        return c - 0xFF10 + '0';
    return c;
}

/* Letters and digits of any script (and combining marks) form words; punctuation,
 * symbols, emoji and spaces separate them. */
static bool is_word_char(uint32_t c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (c < 0xC0)
        return c == 0xAA || c == 0xB5 || c == 0xBA;
    if (c == 0xD7 || c == 0xF7)
        return false;
    if (c >= 0x2000 && c <= 0x2BFF)
        return false;                                    /* punctuation, arrows, symbols */
    if (c >= 0x3000 && c <= 0x303F)
        return false;                                    /* CJK punctuation */
    if (c >= 0xFF00 && c <= 0xFF0F)
        return false;
    if ((c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
        (c >= 0xFF5B && c <= 0xFF65))
        return false;
    if (c >= 0xFE10 && c <= 0xFE6F)
        return false;
    if (c >= 0x1F000 && c <= 0x1FAFF)
        return false;                                    /* emoji */
    if (c == KL_REPLACEMENT_CHAR || (c >= 0xE000 && c <= 0xF8FF))
        return false;
    return true;
}

static bool is_nospace(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x20000 && c <= 0x2FFFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
           (c >= 0xFF66 && c <= 0xFF9F) ||                  /* halfwidth kana */
           (c >= 0x0E00 && c <= 0x0EFF) ||                  /* Thai, Lao */
           (c >= 0x1780 && c <= 0x17FF) ||                  /* Khmer */
           (c >= 0x1000 && c <= 0x109F);                    /* Myanmar */
}

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
        bool w = is_word_char(c);
        bool ns = w && is_nospace(c);
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
        push_cp(t, lower(c));
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
