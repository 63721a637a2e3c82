/* leaf_merge.h — small leaves join their nearest leaf before anything is built on them
 * (pure arrays).
 * Contract: a leaf "fails" when it has fewer than min_units distinct units or fewer than
 * min_rows rows (the publication thresholds). While a failing leaf is left and more than
 * one leaf has rows, the failing leaf with the fewest rows (lowest index on ties) joins the
 * other leaf whose centroid is nearest by cosine: its rows move there, the centroid
 * becomes the row-weighted mean of the two and the units their union. A leaf that still
 * fails is taken again. Leaves are then renumbered 0..k'-1 in their old order, empty ones
 * dropped, assign[] and centroids[] (k' rows kept at the front) rewritten.
 * Why: a leaf under the thresholds can never be shown on its own; left in the tree it
 * ends in an unnamed remainder row with the smallest published siblings pulled in beside
 * it. Joining the leaf it is most like keeps its conversations under a name.
 * Cost: O(f * k * d) for f failing leaves, plus a sort of the n (leaf, unit) pairs. */
#ifndef KLEIO_LEAF_MERGE_H
#define KLEIO_LEAF_MERGE_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    size_t k;        /* leaves after the merge (non-empty ones) */
    size_t merged;   /* leaves with rows that joined another */
    size_t moved;    /* rows that changed leaf */
} kl_leaf_merge_stats;

/* assign: n rows' leaves (< k); unit: n rows' units; centroids: k x d. Returns 0, or -1
 * when an assignment is out of range (nothing changed). */
int kl_leaf_merge_small(uint32_t *assign, const uint32_t *unit, size_t n, float *centroids,
                        size_t k, size_t d, int64_t min_units, int64_t min_rows,
                        kl_leaf_merge_stats *st);

#endif
