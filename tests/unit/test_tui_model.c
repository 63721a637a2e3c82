/* test_tui_model.c — the explorer's model: lazy loading, language slices, sorting,
 * outliers (each cluster against its siblings), search. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kleio/snapshot.h"
#include "kleio/tree_model.h"
#include "kleio/tui_columns.h"
#include "kleio/tui_model.h"
#include "kleio/tui_outliers.h"

/* Two top clusters; A has children A1 (refuses a lot, low concern: over-refusal) and A2;
 * B has B1 (high concern, refuses little: under-refusal), which has a deep child. */
static const char fixture[] =
    "INSERT INTO meta(key, value) VALUES ('min_users','5'), ('min_conversations','10'),"
    " ('created_at','2026-01-01T00:00:00Z'), ('backend','offline'), ('density_grid','64');"
    "INSERT INTO languages(code, name, suppressed, conversations, users, refused, concern_sum)"
    " VALUES ('en','English',0,1500,500,150,3000), ('fr','French',0,500,200,100,1200);"
    "INSERT INTO clusters(id, parent_id, level, name, description, x, y, extent,"
    " conversations, users, refused, concern_sum) VALUES"
    " (10, NULL, 0, 'Alpha topics', 'about alpha', 0.3, 0.3, 0.2, 1000, 300, 100, 1200),"
    " (20, NULL, 0, 'Beta topics', 'about beta', 0.7, 0.7, 0.2, 1000, 300, 150, 3000),"
    " (11, 10, 1, 'Kill a process', 'terminating programs', 0.3, 0.3, 0.05, 400, 100, 90, 440),"
    " (12, 10, 1, 'Alpha rest', 'other alpha', 0.3, 0.3, 0.05, 600, 200, 10, 760),"
    " (21, 20, 1, 'Risky chemistry', 'dangerous synthesis', 0.7, 0.7, 0.05, 500, 150, 10, 2000),"
    " (22, 20, 1, 'Beta rest', 'other beta', 0.7, 0.7, 0.05, 500, 150, 140, 1000),"
    " (23, 21, 2, 'Deep needle', 'the zebra hides here', 0.7, 0.7, 0.01, 100, 30, 2, 400);"
    "INSERT INTO cluster_lang(cluster_id, lang, suppressed, conversations, users, refused, concern_sum) VALUES"
    " (10,'en',0,800,240,60,900), (10,'fr',0,200,60,40,300),"
    " (20,'en',0,700,210,90,2100), (20,'fr',0,300,90,60,900),"
    " (11,'en',0,300,80,50,330), (11,'fr',0,100,20,40,110),"
    " (12,'en',0,500,160,10,570), (12,'fr',0,100,40,0,190),"
    " (21,'en',0,400,120,8,1600), (21,'fr',1,NULL,NULL,NULL,NULL),"
    " (22,'en',0,300,90,82,500), (22,'fr',0,200,60,58,500),"
    " (23,'en',0,100,30,2,400);"
    "INSERT INTO cluster_time(cluster_id, lang, bucket, suppressed, conversations, refused) VALUES"
    " (10,'','2026-01-01',0,400,40), (10,'','2026-02-01',0,600,60),"
    " (10,'en','2026-01-01',0,300,20), (10,'en','2026-02-01',0,500,40),"
    " (10,'fr','2026-01-01',1,NULL,NULL), (10,'fr','2026-02-01',0,100,20);"
    /* a 64x64 grid (kept averaged down to 32x32) and a grid of the wrong size */
    "UPDATE clusters SET density = zeroblob(4096) WHERE id = 10;"
    "UPDATE clusters SET density = zeroblob(100) WHERE id = 20;";

static char path[64];

