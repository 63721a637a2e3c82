/* snapshot_bulk.c — prepared-statement readers kept open for the explorer. */
#include "kleio/snapshot_bulk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/meta_map.h"
#include "kleio/snapshot_meta.h"

enum { ST_CHILDREN, ST_TOP, ST_COUNT, ST_LANG_CELLS, ST_CLUSTER_LANGS, ST_SERIES, ST_DENSITY,
       ST_LANGS, ST_ONE, ST_IDS, ST_N };

static const char *const bulk_sql[ST_N] = {
    [ST_CHILDREN] =
        "SELECT c.id, coalesce(c.parent_id, 0), c.level, c.name, c.description, c.is_other,"
        " c.flags, c.x, c.y, c.extent, c.conversations, c.users, c.refused, c.concern_sum,"
        " (SELECT count(*) FROM clusters k WHERE k.parent_id = c.id)"
        " FROM clusters c WHERE c.parent_id = ?1 ORDER BY c.id",
    [ST_TOP] =
        "SELECT c.id, coalesce(c.parent_id, 0), c.level, c.name, c.description, c.is_other,"
        " c.flags, c.x, c.y, c.extent, c.conversations, c.users, c.refused, c.concern_sum,"
        " (SELECT count(*) FROM clusters k WHERE k.parent_id = c.id)"
        " FROM clusters c WHERE c.parent_id IS NULL ORDER BY c.id",
    [ST_COUNT] = "SELECT count(*) FROM clusters",
    [ST_LANG_CELLS] =
        "SELECT cluster_id, suppressed, conversations, users, refused, concern_sum"
        " FROM cluster_lang WHERE lang = ?1 AND cluster_id > ?2 ORDER BY cluster_id LIMIT ?3",
    [ST_CLUSTER_LANGS] =
        "SELECT lang, suppressed, conversations, users, refused, concern_sum"
        " FROM cluster_lang WHERE cluster_id = ?1",
    [ST_SERIES] =
        "SELECT bucket, suppressed, conversations, refused FROM cluster_time"
        " WHERE cluster_id = ?1 AND lang = ?2 ORDER BY bucket",
    [ST_DENSITY] = "SELECT density FROM clusters WHERE id = ?1",
    [ST_LANGS] = "SELECT code, name, suppressed, conversations, users, refused, concern_sum"
                 " FROM languages ORDER BY suppressed, conversations DESC, code",
    [ST_ONE] =
        "SELECT c.id, coalesce(c.parent_id, 0), c.level, c.name, c.description, c.is_other,"
        " c.flags, c.x, c.y, c.extent, c.conversations, c.users, c.refused, c.concern_sum,"
        " (SELECT count(*) FROM clusters k WHERE k.parent_id = c.id)"
        " FROM clusters c WHERE c.id = ?1",
    [ST_IDS] = "SELECT id, coalesce(parent_id, 0) FROM clusters ORDER BY id",
};

struct kl_bulk {
    sqlite3_stmt *st[ST_N];
    sqlite3 *own_db;          /* set when opened by path: closed with the bulk */
    kl_snapshot *own_snap;    /* set by kl_bulk_adopt: closed with the bulk */
    kl_meta_map meta;
    sqlite3 *db;              /* the connection read (borrowed or owned) */
};

sqlite3 *kl_bulk_db(kl_bulk *b)
{
    return b->db;
}

static kl_bulk *prepare_all(sqlite3 *db, sqlite3 *own)
{
    kl_bulk *b = kl_calloc(1, sizeof *b);
    b->own_db = own;
    b->db = db;
    for (int i = 0; i < ST_N; i++) {
        if (sqlite3_prepare_v3(db, bulk_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &b->st[i],
                               NULL) != SQLITE_OK) {
            kl_bulk_close(b);
            return NULL;
        }
    }
    if (kl_meta_map_load(&b->meta, db) != 0) {
        kl_bulk_close(b);
        return NULL;
    }
    return b;
}

kl_bulk *kl_bulk_open(kl_snapshot *s)
{
    return prepare_all(kl_snapshot_db(s), NULL);
}

kl_bulk *kl_bulk_adopt(kl_snapshot *s)
{
    kl_bulk *b = prepare_all(kl_snapshot_db(s), NULL);
    if (!b) {
        kl_snapshot_close(s);
        return NULL;
    }
    b->own_snap = s;
    return b;
}

kl_bulk *kl_bulk_open_path(const char *path)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return NULL;
    }
    char err[512];
    if (kl_snapshot_check_header(db, path, err, sizeof err) != 0) {
        sqlite3_close(db);
        return NULL;
    }
    /* The statements name every required table, so preparing them checks the schema. */
    kl_bulk *b = prepare_all(db, db);
    if (!b)
        return NULL; /* prepare_all closed db through kl_bulk_close */
    const char *format = kl_bulk_meta(b, KL_META(FORMAT));
    if (!format || strcmp(format, KL_SNAPSHOT_FORMAT) != 0) {
        kl_bulk_close(b);
        return NULL;
    }
    return b;
}

