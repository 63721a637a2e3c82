/* ingest_store.c — batched, idempotent inserts of normalised conversations.
 * Only INSERTs: a row already stored is never updated or deleted, so re-running an
 * ingest, or ingesting a conflicting export, cannot lose anything. */
#include "kleio/ingest.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kleio/buf.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/workdb.h"

/* One row per input file per run: what was read, for provenance and for the user. */
static const char ingest_schema_sql[] =
    "CREATE TABLE IF NOT EXISTS ingest_files(\n"
    "  rowid INTEGER PRIMARY KEY,\n"
    "  source TEXT NOT NULL,\n"
    "  bytes INTEGER,\n"
    "  lines INTEGER NOT NULL,\n"
    "  ingested INTEGER NOT NULL,\n"
    "  duplicates INTEGER NOT NULL,\n"
    "  rejected INTEGER NOT NULL,\n"
    "  rejected_by_cause TEXT NOT NULL,\n"
    "  complete INTEGER NOT NULL,\n"
    "  started_at INTEGER NOT NULL,\n"
    "  finished_at INTEGER NOT NULL\n"
    ");\n";

struct kl_ingest_store {
    sqlite3 *db;
    sqlite3_stmt *by_hash, *insert, *hash_of_id, *log_file;
    int batch;
    int in_batch;             /* rows written since BEGIN */
    uint64_t committed;       /* rows written in transactions that committed */
    bool open_txn;
    double txn_started;
};

static int prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st)
{
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) {
        kl_error("%s: %s", sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
        return -1;
    }
    return 0;
}

static void finalize_all(kl_ingest_store *s)
{
    sqlite3_finalize(s->by_hash);
    sqlite3_finalize(s->insert);
    sqlite3_finalize(s->hash_of_id);
    sqlite3_finalize(s->log_file);
}

