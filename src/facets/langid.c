/* langid.c — language identification: the writing system first; then, per system,
 * letters peculiar to one language, Compact Language Detector 2 (CLD2) and, for the
 * Latin script, character n-gram profiles corrected by cue words. The parts fail in
 * different ways, so they vote:
 *  - scripts used by one language (Hangul, kana, Armenian, Georgian, Greek, Thai, …)
 *    decide alone, and text mostly in such a script is not called English because of a
 *    few Latin-script names in it;
 *  - CLD2 is strong on long text and knows 80 languages, but calls short or
 *    indeterminate text English, and does not separate no/da, sr/hr or id/ms;
 *  - the n-gram profiles and cue words see the few words of a short request;
 *  - close relatives are settled by marker words (langid_cues.c).
 * URLs, e-mail addresses, code and numbers are removed before anything is counted;
 * names (capitalised Latin-script words inside a sentence, quoted titles) are left out
 * when enough other text remains. */
#include "kleio/langid.h"

#include <ctype.h>
#include <math.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
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
#include "langid_cld2.h"
#include "langid_profile.h"
#include "langid_tables.h"

/* At most this much prose of a text is looked at (a few hundred characters decide),
 * found within the first MAX_READ bytes. */
#define MAX_SCAN 2048
#define MAX_READ 65536
/* N-gram profiles score at most this many letters (they matter on short text); CLD2
 * sees the whole scan. */
#define MAX_NGRAM_LETTERS 300

/* Weights, in the units of the n-gram cost (mean negative log-probability per
 * n-gram), tuned on halves of two development sets of short requests (xsid-dev in 14
 * languages and hwu64 in English, even lines) together with whole prompts
 * (polyrefuse) and kleio's synthetic corpus; the other halves are the reported
 * figures. See bench/langid_eval.sh. */
#define CLD2_RELIABLE 0.5    /* CLD2's vote per share of the text, when reliable */
#define CLD2_UNRELIABLE 0.2  /* … and its best-effort guess otherwise */
#define CLD2_LONG_TEXT 150   /* letters (bytes) from which CLD2's English counts fully */
#define CLD2_SHORT_EN_RELIABLE 0.25 /* its English below that, when reliable */
#define CLD2_SHORT_EN_GUESS 0.2 /* … and when a best-effort guess */
#define TIER1_PRIOR 0.1      /* cost added to languages less common in chat logs */
#define TIER2_PRIOR 0.3      /* … and to rare ones */
#define ENGLISH_PRIOR 1.0    /* × 1/sqrt(n-grams): English wins ties on a few words */
#define ENGLISH_GATE 1.2     /* cost gap within which a second with more own words wins */
#define ENGLISH_FRAME_GATE 0.5 /* … and one with at least half as many (and two) */
#define SPANISH_MARKS 0.5    /* ¿ ¡ */
#define SPANISH_NEAR 1.0     /* ¿ ¡ turn gl/pt/ca into es within this gap */
#define MIN_CONTENT 3        /* letters left without names, else names are kept */
#define CJK_WEIGHT 2.5       /* a Han, kana or Hangul character, in letters */
#define LATIN_AMONG_OTHERS 0.2 /* a Latin letter beside another script, in letters */
#define MIXED_SHARE 0.85     /* second language's weight / first's to call text mixed */
#define MIXED_MIN_LETTERS 8  /* … when each has at least this many letters */

static pthread_once_t s_once = PTHREAD_ONCE_INIT;
static int s_init_rc = -1;

const char *kl_langid_name(const char *code)
{
    if (!code)
        return NULL;
    size_t lo = 0, hi = kl_langid_name_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(kl_langid_names[mid].code, code);
        if (c == 0)
            return kl_langid_names[mid].name;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
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
#ifdef __GLIBC__
    /* CLD2 allocates its scoring buffers (about 200 KB in a few blocks) and frees
     * them on every call; with glibc's defaults the freed top of the heap goes back
     * to the kernel each time and comes back as page faults (measured: 330,000 faults
     * and more system than user time for 50,000 conversations). Keep up to 16 MB of
     * free heap; map separately only blocks over 4 MB. */
    mallopt(M_TRIM_THRESHOLD, 16 << 20);
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
#endif
    const char *files[KL_LANGID_MAX_PROFILES];
    size_t n = kl_langid_latin_count < KL_LANGID_MAX_PROFILES ? kl_langid_latin_count
                                                               : KL_LANGID_MAX_PROFILES;
    for (size_t p = 0; p < n; p++)
        files[p] = kl_langid_latin[p].file;
    s_init_rc = kl_langid_profiles_load(profile_dir(), files, n);
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
    if (!out->name) {
        snprintf(out->code, sizeof out->code, "und");
        out->name = "Undetermined";
        confidence = 0.0;
    }
    out->confidence = confidence < 0.0 ? 0.0 : confidence > 1.0 ? 1.0 : confidence;
}