static int setup(void **state)
{
    snprintf(path, sizeof path, "/tmp/kleio-tui-model-%d.db", (int)getpid());
    remove(path);
    char err[256];
    sqlite3 *db = kl_snapshot_create(path, err, sizeof err);
    if (!db)
        return -1;
    if (sqlite3_exec(db, fixture, NULL, NULL, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return -1;
    }
    sqlite3_close(db);
    kl_tui_model *m = calloc(1, sizeof *m);
    if (kl_tui_model_open(m, kl_bulk_open_path(path), path) != 0)
        return -1;
    *state = m;
    return 0;
}

static int teardown(void **state)
{
    kl_tui_model *m = *state;
    kl_tui_model_close(m);
    free(m);
    remove(path);
    return 0;
}

static uint32_t by_name(kl_tui_model *m, const char *name)
{
    for (uint32_t i = 0; i < m->n_nodes; i++)
        if (strcmp(m->nodes[i].name, name) == 0)
            return i;
    return KL_TUI_NONE;
}

static void test_lazy_loading(void **state)
{
    kl_tui_model *m = *state;
    /* Only the top level is read at open; the rest arrives through idle work. */
    assert_int_equal(m->nodes[0].n_kids, 2);
    assert_int_equal(m->n_nodes, 3);
    assert_false(kl_tui_model_fully_loaded(m));
    assert_int_equal(m->total_clusters, 7);
    uint32_t beta = by_name(m, "Beta topics");
    kl_tui_model_want(m, beta);
    kl_tui_model_work(m, 0); /* one unit of work: the wanted node goes first */
    assert_true(m->nodes[beta].kids_loaded);
    assert_int_equal(m->nodes[beta].n_kids, 2);
    while (kl_tui_model_work(m, 5))
        ;
    assert_true(kl_tui_model_fully_loaded(m));
    assert_int_equal(m->n_nodes, 8);
    assert_false(kl_tui_model_pending(m));
    /* the root is every conversation (the languages' total), the top level's parent */
    assert_int_equal(m->nodes[0].fig.conversations, 2000);
}

static void test_filter_slice(void **state)
{
    kl_tui_model *m = *state;
    bool sel[2] = {false, true}; /* fr */
    kl_tui_model_set_filter(m, sel);
    uint32_t alpha = by_name(m, "Alpha topics"), chem = by_name(m, "Risky chemistry");
    uint32_t deep = by_name(m, "Deep needle");
    assert_int_equal(m->nodes[alpha].fig.conversations, 200);
    assert_int_equal(m->nodes[alpha].fig.refused, 40);
    assert_true(m->nodes[chem].fig.suppressed);   /* suppressed cell */
    assert_false(m->nodes[deep].fig.suppressed);  /* absent cell: an exact zero */
    assert_int_equal(m->nodes[deep].fig.conversations, 0);
    assert_true(kl_tui_model_empty(m, deep));
    assert_int_equal(m->nodes[0].fig.conversations, 500);
    char label[64];
    kl_tui_model_filter_label(m, label, sizeof label);
    assert_string_equal(label, "fr");
    char cell[32];
    kl_tui_column_text(m, chem, KL_COL_CONV, false, cell, sizeof cell);
    assert_string_equal(cell, "hidden");
    kl_tui_column_text(m, chem, KL_COL_USERS, false, cell, sizeof cell);
    assert_string_equal(cell, "hidden");
    /* two languages sum; with one cell hidden the sum is a lower bound, never short */
    bool both[2] = {true, true};
    kl_tui_model_set_filter(m, both);
    assert_int_equal(m->nodes[chem].fig.conversations, 400);
    assert_false(m->nodes[chem].fig.suppressed);
    assert_int_equal(m->nodes[chem].fig.hidden_cells, 1);
    assert_int_equal(m->nodes[alpha].fig.conversations, 1000);
    bool none[2] = {false, false};
    kl_tui_model_set_filter(m, none);
    assert_int_equal(m->nodes[alpha].fig.conversations, 1000);
    assert_int_equal(m->nodes[alpha].fig.concern_sum, 1200);
    kl_tui_model_filter_label(m, label, sizeof label);
    assert_string_equal(label, "all languages");
}

/* One meaning for every figure: shares over the selected languages' total, bounds for
 * sums over hidden cells, rates hidden over them, the hidden remainder of a level. */
static void test_figures(void **state)
{
    kl_tui_model *m = *state;
    kl_tui_model_load_all(m);
    uint32_t alpha = by_name(m, "Alpha topics"), beta = by_name(m, "Beta topics");
    uint32_t chem = by_name(m, "Risky chemistry");
    char cell[32];
    bool fr[2] = {false, true};
    kl_tui_model_set_filter(m, fr);
    /* the top level divides by French's total (500), which here equals what is shown */
    kl_fig s = kl_tui_model_share(m, beta);
    assert_int_equal(s.bound, KL_BOUND_EXACT);
    assert_true(fabs(s.v - 0.6) < 1e-12);
    assert_int_equal(kl_tui_model_hidden(m, 0, NULL).bound, KL_BOUND_HIDDEN);
    /* chemistry's French cell is hidden: Beta shows 200 of its 300 */
    int k = -1;
    kl_fig h = kl_tui_model_hidden(m, beta, &k);
    assert_int_equal(h.bound, KL_BOUND_EXACT);
    assert_true(h.v == 100);
    assert_int_equal(k, 1);
    assert_int_equal(kl_tui_model_share(m, chem).bound, KL_BOUND_HIDDEN);
    kl_tui_column_text(m, chem, KL_COL_SHARE, false, cell, sizeof cell);
    assert_string_equal(cell, "-");

    bool both[2] = {true, true};
    kl_tui_model_set_filter(m, both);
    assert_int_equal(m->nodes[0].fig.conversations, 2000);
    s = kl_tui_model_share(m, alpha);
    assert_int_equal(s.bound, KL_BOUND_EXACT);
    assert_true(fabs(s.v - 0.5) < 1e-12);
    /* 400 English + a hidden French cell: at least 400, at least 40% of Beta's 1000 */
    kl_tui_column_text(m, chem, KL_COL_CONV, false, cell, sizeof cell);
    assert_string_equal(cell, "\xe2\x89\xa5" "400");
    kl_tui_column_text(m, chem, KL_COL_CONV, true, cell, sizeof cell);
    assert_string_equal(cell, ">=400");
    kl_tui_column_text(m, chem, KL_COL_SHARE, true, cell, sizeof cell);
    assert_string_equal(cell, ">=40%"); /* the mark leaves no room for a decimal */
    kl_tui_column_text(m, chem, KL_COL_USERS, true, cell, sizeof cell);
    assert_string_equal(cell, ">=120");
    /* no rate over a partial sum */
    kl_tui_column_text(m, chem, KL_COL_REFUSAL, true, cell, sizeof cell);
    assert_string_equal(cell, "-");
    assert_true(kl_counts_refusal_rate(&m->nodes[chem].fig) < 0);
    /* users over two languages is an upper bound */
    kl_tui_column_text(m, alpha, KL_COL_USERS, true, cell, sizeof cell);
    assert_string_equal(cell, "<=300");
    h = kl_tui_model_hidden(m, beta, &k);
    assert_int_equal(h.bound, KL_BOUND_EXACT);
    assert_true(h.v == 100);
    bool none[2] = {false, false};
    kl_tui_model_set_filter(m, none);
    kl_tui_column_text(m, alpha, KL_COL_USERS, true, cell, sizeof cell);
    assert_string_equal(cell, "300");
}

static void test_sort(void **state)
{
    kl_tui_model *m = *state;
    kl_tui_model_load_all(m);
    kl_tui_model_set_sort(m, KL_COL_REFUSAL, true);
    const uint32_t *k = kl_tui_model_kids(m, 0);
    assert_string_equal(m->nodes[k[0]].name, "Beta topics");
    kl_tui_model_set_sort(m, KL_COL_REFUSAL, false);
    k = kl_tui_model_kids(m, 0);
    assert_string_equal(m->nodes[k[0]].name, "Alpha topics");
    kl_tui_model_set_sort(m, KL_COL_NAME, false);
    k = kl_tui_model_kids(m, by_name(m, "Beta topics"));
    assert_string_equal(m->nodes[k[0]].name, "Beta rest");
    /* a filter re-sorts by the slice's figures */
    kl_tui_model_set_sort(m, KL_COL_CONV, true);
    k = kl_tui_model_kids(m, by_name(m, "Alpha topics"));
    assert_string_equal(m->nodes[k[0]].name, "Alpha rest");
    bool fr[2] = {false, true};
    kl_tui_model_set_filter(m, fr);
    k = kl_tui_model_kids(m, by_name(m, "Beta topics"));
    assert_string_equal(m->nodes[k[0]].name, "Beta rest"); /* chemistry is suppressed in fr */
    bool none[2] = {false, false};
    kl_tui_model_set_filter(m, none);
}

static bool has_outlier(kl_tui_model *m, const kl_outlier *o, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(m->nodes[o[i].node].name, name) == 0)
            return true;
    return false;
}

