/* test_llm_facets.c — the model-based facets backend: lenient parsing of answers as
 * models write them, and whole conversations through tests/tools/fake_llm, including
 * unusable answers replaced by the offline value and a summary re-scrubbed by the stage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_llm_spawn.h"
#include "kleio/facets_llm.h"

static void test_parse_concern(void **state)
{
    (void)state;
    assert_int_equal(kl_facets_llm_parse_concern("4"), 4);
    assert_int_equal(kl_facets_llm_parse_concern("  **2**\n\nBecause…"), 2);
    assert_int_equal(kl_facets_llm_parse_concern("Score: 3/5"), 3);
    assert_int_equal(kl_facets_llm_parse_concern("5 - needs review"), 5);
    assert_int_equal(kl_facets_llm_parse_concern("10"), 0);
    assert_int_equal(kl_facets_llm_parse_concern("4.5"), 0);
    assert_int_equal(kl_facets_llm_parse_concern("0"), 0);
    assert_int_equal(kl_facets_llm_parse_concern("not concerning"), 0);
    assert_int_equal(kl_facets_llm_parse_concern(""), 0);
}

static void test_parse_refusal(void **state)
{
    (void)state;
    assert_int_equal(kl_facets_llm_parse_refusal("none"), KL_REFUSED_NONE);
    assert_int_equal(kl_facets_llm_parse_refusal("**Full**"), KL_REFUSED_FULL);
    assert_int_equal(kl_facets_llm_parse_refusal("Partial. It offered an alternative."), KL_REFUSED_PARTIAL);
    assert_int_equal(kl_facets_llm_parse_refusal("No, it helped fully."), KL_REFUSED_NONE);
    assert_int_equal(kl_facets_llm_parse_refusal("nonetheless"), -1);
    assert_int_equal(kl_facets_llm_parse_refusal("maybe"), -1);
}

static void test_parse_task(void **state)
{
    (void)state;
    assert_string_equal(kl_facets_llm_parse_task("Code."), "code");
    assert_string_equal(kl_facets_llm_parse_task("`translation`"), "translation");
    assert_string_equal(kl_facets_llm_parse_task("writing (an essay)"), "writing");
    assert_null(kl_facets_llm_parse_task("coding"));
    assert_null(kl_facets_llm_parse_task(""));
}

static void test_parse_language(void **state)
{
    (void)state;
    char code[8];
    assert_string_equal(kl_facets_llm_parse_language("Spanish", code), "Spanish");
    assert_string_equal(code, "es");
    assert_string_equal(kl_facets_llm_parse_language("**Mandarin Chinese**", code), "Mandarin Chinese");
    assert_string_equal(code, "zh");
    assert_string_equal(kl_facets_llm_parse_language("chinese (simplified)", code), "Mandarin Chinese");
    assert_string_equal(kl_facets_llm_parse_language("Russian, with a little English.", code), "Russian");
    assert_string_equal(code, "ru");
    assert_string_equal(kl_facets_llm_parse_language("The language is Farsi.", code), "Persian");
    assert_string_equal(code, "fa");
    assert_string_equal(kl_facets_llm_parse_language("Tagalog", code), "Tagalog");
    assert_string_equal(code, "tl");
    assert_string_equal(kl_facets_llm_parse_language("English and French", code), "English");
    assert_null(kl_facets_llm_parse_language("Python", code));
    assert_null(kl_facets_llm_parse_language("I cannot tell.", code));
}

static void test_parse_summary(void **state)
{
    (void)state;
    char *s = kl_facets_llm_parse_summary("  Summary: \"Write a poem about autumn.\"\n");
    assert_string_equal(s, "Write a poem about autumn.");
    free(s);
    assert_null(kl_facets_llm_parse_summary("  \n\"\" "));
}

static kl_conv make_conv(const char *const *user, size_t nu, const char *const *assistant, size_t na,
                         char *joined, size_t cap)
{
    joined[0] = 0;
    for (size_t k = 0; k < nu; k++) {
        if (k)
            strncat(joined, "\n\n", cap - strlen(joined) - 1);
        strncat(joined, user[k], cap - strlen(joined) - 1);
    }
    return (kl_conv){"c1", user, nu, assistant, na, joined, strlen(joined)};
}

static kl_llm *open_llm(fake_llm *f, const char *const *args)
{
    if (fake_llm_start(f, args) != 0)
        return NULL;
    char base[96];
    snprintf(base, sizeof base, "%s/v1", f->url);
    kl_llm_config cfg = {.provider = KL_LLM_OPENAI, .base_url = base, .model = "fake",
                         .http = kl_http_opts_default()};
    char err[256];
    kl_llm *m = kl_llm_open(&cfg, err, sizeof err);
    assert_non_null(m);
    return m;
}

static void test_backend_computes_facets(void **state)
{
    (void)state;
    fake_llm f;
    kl_llm *m = open_llm(&f, NULL);
    if (!m)
        skip();
    kl_facets_backend *be = kl_facets_llm_new(m, "openai");
    assert_non_null(be);
    assert_string_equal(be->model, "fake");
    const char *user[] = {"Hola, escribe a ana.lopez@example.com. ¿Cómo instalo python?"};
    const char *assistant[] = {"I cannot help with that."};
    char joined[512];
    kl_conv c = make_conv(user, 1, assistant, 1, joined, sizeof joined);
    kl_facet_row row;
    assert_int_equal(kl_facets_compute(be, &c, &row), 0);
    assert_string_equal(row.lang, "es");
    assert_int_equal(row.refused, KL_REFUSED_FULL);
    assert_int_equal(row.concern, 1);
    assert_string_equal(row.task, "code");
    assert_non_null(strstr(row.summary, "Get help with a request of"));
    /* The fake model repeats the e-mail address; what is kept is scrubbed. */
    assert_null(strstr(row.summary, "ana.lopez"));
    assert_non_null(strstr(row.summary, "[EMAIL]"));
    kl_facet_row_free(&row);
    kl_facets_llm_stats st;
    kl_facets_llm_stats_get(be, &st);
    for (int k = 0; k < KL_FACET_KINDS; k++)
        assert_int_equal(st.fallbacks[k], 0);
    kl_facets_llm_free(be);
    kl_llm_close(m);
    fake_llm_stop(&f);
}

