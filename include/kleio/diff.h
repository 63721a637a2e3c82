/* diff.h — what changed between two snapshots (`kleio diff` and the explorer's diff view).
 *
 * Clusters are matched by id (ids are stable across recomputes of one work database).
 * Growth and shrinkage are relative changes in conversations of at least `change`;
 * refusal moves are rates whose 95% Wilson intervals no longer overlap and that moved by
 * at least two points; splits and merges come from the new snapshot's lineage table.
 * Pure over arrays, so the explorer can diff the tree it holds against a new file. */
#ifndef KLEIO_DIFF_H
#define KLEIO_DIFF_H
#include <stddef.h>
#include <stdint.h>

#include "kleio/snapshot.h"

enum { KL_DIFF_NEW, KL_DIFF_GONE, KL_DIFF_GROWN, KL_DIFF_SHRUNK, KL_DIFF_SPLIT,
       KL_DIFF_MERGED, KL_DIFF_RENAMED, KL_DIFF_REFUSAL, KL_DIFF_N };
extern const char *const kl_diff_kind_names[KL_DIFF_N];

/* A row of a snapshot's lineage: new cluster `cluster` holds `shared` members of old
 * cluster `previous`. */
typedef struct kl_lineage_row { int64_t cluster, previous, shared; } kl_lineage_row;

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
} kl_diff;

/* The lineage rows of s (none for snapshots written before lineage existed). */
int kl_diff_lineage(kl_snapshot *s, kl_lineage_row **out, size_t *n);
/* Compares old clusters oc with new clusters nc (lineage of the new snapshot). */
void kl_diff_compute(const kl_cluster *oc, size_t on, const kl_cluster *nc, size_t nn,
                     const kl_lineage_row *lin, size_t nlin, double change, kl_diff *out);
/* Reads both snapshots and compares them. Returns 0, or -1 when a read fails. */
int kl_diff_snapshots(kl_snapshot *old, kl_snapshot *new, double change, kl_diff *out);
/* "3 new, 4 gone, …, 1 refusal changes" into out. */
void kl_diff_summary(const kl_diff *d, char *out, size_t n);
void kl_diff_free(kl_diff *d);

#endif
