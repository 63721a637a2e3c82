/* layout_refine.c — local search on the nested layout for neighbourhood preservation.
 *
 * The objective is the trustworthiness at REFINE_K of the leaf positions itself (Venna &
 * Kaski): every map neighbour of a leaf that is not among its REFINE_K nearest leaves in
 * embedding space costs its excess rank (from an n x n table of true ranks). The
 * map-neighbour lists are kept per leaf, with reverse lists and a bucket grid, and are
 * recomputed only for the leaves a move can affect, so a candidate costs about
 * O(affected x local) rather than O(n^2).
 * Every move keeps the nesting contract:
 *  - a cluster (level >= 1) is rotated or mirrored about its own centre with everything
 *    inside it (its disc does not move, so nothing leaves it and no sibling is touched);
 *  - a cluster is translated, with everything inside it, inside its parent's disc (the
 *    unit square at the top): towards its leaves' true neighbours outside it, to random
 *    spots, by small steps, or into a sibling's place (the two swap), when it stays clear
 *    of its siblings;
 *  - a leaf moves inside its parent's disc: next to one of its true neighbours, to random
 *    spots, by small steps, or swaps places with a sibling, when it stays clear of them.
 * Greedy descent alone stops in the first local optimum, so with few leaves (where passes
 * are cheap) it is preceded by simulated annealing: a move that costs delta is also kept
 * with probability exp(-delta / T), T falling geometrically pass by pass, and the descent
 * starts from the best layout seen. Sequential, in a fixed order, with seeded generators:
 * deterministic. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/linalg.h"
#include "kleio/mem.h"
#include "kleio/parallel.h"
#include "kleio/rng.h"
#include "layout_impl.h"

#define REFINE_K 10
#define CAND_NB 16           /* true neighbours a leaf tries to sit next to */
#define RANDOM_SPOTS 30      /* random spots and small steps a disc tries per sweep */
#define SEP 2e-5             /* clearance kept between sibling discs */
#define ANNEAL_END 0.3       /* final annealing temperature, in rank units */

typedef struct refine {
    size_t n, d;
    int levels;
    const kl_hierarchy *h;
    kl_layout *L;
    uint16_t *rank;          /* n x n: rank[i*n+j] = rank of j among i's true neighbours */
    uint32_t *order;         /* n x CAND_NB: i's nearest true neighbours */
    uint32_t *nn;            /* n x REFINE_K: i's map neighbours, nearest first */
    double *kth;             /* squared map distance of i's REFINE_K-th neighbour */
    double kth_bound;        /* at least every kth (reset each sweep) */
    double *pen;             /* i's penalty */
    double total;
    uint32_t **anc;          /* [levels][count[m]]: ancestor at the level being refined */
    uint32_t **kids, **kid_at;   /* [levels-1]: children of each level-(l+1) cluster (CSR) */
    float *undo;             /* positions a move changed, to restore exactly */
    uint32_t *undo_at;       /* their (level, index) packed as level * 2^28 + index */
    size_t nundo;
    /* a bucket grid over the unit square for map-neighbour queries */
    int G;
    uint32_t *head, *next, *prev, *cell;
    /* reverse map-neighbour lists: rev[j] = leaves that list j */
    uint32_t **rev, *revn, *revcap;
    uint8_t *listed;         /* whether nn[i] has been filled (and entered in rev) */
    /* scratch for evaluating a move */
    uint8_t *mark;
    uint32_t *aff;
    size_t naff;
    uint32_t *new_nn;
    double *new_kth, *new_pen;
    /* annealing: a worse move is kept with probability exp(-delta / temp) */
    double temp;
    kl_rng *acc;
    double best_total;
    float **best_xy;         /* [levels] positions at best_total (when annealing) */
} refine;

typedef struct rank_ctx {
    const float *X;
    size_t n, d;
    uint16_t *rank;
    uint32_t *order;
} rank_ctx;

typedef struct dj {
    double d;
    uint32_t j;
} dj;

static int cmp_dj(const void *a, const void *b)
{
    const dj *x = a, *y = b;
    if (x->d != y->d)
        return x->d < y->d ? -1 : 1;
    return (x->j > y->j) - (x->j < y->j);
}

