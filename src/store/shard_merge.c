/* shard_merge.c — `kleio merge`: the facets, custom facet values and model-call cache rows
 * of shards back into their work database, one transaction per shard. */
#include "kleio/shard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kleio/custom_facets.h"
#include "kleio/llm.h"
#include "kleio/log.h"
#include "kleio/numbers.h"
#include "kleio/sql.h"
#include "kleio/workdb.h"
#include "shard_impl.h"

static const char ledger_sql[] =
    "CREATE TABLE IF NOT EXISTS shard_merged(\n"
    "  shard INTEGER NOT NULL,\n"
    "  shards INTEGER NOT NULL,\n"
    "  origin TEXT NOT NULL,\n"
    "  conversations INTEGER NOT NULL,\n"
    "  facets_added INTEGER NOT NULL,\n"
    "  cache_added INTEGER NOT NULL,\n"
    "  merged_at INTEGER NOT NULL,\n"
    "  PRIMARY KEY(shard, shards, origin)\n"
    ")";

/* The shard's header, read from the attached s.shard_info. */
typedef struct shard_info {
    char origin[64], version[64];
    int64_t index, shards, conversations, format;
} shard_info;

static int info_int(sqlite3 *db, const char *key, int64_t *out)
{
    char v[32];
    return shard_text(db, "SELECT value FROM s.shard_info WHERE key = ?", key, v, sizeof v) == 0 &&
           kl_parse_i64(v, 0, INT64_MAX, out) == 0 ? 0 : -1;
}

static int read_info(sqlite3 *db, shard_info *si)
{
    return shard_text(db, "SELECT value FROM s.shard_info WHERE key = 'origin'", NULL, si->origin,
                      sizeof si->origin) == 0 &&
           shard_text(db, "SELECT value FROM s.shard_info WHERE key = 'code_version'", NULL,
                      si->version, sizeof si->version) == 0 &&
           info_int(db, "index", &si->index) == 0 && info_int(db, "shards", &si->shards) == 0 &&
           info_int(db, "conversations", &si->conversations) == 0 &&
           info_int(db, "format", &si->format) == 0 ? 0 : -1;
}

/* KLEIO_TEST_STALL_STAGE=merge:K stalls before the K-th shard's commit (a kill test). */
static void test_stall(int nth)
{
    const char *want = getenv("KLEIO_TEST_STALL_STAGE");
    char point[32];
    snprintf(point, sizeof point, "merge:%d", nth);
    if (want && strcmp(want, point) == 0) {
        kl_info("%s: stalling for a test (KLEIO_TEST_STALL_STAGE)", point);
        sleep(60);
    }
}

/* The custom facets the shard's facets run declared must be those of the work database
 * (or the work database declares none yet and takes the shard's): values answer the
 * declaration they were asked under. Then the values of the shard's conversations that the
 * work database lacks are copied, never a row twice. 0, 1 database error, 2 refused. */
static int merge_custom(sqlite3 *db, const char *path, int64_t *added)
{
    *added = 0;
    if (kl_db_exec(db, kl_custom_schema_sql) != 0)
        return 1;
    if (kl_sql_count(db, "SELECT count(*) FROM s.sqlite_schema WHERE type = 'table' AND name IN "
                         "('custom_facet_defs', 'custom_facet_values')") != 2)
        return 0;   /* a shard whose facets run never declared a custom facet */
    int64_t mine = kl_sql_count(db, "SELECT count(*) FROM main.custom_facet_defs");
    int64_t theirs = kl_sql_count(db, "SELECT count(*) FROM s.custom_facet_defs");
#define DEFS(from) "SELECT name, pos, type, question, spec FROM " from "custom_facet_defs"
    int64_t differ = kl_sql_count(db, "SELECT (SELECT count(*) FROM (" DEFS("main.") " EXCEPT "
                                      DEFS("s.") ")) + (SELECT count(*) FROM (" DEFS("s.")
                                      " EXCEPT " DEFS("main.") "))");
    if (mine < 0 || theirs < 0 || differ < 0)
        return 1;
    if (mine > 0 && differ > 0) {
        char name[128] = "it declares none";
        if (theirs > 0)
            shard_text(db, "SELECT 'first difference: ' || name FROM (SELECT name FROM (" DEFS("main.")
                           " EXCEPT " DEFS("s.") ") UNION SELECT name FROM (" DEFS("s.") " EXCEPT "
                           DEFS("main.") ")) ORDER BY name LIMIT 1", NULL, name, sizeof name);
        kl_error("merge: %s: its custom facets are not those of the work database (%s): run kleio "
                 "facets on every shard with the same --custom-facets file", path, name);
#undef DEFS
        return 2;
    }
    if (mine == 0 && theirs > 0 &&
        kl_db_exec(db, "INSERT INTO main.custom_facet_defs(name, pos, type, question, spec) SELECT"
                       " name, pos, type, question, spec FROM s.custom_facet_defs") != 0)
        return 1;
    if (kl_db_exec(db, "INSERT INTO main.custom_facet_values(conv, facet, value, number, source)"
                       " SELECT c.rowid, v.facet, v.value, v.number, v.source FROM"
                       " s.custom_facet_values v JOIN s.conversations sc ON sc.rowid = v.conv"
                       " CROSS JOIN main.conversations c ON c.id = sc.id WHERE NOT EXISTS (SELECT 1"
                       " FROM main.custom_facet_values g WHERE g.conv = c.rowid AND"
                       " g.facet = v.facet) ORDER BY c.rowid, v.facet") != 0)
        return 1;
    *added = sqlite3_changes(db);
    return 0;
}

