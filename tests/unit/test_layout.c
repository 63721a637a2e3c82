/* test_layout.c — the map: inside the unit square, children inside their parent's disc,
 * siblings apart, density grids, trustworthiness (of the measure and of the maps built),
 * the local search, determinism. */
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
#include "../../src/cluster/layout_impl.h"

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

/* The worst breach of the contract: a disc beyond the square or its parent's disc, two
 * siblings overlapping, a non-positive radius (0 when all is well). */
static double nesting_violation(const kl_hierarchy *h, const kl_layout *L)
{
    double worst = 0;
    for (int l = 0; l < L->levels; l++)
        for (size_t i = 0; i < L->count[l]; i++) {
            double x = L->xy[l][2 * i], y = L->xy[l][2 * i + 1], r = L->extent[l][i];
            if (!(r > 0))
                return INFINITY;
            worst = fmax(worst, fmax(fmax(r - x, x + r - 1), fmax(r - y, y + r - 1)));
            if (l + 1 < L->levels) {
                uint32_t q = h->parent[l][i];
                double dx = x - L->xy[l + 1][2 * q], dy = y - L->xy[l + 1][2 * q + 1];
                worst = fmax(worst, sqrt(dx * dx + dy * dy) + r - L->extent[l + 1][q]);
            }
            for (size_t j = i + 1; j < L->count[l]; j++) {
                if (l + 1 < L->levels && h->parent[l][i] != h->parent[l][j])
                    continue;
                double dx = x - L->xy[l][2 * j], dy = y - L->xy[l][2 * j + 1];
                worst = fmax(worst, r + L->extent[l][j] - sqrt(dx * dx + dy * dy));
            }
        }
    return worst;
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
    kl_layout_params lp = {.seed = 1, .iterations = 300, .anneal = k == 60 ? 0 : -1};
    kl_layout L;
    assert_int_equal(kl_layout_build(&h, &lp, &L), 0);
    assert_int_equal(L.levels, h.levels);
    assert_true(nesting_violation(&h, &L) <= 1e-4);
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
    double full = kl_layout_trustworthiness(X, n, 2, Y, 10);
    assert_true(full < 0.7);
    /* Sampled: exact with every point, close with a third of them. */
    assert_true(kl_layout_trustworthiness_sampled(X, n, 2, Y, 10, n) == full);
    assert_true(fabs(kl_layout_trustworthiness_sampled(X, n, 2, Y, 10, n / 3) - full) < 0.08);
    free(X);
    free(Y);
    /* Venna & Kaski's normalisation, by hand: points 0 1 3 6 10 on a line, the map swaps
     * the ends. At k = 1 the map neighbours 0->3, 1->4, 2->1, 3->2, 4->1 have true ranks
     * 3, 4, 1, 1, 3: penalty 2 + 3 + 2 = 7, times 2 / (n k (2n - 3k - 1)) = 1/15. */
    const float line[5] = {0, 1, 3, 6, 10};
    const float swapped[10] = {10, 0, 1, 0, 3, 0, 6, 0, 0, 0};
    assert_true(fabs(kl_layout_trustworthiness(line, 5, 1, swapped, 1) - (1 - 7.0 / 15)) < 1e-9);
}

/* The nesting check itself catches a child pushed out of its parent and two siblings
 * put on top of each other. */
static void test_nesting_check_fails(void **state)
{
    (void)state;
    size_t k = 120;
    float *C = points(k, 3);
    kl_hier_params hp = {.levels = 3, .top = 6};
    kl_hierarchy h;
    kl_hierarchy_build(C, NULL, k, D, &hp, &h);
    kl_layout_params lp = {.seed = 1, .iterations = 300, .anneal = -1};
    kl_layout L;
    assert_int_equal(kl_layout_build(&h, &lp, &L), 0);
    assert_true(nesting_violation(&h, &L) <= 1e-4);
    uint32_t q = h.parent[0][0];
    float keep[2] = {L.xy[0][0], L.xy[0][1]};
    L.xy[0][0] = L.xy[1][2 * q] + 1.5f * L.extent[1][q];  /* out of its parent */
    assert_true(nesting_violation(&h, &L) > 1e-3);
    L.xy[0][0] = keep[0];
    L.xy[0][1] = keep[1];
    size_t sib = 1;
    while (h.parent[0][sib] != q)
        sib++;
    L.xy[0][2 * sib] = L.xy[0][0];                         /* onto its sibling */
    L.xy[0][2 * sib + 1] = L.xy[0][1];
    assert_true(nesting_violation(&h, &L) > 1e-3);
    kl_layout_free(&L);
    kl_hierarchy_free(&h);
    free(C);
}

/* side x side points of a 2D sheet bent into 6 dimensions. */
static float *sheet(size_t side)
{
    size_t k = side * side;
    float *C = malloc(k * D * sizeof *C);
    for (size_t i = 0; i < k; i++) {
        double u = (double)(i % side) / (double)side, v = (double)(i / side) / (double)side;
        double row[D] = {u, v, 0.3 * sin(3 * u), 0.3 * cos(3 * v), 0.2 * u * v, 0.1 * (u - v)};
        for (size_t j = 0; j < D; j++)
            C[i * D + j] = (float)row[j];
    }
    return C;
}

/* Leaves sampled from a sheet: the map must find it while keeping the nesting. */
static void test_sheet_trust(void **state)
{
    (void)state;
    size_t side = 14, k = side * side;
    float *C = sheet(side);
    kl_hier_params hp = {.levels = 3, .top = 8};
    kl_hierarchy h;
    kl_hierarchy_build(C, NULL, k, D, &hp, &h);
    kl_layout_params lp = {.seed = 1, .anneal = 20};
    kl_layout L;
    assert_int_equal(kl_layout_build(&h, &lp, &L), 0);
    assert_true(nesting_violation(&h, &L) <= 1e-4);
    double t = kl_layout_trustworthiness(C, k, D, L.xy[0], 10);
    assert_true(t >= 0.9);
    kl_layout_free(&L);
    kl_hierarchy_free(&h);
    free(C);
}

