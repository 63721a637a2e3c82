/* refusal.c — did the assistant decline? Refusals open or close a reply, so only
 * the first and last few hundred characters are read, folded (case, diacritics,
 * quotes, commas, markdown) and matched against a multilingual lexicon. A refusal
 * phrase near the start weighs most; an apology alone ("sorry for the confusion,
 * here is the fixed code") weighs too little to count; a reply that declines but then
 * offers an alternative with real content is PARTIAL. */
#include "kleio/refusal.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "kleio/textfold.h"
#include "kleio/utf8.h"
#include "refusal_phrases.h"

#define MAX_PHRASE 64
#define HEAD_BYTES 1200   /* read this much of the start … */
#define HEAD_CPS 300      /* … and keep this many folded characters */
#define OPENING_CPS 110   /* the first sentence or so */
#define TAIL_BYTES 700
#define TAIL_CPS 240
#define GAP_CPS 80        /* " … " in a phrase spans at most this much text */
#define BUCKETS 4096u     /* phrases are indexed by their first two characters */

struct phrase {
    uint32_t cps[MAX_PHRASE];
    uint8_t len;          /* first part */
    uint8_t len2;         /* second part after a gap, 0 when none */
    uint8_t kind;
    bool bounded;         /* must start a word (scripts written with spaces) */
    bool bounded2;        /* the same for the part after the gap */
    int32_t next;         /* next phrase with the same first-letter bucket */
};

static struct phrase s_phrases[1024];
static size_t s_count;
static int32_t s_bucket[BUCKETS];
static pthread_once_t s_once = PTHREAD_ONCE_INIT;

/* A character of a word in a script written with spaces: a phrase of such a script
 * must not start right after one ("no puedo" is not inside "piano puedo"). */
static bool is_word_cp(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp == '\'';
    return cp < 0x2E80 && !(cp >= 0xE00 && cp <= 0xE7F) && !(cp >= 0x2000 && cp <= 0x206F);
}

/* Folds text into out: kl_fold_base, combining marks and markdown/punctuation noise
 * dropped, whitespace runs as one space. Returns the number of code points. */
static size_t fold_text(const char *s, size_t len, uint32_t *out, size_t cap)
{
    size_t n = 0, i = 0;
    while (i < len && n < cap) {
        uint32_t cp;
        i += kl_utf8_decode(s + i, len - i, &cp);
        if (kl_fold_is_mark(cp))
            continue;
        cp = kl_fold_base(cp);
        if (cp == ',' || cp == '*' || cp == '#' || cp == '`' || cp == '"' || cp == '_' ||
            cp == '>' || cp == '|' || cp == KL_REPLACEMENT_CHAR)
            continue;
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r') {
            if (n > 0 && out[n - 1] != ' ')
                out[n++] = ' ';
            continue;
        }
        out[n++] = cp;
    }
    return n;
}

static uint32_t bucket_of(uint32_t c0, uint32_t c1)
{
    return (c0 * 31u + c1 * 0x9E3779B1u) % BUCKETS;
}

static void lexicon_build(void)
{
    for (size_t b = 0; b < BUCKETS; b++)
        s_bucket[b] = -1;
    for (size_t i = 0; i < kl_refusal_phrase_count && s_count < 1024; i++) {
        const char *t = kl_refusal_phrases[i].text;
        struct phrase *p = &s_phrases[s_count];
        const char *gap = strstr(t, " \xE2\x80\xA6 "); /* " … " */
        size_t l1 = gap ? (size_t)(gap - t) : strlen(t);
        p->len = (uint8_t)fold_text(t, l1, p->cps, MAX_PHRASE);
        p->len2 = gap ? (uint8_t)fold_text(gap + 5, strlen(gap + 5), p->cps + p->len,
                                           MAX_PHRASE - p->len)
                      : 0;
        if (p->len < 2)
            continue;
        p->kind = (uint8_t)kl_refusal_phrases[i].kind;
        uint32_t c0 = p->cps[0];
        p->bounded = is_word_cp(c0);
        p->bounded2 = p->len2 > 0 && is_word_cp(p->cps[p->len]);
        uint32_t b = bucket_of(p->cps[0], p->cps[1]);
        p->next = s_bucket[b];
        s_bucket[b] = (int32_t)s_count++;
    }
}

static bool part_at(const uint32_t *t, size_t n, size_t i, const uint32_t *p, size_t len)
{
    if (i + len > n)
        return false;
    for (size_t k = 0; k < len; k++)
        if (t[i + k] != p[k])
            return false;
    return true;
}

static bool phrase_at(const uint32_t *t, size_t n, size_t i, const struct phrase *p)
{
    if (p->bounded && i > 0 && is_word_cp(t[i - 1]))
        return false;
    if (!part_at(t, n, i, p->cps, p->len))
        return false;
    if (p->len2 == 0)
        return true;
    size_t from = i + p->len;
    for (size_t j = from; j < n && j <= from + GAP_CPS; j++)
        if ((j == from || !p->bounded2 || t[j - 1] == ' ') &&
            part_at(t, n, j, p->cps + p->len, p->len2))
            return true;
    return false;
}

struct scan {
    bool refuse_opening;  /* a refusal phrase in the opening */
    unsigned refuse_later;/* refusal phrases after the opening */
    unsigned soft_opening;/* apologies and objections in the opening */
    unsigned objection_opening; /* moral or legal objections in the opening */
    bool help_opening;    /* a helpful phrase at the very start */
    bool help;            /* a helpful phrase anywhere in the window */
    bool alternative;     /* offers something else */
};

