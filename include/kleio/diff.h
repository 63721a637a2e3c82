/* diff.h — what changed between two snapshots (`kleio diff` and the explorer's diff view).
 *
 * Clusters are matched by id (ids are stable across recomputes of one work database).
 * Growth and shrinkage compare conversations by ratio: grown when new >= old x (1 + change),
 * shrunk when old >= new x (1 + change), so that swapping the two snapshots turns every
 * grown into shrunk and back. Refusal moves are rates whose 95% Wilson intervals no longer
 * overlap and that moved by at least two points.
 *
 * Splits and merges need lineage, and a snapshot's lineage is relative to one snapshot:
 * the one its meta previous_snapshot_id names. It is used only when it links the two
 * snapshots compared (kl_diff_link_of); otherwise clusters are matched by id alone and
 * no split or merge is reported. The comparison is symmetric: diffing NEW against OLD
 * mirrors OLD against NEW (new <-> gone, grown <-> shrunk, split <-> merged, refusal up
 * <-> down). Pure over arrays, so the explorer can diff the tree it holds against a file. */
#ifndef KLEIO_DIFF_H
#define KLEIO_DIFF_H
#include <stddef.h>
#include <stdint.h>

#include "kleio/snapshot.h"

enum { KL_DIFF_NEW, KL_DIFF_GONE, KL_DIFF_GROWN, KL_DIFF_SHRUNK, KL_DIFF_SPLIT,
       KL_DIFF_MERGED, KL_DIFF_RENAMED, KL_DIFF_REFUSAL, KL_DIFF_N };
extern const char *const kl_diff_kind_names[KL_DIFF_N];

/* How the two snapshots of a diff relate, from meta snapshot_id / previous_snapshot_id. */
typedef enum kl_diff_link {
    KL_DIFF_UNLINKED,   /* not consecutive, or an id is missing: matched by id only */
    KL_DIFF_SAME,       /* the same snapshot (copies and rebuilds share their id) */
    KL_DIFF_FORWARD,    /* NEW's previous_snapshot_id is OLD's snapshot_id: NEW's lineage */
    KL_DIFF_BACKWARD,   /* OLD's previous_snapshot_id is NEW's snapshot_id: OLD's, reversed */
    KL_DIFF_LINK_N
} kl_diff_link;
/* "unlinked", "same", "forward", "backward" (the JSON output's "lineage"). */
extern const char *const kl_diff_link_names[KL_DIFF_LINK_N];

typedef struct kl_diff_item {
    int kind;                 /* KL_DIFF_* */
    int64_t id;
    int level;
    char *name;               /* sanitized; "(other)" for an unnamed remainder */
    char detail[256];         /* e.g. "600 -> 900 (+50%)", "split into 6, 9" */
} kl_diff_item;

typedef struct kl_diff {
    kl_diff_item *items;      /* in report order: per new cluster, then old, then merges */
    size_t n;
    size_t counts[KL_DIFF_N];
    kl_diff_link link;        /* whether lineage was used, and which */
} kl_diff;

/* The link between OLD and NEW from their ids (any may be NULL or ""). */
kl_diff_link kl_diff_link_of(const char *old_id, const char *old_prev, const char *new_id,
                             const char *new_prev);
/* One sentence for the reader when no lineage was used (NULL when it was). */
const char *kl_diff_link_note(kl_diff_link link);
/* The lineage rows of s (none for snapshots written before lineage existed); -1 when a
 * read fails. */
int kl_diff_lineage(kl_snapshot *s, kl_lineage_row **out, size_t *n);
/* Swaps cluster and previous in each row: a lineage read from the older side. */
void kl_diff_lineage_reverse(kl_lineage_row *lin, size_t n);
/* Compares old clusters oc with new clusters nc. lin (rows: new cluster, old previous) is
 * used only when link is KL_DIFF_FORWARD or KL_DIFF_BACKWARD (the caller orients it old
 * to new), and only rows whose two clusters exist on their sides. */
void kl_diff_compute(const kl_cluster *oc, size_t on, const kl_cluster *nc, size_t nn,
                     const kl_lineage_row *lin, size_t nlin, kl_diff_link link, double change,
                     kl_diff *out);
/* Reads both snapshots, decides the link, reads and orients the lineage that links them,
 * and compares. Returns 0, or -1 when a read fails. */
int kl_diff_snapshots(kl_snapshot *old, kl_snapshot *new, double change, kl_diff *out);
/* "3 new, 4 gone, …, 1 refusal changes" into out. */
void kl_diff_summary(const kl_diff *d, char *out, size_t n);
void kl_diff_free(kl_diff *d);

#endif
