/* concern.c — kl_concern_assess: the highest harm level among lexicon terms found in the
 * text, raised by operational intent, lowered by a defensive framing. */
#include "kleio/concern.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "concern_lexicon.h"
#include "kleio/utf8.h"
#include "textfold.h"

static const char *const harm_names[KL_HARM_COUNT] = {
    [KL_HARM_NONE] = "none",          [KL_HARM_CSAM] = "sexual-minors",
    [KL_HARM_SELF_HARM] = "self-harm", [KL_HARM_WEAPONS] = "weapons",
    [KL_HARM_VIOLENCE] = "violence",  [KL_HARM_EXTREMISM] = "violent-extremism",
    [KL_HARM_MALWARE] = "malware",    [KL_HARM_FRAUD] = "fraud",
    [KL_HARM_DRUGS] = "drugs",        [KL_HARM_HARASSMENT] = "harassment",
    [KL_HARM_SPAM] = "spam",          [KL_HARM_SEXUAL] = "sexual",
    [KL_HARM_SURVEILLANCE] = "surveillance", [KL_HARM_CRIME] = "crime",
    [KL_HARM_HATE] = "hate",          [KL_HARM_MISINFORMATION] = "misinformation",
    [KL_HARM_JAILBREAK] = "jailbreak"};

const char *kl_harm_name(enum kl_harm h)
{
    return h < KL_HARM_COUNT ? harm_names[h] : "none";
}

/* Terms bucketed by their first two folded code points (one-character terms, as in
 * Chinese, by their first), so that each word start is compared with the few terms that
 * can match there. Built once; read-only afterwards. */
typedef struct term_ref {
    uint16_t index;
    uint8_t len;          /* bytes, without the stem mark */
    bool stem;
} term_ref;

#define MAX_TERMS 8192
#define PAIR_BUCKETS 4096u
#define ONE_BUCKETS 256u
/* refs holds the pair buckets, then the one-character buckets: start[] has an entry
 * per bucket of both kinds, and one past the end. */
static term_ref refs[MAX_TERMS];
static uint16_t bucket_start[PAIR_BUCKETS + ONE_BUCKETS + 1];
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static bool open_ended(const char *term, size_t len)
{
    uint32_t cp = kl_cp_before(term, len, NULL);
    /* Hangul takes particles, Arabic suffixed pronouns and endings */
    return kl_cp_is_unspaced(cp) || (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x0600 && cp <= 0x06FF);
}

static unsigned pair_bucket(uint32_t c0, uint32_t c1)
{
    return (unsigned)((c0 * 31u + c1 * 0x9E3779B1u) % PAIR_BUCKETS);
}

/* The bucket of text (or a term) s[0..n): its first two folded code points. */
static unsigned bucket_at(const char *s, size_t n, bool *one)
{
    size_t l0 = 0;
    uint32_t c0 = kl_fold_lower(kl_cp_at(s, n, 0, &l0));
    uint32_t c1 = l0 < n ? kl_fold_lower(kl_cp_at(s, n, l0, NULL)) : 0;
    if (one)
        *one = c1 == 0;
    return c1 == 0 ? PAIR_BUCKETS + kl_cp_bucket(c0) : pair_bucket(c0, c1);
}

static void build_index(void)
{
    static size_t counts[PAIR_BUCKETS + ONE_BUCKETS];
    static unsigned bucket_of_term[MAX_TERMS];
    size_t n = kl_harm_nterms < MAX_TERMS ? kl_harm_nterms : MAX_TERMS;
    for (size_t k = 0; k < n; k++) {
        const char *t = kl_harm_terms[k].term;
        size_t len = strlen(t);
        if (len > 1 && t[len - 1] == '*')
            len--;
        bucket_of_term[k] = bucket_at(t, len, NULL);
        counts[bucket_of_term[k]]++;
    }
    size_t at = 0;
    for (size_t b = 0; b < PAIR_BUCKETS + ONE_BUCKETS; b++) {
        bucket_start[b] = (uint16_t)at;
        at += counts[b];
    }
    bucket_start[PAIR_BUCKETS + ONE_BUCKETS] = (uint16_t)at;
    static size_t fill[PAIR_BUCKETS + ONE_BUCKETS];
    for (size_t b = 0; b < PAIR_BUCKETS + ONE_BUCKETS; b++)
        fill[b] = bucket_start[b];
    for (size_t k = 0; k < n; k++) {
        const char *t = kl_harm_terms[k].term;
        size_t len = strlen(t);
        bool stem = len > 1 && t[len - 1] == '*';
        if (stem)
            len--;
        refs[fill[bucket_of_term[k]]++] =
            (term_ref){(uint16_t)k, (uint8_t)len, stem || open_ended(t, len)};
    }
}

