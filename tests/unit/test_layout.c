/* test_layout.c — the map: inside the unit square, children inside their parent's disc,
 * siblings apart, density grids, trustworthiness, determinism. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/hierarchy.h"
#include "kleio/layout.h"
#include "kleio/rng.h"

#define D 6

static float *points(size_t n, uint64_t seed)
{
    kl_rng r;
    kl_rng_seed(&r, seed);
    float *X = malloc(n * D * sizeof *X);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < D; j++)
            X[i * D + j] = (float)(kl_rng_normal(&r) * 0.3 + (j == i % 5 ? 2 : 0));
    return X;
}

static void check_layout(size_t k, int levels, size_t top)
{
    float *C = points(k, k);
    double *size = malloc(k * sizeof *size);
    for (size_t i = 0; i < k; i++)
        size[i] = 1 + (double)(i % 7);
    kl_hier_params hp = {.levels = levels, .top = top};
    kl_hierarchy h;
    kl_hierarchy_build(C, size, k, D, &hp, &h);
    kl_layout_params lp = {.seed = 1, .iterations = 300};
    kl_layout L;
    assert_int_equal(kl_layout_build(&h, &lp, &L), 0);
    assert_int_equal(L.levels, h.levels);
    for (int l = 0; l < L.levels; l++) {
        for (size_t i = 0; i < L.count[l]; i++) {
            double x = L.xy[l][2 * i], y = L.xy[l][2 * i + 1], r = L.extent[l][i];
            assert_true(r > 0);
            assert_true(x - r >= -1e-4 && x + r <= 1 + 1e-4);
            assert_true(y - r >= -1e-4 && y + r <= 1 + 1e-4);
            if (l + 1 < L.levels) {                 /* inside the parent's disc */
                uint32_t q = h.parent[l][i];
                double dx = x - L.xy[l + 1][2 * q], dy = y - L.xy[l + 1][2 * q + 1];
                assert_true(sqrt(dx * dx + dy * dy) + r <= L.extent[l + 1][q] + 1e-4);
            }
            for (size_t j = i + 1; j < L.count[l]; j++) {   /* siblings do not overlap */
                if (l + 1 < L.levels && h.parent[l][i] != h.parent[l][j])
                    continue;
                double dx = x - L.xy[l][2 * j], dy = y - L.xy[l][2 * j + 1];
                assert_true(sqrt(dx * dx + dy * dy) + 1e-4 >= r + L.extent[l][j]);
            }
        }
    }
    /* Density: documents = the centroids themselves, each in its own leaf. */
    uint32_t *leaf = malloc(k * sizeof *leaf);
    for (size_t i = 0; i < k; i++)
        leaf[i] = (uint32_t)i;
    uint8_t **g;
    float *dxy = malloc(k * 2 * sizeof *dxy);
    assert_int_equal(kl_layout_density(&L, &h, C, k, leaf, 8, &g, dxy), 0);
    for (int l = 0; l < L.levels; l++) {
        for (size_t i = 0; i < L.count[l]; i++) {
            int mx = 0;
            for (int c = 0; c < 64; c++)
                mx = g[l][i * 64 + (size_t)c] > mx ? g[l][i * 64 + (size_t)c] : mx;
            if (l == 0)
                assert_int_equal(mx, 255);          /* every leaf holds one document */
        }
        free(g[l]);
    }
    free(g);
    for (size_t i = 0; i < k; i++) {                /* documents stay inside their leaf */
        double dx = dxy[2 * i] - L.xy[0][2 * i], dy = dxy[2 * i + 1] - L.xy[0][2 * i + 1];
        assert_true(sqrt(dx * dx + dy * dy) <= L.extent[0][i] + 1e-5);
    }
    /* Same input, same map. */
    kl_layout L2;
    kl_layout_build(&h, &lp, &L2);
    for (int l = 0; l < L.levels; l++)
        assert_memory_equal(L.xy[l], L2.xy[l], L.count[l] * 2 * sizeof(float));
    kl_layout_free(&L2);
    kl_layout_free(&L);
    kl_hierarchy_free(&h);
    free(dxy);
    free(leaf);
    free(size);
    free(C);
}

static void test_nesting(void **state)
{
    (void)state;
    check_layout(1, 3, 10);
    check_layout(2, 3, 10);
    check_layout(7, 3, 10);
    check_layout(60, 3, 6);
    check_layout(200, 3, 10);
    check_layout(150, 4, 4);
}

static void test_trustworthiness(void **state)
{
    (void)state;
    /* Points that are already 2D: their own layout is perfect, a shuffled one is not. */
    size_t n = 120;
    float *X = malloc(n * 2 * sizeof *X), *Y = malloc(n * 2 * sizeof *Y);
    kl_rng r;
    kl_rng_seed(&r, 9);
    for (size_t i = 0; i < 2 * n; i++)
        X[i] = (float)kl_rng_uniform(&r);
    assert_true(kl_layout_trustworthiness(X, n, 2, X, 10) > 0.999);
    for (size_t i = 0; i < n; i++) {
        Y[2 * i] = X[2 * ((i * 37) % n)];
        Y[2 * i + 1] = X[2 * ((i * 37) % n) + 1];
    }
    assert_true(kl_layout_trustworthiness(X, n, 2, Y, 10) < 0.7);
    free(X);
    free(Y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nesting),
        cmocka_unit_test(test_trustworthiness),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
