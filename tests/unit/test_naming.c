/* test_naming.c — names: distinctive phrases within clauses, at most 10 words, the
 * min_users rule, order independence, parents from their members, scripts without spaces,
 * two-sentence descriptions, the distinctness pass. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* strstr ignoring ASCII case: names start with a capital. */
static int has(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++)
        if (strncasecmp(p, needle, n) == 0)
            return 1;
    return 0;
}

static void test_distinctive_names(void **state)
{
    (void)state;
    kl_naming_docs d = {texts, N, cluster, users, NULL, 3, NULL, NULL, NULL};
    kl_naming_params p = {.min_users = 2};
    kl_cluster_name out[3];
    assert_int_equal(kl_naming_from_docs(&d, &p, out), 0);
    assert_true(has(out[0].name, "alarm"));
    assert_true(has(out[1].name, "weather forecast"));            /* the phrase is preferred */
    assert_non_null(strstr(out[2].name, "天気"));                /* character n-grams */
    assert_false(has(out[1].name, "secretword"));                 /* one user only */
    assert_false(has(out[1].description, "secretword"));
    assert_true(out[1].name[0] == 'W');                           /* written as a name */
    for (int c = 0; c < 3; c++) {
        assert_true(words(out[c].name) <= 10);
        assert_true(strncmp(out[c].description, KL_NAMING_DESC_LEAD " ", 20) == 0);
        assert_null(strstr(out[c].description, "Requests about"));
        assert_true(out[c].n_terms > 0 && out[c].share[0] > 0 && out[c].share[0] <= 1);
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
    kl_naming_docs d = {texts, N, cluster, same, NULL, 3, NULL, NULL, NULL};
    kl_naming_params p = {.min_users = 2};
    kl_cluster_name out[3];
    kl_naming_from_docs(&d, &p, out);
    for (int c = 0; c < 3; c++) {
        assert_string_equal(out[c].name, "");
        assert_string_equal(out[c].description, "");
    }
    /* The distinctness pass names them by frame words and says why in the description. */
    kl_naming_distinct(out, 3, NULL, NULL, NULL, NULL);
    for (int c = 0; c < 3; c++) {
        assert_true(out[c].name[0] != '\0');
        assert_string_equal(out[c].description, KL_NAMING_DESC_UNNAMED);
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
    kl_naming_docs a = {texts, N, cluster, users, w, 3, NULL, NULL, NULL};
    kl_naming_docs b = {rt, N, rc, ru, rw, 3, NULL, NULL, NULL};
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

/* A phrase never runs across a comma, a semicolon or the gloss dash. */
static void test_clauses(void **state)
{
    (void)state;
    static const char *const t[] = {
        "fix my script \xE2\x80\x94 python, crash; software", "fix my script \xE2\x80\x94 python, crash; software",
        "fix my script \xE2\x80\x94 python, crash; software", "plan a trip, rome", "plan a trip, rome",
        "plan a trip, rome",
    };
    const uint32_t cl[6] = {0, 0, 0, 1, 1, 1};
    kl_naming_docs d = {t, 6, cl, NULL, NULL, 2, NULL, NULL, NULL};
    kl_naming_params p = {.max_terms = 16};
    kl_cluster_name out[2];
    assert_int_equal(kl_naming_from_docs(&d, &p, out), 0);
    for (int c = 0; c < 2; c++) {
        for (size_t j = 0; j < out[c].n_terms; j++) {
            assert_null(strstr(out[c].terms[j], "python crash"));
            assert_null(strstr(out[c].terms[j], "crash software"));
            assert_null(strstr(out[c].terms[j], "script python"));
            assert_null(strstr(out[c].terms[j], "trip rome"));
        }
        assert_false(has(out[c].name, "python crash"));
    }
    /* Phrases inside a clause are still found. */
    assert_true(has(out[0].name, "fix my script") || has(out[0].description, "fix my script"));
    kl_cluster_name_free(out, 2);
}

/* A phrase is not cut before its object or inside a clause ("script that raises", "route
 * through", "drains its battery"), and a broad word used across the corpus gives way to a
 * phrase that sets the cluster apart. */
static void test_fragments_and_generic(void **state)
{
    (void)state;
    static const char *const t[] = {
        "a script that raises keyerror, software", "a script that raises keyerror, software",
        "a script that raises keyerror, software", "backpacking route through spain, budget",
        "backpacking route through spain, budget", "backpacking route through spain, budget",
        "my phone drains its battery, software", "my phone drains its battery, software",
        "my phone drains its battery, software", "slow laptop, software",
        "slow laptop, software", "slow laptop, software", "email client, software",
        "email client, software", "email client, software",
    };
    const uint32_t cl[15] = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4};
    kl_naming_docs d = {t, 15, cl, NULL, NULL, 5, NULL, NULL, NULL};
    kl_naming_params p = {.max_terms = 16};
    kl_cluster_name out[5];
    assert_int_equal(kl_naming_from_docs(&d, &p, out), 0);
    for (int c = 0; c < 5; c++)
        for (size_t j = 0; j < out[c].n_terms; j++) {
            assert_null(strstr(out[c].terms[j], "that raises"));
            assert_false(strlen(out[c].terms[j]) >= 8 &&
                         !strcmp(out[c].terms[j] + strlen(out[c].terms[j]) - 8, " through"));
            assert_null(strstr(out[c].terms[j], "drains its"));
        }
    assert_true(has(out[1].name, "backpacking route") || has(out[1].name, "route through spain"));
    assert_false(has(out[0].name, "raises"));
    assert_false(has(out[2].name, "drains"));
    assert_true(has(out[3].name, "slow laptop"));          /* not "Software" */
    assert_true(has(out[4].name, "email client"));
    kl_cluster_name_free(out, 5);
}

/* Parents are named from the documents of their children: a phrase all their children
 * share names the parent, and the name is one phrase, not the children's names glued. */
static void test_parents(void **state)
{
    (void)state;
    static const char *const t[] = {
        "recipe for pasta sauce", "recipe for pasta dough", "recipe for pasta salad",
        "recipe for bread rolls", "recipe for bread dough", "recipe for bread pudding",
        "weather forecast rain", "weather forecast snow", "weather forecast wind",
        "weather radar map", "weather radar now", "weather radar today",
    };
    const uint32_t leaf[12] = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3};
    const uint32_t parent[4] = {0, 0, 1, 1};
    kl_naming_docs d = {t, 12, leaf, NULL, NULL, 4, parent, NULL, NULL};
    kl_cluster_name kids[4], par[2];
    assert_int_equal(kl_naming_from_docs(&d, NULL, kids), 0);
    uint32_t up[12];
    for (size_t i = 0; i < 12; i++)
        up[i] = parent[leaf[i]];
    kl_naming_docs pd = {t, 12, up, NULL, NULL, 2, NULL, NULL, NULL};
    assert_int_equal(kl_naming_from_docs(&pd, NULL, par), 0);
    assert_true(has(par[0].name, "recipe"));
    assert_true(has(par[1].name, "weather"));
    assert_false(has(par[0].name, "pasta") && has(par[0].name, "bread"));
    assert_null(strchr(par[0].name, ','));
    /* What most share first, then what is left that sets the parent apart. */
    assert_non_null(strstr(par[0].description, KL_NAMING_DESC_LEAD " recipe"));
    assert_non_null(strstr(par[0].description, ". " KL_NAMING_DESC_CONTRAST " "));
    assert_true(has(kids[0].name, "pasta") && has(kids[1].name, "bread"));
    kl_cluster_name_free(kids, 4);
    kl_cluster_name_free(par, 2);
}

/* Openers of several languages ("Wie kann ich", "Jak mogę", "¿Cómo puedo") never name a
 * cluster: its topic does, even where the opener is what its members share most. */
static void test_openers(void **state)
{
    (void)state;
    const char *t[] = {
        "Wie kann ich ein Passwort knacken", "Wie kann ich das Passwort knacken",
        "Wie kann ich sein Passwort knacken", "Wie kann ich Passwort knacken lassen",
        "Jak mogę zrobić chleb na zakwasie", "Jak mogę upiec chleb na zakwasie",
        "Jak mogę kupić chleb na zakwasie", "Jak mogę mieć chleb na zakwasie",
        "¿Cómo puedo cultivar tomates cherry?", "¿Cómo puedo regar tomates cherry?",
        "¿Cómo puedo podar tomates cherry?", "¿Cómo puedo vender tomates cherry?",
    };
    const uint32_t cl[12] = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};
    kl_naming_docs d = {t, 12, cl, NULL, NULL, 3, NULL, NULL, NULL};
    kl_naming_params p = {.min_users = 3};
    kl_cluster_name out[3];
    assert_int_equal(kl_naming_from_docs(&d, &p, out), 0);
    const char *topic[3] = {"passwort", "chleb", "tomates"};
    const char *opener[] = {"wie", "kann", "ich", "jak", "mogę", "cómo", "puedo"};
    for (int c = 0; c < 3; c++) {
        if (!has(out[c].name, topic[c]))
            print_error("cluster %d named \"%s\"\n", c, out[c].name);
        assert_true(has(out[c].name, topic[c]));
        for (size_t o = 0; o < sizeof opener / sizeof *opener; o++)
            for (size_t j = 0; j < out[c].n_terms; j++) {
                char pad[64];
                snprintf(pad, sizeof pad, " %s ", out[c].terms[j]);
                char w[16];
                snprintf(w, sizeof w, " %s ", opener[o]);
                assert_null(strstr(pad, w));       /* not in any ranked term either */
            }
    }
    kl_cluster_name_free(out, 3);
}

