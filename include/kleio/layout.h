/* layout.h — the 2D map of the cluster tree (pure arrays).
 * Contract: every cluster at every level gets a centre in [0,1]^2 and a radius `extent`
 * such that its disc lies inside [0,1]^2 and, below the top, inside its parent's disc.
 * Siblings' discs do not overlap (up to 1e-4). Leaf disc areas follow leaf sizes; a
 * parent's disc encloses its children's, which cover a fair share of it (about 0.3).
 * Clusters close in embedding space are close on the map: the leaves are embedded together
 * (exact t-SNE of the leaf centroids, PCA-initialised, with a pull towards their
 * ancestors so that families stay compact), nested bottom-up in the map's own
 * coordinates (each parent encloses its children; sibling subtrees are moved apart
 * whole), and a local search then raises the leaf trustworthiness with moves that keep
 * the nesting (simulated annealing first when there are a few hundred leaves or fewer),
 * so that zooming in keeps the user's bearings.
 * Deterministic for a seed (and independent of the thread count). */
#ifndef KLEIO_LAYOUT_H
#define KLEIO_LAYOUT_H
#include <stddef.h>
#include <stdint.h>

#include "kleio/hierarchy.h"

typedef struct kl_layout_params {
    uint64_t seed;
    int threads;             /* 0 = online CPUs */
    double perplexity;       /* t-SNE perplexity on the leaves (default 30; clamped to (k-1)/3) */
    int iterations;          /* t-SNE iterations (default 750) */
    int anneal;              /* annealing passes of the local search: 0 = by leaf count
                              * (120 up to 200 leaves, fewer above, none from 800),
                              * -1 = none (greedy only) */
} kl_layout_params;

typedef struct kl_layout {
    int levels;              /* as the hierarchy */
    size_t *count;           /* [levels] */
    float **xy;              /* [levels][count[l] x 2] centres in [0,1]^2 */
    float **extent;          /* [levels][count[l]] radii */
} kl_layout;

/* Lays out h. Returns 0 or -1. Free with kl_layout_free. */
int kl_layout_build(const kl_hierarchy *h, const kl_layout_params *p, kl_layout *out);

/* Coarse density of members for shading: for every cluster at every level a grid of
 * side x side bytes (row-major, row 0 at the top = smallest y) over the square bounding
 * its disc; 255 is the densest cell, 0 empty. Members are the documents (X: n x d rows, as
 * the hierarchy's space; leaf[i] their leaf): each is placed inside its leaf's disc, pulled
 * towards the leaves it is most similar to. grids[l] gets count[l] x side x side bytes
 * (kl_malloc'd; free each with free, and the array). side defaults to 16 when 0.
 * doc_xy (optional, n x 2) receives each document's map position. */
int kl_layout_density(const kl_layout *L, const kl_hierarchy *h, const float *X, size_t n,
                      const uint32_t *leaf, int side, uint8_t ***grids, float *doc_xy);

/* Trustworthiness (Venna & Kaski) of a 2D layout of n points of dimension d at
 * neighbourhood size nk: 1 = every map neighbour is a true neighbour. O(n^2 d) — meant
 * for the leaves (thousands), not for documents. */
double kl_layout_trustworthiness(const float *X, size_t n, size_t d, const float *xy,
                                 int nk);

/* The same averaged over max_points evenly spaced points (all when n <= max_points):
 * O(max_points x n x d), for the pipeline's summary line at tens of thousands of leaves. */
double kl_layout_trustworthiness_sampled(const float *X, size_t n, size_t d, const float *xy,
                                         int nk, size_t max_points);

void kl_layout_free(kl_layout *L);

#endif