static kl_phrases intent_set = KL_PHRASES(kl_harm_intent);
static kl_phrases defence_set = KL_PHRASES(kl_harm_defence);
static kl_phrases framing_set = KL_PHRASES(kl_harm_framing);

/* Arabic writes conjunctions, prepositions and the article onto the word ("والقتل",
 * "بالسم"): a term may also start after one of these. Longest first. */
static const char *const arabic_prefixes[] = {
    "\xD9\x88\xD8\xA7\xD9\x84", "\xD8\xA8\xD8\xA7\xD9\x84", "\xD9\x81\xD8\xA7\xD9\x84",
    "\xD9\x84\xD9\x84", "\xD8\xA7\xD9\x84", "\xD9\x88", "\xD9\x81", "\xD8\xA8", "\xD9\x84",
    "\xD9\x83", NULL}; /* وال بال فال لل ال و ف ب ل ك */

struct scan_state {
    int best;
    enum kl_harm cat;
};

/* The longest term that matches at text[i], 0 when none; raises st->best. */
static size_t match_bucket(const char *text, size_t len, size_t i, unsigned b,
                           struct scan_state *st)
{
    size_t longest = 0;
    for (size_t r = bucket_start[b]; r < bucket_start[b + 1]; r++) {
        const kl_harm_term *t = &kl_harm_terms[refs[r].index];
        size_t m = kl_fold_match_n(text + i, len - i, t->term, refs[r].len);
        if (!m || (!refs[r].stem && !kl_word_end(text, len, i + m)))
            continue;
        if (m > longest)
            longest = m;
        if (t->level > st->best) {
            st->best = t->level;
            st->cat = (enum kl_harm)t->category;
        }
    }
    return longest;
}

static size_t match_at(const char *text, size_t len, size_t i, struct scan_state *st)
{
    bool one;
    unsigned b = bucket_at(text + i, len - i, &one);
    size_t longest = match_bucket(text, len, i, b, st);
    if (!one) { /* one-character terms ("偷") */
        uint32_t c0 = kl_fold_lower(kl_cp_at(text, len, i, NULL));
        size_t m = match_bucket(text, len, i, PAIR_BUCKETS + kl_cp_bucket(c0), st);
        longest = m > longest ? m : longest;
    }
    return longest;
}

void kl_concern_assess(const char *text, size_t len, kl_concern *out)
{
    pthread_once(&index_once, build_index);
    struct scan_state st = {1, KL_HARM_NONE};
    size_t hits = 0, next = 0;
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)text[i] & 0xC0) == 0x80 || !kl_word_start(text, len, i))
            continue;
        size_t longest = match_at(text, len, i, &st);
        if (longest == 0 && ((unsigned char)text[i] == 0xD8 || (unsigned char)text[i] == 0xD9)) {
            for (size_t k = 0; arabic_prefixes[k] && longest == 0; k++) {
                size_t pl = strlen(arabic_prefixes[k]);
                if (i + pl < len && memcmp(text + i, arabic_prefixes[k], pl) == 0) {
                    size_t m = match_at(text, len, i + pl, &st);
                    longest = m ? pl + m : 0;
                }
            }
        }
        /* Terms that overlap ("sexual" inside "sexually explicit") are one piece of
         * evidence; separate ones add up. */
        if (longest > 0 && i >= next) {
            hits++;
            next = i + longest;
        }
    }
    int best = st.best;
    enum kl_harm cat = st.cat;
    /* Operational detail makes physical harm urgent (5); for fraud, spam, harassment and
     * the like it makes a request likely harmful (4), not one for immediate review. */
    int ceiling = (cat == KL_HARM_FRAUD || cat == KL_HARM_SPAM || cat == KL_HARM_HARASSMENT ||
                   cat == KL_HARM_SEXUAL || cat == KL_HARM_SURVEILLANCE || cat == KL_HARM_CRIME ||
                   cat == KL_HARM_HATE || cat == KL_HARM_MISINFORMATION ||
                   cat == KL_HARM_JAILBREAK) ? 4 : 5;
    /* Two separate signs of harm, or one inside a persuasion or publication framing
     * ("a persuasive article arguing that …"), are more than a passing mention. */
    if (best >= 2 && best < 4 &&
        (hits >= 2 || kl_phrases_count(&framing_set, text, 0, len, NULL) > 0))
        best++;
    if (best >= 3 && best < ceiling && kl_phrases_count(&intent_set, text, 0, len, NULL) > 0)
        best++;
    else if (best >= 2 && cat != KL_HARM_CSAM && cat != KL_HARM_SELF_HARM &&
             kl_phrases_count(&defence_set, text, 0, len, NULL) > 0)
        best--;
    out->score = best;
    out->category = best > 1 ? cat : KL_HARM_NONE;
}
