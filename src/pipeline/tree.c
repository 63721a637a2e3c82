/* tree.c — reading the stored tree (run_clusters) back in the hierarchy's shape, for the
 * stages that follow the hierarchy stage in a later run. */
#include <stdlib.h>
#include <string.h>

#include "kleio/log.h"
#include "kleio/mem.h"
#include "run_internal.h"

/* A failed prepare or step said nothing, and a read error in the second query ended its
 * rows early: a part of the tree was used as all of it (found by failing allocations and
 * I/O, tests/e2e/test_faults.sh). */
static int tree_fail(sqlite3 *db, sqlite3_stmt *st, run_tree *t)
{
    const char *path = sqlite3_db_filename(db, "main");
    kl_error("%s: cannot read the cluster tree: %s", path && *path ? path : "(database)",
             sqlite3_errmsg(db));
    sqlite3_finalize(st);
    run_tree_free(t);
    return -1;
}

int run_tree_load(sqlite3 *db, run_tree *t)
{
    memset(t, 0, sizeof *t);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT level, count(*), max(idx) FROM run_clusters GROUP BY level"
                               " ORDER BY level", -1, &st, NULL) != SQLITE_OK)
        return tree_fail(db, NULL, t);
    int ok = 1, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int level = sqlite3_column_int(st, 0);
        int64_t count = sqlite3_column_int64(st, 1);
        if (level != t->levels || sqlite3_column_int64(st, 2) != count - 1)
            ok = 0;
        t->count = kl_reallocarray(t->count, (size_t)t->levels + 1, sizeof *t->count);
        t->count[t->levels++] = (size_t)count;
    }
    if (rc != SQLITE_DONE)
        return tree_fail(db, st, t);
    sqlite3_finalize(st);
    if (!ok || t->levels == 0) {
        kl_error("the stored cluster tree is incomplete");
        run_tree_free(t);
        return -1;
    }
    t->parent = kl_calloc((size_t)t->levels, sizeof *t->parent);
    t->centroid = kl_calloc((size_t)t->levels, sizeof *t->centroid);
    t->size = kl_calloc((size_t)t->levels, sizeof *t->size);
    for (int l = 0; l < t->levels; l++) {
        t->parent[l] = kl_calloc(t->count[l], sizeof **t->parent);
        t->size[l] = kl_calloc(t->count[l], sizeof **t->size);
    }
    if (sqlite3_prepare_v2(db, "SELECT level, idx, parent, size, centroid FROM run_clusters",
                           -1, &st, NULL) != SQLITE_OK)
        return tree_fail(db, NULL, t);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int l = sqlite3_column_int(st, 0);
        size_t i = (size_t)sqlite3_column_int64(st, 1);
        t->parent[l][i] = sqlite3_column_type(st, 2) == SQLITE_NULL
                              ? UINT32_MAX : (uint32_t)sqlite3_column_int64(st, 2);
        t->size[l][i] = sqlite3_column_double(st, 3);
        size_t bytes = (size_t)sqlite3_column_bytes(st, 4);
        if (t->d == 0 && bytes > 0)
            t->d = bytes / sizeof(float);
        if (bytes > 0 && bytes == t->d * sizeof(float)) {
            if (!t->centroid[l])
                t->centroid[l] = kl_calloc(t->count[l] * t->d, sizeof(float));
            memcpy(t->centroid[l] + i * t->d, sqlite3_column_blob(st, 4), bytes);
        }
    }
    if (rc != SQLITE_DONE)
        return tree_fail(db, st, t);
    sqlite3_finalize(st);
    for (int l = 0; l < t->levels; l++)
        if (!t->centroid[l] && t->d)
            t->centroid[l] = kl_calloc(t->count[l] * t->d, sizeof(float));
    return 0;
}

void run_tree_free(run_tree *t)
{
    for (int l = 0; l < t->levels; l++) {
        if (t->parent)
            free(t->parent[l]);
        if (t->centroid)
            free(t->centroid[l]);
        if (t->size)
            free(t->size[l]);
    }
    free(t->parent);
    free(t->centroid);
    free(t->size);
    free(t->count);
    memset(t, 0, sizeof *t);
}

int run_tree_restore_det(sqlite3 *db, run_tree *t)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT level, idx, parent, size, centroid FROM run_hier_det",
                           -1, &st, NULL) != SQLITE_OK)
        return tree_fail(db, NULL, t);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int l = sqlite3_column_int(st, 0);
        sqlite3_int64 i = sqlite3_column_int64(st, 1);
        if (l < 0 || l >= t->levels || i < 0 || (size_t)i >= t->count[l])
            continue;
        t->parent[l][i] = sqlite3_column_type(st, 2) == SQLITE_NULL
                              ? UINT32_MAX : (uint32_t)sqlite3_column_int64(st, 2);
        t->size[l][i] = sqlite3_column_double(st, 3);
        if (t->centroid[l] && (size_t)sqlite3_column_bytes(st, 4) == t->d * sizeof(float))
            memcpy(t->centroid[l] + (size_t)i * t->d, sqlite3_column_blob(st, 4), t->d * sizeof(float));
    }
    if (rc != SQLITE_DONE)
        return tree_fail(db, st, t);
    sqlite3_finalize(st);
    return 0;
}
