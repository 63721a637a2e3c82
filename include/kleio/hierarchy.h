/* hierarchy.h — the cluster tree above the k-means leaves (offline, pure arrays).
 * Contract: given k leaf centroids (k x d, row-major) with their sizes, builds levels on a
 * geometric schedule from the leaves up to `top` clusters, `levels` levels in all (level 0
 * = the leaves). Every parent has at least 2 children, and the shape asked for is always
 * reached exactly (no stalls). Method: Ward agglomeration of the level below's centroid
 * directions (unit-normalised, each cluster counting once; measured better than weighting
 * by size), with merges constrained so that no parent is left with a single child.
 *
 * Shape: count[L-1] = min(top, k / 2^(L-1)) and the middle levels follow the geometric
 * schedule between k and count[L-1], clamped so that each level at most halves the one
 * below (the ">= 2 children" rule needs it). When k is too small for the levels asked
 * (k / 2^(L-1) < 1), levels are dropped from the top until the shape is feasible, so
 * h->levels may be smaller than p->levels (k == 1 gives a single level: the leaves).
 * Deterministic (no randomness; ties broken by index).
 *
 * The ">= 2 children" rule is this builder's, not every tree's: the model-built levels
 * (stage_hier_model.c) keep the same counts but may give a parent a single child (a topic
 * the model keeps apart, or a parent split in two to reach the count). Such a parent is
 * kept rather than merged upward, since merging would leave fewer parents than the shape
 * asked for; the readers of a tree (kleio tree, the explorer, the privacy join) take any
 * number of children >= 1. */
#ifndef KLEIO_HIERARCHY_H
#define KLEIO_HIERARCHY_H
#include <stddef.h>
#include <stdint.h>

typedef struct kl_hier_params {
    int levels;              /* levels including the leaves (default 3 when 0) */
    size_t top;              /* clusters at the top level (default 10 when 0) */
    int threads;             /* 0 = online CPUs */
    size_t refine_dims;      /* leading dimensions the refinement compares (0 = all) */
} kl_hier_params;

typedef struct kl_hierarchy {
    int levels;              /* levels built, 1..p->levels; level 0 = leaves */
    size_t d;
    size_t *count;           /* [levels] clusters per level; count[0] = k */
    uint32_t **parent;       /* [levels-1][count[l]]: index of the parent at level l+1 */
    float **centroid;        /* [levels][count[l] x d]: size-weighted means of the leaves */
    double **size;           /* [levels][count[l]]: summed leaf sizes */
} kl_hierarchy;

/* The schedule alone (for progress lines and the caller's parameter records):
 * writes up to max_levels counts into count and returns the number of levels. */
int kl_hierarchy_schedule(size_t k, const kl_hier_params *p, size_t *count, int max_levels);

/* Builds the tree. sizes may be NULL (all 1); a size of 0 is allowed. Returns 0, or -1
 * when k == 0 or d == 0. On success free with kl_hierarchy_free. */
int kl_hierarchy_build(const float *centroids, const double *sizes, size_t k, size_t d,
                       const kl_hier_params *p, kl_hierarchy *out);
/* One level of the same method alone: groups g vectors (g x d) into exactly m groups of at
 * least 2 (2m <= g); group[i] gets item i's group, numbered by their smallest item. The
 * model-built hierarchy's fallback for a level. 0, or -1 when the shape is impossible. */
int kl_hierarchy_group(const float *vecs, size_t g, size_t d, size_t m, int threads,
                       uint32_t *group);
/* Ancestor of leaf i at level l (l = 0 gives i). */
uint32_t kl_hierarchy_ancestor(const kl_hierarchy *h, uint32_t leaf, int level);
void kl_hierarchy_free(kl_hierarchy *h);

#endif
