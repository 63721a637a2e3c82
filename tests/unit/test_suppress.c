/* test_suppress.c — complementary suppression (kl_sdc_*) and the hierarchy's families
 * (kl_privacy_cut_tree): what is hidden, and that the built-in attacker finds nothing left. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/suppress.h"

static const kl_thresholds th = {2, 50};

/* units = conversations / 2 keeps the user threshold out of the way. */
static uint32_t cell(kl_sdc_table *t, int64_t conv, int64_t refused, enum kl_sdc_role role)
{
    return kl_sdc_add_cell(t, conv, conv / 2, refused, conv * 2, role);
}

static int state(const kl_sdc_table *t, uint32_t i) { return kl_sdc_cell_at(t, i)->state; }

/* One hidden part of a published total is recomputed by subtraction: the smallest other
 * part that gives enough cover is hidden with it. */
static void test_single_hidden_part_gets_cover(void **st)
{
    (void)st;
    kl_sdc_table *t = kl_sdc_new();
    uint32_t tot = cell(t, 400, 4, KL_SDC_KEEP);
    uint32_t p[4] = {cell(t, 14, 1, KL_SDC_FREE), cell(t, 60, 1, KL_SDC_FREE),
                     cell(t, 126, 1, KL_SDC_FREE), cell(t, 200, 1, KL_SDC_FREE)};
    kl_sdc_add_relation(t, tot, p, 4);
    kl_sdc_report rep;
    assert_int_equal(kl_sdc_protect(t, &th, KL_SDC_AUDITED, &rep), 0);
    assert_int_equal(state(t, p[0]), KL_SDC_PRIMARY);
    assert_int_equal(state(t, p[1]), KL_SDC_COMPLEMENTARY);
    assert_int_equal(state(t, p[2]), KL_SDC_PUBLISHED);
    assert_int_equal(state(t, p[3]), KL_SDC_PUBLISHED);
    assert_int_equal(state(t, tot), KL_SDC_PUBLISHED);
    assert_int_equal(rep.primary, 1);
    assert_int_equal(rep.complementary, 1);
    assert_int_equal(rep.exposed, 0);
    assert_int_equal(rep.conversations_complementary, 60);
    kl_sdc_free(t);
}

/* A 3 x 3 table with margins (rows = clusters, columns = languages): hiding the smallest
 * sibling in each row is not enough, because a column then gives the cell away; the audited
 * method finds cover in both directions, and its own attacker finds nothing left. */
static void build_grid(kl_sdc_table *t, uint32_t cells[3][3], uint32_t row[3], uint32_t col[3])
{
    static const int64_t v[3][3] = {{10, 80, 300}, {90, 70, 200}, {120, 100, 400}};
    uint32_t all = cell(t, 1370, 0, KL_SDC_KEEP);
    for (int r = 0; r < 3; r++)
        row[r] = cell(t, v[r][0] + v[r][1] + v[r][2], 0, KL_SDC_KEEP);
    for (int c = 0; c < 3; c++)
        col[c] = cell(t, v[0][c] + v[1][c] + v[2][c], 0, KL_SDC_FREE);
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 3; c++)
            cells[r][c] = cell(t, v[r][c], 0, KL_SDC_FREE);
    for (int r = 0; r < 3; r++)
        kl_sdc_add_relation(t, row[r], cells[r], 3);
    for (int c = 0; c < 3; c++) {
        uint32_t parts[3] = {cells[0][c], cells[1][c], cells[2][c]};
        kl_sdc_add_relation(t, col[c], parts, 3);
    }
    kl_sdc_add_relation(t, all, row, 3);
    kl_sdc_add_relation(t, all, col, 3);
}

static void test_grid_needs_cover_in_both_directions(void **st)
{
    (void)st;
    uint32_t cells[3][3], row[3], col[3];
    kl_sdc_table *naive = kl_sdc_new();
    build_grid(naive, cells, row, col);
    kl_sdc_report rep;
    assert_int_equal(kl_sdc_protect(naive, &th, KL_SDC_SMALLEST_SIBLING, &rep), 0);
    assert_true(rep.exposed > 0);   /* the column of the hidden cell still gives it away */
    kl_sdc_free(naive);

    kl_sdc_table *t = kl_sdc_new();
    build_grid(t, cells, row, col);
    assert_int_equal(kl_sdc_protect(t, &th, KL_SDC_AUDITED, &rep), 0);
    assert_int_equal(rep.exposed, 0);
    assert_int_equal(kl_sdc_audit(t, &th, NULL), 0);
    assert_int_equal(state(t, cells[0][0]), KL_SDC_PRIMARY);
    int hidden_in_row0 = 0, hidden_in_col0 = 0;
    for (int k = 0; k < 3; k++) {
        hidden_in_row0 += state(t, cells[0][k]) != KL_SDC_PUBLISHED;
        hidden_in_col0 += state(t, cells[k][0]) != KL_SDC_PUBLISHED;
    }
    assert_true(hidden_in_row0 >= 2);
    assert_true(hidden_in_col0 >= 2);
    kl_sdc_free(t);
}

