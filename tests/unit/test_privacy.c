/* test_privacy.c — each privacy layer on its own: what it lets through and what not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/privacy.h"

static void test_thresholds_need_both(void **state)
{
    (void)state;
    kl_thresholds t = {25, 50};
    assert_true(kl_privacy_passes(&t, 25, 50));
    assert_false(kl_privacy_passes(&t, 24, 500));   /* many conversations, few users */
    assert_false(kl_privacy_passes(&t, 500, 49));
}

static void emit(uint64_t key, size_t distinct, size_t rows, void *ctx)
{
    (void)rows;
    assert_int_equal(key, 7);
    *(size_t *)ctx = distinct;
}

/* Fifty fresh accounts created within minutes are one unit: together they cannot lift a
 * cluster over the user threshold (the Cliopatra attack), while ordinary users count. */
static void test_units_merge_fresh_burst(void **state)
{
    (void)state;
    enum { N = 80 };
    int64_t first[N], last[N];
    uint32_t unit[N];
    for (int u = 0; u < 30; u++) {            /* long-lived users, days apart */
        first[u] = 1000000 + u * 86400;
        last[u] = first[u] + 30 * 86400;
    }
    for (int u = 30; u < N; u++) {            /* the burst: 50 accounts in 25 minutes */
        first[u] = 5000000 + (u - 30) * 30;
        last[u] = first[u] + 60;
    }
    size_t merged = kl_privacy_units(first, last, N, KL_PRIVACY_BURST_WINDOW, unit);
    assert_int_equal(merged, 1);
    for (int u = 31; u < N; u++)
        assert_int_equal(unit[u], unit[30]);
    for (int u = 0; u < 30; u++)
        assert_int_equal(unit[u], u);
    /* Distinct units of a cluster holding only the burst and 20 real users. */
    kl_pair pairs[70];
    for (int i = 0; i < 70; i++)
        pairs[i] = (kl_pair){7, unit[i < 20 ? i : i + 10]};
    size_t got = 0;
    kl_pairs_count(pairs, 70, emit, &got);
    kl_thresholds t = {25, 50};
    assert_int_equal(got, 21);
    assert_false(kl_privacy_passes(&t, (int64_t)got, 70));
    /* With each account counted alone, the same cluster would have passed. */
    assert_true(kl_privacy_passes(&t, 70, 70));
}


static void test_units_independent_of_order(void **state)
{
    (void)state;
    int64_t f1[4] = {100, 200, 5000, 110}, l1[4] = {150, 250, 9000, 120};
    int64_t f2[4] = {110, 5000, 200, 100}, l2[4] = {120, 9000, 250, 150};
    uint32_t u1[4], u2[4];
    kl_privacy_units(f1, l1, 4, 3600, u1);
    kl_privacy_units(f2, l2, 4, 3600, u2);
    /* users 0,1,3 of the first listing are users 3,2,0 of the second */
    assert_int_equal(u1[0], 0);
    assert_int_equal(u1[1], 0);
    assert_int_equal(u1[3], 0);
    assert_int_equal(u1[2], 2);
    assert_int_equal(u2[3], 3);
    assert_int_equal(u2[2], 3);
    assert_int_equal(u2[0], 3);
    assert_int_equal(u2[1], 1);
}

/* One prolific user weighs no more in a cluster's naming text than anyone else. */
static void test_weights_bound_each_unit(void **state)
{
    (void)state;
    enum { N = 300 };
    uint32_t cluster[N], unit[N];
    float w[N];
    for (uint32_t i = 0; i < N; i++) {
        cluster[i] = i % 2;
        unit[i] = i < 250 ? 0 : i;   /* unit 0 wrote 250 of 300 documents */
    }
    kl_privacy_weights(cluster, unit, N, w);
    double heavy[2] = {0, 0}, total[2] = {0, 0};
    for (uint32_t i = 0; i < N; i++) {
        total[cluster[i]] += w[i];
        if (unit[i] == 0)
            heavy[cluster[i]] += w[i];
    }
    for (int c = 0; c < 2; c++) {
        assert_float_equal(heavy[c], 1.0, 1e-4);
        assert_true(heavy[c] / total[c] <= 1.0 / 26 + 1e-6);   /* 26 units in each */
    }
}

struct tok_log { char buf[512]; };

static void log_token(const char *folded, size_t start, size_t len, void *ctx)
{
    (void)start;
    (void)len;
    struct tok_log *t = ctx;
    strcat(t->buf, folded);
    strcat(t->buf, "|");
}

static void test_tokens_across_scripts(void **state)
{
    (void)state;
    struct tok_log t = {""};
    kl_tokens_each("Python-Fehler, ÉCOLE Привет 日本語 x", log_token, &t);
    assert_string_equal(t.buf, "python|fehler|école|привет|日本|本語|x|");
}

/* Layer 3: a term only one user wrote (a name, a rare number) is cut from a name, terms
 * many users wrote stay. */
