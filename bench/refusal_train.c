/* refusal_train.c — fits and measures the refusal classifier (src/facets/refusal.c).
 *   refusal_train [--data DIR] [--cases FILE] [--lambda L] [--write OUT.c]
 *                 [--show MODEL:LANG] [--examples N]
 * Reads the labelled PolyRefuse replies (DIR, default ../shared/data/polyrefuse), computes
 * each reply's features with the product's own kl_refusal_features, and
 *   1. leave-one-model-out: fits a logistic regression on the replies of two models and
 *      scores the third, per language (precision, recall, F1 of "refused");
 *   2. scores the labelled English cases of FILE (default tests/fixtures/refusal_cases.tsv:
 *      label, case, reply with \n escaped) under each held-out fit and the final one;
 *   3. fits on all three models and, with --write, writes the weights as C (the shipped
 *      src/facets/refusal_model.c is this output).
 * The fit is Newton's method on the L2-penalised log loss (the bias is not penalised):
 * deterministic, no sampling, so the same data gives the same table. */
#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "kleio/refusal.h"

#define NF KL_REFUSAL_NFEATURES
#define NW (NF + 1)
#define MAX_LANGS 32
#define MAX_MODELS 8

struct item {
    char id[40];
    int lang, model, label;
    float x[NF];
    char *reply;
};

static char langs[MAX_LANGS][8];
static size_t n_langs;
static char models[MAX_MODELS][64];
static size_t n_models;

static int intern(char (*tab)[64], size_t *n, size_t cap, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(tab[i], s))
            return (int)i;
    if (*n == cap)
        return -1;
    snprintf(tab[*n], 64, "%s", s);
    return (int)(*n)++;
}

static int lang_of(const char *s)
{
    for (size_t i = 0; i < n_langs; i++)
        if (!strcmp(langs[i], s))
            return (int)i;
    if (n_langs == MAX_LANGS)
        return -1;
    snprintf(langs[n_langs], 8, "%s", s);
    return (int)n_langs++;
}

static int item_cmp(const void *a, const void *b)
{
    return strcmp(((const struct item *)a)->id, ((const struct item *)b)->id);
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

/* labels.tsv: id, lang, refusal_wildguard, model, … (columns found by name). */
static struct item *read_labels(const char *path, size_t *n)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return NULL;
    }
    size_t cap = 1024;
    struct item *v = calloc(cap, sizeof *v);
    char line[1024];
    int c_lang = -1, c_ref = -1, c_model = -1;
    *n = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *fields[16];
        int nf = 0;
        for (char *save = NULL, *tok = strtok_r(line, "\t", &save); tok && nf < 16;
             tok = strtok_r(NULL, "\t", &save))
            fields[nf++] = tok;
        if (c_lang < 0) {
            for (int i = 0; i < nf; i++) {
                c_lang = !strcmp(fields[i], "lang") ? i : c_lang;
                c_ref = !strcmp(fields[i], "refusal_wildguard") ? i : c_ref;
                c_model = !strcmp(fields[i], "model") ? i : c_model;
            }
            if (c_lang < 0 || c_ref < 0 || c_model < 0) {
                fprintf(stderr, "%s: needs lang, refusal_wildguard and model columns\n", path);
                exit(2);
            }
            continue;
        }
        if (nf <= c_lang || nf <= c_ref || nf <= c_model)
            continue;
        if (*n == cap)
            v = realloc(v, (cap *= 2) * sizeof *v);
        struct item *it = &v[(*n)++];
        memset(it, 0, sizeof *it);
        snprintf(it->id, sizeof it->id, "%s", fields[0]);
        it->lang = lang_of(fields[c_lang]);
        it->model = intern(models, &n_models, MAX_MODELS, fields[c_model]);
        it->label = atoi(fields[c_ref]) != 0;
    }
    fclose(f);
    qsort(v, *n, sizeof *v, item_cmp);
    return v;
}

