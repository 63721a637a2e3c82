/* test_pipeline_score.c — the measures `kleio validate` reports, on cases with known values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kleio/validate.h"

static void test_ari_known_values(void **state)
{
    (void)state;
    uint32_t a[] = {0, 0, 1, 1}, b[] = {0, 0, 1, 2}, c[] = {0, 1, 0, 1}, d[] = {5, 5, 7, 7};
    assert_float_equal(kl_score_ari(a, b, 4), 4.0 / 7.0, 1e-9);
    assert_float_equal(kl_score_ari(a, c, 4), -0.5, 1e-9);
    assert_float_equal(kl_score_ari(a, d, 4), 1.0, 1e-9);   /* label names do not matter */
}

static void test_nmi_known_values(void **state)
{
    (void)state;
    uint32_t a[] = {0, 0, 1, 1}, c[] = {0, 1, 0, 1}, d[] = {9, 9, 3, 3};
    assert_float_equal(kl_score_nmi(a, d, 4), 1.0, 1e-9);
    assert_float_equal(kl_score_nmi(a, c, 4), 0.0, 1e-9);
    /* Splitting one class in two: I = ln 2, H(a) = ln 2, H(b) = 1.5 ln 2. */
    uint32_t b[] = {0, 0, 1, 2};
    assert_float_equal(kl_score_nmi(a, b, 4), 2.0 / 2.5, 1e-9);
}

static void test_majority_accuracy(void **state)
{
    (void)state;
    uint32_t cluster[] = {0, 0, 0, 1, 1, 1, 1};
    uint32_t label[] = {4, 4, 2, 3, 3, 3, 4};
    uint8_t lang_x[] = {1, 0, 1, 0, 0, 1, 1};
    uint32_t major[2];
    kl_score_majority(cluster, label, NULL, 7, 2, major);
    assert_int_equal(major[0], 4);
    assert_int_equal(major[1], 3);
    assert_float_equal(kl_score_accuracy(cluster, label, major, NULL, 7), 5.0 / 7.0, 1e-9);
    /* A slice: rows 0, 2, 5, 6 → right, wrong, right, wrong. */
    assert_float_equal(kl_score_accuracy(cluster, label, major, lang_x, 7), 0.5, 1e-9);
    uint8_t none[7] = {0};
    assert_true(kl_score_accuracy(cluster, label, major, none, 7) < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ari_known_values),
        cmocka_unit_test(test_nmi_known_values),
        cmocka_unit_test(test_majority_accuracy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
