/* thresholds.c — layer 2 (thresholds on users and conversations) and the accounting of
 * layer 4: influence units, distinct counting, and naming weights. */
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/privacy.h"

bool kl_privacy_passes(const kl_thresholds *t, int64_t units, int64_t conversations)
{
    return units >= t->min_users && conversations >= t->min_conversations;
}

struct user_first { int64_t first; uint32_t user; };

static int cmp_user_first(const void *a, const void *b)
{
    const struct user_first *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    return (x->user > y->user) - (x->user < y->user);
}

size_t kl_privacy_units(const int64_t *first_ts, const int64_t *last_ts, size_t n_users,
                        int64_t window, uint32_t *unit_out)
{
    struct user_first *fresh = kl_malloc((n_users ? n_users : 1) * sizeof *fresh);
    size_t n_fresh = 0;
    for (size_t u = 0; u < n_users; u++) {
        unit_out[u] = (uint32_t)u;
        if (last_ts[u] - first_ts[u] <= window)
            fresh[n_fresh++] = (struct user_first){first_ts[u], (uint32_t)u};
    }
    qsort(fresh, n_fresh, sizeof *fresh, cmp_user_first);
    /* Greedy cover: a group starts at its earliest account and takes every fresh account
     * that started within `window` of it. The group's unit is its first account, which
     * does not depend on the order users were listed in (ties broken by user index). */
    size_t merged = 0;
    for (size_t i = 0; i < n_fresh;) {
        size_t j = i + 1;
        while (j < n_fresh && fresh[j].first - fresh[i].first <= window)
            j++;
        if (j - i > 1)
            merged++;
        for (size_t m = i; m < j; m++)
            unit_out[fresh[m].user] = fresh[i].user;
        i = j;
    }
    free(fresh);
    return merged;
}

static int cmp_pair(const void *a, const void *b)
{
    const kl_pair *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->value > y->value) - (x->value < y->value);
}

void kl_pairs_count(kl_pair *pairs, size_t n,
                    void (*emit)(uint64_t key, size_t distinct, size_t rows, void *ctx),
                    void *ctx)
{
    if (n > 1)   /* an empty list may be NULL, which qsort must not see */
        qsort(pairs, n, sizeof *pairs, cmp_pair);
    for (size_t i = 0; i < n;) {
        size_t j = i, distinct = 0;
        while (j < n && pairs[j].key == pairs[i].key) {
            if (j == i || pairs[j].value != pairs[j - 1].value)
                distinct++;
            j++;
        }
        emit(pairs[i].key, distinct, j - i, ctx);
        i = j;
    }
}

struct doc_key { uint64_t key; uint32_t doc; };

static int cmp_doc_key(const void *a, const void *b)
{
    const struct doc_key *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->doc > y->doc) - (x->doc < y->doc);
}

void kl_privacy_weights(const uint32_t *cluster, const uint32_t *unit, size_t n, float *weight)
{
    struct doc_key *k = kl_malloc((n ? n : 1) * sizeof *k);
    for (size_t i = 0; i < n; i++)
        k[i] = (struct doc_key){(uint64_t)cluster[i] << 32 | unit[i], (uint32_t)i};
    qsort(k, n, sizeof *k, cmp_doc_key);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && k[j].key == k[i].key)
            j++;
        for (size_t m = i; m < j; m++)
            weight[k[m].doc] = 1.0f / (float)(j - i);
        i = j;
    }
    free(k);
}
