/* suppress.c — primary and complementary cell suppression over additive relations, checked
 * by a built-in interval attacker (see suppress.h and kleio-privacy(7)). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/suppress.h"

/* An upper bound the reader does not have. Large enough that sums of a few million of them
 * cannot overflow (they are clamped on every addition). */
#define INF ((int64_t)1 << 52)

enum { M_CONV, M_REFUSED, M_CONCERN, N_MEASURES };

struct kl_sdc_table {
    kl_sdc_cell *cells;
    uint8_t *pinned;          /* during protect: equal to an always-published cell */
    size_t n, cap;
    uint32_t *rel_total;
    size_t *rel_off;          /* n_rel + 1 offsets into parts */
    size_t n_rel, cap_rel;
    uint32_t *parts;
    size_t n_parts, cap_parts;
};

kl_sdc_table *kl_sdc_new(void)
{
    kl_sdc_table *t = kl_calloc(1, sizeof *t);
    t->rel_off = kl_calloc(1, sizeof *t->rel_off);
    return t;
}

void kl_sdc_free(kl_sdc_table *t)
{
    if (!t)
        return;
    free(t->cells);
    free(t->rel_total);
    free(t->rel_off);
    free(t->parts);
    free(t);
}

uint32_t kl_sdc_add_cell(kl_sdc_table *t, int64_t conversations, int64_t units, int64_t refused,
                         int64_t concern_sum, enum kl_sdc_role role)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 1024;
        t->cells = kl_reallocarray(t->cells, t->cap, sizeof *t->cells);
    }
    t->cells[t->n] = (kl_sdc_cell){conversations, units, refused, concern_sum, (uint8_t)role,
                                   KL_SDC_PUBLISHED};
    return (uint32_t)t->n++;
}

void kl_sdc_add_relation(kl_sdc_table *t, uint32_t total, const uint32_t *parts, size_t n)
{
    if (t->n_rel == t->cap_rel) {
        t->cap_rel = t->cap_rel ? t->cap_rel * 2 : 1024;
        t->rel_total = kl_reallocarray(t->rel_total, t->cap_rel, sizeof *t->rel_total);
        t->rel_off = kl_reallocarray(t->rel_off, t->cap_rel + 1, sizeof *t->rel_off);
    }
    while (t->n_parts + n > t->cap_parts) {
        t->cap_parts = t->cap_parts ? t->cap_parts * 2 : 4096;
        t->parts = kl_reallocarray(t->parts, t->cap_parts, sizeof *t->parts);
    }
    memcpy(t->parts + t->n_parts, parts, n * sizeof *parts);
    t->n_parts += n;
    t->rel_total[t->n_rel] = total;
    t->rel_off[++t->n_rel] = t->n_parts;
}

size_t kl_sdc_cells(const kl_sdc_table *t) { return t->n; }

const kl_sdc_cell *kl_sdc_cell_at(const kl_sdc_table *t, uint32_t i) { return &t->cells[i]; }

static int64_t value_of(const kl_sdc_cell *c, int m)
{
    return m == M_CONV ? c->conversations : m == M_REFUSED ? c->refused : c->concern_sum;
}

static bool is_hidden(const kl_sdc_cell *c)
{
    return c->role != KL_SDC_KNOWN && c->state != KL_SDC_PUBLISHED;
}

static int64_t add_sat(int64_t a, int64_t b)
{
    int64_t s = a + b;
    return s > INF ? INF : s;
}

static int64_t mul_sat(int64_t a, int64_t k)
{
    return a >= INF / k ? INF : a * k;
}

/* ---- the attacker: bounds of every figure ---- */

struct attack {
    kl_sdc_table *t;
    size_t *inc_off;          /* cell -> relations it appears in (as total or part) */
    uint32_t *inc_rel;
    int64_t *lo[N_MEASURES], *hi[N_MEASURES];
    uint32_t *queue;
    uint8_t *queued;
    uint32_t *seen, stamp;    /* widen_partner's walk: cells seen in walk number stamp */
    uint8_t *widened;         /* widen_partner's tries per cell */
};