/* Refusals derived as 0 (the published figures leave none for the hidden rest) are a fact
 * about the group, counted apart and not covered; a count is still covered. */
static void test_refused_zeros_counted_apart(void **st)
{
    (void)st;
    kl_sdc_table *t = kl_sdc_new();
    uint32_t tot = cell(t, 300, 7, KL_SDC_KEEP);
    uint32_t p[4] = {cell(t, 20, 0, KL_SDC_FREE), cell(t, 30, 0, KL_SDC_FREE),
                     cell(t, 150, 0, KL_SDC_FREE), cell(t, 100, 7, KL_SDC_FREE)};
    kl_sdc_add_relation(t, tot, p, 4);
    kl_sdc_report rep;
    assert_int_equal(kl_sdc_protect(t, &th, KL_SDC_AUDITED, &rep), 0);
    assert_int_equal(rep.exposed, 0);
    assert_int_equal(rep.complementary, 0);   /* 20 + 30 leave each of them wide enough */
    assert_int_equal(rep.derived_zeros, 2);
    kl_sdc_free(t);
}

/* A chain of relations: the attacker combines them (a parent's cell, its months, a
 * sibling's months) and the cover follows. */
static void test_months_and_tree_together(void **st)
{
    (void)st;
    kl_sdc_table *t = kl_sdc_new();
    /* Parent P = A + B; each of P, A, B = month1 + month2. */
    uint32_t P = cell(t, 400, 0, KL_SDC_KEEP), A = cell(t, 300, 0, KL_SDC_KEEP),
             B = cell(t, 100, 0, KL_SDC_KEEP);
    uint32_t P1 = cell(t, 340, 0, KL_SDC_FREE), P2 = cell(t, 60, 0, KL_SDC_FREE);
    uint32_t A1 = cell(t, 280, 0, KL_SDC_FREE), A2 = cell(t, 20, 0, KL_SDC_FREE);
    uint32_t B1 = cell(t, 60, 0, KL_SDC_FREE), B2 = cell(t, 40, 0, KL_SDC_FREE);
    kl_sdc_add_relation(t, P, (uint32_t[]){A, B}, 2);
    kl_sdc_add_relation(t, P, (uint32_t[]){P1, P2}, 2);
    kl_sdc_add_relation(t, A, (uint32_t[]){A1, A2}, 2);
    kl_sdc_add_relation(t, B, (uint32_t[]){B1, B2}, 2);
    kl_sdc_add_relation(t, P1, (uint32_t[]){A1, B1}, 2);
    kl_sdc_add_relation(t, P2, (uint32_t[]){A2, B2}, 2);
    kl_sdc_report rep;
    assert_int_equal(kl_sdc_protect(t, &th, KL_SDC_AUDITED, &rep), 0);
    assert_int_equal(rep.exposed, 0);
    assert_int_equal(kl_sdc_audit(t, &th, NULL), 0);
    assert_int_not_equal(state(t, A2), KL_SDC_PUBLISHED);
    assert_int_not_equal(state(t, B2), KL_SDC_PUBLISHED);
    kl_sdc_free(t);
}

static void test_relation_that_does_not_hold_is_refused(void **st)
{
    (void)st;
    kl_sdc_table *t = kl_sdc_new();
    uint32_t tot = cell(t, 100, 0, KL_SDC_KEEP);
    uint32_t p[2] = {cell(t, 60, 0, KL_SDC_FREE), cell(t, 30, 0, KL_SDC_FREE)};
    kl_sdc_add_relation(t, tot, p, 2);
    assert_int_equal(kl_sdc_protect(t, &th, KL_SDC_AUDITED, NULL), -1);
    kl_sdc_free(t);
}

/* Exact elimination: two cycles of unknowns joined by one unknown (x4). Every row holds at
 * least two unknowns, so no single relation fixes anything; rows 1 + 2 - 3 - 4 leave the
 * bridge alone. The cycles' own unknowns stay free. */