static void rank_worker(void *arg, int t, int nt)
{
    rank_ctx *c = arg;
    size_t n = c->n, d = c->d;
    dj *buf = kl_malloc(n * sizeof *buf);
    for (size_t i = (size_t)t; i < n; i += (size_t)nt) {
        size_t m = 0;
        for (size_t j = 0; j < n; j++) {
            if (j == i)
                continue;
            double s = kl_dist2(c->X + i * d, c->X + j * d, d);
            buf[m++] = (dj){s, (uint32_t)j};
        }
        qsort(buf, m, sizeof *buf, cmp_dj);
        c->rank[i * n + i] = 0;
        for (size_t r = 0; r < m; r++) {
            c->rank[i * n + buf[r].j] = (uint16_t)(r + 1);
            if (r < CAND_NB)
                c->order[i * CAND_NB + r] = buf[r].j;
        }
        for (size_t r = m; r < CAND_NB; r++)
            c->order[i * CAND_NB + r] = (uint32_t)i;
    }
    free(buf);
}

static double map_d2(const refine *R, size_t i, size_t j)
{
    const float *p = R->L->xy[0];
    double dx = (double)p[2 * i] - p[2 * j], dy = (double)p[2 * i + 1] - p[2 * j + 1];
    return dx * dx + dy * dy;
}

#define NONE UINT32_MAX

static uint32_t cell_of(const refine *R, size_t i)
{
    const float *p = R->L->xy[0];
    int cx = (int)floor(p[2 * i] * R->G), cy = (int)floor(p[2 * i + 1] * R->G);
    cx = cx < 0 ? 0 : cx >= R->G ? R->G - 1 : cx;
    cy = cy < 0 ? 0 : cy >= R->G ? R->G - 1 : cy;
    return (uint32_t)(cy * R->G + cx);
}

static void grid_remove(refine *R, size_t i)
{
    uint32_t c = R->cell[i];
    if (R->prev[i] != NONE)
        R->next[R->prev[i]] = R->next[i];
    else
        R->head[c] = R->next[i];
    if (R->next[i] != NONE)
        R->prev[R->next[i]] = R->prev[i];
}

static void grid_insert(refine *R, size_t i)
{
    uint32_t c = cell_of(R, i);
    R->cell[i] = c;
    R->prev[i] = NONE;
    R->next[i] = R->head[c];
    if (R->head[c] != NONE)
        R->prev[R->head[c]] = (uint32_t)i;
    R->head[c] = (uint32_t)i;
}

/* Keeps the grid in step after leaf i moved. */
static void grid_update(refine *R, size_t i)
{
    if (cell_of(R, i) == R->cell[i])
        return;
    grid_remove(R, i);
    grid_insert(R, i);
}

static void rev_add(refine *R, uint32_t s, uint32_t j)
{
    if (R->revn[s] == R->revcap[s]) {
        R->revcap[s] = R->revcap[s] ? 2 * R->revcap[s] : 16;
        R->rev[s] = kl_reallocarray(R->rev[s], R->revcap[s], sizeof **R->rev);
    }
    R->rev[s][R->revn[s]++] = j;
}

static void rev_del(refine *R, uint32_t s, uint32_t j)
{
    for (uint32_t a = 0; a < R->revn[s]; a++)
        if (R->rev[s][a] == j) {
            R->rev[s][a] = R->rev[s][--R->revn[s]];
            return;
        }
}

static size_t nn_count(const refine *R)
{
    return R->n - 1 < REFINE_K ? R->n - 1 : REFINE_K;
}

static int in_list(const uint32_t *list, size_t k, uint32_t v)
{
    for (size_t r = 0; r < k; r++)
        if (list[r] == v)
            return 1;
    return 0;
}

/* Replaces i's neighbour list, keeping the reverse lists in step. */
static void set_nn(refine *R, size_t i, const uint32_t *list)
{
    size_t k = nn_count(R);
    uint32_t *cur = R->nn + i * REFINE_K;
    if (R->listed[i] && !memcmp(cur, list, k * sizeof *cur))
        return;
    if (R->listed[i]) {
        for (size_t r = 0; r < k; r++)
            if (!in_list(list, k, cur[r]))
                rev_del(R, cur[r], (uint32_t)i);
        for (size_t r = 0; r < k; r++)
            if (!in_list(cur, k, list[r]))
                rev_add(R, list[r], (uint32_t)i);
    } else {
        for (size_t r = 0; r < k; r++)
            rev_add(R, list[r], (uint32_t)i);
    }
    memmove(cur, list, k * sizeof *cur);
    R->listed[i] = 1;
}

