/* layout.c — nested disc layout of the cluster tree on the unit square.
 *
 * 1. A 2D map of the leaves: exact t-SNE of the leaf centroids with a pull of every leaf
 *    towards the mean map position of each of its ancestors, so that families come out
 *    compact (when there are more than MAX_TSNE leaves, of the lowest level that has at
 *    most MAX_TSNE clusters; the levels below are spread around their parent).
 * 2. Bottom-up nesting in the map's own coordinates: leaves are discs of area
 *    proportional to size at their map positions; siblings are pushed apart; a parent is
 *    the enclosing disc of its children; sibling parents are pushed apart by moving their
 *    whole subtrees; the result is scaled into the unit square. The leaf map's geometry
 *    survives wherever families are compact on it.
 * 3. A local search (layout_refine.c) that raises the leaf trustworthiness directly with
 *    moves that keep the nesting: simulated annealing then greedy descent below a few
 *    hundred leaves, greedy descent alone above. */
#include "kleio/layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/linalg.h"
#include "kleio/mem.h"
#include "kleio/parallel.h"
#include "layout_impl.h"

#define MAX_TSNE 3000
#define RELAX_ITERS 300
#define GAP 1e-4
#define LEAF_RADIUS 0.3       /* leaf disc radius at mean size, in mean leaf spacings */
#define TREE_PULL 1.0         /* t-SNE spring towards ancestors (measured 0.1..10: 1 best) */
#define REFINE_SWEEPS 8
#define ANNEAL_BUDGET 24000   /* annealing passes x leaves (~5 s at 200 leaves) */
#define ANNEAL_MAX 120        /* more passes measured no better (64 to 200 leaves) */
#define ANNEAL_MIN 30         /* fewer gain too little for their time (from 800 leaves) */
#define COMPACT_FILL 0.3     /* least share of a parent's disc its children cover */
#define COMPACT_ROUNDS 60

typedef struct disc {
    double x, y, r;
} disc;

/* Map positions of the leaves (k x 2) from t-SNE, at the leaves or at the lowest level
 * small enough, pushing positions down to the leaves by local principal offsets. */
static void leaf_map(const kl_hierarchy *h, const kl_layout_params *p, int threads, double *out)
{
    int base = 0;
    while (base + 1 < h->levels && h->count[base] > MAX_TSNE)
        base++;
    size_t nb = h->count[base];
    float *Y = kl_malloc(nb * 2 * sizeof *Y);
    double perp = p && p->perplexity > 0 ? p->perplexity : 30;
    int iters = p && p->iterations > 0 ? p->iterations : 750;
    int ngl = h->levels - 1 - base;
    uint32_t *grp = ngl > 0 ? kl_malloc(nb * (size_t)ngl * sizeof *grp) : NULL;
    for (int c = 0; c < ngl; c++)
        for (size_t i = 0; i < nb; i++) {
            uint32_t a = (uint32_t)i;
            for (int l = base; l <= base + c; l++)
                a = h->parent[l][a];
            grp[(size_t)c * nb + i] = a;
        }
    kl_layout_tsne_grouped(h->centroid[base], nb, h->d, perp, iters, threads, grp, ngl,
                           TREE_PULL, Y);
    free(grp);
    double *pos = kl_malloc(nb * 2 * sizeof *pos);
    for (size_t i = 0; i < 2 * nb; i++)
        pos[i] = Y[i];
    free(Y);
    for (int l = base; l > 0; l--) {
        /* Children around their parent: offsets along a shared pair of directions
         * (the first two coordinates of the difference to the parent centroid), scaled
         * to a fraction of the typical spacing of the parents. */
        size_t nc = h->count[l - 1];
        double *cp = kl_malloc(nc * 2 * sizeof *cp);
        double spread = 0;
        for (size_t i = 0; i + 1 < h->count[l] && i < 64; i++) {
            double dx = pos[2 * i] - pos[2 * i + 2], dy = pos[2 * i + 1] - pos[2 * i + 3];
            spread += sqrt(dx * dx + dy * dy) / 64;
        }
        for (size_t c = 0; c < nc; c++) {
            uint32_t q = h->parent[l - 1][c];
            const float *xc = h->centroid[l - 1] + c * h->d, *xq = h->centroid[l] + q * h->d;
            double ox = 0, oy = 0, norm = 0;
            for (size_t j = 0; j < h->d; j++) {
                double t = (double)xc[j] - xq[j];
                norm += t * t;
                if (j % 2 == 0)
                    ox += t * (double)((j / 2) % 3 == 0 ? 1 : -1);
                else
                    oy += t * (double)((j / 2) % 3 == 1 ? 1 : -1);
            }
            norm = sqrt(norm) + 1e-12;
            cp[2 * c] = pos[2 * q] + 0.2 * spread * ox / norm;
            cp[2 * c + 1] = pos[2 * q + 1] + 0.2 * spread * oy / norm;
        }
        free(pos);
        pos = cp;
    }
    memcpy(out, pos, h->count[0] * 2 * sizeof *out);
    free(pos);
}