/* The test of the named cluster (the test fails when there is none). */
static const kl_outlier *outlier_of(kl_tui_model *m, const kl_outlier *o, size_t n,
                                    const char *name)
{
    static const kl_outlier missing = {.node = 0, .driver = KL_TUI_NONE};
    for (size_t i = 0; i < n; i++)
        if (strcmp(m->nodes[o[i].node].name, name) == 0)
            return &o[i];
    fail_msg("no test of %s", name);
    return &missing;
}

static void test_outliers(void **state)
{
    kl_tui_model *m = *state;
    kl_outlier *o;
    kl_outlier_opts opts = {0.05, 0};
    size_t n = kl_tui_outliers(m, &opts, &o);
    /* every named cluster is a test; Deep needle (100 of Risky chemistry's 500) too */
    assert_int_equal(n, 7);
    for (size_t i = 0; i < n; i++) {
        if (i)
            assert_true(o[i - 1].p <= o[i].p && o[i - 1].q <= o[i].q); /* smallest p first */
        assert_true(o[i].q >= o[i].p && o[i].q <= 1);
        assert_true(o[i].lo <= o[i].diff && o[i].diff <= o[i].hi);
        assert_true((o[i].flag != KL_OUTLIER_NONE) == (o[i].q <= 0.05));
    }
    /* against the siblings: the parent without the cluster */
    const kl_outlier *kill = outlier_of(m, o, n, "Kill a process");
    assert_int_equal(kill->n, 400);
    assert_int_equal(kill->k, 90);
    assert_int_equal(kill->rest_n, 600);
    assert_int_equal(kill->rest_k, 10);
    assert_true(fabs(kill->diff - (0.225 - 10.0 / 600)) < 1e-12);
    assert_int_equal(kill->flag, KL_OUTLIER_OVER);
    assert_int_equal(outlier_of(m, o, n, "Risky chemistry")->flag, KL_OUTLIER_UNDER);
    /* top level: against every other top-level cluster */
    const kl_outlier *alpha = outlier_of(m, o, n, "Alpha topics");
    assert_int_equal(alpha->rest_n, 1000);
    assert_int_equal(alpha->rest_k, 150);
    assert_int_equal(alpha->flag, KL_OUTLIER_LOWER);
    /* a child refusing as much as the rest of its parent is not flagged */
    const kl_outlier *deep = outlier_of(m, o, n, "Deep needle");
    assert_int_equal(deep->flag, KL_OUTLIER_NONE);
    assert_true(deep->p > 0.9);
    /* drivers: Alpha refuses less than Beta through "Alpha rest", not "Kill a process";
     * Risky chemistry has no flagged child */
    assert_string_equal(m->nodes[alpha->driver].name, "Alpha rest");
    assert_string_equal(m->nodes[outlier_of(m, o, n, "Beta topics")->driver].name, "Beta rest");
    assert_int_equal(outlier_of(m, o, n, "Risky chemistry")->driver, KL_TUI_NONE);
    assert_int_equal(kill->driver, KL_TUI_NONE);
    free(o);
    /* a minimum size takes the small clusters out of the tests (and of the adjustment) */
    opts.min_size = 450;
    n = kl_tui_outliers(m, &opts, &o);
    assert_int_equal(n, 5);
    assert_false(has_outlier(m, o, n, "Kill a process"));
    free(o);
    /* under a language filter the tests are the slice's: chemistry is suppressed in fr,
     * and Kill a process is tested against Alpha's fr figures without it */
    bool fr[2] = {false, true};
    kl_tui_model_set_filter(m, fr);
    opts.min_size = 0;
    n = kl_tui_outliers(m, &opts, &o);
    assert_false(has_outlier(m, o, n, "Risky chemistry"));
    kill = outlier_of(m, o, n, "Kill a process");
    assert_int_equal(kill->n, 100);
    assert_int_equal(kill->rest_n, 100);
    assert_int_equal(kill->rest_k, 0);
    free(o);
    bool none[2] = {false, false};
    kl_tui_model_set_filter(m, none);
}

