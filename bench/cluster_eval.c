/* cluster_eval.c — measures the offline clustering on a labelled conversation set.
 *
 *   cluster_eval DIR [--k N] [--top N] [--levels N] [--dim N] [--restarts N] [--seed N]
 *                    [--smooth-k N [--smooth-alpha A] [--smooth-rounds N] [--probes N]]
 *
 * DIR holds conversations.jsonl and labels.tsv (as ../shared/data/hwu64). The first user
 * message of each conversation stands in for its summary. Prints, against the finest
 * label column (`intent`, else the second column): NMI (arithmetic normalisation) and ARI
 * of k-means leaves at k = number of labels (or --k), the best inertia of --restarts runs;
 * with a coarse column (`scenario`) and --top N: the accuracy of the top level of the
 * hierarchy (share of items whose top cluster's majority coarse label is their own), for
 * leaves at k and at about 100 items per leaf; the trustworthiness (k=10) of the leaf map;
 * a few cluster names; and the time of each stage. With --smooth-k the rows are smoothed
 * over their kNN graph (kl_refine_smooth) before k-means. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/embed.h"
#include "kleio/hierarchy.h"
#include "kleio/kmeans.h"
#include "kleio/layout.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/naming.h"
#include "kleio/refine.h"
#include "../src/cluster/layout_impl.h"

typedef struct dataset {
    size_t n;
    char **id, **text;
    uint64_t *user;
    int *fine, *coarse;       /* label indexes, -1 when absent */
    int n_fine, n_coarse;
} dataset;

/* Interns label strings into small integers. */
typedef struct labels {
    char **s;
    int n, cap;
} labels;

static int intern(labels *l, const char *s)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->s[i], s) == 0)
            return i;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->s = kl_reallocarray(l->s, (size_t)l->cap, sizeof *l->s);
    }
    l->s[l->n] = kl_strdup(s);
    return l->n++;
}

static void labels_free(labels *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->s[i]);
    free(l->s);
}

static const char *first_user_text(json_t *conv)
{
    json_t *msgs = json_object_get(conv, "messages");
    size_t i;
    json_t *m;
    json_array_foreach(msgs, i, m) {
        if (!json_is_string(json_object_get(m, "role")) ||
            strcmp(json_string_value(json_object_get(m, "role")), "user") != 0)
            continue;
        json_t *c = json_object_get(m, "content");
        if (json_is_string(c))
            return json_string_value(c);
        if (json_is_array(c) && json_array_size(c) > 0)
            return json_string_value(json_object_get(json_array_get(c, 0), "text"));
    }
    return "";
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(**(char *const *const *)a, **(char *const *const *)b);
}

static int load(const char *dir, dataset *d)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/conversations.jsonl", dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "cluster_eval: cannot open %s\n", path);
        return -1;
    }
    memset(d, 0, sizeof *d);
    size_t cap = 0;
    char *line = NULL;
    size_t lcap = 0;
    labels users = {0};
    while (getline(&line, &lcap, f) > 0) {
        json_error_t err;
        json_t *j = json_loads(line, 0, &err);
        if (!j)
            continue;
        if (d->n == cap) {
            cap = cap ? cap * 2 : 1024;
            d->id = kl_reallocarray(d->id, cap, sizeof *d->id);
            d->text = kl_reallocarray(d->text, cap, sizeof *d->text);
            d->user = kl_reallocarray(d->user, cap, sizeof *d->user);
        }
        const char *t = first_user_text(j);
        const char *id = json_string_value(json_object_get(j, "id"));
        d->id[d->n] = kl_strdup(id ? id : "");
        d->text[d->n] = kl_strdup(t ? t : "");
        const char *u = json_string_value(json_object_get(j, "user_id"));
        d->user[d->n] = u ? (uint64_t)strtoull(u + strcspn(u, "0123456789"), NULL, 10) : d->n;
        d->n++;
        json_decref(j);
    }
    fclose(f);
    labels_free(&users);
    /* labels.tsv: id, then label columns; the header names them. */
    snprintf(path, sizeof path, "%s/labels.tsv", dir);
    f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "cluster_eval: cannot open %s\n", path);
        free(line);
        return -1;
    }
    d->fine = kl_malloc(d->n * sizeof *d->fine);
    d->coarse = kl_malloc(d->n * sizeof *d->coarse);
    for (size_t i = 0; i < d->n; i++)
        d->fine[i] = d->coarse[i] = -1;
    char ***idx = kl_malloc(d->n * sizeof *idx);       /* sorted ids for lookup */
    for (size_t i = 0; i < d->n; i++)
        idx[i] = &d->id[i];
    qsort(idx, d->n, sizeof *idx, cmp_str);
    int col_fine = 1, col_coarse = -1;
    labels lf = {0}, lc = {0};
    if (getline(&line, &lcap, f) > 0) {
        int c = 0;
        for (char *tok = strtok(line, "\t\n"); tok; tok = strtok(NULL, "\t\n"), c++) {
            if (strcmp(tok, "intent") == 0 || strcmp(tok, "cluster") == 0)
                col_fine = c;
            if (strcmp(tok, "scenario") == 0)
                col_coarse = c;
        }
    }
    while (getline(&line, &lcap, f) > 0) {
        char *cols[16];
        int nc = 0;
        for (char *tok = strtok(line, "\t\n"); tok && nc < 16; tok = strtok(NULL, "\t\n"))
            cols[nc++] = tok;
        if (nc <= col_fine)
            continue;
        char *key = cols[0];
        char **kp = &key;
        char ***hit = bsearch(&kp, idx, d->n, sizeof *idx, cmp_str);
        if (!hit)
            continue;
        size_t i = (size_t)(*hit - d->id);
        d->fine[i] = intern(&lf, cols[col_fine]);
        if (col_coarse >= 0 && nc > col_coarse)
            d->coarse[i] = intern(&lc, cols[col_coarse]);
    }
    d->n_fine = lf.n;
    d->n_coarse = lc.n;
    labels_free(&lf);
    labels_free(&lc);
    free(idx);
    free(line);
    fclose(f);
    return 0;
}

