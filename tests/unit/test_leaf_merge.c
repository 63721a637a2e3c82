/* test_leaf_merge.c — leaves under the thresholds join their nearest leaf: rows, centroid
 * and units follow, leaves are renumbered, leaves that pass stay as they were. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "kleio/leaf_merge.h"

/* Four leaves in 2-d: 0 and 1 large, 2 small near 1, 3 empty. */
static void test_small_joins_nearest(void **state)
{
    (void)state;
    enum { N = 13 };
    uint32_t assign[N] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2};
    const uint32_t unit[N] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 11, 12};
    float cent[4 * 2] = {1, 0, 0, 1, 0.2f, 1, 0.5f, 0.5f};
    kl_leaf_merge_stats st;
    assert_int_equal(kl_leaf_merge_small(assign, unit, N, cent, 4, 2, 3, 4, &st), 0);
    assert_int_equal(st.k, 2);
    assert_int_equal(st.merged, 1);         /* the empty leaf is dropped, not counted */
    assert_int_equal(st.moved, 3);
    for (int i = 0; i < 5; i++)
        assert_int_equal(assign[i], 0);
    for (int i = 5; i < N; i++)
        assert_int_equal(assign[i], 1);     /* leaf 2 went to 1, its nearest by cosine */
    assert_true(fabsf(cent[0] - 1) < 1e-6f && fabsf(cent[1]) < 1e-6f);
    assert_true(fabsf(cent[2] - 0.6f / 8) < 1e-6f);   /* (5 * 0 + 3 * 0.2) / 8 */
    assert_true(fabsf(cent[3] - 1) < 1e-6f);
}

/* A leaf failing on units alone (many rows, one user) joins too; two small leaves that
 * together pass stop there; nothing moves when every leaf passes. */
static void test_units_and_chains(void **state)
{
    (void)state;
    enum { N = 12 };
    uint32_t assign[N] = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 3};
    const uint32_t unit[N] = {1, 2, 3, 4, 9, 9, 9, 9, 5, 6, 7, 8};
    float cent[4 * 2] = {1, 0, 0.9f, 0.1f, 0, 1, 0.1f, 1};
    kl_leaf_merge_stats st;
    assert_int_equal(kl_leaf_merge_small(assign, unit, N, cent, 4, 2, 3, 3, &st), 0);
    /* Leaves 2 and 3 (2 rows each) join each other, then 1 (one unit) joins 0. */
    assert_int_equal(st.k, 2);
    assert_int_equal(st.merged, 2);
    for (int i = 0; i < 8; i++)
        assert_int_equal(assign[i], 0);
    for (int i = 8; i < N; i++)
        assert_int_equal(assign[i], 1);
    uint32_t same[N];
    memcpy(same, assign, sizeof same);
    assert_int_equal(kl_leaf_merge_small(assign, unit, N, cent, 2, 2, 3, 3, &st), 0);
    assert_int_equal(st.k, 2);
    assert_int_equal(st.merged, 0);
    assert_int_equal(st.moved, 0);
    assert_memory_equal(assign, same, sizeof same);
}

/* One leaf that fails has nowhere to go; an assignment out of range changes nothing. */
static void test_edges(void **state)
{
    (void)state;
    uint32_t assign[3] = {0, 0, 0};
    const uint32_t unit[3] = {1, 2, 3};
    float cent[2] = {1, 0};
    kl_leaf_merge_stats st;
    assert_int_equal(kl_leaf_merge_small(assign, unit, 3, cent, 1, 2, 10, 10, &st), 0);
    assert_int_equal(st.k, 1);
    assert_int_equal(st.merged, 0);
    uint32_t bad[3] = {0, 5, 0};
    assert_int_equal(kl_leaf_merge_small(bad, unit, 3, cent, 1, 2, 1, 1, &st), -1);
    assert_int_equal(bad[1], 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_joins_nearest),
        cmocka_unit_test(test_units_and_chains),
        cmocka_unit_test(test_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
