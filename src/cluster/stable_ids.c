/* stable_ids.c — inheriting cluster ids by membership overlap. */
#include "kleio/stable_ids.h"

#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"

typedef struct pair_count {
    int64_t old_id;
    uint32_t new_index;
    int64_t count;
} pair_count;

static int by_pair(const void *a, const void *b)
{
    const pair_count *x = a, *y = b;
    if (x->old_id != y->old_id)
        return x->old_id < y->old_id ? -1 : 1;
    return x->new_index < y->new_index ? -1 : x->new_index > y->new_index;
}

static int by_overlap(const void *a, const void *b)
{
    const pair_count *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return by_pair(a, b);
}

static int by_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Size of old cluster `id` among the members, from the sorted distinct-id table. */
static int64_t old_size(const int64_t *ids, const int64_t *sizes, size_t n, int64_t id)
{
    const int64_t *hit = bsearch(&id, ids, n, sizeof *ids, by_id);
    return hit ? sizes[hit - ids] : 0;
}

size_t kl_stable_ids(const int64_t *old_of, const uint32_t *new_of, size_t n, size_t n_new,
                     double min_jaccard, int64_t next_id, int64_t *ids_out,
                     int64_t min_shared, kl_lineage_pair **lineage, size_t *n_lineage)
{
    /* Count (old, new) co-memberships by sorting the member pairs. */
    pair_count *pairs = kl_calloc(n ? n : 1, sizeof *pairs);
    size_t np = 0;
    int64_t max_old = 0;
    for (size_t i = 0; i < n; i++) {
        if (old_of[i] > max_old)
            max_old = old_of[i];
        if (old_of[i] > 0)
            pairs[np++] = (pair_count){old_of[i], new_of[i], 1};
    }
    qsort(pairs, np, sizeof *pairs, by_pair);
    size_t nd = 0;
    for (size_t i = 0; i < np; i++) {
        if (nd > 0 && pairs[nd - 1].old_id == pairs[i].old_id &&
            pairs[nd - 1].new_index == pairs[i].new_index)
            pairs[nd - 1].count++;
        else
            pairs[nd++] = pairs[i];
    }

    /* Sizes of old clusters (among these members) and of new clusters. */
    int64_t *old_ids = kl_calloc(nd ? nd : 1, sizeof *old_ids);
    int64_t *old_sizes = kl_calloc(nd ? nd : 1, sizeof *old_sizes);
    size_t n_old = 0;
    for (size_t i = 0; i < nd; i++) {
        if (n_old == 0 || old_ids[n_old - 1] != pairs[i].old_id) {
            old_ids[n_old] = pairs[i].old_id;
            old_sizes[n_old++] = 0;
        }
        old_sizes[n_old - 1] += pairs[i].count;
    }
    int64_t *new_sizes = kl_calloc(n_new ? n_new : 1, sizeof *new_sizes);
    for (size_t i = 0; i < n; i++)
        if (new_of[i] < n_new)
            new_sizes[new_of[i]]++;

    if (lineage) {
        *lineage = NULL;
        *n_lineage = 0;
        for (size_t i = 0; i < nd; i++) {
            if (pairs[i].count < min_shared)
                continue;
            *lineage = kl_reallocarray(*lineage, *n_lineage + 1, sizeof **lineage);
            (*lineage)[(*n_lineage)++] =
                (kl_lineage_pair){pairs[i].new_index, pairs[i].old_id, pairs[i].count};
        }
    }

    /* Greedy on overlap: each old id goes to at most one new cluster and vice versa. */
    qsort(pairs, nd, sizeof *pairs, by_overlap);
    for (size_t j = 0; j < n_new; j++)
        ids_out[j] = 0;
    int64_t *taken = kl_calloc(n_old ? n_old : 1, sizeof *taken);
    size_t kept = 0;
    for (size_t i = 0; i < nd; i++) {
        pair_count *p = &pairs[i];
        if (p->new_index >= n_new || ids_out[p->new_index] != 0)
            continue;
        const int64_t *hit = bsearch(&p->old_id, old_ids, n_old, sizeof *old_ids, by_id);
        if (!hit || taken[hit - old_ids])
            continue;
        double uni = (double)(old_size(old_ids, old_sizes, n_old, p->old_id) +
                              new_sizes[p->new_index] - p->count);
        if (uni <= 0 || (double)p->count / uni < min_jaccard)
            continue;
        ids_out[p->new_index] = p->old_id;
        taken[hit - old_ids] = 1;
        kept++;
    }
    int64_t fresh = next_id > max_old + 1 ? next_id : max_old + 1;
    for (size_t j = 0; j < n_new; j++)
        if (ids_out[j] == 0)
            ids_out[j] = fresh++;
    free(taken);
    free(new_sizes);
    free(old_sizes);
    free(old_ids);
    free(pairs);
    return kept;
}