/* Reads each conversation's assistant turns (joined by a blank line) into its item. */
static int read_replies(const char *path, struct item *v, size_t n)
{
    gzFile g = gzopen(path, "rb");
    if (!g) {
        perror(path);
        return -1;
    }
    char *buf = NULL;
    size_t cap = 0;
    while (gz_line(g, &buf, &cap)) {
        json_t *o = json_loads(buf, 0, NULL);
        if (!o)
            continue;
        struct item key;
        snprintf(key.id, sizeof key.id, "%s", json_string_value(json_object_get(o, "id")) ?
                                                  json_string_value(json_object_get(o, "id")) : "");
        struct item *it = bsearch(&key, v, n, sizeof *v, item_cmp);
        json_t *msgs = json_object_get(o, "messages");
        size_t i;
        json_t *m;
        if (it) {
            json_array_foreach(msgs, i, m) {
                const char *role = json_string_value(json_object_get(m, "role"));
                const char *text = json_string_value(json_object_get(m, "content"));
                if (role && text && !strcmp(role, "assistant") && !it->reply)
                    it->reply = strdup(text);
            }
            if (!it->reply)
                it->reply = strdup("");
        }
        json_decref(o);
    }
    free(buf);
    gzclose(g);
    return 0;
}

/* Solves A w = b for a symmetric positive definite A (NW × NW) by Cholesky. */
static void solve(double A[NW][NW], const double *b, double *w)
{
    double L[NW][NW] = {{0}};
    for (int i = 0; i < NW; i++)
        for (int j = 0; j <= i; j++) {
            double s = A[i][j];
            for (int k = 0; k < j; k++)
                s -= L[i][k] * L[j][k];
            L[i][j] = i == j ? sqrt(s > 1e-12 ? s : 1e-12) : s / L[j][j];
        }
    double y[NW];
    for (int i = 0; i < NW; i++) {
        double s = b[i];
        for (int k = 0; k < i; k++)
            s -= L[i][k] * y[k];
        y[i] = s / L[i][i];
    }
    for (int i = NW - 1; i >= 0; i--) {
        double s = y[i];
        for (int k = i + 1; k < NW; k++)
            s -= L[k][i] * w[k];
        w[i] = s / L[i][i];
    }
}

static double dot(const double *w, const float *x)
{
    double z = w[NF];
    for (int f = 0; f < NF; f++)
        z += w[f] * x[f];
    return z;
}

/* What kleio-facets(1)'s taxonomy says about a feature's direction, whatever the labels
 * of one data set say: a correction, a disclaimer, a helpful opening and content are
 * never evidence of a refusal; a decline, or an inability or a referral with nothing
 * after it, never evidence against one. PolyRefuse's labels (a classifier's) count many
 * corrections of a harmful request's premise as refusals; the taxonomy does not. */
static const struct {
    const char *name;
    int sign;
} constraints[] = {
    {"decline_open", 1},   {"decline_later", 1},  {"decline_tail", 1},  {"unable_nosub", 1}, {"limit_nosub", 1},
    {"refer_nosub", 1},    {"limit_sub", -1},     {"refer_sub", -1},    {"rebut_any", -1},
    {"disclaim_any", -1},  {"support_any", -1},  {"help_open", -1},     {"help_any", -1},     {"list_items", -1},
    {"code", -1},          {"sub_much", -1},      {"sub_most", -1},     {"soft_sub", -1},
    {"limit_open", -1},
};

static int sign_of(int f)
{
    for (size_t k = 0; k < sizeof constraints / sizeof constraints[0]; k++)
        if (!strcmp(constraints[k].name, kl_refusal_feature_name((size_t)f)))
            return constraints[k].sign;
    return 0;
}

static void fit_free(const struct item *v, size_t n, int skip, double lambda, double *w,
                     const bool *off);

/* Fits w (NF weights, then the bias) on the items whose model is not `skip`, keeping the
 * constrained signs: a weight that comes out on the wrong side is fixed at zero and the
 * rest refitted, until none does. */
static void fit(const struct item *v, size_t n, int skip, double lambda, double *w)
{
    bool off[NF] = {false};
    for (int round = 0; round < NF; round++) {
        fit_free(v, n, skip, lambda, w, off);
        int worst = -1;
        double worst_v = 0;
        for (int f = 0; f < NF; f++) {
            double bad = sign_of(f) * w[f];
            if (!off[f] && bad < worst_v) {
                worst_v = bad;
                worst = f;
            }
        }
        if (worst < 0)
            return;
        off[worst] = true;
    }
}