static double nmi(const int *a, const uint32_t *b, size_t n, int na, size_t nb)
{
    double *joint = kl_calloc((size_t)na * nb, sizeof *joint);
    double *pa = kl_calloc((size_t)na, sizeof *pa), *pb = kl_calloc(nb, sizeof *pb);
    double tot = 0;
    for (size_t i = 0; i < n; i++) {
        if (a[i] < 0)
            continue;
        joint[(size_t)a[i] * nb + b[i]]++;
        pa[a[i]]++;
        pb[b[i]]++;
        tot++;
    }
    double mi = 0, ha = 0, hb = 0;
    for (int i = 0; i < na; i++)
        if (pa[i] > 0)
            ha -= pa[i] / tot * log(pa[i] / tot);
    for (size_t j = 0; j < nb; j++)
        if (pb[j] > 0)
            hb -= pb[j] / tot * log(pb[j] / tot);
    for (int i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++) {
            double v = joint[(size_t)i * nb + j];
            if (v > 0)
                mi += v / tot * log(v * tot / (pa[i] * pb[j]));
        }
    free(joint);
    free(pa);
    free(pb);
    return ha + hb > 0 ? 2 * mi / (ha + hb) : 0;
}

static double ari(const int *a, const uint32_t *b, size_t n, int na, size_t nb)
{
    double *joint = kl_calloc((size_t)na * nb, sizeof *joint);
    double *pa = kl_calloc((size_t)na, sizeof *pa), *pb = kl_calloc(nb, sizeof *pb);
    double tot = 0;
    for (size_t i = 0; i < n; i++) {
        if (a[i] < 0)
            continue;
        joint[(size_t)a[i] * nb + b[i]]++;
        pa[a[i]]++;
        pb[b[i]]++;
        tot++;
    }
    double sij = 0, sa = 0, sb = 0;
    for (size_t i = 0; i < (size_t)na * nb; i++)
        sij += joint[i] * (joint[i] - 1) / 2;
    for (int i = 0; i < na; i++)
        sa += pa[i] * (pa[i] - 1) / 2;
    for (size_t j = 0; j < nb; j++)
        sb += pb[j] * (pb[j] - 1) / 2;
    double expct = sa * sb / (tot * (tot - 1) / 2);
    free(joint);
    free(pa);
    free(pb);
    return (sij - expct) / ((sa + sb) / 2 - expct);
}

/* Share of items whose cluster's majority label is their own. */
static double purity_acc(const int *lab, const uint32_t *cl, size_t n, int nl, size_t nc)
{
    double *cnt = kl_calloc((size_t)nl * nc, sizeof *cnt);
    for (size_t i = 0; i < n; i++)
        if (lab[i] >= 0)
            cnt[cl[i] * (size_t)nl + (size_t)lab[i]]++;
    double good = 0, tot = 0;
    for (size_t c = 0; c < nc; c++) {
        double best = 0, sum = 0;
        for (int l = 0; l < nl; l++) {
            sum += cnt[c * (size_t)nl + (size_t)l];
            if (cnt[c * (size_t)nl + (size_t)l] > best)
                best = cnt[c * (size_t)nl + (size_t)l];
        }
        good += best;
        tot += sum;
    }
    free(cnt);
    return tot > 0 ? good / tot : 0;
}

