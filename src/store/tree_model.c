/* tree_model.c — building and sorting the in-memory cluster hierarchy. */
#include "kleio/snapshot_meta.h"
#include "kleio/tree_model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/satmath.h"

/* The top level's parent in the slice: the selected languages' total. */
static int load_denominator(kl_snapshot *s, const char *const *langs, size_t nlangs,
                            const kl_counts *top_level, kl_counts *out)
{
    kl_language *all;
    size_t n;
    if (kl_snapshot_languages(s, &all, &n) != 0)
        return -1;
    bool *sel = kl_calloc(n ? n : 1, sizeof *sel);
    for (size_t i = 0; i < nlangs; i++)
        for (size_t l = 0; l < n; l++)
            if (strcmp(all[l].code, langs[i]) == 0)
                sel[l] = true;
    bool any = false;
    for (size_t l = 0; l < n; l++)
        any |= sel[l];
    if (nlangs > 0 && !any) {
        /* Languages the snapshot does not have: nothing of them, exactly. */
        *out = (kl_counts){0};
    } else {
        *out = kl_languages_total(all, n, sel, kl_snapshot_meta_int(s, KL_META(INPUT_CONVERSATIONS), 0),
                                  kl_snapshot_meta_int(s, KL_META(INPUT_USERS), 0), top_level);
    }
    free(sel);
    kl_languages_free(all, n);
    return 0;
}

bool kl_counts_hide_negative(kl_counts *c)
{
    if (c->conversations >= 0 && c->users >= 0 && c->refused >= 0 && c->concern_sum >= 0 &&
        c->hidden_cells >= 0)
        return false;
    *c = (kl_counts){.suppressed = true};
    return true;
}

/* A parent chain that comes back to itself would hide the whole cycle and everything
 * under it (no top-level ancestor): walk up from each cluster and cut a cycle where it
 * closes, so that cluster shows at the top level. */
static void cut_cycles(kl_tree *t)
{
    size_t n = t->n_nodes;
    unsigned char *state = kl_calloc(n ? n : 1, 1); /* 0 unseen, 1 on this walk, 2 done */
    size_t *path = kl_malloc((n ? n : 1) * sizeof *path);
    for (size_t i = 0; i < n; i++) {
        size_t len = 0, v = i;
        while (v != SIZE_MAX && state[v] == 0) {
            state[v] = 1;
            path[len++] = v;
            v = t->nodes[v].parent;
        }
        if (v != SIZE_MAX && state[v] == 1) {
            if (t->n_cycles_cut++ == 0)
                t->cut_id = t->nodes[v].c.id;
            t->nodes[v].parent = SIZE_MAX;
        }
        for (size_t k = 0; k < len; k++)
            state[path[k]] = 2;
    }
    free(path);
    free(state);
}

int kl_tree_load(kl_snapshot *s, const char *const *langs, size_t nlangs, kl_tree *t)
{
    memset(t, 0, sizeof *t);
    kl_cluster *cl;
    size_t n;
    if (kl_snapshot_clusters(s, &cl, &n) != 0)
        return -1;
    t->nodes = kl_calloc(n, sizeof *t->nodes);
    t->n_nodes = n;
    t->min_users = kl_snapshot_meta_int(s, KL_META(MIN_USERS), 0);
    t->min_conversations = kl_snapshot_meta_int(s, KL_META(MIN_CONVERSATIONS), 0);
    for (size_t i = 0; i < n; i++) {
        t->nodes[i].c = cl[i];
        t->nodes[i].parent = SIZE_MAX;
        bool negative = kl_counts_hide_negative(&t->nodes[i].c.total);
        if (nlangs == 0) {
            t->nodes[i].fig = t->nodes[i].c.total;
        } else if (kl_snapshot_slice(s, cl[i].id, langs, nlangs, &t->nodes[i].fig) != 0) {
            for (size_t j = i + 1; j < n; j++) {   /* not yet the nodes' (found by fuzz_snapshot) */
                free(cl[j].name);
                free(cl[j].description);
            }
            free(cl);
            kl_tree_free(t);
            return -1;
        }
        negative |= kl_counts_hide_negative(&t->nodes[i].fig);
        if (negative && t->n_negative++ == 0)
            t->negative_id = cl[i].id;
    }
    free(cl); /* the strings now belong to the nodes */

    /* Sort ids for parent lookup by binary search. */
    size_t *by_id = kl_calloc(n, sizeof *by_id);
    for (size_t i = 0; i < n; i++)
        by_id[i] = i;
    kl_tree_node *nodes = t->nodes;
    for (size_t i = 1; i < n; i++) { /* insertion sort is fine: ids are nearly ordered */
        size_t v = by_id[i], j = i;
        while (j > 0 && nodes[by_id[j - 1]].c.id > nodes[v].c.id) {
            by_id[j] = by_id[j - 1];
            j--;
        }
        by_id[j] = v;
    }
    size_t *counts = kl_calloc(n + 1, sizeof *counts);
    for (size_t i = 0; i < n; i++) {
        int64_t pid = nodes[i].c.parent;
        if (pid == 0)
            continue;
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (nodes[by_id[mid]].c.id < pid)
                lo = mid + 1;
            else
                hi = mid;
        }
        /* A dangling parent id leaves the cluster at the top level rather than losing it. */
        if (lo < n && nodes[by_id[lo]].c.id == pid)
            nodes[i].parent = by_id[lo];
    }
    free(by_id);
    cut_cycles(t);
    for (size_t i = 0; i < n; i++) {
        if (nodes[i].parent == SIZE_MAX)
            t->n_roots++;
        else
            counts[nodes[i].parent]++;
    }
    t->roots = kl_calloc(t->n_roots ? t->n_roots : 1, sizeof *t->roots);
    for (size_t i = 0; i < n; i++)
        if (counts[i])
            nodes[i].children = kl_calloc(counts[i], sizeof(size_t));
    size_t r = 0;
    for (size_t i = 0; i < n; i++) {
        if (nodes[i].parent == SIZE_MAX) {
            t->roots[r++] = i;
        } else {
            kl_tree_node *p = &nodes[nodes[i].parent];
            p->children[p->n_children++] = i;
        }
    }
    free(counts);
    kl_counts top = {0};
    for (size_t k = 0; k < t->n_roots; k++) {
        const kl_counts *c = &nodes[t->roots[k]].c.total;
        top.conversations = kl_sat_add64(top.conversations, c->conversations);
        top.refused = kl_sat_add64(top.refused, c->refused);
        top.concern_sum = kl_sat_add64(top.concern_sum, c->concern_sum);
    }
    if (load_denominator(s, langs, nlangs, &top, &t->root_fig) != 0) {
        kl_tree_free(t);
        return -1;
    }
    kl_tree_sort(t, KL_SORT_CONVERSATIONS, 1);
    return 0;
}

