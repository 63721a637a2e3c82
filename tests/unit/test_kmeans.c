/* test_kmeans.c — the k-means engine against what it promises: exact Lloyd iterations (the
 * bounds only skip distances), blobs recovered, determinism across runs and thread counts,
 * monotone inertia, empty-cluster repair, weights, argument checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/kmeans.h"
#include "kleio/linalg.h"
#include "kleio/rng.h"

/* n rows around `blobs` centres (spread `spread`, noise `noise`); label[i] = true blob. */
static float *make_blobs(size_t n, size_t d, size_t blobs, double spread, double noise,
                         uint64_t seed, uint32_t *label)
{
    kl_rng r;
    kl_rng_seed(&r, seed);
    double *c = malloc(blobs * d * sizeof *c);
    for (size_t i = 0; i < blobs * d; i++)
        c[i] = spread * kl_rng_normal(&r);
    float *X = malloc(n * d * sizeof *X);
    for (size_t i = 0; i < n; i++) {
        size_t b = i % blobs;
        if (label)
            label[i] = (uint32_t)b;
        for (size_t q = 0; q < d; q++)
            X[i * d + q] = (float)(c[b * d + q] + noise * kl_rng_normal(&r));
    }
    free(c);
    return X;
}

static void test_recovers_blobs(void **state)
{
    (void)state;
    size_t n = 1200, d = 6, k = 12;
    uint32_t *label = malloc(n * sizeof *label);
    float *X = make_blobs(n, d, k, 10.0, 0.3, 7, label);
    kl_kmeans_params p = {.k = k, .seed = 3};
    kl_kmeans_result r;
    assert_int_equal(kl_kmeans_fit(X, n, d, &p, &r), 0);
    /* Every blob maps to one cluster and no two blobs share one. */
    uint32_t map[12];
    for (size_t b = 0; b < k; b++)
        map[b] = r.assign[b];
    for (size_t i = 0; i < n; i++)
        assert_int_equal(r.assign[i], map[label[i]]);
    for (size_t a = 0; a < k; a++)
        for (size_t b = a + 1; b < k; b++)
            assert_int_not_equal(map[a], map[b]);
    kl_kmeans_result_free(&r);
    free(X);
    free(label);
}

static void fit_or_fail(const float *X, size_t n, size_t d, const kl_kmeans_params *p,
                        kl_kmeans_result *r)
{
    assert_int_equal(kl_kmeans_fit(X, n, d, p, r), 0);
}

static void test_deterministic(void **state)
{
    (void)state;
    size_t n = 5000, d = 20, k = 60;
    float *X = make_blobs(n, d, 40, 1.0, 0.8, 11, NULL);
    kl_kmeans_result r[4];
    for (int i = 0; i < 4; i++) {
        kl_kmeans_params p = {.k = k, .seed = 99, .max_iter = 15, .threads = i < 2 ? 1 : 2};
        fit_or_fail(X, n, d, &p, &r[i]);
    }
    for (int i = 1; i < 4; i++) {
        assert_memory_equal(r[0].centroids, r[i].centroids, k * d * sizeof(float));
        assert_memory_equal(r[0].assign, r[i].assign, n * sizeof(uint32_t));
        assert_true(r[0].inertia == r[i].inertia);
        assert_int_equal(r[0].iterations, r[i].iterations);
    }
    /* another seed, another start */
    kl_kmeans_params p = {.k = k, .seed = 100, .max_iter = 15};
    kl_kmeans_result o;
    fit_or_fail(X, n, d, &p, &o);
    assert_true(memcmp(o.centroids, r[0].centroids, k * d * sizeof(float)) != 0);
    kl_kmeans_result_free(&o);
    for (int i = 0; i < 4; i++)
        kl_kmeans_result_free(&r[i]);
    free(X);
}

static void test_inertia_never_rises(void **state)
{
    (void)state;
    size_t n = 4000, d = 16, k = 50;
    float *X = make_blobs(n, d, 30, 1.0, 1.0, 5, NULL);
    for (int init = 0; init < 2; init++) {
        double trace[30];
        kl_kmeans_params p = {.k = k, .seed = 1, .max_iter = 30, .fixed_iter = 1,
                              .init = (kl_kmeans_init)init, .trace = trace};
        kl_kmeans_result r;
        fit_or_fail(X, n, d, &p, &r);
        assert_int_equal(r.iterations, 30);
        for (int i = 1; i < 30; i++)
            assert_true(trace[i] <= trace[i - 1] * (1 + 1e-9));
        assert_true(trace[29] < trace[0]);
        /* the final inertia scores the final assignment: no worse than the last step's */
        assert_true(r.inertia <= trace[29] * (1 + 1e-6));
        kl_kmeans_result_free(&r);
    }
    free(X);
}