/* Turns each top cluster's contents about its centre by its own angle: the nesting holds,
 * the neighbourhoods across clusters do not. */
static void scramble(const kl_hierarchy *h, kl_layout *L)
{
    int top = h->levels - 1;
    for (size_t q = 0; q < h->count[top]; q++) {
        double a = 2.0 + (double)q, cs = cos(a), sn = sin(a);
        double cx = L->xy[top][2 * q], cy = L->xy[top][2 * q + 1];
        for (int l = 0; l < top; l++)
            for (size_t i = 0; i < h->count[l]; i++) {
                uint32_t an = (uint32_t)i;
                for (int m = l; m < top; m++)
                    an = h->parent[m][an];
                if (an != q)
                    continue;
                double x = L->xy[l][2 * i] - cx, y = L->xy[l][2 * i + 1] - cy;
                L->xy[l][2 * i] = (float)(cx + cs * x - sn * y);
                L->xy[l][2 * i + 1] = (float)(cy + sn * x + cs * y);
            }
    }
}

/* The local search raises the trustworthiness of a scrambled nested layout and keeps the
 * nesting; annealing first does better than greedy descent alone from the same start. */
static void test_refine(void **state)
{
    (void)state;
    size_t side = 12, k = side * side;
    float *C = sheet(side);
    kl_hier_params hp = {.levels = 3, .top = 6};
    kl_hierarchy h;
    kl_hierarchy_build(C, NULL, k, D, &hp, &h);
    kl_layout_params lp = {.seed = 1, .iterations = 300, .anneal = -1};
    kl_layout L;
    assert_int_equal(kl_layout_build(&h, &lp, &L), 0);
    double built = kl_layout_trustworthiness(C, k, D, L.xy[0], 10);
    scramble(&h, &L);
    double scrambled = kl_layout_trustworthiness(C, k, D, L.xy[0], 10);
    assert_true(nesting_violation(&h, &L) <= 1e-4);
    kl_layout_refine(&h, &L, 0, 8, 1, 1);
    double refined = kl_layout_trustworthiness(C, k, D, L.xy[0], 10);
    print_message("# built %.3f scrambled %.3f refined %.3f\n", built, scrambled, refined);
    assert_true(nesting_violation(&h, &L) <= 1e-4);
    assert_true(scrambled < built - 0.01);                 /* the scramble did harm */
    assert_true(refined - scrambled >= 0.5 * (built - scrambled));   /* mostly undone */
    kl_layout_free(&L);
    kl_hierarchy_free(&h);
    free(C);
}

/* Annealing before the descent ends higher than the descent alone from the same layout
 * (a Gaussian cloud in 6 dimensions: no 2D map is good, the descent stops early). */
static void test_anneal(void **state)
{
    (void)state;
    size_t k = 120;
    float *C = malloc(k * D * sizeof *C);
    kl_rng r;
    kl_rng_seed(&r, 5);
    for (size_t i = 0; i < k * D; i++)
        C[i] = (float)kl_rng_normal(&r);
    kl_hier_params hp = {.levels = 3, .top = 6};
    kl_hierarchy h;
    kl_hierarchy_build(C, NULL, k, D, &hp, &h);
    kl_layout_params lp = {.seed = 1, .iterations = 300, .anneal = -1};
    kl_layout G, A;
    assert_int_equal(kl_layout_build(&h, &lp, &G), 0);
    assert_int_equal(kl_layout_build(&h, &lp, &A), 0);
    double greedy = kl_layout_trustworthiness(C, k, D, G.xy[0], 10);
    kl_layout_refine(&h, &A, 30, 8, 1, 1);
    double annealed = kl_layout_trustworthiness(C, k, D, A.xy[0], 10);
    print_message("# greedy %.3f annealed %.3f\n", greedy, annealed);
    assert_true(nesting_violation(&h, &A) <= 1e-4);
    assert_true(annealed > greedy + 0.005);
    kl_layout_free(&G);
    kl_layout_free(&A);
    kl_hierarchy_free(&h);
    free(C);
}

/* Thread count does not change the map. */
static void test_threads(void **state)
{
    (void)state;
    size_t k = 90;
    float *C = points(k, 11);
    kl_hier_params hp = {.levels = 3, .top = 5};
    kl_hierarchy h;
    kl_hierarchy_build(C, NULL, k, D, &hp, &h);
    kl_layout_params p1 = {.seed = 3, .threads = 1, .iterations = 300, .anneal = 10};
    kl_layout_params p2 = {.seed = 3, .threads = 2, .iterations = 300, .anneal = 10};
    kl_layout A, B;
    assert_int_equal(kl_layout_build(&h, &p1, &A), 0);
    assert_int_equal(kl_layout_build(&h, &p2, &B), 0);
    for (int l = 0; l < A.levels; l++) {
        assert_memory_equal(A.xy[l], B.xy[l], A.count[l] * 2 * sizeof(float));
        assert_memory_equal(A.extent[l], B.extent[l], A.count[l] * sizeof(float));
    }
    kl_layout_free(&A);
    kl_layout_free(&B);
    kl_hierarchy_free(&h);
    free(C);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nesting),
        cmocka_unit_test(test_trustworthiness),
        cmocka_unit_test(test_nesting_check_fails),
        cmocka_unit_test(test_sheet_trust),
        cmocka_unit_test(test_refine),
        cmocka_unit_test(test_anneal),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