static void test_elimination_finds_a_bridge(void **st)
{
    (void)st;
    /* x0 + x1 = a; x2 + x3 = b; x0 + x2 = c; x1 + x3 + x4 = d;   (cycle 1 with the bridge)
     * x4 + x5 + x6 = e; x7 + x8 = f; x5 + x7 = g; x6 + x8 = h      (cycle 2) */
    size_t off[9] = {0, 2, 4, 6, 9, 12, 14, 16, 18};
    uint32_t col[18] = {0, 1, 2, 3, 0, 2, 1, 3, 4, 4, 5, 6, 7, 8, 5, 7, 6, 8};
    int8_t coef[18];
    for (int k = 0; k < 18; k++)
        coef[k] = 1;
    uint8_t det[9];
    kl_linear_determined(9, 8, off, col, coef, 7, det);
    assert_true(det[4]);
    for (int k = 0; k < 9; k++)
        if (k != 4)
            assert_false(det[k]);
    /* One row alone fixes its single unknown; with two unknowns nothing. */
    size_t off1[3] = {0, 1, 3};
    uint32_t col1[3] = {0, 1, 2};
    int8_t coef1[3] = {1, 1, -1};
    kl_linear_determined(3, 2, off1, col1, coef1, 7, det);
    assert_true(det[0]);
    assert_false(det[1]);
    assert_false(det[2]);
}

/* ---- families ---- */

/* Two levels: leaves 0..4 under top clusters 0 (leaves 0-3) and 1 (leaf 4). Units are
 * listed per cluster; the user threshold is 2 and the conversation threshold 50. */
static void test_cut_tree_remainder_takes_smallest_sibling(void **st)
{
    (void)st;
    size_t count[2] = {5, 2};
    uint32_t parent0[5] = {0, 0, 0, 0, 1};
    const uint32_t *parent[1] = {parent0};
    /* leaves: 200, 60, 30, 0 (empty), 80; tops: 290, 80 */
    int64_t conv[7] = {200, 60, 30, 0, 80, 290, 80};
    size_t unit_off[8] = {0, 3, 6, 9, 9, 12, 15, 18};
    uint32_t units[18] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3, 10, 11, 12};
    kl_tree_cut_in in = {2, count, parent, conv, unit_off, units, NULL, 0};
    uint8_t fate[7], rem[8];
    kl_privacy_cut_tree(&in, &th, fate, rem, NULL);
    assert_int_equal(fate[5], KL_CUT_PUBLISHED);
    assert_int_equal(fate[6], KL_CUT_PUBLISHED);
    assert_int_equal(rem[7], 0);            /* both top clusters pass: no root remainder */
    /* Leaf 2 (30) fails; alone it cannot be a remainder, so leaf 1 (60, the smallest that
     * passes) joins it; leaf 0 stays published beside the remainder of 90. */
    assert_int_equal(fate[0], KL_CUT_PUBLISHED);
    assert_int_equal(fate[1], KL_CUT_REMAINDER);
    assert_int_equal(fate[2], KL_CUT_REMAINDER);
    assert_int_equal(rem[5], 1);
    /* Top cluster 1 has one child, which passes: published. */
    assert_int_equal(fate[4], KL_CUT_PUBLISHED);
    assert_int_equal(rem[6], 0);
}

static void test_cut_tree_family_not_shown_when_remainder_takes_all(void **st)
{
    (void)st;
    size_t count[2] = {2, 1};
    uint32_t parent0[2] = {0, 0};
    const uint32_t *parent[1] = {parent0};
    int64_t conv[3] = {60, 20, 80};
    size_t unit_off[4] = {0, 3, 4, 7};
    uint32_t units[7] = {1, 2, 3, 4, 1, 2, 4};
    kl_tree_cut_in in = {2, count, parent, conv, unit_off, units, NULL, 0};
    uint8_t fate[3], rem[4];
    kl_privacy_cut_tree(&in, &th, fate, rem, NULL);
    assert_int_equal(fate[2], KL_CUT_PUBLISHED);
    assert_int_equal(fate[0], KL_CUT_NONE);   /* the remainder would be the parent again */
    assert_int_equal(fate[1], KL_CUT_NONE);
    assert_int_equal(rem[2], 0);
}

/* With leaf centroids, a leaf below the thresholds joins its nearest published sibling:
 * no remainder, no sibling pulled in; above the leaves the remainder stays. */