/* True for a whitespace-delimited token that is not prose: a URL, an e-mail
 * address, a path, an identifier or anything holding digits or code punctuation. */
static bool token_is_code(const char *t, size_t n)
{
    if (n >= 4 && (memmem(t, n, "://", 3) || strncmp(t, "www.", 4) == 0))
        return true;
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

/* Blanks each run of ASCII address characters holding '@' or "://" in t[0..n). */
static void blank_addresses(char *t, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t s = i;
        while (i < n && (unsigned char)t[i] < 0x80 && t[i] != ' ' &&
               (isalnum((unsigned char)t[i]) || strchr("@._%+-:/?=&#~", t[i])))
            i++;
        if (i > s && (memchr(t + s, '@', i - s) || memmem(t + s, i - s, "://", 3)))
            memset(t + s, ' ', i - s);
        if (i == s)
            i++;
    }
}

static bool is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* The end of the code span opening at text[i] == '`': after the closing ``` of a
 * fence (the end of the text when none follows), after the closing backtick of inline
 * code, or at the end of its line when none closes it there. */
static size_t skip_code_span(const char *text, size_t len, size_t i)
{
    if (i + 2 < len && text[i + 1] == '`' && text[i + 2] == '`') {
        const char *close = memmem(text + i + 3, len - i - 3, "```", 3);
        return close ? (size_t)(close - text) + 3 : len;
    }
    for (size_t e = i + 1; e < len; e++)
        if (text[e] == '`')
            return e + 1;
        else if (text[e] == '\n')
            return e;
    return len;
}

/* Copies the prose of text into buf (space separated) and returns its length: code
 * spans, and tokens that are code, are left out (see token_is_code). In a token of a
 * script written without spaces, an e-mail address or URL glued to the sentence is
 * blanked out, not the whole token. Stops when buf is full. */
static size_t strip_code(const char *text, size_t len, char *buf, size_t cap)
{
    size_t o = 0, i = 0;
    while (i < len) {
        if (text[i] == '`') {
            i = skip_code_span(text, len, i);
            continue;
        }
        if (is_space(text[i])) {
            i++;
            continue;
        }
        size_t s = i;
        while (i < len && !is_space(text[i]) && text[i] != '`')
            i++;
        bool wide = false;
        for (size_t k = s; k < i && !wide; k++)
            wide = (unsigned char)text[k] >= 0x80;
        if (!wide && token_is_code(text + s, i - s))
            continue;
        if (o + (i - s) + 1 >= cap)
            break;
        size_t start = o;
        memcpy(buf + o, text + s, i - s);
        o += i - s;
        if (wide)
            blank_addresses(buf + start, o - start);
        buf[o++] = ' ';
    }
    return o;
}

/* A token that names something rather than saying it: an ASCII word written with a
 * capital inside a sentence ("… von Lee Aaron"), or in capitals ("NASA"). German
 * capitalises its nouns, but keeps its function words, which is what decides. */
static bool token_is_name(const char *t, size_t n, bool sentence_start)
{
    size_t letters = 0, upper = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c >= 0x80)
            return false; /* native words carry the language: keep them */
        if (c >= 'A' && c <= 'Z')
            upper++;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
            letters++;
    }
    if (letters < 2) /* "I", "A": words, not initials of a name */
        return false;
    unsigned char first = (unsigned char)t[strspn(t, "\"'([")];
    if (upper == letters && letters >= 2)
        return true;
    return !sentence_start && first >= 'A' && first <= 'Z';
}

