/* concepts.c — kl_concepts_find / kl_concepts_gloss: the lexicon's forms are tokenized and
 * folded once (on first use), sorted by first code point; a text is tokenized and folded
 * the same way, and each word start (each position of an unspaced run) is compared with
 * the few forms that begin with its code point (binary search). */
#include "kleio/concepts.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/buf.h"
#include "kleio/mem.h"
#include "kleio/textfold.h"
#include "kleio/tokens.h"

#define STEM 0xFFFFFFFFu   /* in a folded form: the word before is a stem */
#define GAP 0xFFFFFFFEu    /* in a folded form: a word boundary */

typedef struct form {
    const uint32_t *cp;    /* folded words separated by GAP, STEM after a stem */
    uint32_t len;
    uint32_t first;
    uint16_t concept;
    bool unspaced;         /* one run of an unspaced script: matches inside runs */
} form;

static form *forms;
static size_t n_forms;
static uint32_t *form_cp;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* A text's words, folded: cp[start[w] .. start[w]+len[w]). */
typedef struct folded {
    uint32_t *cp;
    uint32_t *start, *len;
    bool *nospace;
    size_t n;
} folded;

/* Arabic punctuation sits in the Arabic block and may be tokenized as part of a word. */
static bool is_arabic_punct(uint32_t c)
{
    return c == 0x060C || c == 0x061B || c == 0x061F || (c >= 0x066A && c <= 0x066D) ||
           c == 0x06D4;
}

static void fold_words(const char *text, kl_tokens *tok, folded *f)
{
    kl_tokenize(text, tok);
    f->cp = kl_malloc((tok->n_cp + 1) * sizeof *f->cp);
    f->start = kl_malloc((tok->n_words + 1) * sizeof *f->start);
    f->len = kl_malloc((tok->n_words + 1) * sizeof *f->len);
    f->nospace = kl_malloc((tok->n_words + 1) * sizeof *f->nospace);
    size_t at = 0;
    f->n = 0;
    for (size_t w = 0; w < tok->n_words; w++) {
        const kl_word *wd = &tok->words[w];
        size_t s = at;
        for (uint32_t i = 0; i < wd->len; i++) {
            uint32_t c = tok->cp[wd->start + i];
            if (!kl_fold_is_mark(c) && !is_arabic_punct(c))
                f->cp[at++] = kl_fold_base(c);
        }
        if (at == s)
            continue;
        f->start[f->n] = (uint32_t)s;
        f->len[f->n] = (uint32_t)(at - s);
        f->nospace[f->n] = wd->nospace;
        f->n++;
    }
}

static void folded_free(folded *f)
{
    free(f->cp);
    free(f->start);
    free(f->len);
    free(f->nospace);
}

static int cmp_form(const void *a, const void *b)
{
    const form *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    return x->concept < y->concept ? -1 : x->concept > y->concept;
}

/* Tokenizes one '|'-separated form into cps (GAP between words, STEM after stems). */
static void build_form(const char *s, size_t n, kl_tokens *tok, uint32_t **cps, size_t *ncp,
                       size_t *cap, bool *unspaced, size_t *words)
{
    *words = 0;
    *unspaced = false;
    char seg[256];
    size_t i = 0;
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        size_t j = i;
        while (j < n && s[j] != ' ')
            j++;
        if (j == i)
            break;
        size_t sl = j - i;
        bool stem = s[j - 1] == '*';
        if (stem)
            sl--;
        if (sl >= sizeof seg)
            sl = sizeof seg - 1;
        memcpy(seg, s + i, sl);
        seg[sl] = 0;
        folded f;
        fold_words(seg, tok, &f);
        for (size_t w = 0; w < f.n; w++) {
            if (*ncp + f.len[w] + 2 > *cap)
                *cps = kl_reallocarray(*cps, *cap = (*cap + f.len[w] + 2) * 2, sizeof **cps);
            if (*words)
                (*cps)[(*ncp)++] = GAP;
            memcpy(*cps + *ncp, f.cp + f.start[w], f.len[w] * sizeof **cps);
            *ncp += f.len[w];
            (*words)++;
            *unspaced = f.nospace[w];
        }
        if (stem && f.n)
            (*cps)[(*ncp)++] = STEM;
        folded_free(&f);
        i = j;
    }
    if (*words > 1)
        *unspaced = false;
}

static void build_index(void)
{
    kl_tokens tok = KL_TOKENS_INIT;
    size_t cap_forms = 1024, cap_cp = 1 << 15, ncp = 0;
    uint32_t *cps = kl_malloc(cap_cp * sizeof *cps);
    forms = kl_malloc(cap_forms * sizeof *forms);
    size_t *offset = kl_malloc(cap_forms * sizeof *offset);
    for (size_t c = 0; c < kl_concept_count; c++) {
        const char *p = kl_concept_lexicon[c].forms;
        while (*p) {
            const char *bar = strchr(p, '|');
            size_t n = bar ? (size_t)(bar - p) : strlen(p);
            size_t at = ncp, words;
            bool unspaced;
            build_form(p, n, &tok, &cps, &ncp, &cap_cp, &unspaced, &words);
            if (words) {
                if (n_forms == cap_forms) {
                    forms = kl_reallocarray(forms, cap_forms *= 2, sizeof *forms);
                    offset = kl_reallocarray(offset, cap_forms, sizeof *offset);
                }
                offset[n_forms] = at;
                forms[n_forms] = (form){NULL, (uint32_t)(ncp - at), cps[at], (uint16_t)c,
                                        unspaced};
                n_forms++;
            }
            p += n + (bar ? 1 : 0);
        }
    }
    form_cp = cps;
    for (size_t k = 0; k < n_forms; k++)
        forms[k].cp = form_cp + offset[k];
    free(offset);
    qsort(forms, n_forms, sizeof *forms, cmp_form);
    kl_tokens_free(&tok);
}