static void attack_init(struct attack *a, kl_sdc_table *t)
{
    memset(a, 0, sizeof *a);
    a->t = t;
    size_t n = t->n;
    a->inc_off = kl_calloc(n + 2, sizeof *a->inc_off);
    for (size_t r = 0; r < t->n_rel; r++) {
        a->inc_off[t->rel_total[r] + 2]++;
        for (size_t k = t->rel_off[r]; k < t->rel_off[r + 1]; k++)
            a->inc_off[t->parts[k] + 2]++;
    }
    for (size_t i = 2; i < n + 2; i++)
        a->inc_off[i] += a->inc_off[i - 1];
    a->inc_rel = kl_malloc((t->n_parts + t->n_rel + 1) * sizeof *a->inc_rel);
    for (size_t r = 0; r < t->n_rel; r++) {
        a->inc_rel[a->inc_off[t->rel_total[r] + 1]++] = (uint32_t)r;
        for (size_t k = t->rel_off[r]; k < t->rel_off[r + 1]; k++)
            a->inc_rel[a->inc_off[t->parts[k] + 1]++] = (uint32_t)r;
    }
    for (int m = 0; m < N_MEASURES; m++) {
        a->lo[m] = kl_malloc((n + 1) * sizeof *a->lo[m]);
        a->hi[m] = kl_malloc((n + 1) * sizeof *a->hi[m]);
    }
    a->queue = kl_malloc((t->n_rel + 1) * sizeof *a->queue);
    a->queued = kl_calloc(t->n_rel + 1, 1);
    a->seen = kl_calloc(n + 1, sizeof *a->seen);
    a->widened = kl_calloc(n + 1, 1);
}

static void attack_free(struct attack *a)
{
    free(a->inc_off);
    free(a->inc_rel);
    for (int m = 0; m < N_MEASURES; m++) {
        free(a->lo[m]);
        free(a->hi[m]);
    }
    free(a->queue);
    free(a->queued);
    free(a->seen);
    free(a->widened);
}

/* Narrows the bounds of measure m over every relation until nothing changes. Returns false
 * when the bounds contradict each other (a relation that does not hold). */
static bool propagate(struct attack *a, int m)
{
    kl_sdc_table *t = a->t;
    int64_t *lo = a->lo[m], *hi = a->hi[m];
    size_t head = 0, count = 0, cap = t->n_rel;
    for (size_t r = 0; r < t->n_rel; r++) {
        bool any = is_hidden(&t->cells[t->rel_total[r]]);
        for (size_t k = t->rel_off[r]; k < t->rel_off[r + 1] && !any; k++)
            any = is_hidden(&t->cells[t->parts[k]]);
        a->queued[r] = any;
        if (any)
            a->queue[(head + count++) % cap] = (uint32_t)r;
    }
    /* Integer bounds over +1 coefficients converge, but a cycle of hidden cells can creep
     * down by small steps; the budget stops that long before it matters. */
    size_t budget = 64 * (t->n_rel + 1) + 1000000;
    bool ok = true;
    while (count > 0 && budget-- > 0) {
        uint32_t r = a->queue[head];
        head = (head + 1) % cap;
        count--;
        a->queued[r] = 0;
        uint32_t tot = t->rel_total[r];
        size_t b = t->rel_off[r], e = t->rel_off[r + 1];
        int64_t sum_lo = 0, sum_hi_fin = 0;
        size_t n_inf = 0;
        for (size_t k = b; k < e; k++) {
            uint32_t p = t->parts[k];
            sum_lo = add_sat(sum_lo, lo[p]);
            if (hi[p] >= INF)
                n_inf++;
            else
                sum_hi_fin += hi[p];
        }
        int64_t sum_hi = n_inf ? INF : add_sat(sum_hi_fin, 0);
        for (size_t k = b; k <= e; k++) {
            uint32_t p = k < e ? t->parts[k] : tot;
            int64_t nlo, nhi;
            if (k < e) {
                int64_t others_hi = hi[p] >= INF ? (n_inf > 1 ? INF : sum_hi_fin)
                                                 : (n_inf ? INF : sum_hi_fin - hi[p]);
                int64_t others_lo = sum_lo - lo[p];
                nlo = others_hi >= INF ? lo[p] : lo[tot] - others_hi;
                nhi = hi[tot] >= INF ? hi[p] : hi[tot] - others_lo;
            } else {
                nlo = sum_lo;
                nhi = sum_hi;
            }
            if (nlo < lo[p])
                nlo = lo[p];
            if (nhi > hi[p])
                nhi = hi[p];
            if (nlo > nhi) {
                ok = false;
                continue;
            }
            if (nlo == lo[p] && nhi == hi[p])
                continue;
            lo[p] = nlo;
            hi[p] = nhi;
            for (size_t j = a->inc_off[p]; j < a->inc_off[p + 1]; j++) {
                uint32_t q = a->inc_rel[j];
                if (q != r && !a->queued[q]) {
                    a->queued[q] = 1;
                    a->queue[(head + count++) % cap] = q;
                }
            }
        }
    }
    return ok;
}