static void test_search(void **state)
{
    kl_tui_model *m = *state;
    uint32_t hit = kl_tui_model_search(m, "ZEBRA", KL_TUI_NONE, 1);
    assert_int_not_equal(hit, KL_TUI_NONE);
    assert_string_equal(m->nodes[hit].name, "Deep needle"); /* found by description */
    assert_int_equal(kl_tui_model_search(m, "no such words", KL_TUI_NONE, 1), KL_TUI_NONE);
    /* n and N cycle through the matches of "rest" */
    uint32_t first = kl_tui_model_search(m, "rest", KL_TUI_NONE, 1);
    uint32_t second = kl_tui_model_search(m, "rest", first, 1);
    assert_int_not_equal(first, second);
    assert_int_equal(kl_tui_model_search(m, "rest", second, 1), first);
    assert_int_equal(kl_tui_model_search(m, "rest", second, -1), first);
}

static void test_series_and_growth(void **state)
{
    kl_tui_model *m = *state;
    uint32_t alpha = by_name(m, "Alpha topics");
    const int32_t *pts;
    size_t n = kl_tui_model_series(m, alpha, &pts);
    assert_int_equal(n, 2);
    assert_int_equal(pts[0], 400);
    assert_int_equal(pts[1], 600);
    assert_true(fabs(kl_tui_model_growth(m, alpha) - 0.5) < 1e-9);
    bool fr[2] = {false, true};
    kl_tui_model_set_filter(m, fr);
    n = kl_tui_model_series(m, alpha, &pts);
    assert_int_equal(n, 2);
    assert_int_equal(pts[0], -1); /* suppressed bucket stays a gap */
    assert_int_equal(pts[1], 100);
    /* with two languages a bucket with a hidden cell is a gap too, not en's part alone */
    bool both[2] = {true, true};
    kl_tui_model_set_filter(m, both);
    n = kl_tui_model_series(m, alpha, &pts);
    assert_int_equal(n, 2);
    assert_int_equal(pts[0], -1);
    assert_int_equal(pts[1], 600);
    bool none[2] = {false, false};
    kl_tui_model_set_filter(m, none);
}

