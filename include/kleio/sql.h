/* sql.h — the small SQLite helpers the store and pipeline files share. */
#ifndef KLEIO_SQL_H
#define KLEIO_SQL_H
#include <sqlite3.h>
#include <stdint.h>

/* Runs sql (a PRAGMA or a query of one integer) and stores the first column of its first
 * row into out. 0, or -1 (out unchanged) on an error or no row. */
int kl_sql_int(sqlite3 *db, const char *sql, int *out);

/* The first column of the first row of `sql` as a 64-bit count, or -1 after reporting
 * the database's error (with its file name) through kl_error. */
int64_t kl_sql_count(sqlite3 *db, const char *sql);

#endif
