/* facets_export.c — the facets of every conversation, one row each, as TSV or JSON Lines
 * (`kleio export facets`). */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kleio/facets_work.h"
#include "kleio/log.h"
#include "kleio/workdb.h"

enum format { FMT_TSV, FMT_JSONL };

static const char *const refused_names[] = {"none", "partial", "full"};

static void put_tsv_field(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '\t': fputs("\\t", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\\': fputs("\\\\", f); break;
        default: fputc(*s, f); break;
        }
    }
}

static int write_rows(sqlite3 *db, FILE *f, enum format fmt)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
                           "SELECT c.id, f.lang, f.refused, f.concern, f.turns, f.summary "
                           "FROM facets f JOIN conversations c ON c.rowid = f.conv ORDER BY c.rowid",
                           -1, &st, NULL) != SQLITE_OK) {
        kl_error("%s: %s", sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
        return -1;
    }
    if (fmt == FMT_TSV)
        fputs("id\tlang\trefused\tconcern\tturns\tsummary\n", f);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        const char *lang = (const char *)sqlite3_column_text(st, 1);
        int refused = sqlite3_column_int(st, 2);
        const char *ref = refused >= 0 && refused <= 2 ? refused_names[refused] : "none";
        int concern = sqlite3_column_int(st, 3), turns = sqlite3_column_int(st, 4);
        const char *summary = (const char *)sqlite3_column_text(st, 5);
        if (fmt == FMT_TSV) {
            put_tsv_field(f, id);
            fputc('\t', f);
            put_tsv_field(f, lang);
            fprintf(f, "\t%s\t%d\t%d\t", ref, concern, turns);
            put_tsv_field(f, summary);
            fputc('\n', f);
        } else {
            json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:i, s:s}", "id", id ? id : "", "lang",
                                  lang ? lang : "und", "refused", ref, "concern", concern, "turns",
                                  turns, "summary", summary ? summary : "");
            char *line = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
            if (line) {
                fputs(line, f);
                fputc('\n', f);
            }
            free(line);
            json_decref(o);
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        kl_error("%s: %s", sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
        return -1;
    }
    return 0;
}

int kl_facets_export(const char *work, const char *output, bool jsonl)
{
    enum format fmt = jsonl ? FMT_JSONL : FMT_TSV;
    if (access(work, F_OK) != 0) {
        kl_error("%s: no such work database", work);
        return 2;
    }
    char err[512];
    sqlite3 *db = kl_workdb_open(work, 0, err, sizeof err);
    if (!db) {
        kl_error("%s", err);
        return 2;
    }
    FILE *f = stdout;
    if (output && !(f = fopen(output, "w"))) {
        kl_error("%s: %s", output, strerror(errno));
        kl_workdb_close(db);
        return 1;
    }
    int rc = write_rows(db, f, fmt);
    if (fflush(f) != 0 || ferror(f)) {
        kl_error("%s: %s", output ? output : "(standard output)", strerror(errno));
        rc = -1;
    }
    if (output && fclose(f) != 0)
        rc = -1;
    kl_workdb_close(db);
    return rc == 0 ? 0 : 1;
}