/* A capitalised word of at most three letters opening a sentence ("The", "La",
 * "Die"): the article of a title when a name follows. */
static bool token_is_article(const char *t, size_t n)
{
    if (n < 1 || n > 3 || t[0] < 'A' || t[0] > 'Z')
        return false;
    for (size_t i = 1; i < n; i++)
        if (t[i] < 'a' || t[i] > 'z')
            return false;
    return true;
}

static bool ends_sentence(const char *t, size_t n)
{
    while (n > 0 && strchr("\"')]", t[n - 1]))
        n--;
    return n > 0 && strchr(".!?:", t[n - 1]);
}

/* Copies prose without names and without what stands between double quotes
 * (titles, quoted text); returns its length. Short lowercase words between two names
 * belong to the name ("Tarzan of the Apes", "Flower and Snake"). */
static size_t strip_names(const char *prose, size_t len, char *buf, size_t cap)
{
    enum { MAX_TOKENS = MAX_SCAN / 2 };
    size_t at[MAX_TOKENS], tl[MAX_TOKENS];
    bool name[MAX_TOKENS];
    size_t nt = 0, i = 0;
    bool start = true, quoted = false;
    while (i < len && nt < MAX_TOKENS) {
        while (i < len && prose[i] == ' ')
            i++;
        size_t s = i;
        while (i < len && prose[i] != ' ')
            i++;
        if (i == s)
            continue;
        const char *t = prose + s;
        size_t n = i - s;
        bool opens = t[0] == '"' || (n >= 3 && (memcmp(t, "\xE2\x80\x9C", 3) == 0 ||
                                                memcmp(t, "\xE2\x80\x9E", 3) == 0)) ||
                     (n >= 2 && memcmp(t, "\xC2\xAB", 2) == 0);
        bool closes = t[n - 1] == '"' || (n >= 3 && memcmp(t + n - 3, "\xE2\x80\x9D", 3) == 0) ||
                      (n >= 2 && memcmp(t + n - 2, "\xC2\xBB", 2) == 0);
        at[nt] = s;
        tl[nt] = n;
        name[nt] = quoted || opens || token_is_name(t, n, start);
        nt++;
        if (opens && !(closes && n > 1))
            quoted = true;
        else if (quoted && closes)
            quoted = false;
        start = ends_sentence(t, n);
    }
    bool opening[MAX_TOKENS];
    for (size_t k = 0; k < nt; k++)
        opening[k] = !name[k] && (k == 0 || ends_sentence(prose + at[k - 1], tl[k - 1])) &&
                     token_is_article(prose + at[k], tl[k]);
    for (size_t k = 0; k + 1 < nt; k++)
        if (opening[k] && name[k + 1])
            name[k] = true;
    for (size_t k = 1; k + 1 < nt; k++) {
        if (name[k] || !name[k - 1])
            continue;
        size_t e = k;
        while (e < nt && e < k + 2 && !name[e] && tl[e] <= 4)
            e++;
        if (e < nt && name[e] && e > k)
            for (size_t j = k; j < e; j++)
                name[j] = true;
    }
    size_t o = 0;
    for (size_t k = 0; k < nt; k++) {
        if (name[k])
            continue;
        if (o + tl[k] + 1 >= cap)
            break;
        memcpy(buf + o, prose + at[k], tl[k]);
        o += tl[k];
        buf[o++] = ' ';
    }
    return o;
}

static bool cjk_script(int s)
{
    return s == KL_SC_HAN || s == KL_SC_KANA || s == KL_SC_HANGUL;
}

