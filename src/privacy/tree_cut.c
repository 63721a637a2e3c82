/* tree_cut.c — which clusters of the hierarchy are published on their own, and which are
 * merged into their parent's unnamed remainder (see privacy.h, kl_privacy_cut_tree). */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/numbers.h"
#include "kleio/privacy.h"

/* Distinct units of the union of the given clusters. */
static int64_t union_units(const kl_tree_cut_in *in, const size_t *members, size_t n,
                           uint32_t **scratch, size_t *cap)
{
    size_t total = 0;
    for (size_t k = 0; k < n; k++)
        total += in->unit_off[members[k] + 1] - in->unit_off[members[k]];
    if (total > *cap || !*scratch) { /* allocated on the first call even with no unit */
        *cap = total;
        *scratch = kl_reallocarray(*scratch, total, sizeof **scratch);
    }
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        size_t b = in->unit_off[members[k]], e = in->unit_off[members[k] + 1];
        memcpy(*scratch + m, in->unit_list + b, (e - b) * sizeof **scratch);
        m += e - b;
    }
    if (m > 1)
        qsort(*scratch, m, sizeof **scratch, kl_cmp_u32);
    int64_t distinct = 0;
    for (size_t k = 0; k < m; k++)
        distinct += k == 0 || (*scratch)[k] != (*scratch)[k - 1];
    return distinct;
}

static const int64_t *sort_conv;   /* qsort has no context argument */

static int cmp_by_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (sort_conv[x] != sort_conv[y])
        return sort_conv[x] < sort_conv[y] ? -1 : 1;
    return (x > y) - (x < y);
}

/* Cosine of clusters a and b of one level (local indices). */
static double cosine(const float *cent, size_t d, size_t a, size_t b)
{
    const float *x = cent + a * d, *y = cent + b * d;
    double xy = 0, xx = 0, yy = 0;
    for (size_t j = 0; j < d; j++) {
        xy += (double)x[j] * y[j];
        xx += (double)x[j] * x[j];
        yy += (double)y[j] * y[j];
    }
    return xx > 0 && yy > 0 ? xy / sqrt(xx * yy) : -1;
}

/* A family of level l (global indices from off) with at least one published child: every
 * child below the thresholds joins its nearest published sibling. Returns false (nothing
 * done) when none is published. */
static bool join_siblings(const kl_tree_cut_in *in, int l, size_t off, const size_t *kids,
                          size_t n, uint8_t *fate, size_t *into)
{
    bool any = false;
    for (size_t k = 0; k < n && !any; k++)
        any = fate[kids[k]] == KL_CUT_PUBLISHED;
    if (!any)
        return false;
    for (size_t k = 0; k < n; k++) {
        size_t g = kids[k], best = g;
        if (fate[g] == KL_CUT_PUBLISHED)
            continue;
        double best_cos = -INFINITY;
        for (size_t q = 0; q < n; q++) {
            if (fate[kids[q]] != KL_CUT_PUBLISHED)
                continue;
            double cs = cosine(in->centroid[l], in->d, g - off, kids[q] - off);
            if (cs > best_cos || (cs == best_cos && kids[q] < best)) {
                best_cos = cs;
                best = kids[q];
            }
        }
        fate[g] = KL_CUT_JOINED;
        into[g] = best;
    }
    return true;
}

