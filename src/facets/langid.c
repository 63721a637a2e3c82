/* langid.c — language identification: the writing system first, then letters
 * peculiar to one language of that system, then (Latin script) character n-gram
 * profiles restricted to the languages kleio expects, corrected by function words
 * that tell close pairs apart (es/pt/ca, nl/af, …). URLs, e-mail addresses, code
 * and numbers are removed before anything is counted. */
#include "kleio/langid.h"

#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kleio/log.h"
#include "kleio/textfold.h"
#include "kleio/utf8.h"
#include "langid_profile.h"
#include "langid_tables.h"

/* At most this much of a text is looked at: a few hundred characters decide. */
#define MAX_SCAN 2048
#define ENGLISH_PRIOR 1.0 /* in n-gram cost units × sqrt(n-grams) */
#define SPANISH_MARKS 0.5 /* in n-gram cost units */

static pthread_once_t s_once = PTHREAD_ONCE_INIT;
static int s_init_rc = -1;

const char *kl_langid_name(const char *code)
{
    if (!code)
        return NULL;
    for (size_t i = 0; kl_langid_names[i].code; i++)
        if (strcmp(kl_langid_names[i].code, code) == 0)
            return kl_langid_names[i].name;
    return NULL;
}

static const char *profile_dir(void)
{
    const char *env = getenv("KLEIO_LANGID_DIR");
    if (env && *env)
        return env;
    /* The build may pass libexttextcat's pkgdatadir; the usual places follow. */
    static const char *const dirs[] = {
#ifdef KLEIO_TEXTCAT_DIR
                                       KLEIO_TEXTCAT_DIR,
#endif
                                       "/usr/share/libexttextcat",
                                       "/usr/local/share/libexttextcat",
                                       "/opt/homebrew/share/libexttextcat"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        struct stat st;
        char probe[256];
        snprintf(probe, sizeof probe, "%s/en.lm", dirs[i]);
        if (stat(probe, &st) == 0)
            return dirs[i];
    }
    return dirs[0];
}

static void init_once(void)
{
    s_init_rc = kl_langid_profiles_load(profile_dir(), kl_langid_latin_codes,
                                        kl_langid_latin_count);
    if (s_init_rc == 0)
        kl_langid_cues_build();
}

int kl_langid_init(void)
{
    pthread_once(&s_once, init_once);
    return s_init_rc;
}

static void guess_set(kl_lang_guess *out, const char *code, double confidence)
{
    snprintf(out->code, sizeof out->code, "%s", code);
    out->name = kl_langid_name(code);
    if (!out->name)
        out->name = "Undetermined";
    out->confidence = confidence;
}

/* True for a whitespace-delimited token that is not prose: a URL, an e-mail
 * address, a path, an identifier or anything holding digits or code punctuation. */
static bool token_is_code(const char *t, size_t n)
{
    if (n >= 4 && (memmem(t, n, "://", 3) || strncmp(t, "www.", 4) == 0))
        return true;
    /* Scripts written without spaces make a whole sentence one token: keep it; its
     * digits and punctuation are dropped letter by letter later. */
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)t[i] >= 0x80)
            return memchr(t, '@', n) != NULL;
    size_t letters = 0, digits = 0, code = 0, upper_inner = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c >= 0x80 || (c >= 'a' && c <= 'z'))
            letters++;
        else if (c >= 'A' && c <= 'Z') {
            letters++;
            if (i > 0 && t[i - 1] >= 'a' && t[i - 1] <= 'z')
                upper_inner++;
        } else if (c >= '0' && c <= '9')
            digits++;
        else if (strchr("@_/\\{}[]<>=$#|`~^*;", c))
            code++;
    }
    if (code > 0 || digits > 0 || upper_inner > 0)
        return true;
    return letters == 0;
}

/* Copies text without code tokens into buf (space separated); returns its length. */
static size_t strip_code(const char *text, size_t len, char *buf, size_t cap)
{
    size_t o = 0, i = 0;
    while (i < len) {
        while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t' ||
                           text[i] == '\r'))
            i++;
        size_t s = i;
        while (i < len && text[i] != ' ' && text[i] != '\n' && text[i] != '\t' &&
               text[i] != '\r')
            i++;
        if (i == s || token_is_code(text + s, i - s))
            continue;
        if (o + (i - s) + 1 >= cap)
            break;
        memcpy(buf + o, text + s, i - s);
        o += i - s;
        buf[o++] = ' ';
    }
    return o;
}

static enum kl_script script_of(uint32_t cp)
{
    for (size_t i = 0; i < kl_langid_script_range_count; i++) {
        const struct kl_script_range *r = &kl_langid_script_ranges[i];
        if (cp < r->lo)
            break;
        if (cp <= r->hi)
            return r->script;
    }
    return KL_SC_OTHER;
}

static bool has_cp(const uint32_t *cps, size_t n, const uint32_t *set)
{
    for (size_t i = 0; i < n; i++)
        for (const uint32_t *s = set; *s; s++)
            if (cps[i] == *s)
                return true;
    return false;
}

static size_t count_cp(const uint32_t *cps, size_t n, const uint32_t *set)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        for (const uint32_t *s = set; *s; s++)
            if (cps[i] == *s)
                c++;
    return c;
}

