/* test_tui_jobs.c — the recompute dialog's fields (from a snapshot's meta, validation,
 * the run's arguments), retry's argument split, the job status line, on_publish in the
 * config file, and the diff library the diff view shares with kleio diff. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/diff.h"
#include "kleio/tui_config.h"
#include "kleio/tui_jobs.h"

static const char params[] = "{\"dim\":64,\"k\":12,\"languages\":\"en,es\",\"leaf_size\":150,"
                             "\"levels\":4,\"min_conversations\":10,\"min_users\":5,\"seed\":7,"
                             "\"top\":2}";

static void test_from_meta(void **state)
{
    (void)state;
    kl_recompute r;
    kl_recompute_from_meta(&r, "/s/snap.db", "/w/work.db", params, "offline", 99, 99);
    assert_string_equal(r.work, "/w/work.db");
    assert_string_equal(r.out, "/s/snap.db");
    assert_string_equal(r.field[KL_RUN_OPT_BACKEND], "offline");
    assert_string_equal(r.field[KL_RUN_OPT_LEAF_SIZE], "150");
    assert_string_equal(r.field[KL_RUN_OPT_LEVELS], "4");
    assert_string_equal(r.field[KL_RUN_OPT_TOP], "2");
    assert_string_equal(r.field[KL_RUN_OPT_MIN_USERS], "5"); /* params win over the meta rows */
    assert_string_equal(r.field[KL_RUN_OPT_MIN_CONVERSATIONS], "10");
    assert_string_equal(r.field[KL_RUN_OPT_SEED], "7");
    assert_string_equal(r.field[KL_RUN_OPT_LANGUAGES], "en,es");
    assert_string_equal(r.field[KL_RUN_OPT_DIM], "64");
}

static void test_defaults(void **state)
{
    (void)state;
    kl_recompute r;
    /* no work database, params that are not JSON, thresholds from the meta rows */
    kl_recompute_from_meta(&r, "s.db", NULL, "{not json", NULL, 3, 4);
    assert_string_equal(r.work, "");
    assert_string_equal(r.field[KL_RUN_OPT_BACKEND], "offline");
    assert_string_equal(r.field[KL_RUN_OPT_LEAF_SIZE], "100");
    assert_string_equal(r.field[KL_RUN_OPT_LEVELS], "3");
    assert_string_equal(r.field[KL_RUN_OPT_TOP], "10");
    assert_string_equal(r.field[KL_RUN_OPT_MIN_USERS], "3");
    assert_string_equal(r.field[KL_RUN_OPT_MIN_CONVERSATIONS], "4");
    assert_string_equal(r.field[KL_RUN_OPT_LANGUAGES], "");
    assert_string_equal(r.field[KL_RUN_OPT_DIM], "");
    kl_recompute_from_meta(&r, "s.db", "w.db", "{\"languages\":null}", "", -1, -1);
    assert_string_equal(r.field[KL_RUN_OPT_MIN_USERS], "25");
    assert_string_equal(r.field[KL_RUN_OPT_MIN_CONVERSATIONS], "50");
    assert_string_equal(r.field[KL_RUN_OPT_LANGUAGES], "");
}

/* The dialog's fields are the table's EDIT options, the backend first, and each field's
 * position maps back to its option. */
static void test_fields_from_table(void **state)
{
    (void)state;
    static const char *const labels[] = {
        "Backend", "Leaf size", "Levels", "Top clusters", "Min users", "Min conversations",
        "Seed", "Languages", "Server", "Chat model", "Embed model", "Hierarchy", "Screen regex",
        "Screen question",
    };
    size_t n = kl_recompute_count(), edit = 0;
    assert_int_equal(n, sizeof labels / sizeof labels[0]);
    for (size_t f = 0; f < n; f++) {
        enum kl_run_option_id id = kl_recompute_field(f);
        assert_string_equal(kl_run_options[id].label, labels[f]);
        assert_int_equal(kl_recompute_position(id), f);
    }
    for (size_t id = 0; id < KL_RUN_OPT_COUNT; id++)
        edit += kl_run_options[id].dialog == KL_RUN_DIALOG_EDIT;
    assert_int_equal(edit, n);
    assert_int_equal(kl_recompute_field(0), KL_RUN_OPT_BACKEND);
    assert_int_equal(kl_recompute_position(KL_RUN_OPT_THREADS), 0);   /* not in the dialog */
}

