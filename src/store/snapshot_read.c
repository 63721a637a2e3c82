/* snapshot_read.c — validating and reading a published snapshot (prepared statements only). */
#include "kleio/snapshot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kleio/figures.h"
#include "kleio/mem.h"
#include "kleio/meta_map.h"
#include "kleio/snapshot_meta.h"
#include "kleio/sql.h"

struct kl_snapshot {
    sqlite3 *db;
    char *path;
    kl_meta_map meta;
};

static const char *const required_tables[] = {"meta", "clusters", "languages", "cluster_lang",
                                              "cluster_time"};

static void close_partial(kl_snapshot *s)
{
    kl_meta_map_free(&s->meta);
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}

/* Maps SQLite's complaint to a cause a researcher can act on. */
static const char *describe_sqlite_error(sqlite3 *db)
{
    switch (sqlite3_errcode(db) & 0xFF) {
    case SQLITE_NOTADB: return "not a SQLite database";
    case SQLITE_CORRUPT: return "the database is corrupted or truncated";
    case SQLITE_CANTOPEN: return "cannot open the file";
    case SQLITE_PERM:
    case SQLITE_AUTH: return "permission denied";
    default: return sqlite3_errmsg(db);
    }
}

static int count_table(sqlite3 *db, const char *name)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema WHERE type='table' AND name=?1",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
}

int kl_snapshot_check_header(sqlite3 *db, const char *path, char *err, size_t errlen)
{
    int app_id = 0, version = 0;
    if (kl_sql_int(db, "PRAGMA application_id", &app_id) != 0 ||
        kl_sql_int(db, "PRAGMA user_version", &version) != 0) {
        snprintf(err, errlen, "%s: %s", path, describe_sqlite_error(db));
        return -1;
    }
    if (app_id != KL_SNAPSHOT_APP_ID) {
        snprintf(err, errlen, "%s: a SQLite database but not a kleio snapshot", path);
        return -1;
    }
    if (version > KL_SNAPSHOT_VERSION) {
        snprintf(err, errlen, "%s: snapshot schema version %d is newer than this kleio supports (%d)",
                 path, version, KL_SNAPSHOT_VERSION);
        return -1;
    }
    if (version < 1) {
        snprintf(err, errlen, "%s: snapshot has no schema version", path);
        return -1;
    }
    return 0;
}

kl_snapshot *kl_snapshot_open(const char *path, char *err, size_t errlen)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        snprintf(err, errlen, "%s: %s", path, errno == ENOENT ? "no such file" : strerror(errno));
        return NULL;
    }
    if (S_ISDIR(sb.st_mode)) {
        snprintf(err, errlen, "%s: is a directory, not a snapshot", path);
        return NULL;
    }
    if (!S_ISREG(sb.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file", path);
        return NULL;
    }
    if (sb.st_size == 0) {
        snprintf(err, errlen, "%s: empty file, not a snapshot", path);
        return NULL;
    }

    kl_snapshot *s = kl_calloc(1, sizeof *s);
    s->path = kl_strdup(path);
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, describe_sqlite_error(s->db));
        close_partial(s);
        return NULL;
    }
    sqlite3_extended_result_codes(s->db, 1);

    if (kl_snapshot_check_header(s->db, path, err, errlen) != 0) {
        close_partial(s);
        return NULL;
    }
    /* A truncated or damaged file often opens fine; quick_check reads every page. */
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, describe_sqlite_error(s->db));
        close_partial(s);
        return NULL;
    }
    int rc = sqlite3_step(st);
    const char *verdict = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
    if (rc != SQLITE_ROW || !verdict || strcmp(verdict, "ok") != 0) {
        snprintf(err, errlen, "%s: the database is corrupted or truncated", path);
        sqlite3_finalize(st);
        close_partial(s);
        return NULL;
    }
    sqlite3_finalize(st);

    for (size_t i = 0; i < sizeof required_tables / sizeof required_tables[0]; i++) {
        if (count_table(s->db, required_tables[i]) != 1) {
            snprintf(err, errlen, "%s: not a complete kleio snapshot (table %s missing)", path,
                     required_tables[i]);
            close_partial(s);
            return NULL;
        }
    }
    if (kl_meta_map_load(&s->meta, s->db) != 0) {
        snprintf(err, errlen, "%s: cannot read meta: %s", path, describe_sqlite_error(s->db));
        close_partial(s);
        return NULL;
    }
    const char *format = kl_snapshot_meta(s, KL_META(FORMAT));
    if (!format || strcmp(format, KL_SNAPSHOT_FORMAT) != 0) {
        snprintf(err, errlen, "%s: not a kleio snapshot (meta format missing)", path);
        close_partial(s);
        return NULL;
    }
    return s;
}

void kl_snapshot_close(kl_snapshot *s)
{
    if (s)
        close_partial(s);
}

const char *kl_snapshot_path(const kl_snapshot *s)
{
    return s->path;
}

sqlite3 *kl_snapshot_db(kl_snapshot *s)
{
    return s->db;
}

const char *kl_snapshot_meta(kl_snapshot *s, const char *key)
{
    return kl_meta_map_get(&s->meta, key);
}

int64_t kl_snapshot_meta_int(kl_snapshot *s, const char *key, int64_t dflt)
{
    return kl_meta_map_get_int(&s->meta, key, dflt);
}

