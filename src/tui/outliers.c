/* outliers.c — refusal outliers: each cluster against its siblings, Newcombe's interval
 * of the difference, and Benjamini-Hochberg over every test (see tui_outliers.h). */
#include "kleio/tui_outliers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "kleio/mem.h"
#include "kleio/stats.h"
#include "kleio/tree_model.h"

bool kl_tui_outlier_test(const kl_tui_model *m, uint32_t node, kl_outlier *out)
{
    if (node == 0 || node >= m->n_nodes)
        return false;
    const kl_tnode *nd = &m->nodes[node];
    const kl_counts *f = &nd->fig, *pf = kl_tui_model_parent_fig(m, node);
    if (nd->is_other || f->suppressed || pf->suppressed || f->conversations <= 0 ||
        f->refused < 0 || f->refused > f->conversations)
        return false;
    /* A sum over hidden cells has no refusal rate (figures.h): neither the cluster's nor,
     * by subtraction, its siblings'. */
    if (kl_counts_refusal_rate(f) < 0 || kl_counts_refusal_rate(pf) < 0)
        return false;
    /* The parent's figures include the cluster's own: testing against them would pull
     * the comparison towards the cluster (all the way for a dominant child). */
    int64_t rest_n = pf->conversations - f->conversations;
    int64_t rest_k = pf->refused - f->refused;
    if (rest_n <= 0 || rest_k < 0 || rest_k > rest_n)
        return false; /* an only child (nothing to compare with), or a damaged file */
    kl_outlier o = {.node = node, .n = f->conversations, .k = f->refused,
                    .rest_n = rest_n, .rest_k = rest_k, .flag = KL_OUTLIER_NONE,
                    .driver = KL_TUI_NONE};
    o.rate = (double)o.k / (double)o.n;
    o.rest_rate = (double)rest_k / (double)rest_n;
    kl_newcombe_diff(o.k, o.n, rest_k, rest_n, KL_Z95, &o.diff, &o.lo, &o.hi);
    o.p = kl_prop_test_p(o.k, o.n, rest_k, rest_n, &o.exact);
    o.q = o.p;
    *out = o;
    return true;
}

int kl_outlier_flag(double diff, double concern)
{
    if (diff > 0)
        return concern >= 0 && concern < 2.0 ? KL_OUTLIER_OVER : KL_OUTLIER_HIGHER;
    if (diff < 0)
        return concern >= 3.0 ? KL_OUTLIER_UNDER : KL_OUTLIER_LOWER;
    return KL_OUTLIER_NONE;
}

const char *kl_outlier_flag_name(int flag)
{
    switch (flag) {
    case KL_OUTLIER_OVER: return "over-refusal?";
    case KL_OUTLIER_UNDER: return "under-refusal?";
    case KL_OUTLIER_HIGHER: return "higher";
    case KL_OUTLIER_LOWER: return "lower";
    default: return "";
    }
}

static int compare_tests(const void *a, const void *b)
{
    const kl_outlier *x = a, *y = b;
    if (x->p != y->p)
        return x->p < y->p ? -1 : 1;
    double dx = fabs(x->diff), dy = fabs(y->diff);
    if (dx != dy)
        return dx > dy ? -1 : 1;
    return (x->node > y->node) - (x->node < y->node);
}

size_t kl_tui_outliers(kl_tui_model *m, const kl_outlier_opts *o, kl_outlier **out)
{
    kl_tui_model_load_all(m);
    size_t n = 0, cap = 0;
    *out = NULL;
    for (uint32_t i = 1; i < m->n_nodes; i++) {
        kl_outlier t;
        if (m->nodes[i].fig.conversations < o->min_size || !kl_tui_outlier_test(m, i, &t))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            *out = kl_reallocarray(*out, cap, sizeof **out);
        }
        (*out)[n++] = t;
    }
    if (n == 0)
        return 0;
    kl_outlier *list = *out;
    /* One family: every test in the view, adjusted together. */
    double *p = kl_malloc(n * sizeof *p);
    for (size_t i = 0; i < n; i++)
        p[i] = list[i].p;
    kl_bh_adjust(p, n, p);
    for (size_t i = 0; i < n; i++) {
        list[i].q = p[i];
        if (list[i].q <= o->fdr)
            list[i].flag = kl_outlier_flag(list[i].diff,
                                           kl_counts_mean_concern(&m->nodes[list[i].node].fig));
    }
    free(p);
    /* The driver of a flagged parent: among its flagged children deviating from their
     * own siblings in the parent's direction, the one whose deviation weighs most in
     * conversations (|diff| x n, the refusals it adds or removes). */
    size_t *at = kl_malloc(m->n_nodes * sizeof *at);
    double *weight = kl_malloc(n * sizeof *weight);
    for (size_t i = 0; i < m->n_nodes; i++)
        at[i] = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        at[list[i].node] = i;
        weight[i] = 0;
    }
    for (size_t i = 0; i < n; i++) {
        const kl_outlier *c = &list[i];
        uint32_t parent = m->nodes[c->node].parent;
        if (c->flag == KL_OUTLIER_NONE || parent == KL_TUI_NONE || at[parent] == SIZE_MAX)
            continue;
        size_t pi = at[parent];
        kl_outlier *po = &list[pi];
        if (po->flag == KL_OUTLIER_NONE || (po->diff > 0) != (c->diff > 0))
            continue;
        double w = fabs(c->diff) * (double)c->n;
        if (po->driver == KL_TUI_NONE || w > weight[pi]) {
            po->driver = c->node;
            weight[pi] = w;
        }
    }
    free(weight);
    free(at);
    qsort(list, n, sizeof *list, compare_tests);
    return n;
}

void kl_tui_outliers_sentence(char *out, size_t n, double fdr, size_t tests, bool ascii)
{
    snprintf(out, n,
             "refusal rate vs siblings: Newcombe 95%% interval of the difference, "
             "Benjamini%sHochberg q %s %g over %zu test%s",
             ascii ? "-" : "\xe2\x80\x93", ascii ? "<=" : "\xe2\x89\xa4", fdr, tests,
             tests == 1 ? "" : "s");
}

void kl_tui_outliers_format_p(double p, char *out, size_t n)
{
    if (p >= 0.001)
        snprintf(out, n, "%.4f", p);
    else if (p > 0)
        snprintf(out, n, "%.0e", p);
    else
        snprintf(out, n, "<1e-300");
}
