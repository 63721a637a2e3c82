/* test_hierarchy.c — the tree's shape guarantees: exact counts, >= 2 children per parent,
 * small k, determinism, children nearest their own parent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/hierarchy.h"
#include "kleio/rng.h"

static float *blobs(size_t k, size_t d, uint64_t seed)
{
    kl_rng r;
    kl_rng_seed(&r, seed);
    float *X = malloc(k * d * sizeof *X);
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < d; j++)
            X[i * d + j] = (float)(kl_rng_normal(&r) * 0.2 + (j == i % 7 ? 3 : 0));
    return X;
}

static void test_schedule(void **state)
{
    (void)state;
    size_t c[8];
    kl_hier_params p = {0};
    assert_int_equal(kl_hierarchy_schedule(1000, &p, c, 8), 3);
    assert_int_equal(c[0], 1000);
    assert_int_equal(c[1], 100);
    assert_int_equal(c[2], 10);
    assert_int_equal(kl_hierarchy_schedule(12, &p, c, 8), 3);  /* 12 > 6 > 3 */
    assert_int_equal(c[1], 6);
    assert_int_equal(c[2], 3);
    assert_int_equal(kl_hierarchy_schedule(3, &p, c, 8), 2);   /* levels dropped */
    assert_int_equal(c[1], 1);
    assert_int_equal(kl_hierarchy_schedule(1, &p, c, 8), 1);
}

static void check_shape(size_t k, int levels, size_t top, uint64_t seed)
{
    size_t d = 9;
    float *X = blobs(k, d, seed);
    double *size = malloc(k * sizeof *size);
    for (size_t i = 0; i < k; i++)
        size[i] = (double)(i % 5);                              /* zeros included */
    kl_hier_params p = {.levels = levels, .top = top, .threads = 2};
    kl_hierarchy h;
    assert_int_equal(kl_hierarchy_build(X, size, k, d, &p, &h), 0);
    size_t want[41];
    int L = kl_hierarchy_schedule(k, &p, want, 41);
    assert_int_equal(h.levels, L);
    for (int l = 0; l < h.levels; l++)
        assert_int_equal(h.count[l], want[l]);
    for (int l = 0; l + 1 < h.levels; l++) {
        size_t *kids = calloc(h.count[l + 1], sizeof *kids);
        double *sz = calloc(h.count[l + 1], sizeof *sz);
        for (size_t i = 0; i < h.count[l]; i++) {
            assert_true(h.parent[l][i] < h.count[l + 1]);
            kids[h.parent[l][i]]++;
            sz[h.parent[l][i]] += h.size[l][i];
        }
        for (size_t q = 0; q < h.count[l + 1]; q++) {
            assert_true(kids[q] >= 2);
            assert_true(sz[q] == h.size[l + 1][q]);
        }
        free(kids);
        free(sz);
    }
    /* Same input, same tree. */
    kl_hierarchy h2;
    p.threads = 1;
    kl_hierarchy_build(X, size, k, d, &p, &h2);
    for (int l = 0; l + 1 < h.levels; l++)
        assert_memory_equal(h.parent[l], h2.parent[l], h.count[l] * sizeof(uint32_t));
    kl_hierarchy_free(&h2);
    kl_hierarchy_free(&h);
    free(size);
    free(X);
}

static void test_shapes(void **state)
{
    (void)state;
    size_t ks[] = {1, 2, 3, 5, 8, 13, 20, 21, 64, 111, 300};
    for (size_t i = 0; i < sizeof ks / sizeof *ks; i++) {
        check_shape(ks[i], 3, 10, ks[i]);
        check_shape(ks[i], 4, 5, ks[i] + 1);
        check_shape(ks[i], 2, 18, ks[i] + 2);
    }
}