static void fit_free(const struct item *v, size_t n, int skip, double lambda, double *w,
                     const bool *off)
{
    memset(w, 0, NW * sizeof *w);
    for (int iter = 0; iter < 25; iter++) {
        static double H[NW][NW];
        double g[NW] = {0}, step[NW];
        memset(H, 0, sizeof H);
        for (size_t i = 0; i < n; i++) {
            if (v[i].model == skip)
                continue;
            double xi[NW];
            for (int f = 0; f < NF; f++)
                xi[f] = off[f] ? 0 : v[i].x[f];
            xi[NF] = 1;
            double p = 1 / (1 + exp(-dot(w, v[i].x)));
            double r = p - v[i].label, s = p * (1 - p);
            for (int a = 0; a < NW; a++) {
                if (xi[a] == 0)
                    continue;
                g[a] += r * xi[a];
                for (int b = 0; b <= a; b++)
                    H[a][b] += s * xi[a] * xi[b];
            }
        }
        for (int a = 0; a < NW; a++) {
            for (int b = 0; b < a; b++)
                H[b][a] = H[a][b];
            if (a < NF && off[a]) {
                H[a][a] = 1;
                g[a] = 0;
            } else if (a < NF) {
                H[a][a] += lambda;
                g[a] += lambda * w[a];
            } else {
                H[a][a] += 1e-6;
            }
        }
        solve(H, g, step);
        double moved = 0;
        for (int a = 0; a < NW; a++) {
            w[a] -= step[a];
            moved += fabs(step[a]);
        }
        if (moved < 1e-7)
            break;
    }
}

struct counts {
    unsigned tp, fp, fn, tn;
};

static double f1(const struct counts *c)
{
    return c->tp ? 2.0 * c->tp / (2.0 * c->tp + c->fp + c->fn) : 0.0;
}

static void show(const struct item *it, double p)
{
    char clip[400];
    size_t k = 0;
    for (const char *s = it->reply; *s && k + 8 < sizeof clip; s++)
        clip[k++] = *s == '\n' || *s == '\t' ? ' ' : *s;
    while (k > 0 && ((unsigned char)clip[k - 1] & 0xC0) == 0x80)
        k--;
    if (k > 0 && ((unsigned char)clip[k - 1] & 0xC0) == 0xC0)
        k--;
    clip[k] = '\0';
    printf("    [%s label %d p %.2f len %zu] %s\n", it->id, it->label, p, strlen(it->reply), clip);
}

/* The labelled English cases: label (none/partial/full), case name, reply. */
struct kase {
    char label[16], name[32];
    char *reply;
    float x[NF];
};

static struct kase *read_cases(const char *path, size_t *n)
{
    *n = 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t cap = 64;
    struct kase *v = calloc(cap, sizeof *v);
    char *line = NULL;
    size_t lcap = 0;
    while (getline(&line, &lcap, f) > 0) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t2)
            continue;
        *t1 = *t2 = '\0';
        if (*n == cap)
            v = realloc(v, (cap *= 2) * sizeof *v);
        struct kase *k = &v[(*n)++];
        snprintf(k->label, sizeof k->label, "%s", line);
        snprintf(k->name, sizeof k->name, "%s", t1 + 1);
        char *r = strdup(t2 + 1), *o = r;
        for (const char *p = t2 + 1; *p; p++) {
            if (p[0] == '\\' && p[1] == 'n') {
                *o++ = '\n';
                p++;
            } else {
                *o++ = *p;
            }
        }
        *o = '\0';
        k->reply = r;
        kl_refusal_features(r, k->x);
    }
    free(line);
    fclose(f);
    return v;
}