static char *column_strdup(sqlite3_stmt *st, int col)
{
    const char *t = (const char *)sqlite3_column_text(st, col);
    return kl_strdup(t ? t : "");
}

int kl_snapshot_clusters(kl_snapshot *s, kl_cluster **out, size_t *n)
{
    static const char sql[] =
        "SELECT c.id, coalesce(c.parent_id, 0), c.level, c.name, c.description, c.is_other,"
        " c.flags, c.x, c.y, c.extent, c.conversations, c.users, c.refused, c.concern_sum,"
        " (SELECT count(*) FROM clusters k WHERE k.parent_id = c.id)"
        " FROM clusters c ORDER BY c.level, c.id";
    sqlite3_stmt *st;
    *out = NULL;
    *n = 0;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            *out = kl_reallocarray(*out, cap, sizeof **out);
        }
        kl_cluster *c = &(*out)[(*n)++];
        c->id = sqlite3_column_int64(st, 0);
        c->parent = sqlite3_column_int64(st, 1);
        c->level = sqlite3_column_int(st, 2);
        c->name = column_strdup(st, 3);
        c->description = column_strdup(st, 4);
        c->is_other = sqlite3_column_int(st, 5) != 0;
        c->flags = (unsigned)sqlite3_column_int(st, 6);
        c->x = sqlite3_column_double(st, 7);
        c->y = sqlite3_column_double(st, 8);
        c->extent = sqlite3_column_double(st, 9);
        c->total = (kl_counts){0};
        c->total.conversations = sqlite3_column_int64(st, 10);
        c->total.users = sqlite3_column_int64(st, 11);
        c->total.refused = sqlite3_column_int64(st, 12);
        c->total.concern_sum = sqlite3_column_int64(st, 13);
        c->n_children = sqlite3_column_int64(st, 14);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        kl_clusters_free(*out, *n);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

void kl_clusters_free(kl_cluster *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(c[i].name);
        free(c[i].description);
    }
    free(c);
}

static void read_counts(sqlite3_stmt *st, int first, kl_counts *c)
{
    *c = (kl_counts){0};
    c->suppressed = sqlite3_column_int(st, first) != 0;
    c->conversations = sqlite3_column_int64(st, first + 1);
    c->users = sqlite3_column_int64(st, first + 2);
    c->refused = sqlite3_column_int64(st, first + 3);
    c->concern_sum = sqlite3_column_int64(st, first + 4);
}

int kl_snapshot_languages(kl_snapshot *s, kl_language **out, size_t *n)
{
    static const char sql[] =
        "SELECT code, name, suppressed, conversations, users, refused, concern_sum"
        " FROM languages ORDER BY suppressed, conversations DESC, code";
    sqlite3_stmt *st;
    *out = NULL;
    *n = 0;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            *out = kl_reallocarray(*out, cap, sizeof **out);
        }
        kl_language *l = &(*out)[(*n)++];
        const char *code = (const char *)sqlite3_column_text(st, 0);
        snprintf(l->code, sizeof l->code, "%s", code ? code : "");
        l->name = column_strdup(st, 1);
        read_counts(st, 2, &l->total);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        kl_languages_free(*out, *n);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

void kl_languages_free(kl_language *l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(l[i].name);
    free(l);
}

int kl_snapshot_slice(kl_snapshot *s, int64_t cluster, const char *const *langs, size_t nlangs,
                      kl_counts *out)
{
    static const char sql[] =
        "SELECT suppressed, conversations, users, refused, concern_sum FROM cluster_lang"
        " WHERE cluster_id = ?1 AND lang = ?2";
    sqlite3_stmt *st;
    memset(out, 0, sizeof *out);
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    kl_slice slice;
    kl_slice_init(&slice);
    for (size_t i = 0; i < nlangs; i++) {
        sqlite3_bind_int64(st, 1, cluster);
        sqlite3_bind_text(st, 2, langs[i], -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            kl_counts c;
            read_counts(st, 0, &c);
            kl_slice_add(&slice, &c);
        } else if (rc == SQLITE_DONE) {
            kl_slice_add(&slice, NULL);
        } else {
            sqlite3_finalize(st);
            return -1;
        }
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    *out = kl_slice_result(&slice);
    return 0;
}

int kl_snapshot_series(kl_snapshot *s, int64_t cluster, const char *lang, kl_time_point **out,
                       size_t *n)
{
    static const char sql[] =
        "SELECT bucket, suppressed, conversations, refused FROM cluster_time"
        " WHERE cluster_id = ?1 AND lang = ?2 ORDER BY bucket";
    sqlite3_stmt *st;
    *out = NULL;
    *n = 0;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(st, 1, cluster);
    sqlite3_bind_text(st, 2, lang ? lang : KL_ALL_LANGS, -1, SQLITE_STATIC);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = kl_reallocarray(*out, cap, sizeof **out);
        }
        kl_time_point *p = &(*out)[(*n)++];
        const char *b = (const char *)sqlite3_column_text(st, 0);
        snprintf(p->bucket, sizeof p->bucket, "%s", b ? b : "");
        p->suppressed = sqlite3_column_int(st, 1) != 0;
        p->conversations = sqlite3_column_int64(st, 2);
        p->refused = sqlite3_column_int64(st, 3);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}
