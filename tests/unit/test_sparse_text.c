/* test_sparse_text.c — sparse TF-IDF rows: unit length, sorted columns, words of a single
 * text dropped, the gloss counted only when asked, the same rows whatever the order of
 * the texts and the thread count. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/sparse_text.h"

static const char *texts[] = {
    "set an alarm for seven tomorrow",
    "wake me up at seven with an alarm",
    "what is the weather like tomorrow",
    "will it rain tomorrow morning",
    "play some jazz music",
    "play the next song please",
    "alarm for the morning meeting",
    "weather forecast for the weekend zanzibar",
};
#define NT (sizeof texts / sizeof *texts)

static void test_rows_shape(void **state)
{
    (void)state;
    kl_sparse_rows S;
    kl_sparse_text_params p = {.threads = 1};
    assert_int_equal(kl_sparse_text_build(texts, NT, &p, &S), 0);
    assert_int_equal(S.n, NT);
    assert_true(S.ncol > 0);
    for (size_t i = 0; i < S.n; i++) {
        double norm = 0;
        for (size_t e = S.start[i]; e < S.start[i + 1]; e++) {
            assert_true(S.col[e] < S.ncol);
            if (e > S.start[i])
                assert_true(S.col[e] > S.col[e - 1]);
            norm += (double)S.val[e] * S.val[e];
        }
        if (S.start[i + 1] > S.start[i])
            assert_true(fabs(norm - 1) < 1e-5);
    }
    kl_sparse_rows_free(&S);
    assert_int_equal(kl_sparse_text_build(texts, 0, &p, &S), -1);
}

/* "zanzibar" is in one text only: appending it to another text adds a column. */
static void test_single_text_words_dropped(void **state)
{
    (void)state;
    const char *t2[NT];
    memcpy(t2, texts, sizeof t2);
    kl_sparse_text_params p = {.threads = 1};
    kl_sparse_rows A, B;
    assert_int_equal(kl_sparse_text_build(texts, NT, &p, &A), 0);
    t2[0] = "set an alarm for seven tomorrow zanzibar";
    assert_int_equal(kl_sparse_text_build(t2, NT, &p, &B), 0);
    assert_int_equal(B.ncol, A.ncol + 1);
    kl_sparse_rows_free(&A);
    kl_sparse_rows_free(&B);
}

static void test_gloss(void **state)
{
    (void)state;
    const char *t2[NT];
    memcpy(t2, texts, sizeof t2);
    t2[4] = "play some jazz music \xE2\x80\x94 weather forecast";
    kl_sparse_rows A, B, C;
    kl_sparse_text_params p = {.threads = 1};
    assert_int_equal(kl_sparse_text_build(texts, NT, &p, &A), 0);
    assert_int_equal(kl_sparse_text_build(t2, NT, &p, &B), 0);
    /* Left out: the same rows as without the gloss. */
    assert_int_equal(A.ncol, B.ncol);
    assert_memory_equal(A.start, B.start, (NT + 1) * sizeof *A.start);
    assert_memory_equal(A.col, B.col, A.start[NT] * sizeof *A.col);
    p.gloss_copies = 2;
    assert_int_equal(kl_sparse_text_build(t2, NT, &p, &C), 0);
    assert_true(C.start[5] - C.start[4] > A.start[5] - A.start[4]);
    kl_sparse_rows_free(&A);
    kl_sparse_rows_free(&B);
    kl_sparse_rows_free(&C);
}

static void test_order_and_threads(void **state)
{
    (void)state;
    const char *rev[NT];
    for (size_t i = 0; i < NT; i++)
        rev[i] = texts[NT - 1 - i];
    kl_sparse_text_params p1 = {.char_min = 3, .char_max = 5, .threads = 1};
    kl_sparse_text_params p2 = {.char_min = 3, .char_max = 5, .threads = 2};
    kl_sparse_rows A, B;
    assert_int_equal(kl_sparse_text_build(texts, NT, &p1, &A), 0);
    assert_int_equal(kl_sparse_text_build(rev, NT, &p2, &B), 0);
    assert_int_equal(A.ncol, B.ncol);
    for (size_t i = 0; i < NT; i++) {
        size_t j = NT - 1 - i;
        assert_int_equal(A.start[i + 1] - A.start[i], B.start[j + 1] - B.start[j]);
        assert_memory_equal(A.col + A.start[i], B.col + B.start[j],
                            (A.start[i + 1] - A.start[i]) * sizeof *A.col);
        assert_memory_equal(A.val + A.start[i], B.val + B.start[j],
                            (A.start[i + 1] - A.start[i]) * sizeof *A.val);
    }
    kl_sparse_rows_free(&A);
    kl_sparse_rows_free(&B);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_shape),
        cmocka_unit_test(test_single_text_words_dropped),
        cmocka_unit_test(test_gloss),
        cmocka_unit_test(test_order_and_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
