/* linalg.h — small dense linear algebra in double precision (the few routines the
 * embedding, hierarchy and layout stages need; sizes are a few hundred at most). */
#ifndef KLEIO_LINALG_H
#define KLEIO_LINALG_H
#include <stddef.h>
#include <stdint.h>

/* Eigen-decomposition of the symmetric n x n matrix A (row-major; destroyed) by cyclic
 * Jacobi rotations. evals gets the eigenvalues in decreasing order, evecs (n x n,
 * row-major) the matching unit eigenvectors as COLUMNS; each vector's sign is fixed so
 * that its largest-magnitude component is positive (deterministic output). */
void kl_sym_eigen(double *A, size_t n, double *evals, double *evecs);

/* Squared Euclidean distance of two float vectors of length d, summed in double in index
 * order (so every caller gets the same bits for the same pair). */
double kl_dist2(const float *a, const float *b, size_t d);

/* Offers the candidate id at distance d to the k nearest seen so far: dist[0..*n) and
 * ids[0..*n) in increasing distance (*n <= k, k >= 1; *n starts at 0). A candidate no
 * nearer than the k-th is dropped, and of equal distances the one offered first stays first,
 * so the result depends only on the order of the offers. */
void kl_nearest_offer(double *dist, size_t *ids, size_t k, size_t *n, double d, size_t id);

/* Subtracts from each row of X (n x d) the mean of the rows of its group (group[i] <
 * n_groups), then scales every row to unit length (a zero row stays zero). means, when not
 * NULL, receives the n_groups x d means (zero for an empty group). Sums in double in row
 * order: the same rows in the same order give the same bits. */
void kl_centre_groups(float *X, size_t n, size_t d, const uint16_t *group, size_t n_groups,
                      float *means);
/* Subtracts mean (d floats, NULL: nothing) from the row x and scales it to unit length. */
void kl_centre_row(float *x, size_t d, const float *mean);

#endif