static void test_unusable_answers_fall_back(void **state)
{
    (void)state;
    fake_llm f;
    const char *args[] = {"--nonsense", NULL};
    kl_llm *m = open_llm(&f, args);
    if (!m)
        skip();
    kl_facets_backend *be = kl_facets_llm_new(m, "openai");
    const char *user[] = {"Give me step-by-step instructions to build a pipe bomb at home."};
    const char *assistant[] = {"I am sorry, but I cannot help with that request."};
    char joined[512];
    kl_conv c = make_conv(user, 1, assistant, 1, joined, sizeof joined);
    kl_facet_row row, off;
    assert_int_equal(kl_facets_compute(be, &c, &row), 0);
    assert_int_equal(kl_facets_compute(kl_facets_offline(), &c, &off), 0);
    assert_string_equal(row.lang, off.lang);
    assert_int_equal(row.refused, off.refused);
    assert_int_equal(row.concern, off.concern);
    assert_string_equal(row.task, off.task);
    assert_string_equal(row.summary, off.summary);
    kl_facet_row_free(&row);
    kl_facet_row_free(&off);
    kl_facets_llm_stats st;
    kl_facets_llm_stats_get(be, &st);
    for (int k = 0; k < KL_FACET_KINDS; k++)
        assert_int_equal(st.fallbacks[k], 1);
    kl_facets_llm_free(be);
    kl_llm_close(m);
    fake_llm_stop(&f);
}

static void test_failed_call_leaves_conversation(void **state)
{
    (void)state;
    fake_llm f;
    const char *args[] = {"--fail", "1000", "--fail-status", "400", NULL};
    kl_llm *m = open_llm(&f, args);
    if (!m)
        skip();
    kl_facets_backend *be = kl_facets_llm_new(m, "openai");
    const char *user[] = {"hello"};
    char joined[64];
    kl_conv c = make_conv(user, 1, NULL, 0, joined, sizeof joined);
    kl_facet_row row;
    assert_int_equal(kl_facets_compute(be, &c, &row), -1);
    kl_facets_llm_stats st;
    kl_facets_llm_stats_get(be, &st);
    assert_int_equal(st.unavailable, 1);
    kl_facets_llm_free(be);
    kl_llm_close(m);
    fake_llm_stop(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_concern),
        cmocka_unit_test(test_parse_refusal),
        cmocka_unit_test(test_parse_task),
        cmocka_unit_test(test_parse_language),
        cmocka_unit_test(test_parse_summary),
        cmocka_unit_test(test_backend_computes_facets),
        cmocka_unit_test(test_unusable_answers_fall_back),
        cmocka_unit_test(test_failed_call_leaves_conversation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
