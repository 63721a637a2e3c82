/* stable.c — cluster ids that persist across recomputes. Before a snapshot is written,
 * the clusters the privacy stage published (run_pub_*) are matched level by level to the
 * clusters of the work database's previous snapshot (run_published) by shared members
 * (kl_stable_ids), giving run_idmap (privacy id → published id, and the old name when the
 * cluster kept its id and its name barely changed) and run_lineage. The new membership
 * waits in run_published_next until the snapshot is in place; a crash in between is
 * recovered by the next run, which finds that snapshot carrying the pending run key.
 * The lineage is relative to the snapshot whose membership run_published holds; its id
 * (run_published_ids) becomes the new snapshot's previous_snapshot_id, and the new id
 * waits beside the new membership until promoted with it. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/stable_ids.h"
#include "kleio/workdb.h"
#include "run_internal.h"

/* A new cluster inherits an old id when their memberships overlap this much (Jaccard):
 * on a 3k synth corpus with the seed changed, 0.5 kept 43% of ids, 0.3 about 70%, and a
 * greedy best match below 0.3 is more often a different group than the same one. */
#define STABLE_MIN_JACCARD 0.3
/* …and keeps the old name when the words of the two names overlap this much (Jaccard). */
#define STABLE_NAME_JACCARD 0.5

static const char stable_schema_sql[] =
    "CREATE TABLE IF NOT EXISTS run_published(\n"
    "  conv INTEGER NOT NULL, level INTEGER NOT NULL, cluster_id INTEGER NOT NULL,\n"
    "  PRIMARY KEY(conv, level)) WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS run_published_next(\n"
    "  conv INTEGER NOT NULL, level INTEGER NOT NULL, cluster_id INTEGER NOT NULL,\n"
    "  PRIMARY KEY(conv, level)) WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS run_published_names(\n"
    "  cluster_id INTEGER PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS run_published_state(\n"
    "  id INTEGER PRIMARY KEY CHECK(id = 1), next_key TEXT);\n"
    /* The snapshot_id of the snapshot whose membership run_published holds (NULL: unknown,
     * e.g. published before snapshots had ids) and of the one pending under next_key. */
    "CREATE TABLE IF NOT EXISTS run_published_ids(\n"
    "  id INTEGER PRIMARY KEY CHECK(id = 1), snapshot_id TEXT, next_snapshot_id TEXT);\n"
    "CREATE TABLE IF NOT EXISTS run_idmap(\n"
    "  pub_id INTEGER PRIMARY KEY, stable_id INTEGER NOT NULL UNIQUE, name TEXT,\n"
    "  description TEXT);\n"
    "CREATE TABLE IF NOT EXISTS run_lineage(\n"
    "  cluster_id INTEGER NOT NULL, previous_id INTEGER NOT NULL, shared INTEGER NOT NULL,\n"
    "  PRIMARY KEY(cluster_id, previous_id)) WITHOUT ROWID;\n";

/* Every (conversation, level, privacy id) of the published tree: a conversation's leaf
 * maps to its deepest published cluster, whose ancestors hold it at the levels above. */
static const char members_sql[] =
    "WITH RECURSIVE chain(conv, cid) AS ("
    " SELECT a.conv, l.cluster_id FROM run_assign a JOIN run_pub_leaf l ON l.leaf = a.leaf"
    " UNION ALL SELECT chain.conv, p.parent_id FROM chain JOIN run_pub_clusters p"
    " ON p.id = chain.cid WHERE p.parent_id IS NOT NULL)"
    " SELECT chain.conv, c.level, chain.cid, coalesce(o.cluster_id, 0) FROM chain"
    " JOIN run_pub_clusters c ON c.id = chain.cid"
    " LEFT JOIN run_published o ON o.conv = chain.conv AND o.level = c.level"
    " ORDER BY c.level, chain.cid, chain.conv";

static int stmt_run(sqlite3 *db, const char *sql, int64_t a, int64_t b, int64_t c)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        kl_error("publish: %s", sqlite3_errmsg(db));
        return -1;
    }
    sqlite3_bind_int64(st, 1, a);
    sqlite3_bind_int64(st, 2, b);
    sqlite3_bind_int64(st, 3, c);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        kl_error("publish: %s", sqlite3_errmsg(db));
        return -1;
    }
    return 0;
}

