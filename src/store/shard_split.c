/* shard_split.c — `kleio shard`: one work database into N shard work databases, users
 * hashed to shards. */
#include "kleio/shard.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kleio/custom_facets.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/parallel.h"
#include "kleio/private_file.h"
#include "kleio/rng.h"
#include "kleio/sha256.h"
#include "kleio/sql.h"
#include "kleio/workdb.h"
#include "shard_impl.h"

unsigned kl_shard_of(const char *user_id, size_t len, unsigned n)
{
    unsigned char d[32];
    kl_sha256 s;
    kl_sha256_init(&s);
    kl_sha256_update(&s, user_id, len);
    kl_sha256_final(&s, d);
    uint64_t h = 0;
    for (int i = 0; i < 8; i++)
        h = h << 8 | d[i];
    return n ? (unsigned)(h % n) : 0;
}

/* SQL kl_shard(user_id, n): the same function inside queries. */
static void sql_shard(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const unsigned char *u = sqlite3_value_text(argv[0]);
    sqlite3_int64 n = sqlite3_value_int64(argv[1]);
    if (!u || n < 1 || n > KL_SHARD_MAX) {
        sqlite3_result_null(ctx);
        return;
    }
    sqlite3_result_int64(ctx, kl_shard_of((const char *)u, (size_t)sqlite3_value_bytes(argv[0]),
                                          (unsigned)n));
}

/* SQL kl_seedhash(text, seed): kl_hash_str, as a signed 64-bit integer (an order only). */
static void sql_seedhash(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const unsigned char *t = sqlite3_value_text(argv[0]);
    uint64_t h = kl_hash_str(t ? (const char *)t : "", (uint64_t)sqlite3_value_int64(argv[1]));
    sqlite3_result_int64(ctx, (sqlite3_int64)(h >> 1));
}

