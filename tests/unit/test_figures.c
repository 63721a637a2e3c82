/* test_figures.c — one meaning for every figure (figures.h): slices over hidden cells,
 * bounds, shares, the hidden remainder, the top-level denominator, rounding that keeps
 * a bound true, and the plain numbers of the exports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kleio/figures.h"

static kl_counts cell(int64_t conv, int64_t users, int64_t refused, int64_t concern)
{
    return (kl_counts){.conversations = conv, .users = users, .refused = refused,
                       .concern_sum = concern};
}

static const kl_counts hidden_cell = {.suppressed = true};

static void test_slices(void **state)
{
    (void)state;
    kl_slice s;
    /* one published cell: exact */
    kl_slice_init(&s);
    kl_counts es = cell(100, 30, 10, 120);
    kl_slice_add(&s, &es);
    kl_counts c = kl_slice_result(&s);
    assert_int_equal(kl_fig_conversations(&c).bound, KL_BOUND_EXACT);
    assert_int_equal(kl_fig_users(&c).bound, KL_BOUND_EXACT);
    assert_int_equal(kl_fig_refusal(&c).bound, KL_BOUND_EXACT);
    /* two published: users summed is an upper bound */
    kl_counts ja = cell(50, 20, 5, 60);
    kl_slice_add(&s, &ja);
    c = kl_slice_result(&s);
    assert_int_equal(c.conversations, 150);
    assert_int_equal(kl_fig_users(&c).bound, KL_BOUND_AT_MOST);
    assert_true(kl_fig_users(&c).v == 50);
    /* a hidden third: lower bounds, users the largest cell's, no rates */
    kl_slice_add(&s, &hidden_cell);
    c = kl_slice_result(&s);
    assert_false(c.suppressed);
    assert_int_equal(c.hidden_cells, 1);
    assert_int_equal(kl_fig_conversations(&c).bound, KL_BOUND_AT_LEAST);
    assert_true(kl_fig_conversations(&c).v == 150);
    assert_int_equal(kl_fig_users(&c).bound, KL_BOUND_AT_LEAST);
    assert_true(kl_fig_users(&c).v == 30);
    assert_int_equal(kl_fig_refusal(&c).bound, KL_BOUND_HIDDEN);
    assert_int_equal(kl_fig_concern(&c).bound, KL_BOUND_HIDDEN);
    /* nothing published: hidden; nothing at all: an exact zero */
    kl_slice_init(&s);
    kl_slice_add(&s, &hidden_cell);
    kl_slice_add(&s, NULL);
    c = kl_slice_result(&s);
    assert_true(c.suppressed);
    assert_int_equal(kl_fig_conversations(&c).bound, KL_BOUND_HIDDEN);
    kl_slice_init(&s);
    kl_slice_add(&s, NULL);
    c = kl_slice_result(&s);
    assert_false(c.suppressed);
    assert_int_equal(kl_fig_conversations(&c).bound, KL_BOUND_EXACT);
    assert_true(kl_fig_conversations(&c).v == 0);
    assert_int_equal(kl_fig_refusal(&c).bound, KL_BOUND_HIDDEN); /* 0/0 */
}