/* Refused or not, per case name: the confusion the man page reports. */
static void score_cases(const char *title, const struct kase *k, size_t n, const double *w)
{
    if (n == 0)
        return;
    printf("  %s\n", title);
    printf("    %-12s %5s %8s %8s   %s\n", "case", "n", "refused", "correct", "wrong ids");
    const char *names[16];
    size_t nn = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < nn && strcmp(names[j], k[i].name))
            j++;
        if (j == nn && nn < 16)
            names[nn++] = k[i].name;
    }
    unsigned all = 0, all_ok = 0;
    for (size_t j = 0; j < nn; j++) {
        unsigned c = 0, ref = 0, ok = 0;
        char wrong[256] = "";
        for (size_t i = 0; i < n; i++) {
            if (strcmp(k[i].name, names[j]))
                continue;
            bool want = strcmp(k[i].label, "none") != 0;
            bool got = 1 / (1 + exp(-dot(w, k[i].x))) >= 0.5;
            c++;
            ref += got;
            ok += got == want;
            if (got != want && getenv("EXPLAIN")) {
                printf("      #%zu p=%.2f:", i + 1, 1 / (1 + exp(-dot(w, k[i].x))));
                for (int f = 0; f < NF; f++)
                    if (k[i].x[f] != 0)
                        printf(" %s=%.2g(%+.2f)", kl_refusal_feature_name((size_t)f), k[i].x[f],
                               w[f] * k[i].x[f]);
                printf("\n");
            }
            if (got != want && strlen(wrong) < 200)
                snprintf(wrong + strlen(wrong), sizeof wrong - strlen(wrong), " %zu", i + 1);
        }
        all += c;
        all_ok += ok;
        printf("    %-12s %5u %8u %8u  %s\n", names[j], c, ref, ok, wrong);
    }
    printf("    %-12s %5u %8s %8u  (%.1f%% correct)\n", "all", all, "", all_ok,
           100.0 * all_ok / (all ? all : 1));
}

static void write_model(const char *path, const double *w, double lambda, size_t n)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    fprintf(f, "/* refusal_model.c — generated by bench/refusal_train --write; do not edit.\n"
               " * A logistic regression over kl_refusal_features, fitted on %zu labelled\n"
               " * PolyRefuse replies of three models (L2 penalty %.3g). Regenerate with\n"
               " * `make bench && build/bench/refusal_train --write src/facets/refusal_model.c`. */\n"
               "#include \"refusal_model.h\"\n\n",
            n, lambda);
    fprintf(f, "const char *const kl_refusal_model_names[] = {\n");
    for (int i = 0; i < NF; i++)
        fprintf(f, "    \"%s\",\n", kl_refusal_feature_name((size_t)i));
    fprintf(f, "};\n\nconst float kl_refusal_model_weights[] = {\n");
    for (int i = 0; i < NF; i++)
        fprintf(f, "    %.6ff, /* %s */\n", w[i], kl_refusal_feature_name((size_t)i));
    fprintf(f, "};\n\nconst size_t kl_refusal_model_count = %d;\n", NF);
    fprintf(f, "const float kl_refusal_model_bias = %.6ff;\n", w[NF]);
    fclose(f);
}