/* What the figures say of each other in one cell (0 <= refused <= conversations <=
 * concern <= 5 * conversations): tightens the hidden cells' bounds; true when any moved. */
static bool couple(struct attack *a)
{
    kl_sdc_table *t = a->t;
    int64_t *clo = a->lo[M_CONV], *chi = a->hi[M_CONV];
    int64_t *rlo = a->lo[M_REFUSED], *rhi = a->hi[M_REFUSED];
    int64_t *klo = a->lo[M_CONCERN], *khi = a->hi[M_CONCERN];
    bool moved = false;
    for (size_t i = 0; i < t->n; i++) {
        if (!is_hidden(&t->cells[i]))
            continue;
        int64_t lo = clo[i], hi = chi[i];
        if (rlo[i] > lo)
            lo = rlo[i];
        if ((klo[i] + 4) / 5 > lo)
            lo = (klo[i] + 4) / 5;
        if (khi[i] < hi)
            hi = khi[i];
        if (lo != clo[i] || hi != chi[i])
            moved = true;
        clo[i] = lo;
        chi[i] = hi;
        if (rhi[i] > hi)
            rhi[i] = hi;
        if (klo[i] < lo)
            klo[i] = lo;
        if (khi[i] > mul_sat(hi, 5))
            khi[i] = mul_sat(hi, 5);
    }
    return moved;
}

/* Propagation of the three figures, coupled through couple(), until nothing moves. */
static bool propagate_all(struct attack *a)
{
    bool ok = true;
    for (int round = 0; round < 8; round++) {
        ok = propagate(a, M_CONV) && ok;
        ok = propagate(a, M_REFUSED) && ok;
        ok = propagate(a, M_CONCERN) && ok;
        if (!couple(a))
            break;
    }
    return ok;
}

/* Bounds of every figure of every cell, as a reader of the published cells derives them. */
static bool attack_run(struct attack *a)
{
    kl_sdc_table *t = a->t;
    for (size_t i = 0; i < t->n; i++) {
        const kl_sdc_cell *c = &t->cells[i];
        bool h = is_hidden(c);
        for (int m = 0; m < N_MEASURES; m++) {
            a->lo[m][i] = h ? 0 : value_of(c, m);
            a->hi[m][i] = h ? INF : value_of(c, m);
        }
        if (h)
            a->lo[M_CONV][i] = 1;   /* a published row, even hidden, holds a conversation */
    }
    couple(a);
    return propagate_all(a);
}

enum exposure { SAFE = 0, EXPOSED_CONV, EXPOSED_REFUSED, EXPOSED_CONCERN };

/* Marks in fixed[] the hidden cells whose conversations the relations fix exactly: exact
 * elimination over the hidden cells whose count propagation left open (published cells
 * and counts already pinned are constants). */
static void fixed_by_elimination(const struct attack *a, uint8_t *fixed)
{
    const kl_sdc_table *t = a->t;
    uint32_t *var = kl_malloc((t->n + 1) * sizeof *var);
    size_t nv = 0;
    for (size_t i = 0; i < t->n; i++)
        var[i] = is_hidden(&t->cells[i]) && a->lo[M_CONV][i] != a->hi[M_CONV][i] ? (uint32_t)nv++
                                                                                 : UINT32_MAX;
    size_t *off = kl_malloc((t->n_rel + 2) * sizeof *off);
    uint32_t *col = kl_malloc((t->n_parts + t->n_rel + 1) * sizeof *col);
    int8_t *coef = kl_malloc(t->n_parts + t->n_rel + 1);
    size_t nr = 0, m = 0;
    off[0] = 0;
    for (size_t r = 0; r < t->n_rel; r++) {
        size_t start = m;
        if (var[t->rel_total[r]] != UINT32_MAX) {
            col[m] = var[t->rel_total[r]];
            coef[m++] = 1;
        }
        for (size_t k = t->rel_off[r]; k < t->rel_off[r + 1]; k++)
            if (var[t->parts[k]] != UINT32_MAX) {
                col[m] = var[t->parts[k]];
                coef[m++] = -1;
            }
        if (m > start)
            off[++nr] = m;
    }
    uint8_t *det = kl_malloc(nv + 1);
    kl_linear_determined(nv, nr, off, col, coef, 0x6b6c696f ^ (uint64_t)nv, det);
    for (size_t i = 0; i < t->n; i++)
        fixed[i] = var[i] != UINT32_MAX && det[var[i]];
    free(det);
    free(var);
    free(off);
    free(col);
    free(coef);
}