kl_ingest_store *kl_ingest_store_open(sqlite3 *db, int batch)
{
    if (kl_db_exec(db, ingest_schema_sql) != 0)
        return NULL;
    kl_ingest_store *s = kl_calloc(1, sizeof *s);
    s->db = db;
    s->batch = batch > 0 ? batch : 1000;
    if (prepare(db, "SELECT 1 FROM conversations WHERE content_hash = ?1 LIMIT 1", &s->by_hash) ||
        prepare(db,
                "INSERT INTO conversations(id, user_id, org_id, ts, n_messages, user_turns,"
                " content_hash, raw, source, ingested_at)"
                " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT(id) DO NOTHING",
                &s->insert) ||
        prepare(db, "SELECT content_hash FROM conversations WHERE id = ?1", &s->hash_of_id) ||
        prepare(db,
                "INSERT INTO ingest_files(source, bytes, lines, ingested, duplicates, rejected,"
                " rejected_by_cause, complete, started_at, finished_at)"
                " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                &s->log_file)) {
        finalize_all(s);
        free(s);
        return NULL;
    }
    return s;
}

static int db_fail(kl_ingest_store *s)
{
    kl_error("%s: %s", sqlite3_db_filename(s->db, "main"), sqlite3_errmsg(s->db));
    return -1;
}

static int begin(kl_ingest_store *s)
{
    if (s->open_txn)
        return 0;
    if (kl_db_exec(s->db, "BEGIN IMMEDIATE") != 0)
        return -1;
    s->open_txn = true;
    s->in_batch = 0;
    s->txn_started = kl_now();
    return 0;
}

int kl_ingest_store_commit(kl_ingest_store *s)
{
    if (!s->open_txn)
        return 0;
    s->open_txn = false;
    int rows = s->in_batch;
    s->in_batch = 0;
    /* An I/O error or a full disk makes SQLite roll the transaction back itself: the rows
     * are lost (the failing statement reported it) and there is nothing to commit. */
    if (sqlite3_get_autocommit(s->db))
        return -1;
    if (kl_db_exec(s->db, "COMMIT") != 0) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    s->committed += (uint64_t)rows;
    return 0;
}

uint64_t kl_ingest_store_committed(const kl_ingest_store *s)
{
    return s->committed;
}

/* Runs a prepared statement to completion; returns the sqlite3_step result. */
static int step_reset(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

/* The row, unless its content or id is stored already. */
static enum kl_put_result insert(kl_ingest_store *s, const kl_conv *c, const char *source)
{
    sqlite3_bind_text(s->by_hash, 1, c->content_hash, -1, SQLITE_STATIC);
    int rc = step_reset(s->by_hash);
    if (rc == SQLITE_ROW)
        return KL_PUT_DUP_CONTENT;
    if (rc != SQLITE_DONE)
        return db_fail(s), KL_PUT_ERROR;

    sqlite3_stmt *st = s->insert;
    bind_text(st, 1, c->id);
    bind_text(st, 2, c->user_id);
    bind_text(st, 3, c->org_id);
    if (c->has_ts)
        sqlite3_bind_int64(st, 4, c->ts);
    else
        sqlite3_bind_null(st, 4);
    sqlite3_bind_int(st, 5, c->n_messages);
    sqlite3_bind_int(st, 6, c->user_turns);
    bind_text(st, 7, c->content_hash);
    bind_text(st, 8, c->raw);
    bind_text(st, 9, source);
    sqlite3_bind_int64(st, 10, (sqlite3_int64)time(NULL));
    if (step_reset(st) != SQLITE_DONE)
        return db_fail(s), KL_PUT_ERROR;
    enum kl_put_result result = KL_PUT_NEW;
    if (sqlite3_changes(s->db) == 0) {
        /* The id is taken: by this very content (a re-run) or by another one. */
        sqlite3_bind_text(s->hash_of_id, 1, c->id, -1, SQLITE_STATIC);
        rc = sqlite3_step(s->hash_of_id);
        bool same = rc == SQLITE_ROW &&
                    strcmp((const char *)sqlite3_column_text(s->hash_of_id, 0), c->content_hash) == 0;
        sqlite3_reset(s->hash_of_id);
        sqlite3_clear_bindings(s->hash_of_id);
        if (rc != SQLITE_ROW)
            return db_fail(s), KL_PUT_ERROR;
        result = same ? KL_PUT_DUP_ID : KL_PUT_ID_CONFLICT;
    } else {
        s->in_batch++;
    }
    return result;
}

enum kl_put_result kl_ingest_store_put(kl_ingest_store *s, const kl_conv *c, const char *source)
{
    if (begin(s) != 0)
        return KL_PUT_ERROR;
    enum kl_put_result result = insert(s, c, source);
    if (result == KL_PUT_ERROR)
        return result;
    /* A batch ends by size, or after a second (even of duplicates only) so that a slow
     * stream is committed too and other writers are not held off. */
    if (s->in_batch >= s->batch || kl_now() - s->txn_started >= 1.0) {
        if (kl_ingest_store_commit(s) != 0)
            return KL_PUT_ERROR;
    }
    return result;
}

uint64_t kl_ingest_counts_rejected(const kl_ingest_counts *c)
{
    uint64_t n = 0;
    for (int i = 1; i < KL_CAUSE_COUNT; i++)
        n += c->rejected[i];
    return n;
}

int kl_ingest_store_log_file(kl_ingest_store *s, const char *source, uint64_t bytes,
                             const kl_ingest_counts *c, bool complete, int64_t started_at)
{
    if (begin(s) != 0)
        return -1;
    kl_buf causes = KL_BUF_INIT;
    kl_buf_putc(&causes, '{');
    for (int i = 1; i < KL_CAUSE_COUNT; i++)
        if (c->rejected[i])
            kl_buf_printf(&causes, "%s\"%s\":%llu", causes.len > 1 ? "," : "",
                          kl_ingest_cause_name((enum kl_ingest_cause)i),
                          (unsigned long long)c->rejected[i]);
    kl_buf_putc(&causes, '}');
    sqlite3_stmt *st = s->log_file;
    sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
    if (bytes)
        sqlite3_bind_int64(st, 2, (sqlite3_int64)bytes);
    else
        sqlite3_bind_null(st, 2);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)c->lines);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)c->ingested);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)c->duplicates);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)kl_ingest_counts_rejected(c));
    sqlite3_bind_text(st, 7, kl_buf_cstr(&causes), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 8, complete);
    sqlite3_bind_int64(st, 9, started_at);
    sqlite3_bind_int64(st, 10, (sqlite3_int64)time(NULL));
    int rc = step_reset(st);
    kl_buf_free(&causes);
    if (rc != SQLITE_DONE)
        return db_fail(s);
    return kl_ingest_store_commit(s);
}

int kl_ingest_store_close(kl_ingest_store *s)
{
    if (!s)
        return 0;
    int rc = kl_ingest_store_commit(s);
    finalize_all(s);
    free(s);
    return rc;
}
