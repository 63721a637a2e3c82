/* layout_impl.h — internal interface between the map layout files. */
#ifndef KLEIO_LAYOUT_IMPL_H
#define KLEIO_LAYOUT_IMPL_H
#include <stddef.h>

/* Exact t-SNE of X (n x d) into out (n x 2, unscaled). O(n^2) memory and time per
 * iteration: meant for up to a few thousand points. */
void kl_layout_tsne(const float *X, size_t n, size_t d, double perplexity, int iterations,
                    int threads, float *out);

#endif
