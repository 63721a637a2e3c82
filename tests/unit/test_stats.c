/* test_stats.c — the statistics module against published worked values: Wilson and
 * Newcombe intervals (Newcombe 1998, Table II), the two-proportion tests, and the
 * Benjamini-Hochberg adjustment (Benjamini and Hochberg 1995, section 4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>

#include "kleio/stats.h"

#define near(x, want, tol) assert_true(fabs((x) - (want)) < (tol))

static void test_wilson(void **state)
{
    (void)state;
    double lo, hi;
    /* 10/100: 0.0552 to 0.1744 */
    kl_wilson95(10, 100, &lo, &hi);
    near(lo, 0.0552, 5e-5);
    near(hi, 0.1744, 5e-5);
    /* 0/20: the upper bound is z^2 / (n + z^2) = 0.1611 */
    kl_wilson95(0, 20, &lo, &hi);
    assert_true(lo == 0);
    near(hi, 0.1611, 5e-5);
    kl_wilson95(0, 0, &lo, &hi);
    assert_true(lo == 0 && hi == 1);
    /* Exact bounds at 0 and n for every size (the closed form leaves rounding dust such
     * as 3.5e-18 at k == 0 for some n). */
    for (int64_t n = 1; n <= 200000; n += n < 1000 ? 1 : 997) {
        kl_wilson95(0, n, &lo, &hi);
        assert_true(lo == 0.0);
        assert_true(hi > 0 && hi < 1);
        kl_wilson95(n, n, &lo, &hi);
        assert_true(hi == 1.0);
        assert_true(lo > 0 && lo < 1);
    }
    /* The symmetry k <-> n - k. */
    double lo2, hi2;
    kl_wilson95(3, 17, &lo, &hi);
    kl_wilson95(14, 17, &lo2, &hi2);
    near(lo, 1 - hi2, 1e-12);
    near(hi, 1 - lo2, 1e-12);
    /* Out-of-range counts are clamped, not trusted. */
    kl_wilson95(-3, 10, &lo, &hi);
    assert_true(lo == 0);
    kl_wilson95(12, 10, &lo, &hi);
    assert_true(hi == 1);
}

/* Newcombe (1998), Table II, method 10 (score interval for each proportion, combined):
 * the eight worked examples (a)-(h). */
static void test_newcombe_table2(void **state)
{
    (void)state;
    static const struct { int64_t k1, n1, k2, n2; double d, lo, hi; } ex[] = {
        {56, 70, 48, 80, 0.2000, 0.0524, 0.3339},  /* (a) */
        {9, 10, 3, 10, 0.6000, 0.1705, 0.8090},    /* (b) */
        {6, 7, 2, 7, 0.5714, 0.0582, 0.8062},      /* (c) */
        {5, 56, 0, 29, 0.0893, -0.0381, 0.1926},   /* (d) */
        {0, 10, 0, 20, 0.0000, -0.1611, 0.2775},   /* (e) */
        {0, 10, 0, 10, 0.0000, -0.2775, 0.2775},   /* (f) */
        {10, 10, 0, 20, 1.0000, 0.6791, 1.0000},   /* (g) */
        {10, 10, 0, 10, 1.0000, 0.6075, 1.0000},   /* (h) */
    };
    for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++) {
        double d, lo, hi;
        kl_newcombe_diff(ex[i].k1, ex[i].n1, ex[i].k2, ex[i].n2, KL_Z95, &d, &lo, &hi);
        near(d, ex[i].d, 5e-5);
        near(lo, ex[i].lo, 5e-5);
        near(hi, ex[i].hi, 5e-5);
    }
    /* Two groups at 0%: the interval contains 0, whatever their sizes. */
    double d, lo, hi;
    kl_newcombe_diff(0, 330, 0, 5000, KL_Z95, &d, &lo, &hi);
    assert_true(d == 0 && lo < 0 && hi > 0);
    /* Swapping the groups mirrors the interval. */
    double d2, lo2, hi2;
    kl_newcombe_diff(48, 80, 56, 70, KL_Z95, &d2, &lo2, &hi2);
    near(d2, -0.2, 1e-12);
    near(lo2, -0.3339, 5e-5);
    near(hi2, -0.0524, 5e-5);
    /* An empty group: no information. */
    kl_newcombe_diff(3, 10, 0, 0, KL_Z95, &d, &lo, &hi);
    assert_true(d == 0 && lo == -1 && hi == 1);
}

static void test_two_proportion_tests(void **state)
{
    (void)state;
    /* 56/70 vs 48/80: pooled z = 2.650 (chi-square 7.023 without continuity
     * correction), two-sided p = 0.00805. */
    near(kl_prop_z_p(56, 70, 48, 80), 0.008045, 5e-6);
    near(kl_prop_z_p(48, 80, 56, 70), 0.008045, 5e-6);
    assert_true(kl_prop_z_p(0, 300, 0, 900) == 1);   /* nothing refused anywhere */
    assert_true(kl_prop_z_p(30, 30, 90, 90) == 1);   /* everything refused */
    near(kl_prop_z_p(10, 100, 10, 100), 1.0, 1e-12);
    /* Fisher's exact test, two-sided: the tea-tasting table (3, 1; 1, 3) gives 0.4857;
     * the others were checked against exact rational arithmetic. */
    near(kl_fisher_p(3, 4, 1, 4), 0.485714, 5e-6);
    near(kl_fisher_p(5, 56, 0, 29), 0.160621, 5e-6);
    near(kl_fisher_p(2, 30, 9, 25), 0.015018, 5e-6);
    near(kl_fisher_p(1, 40, 40, 5000), 0.279640, 5e-6);
    near(kl_fisher_p(0, 12, 5, 200), 1.0, 1e-9);
    assert_true(kl_fisher_p(0, 12, 0, 200) == 1);
    /* The choice: z when every expected count is at least 5, else exact. */
    bool exact = true;
    near(kl_prop_test_p(56, 70, 48, 80, &exact), 0.008045, 5e-6);
    assert_false(exact);
    near(kl_prop_test_p(2, 30, 9, 25, &exact), kl_prop_z_p(2, 30, 9, 25), 1e-15);
    assert_false(exact); /* smallest expected count 25 * 11 / 55 = 5 */
    near(kl_prop_test_p(2, 30, 7, 25, &exact), 0.063573, 5e-6);
    assert_true(exact);  /* 25 * 9 / 55 = 4.1 */
    near(kl_prop_test_p(0, 12, 0, 200, &exact), 1.0, 1e-12);
    assert_true(exact);
    assert_true(kl_prop_test_p(1, 10, 0, 0, &exact) == 1);
}