/* The checks and the copy, inside the shard's transaction. 0, 1 database error, 2 refused. */
static int merge_rows(sqlite3 *db, const char *path, const shard_info *si, int nth)
{
    int64_t convs = kl_sql_count(db, "SELECT count(*) FROM s.conversations");
    int64_t facets = kl_sql_count(db, "SELECT count(*) FROM s.facets");
    if (convs < 0 || facets < 0)
        return 1;
    if (convs != si->conversations) {
        kl_error("merge: %s: %lld conversations where the split wrote %lld (a damaged shard)", path,
                 (long long)convs, (long long)si->conversations);
        return 2;
    }
    if (facets != convs) {
        kl_error("merge: %s: %lld of %lld conversations have no facets (run kleio facets --work %s "
                 "first)", path, (long long)(convs - facets), (long long)convs, path);
        return 2;
    }
    int64_t foreign = kl_sql_count(db, "SELECT count(*) FROM s.conversations sc WHERE NOT EXISTS"
                                       " (SELECT 1 FROM main.conversations c WHERE c.id = sc.id"
                                       " AND c.content_hash = sc.content_hash)");
    if (foreign != 0) {
        if (foreign > 0)
            kl_error("merge: %s: %lld conversations are not in the work database or changed since "
                     "the split", path, (long long)foreign);
        return foreign > 0 ? 2 : 1;
    }
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM s.conversations WHERE kl_shard(user_id, %lld) "
             "IS NOT %lld", (long long)si->shards, (long long)si->index);
    int64_t misplaced = kl_sql_count(db, sql);
    if (misplaced != 0) {
        if (misplaced > 0)
            kl_error("merge: %s: %lld conversations belong to another shard (a damaged shard)",
                     path, (long long)misplaced);
        return misplaced > 0 ? 2 : 1;
    }
    /* A conversation that already has facets keeps them: a row is never written twice.
     * CROSS JOIN keeps the shard's rows outside: the planner would otherwise scan the whole
     * work database (raw text and all) once per shard and look each row up in the shard. */
    if (kl_db_exec(db, "INSERT INTO main.facets(conv, lang, lang_name, refused, concern, turns, "
                       "task, summary, backend, model, created_at) SELECT c.rowid, f.lang, "
                       "f.lang_name, f.refused, f.concern, f.turns, f.task, f.summary, f.backend, "
                       "f.model, f.created_at FROM s.facets f JOIN s.conversations sc ON sc.rowid = "
                       "f.conv CROSS JOIN main.conversations c ON c.id = sc.id WHERE NOT EXISTS (SELECT 1 "
                       "FROM main.facets g WHERE g.conv = c.rowid) ORDER BY c.rowid") != 0)
        return 1;
    int64_t added = sqlite3_changes(db);
    /* The raw text goes where the shard's facets run dropped it (unless it kept it). */
    if (kl_db_exec(db, "UPDATE main.conversations SET raw = NULL WHERE raw IS NOT NULL AND id IN "
                       "(SELECT id FROM s.conversations WHERE raw IS NULL)") != 0)
        return 1;
    int64_t custom = 0;
    int crc = merge_custom(db, path, &custom);
    if (crc != 0)
        return crc;
    int64_t cached = 0;
    if (kl_sql_count(db, "SELECT count(*) FROM s.sqlite_schema WHERE type = 'table' AND name = "
                  "'model_cache'") > 0) {
        if (kl_db_exec(db, kl_llm_cache_schema_sql) != 0 ||
            kl_db_exec(db, "INSERT OR IGNORE INTO main.model_cache(key, response, created_at) "
                           "SELECT key, response, created_at FROM s.model_cache") != 0)
            return 1;
        cached = sqlite3_changes(db);
    }
    int64_t have = kl_sql_count(db, "SELECT count(*) FROM s.conversations sc JOIN"
                                    " main.conversations c ON c.id = sc.id"
                                    " JOIN main.facets f ON f.conv = c.rowid");
    if (have != convs) {
        kl_error("merge: %s: after the merge %lld of %lld conversations have facets", path,
                 (long long)have, (long long)convs);
        return 1;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO shard_merged(shard, shards, origin, "
                               "conversations, facets_added, cache_added, merged_at) "
                               "VALUES(?,?,?,?,?,?,?)", -1, &st, NULL) != SQLITE_OK) {
        kl_error("%s", sqlite3_errmsg(db));
        return 1;
    }
    sqlite3_bind_int64(st, 1, si->index);
    sqlite3_bind_int64(st, 2, si->shards);
    sqlite3_bind_text(st, 3, si->origin, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, convs);
    sqlite3_bind_int64(st, 5, added);
    sqlite3_bind_int64(st, 6, cached);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)time(NULL));
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : 1;
    if (rc)
        kl_error("%s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    if (rc == 0) {
        test_stall(nth);
        kl_info("merge: %s: %lld conversations, %lld facets added (%lld already there), %lld "
                "custom facet values added, %lld model-cache rows added", path, (long long)convs,
                (long long)added, (long long)(convs - added), (long long)custom, (long long)cached);
    }
    return rc;
}

