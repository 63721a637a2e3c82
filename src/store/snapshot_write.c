/* snapshot_write.c — the v1 schema and creating an empty snapshot. */
#include "kleio/snapshot.h"
#include "kleio/snapshot_meta.h"

#include <stdio.h>
#include <sys/stat.h>

const char kl_snapshot_schema_sql[] =
    "CREATE TABLE meta(\n"
    "  key TEXT PRIMARY KEY NOT NULL,\n"
    "  value TEXT NOT NULL\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE clusters(\n"
    "  id INTEGER PRIMARY KEY CHECK(id > 0),\n"
    "  parent_id INTEGER REFERENCES clusters(id),\n"
    "  level INTEGER NOT NULL CHECK(level >= 0),\n"
    "  name TEXT NOT NULL,\n"
    "  description TEXT NOT NULL DEFAULT '',\n"
    "  is_other INTEGER NOT NULL DEFAULT 0 CHECK(is_other IN (0,1)),\n"
    "  flags INTEGER NOT NULL DEFAULT 0,\n"
    "  x REAL NOT NULL DEFAULT 0.5,\n"
    "  y REAL NOT NULL DEFAULT 0.5,\n"
    "  extent REAL NOT NULL DEFAULT 0,\n"
    "  conversations INTEGER NOT NULL,\n"
    "  users INTEGER NOT NULL,\n"
    "  refused INTEGER NOT NULL,\n"
    "  concern_sum INTEGER NOT NULL,\n"
    "  density BLOB\n"
    ");\n"
    "CREATE INDEX clusters_by_parent ON clusters(parent_id);\n"
    "CREATE TABLE languages(\n"
    "  code TEXT PRIMARY KEY NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  suppressed INTEGER NOT NULL DEFAULT 0 CHECK(suppressed IN (0,1)),\n"
    "  conversations INTEGER,\n"
    "  users INTEGER,\n"
    "  refused INTEGER,\n"
    "  concern_sum INTEGER\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE cluster_lang(\n"
    "  cluster_id INTEGER NOT NULL REFERENCES clusters(id),\n"
    "  lang TEXT NOT NULL,\n"
    "  suppressed INTEGER NOT NULL DEFAULT 0 CHECK(suppressed IN (0,1)),\n"
    "  conversations INTEGER,\n"
    "  users INTEGER,\n"
    "  refused INTEGER,\n"
    "  concern_sum INTEGER,\n"
    "  PRIMARY KEY(cluster_id, lang),\n"
    "  CHECK(suppressed = 0 OR (conversations IS NULL AND users IS NULL\n"
    "                           AND refused IS NULL AND concern_sum IS NULL))\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX cluster_lang_by_lang ON cluster_lang(lang, cluster_id);\n"
    "CREATE TABLE cluster_time(\n"
    "  cluster_id INTEGER NOT NULL REFERENCES clusters(id),\n"
    "  lang TEXT NOT NULL,\n"
    "  bucket TEXT NOT NULL,\n"
    "  suppressed INTEGER NOT NULL DEFAULT 0 CHECK(suppressed IN (0,1)),\n"
    "  conversations INTEGER,\n"
    "  refused INTEGER,\n"
    "  PRIMARY KEY(cluster_id, lang, bucket),\n"
    "  CHECK(suppressed = 0 OR (conversations IS NULL AND refused IS NULL))\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE custom_facets(\n"
    "  name TEXT PRIMARY KEY NOT NULL,\n"
    "  pos INTEGER NOT NULL,\n"
    "  type TEXT NOT NULL CHECK(type IN ('choice','number')),\n"
    "  question TEXT NOT NULL,\n"
    "  spec TEXT NOT NULL\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE cluster_custom(\n"
    "  cluster_id INTEGER NOT NULL REFERENCES clusters(id),\n"
    "  facet TEXT NOT NULL,\n"
    "  value TEXT NOT NULL,\n"
    "  suppressed INTEGER NOT NULL DEFAULT 0 CHECK(suppressed IN (0,1)),\n"
    "  conversations INTEGER,\n"
    "  PRIMARY KEY(cluster_id, facet, value),\n"
    "  CHECK(suppressed = 0 OR conversations IS NULL)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE custom_totals(\n"
    "  facet TEXT NOT NULL,\n"
    "  value TEXT NOT NULL,\n"
    "  suppressed INTEGER NOT NULL DEFAULT 0 CHECK(suppressed IN (0,1)),\n"
    "  conversations INTEGER,\n"
    "  PRIMARY KEY(facet, value),\n"
    "  CHECK(suppressed = 0 OR conversations IS NULL)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE cluster_custom_mean(\n"
    "  cluster_id INTEGER NOT NULL REFERENCES clusters(id),\n"
    "  facet TEXT NOT NULL,\n"
    "  answered INTEGER NOT NULL,\n"
    "  mean REAL NOT NULL,\n"
    "  ci REAL NOT NULL,\n"
    "  PRIMARY KEY(cluster_id, facet)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE lineage(\n"
    "  cluster_id INTEGER NOT NULL REFERENCES clusters(id),\n"
    "  previous_id INTEGER NOT NULL,\n"
    "  shared INTEGER NOT NULL,\n"
    "  PRIMARY KEY(cluster_id, previous_id)\n"
    ") WITHOUT ROWID;\n";

int kl_snapshot_put_meta(sqlite3 *db, const char *key, const char *value)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)", -1, &st,
                           NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

sqlite3 *kl_snapshot_create(const char *path, char *err, size_t errlen)
{
    struct stat sb;
    if (stat(path, &sb) == 0) {
        snprintf(err, errlen, "%s: already exists", path);
        return NULL;
    }
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {   /* out of memory leaves no handle: the code says why */
        snprintf(err, errlen, "%s: %s", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return NULL;
    }
    char pragmas[160];
    snprintf(pragmas, sizeof pragmas,
             "PRAGMA journal_mode=DELETE; PRAGMA application_id=%d; PRAGMA user_version=%d;",
             KL_SNAPSHOT_APP_ID, KL_SNAPSHOT_VERSION);
    char *msg = NULL;
    if (sqlite3_exec(db, pragmas, NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(db, "BEGIN", NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(db, kl_snapshot_schema_sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        sqlite3_close(db);
        remove(path);
        return NULL;
    }
    char version[16];
    snprintf(version, sizeof version, "%d", KL_SNAPSHOT_VERSION);
    if (kl_snapshot_put_meta(db, KL_META(FORMAT), KL_SNAPSHOT_FORMAT) != 0 ||
        kl_snapshot_put_meta(db, KL_META(SCHEMA_VERSION), version) != 0 ||
        sqlite3_exec(db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        sqlite3_close(db);
        remove(path);
        return NULL;
    }
    return db;
}