static void test_validate(void **state)
{
    (void)state;
    kl_recompute r;
    kl_recompute_from_meta(&r, "s.db", "w.db", params, "offline", -1, -1);
    char err[256];
    int bad;
    assert_int_equal(kl_recompute_validate(&r, &bad, err, sizeof err), 0);
    strcpy(r.field[KL_RUN_OPT_LEAF_SIZE], "12x");
    assert_int_equal(kl_recompute_validate(&r, &bad, err, sizeof err), -1);
    assert_int_equal(bad, KL_RUN_OPT_LEAF_SIZE);
    assert_non_null(strstr(err, "Leaf size"));
    strcpy(r.field[KL_RUN_OPT_LEAF_SIZE], "0");
    assert_int_equal(kl_recompute_validate(&r, &bad, err, sizeof err), -1);
    strcpy(r.field[KL_RUN_OPT_LEAF_SIZE], "20");
    strcpy(r.field[KL_RUN_OPT_SEED], "0"); /* seed 0 is a seed */
    assert_int_equal(kl_recompute_validate(&r, &bad, err, sizeof err), 0);
    strcpy(r.field[KL_RUN_OPT_SEED], "-1");
    assert_int_equal(kl_recompute_validate(&r, &bad, err, sizeof err), -1);
    assert_int_equal(bad, KL_RUN_OPT_SEED);
    strcpy(r.field[KL_RUN_OPT_SEED], "1");
    static const char *const good[] = {"", "en", "en,es", "fil,en"};
    static const char *const wrong[] = {"EN", "en,", ",en", "e", "en es", "english", "en;es"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        strcpy(r.field[KL_RUN_OPT_LANGUAGES], good[i]);
        assert_int_equal(kl_recompute_validate(&r, &bad, err, sizeof err), 0);
    }
    for (size_t i = 0; i < sizeof wrong / sizeof *wrong; i++) {
        strcpy(r.field[KL_RUN_OPT_LANGUAGES], wrong[i]);
        assert_int_equal(kl_recompute_validate(&r, &bad, err, sizeof err), -1);
        assert_int_equal(bad, KL_RUN_OPT_LANGUAGES);
    }
    strcpy(r.field[KL_RUN_OPT_LANGUAGES], "");
    strcpy(r.field[KL_RUN_OPT_BACKEND], "openai");
    assert_int_equal(kl_recompute_validate(&r, &bad, err, sizeof err), 0);
    strcpy(r.field[KL_RUN_OPT_BACKEND], "anthropic");
    assert_int_equal(kl_recompute_validate(&r, &bad, err, sizeof err), 0);
    static const char *const backends[] = {"gpt", "", "OpenAI", "offline "};
    for (size_t i = 0; i < sizeof backends / sizeof *backends; i++) {
        strcpy(r.field[KL_RUN_OPT_BACKEND], backends[i]);
        assert_int_equal(kl_recompute_validate(&r, &bad, err, sizeof err), -1);
        assert_int_equal(bad, KL_RUN_OPT_BACKEND);
        assert_non_null(strstr(err, "offline, openai or anthropic"));
    }
}

/* A screen from the snapshot's params goes back into the run's arguments; a question
 * with spaces and quotes survives the job's recorded parameters (retry). */