static enum kl_script script_of(uint32_t cp)
{
    if (cp < 0x2B0) /* the Latin alphabet and its extensions, without a search */
        return (cp >= 0x61 && cp <= 0x7A) || cp == 0xAA || cp == 0xBA || cp >= 0xC0
                   ? KL_SC_LATIN
                   : KL_SC_OTHER;
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

/* The best of CLD2's languages among codes (space separated), or NULL. */
static const char *cld2_among(const kl_cld2_guess *g, const char *codes, int *percent)
{
    for (int i = 0; i < KL_CLD2_TOP; i++) {
        size_t k = strlen(g->code[i]);
        if (k == 0)
            continue;
        for (const char *c = codes; *c;) {
            size_t w = strcspn(c, " ");
            if (w == k && memcmp(c, g->code[i], k) == 0) {
                if (percent)
                    *percent = g->percent[i];
                return g->code[i];
            }
            c += w;
            c += strspn(c, " ");
        }
    }
    return NULL;
}

static const char *cyrillic_language(const uint32_t *cps, size_t n, const kl_cld2_guess *g)
{
    /* Kazakh letters; ә ғ қ ұ һ are not Kyrgyz nor Mongolian, which share ң ө ү. */
    static const uint32_t kk_strong[] = {0x4D9, 0x493, 0x49B, 0x4B1, 0x4BB, 0};
    static const uint32_t turkic[] = {0x4A3, 0x4E9, 0x4AF, 0};
    static const uint32_t be[] = {0x45E, 0};
    static const uint32_t uk[] = {0x457, 0x454, 0x491, 0};
    static const uint32_t uk_i[] = {0x456, 0}; /* і: Ukrainian, Belarusian, Kazakh */
    static const uint32_t sr[] = {0x458, 0x459, 0x45A, 0x452, 0x45B, 0x45F, 0};
    static const uint32_t mk[] = {0x453, 0x45C, 0x455, 0};
    static const uint32_t ru_only[] = {0x44B, 0x44D, 0x451, 0};
    if (has_cp(cps, n, kk_strong)) {
        const char *c = cld2_among(g, "tt ba uz", NULL);
        return c && g->reliable ? c : "kk";
    }
    if (has_cp(cps, n, turkic)) {
        const char *c = cld2_among(g, "kk ky mn tt ba", NULL);
        return c && g->reliable ? c : "kk";
    }
    if (has_cp(cps, n, be))
        return "be";
    if (has_cp(cps, n, uk))
        return "uk";
    if (has_cp(cps, n, uk_i)) {
        const char *c = cld2_among(g, "uk kk be", NULL);
        return c ? c : "uk";
    }
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
    /* Without a telling letter, CLD2's reliable verdict among the Cyrillic languages
     * (Kazakh written without its own letters, Kyrgyz, Mongolian, Bulgarian, …). */
    const char *c = cld2_among(g, "ru uk bg kk ky mn tg tt be mk sr", NULL);
    /* Russian is many times more common: Bulgarian on CLD2's word needs a sentence
     * without ы/э/ё long enough to have shown them. */
    if (c && g->reliable && (strcmp(c, "bg") != 0 || (!has_cp(cps, n, ru_only) &&
                                                       g->text_bytes >= 80)))
        return c;
    return "ru";
}

static const char *arabic_language(const uint32_t *cps, size_t n, const kl_cld2_guess *g)
{
    static const uint32_t ur[] = {0x679, 0x688, 0x691, 0x6BA, 0x6D2, 0x6BE, 0};
    static const uint32_t fa[] = {0x67E, 0x686, 0x698, 0x6AF, 0x6CC, 0x6A9, 0};
    static const uint32_t ar[] = {0x64A, 0x643, 0x629, 0};
    const char *c = cld2_among(g, "ar fa ur ps ku sd ug", NULL);
    if (c && g->reliable && strcmp(c, "ar") != 0 && strcmp(c, "fa") != 0 && strcmp(c, "ur") != 0)
        return c; /* Pashto, Kurdish, Sindhi, Uyghur: CLD2 knows their letters */
    if (has_cp(cps, n, ur))
        return "ur";
    if (count_cp(cps, n, fa) > count_cp(cps, n, ar))
        return "fa";
    return "ar";
}

/* Chooses among the Latin-script candidates; returns the code and sets *confidence. */
static const char *latin_language(const uint32_t *cps, size_t n, const kl_cld2_guess *g,
                                  bool spanish_marks, double *confidence)
{
    double cost[KL_LANGID_MAX_PROFILES];
    size_t scored = kl_langid_profiles_score(cps, n < MAX_NGRAM_LETTERS ? n : MAX_NGRAM_LETTERS,
                                             cost);
    if (scored == 0) {
        *confidence = 0.0;
        return "und";
    }
    kl_cues cues;
    kl_langid_cues_count(cps, n, &cues);
    kl_langid_cues_apply(&cues, cost);
    if (spanish_marks)
        cost[kl_langid_spanish] -= SPANISH_MARKS;
    /* CLD2's vote: its share of the text, worth more when it calls itself reliable.
     * Its English on short text is mostly its default, not evidence. */
    bool long_text = g->text_bytes >= CLD2_LONG_TEXT;
    /* CLD2's tables lack a few languages (Yoruba, Esperanto, Latin): when the text
     * shows the letters of one, CLD2 can only name a wrong neighbour. */
    bool blind = false;
    for (size_t p = 0; p < kl_langid_latin_count; p++)
        blind |= !kl_langid_latin[p].cld2 && cues.letters[p] > 0;
    for (int i = 0; i < KL_CLD2_TOP && !blind; i++) {
        if (!g->code[i][0])
            continue;
        double w = (g->reliable ? CLD2_RELIABLE : CLD2_UNRELIABLE) * g->percent[i] / 100.0;
        if (strcmp(g->code[i], "en") == 0 && !long_text)
            w *= g->reliable ? CLD2_SHORT_EN_RELIABLE : CLD2_SHORT_EN_GUESS;
        /* CLD2 names Bosnian, which kleio does not: it votes for its neighbours. */
        bool bs = strcmp(g->code[i], "bs") == 0;
        for (size_t p = 0; p < kl_langid_latin_count; p++)
            if (bs ? strcmp(kl_langid_latin[p].code, "hr") == 0 ||
                         strcmp(kl_langid_latin[p].code, "sr") == 0
                   : strcmp(kl_langid_latin[p].code, g->code[i]) == 0)
                cost[p] -= w;
    }
    /* Rarer languages must win more clearly (see the tiers in langid_data.c). */
    for (size_t p = 0; p < kl_langid_latin_count; p++)
        cost[p] += kl_langid_latin[p].tier == 2   ? TIER2_PRIOR
                   : kl_langid_latin[p].tier == 1 ? TIER1_PRIOR
                                                  : 0.0;
    /* English is much of what people write to assistants: a two-word command ("lower
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
    /* English only on English evidence: a close second with more words of its own
     * (cue words that are not also English ones) than English, or with letters of its
     * own where English has no word, wins, and so does one whose words frame the
     * request ("Aide-moi à faire un plan pour a lesson plan on fractions …"). */
    if (best == 0) {
        double gap = cost[second] - cost[best];
        unsigned en = 0, other = 0;
        kl_langid_cues_own(&cues, 0, second, &en, &other);
        if ((gap < ENGLISH_GATE && (en < other || (en == 0 && cues.letters[second] > 0))) ||
            (gap < ENGLISH_FRAME_GATE && other >= 2 && 2 * other >= en)) {
            size_t t = best;
            best = second;
            second = t;
        }
    }
    double margin = cost[second] - cost[best];
    *confidence = 1.0 - exp(-margin * sqrt((double)scored) * 0.5);
    const char *code = kl_langid_cues_settle(&cues, cps, n, cost, kl_langid_latin[best].code);
    /* ¿ and ¡: Spanish over its neighbours when the model hesitates between them. */
    if (spanish_marks && (strcmp(code, "gl") == 0 || strcmp(code, "ca") == 0 ||
                          strcmp(code, "pt") == 0) &&
        cost[kl_langid_spanish] - cost[best] < SPANISH_NEAR)
        code = "es";
    /* A Latin-script language without a profile (Hausa, Zulu, Javanese, …): only on
     * CLD2's reliable word over a good stretch of text. */
    if (!blind && g->reliable && g->percent[0] >= 80 && g->text_bytes >= 40 &&
        g->code[0][0] && strcmp(g->code[0], "bs") != 0 &&
        kl_langid_name(g->code[0])) {
        bool profiled = false;
        for (size_t p = 0; p < kl_langid_latin_count && !profiled; p++)
            profiled = strcmp(kl_langid_latin[p].code, g->code[0]) == 0;
        if (!profiled)
            return g->code[0];
    }
    return code;
}

/* Valid UTF-8 for CLD2: invalid bytes become U+FFFD. */
static size_t utf8_clean(const char *s, size_t len, char *out, size_t cap)
{
    size_t o = 0, i = 0;
    while (i < len && o + 4 < cap) {
        uint32_t cp;
        i += kl_utf8_decode(s + i, len - i, &cp);
        if (cp == 0)
            cp = ' ';
        o += kl_utf8_encode(cp, out + o);
    }
    return o;
}

/* About the letters of prose (names included, code left out): ASCII letters, and
 * other characters by their first byte, a Han, kana or Hangul one (E3..ED) counting
 * CJK_WEIGHT. */
static double prose_weight(const char *prose, size_t len)
{
    double w = 0.0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)prose[i];
        if (c < 0x80)
            w += isalpha(c) ? 1.0 : 0.0;
        else if (c >= 0xE3 && c <= 0xED)
            w += CJK_WEIGHT;
        else if (c >= 0xC0)
            w += 1.0;
    }
    return w;
}