static int64_t scalar(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    int64_t v = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Jaccard overlap of the lower-cased words of two names. */
static double name_overlap(const char *a, const char *b)
{
    char wa[64][32], wb[64][32];
    size_t na = 0, nb = 0;
    const char *src[2] = {a, b};
    for (int s = 0; s < 2; s++) {
        char (*w)[32] = s ? wb : wa;
        size_t *n = s ? &nb : &na;
        for (const char *p = src[s]; *p && *n < 64;) {
            while (*p && !isalnum((unsigned char)*p) && !((unsigned char)*p & 0x80))
                p++;
            size_t len = 0;
            while (*p && (isalnum((unsigned char)*p) || ((unsigned char)*p & 0x80))) {
                if (len < 31)
                    w[*n][len++] = (char)tolower((unsigned char)*p);
                p++;
            }
            if (len > 0) {
                w[*n][len] = '\0';
                (*n)++;
            }
        }
    }
    if (na + nb == 0)
        return 1.0;
    size_t common = 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            if (strcmp(wa[i], wb[j]) == 0) {
                common++;
                break;
            }
    return (double)common / (double)(na + nb - common);
}

/* Keeps the old name of each cluster that kept its id, when the new name barely differs. */
static int keep_names(sqlite3 *db)
{
    sqlite3_stmt *st, *up;
    if (sqlite3_prepare_v2(db, "SELECT m.pub_id, c.name, o.name, o.description FROM run_idmap m"
                               " JOIN run_pub_clusters c ON c.id = m.pub_id"
                               " JOIN run_published_names o ON o.cluster_id = m.stable_id"
                               " WHERE c.is_other = 0", -1, &st, NULL) != SQLITE_OK) {
        kl_error("publish: %s", sqlite3_errmsg(db));   /* publish said only "cannot match" */
        return -1;
    }
    if (sqlite3_prepare_v2(db, "UPDATE run_idmap SET name = ?2, description = ?3 WHERE pub_id = ?1",
                           -1, &up, NULL) != SQLITE_OK) {
        kl_error("publish: %s", sqlite3_errmsg(db));
        sqlite3_finalize(st);
        return -1;
    }
    int rc = 0, step = SQLITE_DONE;
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *now = (const char *)sqlite3_column_text(st, 1);
        const char *was = (const char *)sqlite3_column_text(st, 2);
        if (!now || !was || strcmp(now, was) == 0 || name_overlap(now, was) < STABLE_NAME_JACCARD)
            continue;
        sqlite3_bind_int64(up, 1, sqlite3_column_int64(st, 0));
        sqlite3_bind_text(up, 2, was, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(up, 3, (const char *)sqlite3_column_text(st, 3), -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(up) == SQLITE_DONE ? 0 : -1;
        sqlite3_reset(up);
    }
    if (rc != 0 || step != SQLITE_DONE) {
        kl_error("publish: %s", sqlite3_errmsg(db));
        rc = -1;
    }
    sqlite3_finalize(st);
    sqlite3_finalize(up);
    return rc;
}

struct level_rows {
    int64_t *conv, *old_of, *pub;
    uint32_t *new_of;
    size_t n, cap;
};

/* Matches one level's clusters to the previous ones and records ids, lineage and members. */
static int match_level(sqlite3 *db, int level, struct level_rows *r, int64_t min_shared,
                       int64_t *next_id, size_t *kept, size_t *total)
{
    /* Rows come sorted by privacy id: number the distinct ids. */
    size_t n_new = 0;
    int64_t *pub_of_new = kl_calloc(r->n ? r->n : 1, sizeof *pub_of_new);
    for (size_t i = 0; i < r->n; i++) {
        if (n_new == 0 || pub_of_new[n_new - 1] != r->pub[i])
            pub_of_new[n_new++] = r->pub[i];
        r->new_of[i] = (uint32_t)(n_new - 1);
    }
    int64_t *ids = kl_calloc(n_new ? n_new : 1, sizeof *ids);
    kl_lineage_pair *lin = NULL;
    size_t nlin = 0;
    *kept += kl_stable_ids(r->old_of, r->new_of, r->n, n_new, STABLE_MIN_JACCARD, *next_id, ids,
                           min_shared, &lin, &nlin);
    *total += n_new;
    int rc = 0;
    for (size_t j = 0; j < n_new && rc == 0; j++) {
        rc = stmt_run(db, "INSERT INTO run_idmap(pub_id, stable_id) VALUES(?1, ?2)",
                      pub_of_new[j], ids[j], 0);
        if (ids[j] >= *next_id)
            *next_id = ids[j] + 1;
    }
    for (size_t j = 0; j < nlin && rc == 0; j++) {
        int64_t shared = lin[j].shared / min_shared * min_shared;
        if (shared >= min_shared)
            rc = stmt_run(db, "INSERT INTO run_lineage(cluster_id, previous_id, shared)"
                              " VALUES(?1, ?2, ?3)", ids[lin[j].new_index], lin[j].old_id, shared);
    }
    sqlite3_stmt *st = NULL;
    if (rc == 0 && sqlite3_prepare_v2(db, "INSERT INTO run_published_next(conv, level, cluster_id)"
                                          " VALUES(?1, ?2, ?3)", -1, &st, NULL) != SQLITE_OK)
        rc = -1;
    for (size_t i = 0; i < r->n && rc == 0; i++) {
        sqlite3_bind_int64(st, 1, r->conv[i]);
        sqlite3_bind_int(st, 2, level);
        sqlite3_bind_int64(st, 3, ids[r->new_of[i]]);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    if (rc != 0)
        kl_error("publish: %s", sqlite3_errmsg(db));
    free(lin);
    free(ids);
    free(pub_of_new);
    r->n = 0;
    return rc;
}

int run_stable_prepare(sqlite3 *db, int64_t min_conversations, const char *run_key)
{
    if (kl_db_exec(db, stable_schema_sql) != 0 || run_begin(db) != 0)
        return -1;
    int rc = kl_db_exec(db, "DELETE FROM run_idmap; DELETE FROM run_lineage;"
                            " DELETE FROM run_published_next;");
    /* Fresh ids start above every id used before, so an id never changes meaning. */
    int64_t next_id = 1 + scalar(db, "SELECT max(coalesce((SELECT max(cluster_id) FROM run_published), 0),"
                                     " coalesce((SELECT max(cluster_id) FROM run_published_names), 0))");
    sqlite3_stmt *st = NULL;
    if (rc == 0 && sqlite3_prepare_v2(db, members_sql, -1, &st, NULL) != SQLITE_OK) {
        kl_error("publish: %s", sqlite3_errmsg(db));
        rc = -1;
    }
    struct level_rows r = {0};
    int level = -1;
    size_t kept = 0, total = 0;
    int64_t min_shared = min_conversations > 0 ? min_conversations : 1;
    int step = SQLITE_DONE;
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        int l = sqlite3_column_int(st, 1);
        if (l != level && r.n > 0)
            rc = match_level(db, level, &r, min_shared, &next_id, &kept, &total);
        level = l;
        if (r.n == r.cap) {
            r.cap = r.cap ? r.cap * 2 : 1024;
            r.conv = kl_reallocarray(r.conv, r.cap, sizeof *r.conv);
            r.old_of = kl_reallocarray(r.old_of, r.cap, sizeof *r.old_of);
            r.pub = kl_reallocarray(r.pub, r.cap, sizeof *r.pub);
            r.new_of = kl_reallocarray(r.new_of, r.cap, sizeof *r.new_of);
        }
        r.conv[r.n] = sqlite3_column_int64(st, 0);
        r.pub[r.n] = sqlite3_column_int64(st, 2);
        r.old_of[r.n] = sqlite3_column_int64(st, 3);
        r.n++;
    }
    /* A read error ends the rows as their end would: matching a part of them would give
     * the rest fresh ids (found by failing I/O, tests/e2e/test_faults.sh). */
    if (rc == 0 && step != SQLITE_DONE) {
        kl_error("publish: %s", sqlite3_errmsg(db));
        rc = -1;
    }
    if (rc == 0 && r.n > 0)
        rc = match_level(db, level, &r, min_shared, &next_id, &kept, &total);
    sqlite3_finalize(st);
    free(r.conv);
    free(r.old_of);
    free(r.pub);
    free(r.new_of);
    /* Published clusters that hold no conversation of the map (none expected) keep a
     * fresh id all the same, so that every cluster is written. */
    if (rc == 0) {
        sqlite3_stmt *q;
        rc = sqlite3_prepare_v2(db, "SELECT id FROM run_pub_clusters WHERE id NOT IN"
                                    " (SELECT pub_id FROM run_idmap) ORDER BY id", -1, &q, NULL)
                     == SQLITE_OK ? 0 : -1;
        int qs = SQLITE_DONE;
        while (rc == 0 && (qs = sqlite3_step(q)) == SQLITE_ROW) {
            rc = stmt_run(db, "INSERT INTO run_idmap(pub_id, stable_id) VALUES(?1, ?2)",
                          sqlite3_column_int64(q, 0), next_id++, 0);
            total++;
        }
        if (rc == 0 && qs != SQLITE_DONE) {
            kl_error("publish: %s", sqlite3_errmsg(db));
            rc = -1;
        }
        sqlite3_finalize(q);
    }
    if (rc == 0)
        rc = keep_names(db);
    if (rc == 0) {
        sqlite3_stmt *q;
        rc = sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO run_published_state(id, next_key)"
                                    " VALUES(1, ?1)", -1, &q, NULL) == SQLITE_OK ? 0 : -1;
        if (rc == 0) {
            sqlite3_bind_text(q, 1, run_key, -1, SQLITE_STATIC);
            rc = sqlite3_step(q) == SQLITE_DONE ? 0 : -1;
        }
        sqlite3_finalize(q);
    }
    if (rc == 0)
        rc = kl_db_exec(db, "INSERT OR IGNORE INTO run_published_ids(id) VALUES(1);"
                            " UPDATE run_published_ids SET next_snapshot_id = NULL;");
    if (rc != 0 || run_commit(db) != 0) {
        /* Several statements above fail without a word (an allocation failure printed only
         * the caller's "cannot match the clusters"); the cause is still the handle's. */
        if (rc != 0 && sqlite3_errcode(db) != SQLITE_OK)
            kl_error("publish: %s", sqlite3_errmsg(db));
        run_rollback(db);
        return -1;
    }
    if (scalar(db, "SELECT count(*) FROM run_published") > 0)
        kl_info("publish: %zu of %zu clusters kept their ids", kept, total);
    return 0;
}

int run_stable_promote(sqlite3 *db, const char *published_key)
{
    if (kl_db_exec(db, stable_schema_sql) != 0)
        return -1;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM run_published_state WHERE id = 1 AND next_key = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, published_key, -1, SQLITE_STATIC);
    bool pending = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    if (!pending)
        return 0;
    if (run_begin(db) != 0)
        return -1;
    if (kl_db_exec(db, "DELETE FROM run_published;"
                       " INSERT INTO run_published SELECT conv, level, cluster_id FROM run_published_next;"
                       " DELETE FROM run_published_next;"
                       " DELETE FROM run_published_names;"
                       " INSERT INTO run_published_names(cluster_id, name, description)"
                       "  SELECT m.stable_id, coalesce(m.name, c.name), coalesce(m.description, c.description)"
                       "  FROM run_idmap m JOIN run_pub_clusters c ON c.id = m.pub_id WHERE c.is_other = 0;"
                       " UPDATE run_published_state SET next_key = NULL;"
                       " INSERT OR IGNORE INTO run_published_ids(id) VALUES(1);"
                       " UPDATE run_published_ids SET snapshot_id = next_snapshot_id,"
                       "  next_snapshot_id = NULL;") != 0 ||
        run_commit(db) != 0) {
        run_rollback(db);
        return -1;
    }
    return 0;
}

int run_stable_previous_id(sqlite3 *db, char *out, size_t n)
{
    out[0] = '\0';
    if (scalar(db, "SELECT count(*) FROM run_published") == 0)
        return 0; /* the first snapshot of this work database: no previous one */
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT snapshot_id FROM run_published_ids WHERE id = 1", -1, &st,
                           NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT)
        snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return 0;
}

int run_stable_pending_id(sqlite3 *db, const char *snapshot_id)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "UPDATE run_published_ids SET next_snapshot_id = ?1 WHERE id = 1",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, snapshot_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}