static void test_separated_blobs_stay_together(void **state)
{
    (void)state;
    /* 4 well separated groups of 6 leaves: the top level at 4 must recover them. */
    size_t k = 24, d = 4;
    float *X = calloc(k * d, sizeof *X);
    for (size_t i = 0; i < k; i++) {
        X[i * d + i % 4] = 10;
        X[i * d + (i + 1) % 4] = (float)(i % 3) * 0.1f;
    }
    kl_hier_params p = {.levels = 2, .top = 4};
    kl_hierarchy h;
    kl_hierarchy_build(X, NULL, k, d, &p, &h);
    for (size_t i = 0; i < k; i++)
        assert_int_equal(h.parent[0][i], h.parent[0][i % 4]);
    assert_int_equal(kl_hierarchy_ancestor(&h, 5, 1), h.parent[0][5]);
    kl_hierarchy_free(&h);
    assert_int_equal(kl_hierarchy_build(X, NULL, 0, d, &p, &h), -1);
    free(X);
}

static void test_direction_not_length(void **state)
{
    (void)state;
    /* Two directions, each with a long and a short centroid (a tight and a loose cluster of
     * the same topic): the long ones are nearer each other in Euclidean distance than to
     * their short twins, but merging goes by direction. Sizes do not sway it either. */
    size_t k = 4, d = 2;
    float X[] = {1.0f, 0.6f, 0.2f, 0.12f, 0.6f, 1.0f, 0.12f, 0.2f};
    double size[] = {1000, 1, 1000, 1};
    kl_hier_params p = {.levels = 2, .top = 2};
    kl_hierarchy h;
    assert_int_equal(kl_hierarchy_build(X, size, k, d, &p, &h), 0);
    assert_int_equal(h.parent[0][0], h.parent[0][1]);
    assert_int_equal(h.parent[0][2], h.parent[0][3]);
    assert_int_not_equal(h.parent[0][0], h.parent[0][2]);
    /* Parent centroids are still the size-weighted means of their leaves. */
    uint32_t q = h.parent[0][0];
    assert_true(fabs(h.centroid[1][q * d] - (1000 * 1.0 + 0.2) / 1001) < 1e-5);
    kl_hierarchy_free(&h);
}

static double cos_n(const float *a, const float *b, size_t n)
{
    double ab = 0, aa = 0, bb = 0;
    for (size_t j = 0; j < n; j++) {
        ab += (double)a[j] * b[j];
        aa += (double)a[j] * a[j];
        bb += (double)b[j] * b[j];
    }
    return ab / sqrt(aa * bb);
}

static void test_children_nearest_their_parent(void **state)
{
    (void)state;
    /* Leaves whose last dimensions (a task mix, say) pull the grouping one way and whose
     * leading ones another: after the refinement, no child whose parent could spare it is
     * nearer (cosine over the leading dimensions) to another parent's centroid. */
    size_t k = 120, d = 12, dr = 8;
    kl_rng r;
    kl_rng_seed(&r, 5);
    float *X = malloc(k * d * sizeof *X);
    double *size = malloc(k * sizeof *size);
    for (size_t i = 0; i < k; i++) {
        for (size_t j = 0; j < d; j++)
            X[i * d + j] = (float)(kl_rng_normal(&r) * 0.4 + (j == i % dr ? 1 : 0));
        X[i * d + dr + i % 4] += 1.5f;
        size[i] = 1 + (double)(i % 9);
    }
    for (int levels = 2; levels <= 3; levels++) {
        kl_hier_params p = {.levels = levels, .top = 6, .refine_dims = dr};
        kl_hierarchy h;
        assert_int_equal(kl_hierarchy_build(X, size, k, d, &p, &h), 0);
        for (int l = 0; l + 1 < h.levels; l++) {
            size_t m = h.count[l + 1];
            size_t *kids = calloc(m, sizeof *kids);
            for (size_t i = 0; i < h.count[l]; i++)
                kids[h.parent[l][i]]++;
            for (size_t i = 0; i < h.count[l]; i++) {
                uint32_t own = h.parent[l][i];
                assert_true(kids[own] >= 2);
                if (kids[own] == 2)
                    continue;
                double so = cos_n(h.centroid[l] + i * d, h.centroid[l + 1] + own * d, dr);
                for (size_t q = 0; q < m; q++)
                    assert_true(cos_n(h.centroid[l] + i * d, h.centroid[l + 1] + q * d, dr) <=
                                so + 1e-6);
            }
            free(kids);
        }
        kl_hierarchy_free(&h);
    }
    free(X);
    free(size);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schedule),
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_separated_blobs_stay_together),
        cmocka_unit_test(test_direction_not_length),
        cmocka_unit_test(test_children_nearest_their_parent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