/* The whole attack: propagation, then elimination; counts it fixes are pinned to their
 * value and propagation runs again, until neither finds more (a few rounds at most). */
static void attack_eliminate(struct attack *a)
{
    kl_sdc_table *t = a->t;
    uint8_t *fixed = kl_malloc(t->n + 1);
    for (int round = 0; round < 4; round++) {
        fixed_by_elimination(a, fixed);
        size_t pinned = 0;
        for (size_t i = 0; i < t->n; i++)
            if (fixed[i]) {
                a->lo[M_CONV][i] = a->hi[M_CONV][i] = t->cells[i].conversations;
                pinned++;
            }
        if (pinned == 0)
            break;
        couple(a);
        propagate_all(a);
    }
    free(fixed);
}

/* The narrowest interval a hidden count may be bounded to: a fifth of the conversation
 * threshold (10 at the default 50). */
static int64_t protection_width(const kl_thresholds *th)
{
    int64_t w = (th->min_conversations + 4) / 5;
    return w > 1 ? w : 1;
}

static enum exposure exposure_of(const struct attack *a, const kl_thresholds *th, uint32_t i,
                                 size_t *zeros)
{
    const kl_sdc_cell *c = &a->t->cells[i];
    if (c->role != KL_SDC_FREE || c->state == KL_SDC_PUBLISHED)
        return SAFE;
    if (a->hi[M_CONV][i] - a->lo[M_CONV][i] < protection_width(th))
        return EXPOSED_CONV;
    /* A cell known to hold at least min_conversations conversations describes a group the
     * threshold allows to be described: its exact refused or concern figure says nothing
     * about a small group. */
    bool small = a->lo[M_CONV][i] < th->min_conversations;
    if (a->lo[M_REFUSED][i] == a->hi[M_REFUSED][i]) {
        if (a->hi[M_REFUSED][i] != 0 && small)
            return EXPOSED_REFUSED;
        if (a->hi[M_REFUSED][i] == 0 && zeros)
            (*zeros)++;
    }
    if (a->lo[M_CONCERN][i] == a->hi[M_CONCERN][i] && small)
        return EXPOSED_CONCERN;
    return SAFE;
}

/* ---- choosing cover ---- */

/* Bounds that relation r alone gives cell i under the current bounds of the others. */
static void bound_from(const struct attack *a, int m, uint32_t r, uint32_t i, int64_t *blo,
                       int64_t *bhi)
{
    const kl_sdc_table *t = a->t;
    const int64_t *lo = a->lo[m], *hi = a->hi[m];
    uint32_t tot = t->rel_total[r];
    int64_t sum_lo = 0, sum_hi = 0;
    if (tot == i) {
        for (size_t k = t->rel_off[r]; k < t->rel_off[r + 1]; k++) {
            sum_lo = add_sat(sum_lo, lo[t->parts[k]]);
            sum_hi = add_sat(sum_hi, hi[t->parts[k]]);
        }
        *blo = sum_lo;
        *bhi = sum_hi;
        return;
    }
    for (size_t k = t->rel_off[r]; k < t->rel_off[r + 1]; k++) {
        uint32_t p = t->parts[k];
        if (p == i)
            continue;
        sum_lo = add_sat(sum_lo, lo[p]);
        sum_hi = add_sat(sum_hi, hi[p]);
    }
    *bhi = hi[tot] >= INF ? INF : hi[tot] - sum_lo;
    *blo = sum_hi >= INF ? 0 : lo[tot] - sum_hi;
}

