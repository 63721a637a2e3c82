/* determined.c — which unknowns of a sparse linear system are fixed by it (see suppress.h,
 * kl_linear_determined).
 *
 * The unknowns fixed by A x = b are those whose coordinate is zero in every vector of A's
 * null space. The system is brought to echelon form by sparse elimination over the
 * integers modulo the prime p = 2^61 - 1, columns taken in order of increasing degree (a
 * static minimum-degree order, which keeps the fill of these network-like tables small);
 * the free columns then get random values and back-substitution gives one random
 * null-space vector. An unknown is reported fixed when its coordinate is 0: a wrong report
 * has probability 1/p per unknown, and an unknown reported free is surely free. */
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/suppress.h"

#define P61 (((uint64_t)1 << 61) - 1)

/* -Wpedantic rejects __int128 in ISO C; __extension__ on the typedef says it is meant. */
__extension__ typedef unsigned __int128 u128;

static uint64_t mod_mul(uint64_t a, uint64_t b)
{
    u128 x = (u128)a * b;
    uint64_t r = (uint64_t)(x & P61) + (uint64_t)(x >> 61);
    return r >= P61 ? r - P61 : r;
}

static uint64_t mod_add(uint64_t a, uint64_t b)
{
    uint64_t r = a + b;
    return r >= P61 ? r - P61 : r;
}

static uint64_t mod_neg(uint64_t a) { return a ? P61 - a : 0; }

static uint64_t mod_inv(uint64_t a)
{
    /* a^(p-2) */
    uint64_t r = 1, e = P61 - 2;
    while (e) {
        if (e & 1)
            r = mod_mul(r, a);
        a = mod_mul(a, a);
        e >>= 1;
    }
    return r;
}

struct entry { uint32_t col; uint64_t val; };
struct row { struct entry *e; uint32_t n, cap; int32_t pivot; };   /* pivot: its column, -1 */

/* dst = dst - f * src, both sorted by column; the column drops out where it cancels. */
static void row_axpy(struct row *dst, const struct row *src, uint64_t f, struct entry **tmp,
                     size_t *tmp_cap, uint32_t **added, size_t *n_added, size_t *added_cap)
{
    size_t need = (size_t)dst->n + src->n;
    if (need > *tmp_cap || !*tmp) { /* the first call allocates even for two empty rows */
        *tmp_cap = need * 2;
        *tmp = kl_reallocarray(*tmp, *tmp_cap, sizeof **tmp);
    }
    size_t i = 0, j = 0, m = 0;
    uint64_t nf = mod_neg(f);
    while (i < dst->n || j < src->n) {
        if (j == src->n || (i < dst->n && dst->e[i].col < src->e[j].col)) {
            (*tmp)[m++] = dst->e[i++];
        } else if (i == dst->n || src->e[j].col < dst->e[i].col) {
            if (*n_added == *added_cap) {
                *added_cap = *added_cap ? *added_cap * 2 : 64;
                *added = kl_reallocarray(*added, *added_cap, sizeof **added);
            }
            (*added)[(*n_added)++] = src->e[j].col;
            (*tmp)[m++] = (struct entry){src->e[j].col, mod_mul(nf, src->e[j].val)};
            j++;
        } else {
            uint64_t v = mod_add(dst->e[i].val, mod_mul(nf, src->e[j].val));
            if (v)
                (*tmp)[m++] = (struct entry){dst->e[i].col, v};
            i++;
            j++;
        }
    }
    if (m > dst->cap) {
        dst->cap = (uint32_t)m;
        dst->e = kl_reallocarray(dst->e, m, sizeof *dst->e);
    }
    if (m > 0) /* two empty rows leave both arrays NULL, and memcpy wants pointers */
        memcpy(dst->e, *tmp, m * sizeof **tmp);
    dst->n = (uint32_t)m;
}

static const uint32_t *sort_degree;   /* qsort has no context argument */

static int cmp_degree(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    if (sort_degree[x] != sort_degree[y])
        return sort_degree[x] < sort_degree[y] ? -1 : 1;
    return (x > y) - (x < y);
}

static int cmp_entry(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    return (x->col > y->col) - (x->col < y->col);
}

static uint64_t next_random(uint64_t *s)
{
    /* splitmix64, reduced below p and away from 0 */
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return z % (P61 - 1) + 1;
}

/* Column -> rows containing it; entries go stale when a row loses the column and are
 * checked on use. */
struct col_index { uint32_t **rows; uint32_t *n, *cap; };

static void col_push(struct col_index *ci, uint32_t col, uint32_t row)
{
    if (ci->n[col] == ci->cap[col]) {
        ci->cap[col] = ci->cap[col] ? ci->cap[col] * 2 : 4;
        ci->rows[col] = kl_reallocarray(ci->rows[col], ci->cap[col], sizeof **ci->rows);
    }
    ci->rows[col][ci->n[col]++] = row;
}

static bool row_has(const struct row *r, uint32_t col, uint64_t *val)
{
    uint32_t lo = 0, hi = r->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (r->e[mid].col < col)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < r->n && r->e[lo].col == col) {
        *val = r->e[lo].val;
        return true;
    }
    return false;
}