static const char *cyrillic_language(const uint32_t *cps, size_t n)
{
    static const uint32_t kk[] = {0x4D9, 0x493, 0x49B, 0x4A3, 0x4E9, 0x4B1, 0x4AF, 0x4BB, 0};
    static const uint32_t be[] = {0x45E, 0};
    static const uint32_t uk[] = {0x456, 0x457, 0x454, 0x491, 0};
    static const uint32_t sr[] = {0x458, 0x459, 0x45A, 0x452, 0x45B, 0x45F, 0};
    static const uint32_t mk[] = {0x453, 0x45C, 0x455, 0};
    static const uint32_t ru_only[] = {0x44B, 0x44D, 0x451, 0};
    if (has_cp(cps, n, kk))
        return "kk";
    if (has_cp(cps, n, be))
        return "be";
    if (has_cp(cps, n, uk))
        return "uk";
    if (has_cp(cps, n, mk))
        return "mk";
    if (has_cp(cps, n, sr))
        return "sr";
    /* Bulgarian: no ы/э/ё, and ъ written as a vowel before a consonant ("във",
     * "път"), where Russian writes it only as a sign before е, ё, ю, я. */
    if (!has_cp(cps, n, ru_only)) {
        size_t vowel_hard = 0;
        for (size_t i = 0; i < n; i++)
            if (cps[i] == 0x44A && (i + 1 == n || (cps[i + 1] != 0x435 &&
                                                   cps[i + 1] != 0x44E && cps[i + 1] != 0x44F)))
                vowel_hard++;
        if (vowel_hard > 0)
            return "bg";
    }
    return "ru";
}

static const char *arabic_language(const uint32_t *cps, size_t n)
{
    static const uint32_t ur[] = {0x679, 0x688, 0x691, 0x6BA, 0x6D2, 0x6BE, 0};
    static const uint32_t fa[] = {0x67E, 0x686, 0x698, 0x6AF, 0x6CC, 0x6A9, 0};
    static const uint32_t ar[] = {0x64A, 0x643, 0x629, 0};
    if (has_cp(cps, n, ur))
        return "ur";
    if (count_cp(cps, n, fa) > count_cp(cps, n, ar))
        return "fa";
    return "ar";
}

/* Chooses among the Latin-script profiles; returns the code and sets *confidence. */
static const char *latin_language(const uint32_t *cps, size_t n, bool spanish_marks,
                                  double *confidence)
{
    double cost[KL_LANGID_MAX_PROFILES];
    size_t scored = kl_langid_profiles_score(cps, n, cost);
    if (scored == 0) {
        *confidence = 0.0;
        return "und";
    }
    kl_langid_adjust_cues(cps, n, cost);
    if (spanish_marks)
        cost[kl_langid_spanish] -= SPANISH_MARKS;
    /* English is most of what people write to assistants: a two-word command ("lower
     * volume") with no better evidence is English. The prior fades as evidence grows. */
    cost[0] -= ENGLISH_PRIOR / sqrt((double)scored);
    size_t best = 0, second = 1;
    for (size_t p = 1; p < kl_langid_latin_count; p++) {
        if (cost[p] < cost[best]) {
            second = best;
            best = p;
        } else if (p != best && cost[p] < cost[second]) {
            second = p;
        }
    }
    double margin = cost[second] - cost[best];
    *confidence = 1.0 - exp(-margin * sqrt((double)scored) * 0.5);
    return kl_langid_latin_codes[best];
}

void kl_langid_detect(const char *text, size_t len, kl_lang_guess *out)
{
    guess_set(out, "und", 0.0);
    if (!text || len == 0 || kl_langid_init() != 0)
        return;
    if (len > MAX_SCAN)
        len = MAX_SCAN;
    char prose[MAX_SCAN + 2];
    size_t plen = strip_code(text, len, prose, sizeof prose);
    uint32_t cps[MAX_SCAN];
    size_t n = kl_langid_fold_letters(prose, plen, cps, MAX_SCAN);

    size_t counts[KL_SC_COUNT] = {0};
    for (size_t i = 0; i < n; i++)
        if (cps[i] != ' ')
            counts[script_of(cps[i])]++;
    /* A Han, kana or Hangul character carries about a syllable: weigh it up. */
    double best_w = 0.0;
    enum kl_script best = KL_SC_OTHER;
    size_t letters = 0;
    for (int s = KL_SC_OTHER + 1; s < KL_SC_COUNT; s++) {
        letters += counts[s];
        double w = (double)counts[s] *
                   (s == KL_SC_HAN || s == KL_SC_KANA || s == KL_SC_HANGUL ? 2.5 : 1.0);
        if (w > best_w) {
            best_w = w;
            best = (enum kl_script)s;
        }
    }
    if (best == KL_SC_OTHER)
        return;
    double share = best_w / ((double)letters + best_w - (double)counts[best]);
    double conf = share > 1.0 ? 1.0 : share;

    switch (best) {
    case KL_SC_LATIN: {
        if (counts[KL_SC_LATIN] < 3) /* "x", "ok": too little to tell */
            return;
        double c;
        /* ¿ and ¡ open questions and exclamations in Spanish only; they are not
         * letters, so look for them in the raw text. */
        bool spanish_marks = memmem(text, len, "\xC2\xBF", 2) || memmem(text, len, "\xC2\xA1", 2);
        const char *code = latin_language(cps, n, spanish_marks, &c);
        guess_set(out, code, c * conf);
        return;
    }
    case KL_SC_HAN:
    case KL_SC_KANA:
        if (counts[KL_SC_HANGUL] * 4 > counts[KL_SC_HAN])
            guess_set(out, "ko", conf);
        else if (counts[KL_SC_KANA] > 0 && counts[KL_SC_KANA] * 12 >= counts[KL_SC_HAN])
            guess_set(out, "ja", conf);
        else
            guess_set(out, "zh", conf * (counts[KL_SC_KANA] ? 0.7 : 1.0));
        return;
    case KL_SC_CYRILLIC:
        guess_set(out, cyrillic_language(cps, n), conf * 0.95);
        return;
    case KL_SC_ARABIC:
        guess_set(out, arabic_language(cps, n), conf * 0.95);
        return;
    default:
        guess_set(out, kl_langid_script_language[best], conf * 0.97);
        return;
    }
}