/* True when hiding cell p would leave it the only hidden cell of one of its relations
 * other than r: it could be recomputed at once and would need cover of its own. */
static bool would_be_alone(const kl_sdc_table *t, const size_t *inc_off, const uint32_t *inc_rel,
                           uint32_t p, uint32_t r)
{
    for (size_t j = inc_off[p]; j < inc_off[p + 1]; j++) {
        uint32_t q = inc_rel[j];
        if (q == r)
            continue;
        bool other = is_hidden(&t->cells[t->rel_total[q]]) && t->rel_total[q] != p;
        for (size_t k = t->rel_off[q]; k < t->rel_off[q + 1] && !other; k++)
            other = t->parts[k] != p && is_hidden(&t->cells[t->parts[k]]);
        if (!other)
            return true;
    }
    return false;
}

/* Picks the published cell to hide so that relation r stops exposing a cell: among the
 * relation's free published parts (its total only when it has none), preferring cells
 * that hiding leaves uncomputable (they need no cover of their own, which keeps cover from
 * spreading through the table), the smallest that brings enough conversations (need),
 * else the largest; with want_refused, parts that hold refusals first (only they make a
 * hidden refused count uncertain for sure). UINT32_MAX when there is none. */
static uint32_t pick_cover(const struct attack *a, uint32_t r, int64_t need, bool want_refused,
                           bool prefer_settled)
{
    const kl_sdc_table *t = a->t;
    /* Passes: (refusals only, settled only), relaxed one by one. */
    static const bool order[4][2] = {{true, true}, {true, false}, {false, true}, {false, false}};
    uint32_t best = UINT32_MAX, largest = UINT32_MAX;
    for (int pass = want_refused ? 0 : 2; pass < 4 && largest == UINT32_MAX; pass++) {
        bool refused_only = order[pass][0], settled_only = order[pass][1] && prefer_settled;
        for (size_t k = t->rel_off[r]; k <= t->rel_off[r + 1]; k++) {
            uint32_t p = k < t->rel_off[r + 1] ? t->parts[k] : t->rel_total[r];
            if (k == t->rel_off[r + 1] && largest != UINT32_MAX)
                break;   /* the total only when no part will do */
            const kl_sdc_cell *c = &t->cells[p];
            if (c->role != KL_SDC_FREE || c->state != KL_SDC_PUBLISHED ||
                (t->pinned && t->pinned[p]) || (refused_only && c->refused == 0))
                continue;
            if (settled_only && would_be_alone(t, a->inc_off, a->inc_rel, p, r))
                continue;
            if (c->conversations >= need &&
                (best == UINT32_MAX || c->conversations < t->cells[best].conversations))
                best = p;
            if (largest == UINT32_MAX || c->conversations > t->cells[largest].conversations)
                largest = p;
        }
    }
    return best != UINT32_MAX ? best : largest;
}

/* When no relation of cell i has anything left to hide, i is pinned by its hidden
 * partners' own bounds (a refused count next to partners known to hold none, a count fixed
 * through a chain of hidden cells): the nearest published cell that can still be hidden
 * is found by a breadth-first walk over the hidden cells around i, relation by relation,
 * and hidden (for a refused figure, one that holds refusals). */
static bool widen_partner(struct attack *a, uint32_t i, int m, uint8_t *rel_done)
{
    kl_sdc_table *t = a->t;
    /* A cover far away seldom helps, and an exposure that no cover fixes would otherwise
     * consume the whole table round after round: a few tries per cell, a few steps out. */
    enum { BUDGET = 4096, MAX_DEPTH = 6, MAX_TRIES = 16 };
    if (a->widened[i] >= MAX_TRIES)
        return false;
    a->widened[i]++;
    uint32_t *queue = kl_malloc(BUDGET * sizeof *queue);
    uint8_t *depth = kl_malloc(BUDGET);
    size_t head = 0, tail = 0;
    a->stamp++;
    queue[tail] = i;
    depth[tail++] = 0;
    a->seen[i] = a->stamp;
    bool found = false;
    while (head < tail && !found) {
        uint32_t z = queue[head];
        uint8_t d = depth[head++];
        for (size_t q = a->inc_off[z]; q < a->inc_off[z + 1] && !found; q++) {
            uint32_t r = a->inc_rel[q];
            if (!rel_done[r]) {
                uint32_t p = pick_cover(a, r, 1, m == M_REFUSED, true);
                if (p != UINT32_MAX && (m != M_REFUSED || t->cells[p].refused > 0)) {
                    t->cells[p].state = KL_SDC_COMPLEMENTARY;
                    rel_done[r] = 1;
                    found = true;
                    break;
                }
            }
            if (d + 1 >= MAX_DEPTH)
                continue;
            for (size_t k = t->rel_off[r]; k <= t->rel_off[r + 1] && tail < BUDGET; k++) {
                uint32_t y = k < t->rel_off[r + 1] ? t->parts[k] : t->rel_total[r];
                if (a->seen[y] != a->stamp && is_hidden(&t->cells[y])) {
                    a->seen[y] = a->stamp;
                    queue[tail] = y;
                    depth[tail++] = (uint8_t)(d + 1);
                }
            }
        }
    }
    free(queue);
    free(depth);
    return found;
}