/* i's REFINE_K nearest leaves on the map (ties by index) into bj, by rings of grid cells
 * until the ring is farther than the k-th found; *kth gets the k-th squared distance.
 * Returns i's penalty. Changes nothing. */
static double nearest(const refine *R, size_t i, uint32_t *bj, double *kth)
{
    size_t n = R->n, k = nn_count(R), m = 0;
    double bd[REFINE_K];
    int G = R->G, cx = (int)(R->cell[i] % (uint32_t)G), cy = (int)(R->cell[i] / (uint32_t)G);
    double w = 1.0 / G;
    for (int ring = 0; ring <= G; ring++) {
        if (m == k && ring > 1 && bd[k - 1] < (ring - 1) * w * (ring - 1) * w)
            break;
        for (int y = cy - ring; y <= cy + ring; y++) {
            if (y < 0 || y >= G)
                continue;
            int edge = y == cy - ring || y == cy + ring;
            for (int x = cx - ring; x <= cx + ring; x += edge ? 1 : 2 * ring) {
                if (x >= 0 && x < G)
                    for (uint32_t j = R->head[y * G + x]; j != NONE; j = R->next[j]) {
                        if (j == i)
                            continue;
                        double dd = map_d2(R, i, j);
                        if (m == k && (dd > bd[k - 1] || (dd == bd[k - 1] && j > bj[k - 1])))
                            continue;
                        size_t p = m < k ? m++ : k - 1;
                        while (p > 0 && (bd[p - 1] > dd || (bd[p - 1] == dd && bj[p - 1] > j))) {
                            bd[p] = bd[p - 1];
                            bj[p] = bj[p - 1];
                            p--;
                        }
                        bd[p] = dd;
                        bj[p] = j;
                    }
                if (ring == 0)
                    break;
            }
        }
    }
    double pen = 0;
    for (size_t r = 0; r < k; r++) {
        uint16_t rk = R->rank[i * n + bj[r]];
        if (rk > REFINE_K)
            pen += rk - REFINE_K;
    }
    *kth = k ? bd[k - 1] : 0;
    return pen;
}

/* Sets i's neighbour list, k-th distance and penalty. */
static void set_leaf(refine *R, size_t i, const uint32_t *list, double kth, double pen)
{
    set_nn(R, i, list);
    R->kth[i] = kth;
    if (kth > R->kth_bound)
        R->kth_bound = kth;
    R->pen[i] = pen;
}

static void recompute(refine *R, size_t i)
{
    uint32_t bj[REFINE_K];
    double kth, pen = nearest(R, i, bj, &kth);
    set_leaf(R, i, bj, kth, pen);
}

static void add_affected(refine *R, size_t j)
{
    if (R->mark[j])
        return;
    R->mark[j] = 1;
    R->aff[R->naff++] = (uint32_t)j;
}

/* Leaves whose neighbour lists a move of the listed leaves can change, before the move:
 * the moved ones and those that list one of them. */
static void collect_before(refine *R, const uint32_t *list, size_t nl)
{
    R->naff = 0;
    for (size_t s = 0; s < nl; s++) {
        add_affected(R, list[s]);
        for (uint32_t a = 0; a < R->revn[list[s]]; a++)
            add_affected(R, R->rev[list[s]][a]);
    }
}

/* After the move: also those the moved leaves now come closer to than their k-th. */
static void collect_after(refine *R, const uint32_t *list, size_t nl)
{
    int G = R->G;
    int reach = (int)ceil(sqrt(R->kth_bound) * G) + 1;
    for (size_t s = 0; s < nl; s++) {
        uint32_t i = list[s];
        int cx = (int)(R->cell[i] % (uint32_t)G), cy = (int)(R->cell[i] / (uint32_t)G);
        for (int y = cy - reach > 0 ? cy - reach : 0; y <= cy + reach && y < G; y++)
            for (int x = cx - reach > 0 ? cx - reach : 0; x <= cx + reach && x < G; x++)
                for (uint32_t j = R->head[y * G + x]; j != NONE; j = R->next[j])
                    if (!R->mark[j] && map_d2(R, j, i) < R->kth[j])
                        add_affected(R, j);
    }
}

/* The affected leaves' new neighbour lists, k-th distances and penalties, kept aside
 * until the move is accepted; returns the change of the penalty. */
static double evaluate(refine *R)
{
    double delta = 0;
    for (size_t a = 0; a < R->naff; a++) {
        size_t j = R->aff[a];
        R->new_pen[a] = nearest(R, j, R->new_nn + a * REFINE_K, &R->new_kth[a]);
        delta += R->new_pen[a] - R->pen[j];
    }
    return delta;
}