/* Separates discs with no container; whatever overlap the pushes leave is removed by
 * spreading the centres apart about their mean (sizes kept). */
static void separate_free(disc *D, size_t m, int iters)
{
    for (int it = 0; it < iters; it++) {
        int moved = 0;
        for (size_t i = 0; i < m; i++)
            for (size_t j = i + 1; j < m; j++) {
                double dx = D[j].x - D[i].x, dy = D[j].y - D[i].y;
                double dist = sqrt(dx * dx + dy * dy), need = D[i].r + D[j].r + GAP;
                if (dist >= need)
                    continue;
                if (dist < 1e-12) {
                    double ang = (double)(i * 7 + j * 13);
                    dx = cos(ang);
                    dy = sin(ang);
                } else {
                    dx /= dist;
                    dy /= dist;
                    need -= dist;
                }
                double ai = D[i].r * D[i].r, aj = D[j].r * D[j].r;
                double si = ai + aj > 0 ? aj / (ai + aj) : 0.5;
                double push = need * 1.05;
                D[i].x -= dx * push * si;
                D[i].y -= dy * push * si;
                D[j].x += dx * push * (1 - si);
                D[j].y += dy * push * (1 - si);
                moved = 1;
            }
        if (!moved)
            return;
    }
    if (iters < RELAX_ITERS)
        return;
    double mx = 0, my = 0, f = 1;
    for (size_t i = 0; i < m; i++) {
        mx += D[i].x / (double)m;
        my += D[i].y / (double)m;
    }
    for (size_t i = 0; i < m; i++)
        for (size_t j = i + 1; j < m; j++) {
            double dist = hypot(D[j].x - D[i].x, D[j].y - D[i].y);
            double need = D[i].r + D[j].r + 2 * GAP;
            if (dist < need)
                f = fmax(f, dist > 1e-12 ? need / dist : 1e6);
        }
    for (size_t i = 0; i < m; i++) {
        D[i].x = mx + (D[i].x - mx) * f;
        D[i].y = my + (D[i].y - my) * f;
    }
}

/* Smallest-ish disc enclosing the discs D (Badoiu-Clarkson iterations on the farthest
 * rim point), a little loose so that rounding keeps the children inside. */
static disc enclose(const disc *D, size_t m)
{
    disc c = {0, 0, 0};
    for (size_t i = 0; i < m; i++) {
        c.x += D[i].x / (double)m;
        c.y += D[i].y / (double)m;
    }
    for (int it = 1; it <= 200 && m > 1; it++) {
        size_t far = 0;
        double best = -1;
        for (size_t i = 0; i < m; i++) {
            double e = hypot(D[i].x - c.x, D[i].y - c.y) + D[i].r;
            if (e > best) {
                best = e;
                far = i;
            }
        }
        double dx = D[far].x - c.x, dy = D[far].y - c.y, dd = hypot(dx, dy);
        double px = D[far].x + (dd > 0 ? dx / dd : 0) * D[far].r;
        double py = D[far].y + (dd > 0 ? dy / dd : 0) * D[far].r;
        c.x += (px - c.x) / (it + 1);
        c.y += (py - c.y) / (it + 1);
    }
    for (size_t i = 0; i < m; i++)
        c.r = fmax(c.r, hypot(D[i].x - c.x, D[i].y - c.y) + D[i].r);
    c.r = c.r * (1 + 1e-3) + GAP;
    return c;
}

/* Share of the enclosing disc that the discs cover. */
static double fill_of(const disc *D, size_t m)
{
    disc e = enclose(D, m);
    double a = 0;
    for (size_t i = 0; i < m; i++)
        a += D[i].r * D[i].r;
    return e.r > 0 ? a / (e.r * e.r) : 1;
}