/* Fisher's p summed over every table of the margins, the plain way. */
static double fisher_brute(int64_t k1, int64_t n1, int64_t k2, int64_t n2)
{
    int64_t big_n = n1 + n2, big_k = k1 + k2;
    double norm = lgamma((double)big_n + 1) - lgamma((double)n1 + 1) - lgamma((double)n2 + 1);
    double obs = 0, sum = 0;
    double lp[512];
    int64_t lo = n1 - (big_n - big_k) > 0 ? n1 - (big_n - big_k) : 0, hi = big_k < n1 ? big_k : n1;
    for (int64_t x = lo; x <= hi; x++) {
        lp[x] = lgamma((double)big_k + 1) - lgamma((double)x + 1) - lgamma((double)(big_k - x) + 1) +
                lgamma((double)(big_n - big_k) + 1) - lgamma((double)(n1 - x) + 1) -
                lgamma((double)(big_n - big_k - n1 + x) + 1) - norm;
        if (x == k1)
            obs = lp[x];
    }
    for (int64_t x = lo; x <= hi; x++)
        if (lp[x] <= obs + log1p(1e-7))
            sum += exp(lp[x]);
    return sum > 1 ? 1 : sum;
}

static void test_fisher_walk(void **state)
{
    (void)state;
    /* The walk from the mode against the full sum, over many small tables. */
    uint64_t seed = 12345;
    for (int i = 0; i < 3000; i++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        int64_t n1 = 1 + (int64_t)((seed >> 33) % 200), n2 = 1 + (int64_t)((seed >> 13) % 250);
        int64_t k1 = (int64_t)((seed >> 41) % (uint64_t)(n1 + 1));
        int64_t k2 = (int64_t)((seed >> 7) % (uint64_t)(n2 + 1));
        double a = kl_fisher_p(k1, n1, k2, n2), b = fisher_brute(k1, n1, k2, n2);
        if (!(fabs(a - b) <= 1e-9 * (b > 1e-300 ? b : 1e-300) + 1e-300))
            fail_msg("%lld/%lld vs %lld/%lld: %.17g, full sum %.17g", (long long)k1,
                     (long long)n1, (long long)k2, (long long)n2, a, b);
    }
    /* Large margins, small expected counts: quick, and p stays a probability. */
    double p = kl_fisher_p(3, 2000, 40, 998000);
    assert_true(p > 0 && p <= 1);
    /* (0, 2) and (2, 0) are each C(5000, 2) / C(10000, 2) likely; (1, 1) is likelier */
    near(kl_fisher_p(0, 5000, 2, 5000), 2.0 * 12497500 / 49995000, 1e-12);
}

/* Benjamini and Hochberg (1995), section 4: fifteen p-values from a trial; at q = 0.05
 * the step-up procedure rejects the four smallest. Adjusted values as R's
 * p.adjust(p, "BH"). */
static void test_bh(void **state)
{
    (void)state;
    static const double p[15] = {0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298,
                                 0.0344, 0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590,
                                 1.0000};
    static const double want[15] = {0.0015, 0.003, 0.0095, 0.035625, 0.0603,
                                     0.063857142857, 0.063857142857, 0.0645, 0.0765, 0.486,
                                     0.581181818182, 0.714875, 0.753230769231,
                                     0.813214285714, 1.0};
    double q[15];
    kl_bh_adjust(p, 15, q);
    int rejected = 0;
    for (int i = 0; i < 15; i++) {
        near(q[i], want[i], 1e-9);
        rejected += q[i] <= 0.05;
    }
    assert_int_equal(rejected, 4);
    /* Order does not matter: shuffled input, same q per p. */
    static const int perm[15] = {14, 3, 9, 0, 7, 12, 1, 5, 10, 2, 13, 6, 4, 11, 8};
    double ps[15], qs[15];
    for (int i = 0; i < 15; i++)
        ps[i] = p[perm[i]];
    kl_bh_adjust(ps, 15, qs);
    for (int i = 0; i < 15; i++)
        near(qs[i], want[perm[i]], 1e-9);
    /* In place, ties, NaN and a single test. */
    double t[4] = {0.01, 0.01, NAN, 0.04};
    kl_bh_adjust(t, 4, t);
    near(t[0], 0.02, 1e-12);
    near(t[1], 0.02, 1e-12);
    near(t[2], 1.0, 1e-12);
    near(t[3], 0.04 * 4 / 3, 1e-12);
    double one = 0.03;
    kl_bh_adjust(&one, 1, &one);
    near(one, 0.03, 1e-15);
    kl_bh_adjust(NULL, 0, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wilson),
        cmocka_unit_test(test_newcombe_table2),
        cmocka_unit_test(test_two_proportion_tests),
        cmocka_unit_test(test_fisher_walk),
        cmocka_unit_test(test_bh),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
