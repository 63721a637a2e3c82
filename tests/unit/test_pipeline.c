/* test_pipeline.c — the privacy and publish stages on a hand-made work database: what
 * reaches the snapshot, what is suppressed, and what never does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/pipeline/run_internal.h"
#include "kleio/mem.h"
#include "kleio/snapshot.h"
#include "kleio/workdb.h"

struct fixture {
    char dir[64];
    char work[96], out[96];
    sqlite3 *db;
    int64_t next_conv;
};

static void add_conv(struct fixture *f, const char *user, int64_t ts, const char *lang,
                     int refused, const char *summary, int leaf)
{
    sqlite3_stmt *st;
    char id[32];
    snprintf(id, sizeof id, "conv-%05lld", (long long)++f->next_conv);
    assert_int_equal(sqlite3_prepare_v2(f->db,
        "INSERT INTO conversations(rowid, id, user_id, ts, n_messages, user_turns, content_hash,"
        " ingested_at) VALUES(?1, ?2, ?3, ?4, 2, 1, ?2, 0)", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, f->next_conv);
    sqlite3_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, user, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, ts);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_prepare_v2(f->db,
        "INSERT INTO facets(conv, lang, lang_name, refused, concern, turns, summary, backend,"
        " created_at) VALUES(?1, ?2, ?3, ?4, 2, 1, ?5, 'offline', 0)", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, f->next_conv);
    sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, strcmp(lang, "es") == 0 ? "Spanish" : "English", -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, refused);
    sqlite3_bind_text(st, 5, summary, -1, SQLITE_TRANSIENT);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_prepare_v2(f->db, "INSERT INTO run_assign(conv, leaf) VALUES(?1, ?2)",
                                        -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, f->next_conv);
    sqlite3_bind_int(st, 2, leaf);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
}

static void add_cluster(struct fixture *f, int level, int idx, int parent, const char *name)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(f->db,
        "INSERT INTO run_clusters(level, idx, parent, size, name, description, x, y, extent)"
        " VALUES(?1, ?2, ?3, 1, ?4, ?5, 0.5, 0.5, 0.1)", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int(st, 1, level);
    sqlite3_bind_int(st, 2, idx);
    if (parent >= 0)
        sqlite3_bind_int(st, 3, parent);
    sqlite3_bind_text(st, 4, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, "Requests about these topics.", -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
}

#define DAY 86400
#define T0 1767225600   /* 2026-01-01 */

