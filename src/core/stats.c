/* stats.c — score intervals for proportions and their difference, the two-proportion
 * test and the Benjamini-Hochberg adjustment (see stats.h for the definitions). */
#include "kleio/stats.h"

#include <math.h>
#include <stdlib.h>

#include "kleio/mem.h"

void kl_wilson(int64_t k, int64_t n, double z, double *lo, double *hi)
{
    if (n <= 0) {
        *lo = 0;
        *hi = 1;
        return;
    }
    k = k < 0 ? 0 : k > n ? n : k;
    double nn = (double)n, p = (double)k / nn, z2 = z * z;
    double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
    double half = z * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / (1 + z2 / nn);
    /* At k == 0 the bound is centre - half = 0 in exact arithmetic, but the two terms
     * are rounded separately: say so exactly, or a 0% cluster "differs" from a 0% one. */
    *lo = k == 0 ? 0 : centre - half < 0 ? 0 : centre - half;
    *hi = k == n ? 1 : centre + half > 1 ? 1 : centre + half;
}

void kl_wilson95(int64_t k, int64_t n, double *lo, double *hi)
{
    kl_wilson(k, n, KL_Z95, lo, hi);
}

void kl_newcombe_diff(int64_t k1, int64_t n1, int64_t k2, int64_t n2, double z, double *d,
                      double *lo, double *hi)
{
    if (n1 <= 0 || n2 <= 0) {
        *d = 0;
        *lo = -1;
        *hi = 1;
        return;
    }
    k1 = k1 < 0 ? 0 : k1 > n1 ? n1 : k1;
    k2 = k2 < 0 ? 0 : k2 > n2 ? n2 : k2;
    double p1 = (double)k1 / (double)n1, p2 = (double)k2 / (double)n2, l1, u1, l2, u2;
    kl_wilson(k1, n1, z, &l1, &u1);
    kl_wilson(k2, n2, z, &l2, &u2);
    *d = p1 - p2;
    *lo = *d - sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2));
    *hi = *d + sqrt((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2));
    /* Both bounds stay inside [-1, 1] by construction; guard the last rounding bit. */
    *lo = *lo < -1 ? -1 : *lo;
    *hi = *hi > 1 ? 1 : *hi;
}

double kl_prop_z_p(int64_t k1, int64_t n1, int64_t k2, int64_t n2)
{
    if (n1 <= 0 || n2 <= 0)
        return 1;
    double a = (double)n1, b = (double)n2;
    double pool = (double)(k1 + k2) / (a + b);
    double var = pool * (1 - pool) * (1 / a + 1 / b);
    if (!(var > 0))
        return 1;
    double z = ((double)k1 / a - (double)k2 / b) / sqrt(var);
    return erfc(fabs(z) / sqrt(2.0));
}

/* log C(a, b) */
static double lchoose(double a, double b)
{
    return lgamma(a + 1) - lgamma(b + 1) - lgamma(a - b + 1);
}

double kl_fisher_p(int64_t k1, int64_t n1, int64_t k2, int64_t n2)
{
    if (n1 <= 0 || n2 <= 0)
        return 1;
    k1 = k1 < 0 ? 0 : k1 > n1 ? n1 : k1;
    k2 = k2 < 0 ? 0 : k2 > n2 ? n2 : k2;
    /* X = successes in row 1 given the margins: hypergeometric(N, K, n1), log-concave, so
     * its terms fall away from the mode. The walk goes out from the mode by the ratio
     * P(x+1)/P(x) and stops once the rest of a tail is below 1e-17 of the observed
     * term, a few standard deviations when the test is used (variance below the
     * smallest expected count), whatever the counts. */
    int64_t big_n = n1 + n2, big_k = k1 + k2, fails = big_n - big_k;
    int64_t x_min = n1 - fails > 0 ? n1 - fails : 0, x_max = big_k < n1 ? big_k : n1;
    double mode_d = floor(((double)n1 + 1) * ((double)big_k + 1) / ((double)big_n + 2));
    int64_t mode = (int64_t)mode_d;
    mode = mode < x_min ? x_min : mode > x_max ? x_max : mode;
    double log_mode = lchoose((double)big_k, (double)mode) +
                      lchoose((double)fails, (double)(n1 - mode)) - lchoose((double)big_n, (double)n1);
    double log_obs = lchoose((double)big_k, (double)k1) +
                     lchoose((double)fails, (double)(n1 - k1)) - lchoose((double)big_n, (double)n1);
    /* Terms relative to the mode's; "no more probable" with R's relative tolerance so
     * that ties in exact arithmetic are not lost to rounding. */
    double obs = exp(log_obs - log_mode), limit = obs * (1 + 1e-7), sum = 0;
    if (1.0 <= limit)
        sum += 1.0;
    double t = 1.0;
    for (int64_t x = mode; x < x_max; x++) {
        double r = ((double)(big_k - x) * (double)(n1 - x)) /
                   (((double)x + 1) * ((double)(fails - n1 + x) + 1));
        t *= r;
        if (t <= limit)
            sum += t;
        if (r < 0.5 && (t < 1e-17 * obs || t == 0))
            break;
    }
    t = 1.0;
    for (int64_t x = mode; x > x_min; x--) {
        /* P(x-1)/P(x) = x (N - K - n1 + x) / ((K - x + 1)(n1 - x + 1)) */
        double r = ((double)x * (double)(fails - n1 + x)) /
                   (((double)(big_k - x) + 1) * ((double)(n1 - x) + 1));
        t *= r;
        if (t <= limit)
            sum += t;
        if (r < 0.5 && (t < 1e-17 * obs || t == 0))
            break;
    }
    double p = sum * exp(log_mode);
    return p > 1 ? 1 : p;
}

double kl_prop_test_p(int64_t k1, int64_t n1, int64_t k2, int64_t n2, bool *exact)
{
    if (exact)
        *exact = false;
    if (n1 <= 0 || n2 <= 0)
        return 1;
    double big_n = (double)(n1 + n2), yes = (double)(k1 + k2), no = big_n - yes;
    double small_row = (double)(n1 < n2 ? n1 : n2), small_col = yes < no ? yes : no;
    /* The smallest expected count of the table is the smaller row times the smaller
     * column over the total. */
    if (small_row * small_col / big_n >= 5)
        return kl_prop_z_p(k1, n1, k2, n2);
    if (exact)
        *exact = true;
    return kl_fisher_p(k1, n1, k2, n2);
}

struct ranked { double p; size_t i; };

static int compare_ranked(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    if (x->p != y->p)
        return x->p < y->p ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

void kl_bh_adjust(const double *p, size_t m, double *q)
{
    if (m == 0)
        return;
    struct ranked *r = kl_malloc(m * sizeof *r);
    for (size_t i = 0; i < m; i++)
        r[i] = (struct ranked){isnan(p[i]) || p[i] > 1 ? 1 : p[i] < 0 ? 0 : p[i], i};
    qsort(r, m, sizeof *r, compare_ranked);
    /* Step up from the largest p: the running minimum of m p_(j) / j. */
    double run = 1;
    for (size_t j = m; j-- > 0;) {
        double v = r[j].p * (double)m / (double)(j + 1);
        if (v < run)
            run = v;
        r[j].p = run;
    }
    for (size_t j = 0; j < m; j++)
        q[r[j].i] = r[j].p;
    free(r);
}
