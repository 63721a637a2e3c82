/* test_llm.c — providers: request bodies and answers in both wire formats, error
 * messages with the key masked, the price table, and calls through tests/tools/fake_llm:
 * cache hits, re-asks after an unreadable answer, a fatal 401, the budget, embeddings
 * in batches put back in input order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_llm_spawn.h"
#include "kleio/llm.h"

static void test_chat_body_openai(void **state)
{
    (void)state;
    char *s = kl_llm_chat_body(KL_LLM_OPENAI, "gpt-x", "be brief", "hi \"there\"", 0.2, 50);
    json_t *o = json_loads(s, 0, NULL);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "model")), "gpt-x");
    json_t *m = json_object_get(o, "messages");
    assert_int_equal(json_array_size(m), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(m, 0), "role")), "system");
    assert_string_equal(json_string_value(json_object_get(json_array_get(m, 1), "role")), "user");
    assert_string_equal(json_string_value(json_object_get(json_array_get(m, 1), "content")), "hi \"there\"");
    assert_true(fabs(json_number_value(json_object_get(o, "temperature")) - 0.2) < 1e-9);
    assert_int_equal(json_integer_value(json_object_get(o, "max_tokens")), 50);
    json_decref(o);
    free(s);
}

static void test_chat_body_anthropic(void **state)
{
    (void)state;
    char *s = kl_llm_chat_body(KL_LLM_ANTHROPIC, "claude-x", "be brief", "hi", 0.2, 50);
    json_t *o = json_loads(s, 0, NULL);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "system")), "be brief");
    json_t *m = json_object_get(o, "messages");
    assert_int_equal(json_array_size(m), 1);        /* the system prompt is not a message */
    assert_string_equal(json_string_value(json_object_get(json_array_get(m, 0), "role")), "user");
    assert_int_equal(json_integer_value(json_object_get(o, "max_tokens")), 50);
    json_decref(o);
    free(s);
}

static void test_chat_parse(void **state)
{
    (void)state;
    char *t;
    uint64_t in, out;
    assert_int_equal(kl_llm_chat_parse(KL_LLM_OPENAI,
                                       "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"4\"}}],"
                                       "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":1}}",
                                       &t, &in, &out), 0);
    assert_string_equal(t, "4");
    assert_int_equal(in, 12);
    assert_int_equal(out, 1);
    free(t);
    assert_int_equal(kl_llm_chat_parse(KL_LLM_ANTHROPIC,
                                       "{\"content\":[{\"type\":\"thinking\",\"thinking\":\"x\"},"
                                       "{\"type\":\"text\",\"text\":\"Spa\"},{\"type\":\"text\",\"text\":\"nish\"}],"
                                       "\"usage\":{\"input_tokens\":7,\"output_tokens\":2}}",
                                       &t, &in, &out), 0);
    assert_string_equal(t, "Spanish");
    assert_int_equal(in, 7);
    assert_int_equal(out, 2);
    free(t);
    assert_int_equal(kl_llm_chat_parse(KL_LLM_OPENAI, "{\"choices\": [ {\"message\": ", &t, &in, &out), -1);
    assert_null(t);
    assert_int_equal(kl_llm_chat_parse(KL_LLM_OPENAI, "{\"choices\":[{\"message\":{\"content\":null}}]}",
                                       &t, &in, &out), -1);
    assert_int_equal(kl_llm_chat_parse(KL_LLM_ANTHROPIC, "{\"content\":[]}", &t, &in, &out), -1);
}

