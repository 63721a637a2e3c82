/* test_naming.c — names: distinctive terms, at most 10 words, the min_users rule, order
 * independence, parents from children, scripts without spaces. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/naming.h"

static const char *const texts[] = {
    "set an alarm for seven", "set an alarm for six", "please set an alarm", "set alarm now",
    "weather forecast for paris", "weather forecast tomorrow", "what is the weather forecast",
    "weather forecast please secretword",
    "東京の天気予報", "大阪の天気予報", "天気予報を見せて",
};
#define N (sizeof texts / sizeof *texts)
static const uint32_t cluster[N] = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2};
static const uint64_t users[N] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};

static size_t words(const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p; p++)
        if (*p != ' ' && (p == s || p[-1] == ' '))
            n++;
    return n;
}

static void test_distinctive_names(void **state)
{
    (void)state;
    kl_naming_docs d = {texts, N, cluster, users, NULL, 3, NULL};
    kl_naming_params p = {.min_users = 2};
    kl_cluster_name out[3];
    assert_int_equal(kl_naming_from_docs(&d, &p, out), 0);
    assert_non_null(strstr(out[0].name, "alarm"));
    assert_non_null(strstr(out[1].name, "weather forecast"));   /* the phrase is preferred */
    assert_non_null(strstr(out[2].name, "天気"));                /* character n-grams */
    assert_null(strstr(out[1].name, "secretword"));               /* one user only */
    assert_null(strstr(out[1].description, "secretword"));
    for (int c = 0; c < 3; c++) {
        assert_true(words(out[c].name) <= 10);
        assert_true(strncmp(out[c].description, "Requests about ", 15) == 0);
    }
    kl_cluster_name_free(out, 3);
}

static void test_min_users_and_limits(void **state)
{
    (void)state;
    /* Every document from the same user: with min_users 2 nothing is eligible. */
    uint64_t same[N];
    for (size_t i = 0; i < N; i++)
        same[i] = 42;
    kl_naming_docs d = {texts, N, cluster, same, NULL, 3, NULL};
    kl_naming_params p = {.min_users = 2};
    kl_cluster_name out[3];
    kl_naming_from_docs(&d, &p, out);
    for (int c = 0; c < 3; c++) {
        assert_string_equal(out[c].name, "");
        assert_string_equal(out[c].description, "");
    }
    kl_cluster_name_free(out, 3);
    /* A one-word budget gives a one-word name. */
    p = (kl_naming_params){.min_users = 1, .max_words = 1};
    d.user = users;
    kl_naming_from_docs(&d, &p, out);
    for (int c = 0; c < 2; c++)
        assert_int_equal(words(out[c].name), 1);
    kl_cluster_name_free(out, 3);
}

static void test_order_independent(void **state)
{
    (void)state;
    const char *rt[N];
    uint32_t rc[N];
    uint64_t ru[N];
    float w[N], rw[N];
    for (size_t i = 0; i < N; i++)
        w[i] = 0.3f + (float)(i % 3) * 0.25f;
    for (size_t i = 0; i < N; i++) {
        rt[i] = texts[N - 1 - i];
        rc[i] = cluster[N - 1 - i];
        ru[i] = users[N - 1 - i];
        rw[i] = w[N - 1 - i];
    }
    kl_naming_docs a = {texts, N, cluster, users, w, 3, NULL};
    kl_naming_docs b = {rt, N, rc, ru, rw, 3, NULL};
    kl_cluster_name x[3], y[3];
    kl_naming_from_docs(&a, NULL, x);
    kl_naming_from_docs(&b, NULL, y);
    for (int c = 0; c < 3; c++) {
        assert_string_equal(x[c].name, y[c].name);
        assert_int_equal(x[c].n_terms, y[c].n_terms);
        for (size_t j = 0; j < x[c].n_terms; j++)
            assert_true(x[c].score[j] == y[c].score[j]);
    }
    kl_cluster_name_free(x, 3);
    kl_cluster_name_free(y, 3);
}

static void test_parents(void **state)
{
    (void)state;
    kl_naming_docs d = {texts, N, cluster, users, NULL, 3, NULL};
    kl_cluster_name kids[3], par[2];
    kl_naming_from_docs(&d, NULL, kids);
    const uint32_t parent[3] = {0, 1, 1};
    const double size[3] = {4, 4, 3};
    assert_int_equal(kl_naming_parents(kids, parent, size, 3, 2, NULL, NULL, par), 0);
    assert_non_null(strstr(par[0].name, "alarm"));
    assert_true(words(par[1].name) <= 10 && par[1].n_terms > 0);
    assert_null(strstr(par[1].name, "alarm"));
    kl_cluster_name_free(kids, 3);
    kl_cluster_name_free(par, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_distinctive_names),
        cmocka_unit_test(test_min_users_and_limits),
        cmocka_unit_test(test_order_independent),
        cmocka_unit_test(test_parents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