/* Makes the evaluated state of the affected leaves current. */
static void commit(refine *R)
{
    for (size_t a = 0; a < R->naff; a++)
        set_leaf(R, R->aff[a], R->new_nn + a * REFINE_K, R->new_kth[a], R->new_pen[a]);
}

/* Positions of every level: copied into `to` (allocated when NULL), returned. */
static float **copy_xy(const kl_layout *L, float **to)
{
    if (!to) {
        to = kl_calloc((size_t)L->levels, sizeof *to);
        for (int m = 0; m < L->levels; m++)
            to[m] = kl_malloc(L->count[m] * 2 * sizeof(float));
    }
    for (int m = 0; m < L->levels; m++)
        memcpy(to[m], L->xy[m], L->count[m] * 2 * sizeof(float));
    return to;
}

/* Exchanges the layout's positions with `other`'s (same shape). */
static void swap_xy(kl_layout *L, float **other)
{
    for (int m = 0; m < L->levels; m++) {
        float *t = L->xy[m];
        L->xy[m] = other[m];
        other[m] = t;
    }
}

static void free_xy(const kl_layout *L, float **xy)
{
    for (int m = 0; m < L->levels; m++)
        free(xy[m]);
    free(xy);
}

/* Whether a move that changes the penalty by delta is kept; the best layout seen so far
 * is remembered while annealing. */
static int accept(refine *R, double delta)
{
    if (!(delta < -1e-9) && !(R->temp > 0 && kl_rng_uniform(R->acc) < exp(-delta / R->temp)))
        return 0;
    R->total += delta;
    commit(R);
    if (R->temp > 0 && R->total < R->best_total - 1e-9) {
        R->best_total = R->total;
        copy_xy(R->L, R->best_xy);
    }
    return 1;
}

static void clear_marks(refine *R)
{
    for (size_t a = 0; a < R->naff; a++)
        R->mark[R->aff[a]] = 0;
    R->naff = 0;
}

/* Applies an affine map (x, y) -> c + A (p - c) + t to cluster q of level l and all its
 * descendants at every level. */
static void transform(refine *R, int l, uint32_t q, double cx, double cy, const double A[4],
                      double tx, double ty)
{
    for (int m = 0; m <= l; m++) {
        float *xy = R->L->xy[m];
        for (size_t i = 0; i < R->L->count[m]; i++) {
            if (R->anc[m][i] != q)
                continue;
            R->undo[2 * R->nundo] = xy[2 * i];
            R->undo[2 * R->nundo + 1] = xy[2 * i + 1];
            R->undo_at[R->nundo++] = (uint32_t)m << 28 | (uint32_t)i;
            double x = xy[2 * i] - cx, y = xy[2 * i + 1] - cy;
            xy[2 * i] = (float)(cx + A[0] * x + A[1] * y + tx);
            xy[2 * i + 1] = (float)(cy + A[2] * x + A[3] * y + ty);
            if (m == 0)
                grid_update(R, i);
        }
    }
}

/* anc[m][i] = ancestor at level l of cluster i at level m (m <= l). */
static void set_anc_level(refine *R, int l)
{
    const kl_hierarchy *h = R->h;
    for (int m = 0; m <= l; m++)
        for (size_t i = 0; i < h->count[m]; i++) {
            uint32_t a = (uint32_t)i;
            for (int s = m; s < l; s++)
                a = h->parent[s][a];
            R->anc[m][i] = a;
        }
}

static void undo_moves(refine *R)
{
    for (size_t u = R->nundo; u-- > 0;) {
        float *xy = R->L->xy[R->undo_at[u] >> 28];
        size_t i = R->undo_at[u] & ((1u << 28) - 1);
        xy[2 * i] = R->undo[2 * u];
        xy[2 * i + 1] = R->undo[2 * u + 1];
        if (R->undo_at[u] >> 28 == 0)
            grid_update(R, i);
    }
    R->nundo = 0;
}

/* Tries an affine move of cluster q (level l) and, when q2 != q, the translation (t2x, t2y)
 * of its sibling q2; keeps it if it lowers the penalty. list: the leaves that move. */