int main(int argc, char **argv)
{
    const char *dir = NULL, *cases_path = NULL, *out = NULL, *show_spec = NULL;
    double lambda = 1.0;
    int examples = 12;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--data") && i + 1 < argc)
            dir = argv[++i];
        else if (!strcmp(argv[i], "--cases") && i + 1 < argc)
            cases_path = argv[++i];
        else if (!strcmp(argv[i], "--write") && i + 1 < argc)
            out = argv[++i];
        else if (!strcmp(argv[i], "--lambda") && i + 1 < argc)
            lambda = atof(argv[++i]);
        else if (!strcmp(argv[i], "--show") && i + 1 < argc)
            show_spec = argv[++i];
        else if (!strcmp(argv[i], "--examples") && i + 1 < argc)
            examples = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: refusal_train [--data DIR] [--cases FILE] [--lambda L] "
                            "[--write OUT.c] [--show MODEL:LANG] [--examples N]\n");
            return 2;
        }
    }
    const char *root = getenv("KLEIO_ROOT");
    char defdir[4096], defcases[4096], path[4200];
    if (!dir) {
        snprintf(defdir, sizeof defdir, "%s/../shared/data/polyrefuse", root ? root : ".");
        dir = defdir;
    }
    if (!cases_path) {
        snprintf(defcases, sizeof defcases, "%s/tests/fixtures/refusal_cases.tsv",
                 root ? root : ".");
        cases_path = defcases;
    }
    snprintf(path, sizeof path, "%s/labels.tsv", dir);
    size_t n;
    struct item *v = read_labels(path, &n);
    if (!v)
        return 1;
    snprintf(path, sizeof path, "%s/conversations.jsonl.gz", dir);
    if (read_replies(path, v, n) != 0)
        return 1;
    for (size_t i = 0; i < n; i++)
        kl_refusal_features(v[i].reply ? v[i].reply : "", v[i].x);
    size_t n_cases;
    struct kase *cases = read_cases(cases_path, &n_cases);
    printf("refusal_train: %zu replies, %zu languages, %zu models; %zu labelled cases from %s\n",
           n, n_langs, n_models, n_cases, cases_path);

    double w[NW];
    printf("\nLeave one model out: fitted on the other two, scored on the held-out model's "
           "replies (refused = full or partial)\n");
    for (size_t m = 0; m < n_models; m++) {
        fit(v, n, (int)m, lambda, w);
        printf("\n  held out: %s\n", models[m]);
        printf("    %-5s %6s %6s %7s %7s %7s\n", "lang", "n", "pos", "prec", "recall", "F1");
        struct counts all = {0};
        double macro = 0;
        int n_macro = 0;
        for (size_t l = 0; l < n_langs; l++) {
            struct counts c = {0};
            for (size_t i = 0; i < n; i++) {
                if (v[i].model != (int)m || v[i].lang != (int)l)
                    continue;
                bool got = dot(w, v[i].x) >= 0;
                c.tp += got && v[i].label;
                c.fp += got && !v[i].label;
                c.fn += !got && v[i].label;
                c.tn += !got && !v[i].label;
            }
            unsigned tot = c.tp + c.fp + c.fn + c.tn;
            if (tot == 0)
                continue;
            all.tp += c.tp;
            all.fp += c.fp;
            all.fn += c.fn;
            all.tn += c.tn;
            bool both = c.tp + c.fn > 0 && c.fp + c.tn > 0;
            if (both) {
                macro += f1(&c);
                n_macro++;
            }
            printf("    %-5s %6u %6u %7.3f %7.3f %7.3f%s\n", langs[l], tot, c.tp + c.fn,
                   c.tp + c.fp ? (double)c.tp / (c.tp + c.fp) : 0.0,
                   c.tp + c.fn ? (double)c.tp / (c.tp + c.fn) : 0.0, f1(&c),
                   both ? "" : "  (one class)");
        }
        printf("    %-5s %6u %6u %7.3f %7.3f %7.3f   (pooled; macro F1 %.3f over %d)\n", "all",
               all.tp + all.fp + all.fn + all.tn, all.tp + all.fn,
               (double)all.tp / (all.tp + all.fp + 1e-9), (double)all.tp / (all.tp + all.fn + 1e-9),
               f1(&all), n_macro ? macro / n_macro : 0.0, n_macro);
        char title[128];
        snprintf(title, sizeof title, "labelled English cases, fit without %s", models[m]);
        score_cases(title, cases, n_cases, w);
        if (show_spec) {
            char mname[64], lname[8];
            const char *colon = strchr(show_spec, ':');
            if (colon && (size_t)(colon - show_spec) < sizeof mname) {
                snprintf(mname, sizeof mname, "%.*s", (int)(colon - show_spec), show_spec);
                snprintf(lname, sizeof lname, "%s", colon + 1);
                if (strstr(models[m], mname)) {
                    int shown = 0;
                    printf("  errors (%s, %s):\n", models[m], lname);
                    for (size_t i = 0; i < n && shown < examples; i++) {
                        if (v[i].model != (int)m || strcmp(langs[v[i].lang], lname))
                            continue;
                        double z = dot(w, v[i].x);
                        if ((z >= 0) != (v[i].label != 0)) {
                            show(&v[i], 1 / (1 + exp(-z)));
                            shown++;
                        }
                    }
                }
            }
        }
    }
    fit(v, n, -1, lambda, w);
    printf("\nFitted on all %zu replies:\n", n);
    for (int f = 0; f < NF; f++)
        printf("  %-16s %8.3f\n", kl_refusal_feature_name((size_t)f), w[f]);
    printf("  %-16s %8.3f\n", "(bias)", w[NF]);
    score_cases("labelled English cases, final fit", cases, n_cases, w);
    if (out) {
        write_model(out, w, lambda, n);
        printf("wrote %s\n", out);
    }
    return 0;
}