/* Reference Lloyd in double, straight from the definition. Returns the number of rows
 * whose nearest centroid is decided by less than `margin` (relative) at some step. */
static size_t naive_lloyd(const float *X, size_t n, size_t d, size_t k, int iters, double *C,
                          uint32_t *assign, double margin)
{
    size_t close = 0;
    double *S = malloc(k * d * sizeof *S), *W = malloc(k * sizeof *W);
    for (int it = 0; it <= iters; it++) {
        for (size_t i = 0; i < n; i++) {
            double b1 = INFINITY, b2 = INFINITY;
            uint32_t a = 0;
            for (size_t j = 0; j < k; j++) {
                double dd = 0;
                for (size_t q = 0; q < d; q++) {
                    double v = X[i * d + q] - C[j * d + q];
                    dd += v * v;
                }
                if (dd < b1) {
                    b2 = b1;
                    b1 = dd;
                    a = (uint32_t)j;
                } else if (dd < b2) {
                    b2 = dd;
                }
            }
            if (b2 - b1 < margin * b2)
                close++;
            assign[i] = a;
        }
        if (it == iters)
            break;
        memset(S, 0, k * d * sizeof *S);
        memset(W, 0, k * sizeof *W);
        for (size_t i = 0; i < n; i++) {
            W[assign[i]] += 1;
            for (size_t q = 0; q < d; q++)
                S[assign[i] * d + q] += X[i * d + q];
        }
        for (size_t j = 0; j < k; j++)
            if (W[j] > 0)
                for (size_t q = 0; q < d; q++)
                    C[j * d + q] = (double)(float)(S[j * d + q] / W[j]);
    }
    free(S);
    free(W);
    return close;
}

/* Same start, same iterations: the bounded engine must give plain Lloyd's assignment. */
static void check_against_naive(size_t n, size_t d, size_t k, size_t blobs, double noise,
                                uint64_t seed)
{
    int iters = 12;
    float *X = make_blobs(n, d, blobs, 1.0, noise, seed, NULL);
    float *init = malloc(k * d * sizeof *init);
    double *C = malloc(k * d * sizeof *C);
    for (size_t j = 0; j < k; j++)
        for (size_t q = 0; q < d; q++) {
            init[j * d + q] = X[(j * 73 % n) * d + q];
            C[j * d + q] = init[j * d + q];
        }
    uint32_t *ref = malloc(n * sizeof *ref);
    size_t close = naive_lloyd(X, n, d, k, iters, C, ref, 1e-5);
    assert_int_equal(close, 0); /* the data leaves no near-tie that rounding could flip */
    for (int threads = 1; threads <= 2; threads++) {
        kl_kmeans_params p = {.k = k, .max_iter = iters, .fixed_iter = 1,
                              .init_centroids = init, .threads = threads};
        kl_kmeans_result r;
        fit_or_fail(X, n, d, &p, &r);
        assert_memory_equal(r.assign, ref, n * sizeof *ref);
        for (size_t i = 0; i < k * d; i++)
            assert_true(fabs(r.centroids[i] - C[i]) <= 1e-5 * (1 + fabs(C[i])));
        /* ... and the bounds did skip work */
        assert_true(r.distances < (uint64_t)n * k * (uint64_t)(iters + 1) / 2);
        kl_kmeans_result_free(&r);
    }
    free(ref);
    free(C);
    free(init);
    free(X);
}

static void test_bounds_match_plain_lloyd(void **state)
{
    (void)state;
    check_against_naive(6000, 24, 80, 60, 0.45, 21); /* one kernel panel per group */
    check_against_naive(4000, 4, 70, 50, 0.08, 22);  /* d = 4 allows 4 groups: 2 panels each */
}

