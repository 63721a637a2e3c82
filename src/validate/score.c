/* score.c — NMI, ARI and majority-label accuracy from contingency counts. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/validate.h"

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

/* Counts of each value, of each label, and of each (a, b) pair; sizes via out params. */
struct contingency {
    uint64_t *pair_n; size_t n_pairs;   /* counts of distinct (a,b) */
    uint64_t *a_n; size_t n_a;
    uint64_t *b_n; size_t n_b;
};

static uint64_t *group_counts(uint64_t *keys, size_t n, size_t *groups)
{
    qsort(keys, n, sizeof *keys, cmp_u64);
    uint64_t *counts = kl_malloc((n ? n : 1) * sizeof *counts);
    size_t g = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && keys[j] == keys[i])
            j++;
        counts[g++] = j - i;
        i = j;
    }
    *groups = g;
    return counts;
}

static void contingency(const uint32_t *a, const uint32_t *b, size_t n, struct contingency *c)
{
    uint64_t *keys = kl_malloc((n ? n : 1) * sizeof *keys);
    for (size_t i = 0; i < n; i++)
        keys[i] = (uint64_t)a[i] << 32 | b[i];
    c->pair_n = group_counts(keys, n, &c->n_pairs);
    for (size_t i = 0; i < n; i++)
        keys[i] = a[i];
    c->a_n = group_counts(keys, n, &c->n_a);
    for (size_t i = 0; i < n; i++)
        keys[i] = b[i];
    c->b_n = group_counts(keys, n, &c->n_b);
    free(keys);
}

static void contingency_free(struct contingency *c)
{
    free(c->pair_n);
    free(c->a_n);
    free(c->b_n);
}

static double entropy(const uint64_t *counts, size_t g, double n)
{
    double h = 0;
    for (size_t i = 0; i < g; i++) {
        double p = (double)counts[i] / n;
        h -= p * log(p);
    }
    return h;
}

double kl_score_nmi(const uint32_t *a, const uint32_t *b, size_t n)
{
    if (n == 0)
        return 0;
    struct contingency c;
    contingency(a, b, n, &c);
    double N = (double)n;
    double ha = entropy(c.a_n, c.n_a, N), hb = entropy(c.b_n, c.n_b, N);
    double hab = entropy(c.pair_n, c.n_pairs, N);
    contingency_free(&c);
    double mi = ha + hb - hab;
    if (ha + hb <= 0)
        return 1.0;
    double nmi = 2 * mi / (ha + hb);
    return nmi < 0 ? 0 : nmi;
}

static double comb2(uint64_t x)
{
    return (double)x * ((double)x - 1) / 2;
}

double kl_score_ari(const uint32_t *a, const uint32_t *b, size_t n)
{
    if (n < 2)
        return 1.0;
    struct contingency c;
    contingency(a, b, n, &c);
    double sum_ij = 0, sum_a = 0, sum_b = 0;
    for (size_t i = 0; i < c.n_pairs; i++)
        sum_ij += comb2(c.pair_n[i]);
    for (size_t i = 0; i < c.n_a; i++)
        sum_a += comb2(c.a_n[i]);
    for (size_t i = 0; i < c.n_b; i++)
        sum_b += comb2(c.b_n[i]);
    contingency_free(&c);
    double expected = sum_a * sum_b / comb2(n);
    double max = (sum_a + sum_b) / 2;
    if (max == expected)
        return 1.0;
    return (sum_ij - expected) / (max - expected);
}

void kl_score_majority(const uint32_t *cluster, const uint32_t *label, const uint8_t *use,
                       size_t n, size_t k, uint32_t *major)
{
    uint64_t *keys = kl_malloc((n ? n : 1) * sizeof *keys);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if ((!use || use[i]) && cluster[i] < k)
            keys[m++] = (uint64_t)cluster[i] << 32 | label[i];
    qsort(keys, m, sizeof *keys, cmp_u64);
    uint64_t *best = kl_calloc(k ? k : 1, sizeof *best);
    for (size_t j = 0; j < k; j++)
        major[j] = UINT32_MAX;
    for (size_t i = 0; i < m;) {
        size_t j = i;
        while (j < m && keys[j] == keys[i])
            j++;
        uint32_t cl = (uint32_t)(keys[i] >> 32), lab = (uint32_t)keys[i];
        if (j - i > best[cl]) {   /* ties: the smaller label, met first */
            best[cl] = j - i;
            major[cl] = lab;
        }
        i = j;
    }
    free(best);
    free(keys);
}

double kl_score_accuracy(const uint32_t *cluster, const uint32_t *label, const uint32_t *major,
                         const uint8_t *sel, size_t n)
{
    size_t total = 0, right = 0;
    for (size_t i = 0; i < n; i++) {
        if (sel && !sel[i])
            continue;
        total++;
        right += major[cluster[i]] == label[i];
    }
    return total ? (double)right / (double)total : -1;
}
