/* test_textfold.c — case and diacritic folding of single code points. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kleio/textfold.h"

static void test_lower(void **state)
{
    (void)state;
    assert_int_equal(kl_fold_lower('A'), 'a');
    assert_int_equal(kl_fold_lower(0xC9), 0xE9);     /* É → é */
    assert_int_equal(kl_fold_lower(0x141), 0x142);   /* Ł → ł */
    assert_int_equal(kl_fold_lower(0x130), 'i');     /* İ → i */
    assert_int_equal(kl_fold_lower(0x1ECC), 0x1ECD); /* Ọ → ọ */
    assert_int_equal(kl_fold_lower(0x416), 0x436);   /* Ж → ж */
    assert_int_equal(kl_fold_lower(0x404), 0x454);   /* Є → є */
    assert_int_equal(kl_fold_lower(0x391), 0x3B1);   /* Α → α */
    assert_int_equal(kl_fold_lower(0x531), 0x561);   /* Ա → ա */
    assert_int_equal(kl_fold_lower(0xFF21), 'a');    /* fullwidth Ａ */
    assert_int_equal(kl_fold_lower(0x4E2D), 0x4E2D); /* 中 unchanged */
}

static void test_base(void **state)
{
    (void)state;
    assert_int_equal(kl_fold_base(0xC9), 'e');       /* É */
    assert_int_equal(kl_fold_base(0xF1), 'n');       /* ñ */
    assert_int_equal(kl_fold_base(0x10D), 'c');      /* č */
    assert_int_equal(kl_fold_base(0x142), 'l');      /* ł */
    assert_int_equal(kl_fold_base(0x131), 'i');      /* ı */
    assert_int_equal(kl_fold_base(0x1E62), 's');     /* Ṣ */
    assert_int_equal(kl_fold_base(0x1EB9), 'e');     /* ẹ */
    assert_int_equal(kl_fold_base(0x451), 0x435);    /* ё → е */
    assert_int_equal(kl_fold_base(0x2019), '\'');    /* ’ */
    assert_int_equal(kl_fold_base(0x201C), '"');     /* “ */
    assert_int_equal(kl_fold_base(0x2014), '-');     /* — */
    assert_int_equal(kl_fold_base(0x623), 0x627);    /* أ → ا */
    assert_int_equal(kl_fold_base(0xFF0C), ',');     /* ， */
    assert_int_equal(kl_fold_base(0xD7), 0xD7);      /* × is not a letter */
}

static void test_marks(void **state)
{
    (void)state;
    assert_true(kl_fold_is_mark(0x301));   /* combining acute */
    assert_true(kl_fold_is_mark(0x64E));   /* Arabic fatha */
    assert_true(kl_fold_is_mark(0x200B));  /* zero-width space */
    assert_false(kl_fold_is_mark(0xE34));  /* Thai vowel sign: spells the word */
    assert_false(kl_fold_is_mark('a'));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lower),
        cmocka_unit_test(test_base),
        cmocka_unit_test(test_marks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