static void test_error_message_masks_key(void **state)
{
    (void)state;
    char m[256];
    kl_llm_error_message("{\"error\":{\"message\":\"Incorrect API key provided: sk-secret-42.\"}}",
                         "sk-secret-42", m, sizeof m);
    assert_string_equal(m, "Incorrect API key provided: [redacted].");
    kl_llm_error_message("{\"type\":\"error\",\"error\":{\"type\":\"x\",\"message\":\"overloaded\"}}", "k-123",
                         m, sizeof m);
    assert_string_equal(m, "overloaded");
    kl_llm_error_message("{\"error\":\"model 'llama9' not found\"}", NULL, m, sizeof m);
    assert_string_equal(m, "model 'llama9' not found");
    kl_llm_error_message("<html>bad gateway sk-secret-42</html>", "sk-secret-42", m, sizeof m);
    assert_null(strstr(m, "sk-secret-42"));
    /* A control byte inside the echoed key, stripped by the sanitiser, still hides nothing. */
    kl_llm_error_message("{\"error\":{\"message\":\"key sk\\u0016-secret-42\"}}", "sk-secret-42", m,
                         sizeof m);
    assert_string_equal(m, "key [redacted]");
    kl_llm_error_message("bad gateway sk\x16-secret-42", "sk-secret-42", m, sizeof m);
    assert_null(strstr(m, "sk-secret-42"));
    kl_llm_error_message("", "x", m, sizeof m);
    assert_string_equal(m, "(no message)");
    char tiny[8];
    kl_llm_error_message("{\"error\":{\"message\":\"ééééé\"}}", NULL, tiny, sizeof tiny);
    assert_string_equal(tiny, "ééé");        /* cut on a character boundary */
}

static void test_cost(void **state)
{
    (void)state;
    double usd = -1;
    assert_true(kl_llm_cost("gpt-4o-mini-2024-07-18", 1000000, 1000000, &usd));
    assert_true(fabs(usd - 0.75) < 1e-9);          /* not the gpt-4o price */
    assert_true(kl_llm_cost("gpt-4o", 1000000, 0, &usd));
    assert_true(fabs(usd - 2.5) < 1e-9);
    assert_true(kl_llm_cost("claude-3-5-haiku-20241022", 0, 1000000, &usd));
    assert_true(fabs(usd - 4.0) < 1e-9);
    assert_false(kl_llm_cost("llama3.1:8b", 10, 10, &usd));
    assert_false(kl_llm_cost(NULL, 10, 10, &usd));
}

static void test_provider_names(void **state)
{
    (void)state;
    enum kl_llm_provider p;
    assert_int_equal(kl_llm_provider_parse("anthropic", &p), 0);
    assert_int_equal(p, KL_LLM_ANTHROPIC);
    assert_string_equal(kl_llm_provider_name(p), "anthropic");
    assert_int_equal(kl_llm_provider_parse("offline", &p), -1);
}

/* A provider over a fresh fake_llm, with the cache in a temporary file. */
typedef struct rig {
    fake_llm f;
    char db[64];
    char base[96];
    kl_llm *m;
} rig;

static int rig_open(rig *r, enum kl_llm_provider p, const char *const *args, const char *key,
                    uint64_t max_calls)
{
    memset(r, 0, sizeof *r);
    if (fake_llm_start(&r->f, args) != 0)
        return -1;
    strcpy(r->db, "/tmp/kleio-test-llm-XXXXXX");
    int fd = mkstemp(r->db);
    assert_true(fd >= 0);
    close(fd);
    snprintf(r->base, sizeof r->base, "%s%s", r->f.url, p == KL_LLM_OPENAI ? "/v1" : "");
    setenv("KLEIO_TEST_KEY", key, 1);
    kl_llm_config cfg = {.provider = p, .base_url = r->base, .model = "fake-model",
                         .api_key_env = "KLEIO_TEST_KEY", .cache_db = r->db, .max_calls = max_calls,
                         .http = kl_http_opts_default()};
    cfg.http.backoff_base_s = 0.01;
    cfg.http.backoff_max_s = 0.05;
    char err[256];
    r->m = kl_llm_open(&cfg, err, sizeof err);
    if (!r->m)
        fail_msg("kl_llm_open: %s", err);
    return 0;
}

static void rig_close(rig *r)
{
    kl_llm_close(r->m);
    fake_llm_stop(&r->f);
    unlink(r->db);
}

static const char question[] = "<conversation>\nUser: Hola, ¿qué tal?\n</conversation>\n\n"
                               "Which human language is the user writing in?";