static void test_shares_and_remainder(void **state)
{
    (void)state;
    kl_counts parent = cell(300, 100, 30, 450), row = cell(100, 30, 10, 120);
    kl_fig s = kl_fig_share(&row, &parent);
    assert_int_equal(s.bound, KL_BOUND_EXACT);
    assert_true(fabs(s.v - 1.0 / 3) < 1e-12);
    kl_counts partial = row;
    partial.hidden_cells = 1;
    assert_int_equal(kl_fig_share(&partial, &parent).bound, KL_BOUND_AT_LEAST);
    kl_counts partial_parent = parent;
    partial_parent.hidden_cells = 1;
    assert_int_equal(kl_fig_share(&row, &partial_parent).bound, KL_BOUND_AT_MOST);
    assert_int_equal(kl_fig_share(&partial, &partial_parent).bound, KL_BOUND_HIDDEN);
    assert_int_equal(kl_fig_share(&hidden_cell, &parent).bound, KL_BOUND_HIDDEN);
    assert_int_equal(kl_fig_share(&row, &hidden_cell).bound, KL_BOUND_HIDDEN);

    /* parent 300: children show 100 + at least 120, one is hidden: 80 in 2 clusters */
    kl_remainder r = {0};
    kl_counts atleast = cell(120, 40, 0, 0);
    atleast.hidden_cells = 1;
    kl_remainder_add(&r, &row);
    kl_remainder_add(&r, &atleast);
    kl_remainder_add(&r, &hidden_cell);
    kl_fig h = kl_remainder_fig(&r, &parent);
    assert_int_equal(h.bound, KL_BOUND_EXACT);
    assert_true(h.v == 80);
    assert_int_equal(r.hidden_clusters, 2);
    assert_int_equal(kl_remainder_fig(&r, &partial_parent).bound, KL_BOUND_AT_LEAST);
    /* nothing missing: no row */
    kl_remainder all = {0};
    kl_remainder_add(&all, &parent);
    assert_int_equal(kl_remainder_fig(&all, &parent).bound, KL_BOUND_HIDDEN);
    char label[128];
    kl_fig_hidden_label(h, 2, true, true, label, sizeof label);
    assert_string_equal(label, "(hidden: 80 conversations in 2 clusters)");
    kl_fig_hidden_label((kl_fig){KL_BOUND_AT_LEAST, 1234}, 0, true, true, label, sizeof label);
    assert_string_equal(label, "(hidden: >=1,234 conversations in unpublished clusters)");
    /* A published remainder row says what it holds, with its count's bound. */
    kl_fig_remainder_label((kl_fig){KL_BOUND_EXACT, 1234}, true, false, label, sizeof label);
    assert_string_equal(label, "1,234 conversations in groups too small to show");
    kl_fig_remainder_label((kl_fig){KL_BOUND_AT_LEAST, 50}, false, true, label, sizeof label);
    assert_string_equal(label, ">=50 conversations in groups too small to show");
}

static void test_languages_total(void **state)
{
    (void)state;
    kl_language langs[3] = {
        {"en", NULL, {.conversations = 600, .users = 200, .refused = 60, .concern_sum = 900}},
        {"es", NULL, {.conversations = 300, .users = 100, .refused = 30, .concern_sum = 450}},
        {"und", NULL, {.suppressed = true}},
    };
    bool es[3] = {false, true, false}, en_und[3] = {true, false, true};
    kl_counts t = kl_languages_total(langs, 3, es, 1010, 330, NULL);
    assert_int_equal(kl_fig_conversations(&t).bound, KL_BOUND_EXACT);
    assert_true(kl_fig_conversations(&t).v == 300);
    t = kl_languages_total(langs, 3, en_und, 1010, 330, NULL);
    assert_int_equal(kl_fig_conversations(&t).bound, KL_BOUND_AT_LEAST);
    /* every language: the snapshot's totals, exact, hidden language included */
    t = kl_languages_total(langs, 3, NULL, 1010, 330, NULL);
    assert_int_equal(kl_fig_conversations(&t).bound, KL_BOUND_EXACT);
    assert_true(kl_fig_conversations(&t).v == 1010);
    assert_int_equal(kl_fig_users(&t).bound, KL_BOUND_EXACT);
    assert_int_equal(kl_fig_refusal(&t).bound, KL_BOUND_HIDDEN); /* und's refusals unknown */
    /* …unless the top-level clusters hold every conversation */
    kl_counts top = cell(1010, 0, 101, 1500);
    t = kl_languages_total(langs, 3, NULL, 1010, 330, &top);
    assert_int_equal(kl_fig_refusal(&t).bound, KL_BOUND_EXACT);
    assert_true(fabs(kl_fig_refusal(&t).v - 0.1) < 1e-12);
    top.conversations = 960;
    t = kl_languages_total(langs, 3, NULL, 1010, 330, &top);
    assert_int_equal(kl_fig_refusal(&t).bound, KL_BOUND_HIDDEN);
    /* without meta totals: the languages' sum, partial */
    t = kl_languages_total(langs, 3, NULL, 0, 0, NULL);
    assert_int_equal(kl_fig_conversations(&t).bound, KL_BOUND_AT_LEAST);
}