static int try_affine(refine *R, int l, uint32_t q, const double A[4], double tx, double ty,
                      uint32_t q2, double t2x, double t2y, const uint32_t *list, size_t nl)
{
    static const double I[4] = {1, 0, 0, 1};
    collect_before(R, list, nl);
    R->nundo = 0;
    transform(R, l, q, R->L->xy[l][2 * q], R->L->xy[l][2 * q + 1], A, tx, ty);
    if (q2 != q)
        transform(R, l, q2, 0, 0, I, t2x, t2y);
    collect_after(R, list, nl);
    double delta = evaluate(R);
    if (accept(R, delta)) {
        clear_marks(R);
        R->nundo = 0;
        return 1;
    }
    undo_moves(R);
    clear_marks(R);
    return 0;
}

/* Whether a disc of radius r at (x, y) fits inside the container of a level-l cluster
 * (its parent at l+1, or the unit square at the top) and clears its siblings except self. */
static int fits(const refine *R, int l, uint32_t self, uint32_t other, double x, double y,
                double r)
{
    const kl_layout *L = R->L;
    int top = R->levels - 1;
    uint32_t par = l < top ? R->h->parent[l][self] : 0;
    if (l < top) {
        double dx = x - L->xy[l + 1][2 * par], dy = y - L->xy[l + 1][2 * par + 1];
        if (sqrt(dx * dx + dy * dy) + r > L->extent[l + 1][par] - 1e-6)
            return 0;
    } else if (x - r < 1e-6 || y - r < 1e-6 || x + r > 1 - 1e-6 || y + r > 1 - 1e-6) {
        return 0;
    }
    size_t lo = l < top ? R->kid_at[l][par] : 0, hi = l < top ? R->kid_at[l][par + 1] : L->count[l];
    for (size_t a = lo; a < hi; a++) {
        uint32_t j = l < top ? R->kids[l][a] : (uint32_t)a;
        if (j == self || j == other)
            continue;
        double dx = x - L->xy[l][2 * j], dy = y - L->xy[l][2 * j + 1];
        if (sqrt(dx * dx + dy * dy) < r + L->extent[l][j] + SEP)
            return 0;
    }
    return 1;
}

/* Marks the leaves of cluster q (anc set for its level) as moved and lists them. */
static size_t mark_leaves(refine *R, uint32_t q, uint8_t *moved, uint32_t *list, size_t nl)
{
    for (size_t i = 0; i < R->n; i++)
        if (R->anc[0][i] == q) {
            moved[i] = 1;
            list[nl++] = (uint32_t)i;
        }
    return nl;
}

