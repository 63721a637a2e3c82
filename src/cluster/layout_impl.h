/* layout_impl.h — internal interface between the map layout files. */
#ifndef KLEIO_LAYOUT_IMPL_H
#define KLEIO_LAYOUT_IMPL_H
#include <stddef.h>
#include <stdint.h>

#include "kleio/layout.h"

/* Exact t-SNE of X (n x d) into out (n x 2, unscaled). O(n^2) memory and time per
 * iteration: meant for up to a few thousand points. */
void kl_layout_tsne(const float *X, size_t n, size_t d, double perplexity, int iterations,
                    int threads, float *out);

/* The same with a pull of every point towards the mean position of each of its groups
 * (group[c * n + i]: point i's group at grouping c, ngl groupings; pull scales the spring
 * against the t-SNE forces), after early exaggeration: the tree's families stay compact so
 * that nesting them in discs moves the points little. */
void kl_layout_tsne_grouped(const float *X, size_t n, size_t d, double perplexity,
                            int iterations, int threads, const uint32_t *group, int ngl,
                            double pull, float *out);

/* The leaf map alone, before nesting (k x 2, unscaled): what the nested layout starts
 * from, for measurement. */
void kl_layout_leaf_map(const kl_hierarchy *h, const kl_layout_params *p, float *out);

/* Largest leaf count the local search handles (it keeps an n x n table of 16-bit ranks). */
#define KL_LAYOUT_REFINE_MAX 4000

/* Improves the leaf trustworthiness of a finished nested layout in place by local moves
 * that keep its contract (layout_refine.c): `anneal` passes of simulated annealing over
 * the tree (0: none), then at most `sweeps` greedy passes. */
void kl_layout_refine(const kl_hierarchy *h, kl_layout *L, int anneal, int sweeps,
                      uint64_t seed, int threads);

#endif