/* Decides one family: the children of one published parent (or of the root). */
static void cut_family(const kl_tree_cut_in *in, const kl_thresholds *th, int l, size_t off,
                       size_t *kids, size_t n, bool is_root, uint8_t *fate,
                       uint8_t *remainder_slot, size_t *into, uint32_t **scratch, size_t *cap)
{
    size_t *rest = kl_malloc((n + 1) * sizeof *rest);
    size_t n_rest = 0;
    int64_t rest_conv = 0;
    for (size_t k = 0; k < n; k++) {
        size_t g = kids[k];
        int64_t units = (int64_t)(in->unit_off[g + 1] - in->unit_off[g]);
        if (kl_privacy_passes(th, units, in->conversations[g])) {
            fate[g] = KL_CUT_PUBLISHED;
        } else {
            fate[g] = KL_CUT_REMAINDER;
            rest[n_rest++] = g;
            rest_conv += in->conversations[g];
        }
    }
    if (n_rest > 0 && in->centroid && in->centroid[l] && into &&
        join_siblings(in, l, off, kids, n, fate, into))
        n_rest = 0;
    if (n_rest > 0) {
        /* The smallest published siblings join a remainder too small to publish, until it
         * passes: a hidden remainder would be the parent minus its published children. */
        sort_conv = in->conversations;
        qsort(kids, n, sizeof *kids, cmp_by_size);
        size_t next = 0;
        while (!kl_privacy_passes(th, union_units(in, rest, n_rest, scratch, cap), rest_conv)) {
            while (next < n && fate[kids[next]] != KL_CUT_PUBLISHED)
                next++;
            if (next == n)
                break;
            fate[kids[next]] = KL_CUT_REMAINDER;
            rest[n_rest++] = kids[next];
            rest_conv += in->conversations[kids[next]];
        }
        bool passes = kl_privacy_passes(th, union_units(in, rest, n_rest, scratch, cap), rest_conv);
        *remainder_slot = passes;
        if (n_rest == n && (!is_root || !passes)) {
            /* Nothing is left to publish beside the remainder: it would be the parent
             * again, so the family is not shown (the parent is a leaf of the snapshot).
             * At the root a lone remainder is the whole corpus, shown when it passes. */
            for (size_t k = 0; k < n; k++)
                fate[kids[k]] = KL_CUT_NONE;
            *remainder_slot = 0;
        }
    }
    free(rest);
}

void kl_privacy_cut_tree(const kl_tree_cut_in *in, const kl_thresholds *th, uint8_t *fate,
                         uint8_t *has_remainder, size_t *into)
{
    int L = in->levels;
    size_t *off = kl_calloc((size_t)L + 1, sizeof *off);
    for (int l = 0; l < L; l++)
        off[l + 1] = off[l] + in->count[l];
    size_t total = off[L];
    memset(fate, KL_CUT_NONE, total);
    memset(has_remainder, 0, total + 1);
    uint32_t *scratch = NULL;
    size_t cap = 0;
    size_t *kids = kl_malloc((total + 1) * sizeof *kids);
    if (L > 0) {
        /* The root's family: every top-level cluster with conversations. */
        size_t n = 0;
        for (size_t i = 0; i < in->count[L - 1]; i++)
            if (in->conversations[off[L - 1] + i] > 0)
                kids[n++] = off[L - 1] + i;
        cut_family(in, th, L - 1, off[L - 1], kids, n, true, fate, &has_remainder[total], into,
                   &scratch, &cap);
    }
    for (int l = L - 2; l >= 0; l--) {
        /* Children grouped by parent: a counting sort over the parent index. */
        size_t np = in->count[l + 1];
        size_t *start = kl_calloc(np + 2, sizeof *start);
        for (size_t i = 0; i < in->count[l]; i++)
            start[in->parent[l][i] + 2]++;
        for (size_t p = 2; p < np + 2; p++)
            start[p] += start[p - 1];
        for (size_t i = 0; i < in->count[l]; i++)
            kids[start[in->parent[l][i] + 1]++] = off[l] + i;
        for (size_t p = 0; p < np; p++) {
            size_t b = start[p], e = start[p + 1];
            size_t gp = off[l + 1] + p;
            if (fate[gp] != KL_CUT_PUBLISHED)
                continue;   /* below a remainder or an unshown family: not shown */
            size_t n = 0;
            for (size_t k = b; k < e; k++)
                if (in->conversations[kids[k]] > 0)
                    kids[b + n++] = kids[k];
            cut_family(in, th, l, off[l], kids + b, n, false, fate, &has_remainder[gp], into,
                       &scratch, &cap);
        }
        free(start);
    }
    free(kids);
    free(scratch);
    free(off);
}