/* Rotations, mirrors, translations, random spots and swaps of every cluster at level l. */
static void refine_clusters(refine *R, int l, uint8_t *moved, uint32_t *list, kl_rng *rng)
{
    static const double I[4] = {1, 0, 0, 1};
    set_anc_level(R, l);
    const kl_layout *L = R->L;
    int top = R->levels - 1;
    for (uint32_t q = 0; q < L->count[l]; q++) {
        size_t nl = mark_leaves(R, q, moved, list, 0);
        if (nl >= 2) {
            static const double ang[] = {0.5235987755982988, -0.5235987755982988,
                                         1.5707963267948966, -1.5707963267948966,
                                         3.141592653589793};
            for (size_t a = 0; a < sizeof ang / sizeof *ang; a++) {
                double A[4] = {cos(ang[a]), -sin(ang[a]), sin(ang[a]), cos(ang[a])};
                try_affine(R, l, q, A, 0, 0, q, 0, 0, list, nl);
            }
            static const double mir[][4] = {{-1, 0, 0, 1}, {1, 0, 0, -1}};
            for (size_t a = 0; a < 2; a++)
                try_affine(R, l, q, mir[a], 0, 0, q, 0, 0, list, nl);
        }
        /* Translation towards the true neighbours outside the cluster. */
        double gx = 0, gy = 0;
        size_t gn = 0;
        const float *p = L->xy[0];
        for (size_t s = 0; s < nl; s++) {
            size_t i = list[s];
            for (size_t r = 0; r < CAND_NB; r++) {
                uint32_t j = R->order[i * CAND_NB + r];
                if (j == i || moved[j])
                    continue;
                gx += (double)p[2 * j] - p[2 * i];
                gy += (double)p[2 * j + 1] - p[2 * i + 1];
                gn++;
            }
        }
        double cx = L->xy[l][2 * q], cy = L->xy[l][2 * q + 1], r = L->extent[l][q];
        if (gn > 0) {
            gx /= (double)gn;
            gy /= (double)gn;
            for (double t = 1; t > 0.1; t /= 2)
                if (fits(R, l, q, q, cx + t * gx, cy + t * gy, r) &&
                    try_affine(R, l, q, I, t * gx, t * gy, q, 0, 0, list, nl))
                    break;
        }
        /* Random spots in the container. */
        uint32_t par = l < top ? R->h->parent[l][q] : 0;
        double pcx = l < top ? L->xy[l + 1][2 * par] : 0.5;
        double pcy = l < top ? L->xy[l + 1][2 * par + 1] : 0.5;
        double lim = (l < top ? L->extent[l + 1][par] : 0.5) - r - 2e-6;
        for (int c = 0; c < RANDOM_SPOTS && lim > 0; c++) {
            double a = 2 * M_PI * kl_rng_uniform(rng), u = lim * sqrt(kl_rng_uniform(rng));
            double tx = pcx + u * cos(a), ty = pcy + u * sin(a);
            cx = L->xy[l][2 * q];
            cy = L->xy[l][2 * q + 1];
            if (c % 2) {                        /* a small step */
                tx = cx + kl_rng_normal(rng) * 0.5 * r;
                ty = cy + kl_rng_normal(rng) * 0.5 * r;
            }
            if (fits(R, l, q, q, tx, ty, r))
                try_affine(R, l, q, I, tx - cx, ty - cy, q, 0, 0, list, nl);
        }
        /* Swaps with siblings. */
        for (uint32_t j = 0; j < L->count[l]; j++) {
            if (j == q || (l < top && R->h->parent[l][j] != par))
                continue;
            cx = L->xy[l][2 * q];
            cy = L->xy[l][2 * q + 1];
            double jx = L->xy[l][2 * j], jy = L->xy[l][2 * j + 1], rj = L->extent[l][j];
            if (!fits(R, l, q, j, jx, jy, r) || !fits(R, l, j, q, cx, cy, rj) ||
                hypot(cx - jx, cy - jy) < r + rj + SEP)
                continue;
            size_t nl2 = mark_leaves(R, j, moved, list, nl);
            try_affine(R, l, q, I, jx - cx, jy - cy, j, cx - jx, cy - jy, list, nl2);
            for (size_t s = nl; s < nl2; s++)
                moved[list[s]] = 0;
        }
        for (size_t s = 0; s < nl; s++)
            moved[list[s]] = 0;
    }
}

/* Moves leaf i to (x, y) and, when j != i, leaf j to (jx, jy); keeps it if it helps. */
static int try_leaves(refine *R, uint32_t i, double x, double y, uint32_t j, double jx,
                      double jy)
{
    float *p = R->L->xy[0];
    float ox = p[2 * i], oy = p[2 * i + 1], ojx = p[2 * j], ojy = p[2 * j + 1];
    uint32_t list[2] = {i, j};
    size_t nl = j != i ? 2 : 1;
    collect_before(R, list, nl);
    p[2 * i] = (float)x;
    p[2 * i + 1] = (float)y;
    grid_update(R, i);
    if (j != i) {
        p[2 * j] = (float)jx;
        p[2 * j + 1] = (float)jy;
        grid_update(R, j);
    }
    collect_after(R, list, nl);
    double delta = evaluate(R);
    if (accept(R, delta)) {
        clear_marks(R);
        return 1;
    }
    p[2 * i] = ox;
    p[2 * i + 1] = oy;
    p[2 * j] = ojx;
    p[2 * j + 1] = ojy;
    grid_update(R, i);
    grid_update(R, j);
    clear_marks(R);
    return 0;
}

/* Every leaf tries spots next to its nearest true neighbours, a few random spots in its
 * parent's disc, and swapping places with each sibling. */