static void test_screen_fields(void **state)
{
    (void)state;
    kl_recompute r;
    kl_recompute_from_meta(&r, "/s.db", "/w.db",
                           "{\"screen_question\":\"Is it about 'tax' \\\\ \\\"law\\\"?\"}",
                           "openai", -1, -1);
    assert_string_equal(r.field[KL_RUN_OPT_SCREEN_QUESTION], "Is it about 'tax' \\ \"law\"?");
    int bad;
    char err[256];
    assert_int_equal(kl_recompute_validate(&r, &bad, err, sizeof err), 0);
    size_t n;
    char **args = kl_recompute_args(&r, &n);
    assert_string_equal(args[n - 2], "--screen-question");
    assert_string_equal(args[n - 1], "Is it about 'tax' \\ \"law\"?");
    kl_buf joined = KL_BUF_INIT;
    kl_job_args_join(args, n, &joined);
    size_t m;
    char **again = kl_recompute_split(kl_buf_cstr(&joined), &m);
    assert_int_equal(m, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(again[i], args[i]);
    kl_recompute_args_free(again, m);
    kl_recompute_args_free(args, n);
    kl_buf_free(&joined);
    /* A question needs a model and no regex beside it; a regex must compile. */
    strcpy(r.field[KL_RUN_OPT_BACKEND], "offline");
    assert_int_equal(kl_recompute_validate(&r, &bad, err, sizeof err), -1);
    assert_int_equal(bad, KL_RUN_OPT_SCREEN_QUESTION);
    strcpy(r.field[KL_RUN_OPT_SCREEN_QUESTION], "");
    strcpy(r.field[KL_RUN_OPT_SCREEN_REGEX], "tax|law");
    assert_int_equal(kl_recompute_validate(&r, &bad, err, sizeof err), 0);
    strcpy(r.field[KL_RUN_OPT_SCREEN_REGEX], "tax(");
    assert_int_equal(kl_recompute_validate(&r, &bad, err, sizeof err), -1);
    assert_int_equal(bad, KL_RUN_OPT_SCREEN_REGEX);
    /* An empty argument is kept as '' too. */
    char a[] = "a", empty[] = "";
    char *const two[] = {a, empty};
    kl_buf_clear(&joined);
    kl_job_args_join(two, 2, &joined);
    assert_string_equal(kl_buf_cstr(&joined), "a ''");
    again = kl_recompute_split(kl_buf_cstr(&joined), &m);
    assert_int_equal(m, 2);
    assert_string_equal(again[1], "");
    kl_recompute_args_free(again, m);
    kl_buf_free(&joined);
}

static void test_args_and_command(void **state)
{
    (void)state;
    kl_recompute r;
    kl_recompute_from_meta(&r, "/s.db", "/w.db", params, "offline", -1, -1);
    strcpy(r.field[KL_RUN_OPT_LEAF_SIZE], "200");
    kl_buf b = KL_BUF_INIT;
    kl_recompute_command(&r, &b);
    assert_string_equal(kl_buf_cstr(&b),
                        "kleio run --work /w.db --out /s.db --leaf-size 200 --levels 4 --top 2 "
                        "--min-users 5 --min-conversations 10 --seed 7 --dim 64 --languages en,es");
    kl_buf_free(&b);
    size_t n;
    char **args = kl_recompute_args(&r, &n);
    assert_int_equal(n, 16);
    assert_string_equal(args[0], "--leaf-size");
    assert_string_equal(args[1], "200");
    assert_string_equal(args[15], "en,es");
    /* retry splits the recorded parameters back into the same arguments */
    kl_buf joined = KL_BUF_INIT;
    for (size_t i = 0; i < n; i++)
        kl_buf_printf(&joined, "%s%s", i ? " " : "", args[i]);
    size_t m;
    char **again = kl_recompute_split(kl_buf_cstr(&joined), &m);
    assert_int_equal(m, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(again[i], args[i]);
    kl_recompute_args_free(again, m);
    kl_recompute_args_free(args, n);
    kl_buf_free(&joined);
    again = kl_recompute_split("  ", &m);
    assert_int_equal(m, 0);
    kl_recompute_args_free(again, m);
    /* A model backend goes into the command first; the key never does. */
    kl_recompute_from_meta(&r, "/s.db", "/w.db", params, "anthropic", -1, -1);
    assert_string_equal(r.field[KL_RUN_OPT_BACKEND], "anthropic");
    kl_recompute_command(&r, &b);
    assert_string_equal(kl_buf_cstr(&b),
                        "kleio run --work /w.db --out /s.db --backend anthropic --leaf-size 150 "
                        "--levels 4 --top 2 --min-users 5 --min-conversations 10 --seed 7 --dim 64 "
                        "--languages en,es");
    kl_buf_free(&b);
}

/* A snapshot made against a model server is recomputed against the same server and
 * models; the fields are validated and dropped for the offline backend. The key's
 * variable the snapshot names is not taken: a crafted snapshot could name any secret. */
static void test_model_connection(void **state)
{
    (void)state;
    static const char mparams[] =
        "{\"api_key_env\":\"LOCAL_KEY\",\"base_url\":\"http://127.0.0.1:11434/v1\","
        "\"embed_dims\":256,\"embed_model\":\"nomic-embed-text\",\"leaf_size\":100,"
        "\"hierarchy\":\"deterministic\",\"levels\":2,\"min_conversations\":5,\"min_users\":3,"
        "\"model\":\"llama3.1:8b\",\"seed\":1,\"top\":4}";
    kl_recompute r;
    kl_recompute_from_meta(&r, "/s.db", "/w.db", mparams, "openai", -1, -1);
    assert_string_equal(r.field[KL_RUN_OPT_BASE_URL], "http://127.0.0.1:11434/v1");
    assert_string_equal(r.field[KL_RUN_OPT_MODEL], "llama3.1:8b");
    assert_string_equal(r.field[KL_RUN_OPT_EMBED_MODEL], "nomic-embed-text");
    kl_buf b = KL_BUF_INIT;
    kl_recompute_command(&r, &b);
    assert_string_equal(kl_buf_cstr(&b),
                        "kleio run --work /w.db --out /s.db --backend openai --base-url "
                        "http://127.0.0.1:11434/v1 --model llama3.1:8b --embed-model nomic-embed-text "
                        "--embed-dims 256 --hierarchy deterministic --leaf-size 100 --levels 2 --top 4 "
                        "--min-users 3 --min-conversations 5 --seed 1");
    /* anthropic has no embeddings: the embedding options stay out */
    strcpy(r.field[KL_RUN_OPT_BACKEND], "anthropic");
    kl_recompute_command(&r, &b);
    assert_null(strstr(kl_buf_cstr(&b), "--embed"));
    assert_non_null(strstr(kl_buf_cstr(&b), "--model llama3.1:8b"));
    /* offline: none of them */
    strcpy(r.field[KL_RUN_OPT_BACKEND], "offline");
    kl_recompute_command(&r, &b);
    assert_null(strstr(kl_buf_cstr(&b), "--base-url"));
    assert_null(strstr(kl_buf_cstr(&b), "--model"));
    assert_null(strstr(kl_buf_cstr(&b), "--api-key-env"));
    assert_null(strstr(kl_buf_cstr(&b), "--hierarchy"));
    kl_buf_free(&b);
    char err[256];
    int bad;
    assert_int_equal(kl_recompute_validate(&r, &bad, err, sizeof err), 0);
    static const char *const servers[] = {"ftp://x", "localhost:11434", "http://a b", "http://\x1b[2J"};
    for (size_t i = 0; i < sizeof servers / sizeof *servers; i++) {
        strcpy(r.field[KL_RUN_OPT_BASE_URL], servers[i]);
        assert_int_equal(kl_recompute_validate(&r, &bad, err, sizeof err), -1);
        assert_int_equal(bad, KL_RUN_OPT_BASE_URL);
    }
    strcpy(r.field[KL_RUN_OPT_BASE_URL], "");
    assert_int_equal(kl_recompute_validate(&r, &bad, err, sizeof err), 0);
    strcpy(r.field[KL_RUN_OPT_HIERARCHY], "kmeans");
    assert_int_equal(kl_recompute_validate(&r, &bad, err, sizeof err), -1);
    assert_int_equal(bad, KL_RUN_OPT_HIERARCHY);
    strcpy(r.field[KL_RUN_OPT_HIERARCHY], "model");
    assert_int_equal(kl_recompute_validate(&r, &bad, err, sizeof err), 0);
    strcpy(r.field[KL_RUN_OPT_MODEL], "gpt 4o");
    assert_int_equal(kl_recompute_validate(&r, &bad, err, sizeof err), -1);
    assert_int_equal(bad, KL_RUN_OPT_MODEL);
    assert_non_null(strstr(err, "Chat model"));
}

static void test_status_line(void **state)
{
    (void)state;
    kl_job j = {.id = 3, .stage = (char *)"embed", .done = 120, .total = 300, .eta = 72};
    char line[128];
    kl_job_status_line(&j, line, sizeof line);
    assert_string_equal(line, "job 3 embed 120/300 40% ETA 1:12");
    kl_job k = {.id = 4, .stage = (char *)"", .eta = -1};
    kl_job_status_line(&k, line, sizeof line);
    assert_string_equal(line, "job 4 starting");
    char tiny[8];
    kl_job_status_line(&j, tiny, sizeof tiny); /* truncates, never overflows */
    assert_int_equal(strlen(tiny), 7);
}

static void test_config_on_publish(void **state)
{
    (void)state;
    kl_tui_config c;
    kl_tui_config_default(&c);
    assert_int_equal(c.on_publish, KL_PUBLISH_ASK);
    kl_buf errs = KL_BUF_INIT;
    assert_int_equal(kl_tui_config_parse(&c, "on_publish = switch\n", "cfg", &errs), 0);
    assert_int_equal(c.on_publish, KL_PUBLISH_SWITCH);
    assert_int_equal(kl_tui_config_parse(&c, "on_publish = ignore\n", "cfg", &errs), 0);
    assert_int_equal(c.on_publish, KL_PUBLISH_IGNORE);
    assert_int_equal(kl_tui_config_parse(&c, "\non_publish = never\n", "cfg", &errs), 1);
    assert_non_null(strstr(kl_buf_cstr(&errs), "cfg:2: on_publish must be ask, switch or ignore"));
    assert_int_equal(c.on_publish, KL_PUBLISH_IGNORE);
    kl_buf_free(&errs);
}

static kl_cluster cl(int64_t id, const char *name, int64_t conv, int64_t refused)
{
    return (kl_cluster){.id = id, .name = (char *)name, .description = (char *)"",
                        .total = {.conversations = conv, .users = conv / 2, .refused = refused}};
}

static void test_diff_compute(void **state)
{
    (void)state;
    kl_cluster old[] = {cl(1, "Code", 600, 6), cl(2, "Harm", 100, 50), cl(3, "Python", 300, 3),
                        cl(4, "Web", 400, 8), cl(5, "Shrinking", 500, 5)};
    kl_cluster new[] = {cl(1, "Code", 900, 9), cl(3, "Python debugging", 300, 3),
                        cl(4, "Web", 400, 100), cl(5, "Shrinking", 300, 3), cl(6, "A", 50, 1),
                        cl(7, "B", 50, 1)};
    /* 2 went to 6 and 7 (split), 7 also has 3 (merge) */
    kl_lineage_row lin[] = {{6, 2, 40}, {7, 2, 40}, {7, 3, 10}};
    kl_diff d;
    kl_diff_compute(old, 5, new, 6, lin, 3, KL_DIFF_FORWARD, 0.2, &d);
    assert_int_equal(d.counts[KL_DIFF_GROWN], 1);
    assert_int_equal(d.counts[KL_DIFF_SHRUNK], 1);
    assert_int_equal(d.counts[KL_DIFF_RENAMED], 1);
    assert_int_equal(d.counts[KL_DIFF_REFUSAL], 1);
    assert_int_equal(d.counts[KL_DIFF_NEW], 2);
    assert_int_equal(d.counts[KL_DIFF_GONE], 1);
    assert_int_equal(d.counts[KL_DIFF_SPLIT], 1);
    assert_int_equal(d.counts[KL_DIFF_MERGED], 1);
    int seen_split = 0;
    for (size_t i = 0; i < d.n; i++) {
        if (d.items[i].kind == KL_DIFF_SPLIT) {
            seen_split = 1;
            assert_int_equal(d.items[i].id, 2);
            assert_string_equal(d.items[i].detail, "split into 6, 7");
        }
        if (d.items[i].kind == KL_DIFF_GROWN)
            assert_string_equal(d.items[i].detail, "600 -> 900 (+50%)");
    }
    assert_true(seen_split);
    char line[256];
    kl_diff_summary(&d, line, sizeof line);
    assert_string_equal(line, "2 new, 1 gone, 1 grown, 1 shrunk, 1 split, 1 merged, 1 renamed, "
                              "1 refusal changes");
    kl_diff_free(&d);
    kl_diff_compute(old, 5, old, 5, NULL, 0, KL_DIFF_SAME, 0.2, &d);
    assert_int_equal(d.n, 0);
    kl_diff_free(&d);
}

/* The kind a change has when the two snapshots are swapped. */
static int mirror_kind(int k)
{
    static const int m[KL_DIFF_N] = {
        [KL_DIFF_NEW] = KL_DIFF_GONE,     [KL_DIFF_GONE] = KL_DIFF_NEW,
        [KL_DIFF_GROWN] = KL_DIFF_SHRUNK, [KL_DIFF_SHRUNK] = KL_DIFF_GROWN,
        [KL_DIFF_SPLIT] = KL_DIFF_MERGED, [KL_DIFF_MERGED] = KL_DIFF_SPLIT,
        [KL_DIFF_RENAMED] = KL_DIFF_RENAMED, [KL_DIFF_REFUSAL] = KL_DIFF_REFUSAL};
    return m[k];
}

static void test_diff_link_and_mirror(void **state)
{
    (void)state;
    /* the link comes from the two files' ids only */
    assert_int_equal(kl_diff_link_of("a", NULL, "a", "z"), KL_DIFF_SAME);
    assert_int_equal(kl_diff_link_of("a", NULL, "b", "a"), KL_DIFF_FORWARD);
    assert_int_equal(kl_diff_link_of("b", "a", "a", NULL), KL_DIFF_BACKWARD);
    assert_int_equal(kl_diff_link_of("a", NULL, "c", "b"), KL_DIFF_UNLINKED);
    assert_int_equal(kl_diff_link_of(NULL, NULL, NULL, NULL), KL_DIFF_UNLINKED);
    assert_int_equal(kl_diff_link_of("", NULL, "b", ""), KL_DIFF_UNLINKED);
    assert_null(kl_diff_link_note(KL_DIFF_FORWARD));
    assert_non_null(strstr(kl_diff_link_note(KL_DIFF_UNLINKED), "needs consecutive snapshots"));

    kl_cluster old[] = {cl(1, "Code", 600, 6), cl(2, "Harm", 100, 50), cl(3, "Python", 300, 3),
                        cl(4, "Web", 400, 8), cl(5, "Edge", 500, 5), cl(8, "Edge2", 100, 1)};
    /* 5 -> 5: 500 / 1.2 = 416.7, so 417 is not shrunk and 416 is (and 8: 100 -> 120 grown) */
    kl_cluster new[] = {cl(1, "Code", 900, 9), cl(3, "Python debugging", 300, 3),
                        cl(4, "Web", 400, 100), cl(5, "Edge", 416, 4), cl(6, "A", 50, 1),
                        cl(7, "B", 50, 1), cl(8, "Edge2", 120, 1)};
    kl_lineage_row lin[] = {{6, 2, 40}, {7, 2, 40}, {7, 3, 10}, {99, 1, 10}};
    kl_diff fw, bw;
    kl_diff_compute(old, 6, new, 7, lin, 4, KL_DIFF_FORWARD, 0.2, &fw);
    kl_lineage_row rev[4];
    memcpy(rev, lin, sizeof lin);
    kl_diff_lineage_reverse(rev, 4);
    kl_diff_compute(new, 7, old, 6, rev, 4, KL_DIFF_BACKWARD, 0.2, &bw);
    assert_int_equal(fw.link, KL_DIFF_FORWARD);
    assert_int_equal(fw.counts[KL_DIFF_SHRUNK], 1);
    assert_int_equal(fw.counts[KL_DIFF_GROWN], 2);
    for (int k = 0; k < KL_DIFF_N; k++)
        assert_int_equal(fw.counts[k], bw.counts[mirror_kind(k)]);
    assert_int_equal(fw.n, bw.n);
    for (size_t i = 0; i < fw.n; i++) {
        bool found = false;
        for (size_t j = 0; j < bw.n && !found; j++)
            found = bw.items[j].id == fw.items[i].id &&
                    bw.items[j].kind == mirror_kind(fw.items[i].kind);
        assert_true(found);
        if (fw.items[i].kind == KL_DIFF_REFUSAL)
            assert_string_equal(fw.items[i].detail, "refusal up 2.0% -> 25.0%");
    }
    for (size_t j = 0; j < bw.n; j++) {
        if (bw.items[j].kind == KL_DIFF_REFUSAL)
            assert_string_equal(bw.items[j].detail, "refusal down 25.0% -> 2.0%");
        if (bw.items[j].kind == KL_DIFF_NEW && bw.items[j].id == 2)
            assert_string_equal(bw.items[j].detail, "100 conversations, came from 6, 7");
    }
    kl_diff_free(&fw);
    kl_diff_free(&bw);

    /* lineage that does not link the two snapshots is not read at all */
    kl_diff_compute(old, 6, new, 7, lin, 4, KL_DIFF_UNLINKED, 0.2, &fw);
    assert_int_equal(fw.counts[KL_DIFF_SPLIT], 0);
    assert_int_equal(fw.counts[KL_DIFF_MERGED], 0);
    for (size_t i = 0; i < fw.n; i++)
        if (fw.items[i].kind == KL_DIFF_GONE)
            assert_string_equal(fw.items[i].detail, "100 conversations");
    kl_diff_free(&fw);
    /* the same snapshot with its lineage: nothing changed */
    kl_diff_compute(new, 7, new, 7, lin, 4, KL_DIFF_SAME, 0.2, &fw);
    assert_int_equal(fw.n, 0);
    kl_diff_free(&fw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_from_meta),       cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_fields_from_table),
        cmocka_unit_test(test_validate),        cmocka_unit_test(test_args_and_command),
        cmocka_unit_test(test_model_connection), cmocka_unit_test(test_screen_fields),
        cmocka_unit_test(test_status_line),     cmocka_unit_test(test_config_on_publish),
        cmocka_unit_test(test_diff_compute),    cmocka_unit_test(test_diff_link_and_mirror),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
