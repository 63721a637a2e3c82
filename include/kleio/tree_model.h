/* tree_model.h — the cluster hierarchy of a snapshot in memory, with figures for the
 * current language filter. Shared by `kleio tree` and anything else that walks the tree
 * from the command line. Read-only over the snapshot. */
#ifndef KLEIO_TREE_MODEL_H
#define KLEIO_TREE_MODEL_H
#include <stddef.h>

#include "kleio/figures.h"
#include "kleio/snapshot.h"

typedef enum { KL_SORT_CONVERSATIONS, KL_SORT_REFUSAL, KL_SORT_CONCERN, KL_SORT_NAME } kl_sort_key;

typedef struct kl_tree_node {
    kl_cluster c;            /* totals over all languages */
    kl_counts fig;           /* figures in the active slice (== c.total without a filter) */
    size_t *children;        /* indices into kl_tree.nodes, sorted by the active key */
    size_t n_children;
    size_t parent;           /* index, or SIZE_MAX for top-level */
} kl_tree_node;

typedef struct kl_tree {
    kl_tree_node *nodes;
    size_t n_nodes;
    size_t *roots;           /* top-level clusters, sorted */
    size_t n_roots;
    /* The top level's parent: the total of the selected languages, hidden ones included
     * (kl_languages_total), not the sum of the clusters shown. */
    kl_counts root_fig;
    int64_t min_users, min_conversations;
    /* What a damaged file needed (the caller reports it): parent cycles cut (each
     * cycle's cluster cut_id is shown at the top level) and clusters whose negative
     * counts are shown as hidden. */
    size_t n_cycles_cut, n_negative;
    int64_t cut_id, negative_id;  /* the first of each */
} kl_tree;

/* Counts below zero can only come from a damaged or hostile file: such counts become
 * hidden (suppressed, figures 0). True when c was changed. */
bool kl_counts_hide_negative(kl_counts *c);

/* Loads every cluster; with nlangs > 0 the figures are the slice of those languages. */
int kl_tree_load(kl_snapshot *s, const char *const *langs, size_t nlangs, kl_tree *t);
void kl_tree_sort(kl_tree *t, kl_sort_key key, int descending);
void kl_tree_free(kl_tree *t);

/* Derived figures; return -1 when hidden (suppressed, partial) or undefined. */
double kl_counts_refusal_rate(const kl_counts *c);
double kl_counts_mean_concern(const kl_counts *c);
/* Share of the parent's conversations in the slice (of root_fig for the top level). */
kl_fig kl_tree_share(const kl_tree *t, size_t node);
/* The hidden remainder of node's children (node SIZE_MAX: of the top level), with the
 * number of children hidden or partial in the slice. */
kl_fig kl_tree_hidden(const kl_tree *t, size_t node, int *hidden_clusters);

int kl_sort_key_parse(const char *s, kl_sort_key *out);

#endif
