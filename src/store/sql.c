/* sql.c — small SQLite helpers (sql.h). */
#include "kleio/sql.h"

#include <stddef.h>

#include "kleio/log.h"

int kl_sql_int(sqlite3 *db, const char *sql, int *out)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

int64_t kl_sql_count(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    else
        kl_error("%s: %s", sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return v;
}
