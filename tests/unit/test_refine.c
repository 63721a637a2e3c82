/* test_refine.c — the approximate kNN graph against brute force, smoothing keeps unit
 * rows and pulls members of a cluster together, the same result whatever the thread count
 * and the row order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/refine.h"
#include "kleio/rng.h"

#define N 2000
#define D 16
#define K 8

/* N unit rows around 10 random centres (noise 0.5 per coordinate before normalising). */
static float *clustered_rows(uint64_t seed)
{
    kl_rng r;
    kl_rng_seed(&r, seed);
    float C[10][D];
    for (int c = 0; c < 10; c++)
        for (int j = 0; j < D; j++)
            C[c][j] = (float)kl_rng_normal(&r);
    float *X = malloc((size_t)N * D * sizeof *X);
    for (size_t i = 0; i < N; i++) {
        double norm = 0;
        for (int j = 0; j < D; j++) {
            X[i * D + j] = C[i % 10][j] + (float)(0.5 * kl_rng_normal(&r));
            norm += (double)X[i * D + j] * X[i * D + j];
        }
        for (int j = 0; j < D; j++)
            X[i * D + j] = (float)(X[i * D + j] / sqrt(norm));
    }
    return X;
}

static double sqd(const float *a, const float *b)
{
    double s = 0;
    for (int j = 0; j < D; j++)
        s += ((double)a[j] - b[j]) * ((double)a[j] - b[j]);
    return s;
}

static void test_knn_recall(void **state)
{
    (void)state;
    float *X = clustered_rows(3);
    uint32_t *nbr = malloc((size_t)N * K * sizeof *nbr);
    assert_int_equal(kl_refine_knn(X, N, D, K, 6, 1, 2, nbr), 0);
    /* Brute force on every 10th row: the share of true neighbours found. */
    size_t hit = 0, tot = 0;
    double *dist = malloc(N * sizeof *dist);
    for (size_t i = 0; i < N; i += 10) {
        for (size_t j = 0; j < N; j++)
            dist[j] = j == i ? INFINITY : sqd(X + i * D, X + j * D);
        for (int q = 0; q < K; q++) {
            assert_int_not_equal(nbr[i * K + (size_t)q], i);
            size_t better = 0;      /* rows strictly closer than this neighbour */
            double dq = dist[nbr[i * K + (size_t)q]];
            for (size_t j = 0; j < N; j++)
                better += dist[j] < dq - 1e-6;
            hit += better < K;
            tot++;
        }
    }
    assert_true((double)hit / (double)tot > 0.8);
    /* All cells probed: exact. */
    assert_int_equal(kl_refine_knn(X, N, D, K, 1000, 1, 2, nbr), 0);
    for (size_t i = 0; i < N; i += 97) {
        for (size_t j = 0; j < N; j++)
            dist[j] = j == i ? INFINITY : sqd(X + i * D, X + j * D);
        double dk = dist[nbr[i * K + K - 1]];
        size_t better = 0;
        for (size_t j = 0; j < N; j++)
            better += dist[j] < dk - 1e-6;
        assert_true(better < K);
    }
    free(dist);
    free(nbr);
    free(X);
}

static void test_smooth(void **state)
{
    (void)state;
    float *X = clustered_rows(5);
    float *Y = malloc((size_t)N * D * sizeof *Y);
    memcpy(Y, X, (size_t)N * D * sizeof *Y);
    kl_refine_params p = {.neighbours = K, .seed = 1, .threads = 1};
    assert_int_equal(kl_refine_smooth(Y, N, D, &p), 0);
    /* Unit rows, and the mean distance to the own cluster's rows shrinks. */
    double before = 0, after = 0;
    for (size_t i = 0; i < N; i++) {
        double norm = 0;
        for (int j = 0; j < D; j++)
            norm += (double)Y[i * D + j] * Y[i * D + j];
        assert_true(fabs(norm - 1) < 1e-4);
        size_t o = (i + 10) % N;
        before += sqd(X + i * D, X + o * D);
        after += sqd(Y + i * D, Y + o * D);
    }
    assert_true(after < 0.8 * before);
    /* Same result with two threads. */
    float *Z = malloc((size_t)N * D * sizeof *Z);
    memcpy(Z, X, (size_t)N * D * sizeof *Z);
    p.threads = 2;
    assert_int_equal(kl_refine_smooth(Z, N, D, &p), 0);
    assert_memory_equal(Y, Z, (size_t)N * D * sizeof *Z);
    /* Rows in another order: the same rows come out (the cells are fitted on a content-hash
     * sample, lists are ordered by distance). */
    float *S = malloc((size_t)N * D * sizeof *S);
    for (size_t i = 0; i < N; i++)
        memcpy(S + i * D, X + ((i * 7919) % N) * D, D * sizeof *S);
    assert_int_equal(kl_refine_smooth(S, N, D, &p), 0);
    for (size_t i = 0; i < N; i++)
        assert_memory_equal(S + i * D, Y + ((i * 7919) % N) * D, D * sizeof *S);
    free(S);
    /* Fewer rows than neighbours: unchanged; empty input: an error. */
    memcpy(Z, X, 4 * D * sizeof *Z);
    assert_int_equal(kl_refine_smooth(Z, 4, D, &p), 0);
    assert_memory_equal(X, Z, 4 * D * sizeof *Z);
    assert_int_equal(kl_refine_smooth(Z, 0, D, &p), -1);
    free(X);
    free(Y);
    free(Z);
}

/* Smoothing into another buffer gives the in-place result and leaves the source alone, for
 * one round and for two. */
static void test_smooth_into(void **state)
{
    (void)state;
    float *X = clustered_rows(7);
    float *keep = malloc((size_t)N * D * sizeof *keep);
    float *Y = malloc((size_t)N * D * sizeof *Y);
    float *Z = malloc((size_t)N * D * sizeof *Z);
    memcpy(keep, X, (size_t)N * D * sizeof *keep);
    for (int rounds = 1; rounds <= 2; rounds++) {
        kl_refine_params p = {.neighbours = K, .seed = 2, .threads = 2, .rounds = rounds};
        memcpy(Y, X, (size_t)N * D * sizeof *Y);
        assert_int_equal(kl_refine_smooth(Y, N, D, &p), 0);
        assert_int_equal(kl_refine_smooth_into(X, Z, N, D, &p), 0);
        assert_memory_equal(Y, Z, (size_t)N * D * sizeof *Z);
        assert_memory_equal(X, keep, (size_t)N * D * sizeof *X);
        assert_memory_not_equal(X, Z, (size_t)N * D * sizeof *X);
    }
    kl_refine_params p = {.neighbours = K, .seed = 2};
    /* Fewer rows than neighbours: a copy; the same buffer twice, or no rows: an error. */
    assert_int_equal(kl_refine_smooth_into(X, Z, 4, D, &p), 0);
    assert_memory_equal(X, Z, 4 * D * sizeof *Z);
    assert_int_equal(kl_refine_smooth_into(Z, Z, N, D, &p), -1);
    assert_int_equal(kl_refine_smooth_into(X, Z, 0, D, &p), -1);
    free(X);
    free(keep);
    free(Y);
    free(Z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_knn_recall),
        cmocka_unit_test(test_smooth),
        cmocka_unit_test(test_smooth_into),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