/* Offsets at which an Arabic word may start after a prefix: 0, then after و ف ب ل ك
 * and/or the article ال ("والبرمجة" → "برمجة"). */
static size_t arabic_starts(const uint32_t *w, size_t len, size_t out[4])
{
    size_t n = 0;
    out[n++] = 0;
    if (len < 4 || w[0] < 0x0600 || w[0] > 0x06FF)
        return n;
    size_t p = 0;
    if (w[0] == 0x0648 || w[0] == 0x0641 || w[0] == 0x0628 || w[0] == 0x0644 || w[0] == 0x0643) {
        p = 1;
        out[n++] = 1;
    }
    if (len >= p + 4 && w[p] == 0x0627 && w[p + 1] == 0x0644)
        out[n++] = p + 2;
    else if (p == 1 && w[0] == 0x0644 && w[1] == 0x0644)
        out[n++] = 2;                        /* "للبرمجة" */
    return n;
}

/* Does form f, from its position i, match the text's words from word w? */
static bool match_from(const form *f, size_t i, const folded *t, size_t w)
{
    if (w >= t->n || t->nospace[w])
        return false;
    size_t s = i;
    while (i < f->len && f->cp[i] != GAP && f->cp[i] != STEM)
        i++;
    size_t seg = i - s;
    bool stem = i < f->len && f->cp[i] == STEM;
    if (stem)
        i++;
    const uint32_t *wc = t->cp + t->start[w];
    size_t starts[4], ns = arabic_starts(wc, t->len[w], starts);
    for (size_t k = 0; k < ns; k++) {
        size_t wl = t->len[w] - starts[k];
        if (wl < seg || (!stem && wl != seg) ||
            memcmp(wc + starts[k], f->cp + s, seg * sizeof *wc) != 0)
            continue;
        if (i >= f->len)
            return true;
        if (match_from(f, i + 1, t, w + 1))
            return true;
    }
    return false;
}

/* The range of forms whose first code point is cp. */
static size_t forms_lower(uint32_t cp)
{
    size_t lo = 0, hi = n_forms;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (forms[mid].first < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void scan(const char *text, kl_tokens *tok, bool *hit)
{
    if (!text || !*text)
        return;
    folded t;
    fold_words(text, tok, &t);
    for (size_t w = 0; w < t.n; w++) {
        const uint32_t *wc = t.cp + t.start[w];
        if (t.nospace[w]) {
            for (size_t p = 0; p < t.len[w]; p++)
                for (size_t k = forms_lower(wc[p]); k < n_forms && forms[k].first == wc[p]; k++) {
                    const form *f = &forms[k];
                    if (f->unspaced && !hit[f->concept] && f->len <= t.len[w] - p &&
                        memcmp(wc + p, f->cp, f->len * sizeof *wc) == 0)
                        hit[f->concept] = true;
                }
            continue;
        }
        size_t starts[4], ns = arabic_starts(wc, t.len[w], starts);
        for (size_t a = 0; a < ns; a++) {
            uint32_t c0 = wc[starts[a]];
            for (size_t k = forms_lower(c0); k < n_forms && forms[k].first == c0; k++) {
                const form *f = &forms[k];
                if (!f->unspaced && !hit[f->concept] && match_from(f, 0, &t, w))
                    hit[f->concept] = true;
            }
        }
    }
    folded_free(&t);
}

size_t kl_concepts_find(const char *priority, const char *text, size_t *out, size_t max)
{
    pthread_once(&once, build_index);
    bool *first = kl_calloc(kl_concept_count, sizeof *first);
    bool *all = kl_calloc(kl_concept_count, sizeof *all);
    kl_tokens tok = KL_TOKENS_INIT;
    scan(priority, &tok, first);
    memcpy(all, first, kl_concept_count * sizeof *all);
    scan(text, &tok, all);
    kl_tokens_free(&tok);
    size_t n = 0;
    for (size_t c = 0; c < kl_concept_count && n < max; c++)
        n += first[c];
    for (size_t c = 0; c < kl_concept_count && n < max; c++)
        if (all[c] && !first[c]) {
            first[c] = true;
            n++;
        }
    size_t k = 0;
    for (size_t c = 0; c < kl_concept_count && k < max; c++)
        if (first[c])
            out[k++] = c;
    free(first);
    free(all);
    return k;
}

char *kl_concepts_gloss(const char *priority, const char *text)
{
    size_t idx[KL_CONCEPTS_MAX_TERMS];
    size_t n = kl_concepts_find(priority, text, idx, KL_CONCEPTS_MAX_TERMS);
    kl_buf b = KL_BUF_INIT;
    for (size_t k = 0; k < n; k++) {
        if (k)
            kl_buf_puts(&b, ", ");
        kl_buf_puts(&b, kl_concept_lexicon[idx[k]].term);
    }
    const char *domains[KL_CONCEPTS_MAX_DOMAINS];
    size_t nd = 0;
    for (size_t k = 0; k < n && nd < KL_CONCEPTS_MAX_DOMAINS; k++) {
        const char *d = kl_concept_lexicon[idx[k]].domain;
        bool seen = !d;                          /* none, already given, or a term */
        for (size_t j = 0; j < nd && !seen; j++)
            seen = strcmp(domains[j], d) == 0;
        for (size_t j = 0; j < n && !seen; j++)
            seen = strcmp(kl_concept_lexicon[idx[j]].term, d) == 0;
        if (!seen) {
            kl_buf_puts(&b, nd ? ", " : "; ");
            kl_buf_puts(&b, d);
            domains[nd++] = d;
        }
    }
    char *out = kl_buf_steal(&b);
    return out ? out : kl_calloc(1, 1);
}