static void scale_about(disc *D, size_t m, double cx, double cy, double f)
{
    for (size_t i = 0; i < m; i++) {
        D[i].x = cx + (D[i].x - cx) * f;
        D[i].y = cy + (D[i].y - cy) * f;
    }
}

/* Separates the discs, then draws them together towards their area-weighted centre
 * (keeping their arrangement, pushing apart what collides) until they cover at least
 * COMPACT_FILL of their enclosing disc: the map's empty gaps between groups would
 * otherwise leave the discs too small to see. A family that came out denser is spread
 * about its centre until it covers just COMPACT_FILL (spreading never makes discs
 * collide): every family then has the same legibility, and the room helps the local
 * search (measured +0.005 trust@10 at 64 to 200 leaves). */
static void pack(disc *D, size_t m)
{
    separate_free(D, m, RELAX_ITERS);
    for (int round = 0; round < COMPACT_ROUNDS && m > 1 && fill_of(D, m) < COMPACT_FILL; round++) {
        double cx = 0, cy = 0, w = 0;
        for (size_t i = 0; i < m; i++) {
            double a = D[i].r * D[i].r;
            cx += a * D[i].x;
            cy += a * D[i].y;
            w += a;
        }
        if (w <= 0)
            break;
        scale_about(D, m, cx / w, cy / w, 0.85);
        separate_free(D, m, 30);
    }
    separate_free(D, m, RELAX_ITERS);
    if (m < 2)
        return;
    /* Spread by f about the enclosing centre e: the disc about e of radius
     * max(f |x_i - e| + r_i) encloses them, so the largest f keeping that radius within
     * sqrt(area / COMPACT_FILL) keeps the fill at least COMPACT_FILL. */
    disc e = enclose(D, m);
    double area = 0;
    for (size_t i = 0; i < m; i++)
        area += D[i].r * D[i].r;
    double rmax = sqrt(area / COMPACT_FILL), f = INFINITY;
    for (size_t i = 0; i < m; i++) {
        double d = hypot(D[i].x - e.x, D[i].y - e.y);
        if (d > 0)
            f = fmin(f, (rmax - D[i].r) / d);
    }
    if (f > 1 && f < INFINITY)
        scale_about(D, m, e.x, e.y, f);
}

/* Bottom-up nesting: leaves at their map positions (discs of area proportional to size),
 * each cluster the enclosing disc of its children, siblings separated by moving whole
 * subtrees, then everything scaled into the unit square. Keeps the leaf map's geometry
 * wherever the families are compact on it. */