static void test_empty_cluster_repair(void **state)
{
    (void)state;
    /* 90 copies of one row and 30 distinct rows: random rows pick the copy several times,
     * and all but one of those centroids lose their rows at once. */
    size_t n = 120, d = 3, k = 8;
    float *X = make_blobs(n, d, 30, 5.0, 1.0, 3, NULL);
    for (size_t i = 30; i < n; i++)
        for (size_t q = 0; q < d; q++)
            X[i * d + q] = 0.5f;
    for (uint64_t seed = 1; seed <= 5; seed++) {
        kl_kmeans_params p = {.k = k, .seed = seed, .init = KL_KMEANS_INIT_RANDOM_ROWS,
                              .max_iter = 20};
        kl_kmeans_result r;
        fit_or_fail(X, n, d, &p, &r);
        size_t count[8] = {0};
        for (size_t i = 0; i < n; i++)
            count[r.assign[i]]++;
        for (size_t j = 0; j < k; j++)
            assert_true(count[j] > 0);
        kl_kmeans_result_free(&r);
    }
    free(X);
}

static void test_weights(void **state)
{
    (void)state;
    /* Two far groups; each centroid must be its group's weighted mean, zero weights ignored. */
    size_t n = 400, d = 4;
    float *X = make_blobs(n, d, 2, 50.0, 1.0, 8, NULL);
    float *w = malloc(n * sizeof *w);
    for (size_t i = 0; i < n; i++)
        w[i] = (float)(i % 5); /* 0..4 */
    kl_kmeans_params p = {.k = 2, .seed = 4, .weights = w};
    kl_kmeans_result r;
    fit_or_fail(X, n, d, &p, &r);
    for (size_t j = 0; j < 2; j++) {
        double s[4] = {0}, W = 0;
        for (size_t i = 0; i < n; i++)
            if (r.assign[i] == j) {
                W += w[i];
                for (size_t q = 0; q < d; q++)
                    s[q] += (double)w[i] * X[i * d + q];
            }
        assert_true(W > 0);
        for (size_t q = 0; q < d; q++)
            assert_true(fabs(r.centroids[j * d + q] - s[q] / W) < 1e-4);
    }
    double in = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t q = 0; q < d; q++) {
            double v = X[i * d + q] - r.centroids[r.assign[i] * d + q];
            in += w[i] * v * v;
        }
    assert_true(fabs(in - r.inertia) <= 1e-9 * in);
    kl_kmeans_result_free(&r);
    /* Integer weights act like repeated rows: same inertia as the data with copies. */
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        m += (size_t)w[i];
    float *Y = malloc(m * d * sizeof *Y);
    size_t y = 0;
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < (int)w[i]; c++)
            memcpy(Y + (y++) * d, X + i * d, d * sizeof *Y);
    kl_kmeans_params q = {.k = 2, .seed = 4};
    kl_kmeans_result r2;
    fit_or_fail(Y, m, d, &q, &r2);
    fit_or_fail(X, n, d, &p, &r);
    assert_true(fabs(r.inertia - r2.inertia) <= 1e-6 * r2.inertia);
    kl_kmeans_result_free(&r);
    kl_kmeans_result_free(&r2);
    w[3] = -1; /* negative weights are refused */
    assert_int_equal(kl_kmeans_fit(X, n, d, &p, &r), -1);
    free(Y);
    free(w);
    free(X);
}

static void test_k_limits(void **state)
{
    (void)state;
    size_t n = 30, d = 5;
    float *X = make_blobs(n, d, 30, 3.0, 1.0, 2, NULL);
    kl_kmeans_result r;
    kl_kmeans_params p = {.k = n, .seed = 1};
    fit_or_fail(X, n, d, &p, &r); /* k == n: one row each */
    assert_true(r.inertia == 0.0);
    unsigned char seen[30] = {0};
    for (size_t i = 0; i < n; i++)
        seen[r.assign[i]]++;
    for (size_t j = 0; j < n; j++)
        assert_int_equal(seen[j], 1);
    kl_kmeans_result_free(&r);
    p.k = n + 1;
    assert_int_equal(kl_kmeans_fit(X, n, d, &p, &r), -1);
    p.k = 0;
    assert_int_equal(kl_kmeans_fit(X, n, d, &p, &r), -1);
    p.k = 1; /* k == 1: the mean */
    fit_or_fail(X, n, d, &p, &r);
    for (size_t q = 0; q < d; q++) {
        double s = 0;
        for (size_t i = 0; i < n; i++)
            s += X[i * d + q];
        assert_true(fabs(r.centroids[q] - s / (double)n) < 1e-5);
    }
    kl_kmeans_result_free(&r);
    free(X);
}