/* kl_langid_detect, also giving the weight of the prose it read (prose_weight; 0 when
 * nothing could be told). */
static void detect(const char *text, size_t len, kl_lang_guess *out, double *weight)
{
    guess_set(out, "und", 0.0);
    *weight = 0.0;
    if (!text || len == 0 || kl_langid_init() != 0)
        return;
    /* Code pasted before the question is skipped, within MAX_READ bytes. */
    if (len > MAX_READ)
        len = MAX_READ;
    char prose[MAX_SCAN + 2];
    size_t plen = strip_code(text, len, prose, sizeof prose);
    char content[MAX_SCAN + 2];
    size_t clen = strip_names(prose, plen, content, sizeof content);
    uint32_t cps[MAX_SCAN];
    size_t n = kl_langid_fold_letters(content, clen, cps, MAX_SCAN);
    /* Names are left out only when enough else remains. */
    size_t nletters = 0;
    for (size_t i = 0; i < n; i++)
        nletters += cps[i] != ' ';
    const char *use = content;
    size_t ulen = clen;
    if (nletters < MIN_CONTENT) {
        use = prose;
        ulen = plen;
        n = kl_langid_fold_letters(prose, plen, cps, MAX_SCAN);
    }

    size_t counts[KL_SC_COUNT] = {0};
    for (size_t i = 0; i < n; i++)
        if (cps[i] != ' ')
            counts[script_of(cps[i])]++;
    /* A Han, kana or Hangul character carries about a syllable: weigh it up. Latin
     * letters inside text of another script are mostly names and terms: weigh them
     * down, so that such text is not called English. */
    double best_w = 0.0;
    enum kl_script best = KL_SC_OTHER;
    double letters = 0.0;
    for (int s = KL_SC_OTHER + 1; s < KL_SC_COUNT; s++) {
        double w = (double)counts[s] *
                   (s == KL_SC_HAN || s == KL_SC_KANA || s == KL_SC_HANGUL ? CJK_WEIGHT : 1.0);
        if (s == KL_SC_LATIN)
            w *= LATIN_AMONG_OTHERS;
        letters += w;
        if (w > best_w) {
            best_w = w;
            best = (enum kl_script)s;
        }
    }
    if (best == KL_SC_OTHER)
        return;
    double conf = best_w / letters;
    *weight = prose_weight(prose, plen);
    /* Two writing systems of other languages in about equal measure (Russian and
     * Chinese halves): mixed. Han, kana and Hangul are one system here (Japanese and
     * Korean mix them), and Latin letters beside another script weigh little. */
    for (int s = KL_SC_OTHER + 1; s < KL_SC_COUNT; s++) {
        if (s == KL_SC_LATIN || s == (int)best || (cjk_script(s) && cjk_script(best)))
            continue;
        double w = (double)counts[s] * (cjk_script(s) ? CJK_WEIGHT : 1.0);
        if (w >= MIXED_SHARE * best_w && counts[s] >= MIXED_MIN_LETTERS &&
            counts[best] >= MIXED_MIN_LETTERS)
            return;
    }

    /* CLD2 where a script serves several languages; the others are decided here. */
    kl_cld2_guess g;
    memset(&g, 0, sizeof g);
    if (best == KL_SC_LATIN || best == KL_SC_CYRILLIC || best == KL_SC_ARABIC ||
        best == KL_SC_DEVANAGARI || best == KL_SC_BENGALI || best == KL_SC_HEBREW ||
        best == KL_SC_ETHIOPIC) {
        char clean[MAX_SCAN * 2];
        size_t cl = utf8_clean(use, ulen, clean, sizeof clean);
        kl_cld2_detect(clean, cl, &g);
    }

    switch (best) {
    case KL_SC_LATIN: {
        if (counts[KL_SC_LATIN] < 3) /* "x", "ok": too little to tell */
            return;
        double c;
        /* ¿ and ¡ open questions and exclamations in Spanish only; they are not
         * letters, so look for them in the raw text. */
        bool spanish_marks = memmem(text, len, "\xC2\xBF", 2) || memmem(text, len, "\xC2\xA1", 2);
        const char *code = latin_language(cps, n, &g, spanish_marks, &c);
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
        guess_set(out, cyrillic_language(cps, n, &g), conf * 0.95);
        return;
    case KL_SC_ARABIC:
        guess_set(out, arabic_language(cps, n, &g), conf * 0.95);
        return;
    case KL_SC_DEVANAGARI: {
        const char *c = cld2_among(&g, "hi mr ne sa", NULL);
        guess_set(out, c && g.reliable ? c : "hi", conf * 0.9);
        return;
    }
    case KL_SC_BENGALI: {
        const char *c = cld2_among(&g, "bn as", NULL);
        guess_set(out, c && g.reliable ? c : "bn", conf * 0.95);
        return;
    }
    case KL_SC_HEBREW: {
        const char *c = cld2_among(&g, "he yi", NULL);
        guess_set(out, c && g.reliable ? c : "he", conf * 0.95);
        return;
    }
    case KL_SC_ETHIOPIC: {
        const char *c = cld2_among(&g, "am ti", NULL);
        guess_set(out, c && g.reliable ? c : "am", conf * 0.95);
        return;
    }
    default:
        guess_set(out, kl_langid_script_language[best], conf * 0.97);
        return;
    }
}

void kl_langid_detect(const char *text, size_t len, kl_lang_guess *out)
{
    double weight;
    detect(text, len, out, &weight);
}

void kl_langid_detect_turns(const char *const *turns, size_t n, kl_lang_guess *out)
{
    guess_set(out, "und", 0.0);
    if (!turns || n == 0)
        return;
    if (n == 1) {
        kl_langid_detect(turns[0], turns[0] ? strlen(turns[0]) : 0, out);
        return;
    }
    /* Each turn votes with its letters (code and names aside) times the confidence
     * of its guess: a greeting weighs little beside a request. */
    enum { MAX_VOTES = 16 };
    struct vote {
        char code[8];
        double weight, conf;
    } v[MAX_VOTES];
    size_t nv = 0;
    double total = 0.0;
    for (size_t t = 0; t < n; t++) {
        if (!turns[t])
            continue;
        kl_lang_guess g;
        double letters;
        detect(turns[t], strlen(turns[t]), &g, &letters);
        if (strcmp(g.code, "und") == 0)
            continue;
        double w = letters * (0.25 + g.confidence);
        size_t k = 0;
        while (k < nv && strcmp(v[k].code, g.code) != 0)
            k++;
        if (k == nv) {
            if (nv == MAX_VOTES)
                continue;
            snprintf(v[nv].code, sizeof v[nv].code, "%s", g.code);
            v[nv].weight = v[nv].conf = 0.0;
            nv++;
        }
        v[k].weight += w;
        v[k].conf = fmax(v[k].conf, g.confidence);
        total += w;
    }
    if (nv == 0 || total <= 0.0)
        return;
    size_t best = 0, second = MAX_VOTES;
    for (size_t k = 1; k < nv; k++) {
        if (v[k].weight > v[best].weight) {
            second = best;
            best = k;
        } else if (second == MAX_VOTES || v[k].weight > v[second].weight) {
            second = k;
        }
    }
    /* Mixed: two languages, each told with confidence, in about equal measure, and
     * not close relatives (between those it is the guess that wavers). */
    if (second != MAX_VOTES && v[second].weight >= MIXED_SHARE * v[best].weight &&
        v[best].conf >= 0.6 && v[second].conf >= 0.6 &&
        !kl_langid_cues_related(v[best].code, v[second].code))
        return;
    guess_set(out, v[best].code, v[best].weight / total * v[best].conf);
}
