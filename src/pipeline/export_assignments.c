/* export_assignments.c — per conversation, its leaf and every ancestor up to the top,
 * from the private work database (`kleio export assignments`, for measurement). */
#include <stdio.h>
#include <stdlib.h>

#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/pipeline.h"
#include "kleio/workdb.h"

int kl_run_export_assignments(const char *work, const char *outp)
{
    char err[512];
    sqlite3 *db = kl_workdb_open(work, 0, err, sizeof err);
    if (!db) {
        kl_error("%s", err);
        return 2;
    }
    if (kl_run_schema(db) != 0) {
        kl_workdb_close(db);
        return 1;
    }
    /* The tree: number of levels, and per level the offset of its global ids. */
    sqlite3_stmt *st;
    int levels = 0, step = SQLITE_ERROR;
    int64_t *count = NULL;
    if (sqlite3_prepare_v2(db, "SELECT level, count(*) FROM run_clusters GROUP BY level ORDER BY level",
                           -1, &st, NULL) == SQLITE_OK) {
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            count = kl_reallocarray(count, (size_t)levels + 1, sizeof *count);
            count[levels++] = sqlite3_column_int64(st, 1);
        }
        sqlite3_finalize(st);
    }
    if (step != SQLITE_DONE || levels == 0) {
        if (step != SQLITE_DONE)
            kl_error("%s: %s", work, sqlite3_errmsg(db));
        else
            kl_error("%s: no clusters yet (run kleio run first)", work);
        free(count);
        kl_workdb_close(db);
        return 1;
    }
    int64_t **parent = kl_calloc((size_t)levels, sizeof *parent);
    for (int l = 0; l < levels; l++)
        parent[l] = kl_calloc((size_t)count[l] + 1, sizeof **parent);
    step = SQLITE_ERROR; /* a read error must not leave parents at 0 */
    if (sqlite3_prepare_v2(db, "SELECT level, idx, coalesce(parent, -1) FROM run_clusters", -1, &st,
                           NULL) == SQLITE_OK) {
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            int l = sqlite3_column_int(st, 0);
            int64_t i = sqlite3_column_int64(st, 1);
            if (l < levels && i >= 0 && i < count[l])
                parent[l][i] = sqlite3_column_int64(st, 2);
        }
        sqlite3_finalize(st);
    }
    FILE *out = NULL;
    if (step != SQLITE_DONE)
        kl_error("%s: %s", work, sqlite3_errmsg(db));
    else if (!(out = outp ? fopen(outp, "w") : stdout))
        kl_error("%s: cannot write", outp);
    if (!out) {
        for (int l = 0; l < levels; l++)
            free(parent[l]);
        free(parent);
        free(count);
        kl_workdb_close(db);
        return 1;
    }
    fputs("id\tleaf", out);
    for (int l = 1; l < levels; l++)
        l == 1 ? fputs("\tparent", out) : fprintf(out, "\tparent%d", l);
    fputc('\n', out);
    int status = 0;
    if (sqlite3_prepare_v2(db, "SELECT c.id, a.leaf FROM run_assign a JOIN conversations c"
                               " ON c.rowid = a.conv ORDER BY c.id", -1, &st, NULL) != SQLITE_OK) {
        kl_error("%s: %s", work, sqlite3_errmsg(db));
        status = 1;
    } else {
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            const char *id = (const char *)sqlite3_column_text(st, 0);
            int64_t a = sqlite3_column_int64(st, 1), base = 0;
            fputs(id ? id : "", out);
            for (int l = 0; l < levels && a >= 0 && a < count[l]; l++) {
                fprintf(out, "\t%lld", (long long)(base + a + 1));
                base += count[l];
                a = parent[l][a];
            }
            fputc('\n', out);
        }
        if (step != SQLITE_DONE) { /* a read error would end the file early, unsaid */
            kl_error("%s: %s", work, sqlite3_errmsg(db));
            status = 1;
        }
        sqlite3_finalize(st);
    }
    if (outp && fclose(out) != 0) {
        kl_error("%s: write failed", outp);
        status = 1;
    }
    for (int l = 0; l < levels; l++)
        free(parent[l]);
    free(parent);
    free(count);
    kl_workdb_close(db);
    return status;
}