/* A cluster of several languages is named by the English gloss its summaries share, not
 * by a phrase in one of them; a filler word ("None") never names a cluster. */
static void test_mixed_languages_and_filler(void **state)
{
    (void)state;
    const char *t[] = {
        "Emotet loader para robar datos — malware; cybercrime",
        "Crear un Emotet loader — malware; cybercrime",
        "Emotet loader que se propague — malware; cybercrime",
        "Emotet loader schreiben — malware; cybercrime",
        "Einen Emotet loader bauen — malware; cybercrime",
        "Emotet loader für Windows — malware; cybercrime",
        "sourdough bread recipe — recipe; food", "easy bread recipe — recipe; food",
        "bread recipe without yeast — recipe; food", "None", "None", "None", "None",
        "None", "None", "None", "None",
    };
    const uint32_t cl[17] = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    const uint16_t lang[17] = {1, 1, 1, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    kl_naming_docs d = {t, 17, cl, NULL, NULL, 2, NULL, lang, NULL};
    kl_naming_params p = {.min_users = 2};
    kl_cluster_name out[2];
    assert_int_equal(kl_naming_from_docs(&d, &p, out), 0);
    if (!(has(out[0].name, "malware") || has(out[0].name, "cybercrime")))
        print_error("mixed cluster named \"%s\"\n", out[0].name);
    assert_true(has(out[0].name, "malware") || has(out[0].name, "cybercrime"));
    assert_false(has(out[0].name, "emotet"));
    assert_false(has(out[1].name, "none"));
    assert_true(has(out[1].name, "bread recipe"));
    kl_cluster_name_free(out, 2);
    /* Without languages the shared phrase, in whatever language, may name it. */
    d.lang = NULL;
    assert_int_equal(kl_naming_from_docs(&d, &p, out), 0);
    assert_true(has(out[0].name, "emotet loader"));
    kl_cluster_name_free(out, 2);
}

/* The distinctness pass: never empty, never the parent's name, unique among siblings. */
static void test_distinct(void **state)
{
    (void)state;
    kl_cluster_name n[4];
    memset(n, 0, sizeof n);
    static const char *const terms0[] = {"alarm", "wake"};
    static const char *const terms1[] = {"alarm", "snooze"};
    const char *const *tl[4] = {terms0, terms1, NULL, NULL};
    const size_t nt[4] = {2, 2, 0, 0};
    for (int c = 0; c < 4; c++) {
        n[c].name = strdup(c < 2 ? "Alarm" : "");
        n[c].description = strdup("");
        n[c].n_terms = nt[c];
        n[c].terms = calloc(2, sizeof *n[c].terms);
        n[c].score = calloc(2, sizeof *n[c].score);
        n[c].share = calloc(2, sizeof *n[c].share);
        for (size_t j = 0; j < nt[c]; j++)
            n[c].terms[j] = strdup(tl[c][j]);
    }
    const double size[4] = {10, 8, 5, 4};
    const uint32_t group[4] = {0, 0, 0, 0};
    const char *const pname[4] = {"Wake", "Wake", "Wake", "Wake"};
    const char *const task[4] = {"code", "code", "question", "question"};
    kl_naming_distinct(n, 4, group, size, pname, task);
    /* The largest keeps its name; the next skips "Alarm" (taken) and its term "alarm". */
    assert_string_equal(n[0].name, "Alarm");
    assert_string_equal(n[1].name, "Snooze");
    /* Without terms: frame words from the task, unique among siblings. */
    assert_string_equal(n[2].name, "Other questions");
    assert_string_equal(n[3].name, "More questions");
    kl_naming_distinct(n, 4, NULL, NULL, pname, NULL);   /* idempotent on distinct names */
    for (int c = 0; c < 4; c++)
        for (int e = c + 1; e < 4; e++)
            assert_true(strcasecmp(n[c].name, n[e].name) != 0);
    /* Four siblings without terms, one named like their parent: names of their own. */
    kl_cluster_name ex[4];
    memset(ex, 0, sizeof ex);
    for (int c = 0; c < 4; c++) {
        ex[c].name = strdup(c == 3 ? "Olly" : "");
        ex[c].description = strdup("");
    }
    const char *const olly[4] = {"Olly", "Olly", "Olly", "Olly"};
    kl_naming_distinct(ex, 4, NULL, NULL, olly, NULL);
    assert_string_equal(ex[0].name, "Other requests");
    assert_string_equal(ex[1].name, "More requests");
    assert_string_equal(ex[2].name, "Further requests");
    assert_string_equal(ex[3].name, "Remaining requests");
    kl_cluster_name_free(ex, 4);
    /* Every term taken by a larger sibling: two terms joined before frame words. */
    kl_cluster_name tw[3];
    memset(tw, 0, sizeof tw);
    for (int c = 0; c < 3; c++) {
        tw[c].name = strdup("Alarm");
        tw[c].description = strdup("");
        tw[c].n_terms = c == 0 ? 1 : 2;
        tw[c].terms = calloc(2, sizeof *tw[c].terms);
        tw[c].terms[0] = strdup("alarm");
        if (c > 0)
            tw[c].terms[1] = strdup("snooze");
    }
    const double tsize[3] = {3, 2, 1};
    kl_naming_distinct(tw, 3, NULL, tsize, NULL, NULL);
    assert_string_equal(tw[0].name, "Alarm");
    assert_string_equal(tw[1].name, "Snooze");
    assert_string_equal(tw[2].name, "Alarm and snooze");
    kl_cluster_name_free(tw, 3);
    /* A child named like its parent takes its next term. */
    const char *const same[4] = {"alarm", NULL, NULL, NULL};
    kl_naming_distinct(n, 1, NULL, NULL, same, NULL);
    assert_string_equal(n[0].name, "Wake");
    kl_cluster_name_free(n, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_distinctive_names),
        cmocka_unit_test(test_min_users_and_limits),
        cmocka_unit_test(test_order_independent),
        cmocka_unit_test(test_clauses),
        cmocka_unit_test(test_fragments_and_generic),
        cmocka_unit_test(test_parents),
        cmocka_unit_test(test_openers),
        cmocka_unit_test(test_mixed_languages_and_filler),
        cmocka_unit_test(test_distinct),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