/* Hides one cover cell for exposed cell i; false when no relation offers one. */
static bool cover(struct attack *a, const kl_thresholds *th, uint32_t i, enum exposure why,
                  uint8_t *rel_done)
{
    kl_sdc_table *t = a->t;
    int m = why == EXPOSED_CONV ? M_CONV : why == EXPOSED_REFUSED ? M_REFUSED : M_CONCERN;
    /* The relations containing i, tightest first: one pass to find it, then fall back to
     * the others when the tightest offers no cover. */
    size_t n_inc = a->inc_off[i + 1] - a->inc_off[i];
    for (size_t tries = 0; tries < n_inc; tries++) {
        uint32_t best_r = UINT32_MAX;
        int64_t best_w = INF + 1;
        for (size_t j = a->inc_off[i]; j < a->inc_off[i + 1]; j++) {
            uint32_t r = a->inc_rel[j];
            if (rel_done[r] == 2)
                continue;
            int64_t blo, bhi;
            bound_from(a, m, r, i, &blo, &bhi);
            int64_t w = bhi - blo;
            if (w < best_w) {
                best_w = w;
                best_r = r;
            }
        }
        if (best_r == UINT32_MAX)
            return false;
        if (rel_done[best_r] == 1)
            return true;   /* already given cover this round: audit again first */
        int64_t need = why == EXPOSED_CONV ? protection_width(th) - best_w : 1;
        uint32_t p = pick_cover(a, best_r, need > 1 ? need : 1, why == EXPOSED_REFUSED, true);
        if (p != UINT32_MAX) {
            t->cells[p].state = KL_SDC_COMPLEMENTARY;
            rel_done[best_r] = 1;
            return true;
        }
        rel_done[best_r] = 2;   /* nothing left to hide in it */
    }
    return widen_partner(a, i, m, rel_done);
}

/* ---- the methods ---- */

/* Cells that equal an always-published one through one-part relations (a cluster with a
 * single language: its language cell is its total). Hiding them would hide nothing, so
 * they are never chosen as cover. */
static uint8_t *pin_cells(const kl_sdc_table *t)
{
    uint8_t *pin = kl_calloc(t->n + 1, 1);
    for (size_t i = 0; i < t->n; i++)
        pin[i] = t->cells[i].role != KL_SDC_FREE;
    bool changed = true;
    while (changed) {
        changed = false;
        for (size_t r = 0; r < t->n_rel; r++) {
            if (t->rel_off[r + 1] - t->rel_off[r] != 1)
                continue;
            uint32_t tot = t->rel_total[r], part = t->parts[t->rel_off[r]];
            if (pin[tot] != pin[part]) {
                pin[tot] = pin[part] = 1;
                changed = true;
            }
        }
    }
    return pin;
}

/* A cover cell that the relations give away exactly anyway is published: that tells the
 * reader nothing it could not compute, and the table keeps what it can. */
static void publish_exact_cover(struct attack *a)
{
    kl_sdc_table *t = a->t;
    for (size_t i = 0; i < t->n; i++) {
        kl_sdc_cell *c = &t->cells[i];
        if (c->state != KL_SDC_COMPLEMENTARY)
            continue;
        bool exact = true;
        for (int m = 0; m < N_MEASURES && exact; m++)
            exact = a->lo[m][i] == a->hi[m][i];
        if (exact)
            c->state = KL_SDC_PUBLISHED;
    }
}