static void refine_leaves(refine *R, kl_rng *rng)
{
    kl_layout *L = R->L;
    float *p = L->xy[0];
    int top = R->levels - 1;
    for (uint32_t i = 0; i < R->n; i++) {
        double r = L->extent[0][i];
        uint32_t q = top > 0 ? R->h->parent[0][i] : 0;
        double cx = top > 0 ? L->xy[1][2 * q] : 0.5, cy = top > 0 ? L->xy[1][2 * q + 1] : 0.5;
        double lim = top > 0 ? L->extent[1][q] - r - 2e-6 : 0.5 - r - 2e-6;
        if (lim <= 0)
            continue;
        for (size_t c = 0; c < CAND_NB + RANDOM_SPOTS; c++) {
            double tx, ty;
            if (c < CAND_NB) {
                uint32_t j = R->order[i * CAND_NB + c];
                if (j == i)
                    continue;
                double x = p[2 * i], y = p[2 * i + 1], jx = p[2 * j], jy = p[2 * j + 1];
                if (top == 0 || R->h->parent[0][j] == q) {  /* touch j on the side facing i */
                    double dx = x - jx, dy = y - jy, dd = sqrt(dx * dx + dy * dy);
                    if (dd <= 0)
                        continue;
                    double need = r + L->extent[0][j] + 2 * SEP;
                    tx = jx + dx / dd * need;
                    ty = jy + dy / dd * need;
                } else {                        /* as close to j as the parent allows */
                    tx = jx;
                    ty = jy;
                    double dx = tx - cx, dy = ty - cy, dd = sqrt(dx * dx + dy * dy);
                    if (dd > lim) {
                        tx = cx + dx / dd * lim;
                        ty = cy + dy / dd * lim;
                    }
                }
            } else if (c % 2 == 0) {
                double a = 2 * M_PI * kl_rng_uniform(rng), u = lim * sqrt(kl_rng_uniform(rng));
                tx = cx + u * cos(a);
                ty = cy + u * sin(a);
            } else {                            /* a small step */
                tx = p[2 * i] + kl_rng_normal(rng) * 2 * r;
                ty = p[2 * i + 1] + kl_rng_normal(rng) * 2 * r;
            }
            if (fits(R, 0, i, i, tx, ty, r))
                try_leaves(R, i, tx, ty, i, 0, 0);
        }
        for (uint32_t j = 0; j < R->n; j++) {
            if (j == i || (top > 0 && R->h->parent[0][j] != q))
                continue;
            double x = p[2 * i], y = p[2 * i + 1], jx = p[2 * j], jy = p[2 * j + 1];
            if (fits(R, 0, i, j, jx, jy, r) && fits(R, 0, j, i, x, y, L->extent[0][j]) &&
                hypot(x - jx, y - jy) >= r + L->extent[0][j] + SEP)
                try_leaves(R, i, jx, jy, j, x, y);
        }
    }
}

/* The grid, the map-neighbour lists and the penalties from the current positions. */
static void reset_state(refine *R)
{
    for (size_t c = 0; c < (size_t)R->G * (size_t)R->G; c++)
        R->head[c] = NONE;
    for (size_t i = 0; i < R->n; i++)
        grid_insert(R, i);
    R->total = 0;
    for (size_t i = 0; i < R->n; i++) {
        recompute(R, i);
        R->total += R->pen[i];
    }
}

/* One pass: the clusters from the top level down, then the leaves. */
static void sweep(refine *R, uint8_t *moved, uint32_t *list, kl_rng *rng)
{
    R->kth_bound = 0;
    for (size_t i = 0; i < R->n; i++)
        R->kth_bound = fmax(R->kth_bound, R->kth[i]);
    for (int l = R->levels - 1; l >= 1; l--)
        refine_clusters(R, l, moved, list, rng);
    refine_leaves(R, rng);
}

/* Greedy passes until one does not help (at most `sweeps`). */
static void descend(refine *R, int sweeps, uint8_t *moved, uint32_t *list, kl_rng *rng)
{
    for (int s = 0; s < sweeps; s++) {
        double before = R->total;
        sweep(R, moved, list, rng);
        if (R->total >= before)
            break;
    }
}