/* Collect, then draw: nothing is there for drawing until collected, and collecting
 * again reads nothing new. */
static void test_collect_then_draw(void **state)
{
    kl_tui_model *m = *state;
    uint32_t alpha = by_name(m, "Alpha topics"), beta = by_name(m, "Beta topics");
    const int32_t *pts;
    const kl_tui_mix *mix;
    bool none[2] = {false, false};
    kl_tui_model_set_filter(m, none); /* a new filter: no series cached yet */
    assert_int_equal(kl_tui_model_series_cached(m, alpha, &pts), 0);
    assert_true(isnan(kl_tui_model_growth_cached(m, alpha)));
    kl_tui_model_collect_detail(m, alpha);
    assert_int_equal(kl_tui_model_series_cached(m, alpha, &pts), 2);
    assert_true(fabs(kl_tui_model_growth_cached(m, alpha) - 0.5) < 1e-9);
    int n = kl_tui_model_mix(m, alpha, &mix);
    assert_int_equal(n, 2);
    int64_t en = 0, fr = 0;
    for (int i = 0; i < n; i++)
        *(strcmp(m->langs[mix[i].lang].code, "en") == 0 ? &en : &fr) = mix[i].c.conversations;
    assert_int_equal(en, 800);
    assert_int_equal(fr, 200);
    assert_int_equal(kl_tui_model_mix(m, beta, &mix), 0); /* another cluster's: not collected */

    assert_int_equal(m->density_side, KL_TUI_DENSITY_MAX);
    assert_null(kl_tui_model_density(m, alpha));
    kl_tui_model_collect_level(m, 0, false);
    const uint8_t *g = kl_tui_model_density(m, alpha);
    assert_non_null(g);
    for (int i = 0; i < KL_TUI_DENSITY_MAX * KL_TUI_DENSITY_MAX; i++)
        assert_int_equal(g[i], 0);
    assert_null(kl_tui_model_density(m, beta)); /* wrong size: not drawn */
    assert_true(m->nodes[beta].density_read);
    assert_false(kl_tui_model_collect_densities(m, 10)); /* nothing left to read */
}

