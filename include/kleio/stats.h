/* stats.h — small statistics shared by the explorer, diff and validation.
 *
 * Pure functions over counts: no I/O, no state. Refusal rates live near 0 and clusters
 * range from tens to hundreds of thousands of conversations, so intervals here are score
 * intervals (well behaved at small n and at rates of 0 and 1), never the Wald interval.
 * The one Wilson interval of the codebase is kl_wilson; everything else builds on it. */
#ifndef KLEIO_STATS_H
#define KLEIO_STATS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The two-sided 95% point of the standard normal (its 97.5th percentile). */
#define KL_Z95 1.959963984540054

/* Wilson score interval for k successes in n trials at normal quantile z. The lower bound
 * is exactly 0 when k == 0 and the upper exactly 1 when k == n (the closed form gives
 * rounding dust such as 3.5e-18 there); [0, 1] when n <= 0. k is clamped into [0, n]. */
void kl_wilson(int64_t k, int64_t n, double z, double *lo, double *hi);
/* kl_wilson at z = KL_Z95. */
void kl_wilson95(int64_t k, int64_t n, double *lo, double *hi);

/* Newcombe's hybrid score interval for the difference of two independent proportions
 * d = k1/n1 - k2/n2 (method 10 of Newcombe, Statistics in Medicine 17:873-890, 1998),
 * built from the Wilson intervals (l1, u1) and (l2, u2) of each proportion:
 *   lo = d - sqrt((p1 - l1)^2 + (u2 - p2)^2),  hi = d + sqrt((u1 - p1)^2 + (p2 - l2)^2).
 * Needs n1 > 0 and n2 > 0; otherwise d = 0 and [-1, 1]. */
void kl_newcombe_diff(int64_t k1, int64_t n1, int64_t k2, int64_t n2, double z, double *d,
                      double *lo, double *hi);

/* Two-sided p-value of the pooled two-proportion z test of k1/n1 = k2/n2:
 * z = (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2)) with p = (k1 + k2) / (n1 + n2), and
 * p-value = erfc(|z| / sqrt 2). 1 when p is 0 or 1 (nothing to tell the groups apart). */
double kl_prop_z_p(int64_t k1, int64_t n1, int64_t k2, int64_t n2);
/* Two-sided p-value of Fisher's exact test on the 2x2 table (k1, n1 - k1; k2, n2 - k2):
 * the probability, under the hypergeometric law with the table's margins, of every
 * table no more probable than the observed one (relative tolerance 1e-7, as R's
 * fisher.test). Walks out from the mode until the tails are negligible: a few dozen terms
 * where kl_prop_test_p uses it, however large the counts. */
double kl_fisher_p(int64_t k1, int64_t n1, int64_t k2, int64_t n2);
/* The two-proportion test kleio uses: the pooled z test when every expected count of the
 * 2x2 table is at least 5 (Cochran's rule), Fisher's exact test otherwise, which *exact
 * reports (may be NULL). 1 when n1 or n2 is not positive. */
double kl_prop_test_p(int64_t k1, int64_t n1, int64_t k2, int64_t n2, bool *exact);

/* Benjamini-Hochberg adjusted p-values ("q-values", as R's p.adjust(p, "BH")):
 * q_(i) = min over j >= i of min(1, m p_(j) / j) for the p-values sorted ascending.
 * Rejecting every hypothesis with q <= alpha is the BH step-up procedure at false
 * discovery rate alpha. p and q may be the same array; NaN counts as 1. */
void kl_bh_adjust(const double *p, size_t m, double *q);

#endif
