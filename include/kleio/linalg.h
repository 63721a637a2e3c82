/* linalg.h — small dense linear algebra in double precision (the few routines the
 * embedding, hierarchy and layout stages need; sizes are a few hundred at most). */
#ifndef KLEIO_LINALG_H
#define KLEIO_LINALG_H
#include <stddef.h>

/* Eigen-decomposition of the symmetric n x n matrix A (row-major; destroyed) by cyclic
 * Jacobi rotations. evals gets the eigenvalues in decreasing order, evecs (n x n,
 * row-major) the matching unit eigenvectors as COLUMNS; each vector's sign is fixed so
 * that its largest-magnitude component is positive (deterministic output). */
void kl_sym_eigen(double *A, size_t n, double *evals, double *evecs);

/* Squared Euclidean distance of two float vectors of length d, summed in double in index
 * order (so every caller gets the same bits for the same pair). */
double kl_dist2(const float *a, const float *b, size_t d);

#endif
