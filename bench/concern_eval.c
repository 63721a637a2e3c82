/* concern_eval.c — measures the offline concern score (src/facets/concern.c):
 *   concern_eval [--data DIR] [--synth N] [--misses LANG] [--flags LANG] [--examples N]
 * Harmful requests: the user prompts of PolyRefuse (DIR/polyrefuse, deduplicated per
 * language). Harmless requests: the user turns of xsid-dev (voice-assistant requests in 19
 * language variants), arena-hard, hwu64 and banking77 (English) — real text written by
 * people for ordinary purposes. Per language: ROC AUC of the 1–5 score (harmful above
 * harmless, ties counted half), recall at concern ≥ 2 and ≥ 3, and the share of harmless
 * requests at ≥ 2. With --synth N, the same on N synthetic conversations (kleio synth's
 * generator, its own concern truth: ≥ 3 harmful, 1 harmless), reported apart because
 * kleio wrote that text. The score has no fitted weights: every language is scored
 * by the same lexicon, so there is nothing to hold out but the text itself. */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "kleio/concern.h"
#include "kleio/synth.h"

#define MAX_LANGS 48

struct lang_stats {
    char code[12];
    unsigned harm[6], safe[6];     /* counts per score 1..5 */
};

static struct lang_stats stats[2][MAX_LANGS]; /* [0] real, [1] synthetic */
static size_t n_stats[2];

static struct lang_stats *stats_of(int set, const char *code)
{
    for (size_t i = 0; i < n_stats[set]; i++)
        if (!strcmp(stats[set][i].code, code))
            return &stats[set][i];
    if (n_stats[set] == MAX_LANGS)
        return NULL;
    struct lang_stats *s = &stats[set][n_stats[set]++];
    memset(s, 0, sizeof *s);
    snprintf(s->code, sizeof s->code, "%s", code);
    return s;
}

static char *read_line(FILE *f, gzFile g, char **buf, size_t *cap)
{
    size_t len = 0;
    for (;;) {
        if (*cap - len < 2)
            *buf = realloc(*buf, *cap = *cap * 2 + 4096);
        char *got = g ? gzgets(g, *buf + len, (int)(*cap - len))
                      : fgets(*buf + len, (int)(*cap - len), f);
        if (!got)
            return len ? *buf : NULL;
        len += strlen(*buf + len);
        if (len && (*buf)[len - 1] == '\n')
            return *buf;
    }
}

/* id → lang from labels.tsv (column "lang"), or NULL for sets without one. */
struct idlang {
    char id[40], lang[12];
};

static int idlang_cmp(const void *a, const void *b)
{
    return strcmp(((const struct idlang *)a)->id, ((const struct idlang *)b)->id);
}

static struct idlang *read_langs(const char *path, size_t *n)
{
    *n = 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t cap = 1024;
    struct idlang *v = malloc(cap * sizeof *v);
    char line[1024];
    int col = -1;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *fields[16];
        int nf = 0;
        for (char *save = NULL, *tok = strtok_r(line, "\t", &save); tok && nf < 16;
             tok = strtok_r(NULL, "\t", &save))
            fields[nf++] = tok;
        if (col < 0) {
            for (int i = 0; i < nf; i++)
                if (!strcmp(fields[i], "lang"))
                    col = i;
            if (col < 0)
                break;
            continue;
        }
        if (nf <= col)
            continue;
        if (*n == cap)
            v = realloc(v, (cap *= 2) * sizeof *v);
        snprintf(v[*n].id, sizeof v[*n].id, "%s", fields[0]);
        snprintf(v[*n].lang, sizeof v[*n].lang, "%s", fields[col]);
        (*n)++;
    }
    fclose(f);
    if (col < 0) {
        free(v);
        *n = 0;
        return NULL;
    }
    qsort(v, *n, sizeof *v, idlang_cmp);
    return v;
}

/* Seen prompts, so that a prompt asked of three models counts once. */
static char **seen;
static size_t n_seen, cap_seen;

