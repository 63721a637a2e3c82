/* stable_ids.h — keeping cluster ids stable across recomputes.
 * A new cluster inherits the id of the old cluster it overlaps most, when that overlap is
 * mutual and large (Jaccard over shared members ≥ min_jaccard); every other new cluster
 * gets a fresh id above all old ones. Deterministic: ties break by old id, then new index.
 * Pure: arrays in, arrays out. */
#ifndef KLEIO_STABLE_IDS_H
#define KLEIO_STABLE_IDS_H
#include <stddef.h>
#include <stdint.h>

typedef struct kl_lineage_pair {
    uint32_t new_index;      /* index of the new cluster */
    int64_t old_id;          /* id in the previous run */
    int64_t shared;          /* members in both */
} kl_lineage_pair;

/* old_of[i]: old cluster id of member i (0 when it was not in the previous run);
 * new_of[i]: new cluster index (< n_new). Writes n_new ids into ids_out; fresh ids start
 * at max(next_id, largest old id + 1). When lineage is not NULL, *lineage receives every
 * (new, old) pair sharing at least min_shared members (caller frees). Returns the number
 * of new clusters that kept an old id. */
size_t kl_stable_ids(const int64_t *old_of, const uint32_t *new_of, size_t n, size_t n_new,
                     double min_jaccard, int64_t next_id, int64_t *ids_out,
                     int64_t min_shared, kl_lineage_pair **lineage, size_t *n_lineage);

#endif