/* One shard, attached as s. 0 merged or already merged, 1 database error, 2 refused. */
static int merge_one(sqlite3 *db, const char *origin, const char *path, int nth)
{
    if (access(path, R_OK) != 0) {
        kl_error("merge: %s: no such shard", path);
        return 2;
    }
    if (shard_bind_exec(db, "ATTACH ? AS s", path) != 0)
        return 1;
    int rc = 0, app = 0;
    shard_info si = {0};
    if (kl_sql_int(db, "PRAGMA s.application_id", &app) != 0 || app != KL_WORKDB_APP_ID ||
        kl_sql_count(db, "SELECT count(*) FROM s.sqlite_schema WHERE name = 'shard_info'") != 1 ||
        read_info(db, &si) != 0) {
        kl_error("merge: %s: not a shard of a kleio work database (make shards with kleio shard)",
                 path);
        rc = 2;
    } else if (si.format != KL_SHARD_FORMAT || strcmp(si.version, KLEIO_VERSION) != 0) {
        kl_error("merge: %s: written by kleio %s (shard format %lld); this is kleio %s (format %d): "
                 "split again with this version", path, si.version, (long long)si.format,
                 KLEIO_VERSION, KL_SHARD_FORMAT);
        rc = 2;
    } else if (strcmp(si.origin, origin) != 0) {
        kl_error("merge: %s: a shard of another work database (origin %s, this one is %s)", path,
                 si.origin, *origin ? origin : "never split");
        rc = 2;
    } else {
        char sql[256], done_s[32];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM shard_merged WHERE shard = %lld AND shards = "
                 "%lld AND origin = ?", (long long)si.index, (long long)si.shards);
        int64_t done = shard_text(db, sql, origin, done_s, sizeof done_s) == 0 ? atoll(done_s) : -1;
        if (done < 0) {
            rc = 1;
        } else if (done > 0) {
            kl_info("merge: %s: already merged (shard %lld of %lld)", path, (long long)si.index,
                    (long long)si.shards);
        } else if (kl_db_exec(db, "BEGIN IMMEDIATE") != 0) {
            rc = 1;
        } else {
            rc = merge_rows(db, path, &si, nth);
            if (rc == 0 && kl_db_exec(db, "COMMIT") != 0)
                rc = 1;
            if (rc != 0)
                sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        }
    }
    if (kl_db_exec(db, "DETACH s") != 0 && rc == 0)
        rc = 1;
    return rc;
}

int kl_shard_merge(const char *work, char *const *shards, size_t n)
{
    char err[512], origin[64] = "";
    if (access(work, F_OK) != 0) {
        kl_error("%s: no such work database", work);
        return 2;
    }
    sqlite3 *db = kl_workdb_open(work, 0, err, sizeof err);
    if (!db) {
        kl_error("%s", err);
        return 2;
    }
    if (shard_register(db) != 0 || kl_db_exec(db, ledger_sql) != 0) {
        kl_workdb_close(db);
        return 1;
    }
    if (kl_sql_count(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'shard_origin'") == 1)
        shard_text(db, "SELECT id FROM shard_origin LIMIT 1", NULL, origin, sizeof origin);
    int worst = 0;
    for (size_t i = 0; i < n; i++) {
        int rc = merge_one(db, origin, shards[i], (int)i + 1);
        if (rc > worst)
            worst = rc;
    }
    int64_t total = kl_sql_count(db, "SELECT count(*) FROM conversations");
    int64_t with = kl_sql_count(db, "SELECT count(*) FROM facets");
    if (worst == 0 && total >= 0 && with >= 0)
        kl_info("merge: %s: %lld of %lld conversations have facets", work, (long long)with,
                (long long)total);
    kl_workdb_close(db);
    return worst;
}
