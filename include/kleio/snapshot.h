/* snapshot.h — the published snapshot, format version 1 (see kleio-snapshot(5)).
 *
 * A snapshot is a SQLite file of aggregates only: the cluster tree with names, map
 * positions and totals; per cluster x language and per cluster x language x time-bucket
 * counts; and provenance in `meta`. It never holds a conversation, a summary, a
 * conversation id or a user id. Cells below the thresholds are stored with
 * suppressed = 1 and NULL figures, never as small numbers.
 *
 * Writers: only the publish stage (src/pipeline/publish.c, from what the privacy stage
 * kept) and test fixtures create snapshots, through kl_snapshot_create. Readers (tree,
 * diff, validate) open them read-only with kl_snapshot_open, which validates the file
 * first; the explorer reads big ones through snapshot_bulk.h. Meta keys: snapshot_meta.h. */
#ifndef KLEIO_SNAPSHOT_H
#define KLEIO_SNAPSHOT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#define KL_SNAPSHOT_VERSION 1
#define KL_SNAPSHOT_APP_ID 0x6B6C696F /* "klio" */
#define KL_SNAPSHOT_FORMAT "kleio-snapshot"
/* Language code of the all-languages rows in cluster_time. */
#define KL_ALL_LANGS ""

/* Cluster flags. */
enum {
    KL_CLUSTER_BURST = 1u << 0,   /* coordinated-activity flag: many new accounts, one window */
};

/* The schema, as SQL executed by kl_snapshot_create (also printed into the man page). */
extern const char kl_snapshot_schema_sql[];

/* Figures of one cell, or of a slice summed from cells (figures.h says what each means). */
typedef struct kl_counts {
    bool suppressed;         /* true: hidden (every cell of it suppressed); the figures are 0 */
    int64_t conversations;
    int64_t users;
    int64_t refused;         /* conversations with a full or partial refusal */
    int64_t concern_sum;     /* sum of 1..5 concern scores */
    /* Cells of the slice that are suppressed while others are published. When > 0 the
     * figures are the published cells' only: conversations, refused and concern_sum are
     * lower bounds, users is the largest published cell's (a lower bound), and no rate is
     * defined. Nothing may fill the gap by subtraction: that would reveal a hidden cell. */
    int32_t hidden_cells;
    bool users_summed;       /* several languages summed: a user writing in two counts twice */
    bool totals_exact;       /* conversations and users are exact despite hidden_cells (meta) */
} kl_counts;

typedef struct kl_cluster {
    int64_t id;              /* stable across recomputes where membership allows */
    int64_t parent;          /* 0 for top-level clusters (ids start at 1) */
    int level;               /* 0 = top level, increasing towards the leaves */
    char *name;              /* untrusted text: sanitize before drawing */
    char *description;
    bool is_other;           /* unnamed remainder of children below the thresholds */
    unsigned flags;          /* KL_CLUSTER_* */
    double x, y, extent;     /* map position in [0,1]^2 and radius of its region */
    kl_counts total;         /* all languages */
    int64_t n_children;
} kl_cluster;

typedef struct kl_language {
    char code[16];           /* ISO 639-1 (or -3) code */
    char *name;              /* English name */
    kl_counts total;
} kl_language;

typedef struct kl_time_point {
    char bucket[16];         /* bucket start, YYYY-MM-DD */
    bool suppressed;
    int64_t conversations;
    int64_t refused;
} kl_time_point;

/* A row of a snapshot's lineage table: cluster `cluster` of this snapshot holds `shared`
 * members of cluster `previous` of the snapshot named by meta previous_snapshot_id. */
typedef struct kl_lineage_row { int64_t cluster, previous, shared; } kl_lineage_row;

typedef struct kl_snapshot kl_snapshot;

/* Exit status for "not a usable snapshot". */
#define KL_EXIT_BAD_SNAPSHOT 2

/* Opens and validates PATH read-only. On failure returns NULL and writes one line
 * "PATH: cause" (no trailing newline) into err. Checks: exists, regular file, SQLite,
 * application id / format, schema version not newer than KL_SNAPSHOT_VERSION,
 * quick_check passes, required tables present. */
kl_snapshot *kl_snapshot_open(const char *path, char *err, size_t errlen);
void kl_snapshot_close(kl_snapshot *s);
const char *kl_snapshot_path(const kl_snapshot *s);
/* For src/store's other readers (snapshot_bulk.c): checks the file's application id and
 * schema version; 0, or -1 with "PATH: cause" in err. kl_snapshot_open checks more. */
int kl_snapshot_check_header(sqlite3 *db, const char *path, char *err, size_t errlen);
/* For modules in src/store that add their own prepared statements. */
sqlite3 *kl_snapshot_db(kl_snapshot *s);

/* Value of meta KEY, or NULL. The pointer lives as long as the snapshot. */
const char *kl_snapshot_meta(kl_snapshot *s, const char *key);
/* meta KEY as an integer, or dflt when absent or not a number. */
int64_t kl_snapshot_meta_int(kl_snapshot *s, const char *key, int64_t dflt);

/* Every cluster, ordered by level then id. Free with kl_clusters_free. */
int kl_snapshot_clusters(kl_snapshot *s, kl_cluster **out, size_t *n);
void kl_clusters_free(kl_cluster *c, size_t n);

/* Languages present, by conversations descending. Free with kl_languages_free. */
int kl_snapshot_languages(kl_snapshot *s, kl_language **out, size_t *n);
void kl_languages_free(kl_language *l, size_t n);

/* Figures of one cluster in the slice of the given languages (nlangs > 0), summed as
 * kl_slice_add (figures.h) says: a missing cell is an exact zero, a suppressed one makes
 * the slice partial (hidden_cells) or, when nothing is published, hidden. */
int kl_snapshot_slice(kl_snapshot *s, int64_t cluster, const char *const *langs, size_t nlangs,
                      kl_counts *out);

/* Time series of a cluster (lang NULL or "" = all languages), oldest first. */
int kl_snapshot_series(kl_snapshot *s, int64_t cluster, const char *lang,
                       kl_time_point **out, size_t *n);

/* ---- writing (publish stage and tests) ---- */

/* Creates a new snapshot file at PATH (which must not exist) with the v1 schema and
 * the format/version meta rows. Returns an open read-write handle or NULL with err. */
sqlite3 *kl_snapshot_create(const char *path, char *err, size_t errlen);
int kl_snapshot_put_meta(sqlite3 *db, const char *key, const char *value);

/* Length of a snapshot id as kleio writes it (hex digits). */
#define KL_SNAPSHOT_ID_LEN 32
/* The identity of the snapshot open on db (meta snapshot_id): the first 128 bits of a
 * SHA-256 over its content — every table in key order and every meta row except
 * created_at, work_db and snapshot_id itself, reals as printed to 15 significant
 * digits — as lower-case hex into out. Copies and rebuilds with the same content share
 * it; snapshots that differ in anything published do not. 0, or -1 when a read fails. */
int kl_snapshot_content_id(sqlite3 *db, char out[KL_SNAPSHOT_ID_LEN + 1]);

#endif
