/* stages.c — the run_* tables of the work database and the record of finished stages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include "kleio/log.h"
#include "kleio/pipeline.h"
#include "kleio/rng.h"
#include "kleio/workdb.h"
#include "run_internal.h"

static const char run_schema_sql[] =
    "CREATE TABLE IF NOT EXISTS run_stages(\n"
    "  name TEXT PRIMARY KEY NOT NULL,\n"
    "  params_hash TEXT NOT NULL,\n"
    "  input_hash TEXT NOT NULL,\n"
    "  finished_at INTEGER NOT NULL,\n"
    "  summary TEXT NOT NULL DEFAULT ''\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS run_embed_model(\n"
    "  id INTEGER PRIMARY KEY CHECK(id = 1),\n"
    "  dim INTEGER NOT NULL,\n"
    "  model BLOB\n"
    ");\n"
    /* The mean embedding of each language, subtracted from its rows (multilingual
     * corpora, stage_embed.c), for new rows of an incremental run. */
    "CREATE TABLE IF NOT EXISTS run_embed_centre(\n"
    "  lang TEXT PRIMARY KEY NOT NULL,\n"
    "  mean BLOB NOT NULL\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS run_embeddings(\n"
    "  conv INTEGER PRIMARY KEY,\n"
    "  vec BLOB NOT NULL\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS run_leaves(\n"
    "  idx INTEGER PRIMARY KEY,\n"
    "  size REAL NOT NULL,\n"
    "  centroid BLOB NOT NULL\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS run_assign(\n"
    "  conv INTEGER PRIMARY KEY,\n"
    "  leaf INTEGER NOT NULL\n"
    ");\n"
    /* The tree as built: level 0 = leaves (hierarchy order); parent is an idx one level up. */
    "CREATE TABLE IF NOT EXISTS run_clusters(\n"
    "  level INTEGER NOT NULL,\n"
    "  idx INTEGER NOT NULL,\n"
    "  parent INTEGER,\n"
    "  size REAL NOT NULL,\n"
    "  centroid BLOB,\n"
    "  name TEXT,\n"
    "  description TEXT,\n"
    "  x REAL, y REAL, extent REAL,\n"
    "  density BLOB,\n"
    "  PRIMARY KEY(level, idx)\n"
    ") WITHOUT ROWID;\n"
    /* The deterministic tree as the hierarchy stage built it: the name stage starts from
     * it, since with a model it rewrites run_clusters' tree (stage_hier_model.c). */
    "CREATE TABLE IF NOT EXISTS run_hier_det(\n"
    "  level INTEGER NOT NULL,\n"
    "  idx INTEGER NOT NULL,\n"
    "  parent INTEGER,\n"
    "  size REAL NOT NULL,\n"
    "  centroid BLOB,\n"
    "  PRIMARY KEY(level, idx)\n"
    ") WITHOUT ROWID;\n"
    /* What the privacy stage decided to publish, in snapshot terms (level 0 = top). */
    "CREATE TABLE IF NOT EXISTS run_pub_clusters(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  parent_id INTEGER,\n"
    "  level INTEGER NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  description TEXT NOT NULL,\n"
    "  is_other INTEGER NOT NULL,\n"
    "  flags INTEGER NOT NULL,\n"
    "  x REAL NOT NULL, y REAL NOT NULL, extent REAL NOT NULL,\n"
    "  conversations INTEGER NOT NULL, users INTEGER NOT NULL,\n"
    "  refused INTEGER NOT NULL, concern_sum INTEGER NOT NULL,\n"
    "  density BLOB,\n"
    "  work_level INTEGER, work_idx INTEGER\n"
    ");\n"
    /* For measurement only: the deepest published cluster holding each leaf's members. */
    "CREATE TABLE IF NOT EXISTS run_pub_leaf(\n"
    "  leaf INTEGER PRIMARY KEY, cluster_id INTEGER NOT NULL\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS run_pub_lang(\n"
    "  cluster_id INTEGER NOT NULL, lang TEXT NOT NULL, suppressed INTEGER NOT NULL,\n"
    "  conversations INTEGER, users INTEGER, refused INTEGER, concern_sum INTEGER,\n"
    "  PRIMARY KEY(cluster_id, lang)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS run_pub_time(\n"
    "  cluster_id INTEGER NOT NULL, lang TEXT NOT NULL, bucket TEXT NOT NULL,\n"
    "  suppressed INTEGER NOT NULL, conversations INTEGER, refused INTEGER,\n"
    "  PRIMARY KEY(cluster_id, lang, bucket)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS run_pub_languages(\n"
    "  code TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, suppressed INTEGER NOT NULL,\n"
    "  conversations INTEGER, users INTEGER, refused INTEGER, concern_sum INTEGER\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS run_pub_custom(\n"
    "  cluster_id INTEGER NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL,\n"
    "  suppressed INTEGER NOT NULL, conversations INTEGER,\n"
    "  PRIMARY KEY(cluster_id, facet, value)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS run_pub_custom_mean(\n"
    "  cluster_id INTEGER NOT NULL, facet TEXT NOT NULL, answered INTEGER NOT NULL,\n"
    "  mean REAL NOT NULL, ci REAL NOT NULL, PRIMARY KEY(cluster_id, facet)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS run_pub_custom_facets(\n"
    "  name TEXT PRIMARY KEY NOT NULL, pos INTEGER NOT NULL, type TEXT NOT NULL,\n"
    "  question TEXT NOT NULL, spec TEXT NOT NULL\n"
") WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS run_screen(\n"
    "  screen TEXT NOT NULL, conv INTEGER NOT NULL REFERENCES conversations(rowid) ON DELETE CASCADE,\n"
    "  pass INTEGER NOT NULL CHECK(pass IN (0,1,2)), PRIMARY KEY(screen, conv)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS run_pub_meta(\n"
    "  key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL\n"
    ") WITHOUT ROWID;\n";

int kl_run_schema(sqlite3 *db)
{
    return kl_db_exec(db, run_schema_sql);
}

static void hex(uint64_t h, char out[17])
{
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

bool kl_stage_fresh(sqlite3 *db, const char *name, uint64_t params_hash, uint64_t input_hash)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
                           "SELECT 1 FROM run_stages WHERE name = ?1 AND params_hash = ?2"
                           " AND input_hash = ?3",
                           -1, &st, NULL) != SQLITE_OK)
        return false;
    char ph[17], ih[17];
    hex(params_hash, ph);
    hex(input_hash, ih);
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, ph, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, ih, -1, SQLITE_STATIC);
    bool fresh = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return fresh;
}

int kl_stage_record(sqlite3 *db, const char *name, uint64_t params_hash, uint64_t input_hash,
                    const char *summary)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
                           "INSERT OR REPLACE INTO run_stages(name, params_hash, input_hash,"
                           " finished_at, summary) VALUES(?1, ?2, ?3, ?4, ?5)",
                           -1, &st, NULL) != SQLITE_OK) {
        kl_error("run_stages: %s", sqlite3_errmsg(db));
        return -1;
    }
    run_test_stall(name);   /* inside the stage's transaction, its work not yet committed */
    char ph[17], ih[17];
    hex(params_hash, ph);
    hex(input_hash, ih);
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, ph, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, ih, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)time(NULL));
    sqlite3_bind_text(st, 5, summary ? summary : "", -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        kl_error("run_stages: %s", sqlite3_errmsg(db));
        return -1;
    }
    return 0;
}

uint64_t kl_stage_key(const char *name, uint64_t params_hash, uint64_t input_hash)
{
    return kl_mix64(kl_hash_str(name, params_hash) ^ kl_mix64(input_hash + 0x6b6579ULL));
}

int run_begin(sqlite3 *db)
{
    return kl_db_exec(db, "BEGIN IMMEDIATE");
}

int run_commit(sqlite3 *db)
{
    return kl_db_exec(db, "COMMIT");
}

void run_rollback(sqlite3 *db)
{
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

void run_test_stall(const char *point)
{
    const char *want = getenv("KLEIO_TEST_STALL_STAGE");
    if (want && strcmp(want, point) == 0) {
        kl_info("%s: stalling for a test (KLEIO_TEST_STALL_STAGE)", point);
        sleep(60);
    }
}
