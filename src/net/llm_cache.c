/* llm_cache.c — the model-call cache: one SQLite connection of its own to the work
 * database, serialised by a mutex, so worker threads never share the stage's connection. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "kleio/log.h"
#include "kleio/mem.h"
#include "llm_cache.h"

struct kl_llm_cache {
    sqlite3 *db;
    sqlite3_stmt *get, *put;
    pthread_mutex_t mu;
    bool warned;
};

const char kl_llm_cache_schema_sql[] =
    "CREATE TABLE IF NOT EXISTS model_cache(key TEXT PRIMARY KEY, response TEXT NOT NULL, "
    "created_at INTEGER NOT NULL)";

kl_llm_cache *kl_llm_cache_open(const char *path, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: model cache: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 30000);
    /* Each answer commits on its own (a long transaction would block the stage's writer);
     * without an fsync per commit that costs ~10x less, and a power cut can only lose the
     * last few answers, which are then asked again. The work database is in WAL mode. */
    sqlite3_exec(db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
    kl_llm_cache *c = kl_calloc(1, sizeof *c);
    c->db = db;
    if (sqlite3_exec(db, kl_llm_cache_schema_sql, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT response FROM model_cache WHERE key = ?", -1, &c->get, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO model_cache(key, response, created_at) VALUES(?,?,?)",
                           -1, &c->put, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: model cache: %s", path, sqlite3_errmsg(db));
        sqlite3_finalize(c->get);
        sqlite3_finalize(c->put);
        sqlite3_close(db);
        free(c);
        return NULL;
    }
    pthread_mutex_init(&c->mu, NULL);
    return c;
}

void kl_llm_cache_close(kl_llm_cache *c)
{
    if (!c)
        return;
    sqlite3_finalize(c->get);
    sqlite3_finalize(c->put);
    sqlite3_close(c->db);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

char *kl_llm_cache_get(kl_llm_cache *c, const char *key)
{
    if (!c)
        return NULL;
    char *out = NULL;
    pthread_mutex_lock(&c->mu);
    sqlite3_reset(c->get);
    sqlite3_bind_text(c->get, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(c->get) == SQLITE_ROW) {
        const char *s = (const char *)sqlite3_column_text(c->get, 0);
        out = s ? kl_strdup(s) : NULL;
    }
    sqlite3_reset(c->get);
    pthread_mutex_unlock(&c->mu);
    return out;
}

void kl_llm_cache_put(kl_llm_cache *c, const char *key, const char *response)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->mu);
    sqlite3_reset(c->put);
    sqlite3_bind_text(c->put, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(c->put, 2, response, -1, SQLITE_STATIC);
    sqlite3_bind_int64(c->put, 3, (sqlite3_int64)time(NULL));
    if (sqlite3_step(c->put) != SQLITE_DONE && !c->warned) {
        c->warned = true;
        kl_warn("%s: model cache: %s (answers are not cached)", sqlite3_db_filename(c->db, "main"),
                sqlite3_errmsg(c->db));
    }
    sqlite3_reset(c->put);
    pthread_mutex_unlock(&c->mu);
}
