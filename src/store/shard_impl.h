/* shard_impl.h — what shard_split.c and shard_merge.c share. */
#ifndef KLEIO_SHARD_IMPL_H
#define KLEIO_SHARD_IMPL_H
#include <stddef.h>
#include <sqlite3.h>

#define KL_SHARD_MAX 4096
#define KL_SHARD_FORMAT 1 /* of shard_info; a merge refuses another */

/* Registers the SQL functions kl_shard(user_id, n) = kl_shard_of and kl_seedhash(text,
 * seed) (a seeded order) on db. 0 or -1. */
int shard_register(sqlite3 *db);
/* The first column of the first row of sql (one optional text parameter) into out. 0, or
 * -1 (out empty) on no row or an error. */
int shard_text(sqlite3 *db, const char *sql, const char *arg, char *out, size_t outlen);
/* Runs sql with one text parameter; logs "PATH: cause" and returns -1 on failure. */
int shard_bind_exec(sqlite3 *db, const char *sql, const char *arg);
/* The work database's id (made, in its own transaction, on first use) into id. 0 or -1. */
int shard_origin_id(sqlite3 *db, char id[33]);
/* Removes a database file and its -wal and -shm. */
void shard_remove_db(const char *path);
/* Creates the work database tmp and fills it, in one transaction opened by the statement
 * begin ("BEGIN" or "BEGIN IMMEDIATE"), from the work database open as main on db: the conversations whose rowid is in the query pick (in id order),
 * their facets, and shard_info with the rows of the SQL VALUES list info plus origin,
 * code_version, format and conversations, and the custom facets (the caller has made the
 * custom facet tables of the work database). Counts into convs and users. 0 or -1. */
int shard_fill(sqlite3 *db, const char *tmp, const char *begin, const char *pick, const char *info,
               const char *origin, long long *convs, long long *users);

#endif