static void chat_and_cache(enum kl_llm_provider p)
{
    rig r;
    const char *args[] = {"--key", "good-key-1234", NULL};
    if (rig_open(&r, p, args, "good-key-1234", 0) != 0)
        skip();
    char *out, err[256];
    assert_int_equal(kl_llm_chat(r.m, "sys", question, 0.2, 20, &out, err, sizeof err), KL_LLM_OK);
    assert_string_equal(out, "Spanish.");
    free(out);
    assert_int_equal(kl_llm_chat(r.m, "sys", question, 0.2, 20, &out, err, sizeof err), KL_LLM_OK);
    assert_string_equal(out, "Spanish.");
    free(out);
    /* Another temperature is another question. */
    assert_int_equal(kl_llm_chat(r.m, "sys", question, 0.7, 20, &out, err, sizeof err), KL_LLM_OK);
    free(out);
    kl_llm_stats s;
    kl_llm_stats_get(r.m, &s);
    assert_int_equal(s.calls, 2);
    assert_int_equal(s.cache_hits, 1);
    assert_true(s.tokens_in > 0 && s.tokens_out > 0);
    rig_close(&r);
}

static void test_chat_openai_cached(void **state)
{
    (void)state;
    chat_and_cache(KL_LLM_OPENAI);
}

static void test_chat_anthropic_cached(void **state)
{
    (void)state;
    chat_and_cache(KL_LLM_ANTHROPIC);
}

static void test_unreadable_answer_is_asked_again(void **state)
{
    (void)state;
    rig r;
    const char *args[] = {"--malformed", "2", NULL};
    if (rig_open(&r, KL_LLM_OPENAI, args, "k", 0) != 0)
        skip();
    char *out, err[256];
    assert_int_equal(kl_llm_chat(r.m, "sys", question, 0.2, 20, &out, err, sizeof err), KL_LLM_OK);
    free(out);
    kl_llm_stats s;
    kl_llm_stats_get(r.m, &s);
    assert_int_equal(s.retries, 2);
    assert_int_equal(s.calls, 1);
    rig_close(&r);
}

static void test_401_is_fatal_and_masked(void **state)
{
    (void)state;
    rig r;
    const char *args[] = {"--key", "right-key-5678", NULL};
    if (rig_open(&r, KL_LLM_OPENAI, args, "sk-wrong-secret-99", 0) != 0)
        skip();
    char *out, err[512];
    assert_int_equal(kl_llm_chat(r.m, "sys", question, 0.2, 20, &out, err, sizeof err), KL_LLM_FATAL);
    assert_null(out);
    assert_non_null(strstr(err, "401"));
    assert_non_null(strstr(err, "Incorrect API key"));
    assert_null(strstr(err, "sk-wrong-secret-99"));
    assert_null(strstr(kl_llm_fatal_error(r.m), "sk-wrong-secret-99"));
    /* Later calls fail at once, without a request. */
    assert_int_equal(kl_llm_chat(r.m, "sys", "other", 0.2, 20, &out, err, sizeof err), KL_LLM_FATAL);
    kl_llm_stats s;
    kl_llm_stats_get(r.m, &s);
    assert_int_equal(s.calls, 1);
    assert_int_equal(s.retries, 0);
    rig_close(&r);
}

static void test_budget(void **state)
{
    (void)state;
    rig r;
    if (rig_open(&r, KL_LLM_OPENAI, NULL, "k", 1) != 0)
        skip();
    char *out, err[256];
    assert_int_equal(kl_llm_chat(r.m, "sys", question, 0.2, 20, &out, err, sizeof err), KL_LLM_OK);
    free(out);
    assert_int_equal(kl_llm_chat(r.m, "sys", "another", 0.2, 20, &out, err, sizeof err), KL_LLM_BUDGET);
    /* A cached answer costs nothing. */
    assert_int_equal(kl_llm_chat(r.m, "sys", question, 0.2, 20, &out, err, sizeof err), KL_LLM_OK);
    free(out);
    kl_llm_stats s;
    kl_llm_stats_get(r.m, &s);
    assert_int_equal(s.over_budget, 1);
    rig_close(&r);
}

