/* test_stable_ids.c — cluster ids survive recomputes where membership allows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "kleio/stable_ids.h"

static void test_same_partition_keeps_ids(void **state)
{
    (void)state;
    int64_t old_of[] = {5, 5, 5, 9, 9, 9};
    uint32_t new_of[] = {1, 1, 1, 0, 0, 0};
    int64_t ids[2];
    assert_int_equal(kl_stable_ids(old_of, new_of, 6, 2, 0.5, 1, ids, 1, NULL, NULL), 2);
    assert_int_equal(ids[0], 9);
    assert_int_equal(ids[1], 5);
}

static void test_split_gets_one_old_id_and_one_fresh(void **state)
{
    (void)state;
    /* Old cluster 3 (6 members) splits 4/2; the bigger half keeps the id? Jaccard 4/6. */
    int64_t old_of[] = {3, 3, 3, 3, 3, 3, 7, 7};
    uint32_t new_of[] = {0, 0, 0, 0, 1, 1, 2, 2};
    int64_t ids[3];
    kl_lineage_pair *lin;
    size_t nl;
    assert_int_equal(kl_stable_ids(old_of, new_of, 8, 3, 0.5, 1, ids, 2, &lin, &nl), 2);
    assert_int_equal(ids[0], 3);
    assert_int_equal(ids[1], 8);   /* fresh, above every old id */
    assert_int_equal(ids[2], 7);
    assert_int_equal(nl, 3);       /* (0,3,4) (1,3,2) (2,7,2) */
    free(lin);
}

static void test_merge_and_new_members(void **state)
{
    (void)state;
    /* Old 1 and 2 merge into new 0; members with old id 0 are new conversations. */
    int64_t old_of[] = {1, 1, 1, 2, 2, 0, 0, 0, 0};
    uint32_t new_of[] = {0, 0, 0, 0, 0, 1, 1, 1, 1};
    int64_t ids[2];
    kl_lineage_pair *lin;
    size_t nl;
    kl_stable_ids(old_of, new_of, 9, 2, 0.5, 100, ids, 1, &lin, &nl);
    assert_int_equal(ids[0], 1);   /* 3/5 overlap with old 1 */
    assert_int_equal(ids[1], 100); /* all new: fresh id from next_id */
    assert_int_equal(nl, 2);
    free(lin);
}

static void test_weak_overlap_gets_fresh_id(void **state)
{
    (void)state;
    int64_t old_of[] = {4, 4, 4, 4, 4, 4, 4, 4, 4, 4};
    uint32_t new_of[] = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4};
    int64_t ids[5];
    assert_int_equal(kl_stable_ids(old_of, new_of, 10, 5, 0.5, 1, ids, 1, NULL, NULL), 0);
    for (int i = 0; i < 5; i++)
        assert_int_equal(ids[i], 5 + i);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_partition_keeps_ids),
        cmocka_unit_test(test_split_gets_one_old_id_and_one_fresh),
        cmocka_unit_test(test_merge_and_new_members),
        cmocka_unit_test(test_weak_overlap_gets_fresh_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
