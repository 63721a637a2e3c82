/* workdb.c — opening, creating and migrating the private work database. */
#include "kleio/sql.h"
#include "kleio/workdb.h"

#include <stdio.h>
#include <string.h>

#include "kleio/log.h"
#include "kleio/private_file.h"

const char kl_workdb_schema_sql[] =
    "CREATE TABLE IF NOT EXISTS conversations(\n"
    "  rowid INTEGER PRIMARY KEY,\n"
    "  id TEXT NOT NULL UNIQUE,\n"
    "  user_id TEXT NOT NULL,\n"
    "  org_id TEXT,\n"
    "  ts INTEGER,\n"
    "  n_messages INTEGER NOT NULL,\n"
    "  user_turns INTEGER NOT NULL,\n"
    "  content_hash TEXT NOT NULL,\n"
    "  raw TEXT,\n"
    "  source TEXT,\n"
    "  ingested_at INTEGER NOT NULL\n"
    ");\n"
    "CREATE INDEX IF NOT EXISTS conversations_hash ON conversations(content_hash);\n"
    "CREATE TABLE IF NOT EXISTS facets(\n"
    "  conv INTEGER PRIMARY KEY REFERENCES conversations(rowid) ON DELETE CASCADE,\n"
    "  lang TEXT NOT NULL,\n"
    "  lang_name TEXT NOT NULL,\n"
    "  refused INTEGER NOT NULL CHECK(refused IN (0,1,2)),\n"
    "  concern INTEGER NOT NULL CHECK(concern BETWEEN 1 AND 5),\n"
    "  turns INTEGER NOT NULL,\n"
    "  task TEXT,\n"
    "  summary TEXT NOT NULL,\n"
    "  backend TEXT NOT NULL,\n"
    "  model TEXT NOT NULL DEFAULT '',\n"
    "  created_at INTEGER NOT NULL\n"
    ");\n";

int kl_db_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        const char *path = sqlite3_db_filename(db, "main");
        kl_error("%s: %s", path && *path ? path : "(database)", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

sqlite3 *kl_workdb_open(const char *path, int create, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    /* Raw conversations: the file is made 0600 before SQLite would create it 0644 under a
     * usual umask. Its -wal and -shm take the database file's mode (SQLite's unix VFS
     * copies it when it creates them). In-memory and URI names are SQLite's to handle. */
    if (*path && strcmp(path, ":memory:") != 0 && strncmp(path, "file:", 5) != 0)
        kl_private_prepare(path, create);
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, db ? sqlite3_errmsg(db) : "cannot open");
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 10000);
    sqlite3_extended_result_codes(db, 1);

    int app_id = 0, version = 0;
    if (kl_sql_int(db, "PRAGMA application_id", &app_id) != 0 ||
        kl_sql_int(db, "PRAGMA user_version", &version) != 0) {
        snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(db));
        sqlite3_close(db);
        return NULL;
    }
    int tables = 0;
    kl_sql_int(db, "SELECT count(*) FROM sqlite_schema", &tables);
    if (app_id != KL_WORKDB_APP_ID && tables > 0) {
        snprintf(err, errlen, "%s: not a kleio work database", path);
        sqlite3_close(db);
        return NULL;
    }
    if (version > KL_WORKDB_VERSION) {
        snprintf(err, errlen, "%s: work database version %d is newer than this kleio supports (%d)",
                 path, version, KL_WORKDB_VERSION);
        sqlite3_close(db);
        return NULL;
    }
    char *msg = NULL;
    const char *setup = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
    if (sqlite3_exec(db, setup, NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(db, kl_workdb_schema_sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(db);
        return NULL;
    }
    char pragma[128];
    snprintf(pragma, sizeof pragma, "PRAGMA application_id=%d; PRAGMA user_version=%d; COMMIT;",
             KL_WORKDB_APP_ID, KL_WORKDB_VERSION);
    if (sqlite3_exec(db, pragma, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

void kl_workdb_close(sqlite3 *db)
{
    sqlite3_close(db);
}