double kl_counts_refusal_rate(const kl_counts *c)
{
    kl_fig f = kl_fig_refusal(c);
    return f.bound == KL_BOUND_HIDDEN ? -1 : f.v;
}

double kl_counts_mean_concern(const kl_counts *c)
{
    kl_fig f = kl_fig_concern(c);
    return f.bound == KL_BOUND_HIDDEN ? -1 : f.v;
}

kl_fig kl_tree_share(const kl_tree *t, size_t node)
{
    const kl_tree_node *nd = &t->nodes[node];
    const kl_counts *parent = nd->parent == SIZE_MAX ? &t->root_fig : &t->nodes[nd->parent].fig;
    return kl_fig_share(&nd->fig, parent);
}

kl_fig kl_tree_hidden(const kl_tree *t, size_t node, int *hidden_clusters)
{
    const size_t *kids = node == SIZE_MAX ? t->roots : t->nodes[node].children;
    size_t n = node == SIZE_MAX ? t->n_roots : t->nodes[node].n_children;
    kl_remainder r = {0};
    if (hidden_clusters)
        *hidden_clusters = 0;
    if (n == 0) /* a leaf: nothing below it is listed, so nothing is missing from a list */
        return (kl_fig){KL_BOUND_HIDDEN, 0};
    for (size_t k = 0; k < n; k++)
        kl_remainder_add(&r, &t->nodes[kids[k]].fig);
    if (hidden_clusters)
        *hidden_clusters = r.hidden_clusters;
    return kl_remainder_fig(&r, node == SIZE_MAX ? &t->root_fig : &t->nodes[node].fig);
}

static const kl_tree *sort_tree;
static kl_sort_key sort_key;
static int sort_desc;

static double key_value(const kl_tree_node *n)
{
    switch (sort_key) {
    case KL_SORT_REFUSAL: return kl_counts_refusal_rate(&n->fig);
    case KL_SORT_CONCERN: return kl_counts_mean_concern(&n->fig);
    default: {
        kl_fig f = kl_fig_conversations(&n->fig);
        return f.bound == KL_BOUND_HIDDEN ? -1 : f.v;
    }
    }
}

static int compare_nodes(const void *a, const void *b)
{
    const kl_tree_node *x = &sort_tree->nodes[*(const size_t *)a];
    const kl_tree_node *y = &sort_tree->nodes[*(const size_t *)b];
    int r = 0;
    if (sort_key == KL_SORT_NAME) {
        r = strcmp(x->c.name, y->c.name);
    } else {
        double vx = key_value(x), vy = key_value(y);
        r = vx < vy ? -1 : vx > vy ? 1 : 0;
    }
    if (sort_desc)
        r = -r;
    /* "Other" remainders always last; ties broken by id so output is stable. */
    if (x->c.is_other != y->c.is_other)
        return x->c.is_other ? 1 : -1;
    if (r == 0)
        r = x->c.id < y->c.id ? -1 : x->c.id > y->c.id ? 1 : 0;
    return r;
}

void kl_tree_sort(kl_tree *t, kl_sort_key key, int descending)
{
    sort_tree = t;
    sort_key = key;
    sort_desc = descending;
    qsort(t->roots, t->n_roots, sizeof *t->roots, compare_nodes);
    for (size_t i = 0; i < t->n_nodes; i++)
        if (t->nodes[i].n_children > 1)
            qsort(t->nodes[i].children, t->nodes[i].n_children, sizeof(size_t), compare_nodes);
}

void kl_tree_free(kl_tree *t)
{
    for (size_t i = 0; i < t->n_nodes; i++) {
        free(t->nodes[i].c.name);
        free(t->nodes[i].c.description);
        free(t->nodes[i].children);
    }
    free(t->nodes);
    free(t->roots);
    memset(t, 0, sizeof *t);
}

int kl_sort_key_parse(const char *s, kl_sort_key *out)
{
    static const struct { const char *name; kl_sort_key key; } keys[] = {
        {"conversations", KL_SORT_CONVERSATIONS}, {"refusal", KL_SORT_REFUSAL},
        {"concern", KL_SORT_CONCERN}, {"name", KL_SORT_NAME},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(s, keys[i].name) == 0) {
            *out = keys[i].key;
            return 0;
        }
    return -1;
}