void kl_bulk_close(kl_bulk *b)
{
    if (!b)
        return;
    for (int i = 0; i < ST_N; i++)
        sqlite3_finalize(b->st[i]);
    kl_meta_map_free(&b->meta);
    if (b->own_db)
        sqlite3_close(b->own_db);
    kl_snapshot_close(b->own_snap);
    free(b);
}

const char *kl_bulk_meta(kl_bulk *b, const char *key)
{
    return kl_meta_map_get(&b->meta, key);
}

int64_t kl_bulk_meta_int(kl_bulk *b, const char *key, int64_t dflt)
{
    return kl_meta_map_get_int(&b->meta, key, dflt);
}

int kl_bulk_lineage(kl_bulk *b, kl_lineage_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    /* Read once per switch: a statement of its own, not one kept prepared. */
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(sqlite3_db_handle(b->st[0]),
                           "SELECT cluster_id, previous_id, shared FROM lineage ORDER BY 1, 2", -1,
                           &st, NULL) != SQLITE_OK)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *out = kl_reallocarray(*out, *n + 1, sizeof **out);
        (*out)[(*n)++] = (kl_lineage_row){sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                                          sqlite3_column_int64(st, 2)};
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Steps a statement to completion, calling row() per row; resets it for the next use. */
static long run_rows(sqlite3_stmt *st, void (*row)(sqlite3_stmt *, void *), void *arg)
{
    long n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        row(st, arg);
        n++;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? n : -1;
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

struct cluster_cb { kl_bulk_cluster_fn fn; void *ctx; };

static void cluster_row(sqlite3_stmt *st, void *arg)
{
    struct cluster_cb *cb = arg;
    kl_cluster c;
    const char *name = (const char *)sqlite3_column_text(st, 3);
    const char *desc = (const char *)sqlite3_column_text(st, 4);
    c.id = sqlite3_column_int64(st, 0);
    c.parent = sqlite3_column_int64(st, 1);
    c.level = sqlite3_column_int(st, 2);
    c.name = (char *)(name ? name : "");
    c.description = (char *)(desc ? desc : "");
    c.is_other = sqlite3_column_int(st, 5) != 0;
    c.flags = (unsigned)sqlite3_column_int(st, 6);
    c.x = sqlite3_column_double(st, 7);
    c.y = sqlite3_column_double(st, 8);
    c.extent = sqlite3_column_double(st, 9);
    c.total = (kl_counts){0};
    c.total.conversations = sqlite3_column_int64(st, 10);
    c.total.users = sqlite3_column_int64(st, 11);
    c.total.refused = sqlite3_column_int64(st, 12);
    c.total.concern_sum = sqlite3_column_int64(st, 13);
    c.n_children = sqlite3_column_int64(st, 14);
    cb->fn(cb->ctx, &c);
}

long kl_bulk_children(kl_bulk *b, int64_t parent, kl_bulk_cluster_fn fn, void *ctx)
{
    struct cluster_cb cb = {fn, ctx};
    sqlite3_stmt *st = b->st[parent == 0 ? ST_TOP : ST_CHILDREN];
    if (parent != 0)
        sqlite3_bind_int64(st, 1, parent);
    return run_rows(st, cluster_row, &cb);
}

long kl_bulk_cluster(kl_bulk *b, int64_t id, kl_bulk_cluster_fn fn, void *ctx)
{
    struct cluster_cb cb = {fn, ctx};
    sqlite3_stmt *st = b->st[ST_ONE];
    sqlite3_bind_int64(st, 1, id);
    return run_rows(st, cluster_row, &cb);
}

struct ids_cb { int64_t *ids, *parents; size_t n, cap; };

static void id_row(sqlite3_stmt *st, void *arg)
{
    struct ids_cb *x = arg;
    if (x->n == x->cap) {
        x->cap = x->cap ? x->cap * 2 : 256;
        x->ids = kl_reallocarray(x->ids, x->cap, sizeof *x->ids);
        x->parents = kl_reallocarray(x->parents, x->cap, sizeof *x->parents);
    }
    x->ids[x->n] = sqlite3_column_int64(st, 0);
    x->parents[x->n++] = sqlite3_column_int64(st, 1);
}

long kl_bulk_cluster_ids(kl_bulk *b, int64_t **ids, int64_t **parents)
{
    struct ids_cb x = {0};
    long n = run_rows(b->st[ST_IDS], id_row, &x);
    if (n < 0) {
        free(x.ids);
        free(x.parents);
        x.ids = x.parents = NULL;
    }
    *ids = x.ids;
    *parents = x.parents;
    return n;
}

long kl_bulk_cluster_count(kl_bulk *b)
{
    sqlite3_stmt *st = b->st[ST_COUNT];
    long n = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

struct cell_cb { kl_bulk_cell_fn fn; void *ctx; };

static void cell_row(sqlite3_stmt *st, void *arg)
{
    struct cell_cb *cb = arg;
    kl_counts c;
    read_counts(st, 1, &c);
    cb->fn(cb->ctx, sqlite3_column_int64(st, 0), &c);
}

long kl_bulk_lang_cells(kl_bulk *b, const char *lang, int64_t after, long limit,
                        kl_bulk_cell_fn fn, void *ctx)
{
    struct cell_cb cb = {fn, ctx};
    sqlite3_bind_text(b->st[ST_LANG_CELLS], 1, lang, -1, SQLITE_STATIC);
    sqlite3_bind_int64(b->st[ST_LANG_CELLS], 2, after);
    sqlite3_bind_int64(b->st[ST_LANG_CELLS], 3, limit);
    return run_rows(b->st[ST_LANG_CELLS], cell_row, &cb);
}

struct lang_cb { kl_bulk_lang_fn fn; void *ctx; };

static void lang_row(sqlite3_stmt *st, void *arg)
{
    struct lang_cb *cb = arg;
    kl_counts c;
    const char *lang = (const char *)sqlite3_column_text(st, 0);
    read_counts(st, 1, &c);
    cb->fn(cb->ctx, lang ? lang : "", &c);
}

long kl_bulk_cluster_langs(kl_bulk *b, int64_t cluster, kl_bulk_lang_fn fn, void *ctx)
{
    struct lang_cb cb = {fn, ctx};
    sqlite3_bind_int64(b->st[ST_CLUSTER_LANGS], 1, cluster);
    return run_rows(b->st[ST_CLUSTER_LANGS], lang_row, &cb);
}

struct series_acc { kl_time_point *out; size_t cap, n; };

static void series_row(sqlite3_stmt *st, void *arg)
{
    struct series_acc *a = arg;
    if (a->n >= a->cap)
        return;
    kl_time_point *p = &a->out[a->n++];
    const char *bucket = (const char *)sqlite3_column_text(st, 0);
    snprintf(p->bucket, sizeof p->bucket, "%s", bucket ? bucket : "");
    p->suppressed = sqlite3_column_int(st, 1) != 0;
    p->conversations = sqlite3_column_int64(st, 2);
    p->refused = sqlite3_column_int64(st, 3);
}

long kl_bulk_series(kl_bulk *b, int64_t cluster, const char *lang, kl_time_point *out,
                    size_t cap)
{
    struct series_acc a = {out, cap, 0};
    sqlite3_bind_int64(b->st[ST_SERIES], 1, cluster);
    sqlite3_bind_text(b->st[ST_SERIES], 2, lang ? lang : KL_ALL_LANGS, -1, SQLITE_STATIC);
    return run_rows(b->st[ST_SERIES], series_row, &a) < 0 ? -1 : (long)a.n;
}

long kl_bulk_density(kl_bulk *b, int64_t cluster, unsigned char *out, size_t cap)
{
    sqlite3_stmt *st = b->st[ST_DENSITY];
    sqlite3_bind_int64(st, 1, cluster);
    long len = 0;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const void *blob = sqlite3_column_blob(st, 0);
        len = blob ? sqlite3_column_bytes(st, 0) : 0;
        memcpy(out, blob ? blob : "", (size_t)len < cap ? (size_t)len : cap);
    } else if (rc != SQLITE_DONE) {
        len = -1;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return len;
}

struct langs_acc { kl_language *out; size_t n, cap; };

static void language_row(sqlite3_stmt *st, void *arg)
{
    struct langs_acc *a = arg;
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 32;
        a->out = kl_reallocarray(a->out, a->cap, sizeof *a->out);
    }
    kl_language *l = &a->out[a->n++];
    const char *code = (const char *)sqlite3_column_text(st, 0);
    const char *name = (const char *)sqlite3_column_text(st, 1);
    snprintf(l->code, sizeof l->code, "%s", code ? code : "");
    l->name = kl_strdup(name ? name : "");
    read_counts(st, 2, &l->total);
}

int kl_bulk_languages(kl_bulk *b, kl_language **out, size_t *n)
{
    struct langs_acc a = {NULL, 0, 0};
    if (run_rows(b->st[ST_LANGS], language_row, &a) < 0) {
        kl_languages_free(a.out, a.n);
        *out = NULL;
        *n = 0;
        return -1;
    }
    *out = a.out;
    *n = a.n;
    return 0;
}