/* The double-precision scan kl_kmeans_nearest must reproduce: first strict minimum. */
static void brute_nearest(const float *C, size_t k, const float *X, size_t n, size_t d,
                          uint32_t *out, double *dist)
{
    for (size_t i = 0; i < n; i++) {
        double best = INFINITY;
        for (size_t j = 0; j < k; j++) {
            double v = kl_dist2(X + i * d, C + j * d, d);
            if (v < best) {
                best = v;
                out[i] = (uint32_t)j;
            }
        }
        dist[i] = best;
    }
}

static void unit_rows(float *X, size_t n, size_t d)
{
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t q = 0; q < d; q++)
            s += (double)X[i * d + q] * X[i * d + q];
        for (size_t q = 0; q < d && s > 0; q++)
            X[i * d + q] = (float)(X[i * d + q] / sqrt(s));
    }
}

static void nearest_matches(const float *C, size_t k, const float *X, size_t n, size_t d)
{
    uint32_t *want = malloc(n * sizeof *want), *got = malloc(n * sizeof *got);
    double *wd = malloc(n * sizeof *wd), *gd = malloc(n * sizeof *gd);
    brute_nearest(C, k, X, n, d, want, wd);
    for (int threads = 1; threads <= 3; threads++) {
        memset(got, 0xff, n * sizeof *got);
        assert_int_equal(kl_kmeans_nearest(C, k, X, n, d, threads, got, gd), 0);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(got[i], want[i]);
            assert_true(gd[i] == wd[i]);
        }
    }
    free(want);
    free(got);
    free(wd);
    free(gd);
}

/* Embedding-like rows (unit length, 256 dimensions, clustered) against 1,000 centroids; then
 * near ties the float kernel cannot tell apart: centroids that differ from a row's nearest by
 * one unit in the last place, exact duplicates (the lower index wins), rows that are
 * centroids, a zero row, and a small d. */
static void test_nearest_exact(void **state)
{
    (void)state;
    size_t n = 2000, d = 256, k = 1000;
    float *X = make_blobs(n, d, 40, 1.0, 0.6, 7, NULL);
    float *C = make_blobs(k, d, 40, 1.0, 0.6, 8, NULL);
    unit_rows(X, n, d);
    unit_rows(C, k, d);
    nearest_matches(C, k, X, n, d);

    for (size_t j = 0; j + 4 < k; j += 5) {
        memcpy(C + (j + 1) * d, C + j * d, d * sizeof *C);           /* a duplicate */
        memcpy(C + (j + 2) * d, C + j * d, d * sizeof *C);
        C[(j + 2) * d + j % d] = nextafterf(C[(j + 2) * d + j % d], 2.0f); /* one ulp away */
        memcpy(C + (j + 3) * d, C + j * d, d * sizeof *C);
        C[(j + 3) * d + j % d] = nextafterf(C[(j + 3) * d + j % d], -2.0f);
    }
    for (size_t i = 0; i < n; i += 3)
        memcpy(X + i * d, C + (i % k) * d, d * sizeof *X);          /* a row on a centroid */
    memset(X + 1 * d, 0, d * sizeof *X);
    nearest_matches(C, k, X, n, d);

    nearest_matches(C, 3, X, 50, 2); /* d = 2, k = 3: the first columns as a tiny problem */
    uint32_t a;
    assert_int_equal(kl_kmeans_nearest(C, 0, X, 1, d, 1, &a, NULL), -1);
    assert_int_equal(kl_kmeans_nearest(C, 1, X, 1, 0, 1, &a, NULL), -1);
    assert_int_equal(kl_kmeans_nearest(C, 1, X, 0, d, 1, &a, NULL), 0);
    free(X);
    free(C);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recovers_blobs),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_inertia_never_rises),
        cmocka_unit_test(test_bounds_match_plain_lloyd),
        cmocka_unit_test(test_empty_cluster_repair),
        cmocka_unit_test(test_weights),
        cmocka_unit_test(test_k_limits),
        cmocka_unit_test(test_nearest_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
