/* langid_profile.c — loading and scoring character n-gram profiles (see
 * langid_profile.h). State is filled once under kl_langid_init's pthread_once and
 * only read afterwards, so scoring is thread-safe. */
#include "langid_profile.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/log.h"
#include "kleio/textfold.h"
#include "kleio/utf8.h"

#define MAX_GRAM 5
#define MAX_ENTRIES (KL_LANGID_MAX_PROFILES * 400)
#define SLOTS 65536u /* power of two, > 2 × MAX_ENTRIES */

static uint64_t s_keys[MAX_ENTRIES];
static float s_logp[MAX_ENTRIES][KL_LANGID_MAX_PROFILES];
static int32_t s_slot[SLOTS];
static size_t s_entries;
static size_t s_profiles;

static uint64_t gram_hash(const uint32_t *g, size_t k)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < k; i++) {
        h ^= g[i];
        h *= 1099511628211ull;
    }
    return h ^ (uint64_t)k;
}

static int32_t entry_find(uint64_t key)
{
    uint32_t i = (uint32_t)(key ^ (key >> 29)) & (SLOTS - 1);
    while (s_slot[i] >= 0) {
        if (s_keys[s_slot[i]] == key)
            return s_slot[i];
        i = (i + 1) & (SLOTS - 1);
    }
    return -1;
}

static int32_t entry_add(uint64_t key)
{
    uint32_t i = (uint32_t)(key ^ (key >> 29)) & (SLOTS - 1);
    while (s_slot[i] >= 0) {
        if (s_keys[s_slot[i]] == key)
            return s_slot[i];
        i = (i + 1) & (SLOTS - 1);
    }
    if (s_entries >= MAX_ENTRIES)
        return -1;
    s_keys[s_entries] = key;
    for (size_t p = 0; p < KL_LANGID_MAX_PROFILES; p++)
        s_logp[s_entries][p] = 0.0f; /* raw count until finalised */
    s_slot[i] = (int32_t)s_entries;
    return (int32_t)s_entries++;
}

static bool is_letter(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (cp < 0xC0)
        return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
    if (cp == 0xD7 || cp == 0xF7 || cp == KL_REPLACEMENT_CHAR)
        return false;
    if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
        (cp >= 0xFF00 && cp <= 0xFF20) || (cp >= 0xFE30 && cp <= 0xFE6F) ||
        (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x660 && cp <= 0x669) ||
        (cp >= 0x600 && cp <= 0x61F) || cp == 0x6D4 || (cp >= 0x964 && cp <= 0x96F))
        return false;
    return true;
}

static uint32_t compose_dot_below(uint32_t base)
{
    switch (base) {
    case 'e': return 0x1EB9;
    case 'o': return 0x1ECD;
    case 's': return 0x1E63;
    default: return base;
    }
}

size_t kl_langid_fold_letters(const char *text, size_t len, uint32_t *out, size_t cap)
{
    size_t n = 0;
    size_t i = 0;
    while (i < len && n < cap) {
        uint32_t cp;
        i += kl_utf8_decode(text + i, len - i, &cp);
        if (kl_fold_is_mark(cp)) {
            if ((cp == 0x323 || cp == 0x329) && n > 0)
                out[n - 1] = compose_dot_below(out[n - 1]);
            continue;
        }
        if (is_letter(cp))
            out[n++] = kl_fold_lower(cp);
        else if (n > 0 && out[n - 1] != ' ')
            out[n++] = ' ';
    }
    while (n > 0 && out[n - 1] == ' ')
        n--;
    return n;
}