static void test_bulk_open_checks(void **state)
{
    (void)state;
    /* the fast open refuses what kl_snapshot_open's cheap checks refuse */
    assert_null(kl_bulk_open_path("/nonexistent/file.db"));
    char junk[64];
    snprintf(junk, sizeof junk, "/tmp/kleio-tui-junk-%d.db", (int)getpid());
    FILE *f = fopen(junk, "w");
    fputs("not a database", f);
    fclose(f);
    assert_null(kl_bulk_open_path(junk));
    remove(junk);
    sqlite3 *db;
    sqlite3_open(junk, &db);
    sqlite3_exec(db, "CREATE TABLE t(x); PRAGMA application_id=1;", NULL, NULL, NULL);
    sqlite3_close(db);
    assert_null(kl_bulk_open_path(junk));
    remove(junk);
    kl_bulk *b = kl_bulk_open_path(path);
    assert_non_null(b);
    assert_string_equal(kl_bulk_meta(b, "backend"), "offline");
    assert_int_equal(kl_bulk_meta_int(b, "min_users", 0), 5);
    assert_int_equal(kl_bulk_meta_int(b, "no such key", 7), 7);
    kl_bulk_close(b);
}

static void test_outlier_flags(void **state)
{
    (void)state;
    assert_int_equal(kl_outlier_flag(0.2, 1.2), KL_OUTLIER_OVER);
    assert_int_equal(kl_outlier_flag(0.2, 3.5), KL_OUTLIER_HIGHER);
    assert_int_equal(kl_outlier_flag(0.2, -1), KL_OUTLIER_HIGHER); /* concern unknown */
    assert_int_equal(kl_outlier_flag(-0.09, 4.0), KL_OUTLIER_UNDER);
    assert_int_equal(kl_outlier_flag(-0.09, 1.0), KL_OUTLIER_LOWER);
    assert_int_equal(kl_outlier_flag(0, 1.0), KL_OUTLIER_NONE);
    assert_string_equal(kl_outlier_flag_name(KL_OUTLIER_NONE), "");
    char line[256];
    kl_tui_outliers_sentence(line, sizeof line, 0.05, 212, true);
    assert_string_equal(line, "refusal rate vs siblings: Newcombe 95% interval of the difference, "
                              "Benjamini-Hochberg q <= 0.05 over 212 tests");
    kl_tui_outliers_sentence(line, sizeof line, 0.1, 1, false);
    assert_string_equal(line, "refusal rate vs siblings: Newcombe 95% interval of the difference, "
                              "Benjamini\xe2\x80\x93Hochberg q \xe2\x89\xa4 0.1 over 1 test");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lazy_loading),
        cmocka_unit_test(test_filter_slice),
        cmocka_unit_test(test_figures),
        cmocka_unit_test(test_sort),
        cmocka_unit_test(test_outliers),
        cmocka_unit_test(test_search),
        cmocka_unit_test(test_series_and_growth),
        cmocka_unit_test(test_collect_then_draw),
        cmocka_unit_test(test_bulk_open_checks),
        cmocka_unit_test(test_outlier_flags),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