/* Records the matches in t[0..n); the first `opening` characters are the opening
 * (0 for a tail window). */
static void scan_window(const uint32_t *t, size_t n, size_t opening, struct scan *sc)
{
    for (size_t i = 0; i + 1 < n; i++) {
        bool refuse = false, soft = false, objection = false, idiom = false;
        for (int32_t k = s_bucket[bucket_of(t[i], t[i + 1])]; k >= 0; k = s_phrases[k].next) {
            const struct phrase *p = &s_phrases[k];
            if (p->cps[0] != t[i] || p->cps[1] != t[i + 1] || !phrase_at(t, n, i, p))
                continue;
            switch ((enum kl_refusal_kind)p->kind) {
            case KL_RK_REFUSE:
                refuse = true;
                break;
            case KL_RK_SOFT:
                soft = true;
                break;
            case KL_RK_OBJECTION:
                objection = true;
                break;
            case KL_RK_HELP:
                if (i < 40 && opening > 0)
                    sc->help_opening = true;
                sc->help = true;
                break;
            case KL_RK_ALTERNATIVE:
                sc->alternative = true;
                break;
            case KL_RK_IDIOM:
                idiom = true;
                break;
            }
        }
        if (idiom)
            continue;
        if (refuse && i < opening)
            sc->refuse_opening = true;
        else if (refuse)
            sc->refuse_later++;
        else if ((soft || objection) && i < opening) {
            sc->soft_opening++;
            sc->objection_opening += objection;
        }
    }
}

/* Lines that start a list item or a heading: a sign of real content. */
static size_t count_structure(const char *s, size_t len)
{
    size_t items = 0;
    for (const char *p = s; (p = memchr(p, '\n', (size_t)(s + len - p))) != NULL; p++) {
        const char *q = p + 1;
        while (q < s + len && (*q == ' ' || *q == '\t'))
            q++;
        if (q + 1 < s + len && (((*q == '-' || *q == '*' || *q == '#') && q[1] == ' ') ||
                                (*q >= '0' && *q <= '9' && (q[1] == '.' || q[1] == ')'))))
            items++;
    }
    return items;
}

static enum kl_refused classify_turn(const char *s)
{
    size_t len = strlen(s);
    while (len > 0 && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')) {
        s++;
        len--;
    }
    if (len == 0)
        return KL_REFUSED_NONE;
    uint32_t head[HEAD_CPS], tail[TAIL_CPS * 2];
    size_t hb = len < HEAD_BYTES ? len : HEAD_BYTES;
    size_t hn = fold_text(s, hb, head, HEAD_CPS);
    struct scan head_sc = {0}, tail_sc = {0};
    scan_window(head, hn, OPENING_CPS, &head_sc);
    if (len > HEAD_BYTES) {
        size_t start = len - (len - HEAD_BYTES < TAIL_BYTES ? len - HEAD_BYTES : TAIL_BYTES);
        while (start < len && ((unsigned char)s[start] & 0xC0) == 0x80)
            start++;
        size_t tn = fold_text(s + start, len - start, tail, TAIL_CPS * 2);
        size_t skip = tn > TAIL_CPS ? tn - TAIL_CPS : 0;
        scan_window(tail + skip, tn - skip, 0, &tail_sc);
    }
    bool alternative = head_sc.alternative || tail_sc.alternative;
    bool content = len > 600 && count_structure(s, len) >= 3;
    /* Declines at once: the clearest case. */
    if (head_sc.refuse_opening)
        return alternative && content ? KL_REFUSED_PARTIAL : KL_REFUSED_FULL;
    if (head_sc.help_opening)
        return head_sc.refuse_later && alternative ? KL_REFUSED_PARTIAL : KL_REFUSED_NONE;
    /* Objects first ("this is illegal and unethical"), then redirects: a safety
     * redirect, with or without help. */
    if (head_sc.soft_opening > 0 && alternative)
        return content ? KL_REFUSED_PARTIAL : KL_REFUSED_FULL;
    if (head_sc.refuse_later)
        return !content ? KL_REFUSED_FULL : alternative ? KL_REFUSED_PARTIAL : KL_REFUSED_NONE;
    /* Objects and stops, or objects and then informs (a safety redirect plus help). */
    if (head_sc.objection_opening > 0 && !head_sc.help)
        return content ? KL_REFUSED_PARTIAL : KL_REFUSED_FULL;
    if (tail_sc.refuse_later && !content)
        return KL_REFUSED_FULL;
    return KL_REFUSED_NONE;
}

enum kl_refused kl_refusal_classify(const char *const *assistant_turns, size_t n_turns,
                                    const char *lang)
{
    (void)lang; /* replies often come in another language than the request */
    pthread_once(&s_once, lexicon_build);
    enum kl_refused worst = KL_REFUSED_NONE;
    bool helped = false;
    for (size_t i = 0; i < n_turns; i++) {
        if (!assistant_turns[i])
            continue;
        enum kl_refused r = classify_turn(assistant_turns[i]);
        if (r > worst)
            worst = r;
        if (r == KL_REFUSED_NONE)
            helped = true;
    }
    /* Declined once but helped in another turn: declined in part. */
    if (worst == KL_REFUSED_FULL && helped)
        return KL_REFUSED_PARTIAL;
    return worst;
}