static int setup(void **state)
{
    struct fixture *f = kl_calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/kleio-pipeline-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->work, sizeof f->work, "%s/work.db", f->dir);
    snprintf(f->out, sizeof f->out, "%s/snap.db", f->dir);
    char err[256];
    f->db = kl_workdb_open(f->work, 1, err, sizeof err);
    assert_non_null(f->db);
    assert_int_equal(kl_run_schema(f->db), 0);
    char user[32], text[160];
    /* leaf 0: 60 conversations from 30 long-lived users — published. */
    for (int i = 0; i < 60; i++) {
        snprintf(user, sizeof user, "user-a%02d", i % 30);
        add_conv(f, user, T0 + (i % 30) * DAY + (i / 30) * 60 * DAY, "en", 0,
                 "debugging python import errors in a script", 0);
    }
    /* leaf 1: 60 conversations from 10 users — below the user threshold. */
    for (int i = 0; i < 60; i++) {
        snprintf(user, sizeof user, "user-b%02d", i % 10);
        add_conv(f, user, T0 + (i % 10) * DAY + (i / 10) * 20 * DAY, "en", 0,
                 "tuning a rare database engine", 1);
    }
    /* leaf 2: 55 fresh accounts within 25 minutes, near-identical requests, plus 10 real
     * users: 65 accounts, but 11 units. */
    for (int i = 0; i < 55; i++) {
        snprintf(user, sizeof user, "burst-%02d", i);
        snprintf(text, sizeof text, "write seo articles with backlinks for casino site %d", i % 3);
        add_conv(f, user, T0 + 90 * DAY + i * 27, "en", 0, text, 2);
    }
    for (int i = 0; i < 10; i++) {
        snprintf(user, sizeof user, "user-c%02d", i);
        add_conv(f, user, T0 + i * 3 * DAY, "en", 0, "marketing copy for a shop", 2);
        add_conv(f, user, T0 + i * 3 * DAY + 40 * DAY, "en", 0, "marketing copy for a shop", 2);
    }
    /* leaf 3: 100 conversations from 40 users, one of whom named a person; the stored
     * name leaks that name and an e-mail address. */
    for (int i = 0; i < 100; i++) {
        snprintf(user, sizeof user, "user-d%02d", i % 40);
        add_conv(f, user, T0 + (i % 40) * DAY + (i / 40) * 30 * DAY, "en", i % 4 == 0,
                 i == 7 ? "resume help for Alicia Zwingli" : "resume help for a job application", 3);
    }
    /* leaf 4: 55 conversations from 30 users, 10 of them in Spanish (a cell to suppress). */
    for (int i = 0; i < 55; i++) {
        snprintf(user, sizeof user, "user-e%02d", i % 30);
        add_conv(f, user, T0 + (i % 30) * DAY + (i / 30) * 45 * DAY, i < 10 ? "es" : "en", 0,
                 "planning a trip itinerary", 4);
    }
    /* leaf 6: 60 conversations from 30 users, beside the resumes: the smallest sibling that
     * passes, which joins the SEO leaf's remainder so that the remainder passes too. */
    for (int i = 0; i < 60; i++) {
        snprintf(user, sizeof user, "user-g%02d", i % 30);
        add_conv(f, user, T0 + (i % 30) * DAY + (i / 30) * 50 * DAY, "en", 0,
                 "cover letter for a job", 6);
    }
    /* leaf 5: 5 conversations. */
    for (int i = 0; i < 5; i++) {
        snprintf(user, sizeof user, "user-f%02d", i);
        add_conv(f, user, T0 + i * DAY, "en", 0, "knitting patterns", 5);
    }
    add_cluster(f, 0, 0, 0, "Python import errors");
    add_cluster(f, 0, 1, 0, "Rare database engine tuning");
    add_cluster(f, 0, 2, 1, "SEO articles with backlinks");
    add_cluster(f, 0, 3, 1, "Resume help for Alicia Zwingli alicia@example.org");
    add_cluster(f, 0, 4, 2, "Trip itinerary planning");
    add_cluster(f, 0, 5, 2, "Knitting patterns");
    add_cluster(f, 0, 6, 1, "Cover letters");
    add_cluster(f, 1, 0, 0, "Python debugging");
    add_cluster(f, 1, 1, 1, "Writing for work");
    add_cluster(f, 1, 2, 1, "Trips and hobbies");
    add_cluster(f, 2, 0, -1, "Software");
    add_cluster(f, 2, 1, -1, "Everyday tasks");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    kl_workdb_close(f->db);
    char path[128];
    const char *files[] = {"work.db", "work.db-wal", "work.db-shm", "snap.db"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", f->dir, files[i]);
        remove(path);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

static kl_snapshot *run_privacy_and_publish(struct fixture *f, int64_t min_users, int64_t min_conv)
{
    kl_run_params p;
    kl_run_params_init(&p);
    p.work = f->work;
    p.out = f->out;
    p.min_users = min_users;
    p.min_conversations = min_conv;
    run_ctx c;
    memset(&c, 0, sizeof c);
    c.db = f->db;
    c.p = &p;
    assert_int_equal(run_corpus_load(&c), 0);
    assert_int_equal(run_stage_privacy(&c, 1, 2), 0);
    run_ctx_free(&c);
    const char *meta[] = {"backend", "offline", NULL};
    assert_int_equal(kl_publish_snapshot(f->db, f->out, min_conv, "test", meta, NULL), 0);
    char err[256];
    kl_snapshot *s = kl_snapshot_open(f->out, err, sizeof err);
    assert_non_null(s);
    return s;
}

static int64_t count_sql(kl_snapshot *s, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(kl_snapshot_db(s), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void test_thresholds_everywhere(void **state)
{
    struct fixture *f = *state;
    kl_snapshot *s = run_privacy_and_publish(f, 25, 50);
    assert_int_equal(count_sql(s, "SELECT count(*) FROM clusters WHERE users < 25 OR conversations < 50"), 0);
    assert_int_equal(count_sql(s, "SELECT count(*) FROM cluster_lang WHERE suppressed = 0"
                                  " AND (users < 25 OR conversations < 50)"), 0);
    assert_int_equal(count_sql(s, "SELECT count(*) FROM cluster_time WHERE suppressed = 0"
                                  " AND conversations < 50"), 0);
    /* The Spanish slice of the trips cluster is suppressed, with NULL figures. */
    assert_true(count_sql(s, "SELECT count(*) FROM cluster_lang WHERE lang = 'es' AND suppressed = 1"
                             " AND conversations IS NULL") >= 1);
    /* The rare-engine leaf and the burst leaf are not published alone. The rare engine's
     * remainder would fail too, and would be its parent minus the python leaf: python joins
     * it, which leaves nothing beside it, so "Python debugging" is shown without children.
     * The burst's remainder takes the cover letters (the smallest sibling that passes) and
     * is published; the resumes stay. */
    assert_int_equal(count_sql(s, "SELECT count(*) FROM clusters WHERE name LIKE '%database%'"), 0);
    assert_int_equal(count_sql(s, "SELECT count(*) FROM clusters WHERE name LIKE '%SEO%'"), 0);
    assert_int_equal(count_sql(s, "SELECT count(*) FROM clusters WHERE name = 'Python import errors'"), 0);
    assert_int_equal(count_sql(s, "SELECT count(*) FROM clusters c WHERE name = 'Python debugging'"
                                  " AND NOT EXISTS (SELECT 1 FROM clusters k WHERE k.parent_id = c.id)"), 1);
    assert_int_equal(count_sql(s, "SELECT count(*) FROM clusters WHERE name LIKE '%Cover letters%'"), 0);
    assert_int_equal(count_sql(s, "SELECT count(*) FROM clusters WHERE is_other = 1"
                                  " AND conversations = 135"), 1);
    /* Every published cluster is the exact sum of its published children, and top-level
     * totals add up to every conversation. */
    assert_int_equal(count_sql(s, "SELECT count(*) FROM clusters p WHERE EXISTS (SELECT 1 FROM"
                                  " clusters k WHERE k.parent_id = p.id) AND p.conversations <>"
                                  " (SELECT sum(conversations) FROM clusters k WHERE k.parent_id = p.id)"), 0);
    assert_int_equal(count_sql(s, "SELECT sum(conversations) FROM clusters WHERE level = 0"), 415);
    assert_true(kl_snapshot_meta_int(s, "suppressed_clusters", 0) >= 3);
    kl_snapshot_close(s);
}

/* The same data with the burst's accounts counted one by one would publish the burst leaf:
 * that is what the unit merging stops. */
static void test_fresh_accounts_count_once(void **state)
{
    struct fixture *f = *state;
    kl_snapshot *s = run_privacy_and_publish(f, 25, 50);
    assert_true(kl_snapshot_meta_int(s, "merged_account_groups", 0) >= 1);
    /* The cluster holding the burst is flagged. */
    assert_true(count_sql(s, "SELECT count(*) FROM clusters WHERE flags & 1") >= 1);
    assert_int_equal(count_sql(s, "SELECT count(*) FROM clusters WHERE flags & 1 AND level = 0"
                                  " AND name = 'Software'"), 0);
    kl_snapshot_close(s);
}

static void test_names_audited(void **state)
{
    struct fixture *f = *state;
    kl_snapshot *s = run_privacy_and_publish(f, 25, 50);
    assert_int_equal(count_sql(s, "SELECT count(*) FROM clusters WHERE name LIKE '%Alicia%'"
                                  " OR name LIKE '%Zwingli%' OR name LIKE '%@%'"), 0);
    assert_int_equal(count_sql(s, "SELECT count(*) FROM clusters WHERE name = 'Resume help for'"), 1);
    assert_true(kl_snapshot_meta_int(s, "audit_pii_removed", 0) >= 1);
    assert_true(kl_snapshot_meta_int(s, "audit_rare_tokens_removed", 0) >= 2);
    kl_snapshot_close(s);
}

/* No conversation id, user id or summary anywhere in the file's bytes. */
static void test_snapshot_bytes_hold_no_private_text(void **state)
{
    struct fixture *f = *state;
    kl_snapshot *s = run_privacy_and_publish(f, 1, 1);   /* thresholds off: the worst case */
    kl_snapshot_close(s);
    FILE *fp = fopen(f->out, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *bytes = kl_malloc((size_t)size + 1);
    assert_int_equal(fread(bytes, 1, (size_t)size, fp), (size_t)size);
    fclose(fp);
    const char *needles[] = {"conv-0", "user-a", "burst-0", "user-d", "resume help for a job",
                             "debugging python import errors in a script"};
    for (size_t i = 0; i < sizeof needles / sizeof needles[0]; i++)
        assert_null(memmem(bytes, (size_t)size, needles[i], strlen(needles[i])));
    free(bytes);
}

/* A second publish replaces the first atomically and leaves no temporary file. */
static void test_publish_replaces(void **state)
{
    struct fixture *f = *state;
    kl_snapshot *s = run_privacy_and_publish(f, 25, 50);
    kl_snapshot_close(s);
    s = run_privacy_and_publish(f, 1, 1);
    assert_true(count_sql(s, "SELECT count(*) FROM clusters") > 8);
    kl_snapshot_close(s);
    char path[128];
    snprintf(path, sizeof path, "%s/.snap.db.tmp-%ld", f->dir, (long)getpid());
    assert_int_not_equal(access(path, F_OK), 0);
}

/* Stage records: fresh only with the same parameters and inputs. */
static void test_stage_records(void **state)
{
    struct fixture *f = *state;
    assert_false(kl_stage_fresh(f->db, "embed", 1, 2));
    assert_int_equal(kl_stage_record(f->db, "embed", 1, 2, "ok"), 0);
    assert_true(kl_stage_fresh(f->db, "embed", 1, 2));
    assert_false(kl_stage_fresh(f->db, "embed", 1, 3));    /* new input */
    assert_false(kl_stage_fresh(f->db, "embed", 9, 2));    /* new parameter */
    assert_false(kl_stage_fresh(f->db, "cluster", 1, 2));
    /* A stage's key changes with either hash, so its dependents rerun. */
    uint64_t k = kl_stage_key("embed", 1, 2);
    assert_true(k != kl_stage_key("embed", 1, 3));
    assert_true(k != kl_stage_key("embed", 9, 2));
    assert_true(k == kl_stage_key("embed", 1, 2));
}

/* The corpus comes back in the same order, with the same users and the same keys, however
 * it was inserted. */
static void test_corpus_order_independent(void **state)
{
    struct fixture *f = *state;
    kl_run_params p;
    kl_run_params_init(&p);
    p.work = f->work;
    run_ctx a;
    memset(&a, 0, sizeof a);
    a.db = f->db;
    a.p = &p;
    assert_int_equal(run_corpus_load(&a), 0);
    /* The same rows in reverse order, in a second database. */
    char path[128], err[256];
    snprintf(path, sizeof path, "%s/work2.db", f->dir);
    sqlite3 *db2 = kl_workdb_open(path, 1, err, sizeof err);
    assert_non_null(db2);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db2, "ATTACH DATABASE ?1 AS src", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_text(st, 1, f->work, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_exec(db2,
        "INSERT INTO conversations(id, user_id, ts, n_messages, user_turns, content_hash, ingested_at)"
        " SELECT id, user_id, ts, n_messages, user_turns, content_hash, ingested_at"
        " FROM src.conversations ORDER BY rowid DESC;"
        "INSERT INTO facets(conv, lang, lang_name, refused, concern, turns, summary, backend, created_at)"
        " SELECT c2.rowid, f.lang, f.lang_name, f.refused, f.concern, f.turns, f.summary, f.backend,"
        " f.created_at FROM src.facets f JOIN src.conversations c ON c.rowid = f.conv"
        " JOIN main.conversations c2 ON c2.id = c.id ORDER BY f.conv DESC;", NULL, NULL, NULL), SQLITE_OK);
    run_ctx b;
    memset(&b, 0, sizeof b);
    b.db = db2;
    b.p = &p;
    assert_int_equal(run_corpus_load(&b), 0);
    assert_int_equal(a.n, b.n);
    assert_true(a.n > 300);
    assert_true(a.text_key == b.text_key);
    assert_true(a.data_key == b.data_key);
    size_t moved = 0;
    for (size_t i = 0; i < a.n; i++) {
        assert_string_equal(a.summary[i], b.summary[i]);
        assert_int_equal(a.user[i], b.user[i]);
        assert_int_equal(a.unit[a.user[i]], b.unit[b.user[i]]);
        moved += a.conv[i] != b.conv[i];
    }
    assert_true(moved > 0);   /* the rowids did differ */
    /* Not arrival order either: the seeded order is not the rowid order. */
    size_t ascending = 0;
    for (size_t i = 1; i < a.n; i++)
        ascending += a.conv[i] > a.conv[i - 1];
    assert_true(ascending < a.n * 3 / 4);
    run_ctx_free(&a);
    run_ctx_free(&b);
    kl_workdb_close(db2);
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_thresholds_everywhere, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fresh_accounts_count_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_names_audited, setup, teardown),
        cmocka_unit_test_setup_teardown(test_snapshot_bytes_hold_no_private_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_publish_replaces, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stage_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corpus_order_independent, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