static kl_kmeans_result best_kmeans(const float *X, size_t n, size_t d, size_t k, int restarts,
                                    uint64_t seed)
{
    kl_kmeans_result best = {0};
    best.inertia = INFINITY;
    for (int r = 0; r < restarts; r++) {
        kl_kmeans_params kp = {.k = k, .max_iter = 100, .seed = seed + (uint64_t)r};
        kl_kmeans_result res;
        if (kl_kmeans_fit(X, n, d, &kp, &res) != 0)
            continue;
        if (res.inertia < best.inertia) {
            kl_kmeans_result_free(&best);
            best = res;
        } else {
            kl_kmeans_result_free(&res);
        }
    }
    return best;
}

/* Builds the hierarchy over the leaves of km and prints its top-level accuracy. */
static void eval_tree(const dataset *ds, const float *X, size_t d, const kl_kmeans_result *km,
                      size_t k, int levels, size_t top, const char *what)
{
    double *size = kl_calloc(k, sizeof *size);
    for (size_t i = 0; i < ds->n; i++)
        size[km->assign[i]]++;
    kl_hier_params hp = {.levels = levels, .top = top};
    kl_hierarchy h;
    double t0 = kl_now();
    kl_hierarchy_build(km->centroids, size, k, d, &hp, &h);
    double t_h = kl_now() - t0;
    int Lt = h.levels - 1;
    uint32_t *a = kl_malloc(ds->n * sizeof *a);
    for (size_t i = 0; i < ds->n; i++)
        a[i] = kl_hierarchy_ancestor(&h, km->assign[i], Lt);
    printf("tree from %s (", what);
    for (int l = 0; l < h.levels; l++)
        printf("%s%zu", l ? " > " : "", h.count[l]);
    printf("): top-level accuracy %.3f  NMI vs coarse %.3f  (hierarchy %.3fs)\n",
           purity_acc(ds->coarse, a, ds->n, ds->n_coarse, h.count[Lt]),
           nmi(ds->coarse, a, ds->n, ds->n_coarse, h.count[Lt]), t_h);
    /* Names: leaves from their documents against their siblings, the top from its docs. */
    t0 = kl_now();
    uint32_t *leafgroup = kl_malloc(k * sizeof *leafgroup);
    for (size_t c = 0; c < k; c++)
        leafgroup[c] = h.levels > 1 ? h.parent[0][c] : 0;
    kl_naming_docs nd = {(const char *const *)ds->text, ds->n, km->assign, ds->user, NULL, k,
                         leafgroup};
    kl_naming_params np = {.min_users = 3};
    kl_cluster_name *names = kl_calloc(k, sizeof *names);
    kl_naming_from_docs(&nd, &np, names);
    size_t nt = h.count[Lt];
    kl_naming_docs td = {(const char *const *)ds->text, ds->n, a, ds->user, NULL, nt, NULL};
    kl_cluster_name *tnames = kl_calloc(nt, sizeof *tnames);
    kl_naming_from_docs(&td, &np, tnames);
    printf("  names (%.2fs), top level:\n", kl_now() - t0);
    for (size_t q = 0; q < nt && q < 6; q++)
        printf("    [%zu] %s — %s\n", q, tnames[q].name, tnames[q].description);
    printf("  a few leaves:\n");
    for (size_t c = 0; c < k && c < 4; c++)
        printf("    [%zu] %s\n", c, names[c].name);
    kl_cluster_name_free(names, k);
    kl_cluster_name_free(tnames, nt);
    free(names);
    free(tnames);
    free(leafgroup);
    t0 = kl_now();
    kl_layout_params lp = {.seed = 1};
    kl_layout lay;
    kl_layout_build(&h, &lp, &lay);
    double t_l = kl_now() - t0;
    uint8_t **grids;
    t0 = kl_now();
    kl_layout_density(&lay, &h, X, ds->n, km->assign, 16, &grids, NULL);
    double t_g = kl_now() - t0;
    printf("  map: leaf trustworthiness@10 %.3f  (layout %.2fs, density grids %.2fs)\n",
           kl_layout_trustworthiness(h.centroid[0], k, d, lay.xy[0], 10), t_l, t_g);
    /* The unconstrained t-SNE of the leaves, to separate what nesting costs. */
    float *Yt = kl_malloc(k * 2 * sizeof *Yt);
    kl_layout_tsne(h.centroid[0], k, d, 30, 750, 0, Yt);
    printf("  t-SNE of the leaves alone: trustworthiness@10 %.3f\n",
           kl_layout_trustworthiness(h.centroid[0], k, d, Yt, 10));
    free(Yt);
    for (int l = 0; l < lay.levels; l++)
        free(grids[l]);
    free(grids);
    kl_layout_free(&lay);
    free(a);
    kl_hierarchy_free(&h);
    free(size);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: cluster_eval DIR [--k N] [--top N] [--levels N] [--dim N] "
                        "[--restarts N] [--seed N] [--smooth-k N] [--smooth-alpha A] "
                        "[--smooth-rounds N] [--probes N]\n");
        return 2;
    }
    size_t k = 0, top = 0;
    int levels = 3, dim = 256, restarts = 5;
    uint64_t seed = 1;
    kl_refine_params rp = {.seed = 1};
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--k"))
            k = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--top"))
            top = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--levels"))
            levels = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--dim"))
            dim = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--restarts"))
            restarts = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--seed"))
            seed = strtoull(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--smooth-k"))
            rp.neighbours = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--smooth-alpha"))
            rp.alpha = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--smooth-rounds"))
            rp.rounds = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--probes"))
            rp.probes = atoi(argv[i + 1]);
    }
    dataset ds;
    if (load(argv[1], &ds) != 0)
        return 1;
    if (k == 0)
        k = (size_t)ds.n_fine;
    printf("dataset %s: %zu texts, %d fine labels, %d coarse labels\n", argv[1], ds.n,
           ds.n_fine, ds.n_coarse);

    double t0 = kl_now();
    kl_embed_params ep = {.dim = dim, .seed = seed};
    float *X = kl_malloc(ds.n * (size_t)dim * sizeof *X);
    kl_embed_model *m = kl_embed_fit((const char *const *)ds.text, ds.n, &ep, X);
    double t_embed = kl_now() - t0;
    kl_embed_free(m);
    if (rp.neighbours > 0) {
        t0 = kl_now();
        kl_refine_smooth(X, ds.n, (size_t)dim, &rp);
        printf("smoothing k=%d alpha %.2f rounds %d probes %d: %.2fs\n", rp.neighbours,
               rp.alpha > 0 ? rp.alpha : 1, rp.rounds > 0 ? rp.rounds : 1,
               rp.probes > 0 ? rp.probes : 8, kl_now() - t0);
    }

    t0 = kl_now();
    kl_kmeans_result km = best_kmeans(X, ds.n, (size_t)dim, k, restarts, seed);
    double t_km = kl_now() - t0;
    printf("leaves k=%zu: NMI %.3f  ARI %.3f  (embed %.2fs, k-means x%d %.2fs)\n", k,
           nmi(ds.fine, km.assign, ds.n, ds.n_fine, k), ari(ds.fine, km.assign, ds.n, ds.n_fine, k),
           t_embed, restarts, t_km);
    if (top > 0 && ds.n_coarse > 0) {
        /* Top level of the tree against the coarse labels: from the leaves at k (two levels)
         * and from leaves of about 100 items (`levels` levels, as kleio run's default). */
        eval_tree(&ds, X, (size_t)dim, &km, k, 2, top, "leaves at k");
        size_t k100 = ds.n / 100 > top * 2 ? ds.n / 100 : top * 2;
        kl_kmeans_result km100 = best_kmeans(X, ds.n, (size_t)dim, k100, restarts, seed);
        eval_tree(&ds, X, (size_t)dim, &km100, k100, levels, top, "leaves of ~100");
        kl_kmeans_result_free(&km100);
        kl_kmeans_result flat = best_kmeans(X, ds.n, (size_t)dim, top, restarts, seed);
        printf("flat k-means at %zu: accuracy %.3f\n", top,
               purity_acc(ds.coarse, flat.assign, ds.n, ds.n_coarse, top));
        kl_kmeans_result_free(&flat);
    }
    kl_kmeans_result_free(&km);
    free(X);
    for (size_t i = 0; i < ds.n; i++) {
        free(ds.id[i]);
        free(ds.text[i]);
    }
    free(ds.id);
    free(ds.text);
    free(ds.user);
    free(ds.fine);
    free(ds.coarse);
    (void)levels;
    return 0;
}