static void test_vocab_keeps_shared_terms_only(void **state)
{
    (void)state;
    const char *name = "Diagnosis of Bob Smith's diabetes, code 4711";
    kl_vocab *v = kl_vocab_new();
    kl_vocab_candidates(v, name);
    char text[128];
    for (uint32_t u = 0; u < 30; u++) {
        snprintf(text, sizeof text, "user asks about diabetes diagnosis of a relative %u", u);
        kl_vocab_add(v, u, text);
    }
    kl_vocab_add(v, 99, "Bob Smith's diabetes, code 4711");
    kl_vocab_add(v, 99, "Bob Smith again");       /* the same unit twice counts once */
    assert_int_equal(kl_vocab_units(v, "diabetes"), 31);
    assert_int_equal(kl_vocab_units(v, "bob"), 1);
    size_t removed = 0;
    char *out = kl_vocab_filter(v, name, 25, &removed);
    assert_string_equal(out, "Diagnosis of diabetes");
    assert_true(removed >= 4);
    free(out);
    /* With a threshold of 1 (the layer switched off) the name would leak. */
    out = kl_vocab_filter(v, name, 1, &removed);
    assert_non_null(strstr(out, "Bob Smith"));
    free(out);
    kl_vocab_free(v);
}

/* Layer 5: PII patterns and placeholders are removed even when many units "used" them. */
static void test_audit_removes_pii_and_placeholders(void **state)
{
    (void)state;
    kl_audit_counts c = {0};
    char *out = kl_audit_string("Contact jane.doe@example.org or +44 20 7946 0958 about [NAME]",
                                NULL, 0, &c);
    assert_non_null(out);
    assert_null(strstr(out, "@"));
    assert_null(strstr(out, "7946"));
    assert_null(strstr(out, "[NAME]"));
    assert_string_equal(out, "Contact or about");
    assert_int_equal(c.pii, 2);
    assert_int_equal(c.placeholders, 1);
    free(out);
    out = kl_audit_string("Visit https://x.example/u/123 from 192.168.1.20", NULL, 0, &c);
    assert_string_equal(out, "Visit from");
    free(out);
    out = kl_audit_string("Python 3 errors in 2024", NULL, 0, &c);   /* short numbers stay */
    assert_string_equal(out, "Python 3 errors in 2024");
    free(out);
    /* Nothing left: the caller must rename. */
    size_t renamed = c.renamed;
    assert_null(kl_audit_string("<EMAIL> [PHONE]", NULL, 0, &c));
    assert_int_equal(c.renamed, renamed + 1);
    assert_int_equal(c.strings, 4);
}

static void test_audit_removes_rare_tokens(void **state)
{
    (void)state;
    kl_vocab *v = kl_vocab_new();
    kl_vocab_candidates(v, "Resume help for Zyxwq");
    for (uint32_t u = 0; u < 5; u++)
        kl_vocab_add(v, u, "resume help for a job");
    kl_vocab_add(v, 9, "zyxwq");
    kl_audit_counts c = {0};
    char *out = kl_audit_string("Resume help for Zyxwq", v, 5, &c);
    assert_string_equal(out, "Resume help for");
    assert_int_equal(c.rare, 1);
    free(out);
    /* The fixed frame of a description passes whoever wrote what. */
    kl_vocab_allow(v, "Requests about and");
    kl_vocab_candidates(v, "Requests about resume help and zyxwq.");
    kl_vocab_add(v, 1, "requests about");
    out = kl_audit_string("Requests about resume help and zyxwq.", v, 5, &c);
    assert_string_equal(out, "Requests about resume help and");
    free(out);
    kl_vocab_free(v);
}

static void test_burst_flag(void **state)
{
    (void)state;
    enum { N = 100 };
    kl_burst_row rows[N];
    for (uint32_t i = 0; i < 60; i++)   /* 60 ordinary users over two months */
        rows[i] = (kl_burst_row){i, 1000000 + i * 86400, 1000000 + i * 86400 + 40 * 86400,
                                 i % 2 ? "help with resume wording" : "cover letter for a job"};
    for (uint32_t i = 60; i < N; i++)   /* 40 accounts in half an hour, same request */
        rows[i] = (kl_burst_row){i, 9000000 + i * 40, 9000000 + i * 40 + 10,
                                 "write seo articles with backlinks for casino site"};
    assert_true(kl_burst_detect(rows, N, KL_PRIVACY_BURST_WINDOW, 10));
    /* The same accounts writing unrelated requests are not flagged. */
    static const char *varied[] = {"fix my python loop", "translate a poem into french",
                                   "plan a trip to rome", "explain photosynthesis simply",
                                   "draft a wedding toast"};
    for (uint32_t i = 0; i < N; i++)
        if (rows[i].user >= 60)
            rows[i].text = varied[rows[i].user % 5];
    assert_false(kl_burst_detect(rows, N, KL_PRIVACY_BURST_WINDOW, 10));
    /* Near-identical requests spread over months are not a burst either. */
    for (uint32_t i = 0; i < N; i++) {
        rows[i].first_ts = 1000000 + (int64_t)rows[i].user * 86400;
        rows[i].last_ts = rows[i].first_ts + 5 * 86400;
        rows[i].text = "write seo articles with backlinks";
    }
    assert_false(kl_burst_detect(rows, N, KL_PRIVACY_BURST_WINDOW, 10));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_thresholds_need_both),
        cmocka_unit_test(test_units_merge_fresh_burst),
        cmocka_unit_test(test_units_independent_of_order),
        cmocka_unit_test(test_weights_bound_each_unit),
        cmocka_unit_test(test_tokens_across_scripts),
        cmocka_unit_test(test_vocab_keeps_shared_terms_only),
        cmocka_unit_test(test_audit_removes_pii_and_placeholders),
        cmocka_unit_test(test_audit_removes_rare_tokens),
        cmocka_unit_test(test_burst_flag),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
