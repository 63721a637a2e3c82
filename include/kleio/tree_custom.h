/* tree_custom.h — `kleio tree --facet NAME`: one row per cluster, one column per value of
 * a custom facet (its conversations; "-" when the cell is hidden) and the unanswered, or
 * for a number facet the answered conversations, the mean and its 95% half-width where
 * published. Text facets are never in a snapshot. */
#ifndef KLEIO_TREE_CUSTOM_H
#define KLEIO_TREE_CUSTOM_H
#include <stdbool.h>
#include <stdio.h>

#include "kleio/snapshot.h"
#include "kleio/snapshot_custom.h"
#include "kleio/tree_model.h"

enum { KL_TREE_CUSTOM_TEXT, KL_TREE_CUSTOM_JSON, KL_TREE_CUSTOM_CSV };

/* Prints t (loaded without a language filter, sorted as wanted) with facet f's cells to
 * out, depth levels (0: all). Returns 0, or -1 when the cells cannot be read. */
int kl_tree_custom(kl_snapshot *s, const kl_tree *t, const kl_snap_facet *f, int depth,
                   int format, FILE *out);

#endif