static void test_embeddings_in_order_and_cached(void **state)
{
    (void)state;
    rig r;
    const char *args[] = {"--fail-429", "1", "--retry-after", "0", NULL};
    if (rig_open(&r, KL_LLM_OPENAI, args, "k", 0) != 0)
        skip();
    enum { N = 150 };
    char bufs[N][32];
    const char *texts[N];
    for (int i = 0; i < N; i++) {
        snprintf(bufs[i], sizeof bufs[i], "summary number %d", i);
        texts[i] = bufs[i];
    }
    float *all = NULL, *one = NULL;
    size_t dim = 0, dim1 = 0;
    char err[256];
    assert_int_equal(kl_llm_embed(r.m, texts, N, &all, &dim, err, sizeof err), KL_LLM_OK);
    assert_int_equal(dim, 8);
    kl_llm_stats s;
    kl_llm_stats_get(r.m, &s);
    assert_int_equal(s.calls, 3);                 /* 64 + 64 + 22 */
    assert_int_equal(s.retries, 1);
    /* Row i belongs to text i: embed text 99 alone from a fresh cache-less view. */
    kl_llm_config cfg = {.provider = KL_LLM_OPENAI, .base_url = r.base, .api_key_env = "KLEIO_TEST_KEY",
                         .http = kl_http_opts_default()};
    char e2[256];
    kl_llm *m2 = kl_llm_open(&cfg, e2, sizeof e2);
    assert_non_null(m2);
    assert_int_equal(kl_llm_embed(m2, &texts[99], 1, &one, &dim1, err, sizeof err), KL_LLM_OK);
    assert_int_equal(dim1, 8);
    double norm = 0;
    for (size_t k = 0; k < 8; k++) {
        assert_true(fabsf(one[k] - all[99 * 8 + k]) < 1e-6f);
        norm += (double)one[k] * one[k];
    }
    assert_true(fabs(norm - 1.0) < 1e-5);          /* rows have unit length */
    kl_llm_close(m2);
    free(one);
    free(all);
    /* A rerun is answered from the cache. */
    assert_int_equal(kl_llm_embed(r.m, texts, N, &all, &dim, err, sizeof err), KL_LLM_OK);
    kl_llm_stats_get(r.m, &s);
    assert_int_equal(s.calls, 3);
    assert_int_equal(s.cache_hits, N);
    free(all);
    rig_close(&r);
}

static void test_anthropic_has_no_embeddings(void **state)
{
    (void)state;
    rig r;
    if (rig_open(&r, KL_LLM_ANTHROPIC, NULL, "k", 0) != 0)
        skip();
    const char *t[] = {"x"};
    float *v;
    size_t d;
    char err[256];
    assert_int_equal(kl_llm_embed(r.m, t, 1, &v, &d, err, sizeof err), KL_LLM_FATAL);
    assert_non_null(strstr(err, "embeddings"));
    rig_close(&r);
}

static void test_missing_key(void **state)
{
    (void)state;
    unsetenv("KLEIO_TEST_NO_KEY");
    kl_llm_config cfg = {.provider = KL_LLM_ANTHROPIC, .api_key_env = "KLEIO_TEST_NO_KEY",
                         .http = kl_http_opts_default()};
    char err[256];
    assert_null(kl_llm_open(&cfg, err, sizeof err));
    assert_non_null(strstr(err, "KLEIO_TEST_NO_KEY"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chat_body_openai),
        cmocka_unit_test(test_chat_body_anthropic),
        cmocka_unit_test(test_chat_parse),
        cmocka_unit_test(test_error_message_masks_key),
        cmocka_unit_test(test_cost),
        cmocka_unit_test(test_provider_names),
        cmocka_unit_test(test_chat_openai_cached),
        cmocka_unit_test(test_chat_anthropic_cached),
        cmocka_unit_test(test_unreadable_answer_is_asked_again),
        cmocka_unit_test(test_401_is_fatal_and_masked),
        cmocka_unit_test(test_budget),
        cmocka_unit_test(test_embeddings_in_order_and_cached),
        cmocka_unit_test(test_anthropic_has_no_embeddings),
        cmocka_unit_test(test_missing_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
