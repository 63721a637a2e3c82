/* burst.c — the coordinated-activity flag: many fresh accounts that started inside one
 * short window and wrote near-identical requests into the same cluster. */
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/privacy.h"
#include "kleio/rng.h"

static int cmp_row(const void *a, const void *b)
{
    const kl_burst_row *x = a, *y = b;
    if (x->first_ts != y->first_ts)
        return x->first_ts < y->first_ts ? -1 : 1;
    return (x->user > y->user) - (x->user < y->user);
}

struct token_set { uint64_t *h; size_t n, cap; };

static void collect(const char *folded, size_t start, size_t len, void *ctx)
{
    (void)start;
    (void)len;
    struct token_set *t = ctx;
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->h = kl_reallocarray(t->h, t->cap, sizeof *t->h);
    }
    t->h[t->n++] = kl_hash_str(folded, 0x62757273);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static void set_of(const char *text, struct token_set *t)
{
    t->n = 0;
    kl_tokens_each(text ? text : "", collect, t);
    qsort(t->h, t->n, sizeof *t->h, cmp_u64);
    size_t k = 0;
    for (size_t i = 0; i < t->n; i++)
        if (k == 0 || t->h[i] != t->h[k - 1])
            t->h[k++] = t->h[i];
    t->n = k;
}

static double jaccard(const struct token_set *a, const struct token_set *b)
{
    size_t i = 0, j = 0, common = 0;
    while (i < a->n && j < b->n) {
        if (a->h[i] == b->h[j]) {
            common++;
            i++;
            j++;
        } else if (a->h[i] < b->h[j]) {
            i++;
        } else {
            j++;
        }
    }
    size_t uni = a->n + b->n - common;
    return uni ? (double)common / (double)uni : 1.0;
}

/* Mean pairwise Jaccard over at most 40 rows of the group (one per account). */
static double similarity(const kl_burst_row *rows, size_t n)
{
    size_t m = n < 40 ? n : 40;
    struct token_set *sets = kl_calloc(m, sizeof *sets);
    for (size_t i = 0; i < m; i++)
        set_of(rows[i * n / m].text, &sets[i]);
    double sum = 0;
    size_t pairs = 0;
    for (size_t i = 0; i < m; i++)
        for (size_t j = i + 1; j < m; j++) {
            sum += jaccard(&sets[i], &sets[j]);
            pairs++;
        }
    for (size_t i = 0; i < m; i++)
        free(sets[i].h);
    free(sets);
    return pairs ? sum / (double)pairs : 0;
}

bool kl_burst_detect(kl_burst_row *rows, size_t n, int64_t window, size_t min_accounts)
{
    if (n == 0)
        return false;
    qsort(rows, n, sizeof *rows, cmp_row);
    size_t users = 0;
    for (size_t i = 0; i < n; i++)
        users += i == 0 || rows[i].user != rows[i - 1].user;
    /* Rows of distinct fresh accounts only, one per account, in first-activity order. */
    kl_burst_row *fresh = kl_malloc(n * sizeof *fresh);
    size_t nf = 0;
    for (size_t i = 0; i < n; i++) {
        if (rows[i].last_ts - rows[i].first_ts > window)
            continue;
        if (nf > 0 && fresh[nf - 1].user == rows[i].user)
            continue;
        fresh[nf++] = rows[i];
    }
    size_t need = users / 5 > min_accounts ? users / 5 : min_accounts;
    bool flagged = false;
    /* Sliding window over first activity: the densest group of fresh accounts. */
    size_t best_start = 0, best_len = 0;
    for (size_t i = 0, j = 0; i < nf; i++) {
        while (j < nf && fresh[j].first_ts - fresh[i].first_ts <= window)
            j++;
        if (j - i > best_len) {
            best_len = j - i;
            best_start = i;
        }
    }
    if (best_len >= need && best_len >= 2)
        flagged = similarity(fresh + best_start, best_len) >= 0.5;
    free(fresh);
    return flagged;
}
