/* test_relabel.c — classification-EM repairs a noisy clustering of texts drawn from
 * separate vocabularies, does nothing beyond its budget, and gives the same partition
 * whatever the thread count and the order of the rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/relabel.h"
#include "kleio/rng.h"

#define N 1200
#define T 6        /* topics */
#define V 30       /* words per topic */

/* Text i: six words of topic i % T plus two shared words, chosen by a seeded generator. */
static char **make_texts(void)
{
    static const char *shared[] = {"please", "now", "could", "you", "the", "a"};
    kl_rng r;
    kl_rng_seed(&r, 7);
    char **t = malloc(N * sizeof *t);
    for (size_t i = 0; i < N; i++) {
        char buf[256];
        size_t len = 0;
        for (int w = 0; w < 6; w++)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "t%zuw%02u ", i % T,
                                    (unsigned)kl_rng_below(&r, V));
        for (int w = 0; w < 2; w++)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s ",
                                    shared[kl_rng_below(&r, 6)]);
        t[i] = strdup(buf);
    }
    return t;
}

static void free_texts(char **t)
{
    for (size_t i = 0; i < N; i++)
        free(t[i]);
    free(t);
}

/* The true topic, with 40% of the rows moved to a random cluster. */
static void noisy_start(uint32_t *a)
{
    kl_rng r;
    kl_rng_seed(&r, 11);
    for (size_t i = 0; i < N; i++)
        a[i] = kl_rng_uniform(&r) < 0.4 ? (uint32_t)kl_rng_below(&r, T) : (uint32_t)(i % T);
}

static size_t wrong(const uint32_t *a)
{
    size_t w = 0;
    for (size_t i = 0; i < N; i++)
        w += a[i] != i % T;
    return w;
}

static void test_repairs(void **state)
{
    (void)state;
    char **t = make_texts();
    kl_sparse_rows S;
    kl_sparse_text_params sp = {.threads = 2};
    assert_int_equal(kl_sparse_text_build((const char *const *)t, N, &sp, &S), 0);
    uint32_t a[N];
    noisy_start(a);
    size_t before = wrong(a);
    assert_true(before > N / 4);
    kl_relabel_params p = {.rounds = 10, .keep = 0.9};
    kl_relabel_stats st;
    assert_int_equal(kl_relabel_fit(&S, T, a, &p, &st), 0);
    assert_true(wrong(a) < N / 100);
    assert_true(st.rounds >= 1 && st.changed >= before - N / 100 && st.cost > 0);
    /* A budget below one round leaves the clustering as it was. */
    noisy_start(a);
    p.budget = 1;
    assert_int_equal(kl_relabel_fit(&S, T, a, &p, &st), 0);
    assert_int_equal(st.rounds, 0);
    assert_int_equal(wrong(a), before);
    assert_int_equal(kl_relabel_fit(&S, 0, a, &p, &st), -1);
    kl_sparse_rows_free(&S);
    free_texts(t);
}

static void test_order_and_threads(void **state)
{
    (void)state;
    char **t = make_texts();
    const char *rev[N];
    for (size_t i = 0; i < N; i++)
        rev[i] = t[N - 1 - i];
    kl_sparse_rows A, B;
    kl_sparse_text_params s1 = {.threads = 1}, s2 = {.threads = 2};
    assert_int_equal(kl_sparse_text_build((const char *const *)t, N, &s1, &A), 0);
    assert_int_equal(kl_sparse_text_build(rev, N, &s2, &B), 0);
    uint32_t a[N], b[N];
    noisy_start(a);
    for (size_t i = 0; i < N; i++)
        b[i] = a[N - 1 - i];
    /* Few rounds and a low share kept, so that the result is not simply the topics. */
    kl_relabel_params p1 = {.rounds = 2, .keep = 0.5, .threads = 1};
    kl_relabel_params p2 = p1;
    p2.threads = 2;
    assert_int_equal(kl_relabel_fit(&A, T, a, &p1, NULL), 0);
    assert_int_equal(kl_relabel_fit(&B, T, b, &p2, NULL), 0);
    for (size_t i = 0; i < N; i++)
        assert_int_equal(a[i], b[N - 1 - i]);
    kl_sparse_rows_free(&A);
    kl_sparse_rows_free(&B);
    free_texts(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repairs),
        cmocka_unit_test(test_order_and_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
