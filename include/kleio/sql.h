/* sql.h — the one small SQLite helper the store's files share. */
#ifndef KLEIO_SQL_H
#define KLEIO_SQL_H
#include <sqlite3.h>

/* Runs sql (a PRAGMA or a query of one integer) and stores the first column of its first
 * row into out. 0, or -1 (out unchanged) on an error or no row. */
int kl_sql_int(sqlite3 *db, const char *sql, int *out);

#endif