static bool relations_hold(const kl_sdc_table *t)
{
    for (size_t r = 0; r < t->n_rel; r++)
        for (int m = 0; m < N_MEASURES; m++) {
            int64_t s = 0;
            for (size_t k = t->rel_off[r]; k < t->rel_off[r + 1]; k++)
                s += value_of(&t->cells[t->parts[k]], m);
            if (s != value_of(&t->cells[t->rel_total[r]], m))
                return false;
        }
    return true;
}

/* The simplest rule: where a relation has exactly one part below the thresholds, its
 * smallest published sibling is hidden with it (once, from the primary pattern). */
static void smallest_sibling(struct attack *a)
{
    kl_sdc_table *t = a->t;
    for (size_t r = 0; r < t->n_rel; r++) {
        size_t hidden = 0;
        for (size_t k = t->rel_off[r]; k < t->rel_off[r + 1]; k++)
            hidden += t->cells[t->parts[k]].state == KL_SDC_PRIMARY;
        if (hidden != 1)
            continue;
        uint32_t p = pick_cover(a, (uint32_t)r, 1, false, false);
        if (p != UINT32_MAX && p != t->rel_total[r])
            t->cells[p].state = KL_SDC_COMPLEMENTARY;
    }
}

static size_t audit_with(struct attack *a, const kl_thresholds *th, size_t *zeros)
{
    attack_run(a);
    attack_eliminate(a);
    size_t exposed = 0;
    for (uint32_t i = 0; i < a->t->n; i++)
        exposed += exposure_of(a, th, i, zeros) != SAFE;
    return exposed;
}

size_t kl_sdc_audit(kl_sdc_table *t, const kl_thresholds *th, size_t *zeros)
{
    struct attack a;
    attack_init(&a, t);
    if (zeros)
        *zeros = 0;
    size_t exposed = audit_with(&a, th, zeros);
    attack_free(&a);
    return exposed;
}

int kl_sdc_protect(kl_sdc_table *t, const kl_thresholds *th, enum kl_sdc_method method,
                   kl_sdc_report *report)
{
    kl_sdc_report rep = {0};
    if (!relations_hold(t))
        return -1;
    for (size_t i = 0; i < t->n; i++) {
        kl_sdc_cell *c = &t->cells[i];
        c->state = c->role == KL_SDC_FREE && !kl_privacy_passes(th, c->units, c->conversations)
                       ? KL_SDC_PRIMARY : KL_SDC_PUBLISHED;
    }
    struct attack a;
    attack_init(&a, t);
    if (method == KL_SDC_SMALLEST_SIBLING) {
        smallest_sibling(&a);
    } else {
        t->pinned = pin_cells(t);
        uint8_t *rel_done = kl_calloc(t->n_rel + 1, 1);
        for (;;) {
            rep.rounds++;
            attack_run(&a);
            memset(rel_done, 0, t->n_rel + 1);
            size_t exposed = 0, covered = 0;
            /* Elimination is the slower check: it runs once propagation finds nothing. */
            for (int pass = 0; pass < 2 && exposed == 0; pass++) {
                if (pass == 1)
                    attack_eliminate(&a);
                for (uint32_t i = 0; i < t->n; i++) {
                    enum exposure why = exposure_of(&a, th, i, NULL);
                    if (why == SAFE)
                        continue;
                    exposed++;
                    covered += cover(&a, th, i, why, rel_done);
                }
            }
            if (exposed == 0 || covered == 0)
                break;
        }
        free(rel_done);
        free(t->pinned);
        t->pinned = NULL;
        attack_run(&a);
        publish_exact_cover(&a);
    }
    rep.exposed = audit_with(&a, th, &rep.derived_zeros);
    attack_free(&a);
    for (size_t i = 0; i < t->n; i++) {
        const kl_sdc_cell *c = &t->cells[i];
        if (c->role == KL_SDC_FREE) {
            rep.cells++;
            rep.conversations_all += c->conversations;
        }
        if (c->state == KL_SDC_PRIMARY) {
            rep.primary++;
            rep.conversations_primary += c->conversations;
        } else if (c->state == KL_SDC_COMPLEMENTARY) {
            rep.complementary++;
            rep.conversations_complementary += c->conversations;
        }
    }
    if (report)
        *report = rep;
    return 0;
}
