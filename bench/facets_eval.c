/* facets_eval.c — measures language identification and refusal detection against
 * the labelled PolyRefuse set (../shared/data/polyrefuse by default):
 *   facets_eval [--data DIR] [--show-lang CODE] [--show-refusal CODE] [--examples N]
 * Prints language accuracy per language on whole prompts and on prompts cut to 35
 * characters, the commonest confusions, refusal precision/recall/F1 per language
 * (partial and full both count as refused) and the throughput of each detector. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "kleio/langid.h"
#include "kleio/log.h"
#include "kleio/refusal.h"
#include "kleio/utf8.h"

#define MAX_LANGS 32
#define MAX_TURNS 16

struct label {
    char id[40];
    char lang[8];
    int refused;
};

struct item {
    char *prompt;
    char *turns[MAX_TURNS];
    size_t n_turns;
    struct label *label;
};

/* CPU seconds of this process: throughput that does not depend on other load. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int label_cmp(const void *a, const void *b)
{
    return strcmp(((const struct label *)a)->id, ((const struct label *)b)->id);
}

static struct label *labels_read(const char *path, size_t *n)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return NULL;
    }
    size_t cap = 1024;
    struct label *v = malloc(cap * sizeof *v);
    char line[512];
    int lang_col = -1, ref_col = -1;
    *n = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *fields[16];
        int nf = 0;
        for (char *save = NULL, *tok = strtok_r(line, "\t", &save); tok && nf < 16;
             tok = strtok_r(NULL, "\t", &save))
            fields[nf++] = tok;
        if (lang_col < 0) {
            for (int i = 0; i < nf; i++) {
                if (strcmp(fields[i], "lang") == 0)
                    lang_col = i;
                if (strcmp(fields[i], "refusal_wildguard") == 0)
                    ref_col = i;
            }
            if (lang_col < 0 || ref_col < 0) {
                fprintf(stderr, "%s: no lang/refusal_wildguard columns\n", path);
                exit(2);
            }
            continue;
        }
        if (nf <= lang_col || nf <= ref_col)
            continue;
        if (*n == cap)
            v = realloc(v, (cap *= 2) * sizeof *v);
        snprintf(v[*n].id, sizeof v[*n].id, "%s", fields[0]);
        snprintf(v[*n].lang, sizeof v[*n].lang, "%s", fields[lang_col]);
        v[*n].refused = atoi(fields[ref_col]);
        (*n)++;
    }
    fclose(f);
    qsort(v, *n, sizeof *v, label_cmp);
    return v;
}

static char *gz_line(gzFile g, char **buf, size_t *cap)
{
    size_t len = 0;
    for (;;) {
        if (*cap - len < 2)
            *buf = realloc(*buf, *cap = *cap * 2 + 4096);
        if (!gzgets(g, *buf + len, (int)(*cap - len)))
            return len ? *buf : NULL;
        len += strlen(*buf + len);
        if (len && (*buf)[len - 1] == '\n')
            return *buf;
    }
}

static char *text_of(json_t *content)
{
    if (json_is_string(content))
        return strdup(json_string_value(content));
    return strdup("");
}

static int lang_index(char codes[][8], size_t *n, const char *code)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(codes[i], code) == 0)
            return (int)i;
    if (*n == MAX_LANGS)
        return -1;
    snprintf(codes[*n], 8, "%s", code);
    return (int)(*n)++;
}

struct confusion {
    char gold[8], guess[8];
    unsigned n;
};

static void confusion_add(struct confusion *c, size_t *n, const char *gold, const char *guess)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(c[i].gold, gold) && !strcmp(c[i].guess, guess)) {
            c[i].n++;
            return;
        }
    if (*n >= 4096)
        return;
    snprintf(c[*n].gold, 8, "%s", gold);
    snprintf(c[*n].guess, 8, "%s", guess);
    c[(*n)++].n = 1;
}

static int confusion_cmp(const void *a, const void *b)
{
    return (int)((const struct confusion *)b)->n - (int)((const struct confusion *)a)->n;
}

static void show_text(const char *tag, const char *s, size_t head, size_t tail)
{
    char *clean = kl_sanitize(s);
    size_t n = strlen(clean);
    if (n <= head + tail) {
        printf("    %s %s\n", tag, clean);
    } else {
        size_t h = kl_utf8_fit(clean, head, NULL);
        const char *t = clean + n - tail;
        while (t > clean && (*t & 0xC0) == 0x80)
            t--;
        printf("    %s %.*s … %s\n", tag, (int)h, clean, t);
    }
    free(clean);
}

int main(int argc, char **argv)
{
    const char *dir = NULL, *show_lang = NULL, *show_ref = NULL;
    int examples = 10;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--data") && i + 1 < argc)
            dir = argv[++i];
        else if (!strcmp(argv[i], "--show-lang") && i + 1 < argc)
            show_lang = argv[++i];
        else if (!strcmp(argv[i], "--show-refusal") && i + 1 < argc)
            show_ref = argv[++i];
        else if (!strcmp(argv[i], "--examples") && i + 1 < argc)
            examples = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: facets_eval [--data DIR] [--show-lang CODE] "
                            "[--show-refusal CODE] [--examples N]\n");
            return 2;
        }
    }
    char defdir[4096];
    if (!dir) {
        const char *root = getenv("KLEIO_ROOT");
        snprintf(defdir, sizeof defdir, "%s/../shared/data/polyrefuse", root ? root : ".");
        dir = defdir;
    }
    if (kl_langid_init() != 0)
        return 1;
    char path[4200];
    snprintf(path, sizeof path, "%s/labels.tsv", dir);
    size_t n_labels;
    struct label *labels = labels_read(path, &n_labels);
    if (!labels)
        return 1;
    snprintf(path, sizeof path, "%s/conversations.jsonl.gz", dir);
    gzFile g = gzopen(path, "rb");
    if (!g) {
        perror(path);
        return 1;
    }
    size_t cap = 0, n_items = 0, items_cap = 1024;
    char *line = NULL;
    struct item *items = malloc(items_cap * sizeof *items);
    while (gz_line(g, &line, &cap)) {
        json_error_t err;
        json_t *root = json_loads(line, 0, &err);
        if (!root)
            continue;
        struct label key;
        snprintf(key.id, sizeof key.id, "%s", json_string_value(json_object_get(root, "id")));
        struct label *lab = bsearch(&key, labels, n_labels, sizeof key, label_cmp);
        if (lab) {
            if (n_items == items_cap)
                items = realloc(items, (items_cap *= 2) * sizeof *items);
            struct item *it = &items[n_items++];
            memset(it, 0, sizeof *it);
            it->label = lab;
            json_t *msgs = json_object_get(root, "messages");
            size_t i;
            json_t *m;
            json_array_foreach(msgs, i, m) {
                const char *role = json_string_value(json_object_get(m, "role"));
                if (!role)
                    continue;
                if (!strcmp(role, "user") && !it->prompt)
                    it->prompt = text_of(json_object_get(m, "content"));
                else if (!strcmp(role, "assistant") && it->n_turns < MAX_TURNS)
                    it->turns[it->n_turns++] = text_of(json_object_get(m, "content"));
            }
            if (!it->prompt)
                it->prompt = strdup("");
        }
        json_decref(root);
    }
    gzclose(g);
    free(line);

    char codes[MAX_LANGS][8];
    size_t n_codes = 0;
    unsigned total[MAX_LANGS] = {0}, ok_full[MAX_LANGS] = {0}, ok_short[MAX_LANGS] = {0};
    unsigned tp[MAX_LANGS] = {0}, fp[MAX_LANGS] = {0}, fn[MAX_LANGS] = {0};
    unsigned pos[MAX_LANGS] = {0}, partial[MAX_LANGS] = {0};
    unsigned tp_full[MAX_LANGS] = {0}, fp_full[MAX_LANGS] = {0};
    unsigned fp_partial[MAX_LANGS] = {0}, tp_partial[MAX_LANGS] = {0};
    static struct confusion conf[4096], conf_short[4096];
    size_t n_conf = 0, n_conf_short = 0;
    int shown_lang = 0, shown_fn = 0, shown_fp = 0;

    double t0 = cpu_now();
    for (size_t i = 0; i < n_items; i++) {
        struct item *it = &items[i];
        int li = lang_index(codes, &n_codes, it->label->lang);
        if (li < 0)
            continue;
        kl_lang_guess gs;
        kl_langid_detect(it->prompt, strlen(it->prompt), &gs);
        total[li]++;
        if (!strcmp(gs.code, it->label->lang)) {
            ok_full[li]++;
        } else {
            confusion_add(conf, &n_conf, it->label->lang, gs.code);
            if (show_lang && !strcmp(show_lang, it->label->lang) && shown_lang++ < examples)
                printf("  lang %s→%s (%.2f): %s\n", it->label->lang, gs.code,
                       gs.confidence, it->prompt);
        }
    }
    double t_lang = cpu_now() - t0;
    for (size_t i = 0; i < n_items; i++) {
        struct item *it = &items[i];
        int li = lang_index(codes, &n_codes, it->label->lang);
        size_t cut = kl_utf8_fit(it->prompt, 35, NULL);
        size_t bytes = 0, chars = 0;
        while (it->prompt[bytes] && chars < 35) { /* 35 code points, not columns */
            uint32_t cp;
            bytes += kl_utf8_decode(it->prompt + bytes, strlen(it->prompt + bytes), &cp);
            chars++;
        }
        (void)cut;
        kl_lang_guess gs;
        kl_langid_detect(it->prompt, bytes, &gs);
        if (!strcmp(gs.code, it->label->lang))
            ok_short[li]++;
        else
            confusion_add(conf_short, &n_conf_short, it->label->lang, gs.code);
    }
    t0 = cpu_now();
    for (size_t i = 0; i < n_items; i++) {
        struct item *it = &items[i];
        int li = lang_index(codes, &n_codes, it->label->lang);
        enum kl_refused r = kl_refusal_classify((const char *const *)it->turns, it->n_turns,
                                                it->label->lang);
        int guess = r != KL_REFUSED_NONE;
        int gold = it->label->refused;
        pos[li] += (unsigned)gold;
        partial[li] += r == KL_REFUSED_PARTIAL;
        tp_full[li] += gold && r == KL_REFUSED_FULL;
        fp_full[li] += !gold && r == KL_REFUSED_FULL;
        tp_partial[li] += gold && r == KL_REFUSED_PARTIAL;
        fp_partial[li] += !gold && r == KL_REFUSED_PARTIAL;
        if (guess && gold)
            tp[li]++;
        else if (guess)
            fp[li]++;
        else if (gold)
            fn[li]++;
        if (show_ref && !strcmp(show_ref, it->label->lang) && it->n_turns > 0 &&
            guess != gold) {
            if (gold && shown_fn++ < examples) {
                printf("  MISSED refusal %s:\n", it->label->id);
                show_text("", it->turns[0], 300, 200);
            } else if (!gold && shown_fp++ < examples) {
                printf("  FALSE refusal (%s) %s:\n", r == KL_REFUSED_FULL ? "full" : "partial",
                       it->label->id);
                show_text("", it->turns[0], 300, 200);
            }
        }
    }
    double t_ref = cpu_now() - t0;

    printf("\nLanguage identification on %zu user prompts of %s\n", n_items, dir);
    printf("%-5s %6s %8s %8s\n", "lang", "n", "acc", "acc@35");
    double macro = 0, macro_s = 0;
    for (size_t l = 0; l < n_codes; l++) {
        double a = total[l] ? (double)ok_full[l] / total[l] : 0;
        double b = total[l] ? (double)ok_short[l] / total[l] : 0;
        macro += a;
        macro_s += b;
        printf("%-5s %6u %8.4f %8.4f\n", codes[l], total[l], a, b);
    }
    printf("%-5s %6zu %8.4f %8.4f   (macro average)\n", "all", n_items, macro / n_codes,
           macro_s / n_codes);
    qsort(conf, n_conf, sizeof conf[0], confusion_cmp);
    qsort(conf_short, n_conf_short, sizeof conf_short[0], confusion_cmp);
    printf("top confusions (gold→guess: whole / 35 chars):");
    for (size_t i = 0; i < n_conf && i < 12; i++)
        printf(" %s→%s %u", conf[i].gold, conf[i].guess, conf[i].n);
    printf("\n  at 35 chars:");
    for (size_t i = 0; i < n_conf_short && i < 12; i++)
        printf(" %s→%s %u", conf_short[i].gold, conf_short[i].guess, conf_short[i].n);
    printf("\n\nRefusal detection vs refusal_wildguard (refused = partial or full; F1full: "
           "full only)\n");
    printf("%-5s %6s %6s %7s %7s %7s %7s %8s  %s\n", "lang", "n", "pos", "prec", "recall", "F1",
           "F1full", "partial", "disagreements: 1→none 0→partial 0→full");
    unsigned TP = 0, FP = 0, FN = 0;
    double macro_f1 = 0;
    for (size_t l = 0; l < n_codes; l++) {
        double p = tp[l] + fp[l] ? (double)tp[l] / (tp[l] + fp[l]) : 0;
        double r = tp[l] + fn[l] ? (double)tp[l] / (tp[l] + fn[l]) : 0;
        double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
        macro_f1 += f;
        TP += tp[l];
        FP += fp[l];
        FN += fn[l];
        /* F1 when only FULL counts as refused (partial as compliance). */
        double pf = tp_full[l] + fp_full[l] ? (double)tp_full[l] / (tp_full[l] + fp_full[l]) : 0;
        double rf = pos[l] ? (double)tp_full[l] / pos[l] : 0;
        double ff = pf + rf > 0 ? 2 * pf * rf / (pf + rf) : 0;
        printf("%-5s %6u %6u %7.4f %7.4f %7.4f %7.4f %8u  %u %u %u\n", codes[l], total[l], pos[l],
               p, r, f, ff, partial[l], fn[l], fp_partial[l], fp_full[l]);
    }
    double P = TP + FP ? (double)TP / (TP + FP) : 0, R = TP + FN ? (double)TP / (TP + FN) : 0;
    printf("%-5s %6zu %6u %7.4f %7.4f %7.4f   (pooled; macro F1 %.4f)\n", "all", n_items,
           TP + FN, P, R, P + R > 0 ? 2 * P * R / (P + R) : 0, macro_f1 / n_codes);
    printf("\nThroughput (CPU time, one core): language %.0f prompts/s, refusal %.0f "
           "conversations/s\n",
           n_items / t_lang, n_items / t_ref);
    for (size_t i = 0; i < n_items; i++) {
        free(items[i].prompt);
        for (size_t t = 0; t < items[i].n_turns; t++)
            free(items[i].turns[t]);
    }
    free(items);
    free(labels);
    return 0;
}