static void build_bottom_up(const kl_hierarchy *h, const double *pos, kl_layout *out)
{
    int L = h->levels;
    size_t k = h->count[0];
    double **X = kl_calloc((size_t)L, sizeof *X), **Rr = kl_calloc((size_t)L, sizeof *Rr);
    double **mv = kl_calloc((size_t)L, sizeof *mv);     /* each cluster's move */
    for (int l = 0; l < L; l++) {
        X[l] = kl_calloc(h->count[l] * 2, sizeof **X);
        mv[l] = kl_calloc(h->count[l] * 2, sizeof **mv);
        Rr[l] = kl_calloc(h->count[l], sizeof **Rr);
    }
    /* Unit: the mean nearest-neighbour spacing of the leaf map (sampled). */
    double unit = 0;
    size_t ns = k < 200 ? k : 200;
    for (size_t s = 0; s < ns && k > 1; s++) {
        size_t i = s * k / ns;
        double best = INFINITY;
        for (size_t j = 0; j < k; j++)
            if (j != i)
                best = fmin(best, hypot(pos[2 * i] - pos[2 * j], pos[2 * i + 1] - pos[2 * j + 1]));
        unit += best / (double)ns;
    }
    if (!(unit > 0))
        unit = 1;
    double msize = 0;
    for (size_t i = 0; i < k; i++)
        msize += (h->size[0][i] > 0 ? h->size[0][i] : 0) / (double)k;
    for (size_t i = 0; i < k; i++) {
        X[0][2 * i] = pos[2 * i] / unit;
        X[0][2 * i + 1] = pos[2 * i + 1] / unit;
        double sh = msize > 0 ? fmax(h->size[0][i], 1e-4 * msize) / msize : 1;
        Rr[0][i] = LEAF_RADIUS * sqrt(sh);
    }
    disc *D = kl_malloc(k * sizeof *D);
    size_t *idx = kl_malloc(k * sizeof *idx);
    for (int l = 0; l < L; l++) {
        size_t nc = h->count[l];
        size_t groups = l + 1 < L ? h->count[l + 1] : 1;
        for (size_t q = 0; q < groups; q++) {
            size_t fm = 0;
            for (size_t c = 0; c < nc; c++)
                if (l + 1 >= L || h->parent[l][c] == q)
                    idx[fm++] = c;
            for (size_t i = 0; i < fm; i++)
                D[i] = (disc){X[l][2 * idx[i]], X[l][2 * idx[i] + 1], Rr[l][idx[i]]};
            pack(D, fm);
            for (size_t i = 0; i < fm; i++) {
                mv[l][2 * idx[i]] = D[i].x - X[l][2 * idx[i]];
                mv[l][2 * idx[i] + 1] = D[i].y - X[l][2 * idx[i] + 1];
            }
            if (l + 1 < L) {
                disc e = enclose(D, fm);
                X[l + 1][2 * q] = e.x;
                X[l + 1][2 * q + 1] = e.y;
                Rr[l + 1][q] = e.r;
            }
        }
        /* Each cluster moved with its whole subtree: pass the moves down the levels. */
        for (int m = l - 1; m >= 0; m--)
            for (size_t i = 0; i < h->count[m]; i++) {
                uint32_t q = h->parent[m][i];
                mv[m][2 * i] = mv[m + 1][2 * q];
                mv[m][2 * i + 1] = mv[m + 1][2 * q + 1];
            }
        for (int m = l; m >= 0; m--)
            for (size_t i = 0; i < 2 * h->count[m]; i++)
                X[m][i] += mv[m][i];
    }
    /* Into the unit square. */
    int top = L - 1;
    double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
    for (size_t i = 0; i < h->count[top]; i++)
        for (int c = 0; c < 2; c++) {
            lo[c] = fmin(lo[c], X[top][2 * i + (size_t)c] - Rr[top][i]);
            hi[c] = fmax(hi[c], X[top][2 * i + (size_t)c] + Rr[top][i]);
        }
    double span = fmax(hi[0] - lo[0], hi[1] - lo[1]);
    double sc = span > 0 ? (1 - 2e-4) / span : 1;
    for (int l = 0; l < L; l++) {
        out->xy[l] = kl_malloc(h->count[l] * 2 * sizeof(float));
        out->extent[l] = kl_malloc(h->count[l] * sizeof(float));
        for (size_t i = 0; i < h->count[l]; i++) {
            out->xy[l][2 * i] = (float)(0.5 + (X[l][2 * i] - (lo[0] + hi[0]) / 2) * sc);
            out->xy[l][2 * i + 1] = (float)(0.5 + (X[l][2 * i + 1] - (lo[1] + hi[1]) / 2) * sc);
            out->extent[l][i] = (float)(Rr[l][i] * sc * (l < top ? 1 : 1 - 1e-6));
        }
        free(X[l]);
        free(Rr[l]);
        free(mv[l]);
    }
    free(X);
    free(Rr);
    free(mv);
    free(D);
    free(idx);
}

int kl_layout_build(const kl_hierarchy *h, const kl_layout_params *p, kl_layout *out)
{
    memset(out, 0, sizeof *out);
    if (!h || h->levels < 1 || h->count[0] == 0)
        return -1;
    int threads = kl_threads_resolve(p ? p->threads : 0);
    int L = h->levels;
    size_t k = h->count[0];
    out->levels = L;
    out->count = kl_malloc((size_t)L * sizeof *out->count);
    memcpy(out->count, h->count, (size_t)L * sizeof *out->count);
    out->xy = kl_calloc((size_t)L, sizeof *out->xy);
    out->extent = kl_calloc((size_t)L, sizeof *out->extent);
    double *pos = kl_malloc(k * 2 * sizeof *pos);
    leaf_map(h, p, threads, pos);
    build_bottom_up(h, pos, out);
    free(pos);
    int anneal = p ? p->anneal : 0;
    if (anneal == 0) {              /* cheap with few leaves, where it pays most */
        anneal = ANNEAL_BUDGET / (int)(k < ANNEAL_BUDGET ? k : ANNEAL_BUDGET);
        anneal = anneal > ANNEAL_MAX ? ANNEAL_MAX : anneal < ANNEAL_MIN ? 0 : anneal;
    }
    kl_layout_refine(h, out, anneal, REFINE_SWEEPS, p ? p->seed : 1, threads);
    return 0;
}

