/* test_core.c — UTF-8 width, sanitising, buffers, random numbers, a conversation's block. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/buf.h"
#include "kleio/conv_block.h"
#include "kleio/numbers.h"
#include "kleio/rng.h"
#include "kleio/utf8.h"

static void test_width_of_scripts(void **state)
{
    (void)state;
    assert_int_equal(kl_utf8_width("abc"), 3);
    assert_int_equal(kl_utf8_width("日本語"), 6);              /* CJK is wide */
    assert_int_equal(kl_utf8_width("e\xCC\x81"), 1);           /* e + combining acute */
    assert_int_equal(kl_utf8_width("\xF0\x9F\x98\x80"), 2);    /* emoji */
    assert_int_equal(kl_utf8_width("مرحبا"), 5);               /* Arabic */
    assert_int_equal(kl_utf8_width("ქართული"), 7);             /* Georgian */
}

static void test_fit_never_splits(void **state)
{
    (void)state;
    size_t cols;
    /* Three wide chars in 5 columns: only two fit. */
    assert_int_equal(kl_utf8_fit("日本語", 5, &cols), 6);
    assert_int_equal(cols, 4);
    /* The combining mark stays with its base. */
    assert_int_equal(kl_utf8_fit("ae\xCC\x81x", 2, &cols), 4);
    assert_int_equal(cols, 2);
}

static void test_sanitize_strips_escapes(void **state)
{
    (void)state;
    char *s = kl_sanitize("a\033[31mred\033[0m\033]0;title\007b\tq\r\n");
    assert_string_equal(s, "aredb q  ");
    free(s);
    s = kl_sanitize("x\033[2Jy\033]8;;http://e\033\\z");
    assert_string_equal(s, "xyz");
    free(s);
    s = kl_sanitize("C1:\xC2\x9B" "31m!");
    assert_string_equal(s, "C1:31m!");
    free(s);
    s = kl_sanitize("bidi\xE2\x80\xAEtxt\xE2\x81\xA6" "end");
    assert_string_equal(s, "biditxtend");
    free(s);
    /* zero-width space, non-joiner, joiner, word joiner, BOM, a tag: all dropped, so
     * the width the explorer computes is the width the terminal shows */
    s = kl_sanitize("a\xE2\x80\x8B" "b\xE2\x80\x8C" "c\xE2\x80\x8D" "d\xE2\x81\xA0"
                    "e\xEF\xBB\xBF" "f\xF3\xA0\x80\x81" "g\xE2\x80\xA8h");
    assert_string_equal(s, "abcdefgh");
    assert_int_equal(kl_utf8_width(s), 8);
    free(s);
    s = kl_sanitize("bad\xFF\xFEutf");
    assert_string_equal(s, "bad\xEF\xBF\xBD\xEF\xBF\xBDutf");
    free(s);
}

static void test_sanitize_fit_ellipsis(void **state)
{
    (void)state;
    char *s = kl_sanitize_fit("Python debugging", 8, false);
    assert_string_equal(s, "Python \xE2\x80\xA6");
    free(s);
    s = kl_sanitize_fit("Python debugging", 8, true);
    assert_string_equal(s, "Python ~");
    free(s);
    s = kl_sanitize_fit("日本語テキスト", 7, false);
    assert_int_equal(kl_utf8_width(s), 7);
    free(s);
}

static void test_utf8_valid(void **state)
{
    (void)state;
    assert_true(kl_utf8_valid("héllo \xEF\xBF\xBD", 10));
    assert_false(kl_utf8_valid("\xC0\xAF", 2));      /* overlong */
    assert_false(kl_utf8_valid("\xED\xA0\x80", 3));  /* surrogate */
    assert_false(kl_utf8_valid("abc\xE2\x82", 5));   /* truncated */
}

static void test_buf(void **state)
{
    (void)state;
    kl_buf b = KL_BUF_INIT;
    assert_string_equal(kl_buf_cstr(&b), "");
    for (int i = 0; i < 1000; i++)
        kl_buf_printf(&b, "%d,", i);
    assert_int_equal(strncmp(kl_buf_cstr(&b), "0,1,2,", 6), 0);
    kl_buf_clear(&b);
    kl_buf_puts(&b, "x");
    char *s = kl_buf_steal(&b);
    assert_string_equal(s, "x");
    free(s);
    kl_buf_free(&b);
}

