/* workdb.h — the private work database (SQLite, WAL): see kleio-workdb(5).
 *
 * Holds what the pipeline needs and nothing is ever published from it directly:
 *   conversations  one row per ingested conversation; raw text (normalised messages JSON)
 *                  only until its facets exist, then NULL unless --keep-raw
 *   facets         one row per conversation: language, refused, concern, turns, summary
 *   jobs           background recompute jobs and their progress
 * Modules that need more tables (embeddings, clusters, stage state, model cache) create
 * them with CREATE TABLE IF NOT EXISTS in their own module, named after the module.
 *
 * Writers: ingest writes conversations; facets writes facets and clears raw; the run
 * pipeline writes its own tables; jobs writes jobs. */
#ifndef KLEIO_WORKDB_H
#define KLEIO_WORKDB_H
#include <stddef.h>
#include <sqlite3.h>

#define KL_WORKDB_VERSION 1
#define KL_WORKDB_APP_ID 0x6B6C776B /* "klwk" */

enum kl_refused { KL_REFUSED_NONE = 0, KL_REFUSED_PARTIAL = 1, KL_REFUSED_FULL = 2 };

extern const char kl_workdb_schema_sql[];

/* Opens (creating when create != 0) the work database at PATH in WAL mode with a busy
 * timeout, migrating an older schema. Returns NULL and a one-line "PATH: cause" in err. */
sqlite3 *kl_workdb_open(const char *path, int create, char *err, size_t errlen);
void kl_workdb_close(sqlite3 *db);

/* Runs SQL with no result rows; on failure logs "PATH: cause" and returns -1. */
int kl_db_exec(sqlite3 *db, const char *sql);

#endif