static void test_printing(void **state)
{
    (void)state;
    char out[64];
    /* rounding keeps a bound true: lower bounds down, upper bounds up */
    assert_true(kl_fig_round((kl_fig){KL_BOUND_AT_LEAST, 0.131178}, 4) == 0.1311);
    assert_true(kl_fig_round((kl_fig){KL_BOUND_AT_MOST, 0.131112}, 4) == 0.1312);
    assert_true(kl_fig_round((kl_fig){KL_BOUND_EXACT, 0.2224334601}, 4) == 0.2224);
    assert_true(kl_fig_round((kl_fig){KL_BOUND_EXACT, 0.00012345}, 4) == 0.0001235 ||
                kl_fig_round((kl_fig){KL_BOUND_EXACT, 0.00012345}, 4) == 0.0001234);
    assert_true(kl_fig_round((kl_fig){KL_BOUND_EXACT, 0.99996}, 4) == 1.0);
    /* plain numbers without binary noise or percent signs */
    kl_fig_plain((kl_fig){KL_BOUND_EXACT, 35.0 / 500}, false, out, sizeof out);
    assert_string_equal(out, "0.07");
    kl_fig_plain((kl_fig){KL_BOUND_EXACT, 0.149}, false, out, sizeof out);
    assert_string_equal(out, "0.149");
    kl_fig_plain((kl_fig){KL_BOUND_AT_LEAST, 1.0 / 3}, false, out, sizeof out);
    assert_string_equal(out, "0.3333");
    kl_fig_plain((kl_fig){KL_BOUND_AT_MOST, 1.0 / 3}, false, out, sizeof out);
    assert_string_equal(out, "0.3334");
    kl_fig_plain((kl_fig){KL_BOUND_EXACT, 52}, true, out, sizeof out);
    assert_string_equal(out, "52");
    kl_fig_plain((kl_fig){KL_BOUND_HIDDEN, 0}, false, out, sizeof out);
    assert_string_equal(out, "");
    /* text for people */
    kl_fig_text_count((kl_fig){KL_BOUND_AT_LEAST, 1234}, true, false, out, sizeof out);
    assert_string_equal(out, "\xe2\x89\xa5" "1,234");
    kl_fig_text_count((kl_fig){KL_BOUND_AT_MOST, 30}, false, true, out, sizeof out);
    assert_string_equal(out, "<=30");
    kl_fig_text_count((kl_fig){KL_BOUND_HIDDEN, 0}, false, true, out, sizeof out);
    assert_string_equal(out, "hidden");
    kl_fig_text_percent((kl_fig){KL_BOUND_AT_LEAST, 0.16667}, 1, true, out, sizeof out);
    assert_string_equal(out, ">=16.6%");
    kl_fig_text_percent((kl_fig){KL_BOUND_EXACT, 69.0 / 526}, 1, true, out, sizeof out);
    assert_string_equal(out, "13.1%");
    kl_fig_text_percent((kl_fig){KL_BOUND_HIDDEN, 0}, 1, true, out, sizeof out);
    assert_string_equal(out, "-");
    assert_string_equal(kl_bound_name(KL_BOUND_AT_LEAST), "at_least");
    assert_string_equal(kl_bound_name(KL_BOUND_AT_MOST), "at_most");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slices),
        cmocka_unit_test(test_shares_and_remainder),
        cmocka_unit_test(test_languages_total),
        cmocka_unit_test(test_printing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
