/* snapshot_bulk.h — bulk readers over an open snapshot for interactive use.
 *
 * The explorer needs many small reads per second (children of one cluster, every cell of
 * one language, one cluster's series) and a few large ones; preparing a statement each
 * time would dominate. A kl_bulk keeps its prepared statements for the snapshot's life.
 * Read-only; every query is a prepared statement with bound parameters. */
#ifndef KLEIO_SNAPSHOT_BULK_H
#define KLEIO_SNAPSHOT_BULK_H
#include <stddef.h>
#include <stdint.h>

#include "kleio/snapshot.h"

typedef struct kl_bulk kl_bulk;

/* Over an open snapshot (borrowed). Returns NULL when a statement cannot be prepared. */
kl_bulk *kl_bulk_open(kl_snapshot *s);
/* The same, taking ownership of s (closed with the bulk, or at once on failure): one
 * connection and one check of the file serve both the full validation and the reads. */
kl_bulk *kl_bulk_adopt(kl_snapshot *s);
/* Opens PATH read-only on its own connection after the cheap checks of
 * kl_snapshot_open (a regular SQLite file, application id, schema version, tables, meta
 * format) but without its PRAGMA quick_check, which reads every page: half a second on
 * a 60 MB snapshot. The caller must still validate the file with kl_snapshot_open (the
 * explorer does so while it draws) and treat what it reads meanwhile as untrusted,
 * which it is anyway. Returns NULL when any check fails: the caller then reports
 * kl_snapshot_open's own error. */
kl_bulk *kl_bulk_open_path(const char *path);
void kl_bulk_close(kl_bulk *b);
/* The connection it reads, for readers with their own statements (snapshot_custom.h). */
sqlite3 *kl_bulk_db(kl_bulk *b);

/* meta KEY (NULL when absent), and as an integer; loaded once at open. */
const char *kl_bulk_meta(kl_bulk *b, const char *key);
int64_t kl_bulk_meta_int(kl_bulk *b, const char *key, int64_t dflt);
/* Every lineage row, by cluster then previous (free with free()). 0, or -1. */
int kl_bulk_lineage(kl_bulk *b, kl_lineage_row **out, size_t *n);
/* Languages by conversations descending, as kl_snapshot_languages (free with
 * kl_languages_free). */
int kl_bulk_languages(kl_bulk *b, kl_language **out, size_t *n);

/* Called once per row. c->n_children is filled; name and description are borrowed for
 * the duration of the call only (copy what you keep). */
typedef void (*kl_bulk_cluster_fn)(void *ctx, const kl_cluster *c);
/* Children of PARENT (0: the top level), in id order. Returns rows read or -1. */
long kl_bulk_children(kl_bulk *b, int64_t parent, kl_bulk_cluster_fn fn, void *ctx);
/* Number of clusters in the snapshot, or -1. */
long kl_bulk_cluster_count(kl_bulk *b);
/* One cluster by id (0 or 1 rows). */
long kl_bulk_cluster(kl_bulk *b, int64_t id, kl_bulk_cluster_fn fn, void *ctx);
/* Every cluster's id and parent id (0: top level), by id; caller frees both arrays.
 * For mending a damaged file's tree (parent cycles); -1 on error. */
long kl_bulk_cluster_ids(kl_bulk *b, int64_t **ids, int64_t **parents);

/* Cells of one language with cluster id > after, ordered by cluster id, at most limit of
 * them (so a caller can read a language in slices that keep its keys responsive). */
typedef void (*kl_bulk_cell_fn)(void *ctx, int64_t cluster, const kl_counts *c);
long kl_bulk_lang_cells(kl_bulk *b, const char *lang, int64_t after, long limit,
                        kl_bulk_cell_fn fn, void *ctx);
/* Every language cell of one cluster (lang codes as in the languages table). */
typedef void (*kl_bulk_lang_fn)(void *ctx, const char *lang, const kl_counts *c);
long kl_bulk_cluster_langs(kl_bulk *b, int64_t cluster, kl_bulk_lang_fn fn, void *ctx);

/* Series of one cluster for LANG ("" = all languages), oldest first, at most cap points.
 * Returns the number of points written, or -1. */
long kl_bulk_series(kl_bulk *b, int64_t cluster, const char *lang, kl_time_point *out,
                    size_t cap);

/* Density grid of a cluster: copies up to cap bytes into out and returns the blob's
 * length (0 when NULL or absent), or -1 on error. */
long kl_bulk_density(kl_bulk *b, int64_t cluster, unsigned char *out, size_t cap);

#endif
