/* test_linalg.c — squared distances, the k nearest, and centring rows on their group's mean. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "kleio/linalg.h"

static void test_dist2(void **state)
{
    (void)state;
    const float a[3] = {1, 2, 3}, b[3] = {1, 0, 7};
    assert_float_equal(kl_dist2(a, b, 3), 20.0, 1e-12);
    assert_float_equal(kl_dist2(a, a, 3), 0.0, 0);
}

/* The k nearest, offered in a scrambled order with ties: kept in increasing distance, the
 * farther ones dropped, of two equal distances the one offered first first. */
static void test_nearest_offer(void **state)
{
    (void)state;
    enum { K = 3 };
    const double d[] = {5, 1, 4, 1, 9, 2, 6, 0.5, 2};
    double dist[K];
    size_t ids[K], n = 0;
    kl_nearest_offer(dist, ids, K, &n, d[0], 0);
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], 0);
    for (size_t i = 1; i < sizeof d / sizeof d[0]; i++)
        kl_nearest_offer(dist, ids, K, &n, d[i], i);
    assert_int_equal(n, K);
    const size_t want[K] = {7, 1, 3};   /* 0.5, then the two 1s in the order offered */
    for (int q = 0; q < K; q++) {
        assert_int_equal(ids[q], want[q]);
        assert_float_equal(dist[q], d[want[q]], 0);
    }
    /* Fewer candidates than k: all kept, sorted. */
    n = 0;
    kl_nearest_offer(dist, ids, K, &n, 3.0, 10);
    kl_nearest_offer(dist, ids, K, &n, 3.0, 11);
    assert_int_equal(n, 2);
    assert_int_equal(ids[0], 10);
    assert_int_equal(ids[1], 11);
    /* k = 1 keeps the single nearest. */
    n = 0;
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
        kl_nearest_offer(dist, ids, 1, &n, d[i], i);
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], 7);
}

/* Two groups whose rows share a group direction (as a language's frame words would) and
 * differ in a topic direction: after centring, rows of the same topic in different groups
 * coincide, and every row has unit length. */
static void test_centre_groups(void **state)
{
    (void)state;
    enum { N = 4, D = 3 };
    float X[N * D] = {
        1, 0, 1,    /* group 0, topic + */
        1, 0, -1,   /* group 0, topic - */
        0, 1, 1,    /* group 1, topic + */
        0, 1, -1,   /* group 1, topic - */
    };
    const uint16_t g[N] = {0, 0, 1, 1};
    float means[2 * D];
    kl_centre_groups(X, N, D, g, 2, means);
    const float want_means[2 * D] = {1, 0, 0, 0, 1, 0};
    for (int q = 0; q < 2 * D; q++)
        assert_float_equal(means[q], want_means[q], 1e-7);
    for (int q = 0; q < D; q++) {
        assert_float_equal(X[0 * D + q], X[2 * D + q], 1e-7);
        assert_float_equal(X[1 * D + q], X[3 * D + q], 1e-7);
    }
    for (int i = 0; i < N; i++) {
        double ss = 0;
        for (int q = 0; q < D; q++)
            ss += (double)X[i * D + q] * X[i * D + q];
        assert_float_equal(ss, 1.0, 1e-6);
    }
    assert_float_equal(X[2], 1.0, 1e-7);
    assert_float_equal(X[5], -1.0, 1e-7);
}

/* A row equal to its group's mean becomes zero (not NaN); an empty group's mean is zero. */
static void test_centre_degenerate(void **state)
{
    (void)state;
    float X[2] = {0.6f, 0.8f};
    const uint16_t g[1] = {1};
    float means[4];
    kl_centre_groups(X, 1, 2, g, 2, means);
    assert_float_equal(X[0], 0.0, 0);
    assert_float_equal(X[1], 0.0, 0);
    assert_float_equal(means[0], 0.0, 0);
    assert_float_equal(means[1], 0.0, 0);
    float y[2] = {3, 4};
    kl_centre_row(y, 2, NULL);
    assert_float_equal(y[0], 0.6, 1e-7);
    assert_float_equal(y[1], 0.8, 1e-7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dist2),
        cmocka_unit_test(test_nearest_offer),
        cmocka_unit_test(test_centre_groups),
        cmocka_unit_test(test_centre_degenerate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