static void test_cut_tree_leaf_joins_nearest_sibling(void **st)
{
    (void)st;
    size_t count[2] = {5, 2};
    uint32_t parent0[5] = {0, 0, 0, 0, 1};
    const uint32_t *parent[1] = {parent0};
    int64_t conv[7] = {200, 60, 30, 0, 80, 290, 80};
    size_t unit_off[8] = {0, 3, 6, 9, 9, 12, 15, 18};
    uint32_t units[18] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3, 10, 11, 12};
    /* leaf 2 points the way of leaf 0, not of leaf 1 */
    float cent[5 * 2] = {1, 0, 0, 1, 0.9f, 0.2f, 0.5f, 0.5f, 1, 1};
    const float *cents[2] = {cent, NULL};
    kl_tree_cut_in in = {2, count, parent, conv, unit_off, units, cents, 2};
    uint8_t fate[7], rem[8];
    size_t into[7];
    kl_privacy_cut_tree(&in, &th, fate, rem, into);
    assert_int_equal(fate[0], KL_CUT_PUBLISHED);
    assert_int_equal(fate[1], KL_CUT_PUBLISHED);
    assert_int_equal(fate[2], KL_CUT_JOINED);
    assert_int_equal(into[2], 0);
    assert_int_equal(rem[5], 0);
    /* Every leaf of a family below the thresholds: nowhere to join, not shown. */
    int64_t conv2[3] = {30, 20, 50};
    size_t unit_off2[4] = {0, 3, 4, 7};
    uint32_t units2[7] = {1, 2, 3, 4, 1, 2, 4};
    size_t count2[2] = {2, 1};
    uint32_t parent2[2] = {0, 0};
    const uint32_t *par2[1] = {parent2};
    kl_tree_cut_in in2 = {2, count2, par2, conv2, unit_off2, units2, cents, 2};
    kl_privacy_cut_tree(&in2, &th, fate, rem, into);
    assert_int_equal(fate[2], KL_CUT_PUBLISHED);
    assert_int_equal(fate[0], KL_CUT_NONE);
    assert_int_equal(fate[1], KL_CUT_NONE);
}

/* Above the leaves too: a middle cluster below the thresholds joins its published
 * sibling; the leaves under it are not shown (their rows go down the sibling's tree). */
static void test_cut_tree_middle_joins(void **st)
{
    (void)st;
    size_t count[3] = {4, 2, 1};
    uint32_t p0[4] = {0, 0, 1, 1}, p1[2] = {0, 0};
    const uint32_t *parent[2] = {p0, p1};
    /* leaves 100, 100, 20, 10; middles 200, 30; top 230 */
    int64_t conv[7] = {100, 100, 20, 10, 200, 30, 230};
    size_t unit_off[8] = {0, 3, 6, 8, 9, 15, 18, 24};
    uint32_t units[24] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5, 6,
                          7, 8, 9, 1, 2, 3, 4, 5, 6};
    float c0[4 * 2] = {1, 0, 0, 1, 1, 1, 1, 0.5f}, c1[2 * 2] = {1, 1, 1, 0.8f};
    const float *cents[3] = {c0, c1, NULL};
    kl_tree_cut_in in = {3, count, parent, conv, unit_off, units, cents, 2};
    uint8_t fate[7], rem[8];
    size_t into[7];
    kl_privacy_cut_tree(&in, &th, fate, rem, into);
    assert_int_equal(fate[6], KL_CUT_PUBLISHED);
    assert_int_equal(fate[4], KL_CUT_PUBLISHED);
    assert_int_equal(fate[5], KL_CUT_JOINED);
    assert_int_equal(into[5], 4);
    assert_int_equal(rem[6], 0);
    assert_int_equal(fate[0], KL_CUT_PUBLISHED);
    assert_int_equal(fate[1], KL_CUT_PUBLISHED);
    assert_int_equal(fate[2], KL_CUT_NONE);
    assert_int_equal(fate[3], KL_CUT_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_hidden_part_gets_cover),
        cmocka_unit_test(test_grid_needs_cover_in_both_directions),
        cmocka_unit_test(test_refused_zeros_counted_apart),
        cmocka_unit_test(test_months_and_tree_together),
        cmocka_unit_test(test_relation_that_does_not_hold_is_refused),
        cmocka_unit_test(test_elimination_finds_a_bridge),
        cmocka_unit_test(test_cut_tree_remainder_takes_smallest_sibling),
        cmocka_unit_test(test_cut_tree_family_not_shown_when_remainder_takes_all),
        cmocka_unit_test(test_cut_tree_leaf_joins_nearest_sibling),
        cmocka_unit_test(test_cut_tree_middle_joins),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
