/* assign.c — `kleio assign` (a fitted model into a work database, every conversation to its
 * nearest leaf) and the assignment half of `kleio merge`. */
#include "kleio/assign.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kleio/log.h"
#include "kleio/rng.h"
#include "kleio/sha256.h"
#include "kleio/sql.h"
#include "kleio/workdb.h"
#include "run_internal.h"

static const char assign_schema_sql[] =
    "CREATE TABLE IF NOT EXISTS assign_model(\n"
    "  id INTEGER PRIMARY KEY CHECK(id = 1),\n"
    "  hash TEXT NOT NULL,\n"
    "  fit TEXT NOT NULL\n"
    ")";

static int attach(sqlite3 *db, const char *path, const char *as)
{
    char sql[64];
    snprintf(sql, sizeof sql, "ATTACH ?1 AS %s", as);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK ? 0 : -1;
    if (rc == 0) {
        sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
    }
    if (rc)
        kl_error("%s: %s", path, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}

/* The hash of the model in schema s (its embedding model and leaf centroids), or "" when
 * it has no complete full run. */
static void model_hash(sqlite3 *db, const char *s, char out[65])
{
    out[0] = 0;
    char sql[256];
    kl_sha256 h;
    kl_sha256_init(&h);
    snprintf(sql, sizeof sql, "SELECT dim, model FROM %s.run_embed_model WHERE id = 1 AND model IS NOT "
             "NULL", s);
    sqlite3_stmt *st = NULL;
    bool have = false;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        int dim = sqlite3_column_int(st, 0);
        kl_sha256_update(&h, &dim, sizeof dim);
        kl_sha256_update(&h, sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1));
        have = true;
    }
    sqlite3_finalize(st);
    size_t k = 0;
    snprintf(sql, sizeof sql, "SELECT centroid FROM %s.run_leaves ORDER BY idx", s);
    if (have && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        int step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            kl_sha256_update(&h, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0));
            k++;
        }
        if (step != SQLITE_DONE) { /* the hash of a part would pass for another model's */
            kl_error("assign: reading the leaves: %s", sqlite3_errmsg(db));
            k = 0;
        }
    }
    sqlite3_finalize(st);
    unsigned char d[32];
    kl_sha256_final(&h, d);
    if (have && k > 0)
        for (int i = 0; i < 32; i++)
            snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void stored_hash(sqlite3 *db, const char *s, char out[65])
{
    out[0] = 0;
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT hash FROM %s.assign_model WHERE id = 1", s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_text(st, 0))
        snprintf(out, 65, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

static int set_hash(sqlite3 *db, const char *hash, const char *fit)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO assign_model(id, hash, fit) VALUES(1, ?1, ?2)",
                                -1, &st, NULL) == SQLITE_OK ? 0 : -1;
    if (rc == 0) {
        sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, fit, -1, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
    }
    if (rc)
        kl_error("%s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}

/* FIT's model tables into WORK; a different model than WORK's clears what it produced. */
static int install(sqlite3 *db, const char *work, const char *fit)
{
    if (attach(db, fit, "f") != 0)
        return 1;
    int rc = 0, app = 0;
    char have[65], want[65];
    if (kl_sql_int(db, "PRAGMA f.application_id", &app) != 0 || app != KL_WORKDB_APP_ID) {
        kl_error("assign: %s: not a kleio work database", fit);
        rc = 2;
    } else if (model_hash(db, "f", want), !*want ||
               kl_sql_count(db, "SELECT count(*) FROM f.sqlite_schema"
                                " WHERE name = 'run_clusters'") != 1 ||
               kl_sql_count(db, "SELECT count(*) FROM f.run_clusters") <= 0) {
        kl_error("assign: %s: no fitted model (run kleio run --work %s first, with offline "
                 "embeddings)", fit, fit);
        rc = 2;
    } else if (kl_db_exec(db, "BEGIN; DELETE FROM main.assign_model WHERE 0") != 0) {
        /* Not BEGIN IMMEDIATE: that takes the write lock of every attached database, the
         * model's too, so shards assigned at once from one model queued on it and gave up
         * after the busy timeout. The model is only read; a deferred transaction whose
         * first statement writes main takes main's lock alone. */
        run_rollback(db);
        rc = 1;
    } else {
        stored_hash(db, "main", have);
        bool same = strcmp(have, want) == 0;
        if (!same)
            kl_info("assign: %s: %s the fitted model of %s", work,
                    *have ? "replacing its model by" : "installing", fit);
        rc = (!same && kl_db_exec(db, "DELETE FROM run_assign; DELETE FROM run_embeddings;"
                                      " DELETE FROM run_stages;") != 0) ||
             kl_db_exec(db, "DELETE FROM run_embed_model; DELETE FROM run_embed_centre;"
                            " DELETE FROM run_leaves; DELETE FROM run_clusters;"
                            " INSERT INTO run_embed_model SELECT * FROM f.run_embed_model;"
                            " INSERT INTO run_embed_centre SELECT * FROM f.run_embed_centre;"
                            " INSERT INTO run_leaves SELECT * FROM f.run_leaves;"
                            " INSERT INTO run_clusters SELECT * FROM f.run_clusters;") != 0 ||
             set_hash(db, want, fit) != 0 ? 1 : 0;
        if (rc == 0 && run_commit(db) != 0)
            rc = 1;
        if (rc)
            run_rollback(db);
    }
    sqlite3_exec(db, "DETACH f", NULL, NULL, NULL);
    return rc;
}

int kl_assign_work(const char *work, const char *fit, uint64_t seed, int threads)
{
    char err[512];
    if (access(work, F_OK) != 0 || access(fit, F_OK) != 0) {
        kl_error("assign: %s: no such work database", access(work, F_OK) != 0 ? work : fit);
        return 2;
    }
    sqlite3 *db = kl_workdb_open(work, 0, err, sizeof err);
    if (!db) {
        kl_error("%s", err);
        return 2;
    }
    int rc = kl_run_schema(db) != 0 || kl_db_exec(db, assign_schema_sql) != 0 ? 1 : 0;
    if (rc == 0)
        rc = install(db, work, fit);
    kl_run_params p;
    kl_run_params_init(&p);
    p.work = work;
    p.seed = seed;
    p.threads = threads;
    run_ctx c;
    memset(&c, 0, sizeof c);
    c.db = db;
    c.p = &p;
    if (rc == 0 && run_corpus_load(&c) != 0)
        rc = 1;
    if (rc == 0 && c.n == 0)
        kl_info("assign: %s: no conversations with facets (run kleio facets first)", work);
    else if (rc == 0 && run_incremental_assign(&c, kl_mix64(0x61737369676eULL), c.data_key) != 0)
        rc = 1;
    run_ctx_free(&c);
    kl_workdb_close(db);
    return rc;
}

/* One shard's assignments, attached as s. 0, 1, 2 as kl_assign_merge. */
static int merge_one(sqlite3 *db, const char *path)
{
    if (attach(db, path, "s") != 0)
        return 1;
    int rc = 0;
    char have[65], theirs[65];
    stored_hash(db, "s", theirs);
    stored_hash(db, "main", have);
    int64_t convs = kl_sql_count(db, "SELECT count(*) FROM s.conversations");
    int64_t assigned = *theirs ? kl_sql_count(db, "SELECT count(*) FROM s.run_assign") : 0;
    if (!*theirs) {
        /* facets only */
    } else if (*have && strcmp(have, theirs) != 0) {
        kl_error("merge: %s: assigned with another fitted model than the work database's (run "
                 "kleio assign on it with the same --model)", path);
        rc = 2;
    } else if (convs < 0 || assigned < 0) {
        rc = 1;
    } else if (assigned != convs) {
        kl_error("merge: %s: %lld of %lld conversations have no leaf (run kleio assign --work %s "
                 "first)", path, (long long)(convs - assigned), (long long)convs, path);
        rc = 2;
    } else if (run_begin(db) != 0) {
        rc = 1;
    } else {
        int64_t added = 0;
        /* The work database's leaves so far came from no fitted model (a full run's, or
         * none): the shards' model replaces them, as kleio assign would. */
        rc = !*have && kl_db_exec(db, "DELETE FROM run_assign; DELETE FROM run_embeddings;"
                                      " DELETE FROM run_stages;") != 0 ? 1 : 0;
        if (rc == 0)
            rc = kl_db_exec(db, "INSERT OR IGNORE INTO main.run_assign(conv, leaf) SELECT c.rowid, "
                            "a.leaf FROM s.run_assign a JOIN s.conversations sc ON sc.rowid = a.conv "
                            "CROSS JOIN main.conversations c ON c.id = sc.id AND c.content_hash = "
                            "sc.content_hash ORDER BY c.rowid") != 0 ? 1 : 0;
        if (rc == 0) {
            added = sqlite3_changes(db);
            int64_t have_n = kl_sql_count(db, "SELECT count(*) FROM s.conversations sc JOIN "
                                       "main.conversations c ON c.id = sc.id JOIN main.run_assign "
                                       "a ON a.conv = c.rowid");
            if (have_n != convs) {
                kl_error("merge: %s: after the merge %lld of %lld conversations have a leaf", path,
                         (long long)have_n, (long long)convs);
                rc = 1;
            }
        }
        /* New leaves change the counts: the recount must not be skipped as up to date. */
        if (rc == 0 && added > 0 && kl_db_exec(db, "DELETE FROM run_stages WHERE name = 'privacy'") != 0)
            rc = 1;
        if (rc == 0 && !*have && set_hash(db, theirs, path) != 0)
            rc = 1;

        if (rc == 0 && run_commit(db) != 0)
            rc = 1;
        if (rc)
            run_rollback(db);
        else
            kl_info("merge: %s: %lld leaf assignments added (%lld already there)", path,
                    (long long)added, (long long)(convs - added));
    }
    sqlite3_exec(db, "DETACH s", NULL, NULL, NULL);
    return rc;
}

int kl_assign_merge(const char *work, char *const *shards, size_t n)
{
    char err[512];
    sqlite3 *db = kl_workdb_open(work, 0, err, sizeof err);
    if (!db) {
        kl_error("%s", err);
        return 2;
    }
    int worst = kl_run_schema(db) != 0 || kl_db_exec(db, assign_schema_sql) != 0 ? 1 : 0;
    for (size_t i = 0; i < n && worst != 1; i++) {
        int rc = merge_one(db, shards[i]);
        if (rc > worst)
            worst = rc;
    }
    kl_workdb_close(db);
    return worst;
}
