/* textfold.c — simple case folding, letter classes and word boundaries over UTF-8. */
#include "textfold.h"

#include <pthread.h>
#include <string.h>

#include "kleio/utf8.h"

bool kl_cp_is_upper(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    if (cp == 0x130)
        return true;
    return kl_fold_lower(cp) != cp;
}

uint32_t kl_cp_before(const char *s, size_t pos, size_t *start)
{
    if (pos == 0) {
        if (start)
            *start = 0;
        return 0;
    }
    size_t i = pos - 1;
    while (i > 0 && pos - i < 4 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    uint32_t cp;
    size_t got = kl_utf8_decode(s + i, pos - i, &cp);
    if (i + got != pos) {                     /* broken sequence: treat the byte alone */
        i = pos - 1;
        cp = KL_REPLACEMENT_CHAR;
    }
    if (start)
        *start = i;
    return cp;
}

uint32_t kl_cp_at(const char *s, size_t n, size_t pos, size_t *len)
{
    if (pos >= n) {
        if (len)
            *len = 0;
        return 0;
    }
    uint32_t cp;
    size_t got = kl_utf8_decode(s + pos, n - pos, &cp);
    if (len)
        *len = got;
    return cp;
}

/* Only ASCII digits join letters into a word here, as the lexicons were written. */
static bool word_char(uint32_t cp)
{
    return kl_cp_is_letter(cp) || (cp >= '0' && cp <= '9');
}

static bool ascii_word_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool kl_word_start(const char *s, size_t n, size_t pos)
{
    if (pos == 0)
        return true;
    unsigned char b = (unsigned char)s[pos - 1];
    if (b < 0x80) {                           /* the common case, without decoding */
        if (!ascii_word_char(b))
            return true;
        return pos < n && (unsigned char)s[pos] >= 0x80 && kl_cp_is_unspaced(kl_cp_at(s, n, pos, NULL));
    }
    uint32_t prev = kl_cp_before(s, pos, NULL);
    if (!prev || !word_char(prev) || kl_cp_is_unspaced(prev))
        return true;
    return kl_cp_is_unspaced(kl_cp_at(s, n, pos, NULL));
}

bool kl_word_end(const char *s, size_t n, size_t pos)
{
    if (pos >= n)
        return true;
    unsigned char b = (unsigned char)s[pos];
    if (b < 0x80 && !ascii_word_char(b))
        return true;
    uint32_t next = kl_cp_at(s, n, pos, NULL);
    if (!word_char(next) || kl_cp_is_unspaced(next))
        return true;
    uint32_t prev = kl_cp_before(s, pos, NULL);
    return prev && kl_cp_is_unspaced(prev);
}

/* pend == NULL: the pattern ends at its NUL (saves a strlen per attempt: these run at
 * every word start against every cue). */
static size_t fold_match(const char *s, size_t n, const char *p, const char *pend)
{
    /* Fast rejection on the first byte: most attempts fail there. */
    unsigned char p0 = (unsigned char)p[0], s0 = n ? (unsigned char)s[0] : 0;
    if (p0 < 0x80 && p0 != ' ' && p0 != '\'') {
        /* 0xC4 leads U+0130 (Turkish dotted capital I), which folds to ASCII 'i'. */
        if (!n || (s0 >= 0x80 && s0 != 0xC4) || (s0 < 0x80 && (unsigned char)kl_fold_lower(s0) != p0))
            return 0;
    } else if (p0 >= 0x80 && n && s0 < 0x80) {
        return 0;
    }
    size_t i = 0;
    while (pend ? p < pend : *p != 0) {
        if (*p == ' ') {
            if (i >= n || (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r'))
                return 0;
            while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
                i++;
            p++;
            continue;
        }
        if (i >= n)
            return 0;
        uint32_t pc, sc;
        unsigned char pb = (unsigned char)*p, sb = (unsigned char)s[i];
        if (pb < 0x80 && sb < 0x80) {                  /* ASCII against ASCII */
            if ((unsigned char)kl_fold_lower(sb) != pb)
                return 0;
            p++;
            i++;
            continue;
        }
        p += kl_utf8_decode(p, pend ? (size_t)(pend - p) : 4, &pc);
        size_t got = kl_utf8_decode(s + i, n - i, &sc);
        if (kl_fold_lower(sc) != pc && !(pc == '\'' && (sc == 0x2019 || sc == 0x2BC)))
            return 0;
        i += got;
    }
    return i;
}

size_t kl_fold_match(const char *s, size_t n, const char *pat)
{
    return fold_match(s, n, pat, NULL);
}

size_t kl_fold_match_n(const char *s, size_t n, const char *pat, size_t plen)
{
    return plen ? fold_match(s, n, pat, pat + plen) : 0;
}

static pthread_mutex_t phrases_lock = PTHREAD_MUTEX_INITIALIZER;

unsigned kl_cp_bucket(uint32_t cp)
{
    return (unsigned)((cp * 2654435761u) >> 24);   /* Fibonacci hashing into 256 buckets */
}

static bool phrase_open(const char *p, size_t len)
{
    uint32_t last = kl_cp_before(p, len, NULL);
    return !(kl_cp_is_letter(last) || (last >= '0' && last <= '9')) || kl_cp_is_unspaced(last) ||
           (last >= 0xAC00 && last <= 0xD7AF);
}

/* Phrases are keyed by their first two code points (the second 0 for one-character
 * phrases and stems cut after one): most text positions then meet no candidate at all. */
static uint32_t second_key(uint32_t cp)
{
    if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r')
        return ' ';
    if (cp == 0x2019 || cp == 0x2BC)
        return '\'';
    return kl_fold_lower(cp);
}

static unsigned pair_bucket(uint32_t first, uint32_t second)
{
    return (unsigned)(((first * 2654435761u) ^ (second * 40503u)) * 2654435761u >> 22) &
           (KL_PHRASES_BUCKETS - 1);
}

static unsigned phrase_bucket(const char *p, size_t len)
{
    size_t l1;
    uint32_t first = kl_cp_at(p, len, 0, &l1);
    uint32_t second = l1 < len && p[l1] != '*' ? kl_cp_at(p, len, l1, NULL) : 0;
    return pair_bucket(first, second);
}

static void phrases_build(kl_phrases *set)
{
    size_t count[KL_PHRASES_BUCKETS] = {0}, n = 0;
    for (; n < KL_PHRASES_MAX && set->list[n]; n++)
        count[phrase_bucket(set->list[n], strlen(set->list[n]))]++;
    size_t at = 0, fill[KL_PHRASES_BUCKETS];
    for (size_t b = 0; b < KL_PHRASES_BUCKETS; b++) {
        set->start[b] = (unsigned short)at;
        fill[b] = at;
        at += count[b];
    }
    set->start[KL_PHRASES_BUCKETS] = (unsigned short)at;
    for (size_t k = 0; k < n; k++) {
        const char *p = set->list[k];
        size_t len = strlen(p), slot = fill[phrase_bucket(p, len)]++;
        bool stem = len > 1 && p[len - 1] == '*';
        set->order[slot] = (unsigned short)k;
        set->len[slot] = (unsigned char)(stem ? len - 1 : len);
        set->open[slot] = stem || phrase_open(p, len);
    }
}

static size_t match_bucket(kl_phrases *set, unsigned b, const char *s, size_t n, size_t best,
                           size_t *which)
{
    for (size_t r = set->start[b]; r < set->start[b + 1]; r++) {
        size_t m = fold_match(s, n, set->list[set->order[r]], set->list[set->order[r]] + set->len[r]);
        if (m > best && (set->open[r] || kl_word_end(s, n, m))) {
            best = m;
            if (which)
                *which = set->order[r];
        }
    }
    return best;
}

size_t kl_phrases_match(kl_phrases *set, const char *s, size_t n, size_t *which)
{
    if (!atomic_load_explicit(&set->ready, memory_order_acquire)) {
        pthread_mutex_lock(&phrases_lock);
        if (!atomic_load_explicit(&set->ready, memory_order_relaxed)) {
            phrases_build(set);
            atomic_store_explicit(&set->ready, 1, memory_order_release);
        }
        pthread_mutex_unlock(&phrases_lock);
    }
    if (n == 0)
        return 0;
    size_t l1;
    uint32_t first = kl_fold_lower(kl_cp_at(s, n, 0, &l1));
    uint32_t second = l1 < n ? second_key(kl_cp_at(s, n, l1, NULL)) : 0;
    size_t best = second ? match_bucket(set, pair_bucket(first, second), s, n, 0, which) : 0;
    return match_bucket(set, pair_bucket(first, 0), s, n, best, which);
}

int kl_phrases_count(kl_phrases *set, const char *s, size_t from, size_t to, bool *at_start)
{
    int hits = 0;
    if (at_start)
        *at_start = false;
    for (size_t i = from; i < to; i++) {
        if (((unsigned char)s[i] & 0xC0) == 0x80 || !kl_word_start(s, to, i))
            continue;
        size_t m = kl_phrases_match(set, s + i, to - i, NULL);
        if (!m)
            continue;
        hits++;
        if (i == from && at_start)
            *at_start = true;
        i += m - 1;
    }
    return hits;
}