void kl_linear_determined(size_t n_unknowns, size_t n_rows, const size_t *row_off,
                          const uint32_t *row_col, const int8_t *row_coef, uint64_t seed,
                          uint8_t *determined)
{
    struct row *rows = kl_calloc(n_rows + 1, sizeof *rows);
    uint32_t *degree = kl_calloc(n_unknowns + 1, sizeof *degree);
    struct col_index ci = {kl_calloc(n_unknowns + 1, sizeof *ci.rows),
                           kl_calloc(n_unknowns + 1, sizeof *ci.n),
                           kl_calloc(n_unknowns + 1, sizeof *ci.cap)};
    for (size_t r = 0; r < n_rows; r++) {
        size_t n = row_off[r + 1] - row_off[r];
        rows[r].e = kl_malloc((n + 1) * sizeof *rows[r].e);
        rows[r].cap = (uint32_t)(n + 1);
        rows[r].pivot = -1;
        for (size_t k = 0; k < n; k++) {
            int8_t c = row_coef[row_off[r] + k];
            rows[r].e[k] = (struct entry){row_col[row_off[r] + k], c > 0 ? (uint64_t)c : mod_neg((uint64_t)-c)};
        }
        if (n > 1)
            qsort(rows[r].e, n, sizeof *rows[r].e, cmp_entry);
        /* An unknown twice in a row (not expected) is merged. */
        uint32_t m = 0;
        for (uint32_t k = 0; k < n; k++) {
            if (m > 0 && rows[r].e[m - 1].col == rows[r].e[k].col)
                rows[r].e[m - 1].val = mod_add(rows[r].e[m - 1].val, rows[r].e[k].val);
            else
                rows[r].e[m++] = rows[r].e[k];
        }
        rows[r].n = m;
        for (uint32_t k = 0; k < m; k++) {
            degree[rows[r].e[k].col]++;
            col_push(&ci, rows[r].e[k].col, (uint32_t)r);
        }
    }
    uint32_t *order = kl_malloc((n_unknowns + 1) * sizeof *order);
    for (size_t i = 0; i < n_unknowns; i++)
        order[i] = (uint32_t)i;
    sort_degree = degree;
    if (n_unknowns > 1)
        qsort(order, n_unknowns, sizeof *order, cmp_degree);

    int32_t *pivot_row = kl_malloc((n_unknowns + 1) * sizeof *pivot_row);
    for (size_t i = 0; i < n_unknowns; i++)
        pivot_row[i] = -1;
    uint32_t *elim_order = kl_malloc((n_unknowns + 1) * sizeof *elim_order);
    size_t n_elim = 0;
    struct entry *tmp = NULL;
    size_t tmp_cap = 0, n_added = 0, added_cap = 0;
    uint32_t *added = NULL;
    for (size_t k = 0; k < n_unknowns; k++) {
        uint32_t c = order[k];
        /* The active rows that hold c; the shortest becomes the pivot. */
        int32_t best = -1;
        uint64_t v;
        for (uint32_t j = 0; j < ci.n[c]; j++) {
            uint32_t r = ci.rows[c][j];
            if (rows[r].pivot >= 0 || !row_has(&rows[r], c, &v))
                continue;
            if (best < 0 || rows[r].n < rows[best].n)
                best = (int32_t)r;
        }
        if (best < 0)
            continue;   /* a free column */
        uint64_t pv;
        row_has(&rows[best], c, &pv);
        uint64_t inv = mod_inv(pv);
        rows[best].pivot = (int32_t)c;
        pivot_row[c] = best;
        elim_order[n_elim++] = c;
        /* Snapshot the candidates: col_push below may grow ci.rows[c]. */
        uint32_t n_cand = ci.n[c];
        for (uint32_t j = 0; j < n_cand; j++) {
            uint32_t r = ci.rows[c][j];
            if (rows[r].pivot >= 0 || !row_has(&rows[r], c, &v))
                continue;
            n_added = 0;
            row_axpy(&rows[r], &rows[best], mod_mul(v, inv), &tmp, &tmp_cap, &added, &n_added,
                     &added_cap);
            for (size_t a = 0; a < n_added; a++)
                col_push(&ci, added[a], r);
        }
    }
    /* One random vector of the null space: free columns random, pivots back-substituted in
     * the reverse order of elimination (a pivot row holds only later pivots and free
     * columns). */
    uint64_t *x = kl_malloc((n_unknowns + 1) * sizeof *x);
    uint64_t s = seed;
    for (size_t i = 0; i < n_unknowns; i++)
        x[i] = pivot_row[i] < 0 ? next_random(&s) : 0;
    for (size_t k = n_elim; k-- > 0;) {
        uint32_t c = elim_order[k];
        const struct row *r = &rows[pivot_row[c]];
        uint64_t sum = 0, pv = 0;
        for (uint32_t j = 0; j < r->n; j++) {
            if (r->e[j].col == c)
                pv = r->e[j].val;
            else
                sum = mod_add(sum, mod_mul(r->e[j].val, x[r->e[j].col]));
        }
        x[c] = mod_mul(mod_neg(sum), mod_inv(pv));
    }
    for (size_t i = 0; i < n_unknowns; i++)
        determined[i] = x[i] == 0;
    free(x);
    for (size_t r = 0; r < n_rows; r++)
        free(rows[r].e);
    free(rows);
    for (size_t i = 0; i < n_unknowns; i++)
        free(ci.rows[i]);
    free(ci.rows);
    free(ci.n);
    free(ci.cap);
    free(degree);
    free(order);
    free(pivot_row);
    free(elim_order);
    free(tmp);
    free(added);
}