/* The one number parser: whole text, in range, no wrap of negatives into unsigned. */
static void test_parse_numbers(void **state)
{
    (void)state;
    int64_t i = 7;
    uint64_t u = 7;
    assert_int_equal(kl_parse_i64("42", 1, 100, &i), 0);
    assert_int_equal(i, 42);
    assert_int_equal(kl_parse_i64("-5", -10, 10, &i), 0);
    assert_int_equal(i, -5);
    assert_int_equal(kl_parse_i64("101", 1, 100, &i), -1);
    assert_int_equal(kl_parse_i64("0", 1, 100, &i), -1);
    assert_int_equal(kl_parse_i64("4x", 1, 100, &i), -1);
    assert_int_equal(kl_parse_i64("", 1, 100, &i), -1);
    assert_int_equal(kl_parse_i64(NULL, 1, 100, &i), -1);
    assert_int_equal(kl_parse_i64("99999999999999999999", 1, INT64_MAX, &i), -1);
    assert_int_equal(i, -5);   /* unchanged on failure */
    assert_int_equal(kl_parse_u64("18446744073709551615", 0, UINT64_MAX, &u), 0);
    assert_true(u == UINT64_MAX);
    assert_int_equal(kl_parse_u64("-1", 0, UINT64_MAX, &u), -1);
    assert_int_equal(kl_parse_u64(" -1", 0, UINT64_MAX, &u), -1);
    assert_int_equal(kl_parse_u64("99", 100, 200, &u), -1);
}

static void test_rng_deterministic(void **state)
{
    (void)state;
    kl_rng a, b;
    kl_rng_seed(&a, 42);
    kl_rng_seed(&b, 42);
    for (int i = 0; i < 100; i++)
        assert_true(kl_rng_next(&a) == kl_rng_next(&b));
    kl_rng_seed(&b, 43);
    assert_true(kl_rng_next(&a) != kl_rng_next(&b));
    int hist[10] = {0};
    for (int i = 0; i < 100000; i++)
        hist[kl_rng_below(&a, 10)]++;
    for (int i = 0; i < 10; i++)
        assert_in_range(hist[i], 9500, 10500);
    assert_true(kl_hash_str("abc", 1) != kl_hash_str("abd", 1));
    assert_true(kl_hash_str("abc", 1) == kl_hash_str("abc", 1));
}

/* Turns cut on a character boundary with the mark only when cut; the block's shape, and
 * the same text and seed give the same bytes. */
static void test_conv_block(void **state)
{
    (void)state;
    kl_buf b = KL_BUF_INIT;
    kl_conv_put_cut(&b, "abc", 3, "~");
    assert_string_equal(kl_buf_cstr(&b), "abc");
    kl_buf_clear(&b);
    kl_conv_put_cut(&b, "ab\xc3\xa9z", 3, "~");   /* é would be split at 3 */
    assert_string_equal(kl_buf_cstr(&b), "ab~");
    kl_buf_clear(&b);
    kl_conv_put_cut(&b, "ab\xc3\xa9z", 4, NULL);
    assert_string_equal(kl_buf_cstr(&b), "ab\xc3\xa9");

    kl_buf_clear(&b);
    kl_conv_block(&b, "User: hi\n\n", 7);
    char *one = kl_buf_steal(&b);
    kl_conv_block(&b, "User: hi\n\n", 7);
    assert_string_equal(kl_buf_cstr(&b), one);
    char tag[64];
    assert_int_equal(sscanf(one, "The conversation is between <%63[^>]>", tag), 1);
    assert_int_equal(strlen(tag), 13 + 16);
    assert_int_equal(strncmp(tag, "conversation-", 13), 0);
    char want[320];
    snprintf(want, sizeof want, "The conversation is between <%s> and </%s>.\n\n<%s>\nUser: hi\n\n</%s>\n\n",
             tag, tag, tag, tag);
    assert_string_equal(one, want);
    kl_buf_clear(&b);
    kl_conv_block(&b, "User: hi\n\n", 8);   /* another seed, another tag */
    assert_string_not_equal(kl_buf_cstr(&b), one);
    free(one);
    kl_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_width_of_scripts), cmocka_unit_test(test_fit_never_splits),
        cmocka_unit_test(test_sanitize_strips_escapes), cmocka_unit_test(test_sanitize_fit_ellipsis),
        cmocka_unit_test(test_utf8_valid), cmocka_unit_test(test_buf),
        cmocka_unit_test(test_rng_deterministic), cmocka_unit_test(test_parse_numbers),
        cmocka_unit_test(test_conv_block),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
