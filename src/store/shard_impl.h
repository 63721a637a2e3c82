/* shard_impl.h — what shard_split.c and shard_merge.c share. */
#ifndef KLEIO_SHARD_IMPL_H
#define KLEIO_SHARD_IMPL_H
#include <stddef.h>
#include <sqlite3.h>

#define KL_SHARD_MAX 4096
#define KL_SHARD_FORMAT 1 /* of shard_info; a merge refuses another */

/* Registers the SQL function kl_shard(user_id, n) = kl_shard_of on db. 0 or -1. */
int shard_register(sqlite3 *db);
/* The first column of the first row of sql (one optional text parameter) into out. 0, or
 * -1 (out empty) on no row or an error. */
int shard_text(sqlite3 *db, const char *sql, const char *arg, char *out, size_t outlen);
/* Runs sql with one text parameter; logs "PATH: cause" and returns -1 on failure. */
int shard_bind_exec(sqlite3 *db, const char *sql, const char *arg);

#endif