static int profile_read(FILE *f, const char *path, size_t p, double *total, double *min_count)
{
    char line[256];
    unsigned lineno = 0;
    *total = 0.0;
    *min_count = 1e18;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        /* "NGRAM<TAB>COUNT", or NGRAM alone in rank order: some fingerprints carry no
         * counts, so they get the Zipf curve the counted ones follow. */
        char *tab = strchr(line, '\t');
        double count;
        if (tab) {
            char *end;
            count = strtod(tab + 1, &end);
            if (end == tab + 1 || count <= 0.0) {
                kl_error("%s:%u: bad count", path, lineno);
                return -1;
            }
        } else {
            tab = line + strcspn(line, "\r\n");
            count = 20000.0 / pow((double)lineno, 0.93);
        }
        if (tab == line)
            continue;
        for (char *c = line; c < tab; c++)
            if (*c == '_')
                *c = ' ';
        uint32_t g[MAX_GRAM + 2];
        /* fold without trimming the word-boundary spaces */
        size_t k = 0;
        size_t i = 0;
        size_t glen = (size_t)(tab - line);
        while (i < glen && k < MAX_GRAM) {
            uint32_t cp;
            i += kl_utf8_decode(line + i, glen - i, &cp);
            if (kl_fold_is_mark(cp)) {
                if ((cp == 0x323 || cp == 0x329) && k > 0)
                    g[k - 1] = compose_dot_below(g[k - 1]);
                continue;
            }
            g[k++] = cp == ' ' ? ' ' : kl_fold_lower(cp);
        }
        if (k == 0)
            continue;
        int32_t e = entry_add(gram_hash(g, k));
        if (e < 0) {
            kl_error("%s: too many n-grams", path);
            return -1;
        }
        s_logp[e][p] += (float)count;
        if (k == 1)
            *total += count;
        if (count < *min_count)
            *min_count = count;
    }
    if (lineno == 0 || *total <= 0.0) {
        kl_error("%s: empty or not an n-gram fingerprint", path);
        return -1;
    }
    return 0;
}

int kl_langid_profiles_load(const char *dir, const char *const *codes, size_t n)
{
    if (n > KL_LANGID_MAX_PROFILES)
        n = KL_LANGID_MAX_PROFILES;
    memset(s_slot, 0xFF, sizeof s_slot);
    s_entries = 0;
    double total[KL_LANGID_MAX_PROFILES], floor_count[KL_LANGID_MAX_PROFILES];
    for (size_t p = 0; p < n; p++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.lm", dir, codes[p]);
        FILE *f = fopen(path, "r");
        if (!f) {
            kl_error("language profiles: cannot open %s: %s (install libexttextcat-data, "
                     "or set KLEIO_LANGID_DIR)", path, strerror(errno));
            return -1;
        }
        int rc = profile_read(f, path, p, &total[p], &floor_count[p]);
        fclose(f);
        if (rc != 0)
            return -1;
    }
    for (size_t e = 0; e < s_entries; e++)
        for (size_t p = 0; p < n; p++) {
            double c = s_logp[e][p];
            if (c <= 0.0)
                c = 0.5 * floor_count[p];
            s_logp[e][p] = (float)log(c / total[p]);
        }
    s_profiles = n;
    return 0;
}

size_t kl_langid_profiles_score(const uint32_t *cps, size_t n, double *cost)
{
    /* Summed in float over every column (unused ones hold 0): a loop of fixed length
     * the compiler turns into vector instructions. */
    float acc[KL_LANGID_MAX_PROFILES] = {0};
    size_t scored = 0;
    /* The text padded with one space each side; position j of the padded text. */
#define AT(j) ((j) == 0 || (j) == n + 1 ? (uint32_t)' ' : cps[(j) - 1])
    for (size_t i = 0; i < n + 2; i++) {
        uint32_t g[MAX_GRAM];
        for (size_t k = 1; k <= MAX_GRAM && i + k <= n + 2; k++) {
            g[k - 1] = AT(i + k - 1);
            if (k >= 3 && g[k - 2] == ' ')
                break; /* a space may only open or close an n-gram */
            if (k == 2 && g[0] == ' ' && g[1] == ' ')
                break;
            int32_t e = entry_find(gram_hash(g, k));
            if (e < 0)
                continue;
            const float *row = s_logp[e];
            for (size_t p = 0; p < KL_LANGID_MAX_PROFILES; p++)
                acc[p] -= row[p];
            scored++;
        }
    }
#undef AT
    for (size_t p = 0; p < s_profiles; p++)
        cost[p] = scored > 0 ? (double)acc[p] / (double)scored : 0.0;
    return scored;
}