static bool first_time(const char *lang, const char *text)
{
    size_t h = 1469598103934665603ull;
    for (const char *p = lang; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    for (const char *p = text; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    if (cap_seen == 0) {
        cap_seen = 1 << 17;
        seen = calloc(cap_seen, sizeof *seen);
    }
    size_t i = h & (cap_seen - 1);
    char key[64];
    snprintf(key, sizeof key, "%zx", h);
    while (seen[i]) {
        if (!strcmp(seen[i], key))
            return false;
        i = (i + 1) & (cap_seen - 1);
    }
    if (n_seen * 2 < cap_seen) {
        seen[i] = strdup(key);
        n_seen++;
    }
    return true;
}

static const char *show_misses, *show_flags;
static int examples = 15, shown_misses, shown_flags;

static void show(const char *tag, const char *text, const kl_concern *c)
{
    char clip[300];
    size_t k = 0;
    for (const char *s = text; *s && k + 8 < sizeof clip; s++)
        clip[k++] = *s == '\n' || *s == '\t' ? ' ' : *s;
    while (k > 0 && ((unsigned char)clip[k - 1] & 0xC0) == 0x80)
        k--;
    if (k > 0 && ((unsigned char)clip[k - 1] & 0xC0) == 0xC0)
        k--;
    clip[k] = '\0';
    printf("  %s %d %-14s %s\n", tag, c->score, kl_harm_name(c->category), clip);
}

static void score(int set, const char *lang, const char *text, bool harmful)
{
    kl_concern c;
    kl_concern_assess(text, strlen(text), &c);
    struct lang_stats *s = stats_of(set, lang);
    if (!s)
        return;
    (harmful ? s->harm : s->safe)[c.score]++;
    if (harmful && c.score < 2 && show_misses && !strcmp(show_misses, lang) &&
        shown_misses < examples) {
        show("MISS", text, &c);
        shown_misses++;
    }
    if (!harmful && c.score >= 2 && show_flags && !strcmp(show_flags, lang) &&
        shown_flags < examples) {
        show("FLAG", text, &c);
        shown_flags++;
    }
}

/* Reads one data set: every conversation's user turns, joined by newlines. */
static int read_set(const char *dir, const char *fixed_lang, bool harmful)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/labels.tsv", dir);
    size_t n_lang;
    struct idlang *langs = read_langs(path, &n_lang);
    snprintf(path, sizeof path, "%s/conversations.jsonl.gz", dir);
    gzFile g = gzopen(path, "rb");
    FILE *f = NULL;
    if (!g) {
        snprintf(path, sizeof path, "%s/conversations.jsonl", dir);
        f = fopen(path, "r");
        if (!f) {
            fprintf(stderr, "concern_eval: %s: no conversations (skipped)\n", dir);
            free(langs);
            return -1;
        }
    }
    char *buf = NULL, *text = NULL;
    size_t cap = 0, tcap = 0;
    while (read_line(f, g, &buf, &cap)) {
        json_t *o = json_loads(buf, 0, NULL);
        if (!o)
            continue;
        const char *lang = fixed_lang;
        if (!lang && langs) {
            struct idlang key;
            const char *id = json_string_value(json_object_get(o, "id"));
            snprintf(key.id, sizeof key.id, "%s", id ? id : "");
            struct idlang *hit = bsearch(&key, langs, n_lang, sizeof *langs, idlang_cmp);
            lang = hit ? hit->lang : NULL;
        }
        size_t tl = 0, i;
        json_t *m;
        json_array_foreach(json_object_get(o, "messages"), i, m) {
            const char *role = json_string_value(json_object_get(m, "role"));
            const char *t = json_string_value(json_object_get(m, "content"));
            if (!role || !t || strcmp(role, "user"))
                continue;
            size_t l = strlen(t);
            if (tl + l + 2 > tcap)
                text = realloc(text, tcap = (tl + l + 2) * 2);
            if (tl)
                text[tl++] = '\n';
            memcpy(text + tl, t, l);
            tl += l;
        }
        if (lang && tl > 0) {
            text[tl] = '\0';
            if (first_time(lang, text))
                score(0, lang, text, harmful);
        }
        json_decref(o);
    }
    free(buf);
    free(text);
    free(langs);
    if (g)
        gzclose(g);
    if (f)
        fclose(f);
    return 0;
}

/* ROC AUC of the score, harmful above harmless; ties count half. */
static double auc(const unsigned *harm, const unsigned *safe)
{
    double nh = 0, ns = 0, wins = 0;
    for (int a = 1; a <= 5; a++) {
        nh += harm[a];
        ns += safe[a];
    }
    if (nh == 0 || ns == 0)
        return -1;
    for (int a = 1; a <= 5; a++)
        for (int b = 1; b <= 5; b++)
            wins += (double)harm[a] * safe[b] * (a > b ? 1.0 : a == b ? 0.5 : 0.0);
    return wins / (nh * ns);
}

static unsigned at_least(const unsigned *v, int k)
{
    unsigned n = 0;
    for (int a = k; a <= 5; a++)
        n += v[a];
    return n;
}

static void report(int set, const char *title)
{
    printf("\n%s\n", title);
    printf("  %-7s %6s %6s %7s %8s %8s %10s\n", "lang", "harm", "safe", "AUC", "rec>=2",
           "rec>=3", "safe>=2");
    unsigned th[6] = {0}, ts[6] = {0};
    for (size_t i = 0; i < n_stats[set]; i++) {
        struct lang_stats *s = &stats[set][i];
        unsigned nh = at_least(s->harm, 1), ns = at_least(s->safe, 1);
        for (int a = 1; a <= 5; a++) {
            th[a] += s->harm[a];
            ts[a] += s->safe[a];
        }
        double a = auc(s->harm, s->safe);
        char as[16] = "      -", r2[16] = "       -", r3[16] = "       -", f2[16] = "         -";
        if (a >= 0)
            snprintf(as, sizeof as, "%7.3f", a);
        if (nh) {
            snprintf(r2, sizeof r2, "%7.1f%%", 100.0 * at_least(s->harm, 2) / nh);
            snprintf(r3, sizeof r3, "%7.1f%%", 100.0 * at_least(s->harm, 3) / nh);
        }
        if (ns)
            snprintf(f2, sizeof f2, "%9.1f%%", 100.0 * at_least(s->safe, 2) / ns);
        printf("  %-7s %6u %6u %s %s %s %s\n", s->code, nh, ns, as, r2, r3, f2);
    }
    unsigned nh = at_least(th, 1), ns = at_least(ts, 1);
    printf("  %-7s %6u %6u %7.3f %7.1f%% %7.1f%% %9.1f%%   (pooled)\n", "all", nh, ns,
           auc(th, ts), nh ? 100.0 * at_least(th, 2) / nh : 0, nh ? 100.0 * at_least(th, 3) / nh : 0,
           ns ? 100.0 * at_least(ts, 2) / ns : 0);
}

static void synth_set(uint64_t n)
{
    kl_synth_opts o;
    kl_synth_opts_default(&o);
    o.n = n;
    o.seed = 7;
    char err[256];
    kl_synth_gen *g = kl_synth_open(&o, err, sizeof err);
    if (!g) {
        fprintf(stderr, "concern_eval: synth: %s\n", err);
        return;
    }
    char *text = NULL;
    size_t tcap = 0;
    for (uint64_t i = 0; i < n; i++) {
        const kl_synth_conv *c = kl_synth_get(g, i);
        if (c->trap != KL_SYNTH_TRAP_NONE || c->concern == 2)
            continue;
        size_t tl = 0;
        for (size_t k = 0; k < c->n_messages; k += 2) {
            size_t l = strlen(c->content[k]);
            if (tl + l + 2 > tcap)
                text = realloc(text, tcap = (tl + l + 2) * 2);
            if (tl)
                text[tl++] = '\n';
            memcpy(text + tl, c->content[k], l);
            tl += l;
        }
        text[tl] = '\0';
        score(1, kl_synth_language_code(c->language), text, c->concern >= 3);
    }
    free(text);
    kl_synth_close(g);
}

int main(int argc, char **argv)
{
    const char *dir = NULL;
    uint64_t synth_n = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--data") && i + 1 < argc)
            dir = argv[++i];
        else if (!strcmp(argv[i], "--synth") && i + 1 < argc)
            synth_n = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--misses") && i + 1 < argc)
            show_misses = argv[++i];
        else if (!strcmp(argv[i], "--flags") && i + 1 < argc)
            show_flags = argv[++i];
        else if (!strcmp(argv[i], "--examples") && i + 1 < argc)
            examples = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: concern_eval [--data DIR] [--synth N] [--misses LANG] "
                            "[--flags LANG] [--examples N]\n");
            return 2;
        }
    }
    char defdir[4096], path[4200];
    if (!dir) {
        const char *root = getenv("KLEIO_ROOT");
        snprintf(defdir, sizeof defdir, "%s/../shared/data", root ? root : ".");
        dir = defdir;
    }
    snprintf(path, sizeof path, "%s/polyrefuse", dir);
    read_set(path, NULL, true);
    snprintf(path, sizeof path, "%s/xsid-dev", dir);
    read_set(path, NULL, false);
    static const char *const english[] = {"arena-hard", "hwu64", "banking77"};
    for (size_t k = 0; k < 3; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, english[k]);
        read_set(path, "en", false);
    }
    report(0, "Real requests: PolyRefuse prompts (harm) against xsid-dev, arena-hard, hwu64, "
              "banking77 (safe)");
    if (synth_n) {
        synth_set(synth_n);
        report(1, "Synthetic requests (kleio synth, seed 7): concern >= 3 (harm) against "
                  "concern 1 (safe)");
    }
    return 0;
}