int shard_register(sqlite3 *db)
{
    return sqlite3_create_function(db, "kl_shard", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                   sql_shard, NULL, NULL) == SQLITE_OK &&
           sqlite3_create_function(db, "kl_seedhash", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                   sql_seedhash, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int shard_text(sqlite3 *db, const char *sql, const char *arg, char *out, size_t outlen)
{
    sqlite3_stmt *st = NULL;
    int rc = -1;
    out[0] = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    if (arg)
        sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
        snprintf(out, outlen, "%s", (const char *)sqlite3_column_text(st, 0));
        rc = 0;
    }
    sqlite3_finalize(st);
    return rc;
}

int shard_bind_exec(sqlite3 *db, const char *sql, const char *arg)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        kl_error("%s: %s", sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
        return -1;
    }
    sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        kl_error("%s: %s", sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

/* The work database's id: 128 random bits made once, so a shard names where it came from
 * (a copy of the work database keeps the id: its shards merge into either copy). */
int shard_origin_id(sqlite3 *db, char id[33])
{
    if (kl_db_exec(db, "BEGIN IMMEDIATE") != 0)
        return -1;
    if (kl_db_exec(db, "CREATE TABLE IF NOT EXISTS shard_origin(id TEXT NOT NULL)") != 0)
        goto fail;
    if (shard_text(db, "SELECT id FROM shard_origin LIMIT 1", NULL, id, 33) != 0) {
        unsigned char r[16];
        int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
        ssize_t got = fd >= 0 ? read(fd, r, sizeof r) : -1;
        if (fd >= 0)
            close(fd);
        if (got != (ssize_t)sizeof r) { /* no urandom: time and pid, hashed */
            char seed[64];
            snprintf(seed, sizeof seed, "%lld.%ld", (long long)time(NULL), (long)getpid());
            unsigned char d[32];
            kl_sha256 s;
            kl_sha256_init(&s);
            kl_sha256_update(&s, seed, strlen(seed));
            kl_sha256_final(&s, d);
            memcpy(r, d, sizeof r);
        }
        for (int i = 0; i < 16; i++)
            snprintf(id + 2 * i, 3, "%02x", r[i]);
        if (shard_bind_exec(db, "INSERT INTO shard_origin(id) VALUES(?)", id) != 0)
            goto fail;
    }
    if (kl_db_exec(db, "COMMIT") == 0)
        return 0;
fail:
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

void shard_remove_db(const char *path)
{
    char p[4400];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

int shard_fill(sqlite3 *db, const char *tmp, const char *begin, const char *pick, const char *info,
               const char *origin, long long *convs, long long *users)
{
    char err[512];
    sqlite3 *sdb = kl_workdb_open(tmp, 1, err, sizeof err); /* schema, ids, mode 0600 */
    if (!sdb) {
        kl_error("shard: %s", err);
        return -1;
    }
    /* The custom facets travel with the shard: its facets run asks the same questions (the
     * work database's own tables are made by the caller, before it takes its lock). */
    int made = kl_db_exec(sdb, kl_custom_schema_sql);
    kl_workdb_close(sdb);
    if (made != 0)
        return -1;
    if (shard_bind_exec(db, "ATTACH ? AS s", tmp) != 0)
        return -1;
    char sql[4096];
    snprintf(sql, sizeof sql,
             "%s;"
             "CREATE TABLE s.shard_info(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
             /* id order: the shard's rowids depend on its set of conversations only */
             "INSERT INTO s.conversations(id, user_id, org_id, ts, n_messages, user_turns,"
             "  content_hash, raw, source, ingested_at)"
             " SELECT id, user_id, org_id, ts, n_messages, user_turns, content_hash, raw, source,"
             "  ingested_at FROM main.conversations WHERE rowid IN (%s) ORDER BY id;"
             "INSERT INTO s.facets(conv, lang, lang_name, refused, concern, turns, task, summary,"
             "  backend, model, created_at)"
             " SELECT sc.rowid, f.lang, f.lang_name, f.refused, f.concern, f.turns, f.task, f.summary,"
             "  f.backend, f.model, f.created_at FROM s.conversations sc"
             " JOIN main.conversations c ON c.id = sc.id JOIN main.facets f ON f.conv = c.rowid"
             " ORDER BY sc.rowid;"
             "INSERT INTO s.custom_facet_defs SELECT name, pos, type, question, spec"
             " FROM main.custom_facet_defs;"
             "INSERT INTO s.custom_facet_values(conv, facet, value, number, source)"
             " SELECT sc.rowid, v.facet, v.value, v.number, v.source FROM s.conversations sc"
             " JOIN main.conversations c ON c.id = sc.id"
             " JOIN main.custom_facet_values v ON v.conv = c.rowid ORDER BY sc.rowid, v.facet;"
             "INSERT INTO s.shard_info VALUES %s, ('code_version', '%s'), ('format', '%d');",
             begin, pick, info, KLEIO_VERSION, KL_SHARD_FORMAT);
    int rc = kl_db_exec(db, sql);
    if (rc == 0)
        rc = shard_bind_exec(db, "INSERT INTO s.shard_info VALUES('origin', ?)", origin);
    if (rc == 0) {
        sqlite3_stmt *st = NULL;
        rc = sqlite3_prepare_v2(db, "SELECT count(*), count(DISTINCT user_id) FROM s.conversations",
                                -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW ? 0 : -1;
        if (rc == 0) {
            *convs = sqlite3_column_int64(st, 0);
            *users = sqlite3_column_int64(st, 1);
        }
        sqlite3_finalize(st);
        snprintf(sql, sizeof sql, "INSERT INTO s.shard_info VALUES('conversations', '%lld')", *convs);
        if (rc == 0)
            rc = kl_db_exec(db, sql);
    }
    if (rc == 0)
        rc = kl_db_exec(db, "COMMIT");
    else
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    if (kl_db_exec(db, "DETACH s") != 0)
        rc = -1;
    return rc;
}

/* The shards of a split: shard i is written by thread i mod threads, on its own connection. */
typedef struct split_job {
    const char *work, *dir, *origin;
    unsigned n;
    int *failed;               /* per shard */
    long long *convs, *users;  /* per shard */
} split_job;

static void split_worker(void *ctx, int t, int nt)
{
    const split_job *j = ctx;
    sqlite3 *db = NULL;
    /* Not kl_workdb_open: that writes the schema, and the splitting connection holds the
     * work database's write lock; reading through WAL is not blocked by it. */
    bool ok = sqlite3_open_v2(j->work, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK;
    if (ok) {
        sqlite3_busy_timeout(db, 10000);
        ok = shard_register(db) == 0;
    }
    /* One pass hashes every user and keeps this thread's shards' rows, so each shard then
     * reads its own rows by rowid (the work database is read once per thread). */
    char sql[320];
    snprintf(sql, sizeof sql, "CREATE TEMP TABLE shard_map(shard INTEGER NOT NULL, conv INTEGER NOT NULL,"
             " PRIMARY KEY(shard, conv)) WITHOUT ROWID; INSERT INTO temp.shard_map SELECT s, r FROM"
             " (SELECT kl_shard(user_id, %u) AS s, rowid AS r FROM main.conversations) WHERE s %% %d = %d",
             j->n, nt, t);
    ok = ok && kl_db_exec(db, sql) == 0;
    if (!ok && db)
        kl_error("shard: %s: %s", j->work, sqlite3_errmsg(db));
    for (unsigned i = (unsigned)t; i < j->n; i += (unsigned)nt) {
        char tmp[4200], pick[128], info[96];
        snprintf(tmp, sizeof tmp, "%s/shard-%u.db.part", j->dir, i);
        shard_remove_db(tmp); /* a split killed before */
        snprintf(pick, sizeof pick, "SELECT conv FROM temp.shard_map WHERE shard = %u", i);
        snprintf(info, sizeof info, "('index', '%u'), ('shards', '%u')", i, j->n);
        /* BEGIN, not BEGIN IMMEDIATE: only the shard is written, and an immediate
         * transaction would also want the work database's write lock. */
        j->failed[i] = !ok || shard_fill(db, tmp, "BEGIN", pick, info, j->origin, &j->convs[i],
                                         &j->users[i]) != 0;
    }
    sqlite3_close(db);
}

/* A stale -wal beside the shard's name would be replayed into it (private_file.h). */
static int rename_shard(const char *tmp, const char *path)
{
    kl_private_drop_stale_logs(path);
    return rename(tmp, path);
}

int kl_shard_split(const char *work, unsigned n, const char *dir)
{
    char err[512], id[33];
    if (n < 1 || n > KL_SHARD_MAX) {
        kl_error("shard: --shards must be from 1 to %d", KL_SHARD_MAX);
        return 2;
    }
    if (access(work, F_OK) != 0) {
        kl_error("%s: no such work database (create it with kleio ingest)", work);
        return 2;
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        kl_error("shard: %s: %s", dir, strerror(errno));
        return 1;
    }
    char path[4096], tmp[4200];
    for (unsigned i = 0; i < n; i++) { /* refuse before writing anything */
        snprintf(path, sizeof path, "%s/shard-%u.db", dir, i);
        if (access(path, F_OK) == 0) {
            kl_error("shard: %s exists (remove the old shards or choose another --out)", path);
            return 2;
        }
    }
    sqlite3 *db = kl_workdb_open(work, 0, err, sizeof err);
    if (!db) {
        kl_error("%s", err);
        return 2;
    }
    if (shard_register(db) != 0 || shard_origin_id(db, id) != 0 ||
        kl_db_exec(db, kl_custom_schema_sql) != 0) {
        kl_workdb_close(db);
        return 1;
    }
    /* The write lock for the whole split: no conversation comes or goes while the shards
     * read, so every shard sees the same work database. */
    if (kl_db_exec(db, "BEGIN IMMEDIATE") != 0) {
        kl_workdb_close(db);
        return 1;
    }
    /* The shards are written in parallel, one thread per processor at most. */
    int *failed = kl_calloc(n, sizeof *failed);
    long long *convs = kl_calloc(n, sizeof *convs), *users = kl_calloc(n, sizeof *users);
    split_job job = {work, dir, id, n, failed, convs, users};
    int nt = kl_threads_resolve(0);
    kl_parallel_run(nt < (int)n ? nt : (int)n, split_worker, &job);
    int rc = 0;
    long long total = 0;
    for (unsigned i = 0; i < n; i++)
        if (failed[i])
            rc = 1;
    for (unsigned i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/shard-%u.db", dir, i);
        snprintf(tmp, sizeof tmp, "%s.part", path);
        if (rc != 0) {
            shard_remove_db(tmp);
        } else if (rename_shard(tmp, path) != 0) {
            kl_error("shard: %s: %s", path, strerror(errno));
            shard_remove_db(tmp);
            rc = 1;
        } else {
            kl_info("shard: %s: %lld conversations, %lld users", path, convs[i], users[i]);
            total += convs[i];
        }
    }
    int all = 0;
    if (rc == 0 && kl_sql_int(db, "SELECT count(*) FROM conversations", &all) == 0 && all != total) {
        kl_error("shard: %lld conversations in the shards, %d in %s", total, all, work);
        rc = 1;
    }
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL); /* nothing was written: the lock only */
    free(failed);
    free(convs);
    free(users);
    kl_workdb_close(db);
    return rc;
}
