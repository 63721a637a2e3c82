/* snapshot_custom.h — the custom facets of a snapshot (kleio-snapshot(5): custom_facets,
 * cluster_custom, custom_totals, cluster_custom_mean), read for `kleio tree --facet` and
 * the explorer. A snapshot written before custom facets existed has none of these tables:
 * it reads as a snapshot without custom facets. */
#ifndef KLEIO_SNAPSHOT_CUSTOM_H
#define KLEIO_SNAPSHOT_CUSTOM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#define KL_SNAP_CUSTOM_MAX_VALUES 12

/* One published facet. Slots 0..n_values-1 are its values (a number facet has the one
 * value "answered"); slot n_values is the unanswered. Strings are untrusted: sanitise. */
typedef struct kl_snap_facet {
    char *name, *question;
    bool number;
    double lo, hi;                 /* number */
    char *values[KL_SNAP_CUSTOM_MAX_VALUES + 1];
    size_t n_values;
} kl_snap_facet;

/* A figure of one cell: its conversations, KL_SNAP_HIDDEN when suppressed (0 when no
 * conversation, which the snapshot stores as no row). */
#define KL_SNAP_HIDDEN (-1)

typedef struct kl_snap_custom {
    const kl_snap_facet *f;
    size_t slots;                  /* n_values + 1 */
    size_t n;                      /* clusters with at least one cell, sorted by id */
    int64_t *id;
    int64_t *count;                /* n x slots */
    bool *has_mean;                /* number: n; the mean is published */
    double *mean, *ci;             /* number: n; the 95% half-width */
    int64_t *total;                /* slots: the whole input's cells */
} kl_snap_custom;

/* The facets in declaration order (*n = 0 without any); 0, or -1 on a read error or a
 * malformed declaration. */
int kl_snap_facets_read(sqlite3 *db, kl_snap_facet **out, size_t *n);
void kl_snap_facets_free(kl_snap_facet *f, size_t n);
/* The facet named name, or NULL. */
const kl_snap_facet *kl_snap_facet_find(const kl_snap_facet *f, size_t n, const char *name);
/* Every cell of facet f. 0, or -1 on a read error. */
int kl_snap_custom_read(sqlite3 *db, const kl_snap_facet *f, kl_snap_custom *out);
void kl_snap_custom_free(kl_snap_custom *c);
/* The row of cluster id (slots figures), or NULL when it has none; *k its index. */
const int64_t *kl_snap_custom_row(const kl_snap_custom *c, int64_t id, size_t *k);

#endif