static double dot(const float *a, const float *b, size_t d)
{
    double s = 0;
    for (size_t j = 0; j < d; j++)
        s += (double)a[j] * b[j];
    return s;
}

int kl_layout_density(const kl_layout *L, const kl_hierarchy *h, const float *X, size_t n,
                      const uint32_t *leaf, int side, uint8_t ***grids, float *doc_xy)
{
    if (!L || !h || !grids || (n > 0 && (!X || !leaf)))
        return -1;
    if (side <= 0)
        side = 16;
    size_t cells = (size_t)side * (size_t)side;
    int levels = L->levels;
    uint32_t **cnt = kl_calloc((size_t)levels, sizeof *cnt);
    for (int l = 0; l < levels; l++)
        cnt[l] = kl_calloc(L->count[l] * cells, sizeof(uint32_t));
    size_t k = L->count[0], d = h->d;
    /* Siblings of each leaf (the leaves under the same parent) pull its documents:
     * leaves listed by parent (counting sort), first[q]..first[q+1] those of parent q. */
    size_t np = levels > 1 ? L->count[1] : 1;
    size_t *first = kl_calloc(np + 1, sizeof *first), *byp = kl_malloc(k * sizeof *byp);
    for (size_t c = 0; c < k; c++)
        first[(levels > 1 ? h->parent[0][c] : 0) + 1]++;
    for (size_t q = 0; q < np; q++)
        first[q + 1] += first[q];
    size_t *fill = kl_malloc(np * sizeof *fill);
    memcpy(fill, first, np * sizeof *fill);
    for (size_t c = 0; c < k; c++)
        byp[fill[levels > 1 ? h->parent[0][c] : 0]++] = c;
    free(fill);
    for (size_t i = 0; i < n; i++) {
        uint32_t f = leaf[i];
        if (f >= k)
            continue;
        const float *x = X + i * d;
        double px = L->xy[0][2 * f], py = L->xy[0][2 * f + 1], r = L->extent[0][f];
        uint32_t q = levels > 1 ? h->parent[0][f] : 0;
        const size_t *sib = byp + first[q];
        size_t ns = first[q + 1] - first[q];
        /* Softmax of similarities; the document moves towards the similar siblings, the
         * more so the less it belongs to its own leaf. */
        double wown = 0, tx = 0, ty = 0, z = 0, smax = -INFINITY;
        for (size_t s = 0; s < ns; s++)
            smax = fmax(smax, dot(x, h->centroid[0] + sib[s] * d, d));
        for (size_t s = 0; s < ns; s++) {
            double w = exp(20 * (dot(x, h->centroid[0] + sib[s] * d, d) - smax));
            z += w;
            if (sib[s] == f)
                wown = w;
            else {
                tx += w * (L->xy[0][2 * sib[s]] - px);
                ty += w * (L->xy[0][2 * sib[s] + 1] - py);
            }
        }
        double ox = 0, oy = 0;
        if (z > 0 && z > wown) {
            double norm = sqrt(tx * tx + ty * ty);
            if (norm > 0) {
                double mag = r * 0.9 * (1 - wown / z);
                ox = tx / norm * mag;
                oy = ty / norm * mag;
            }
        }
        double dx = px + ox, dy = py + oy;
        if (doc_xy) {
            doc_xy[2 * i] = (float)dx;
            doc_xy[2 * i + 1] = (float)dy;
        }
        uint32_t a = f;
        for (int l = 0; l < levels; l++) {
            if (l > 0)
                a = h->parent[l - 1][a];
            double cx = L->xy[l][2 * a], cy = L->xy[l][2 * a + 1], R = L->extent[l][a];
            if (R <= 0)
                continue;
            int gx = (int)floor((dx - (cx - R)) / (2 * R) * side);
            int gy = (int)floor((dy - (cy - R)) / (2 * R) * side);
            if (gx < 0 || gy < 0 || gx >= side || gy >= side)
                continue;
            cnt[l][a * cells + (size_t)gy * (size_t)side + (size_t)gx]++;
        }
    }
    free(first);
    free(byp);
    *grids = kl_calloc((size_t)levels, sizeof **grids);
    for (int l = 0; l < levels; l++) {
        (*grids)[l] = kl_calloc(L->count[l] * cells, 1);
        for (size_t a = 0; a < L->count[l]; a++) {
            uint32_t mx = 0;
            for (size_t c = 0; c < cells; c++)
                if (cnt[l][a * cells + c] > mx)
                    mx = cnt[l][a * cells + c];
            for (size_t c = 0; c < cells && mx > 0; c++) {
                uint32_t v = cnt[l][a * cells + c];
                (*grids)[l][a * cells + c] = (uint8_t)(v ? 1 + (254ULL * v) / mx : 0);
            }
        }
        free(cnt[l]);
    }
    free(cnt);
    return 0;
}

