/* snapshot_custom.c — reading the custom facets of a snapshot (snapshot_custom.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/snapshot_custom.h"

static bool has_tables(sqlite3 *db)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN"
                               " ('custom_facets', 'cluster_custom', 'custom_totals',"
                               " 'cluster_custom_mean')", -1, &st, NULL) != SQLITE_OK)
        return false;
    bool all = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 4;
    sqlite3_finalize(st);
    return all;
}

/* "a,b,c" into values, or "LO..HI" into lo, hi. */
static int parse_spec(kl_snap_facet *f, const char *spec)
{
    if (f->number) {
        const char *sep = strstr(spec, "..");
        char *end;
        if (!sep)
            return -1;
        /* strtod would read "0." of "0..10": the low end is parsed on its own. */
        char *low = kl_strndup(spec, (size_t)(sep - spec));
        f->lo = strtod(low, &end);
        bool ok = end != low && !*end;
        free(low);
        if (!ok)
            return -1;
        f->hi = strtod(sep + 2, &end);
        if (*end || !isfinite(f->lo) || !isfinite(f->hi))
            return -1;
        f->values[f->n_values++] = kl_strdup("answered");
        return 0;
    }
    for (const char *p = spec; *p;) {
        size_t len = strcspn(p, ",");
        if (len == 0 || f->n_values == KL_SNAP_CUSTOM_MAX_VALUES)
            return -1;
        f->values[f->n_values++] = kl_strndup(p, len);
        p += len + (p[len] == ',');
    }
    return f->n_values >= 1 ? 0 : -1;
}

int kl_snap_facets_read(sqlite3 *db, kl_snap_facet **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!has_tables(db))
        return 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT name, type, question, spec FROM custom_facets ORDER BY pos",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    int rc, bad = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        const char *type = (const char *)sqlite3_column_text(st, 1);
        const char *q = (const char *)sqlite3_column_text(st, 2);
        const char *spec = (const char *)sqlite3_column_text(st, 3);
        if (!name || !type || !spec) {
            bad = 1;
            break;
        }
        *out = kl_reallocarray(*out, *n + 1, sizeof **out);
        kl_snap_facet *f = &(*out)[(*n)++];
        memset(f, 0, sizeof *f);
        f->name = kl_strdup(name);
        f->question = kl_strdup(q ? q : "");
        f->number = strcmp(type, "number") == 0;
        if (parse_spec(f, spec) != 0) {
            bad = 1;
            break;
        }
    }
    sqlite3_finalize(st);
    if (bad || (rc != SQLITE_DONE && rc != SQLITE_ROW)) {
        kl_snap_facets_free(*out, *n);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

void kl_snap_facets_free(kl_snap_facet *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(f[i].name);
        free(f[i].question);
        for (size_t k = 0; k < f[i].n_values; k++)
            free(f[i].values[k]);
    }
    free(f);
}

const kl_snap_facet *kl_snap_facet_find(const kl_snap_facet *f, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(f[i].name, name) == 0)
            return &f[i];
    return NULL;
}

/* The slot of a stored value: "" is the unanswered. */
static size_t slot_of(const kl_snap_facet *f, const char *v)
{
    if (!v || !*v)
        return f->n_values;
    for (size_t k = 0; k < f->n_values; k++)
        if (strcmp(f->values[k], v) == 0)
            return k;
    return SIZE_MAX;
}

static size_t find_id(const kl_snap_custom *c, int64_t id)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->id[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->n && c->id[lo] == id ? lo : SIZE_MAX;
}

int kl_snap_custom_read(sqlite3 *db, const kl_snap_facet *f, kl_snap_custom *out)
{
    memset(out, 0, sizeof *out);
    out->f = f;
    out->slots = f->n_values + 1;
    out->total = kl_calloc(out->slots, sizeof *out->total);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT cluster_id, value, suppressed, conversations FROM cluster_custom"
                               " WHERE facet = ?1 ORDER BY cluster_id", -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, f->name, -1, SQLITE_STATIC);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        size_t s = slot_of(f, (const char *)sqlite3_column_text(st, 1));
        if (s == SIZE_MAX)
            continue;   /* a value the declaration does not list: not ours to show */
        if (!out->n || out->id[out->n - 1] != id) {
            if (out->n == cap) {
                cap = cap ? cap * 2 : 64;
                out->id = kl_reallocarray(out->id, cap, sizeof *out->id);
                out->count = kl_reallocarray(out->count, cap * out->slots, sizeof *out->count);
            }
            out->id[out->n] = id;
            memset(&out->count[out->n * out->slots], 0, out->slots * sizeof *out->count);
            out->n++;
        }
        int64_t v = sqlite3_column_int(st, 2) ? KL_SNAP_HIDDEN : sqlite3_column_int64(st, 3);
        out->count[(out->n - 1) * out->slots + s] = v < 0 ? KL_SNAP_HIDDEN : v;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return -1;
    if (sqlite3_prepare_v2(db, "SELECT value, suppressed, conversations FROM custom_totals"
                               " WHERE facet = ?1", -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, f->name, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t s = slot_of(f, (const char *)sqlite3_column_text(st, 0));
        if (s != SIZE_MAX)
            out->total[s] = sqlite3_column_int(st, 1) ? KL_SNAP_HIDDEN : sqlite3_column_int64(st, 2);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return -1;
    if (!f->number)
        return 0;
    out->has_mean = kl_calloc(out->n + 1, sizeof *out->has_mean);
    out->mean = kl_calloc(out->n + 1, sizeof *out->mean);
    out->ci = kl_calloc(out->n + 1, sizeof *out->ci);
    if (sqlite3_prepare_v2(db, "SELECT cluster_id, mean, ci FROM cluster_custom_mean WHERE facet = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, f->name, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t k = find_id(out, sqlite3_column_int64(st, 0));
        if (k == SIZE_MAX)
            continue;
        out->has_mean[k] = true;
        out->mean[k] = sqlite3_column_double(st, 1);
        out->ci[k] = sqlite3_column_double(st, 2);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

void kl_snap_custom_free(kl_snap_custom *c)
{
    free(c->id);
    free(c->count);
    free(c->has_mean);
    free(c->mean);
    free(c->ci);
    free(c->total);
    memset(c, 0, sizeof *c);
}

const int64_t *kl_snap_custom_row(const kl_snap_custom *c, int64_t id, size_t *k)
{
    size_t i = find_id(c, id);
    if (k)
        *k = i;
    return i == SIZE_MAX ? NULL : &c->count[i * c->slots];
}