void kl_layout_refine(const kl_hierarchy *h, kl_layout *L, int anneal, int sweeps,
                      uint64_t seed, int threads)
{
    size_t n = h->count[0];
    if (n < 3 || n > KL_LAYOUT_REFINE_MAX || (sweeps <= 0 && anneal <= 0))
        return;
    refine R;
    memset(&R, 0, sizeof R);
    R.n = n;
    R.d = h->d;
    R.levels = h->levels;
    R.h = h;
    R.L = L;
    R.rank = kl_malloc(n * n * sizeof *R.rank);
    R.order = kl_malloc(n * CAND_NB * sizeof *R.order);
    rank_ctx rc = {h->centroid[0], n, h->d, R.rank, R.order};
    kl_parallel_run(kl_threads_resolve(threads), rank_worker, &rc);
    R.nn = kl_malloc(n * REFINE_K * sizeof *R.nn);
    R.kth = kl_malloc(n * sizeof *R.kth);
    R.pen = kl_malloc(n * sizeof *R.pen);
    R.mark = kl_calloc(n, 1);
    R.aff = kl_malloc(n * sizeof *R.aff);
    R.new_nn = kl_malloc(n * REFINE_K * sizeof *R.new_nn);
    R.new_kth = kl_malloc(n * sizeof *R.new_kth);
    R.new_pen = kl_malloc(n * sizeof *R.new_pen);
    R.anc = kl_calloc((size_t)h->levels, sizeof *R.anc);
    size_t all = 0;
    for (int m = 0; m < h->levels; m++) {
        R.anc[m] = kl_malloc(h->count[m] * sizeof **R.anc);
        all += h->count[m];
    }
    R.kids = kl_calloc((size_t)h->levels, sizeof *R.kids);
    R.kid_at = kl_calloc((size_t)h->levels, sizeof *R.kid_at);
    for (int m = 0; m + 1 < h->levels; m++) {
        size_t np = h->count[m + 1];
        R.kid_at[m] = kl_calloc(np + 1, sizeof **R.kid_at);
        R.kids[m] = kl_malloc(h->count[m] * sizeof **R.kids);
        for (size_t i = 0; i < h->count[m]; i++)
            R.kid_at[m][h->parent[m][i] + 1]++;
        for (size_t q = 0; q < np; q++)
            R.kid_at[m][q + 1] += R.kid_at[m][q];
        uint32_t *fill = kl_calloc(np, sizeof *fill);
        for (size_t i = 0; i < h->count[m]; i++) {
            uint32_t q = h->parent[m][i];
            R.kids[m][R.kid_at[m][q] + fill[q]++] = (uint32_t)i;
        }
        free(fill);
    }
    R.undo = kl_malloc(all * 2 * sizeof *R.undo);
    R.undo_at = kl_malloc(all * sizeof *R.undo_at);
    uint8_t *moved = kl_calloc(n, 1);
    uint32_t *list = kl_malloc(n * sizeof *list);
    R.G = (int)sqrt((double)n / 2) > 1 ? (int)sqrt((double)n / 2) : 1;
    R.head = kl_malloc((size_t)R.G * (size_t)R.G * sizeof *R.head);
    R.next = kl_malloc(n * sizeof *R.next);
    R.prev = kl_malloc(n * sizeof *R.prev);
    R.cell = kl_malloc(n * sizeof *R.cell);
    R.rev = kl_calloc(n, sizeof *R.rev);
    R.revn = kl_calloc(n, sizeof *R.revn);
    R.revcap = kl_calloc(n, sizeof *R.revcap);
    R.listed = kl_calloc(n, 1);
    reset_state(&R);
    kl_rng rng, acc;
    kl_rng_seed(&rng, seed);
    kl_rng_seed(&acc, seed ^ 0x9e3779b97f4a7c15ULL);
    R.acc = &acc;
    if (anneal <= 0) {
        descend(&R, sweeps, moved, list, &rng);
    } else {
        /* From a temperature of n rank units (a neighbour lost may cost up to n) down
         * to ANNEAL_END geometrically, then greedy from the best layout seen. */
        R.best_xy = copy_xy(L, NULL);
        R.best_total = R.total;
        for (int s = 0; s < anneal; s++) {
            R.temp = (double)n * pow(ANNEAL_END / (double)n,
                                     anneal > 1 ? (double)s / (anneal - 1) : 1);
            sweep(&R, moved, list, &rng);
        }
        R.temp = 0;
        swap_xy(L, R.best_xy);
        free_xy(L, R.best_xy);
        reset_state(&R);
        descend(&R, sweeps, moved, list, &rng);
    }
    for (int m = 0; m < h->levels; m++) {
        free(R.anc[m]);
        free(R.kids[m]);
        free(R.kid_at[m]);
    }
    free(R.anc);
    free(R.kids);
    free(R.kid_at);
    free(R.undo);
    free(R.undo_at);
    free(moved);
    free(list);
    free(R.rank);
    free(R.order);
    free(R.nn);
    free(R.kth);
    free(R.pen);
    free(R.mark);
    free(R.aff);
    free(R.new_nn);
    free(R.new_kth);
    free(R.new_pen);
    for (size_t i = 0; i < n; i++)
        free(R.rev[i]);
    free(R.rev);
    free(R.revn);
    free(R.revcap);
    free(R.listed);
    free(R.head);
    free(R.next);
    free(R.prev);
    free(R.cell);
}