typedef struct trust_ctx {
    const float *X, *xy;
    size_t n, d, k, m;        /* m: points evaluated, every (n/m)-th */
    double *pen;              /* per evaluated point, summed in order afterwards */
} trust_ctx;

/* Per point: its nk nearest on the map (ties by index), then each one's rank among the
 * point's true neighbours by counting the points closer in X: O(n (d + nk)) per point. */
static void trust_worker(void *arg, int t, int nt)
{
    trust_ctx *c = arg;
    size_t n = c->n, d = c->d, k = c->k;
    double *hd = kl_malloc(n * sizeof *hd), *bd = kl_malloc(k * sizeof *bd);
    size_t *bj = kl_malloc(k * sizeof *bj);
    for (size_t si = (size_t)t; si < c->m; si += (size_t)nt) {
        size_t i = si * n / c->m, m = 0;
        for (size_t j = 0; j < n; j++) {
            if (j == i)
                continue;
            double s = kl_dist2(c->X + i * d, c->X + j * d, d);
            hd[j] = s;
            double ex = c->xy[2 * i] - c->xy[2 * j], ey = c->xy[2 * i + 1] - c->xy[2 * j + 1];
            kl_nearest_offer(bd, bj, k, &m, ex * ex + ey * ey, j);
        }
        double pen = 0;
        for (size_t r = 0; r < m; r++) {
            size_t j = bj[r], rank = 1;
            for (size_t q = 0; q < n; q++)
                if (q != i && q != j && (hd[q] < hd[j] || (hd[q] == hd[j] && q < j)))
                    rank++;
            if (rank > k)
                pen += (double)(rank - k);
        }
        c->pen[si] = pen;
    }
    free(hd);
    free(bd);
    free(bj);
}

double kl_layout_trustworthiness_sampled(const float *X, size_t n, size_t d, const float *xy,
                                         int nk, size_t max_points)
{
    size_t k = (size_t)nk;
    if (n < 3 || k == 0 || 2 * n < 3 * k + 2)
        return 1;
    size_t m = max_points > 0 && max_points < n ? max_points : n;
    trust_ctx c = {X, xy, n, d, k, m, kl_malloc(m * sizeof(double))};
    kl_parallel_run(kl_threads_resolve(0), trust_worker, &c);
    double penalty = 0;
    for (size_t i = 0; i < m; i++)
        penalty += c.pen[i];
    free(c.pen);
    return 1 - 2.0 / ((double)m * (double)k * (2.0 * (double)n - 3.0 * (double)k - 1)) * penalty;
}

double kl_layout_trustworthiness(const float *X, size_t n, size_t d, const float *xy, int nk)
{
    return kl_layout_trustworthiness_sampled(X, n, d, xy, nk, n);
}

void kl_layout_free(kl_layout *L)
{
    if (!L || !L->count)
        return;
    for (int l = 0; l < L->levels; l++) {
        free(L->xy[l]);
        free(L->extent[l]);
    }
    free(L->xy);
    free(L->extent);
    free(L->count);
    memset(L, 0, sizeof *L);
}

void kl_layout_leaf_map(const kl_hierarchy *h, const kl_layout_params *p, float *out)
{
    double *Y = kl_malloc(h->count[0] * 2 * sizeof *Y);
    leaf_map(h, p, kl_threads_resolve(p ? p->threads : 0), Y);
    for (size_t i = 0; i < 2 * h->count[0]; i++)
        out[i] = (float)Y[i];
    free(Y);
}
