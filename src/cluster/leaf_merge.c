/* leaf_merge.c — small leaves join their nearest leaf (see leaf_merge.h). */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/leaf_merge.h"
#include "kleio/mem.h"

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

struct leaf {
    uint32_t *units;   /* sorted, distinct */
    size_t n_units;
    double rows;
    double norm;       /* of the centroid */
    uint32_t into;     /* the leaf it joined, itself while alive */
};

static bool fails(const struct leaf *l, int64_t min_units, int64_t min_rows)
{
    return (int64_t)l->n_units < min_units || l->rows < (double)min_rows;
}

/* b's units joined into a's (both sorted and distinct). */
static void unite_units(struct leaf *a, const struct leaf *b)
{
    uint32_t *u = kl_malloc((a->n_units + b->n_units + 1) * sizeof *u);
    size_t i = 0, j = 0, m = 0;
    while (i < a->n_units || j < b->n_units) {
        if (j == b->n_units || (i < a->n_units && a->units[i] < b->units[j]))
            u[m++] = a->units[i++];
        else if (i == a->n_units || b->units[j] < a->units[i])
            u[m++] = b->units[j++];
        else {
            u[m++] = a->units[i++];
            j++;
        }
    }
    free(a->units);
    a->units = u;
    a->n_units = m;
}

static double centroid_norm(const float *c, size_t d)
{
    double s = 0;
    for (size_t x = 0; x < d; x++)
        s += (double)c[x] * c[x];
    return sqrt(s);
}

/* The live leaf other than i whose centroid is nearest to i's by cosine; k when none. */
static size_t nearest(const struct leaf *L, const float *cent, size_t k, size_t d, size_t i)
{
    size_t best = k;
    double best_cos = -INFINITY;
    const float *ci = cent + i * d;
    for (size_t j = 0; j < k; j++) {
        if (j == i || L[j].into != j || L[j].rows <= 0)
            continue;
        double dot = 0;
        const float *cj = cent + j * d;
        for (size_t x = 0; x < d; x++)
            dot += (double)ci[x] * cj[x];
        double den = L[i].norm * L[j].norm, cs = den > 0 ? dot / den : -1;
        if (cs > best_cos) {
            best_cos = cs;
            best = j;
        }
    }
    return best;
}

int kl_leaf_merge_small(uint32_t *assign, const uint32_t *unit, size_t n, float *centroids,
                        size_t k, size_t d, int64_t min_units, int64_t min_rows,
                        kl_leaf_merge_stats *st)
{
    memset(st, 0, sizeof *st);
    for (size_t r = 0; r < n; r++)
        if (assign[r] >= k)
            return -1;
    struct leaf *L = kl_calloc(k + 1, sizeof *L);
    uint64_t *pairs = kl_malloc((n + 1) * sizeof *pairs);
    for (size_t r = 0; r < n; r++) {
        pairs[r] = (uint64_t)assign[r] << 32 | unit[r];
        L[assign[r]].rows += 1;
    }
    qsort(pairs, n, sizeof *pairs, cmp_u64);
    for (size_t r = 0, b = 0; r <= n; r++) {
        if (r < n && (r == 0 || pairs[r] >> 32 == pairs[r - 1] >> 32))
            continue;
        if (r > b) {   /* pairs[b..r) are one leaf's */
            struct leaf *l = &L[pairs[b] >> 32];
            l->units = kl_malloc((r - b) * sizeof *l->units);
            for (size_t q = b; q < r; q++)
                if (q == b || pairs[q] != pairs[q - 1])
                    l->units[l->n_units++] = (uint32_t)pairs[q];
        }
        b = r;
    }
    free(pairs);
    size_t live = 0;
    for (size_t j = 0; j < k; j++) {
        L[j].into = (uint32_t)j;
        L[j].norm = centroid_norm(centroids + j * d, d);
        live += L[j].rows > 0;
    }
    while (live > 1) {
        size_t i = k;
        for (size_t j = 0; j < k; j++)
            if (L[j].into == j && L[j].rows > 0 && fails(&L[j], min_units, min_rows) &&
                (i == k || L[j].rows < L[i].rows))
                i = j;
        if (i == k)
            break;
        size_t t = nearest(L, centroids, k, d, i);
        if (t == k)
            break;
        double a = L[t].rows, b = L[i].rows;
        for (size_t x = 0; x < d; x++)
            centroids[t * d + x] = (float)((a * centroids[t * d + x] + b * centroids[i * d + x]) /
                                           (a + b));
        L[t].norm = centroid_norm(centroids + t * d, d);
        L[t].rows = a + b;
        unite_units(&L[t], &L[i]);
        L[i].into = (uint32_t)t;
        st->merged++;
        live--;
    }
    /* New indices: live leaves with rows in their old order; a joined leaf follows its chain. */
    uint32_t *renum = kl_malloc((k + 1) * sizeof *renum);
    size_t kk = 0;
    for (size_t j = 0; j < k; j++)
        if (L[j].into == j && L[j].rows > 0) {
            renum[j] = (uint32_t)kk;
            if (kk != j)
                memmove(centroids + kk * d, centroids + j * d, d * sizeof *centroids);
            kk++;
        }
    for (size_t j = 0; j < k; j++) {
        size_t t = j;
        while (L[t].into != t)
            t = L[t].into;
        if (t != j)
            renum[j] = renum[t];
    }
    for (size_t r = 0; r < n; r++) {
        size_t t = assign[r];
        while (L[t].into != t)
            t = L[t].into;
        st->moved += t != assign[r];
        assign[r] = renum[assign[r]];
    }
    for (size_t j = 0; j < k; j++)
        free(L[j].units);
    free(L);
    free(renum);
    st->k = kk;
    return 0;
}
