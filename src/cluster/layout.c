/* layout.c — nested disc layout of the cluster tree on the unit square.
 *
 * 1. A 2D map of the leaves: exact t-SNE of the leaf centroids (when there are more than
 *    MAX_TSNE leaves, of the lowest level that has at most MAX_TSNE clusters; the levels
 *    below are spread around their parent by their two principal directions).
 * 2. Every cluster's anchor is the size-weighted mean map position of its leaves.
 * 3. Top-down placement: the top level's discs (area proportional to size, FILL of the
 *    square) start at their anchors fitted to the square; each parent's children start at
 *    their anchors relative to the parent's, scaled into its disc. Overlaps are then
 *    relaxed by pairwise pushes with containment projections, and any overlap left is
 *    removed by shrinking that family's discs. Bearings therefore survive zooming: a
 *    child lies in the direction of the leaves it holds. */
#include "kleio/layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/parallel.h"
#include "layout_impl.h"

#define MAX_TSNE 3000
#define FILL 0.5              /* share of a parent's area its children's discs cover */
#define RELAX_ITERS 300
#define GAP 1e-4

typedef struct disc {
    double x, y, r;
} disc;

/* Separates discs (pushes proportional to the other's area) inside the container
 * (cx, cy, R) or, when R == 0, inside the unit square. */
static void relax(disc *D, size_t m, double cx, double cy, double R)
{
    for (int it = 0; it < RELAX_ITERS; it++) {
        int moved = 0;
        for (size_t i = 0; i < m; i++) {
            for (size_t j = i + 1; j < m; j++) {
                double dx = D[j].x - D[i].x, dy = D[j].y - D[i].y;
                double dist = sqrt(dx * dx + dy * dy), need = D[i].r + D[j].r + GAP;
                if (dist >= need)
                    continue;
                if (dist < 1e-12) {                /* coincident: split along a fixed bearing */
                    double ang = (double)(i * 7 + j * 13);
                    dx = cos(ang);
                    dy = sin(ang);
                    dist = 1;
                    need = D[i].r + D[j].r + GAP;
                } else {
                    dx /= dist;
                    dy /= dist;
                    need -= dist;
                }
                double ai = D[i].r * D[i].r, aj = D[j].r * D[j].r;
                double si = ai + aj > 0 ? aj / (ai + aj) : 0.5;
                double push = need * 0.5 * 1.05;
                D[i].x -= dx * push * 2 * si;
                D[i].y -= dy * push * 2 * si;
                D[j].x += dx * push * 2 * (1 - si);
                D[j].y += dy * push * 2 * (1 - si);
                moved = 1;
            }
        }
        for (size_t i = 0; i < m; i++) {
            if (R > 0) {
                double dx = D[i].x - cx, dy = D[i].y - cy, dist = sqrt(dx * dx + dy * dy);
                double lim = R - D[i].r;
                if (dist > lim && dist > 0) {
                    D[i].x = cx + dx / dist * lim;
                    D[i].y = cy + dy / dist * lim;
                }
            } else {
                D[i].x = fmin(fmax(D[i].x, D[i].r), 1 - D[i].r);
                D[i].y = fmin(fmax(D[i].y, D[i].r), 1 - D[i].r);
            }
        }
        if (!moved)
            break;
    }
    /* Whatever overlap is left: shrink every disc of the family by the worst ratio. */
    double scale = 1;
    for (size_t i = 0; i < m; i++)
        for (size_t j = i + 1; j < m; j++) {
            double dx = D[j].x - D[i].x, dy = D[j].y - D[i].y;
            double dist = sqrt(dx * dx + dy * dy), sum = D[i].r + D[j].r;
            if (sum > 0 && dist < sum && dist / sum < scale)
                scale = dist / sum;
        }
    if (scale < 1)
        for (size_t i = 0; i < m; i++)
            D[i].r *= scale * 0.999;
}

/* Fits anchors (m x 2) to the discs' start positions: centred on (cx, cy) and scaled so
 * that the farthest disc touches the container of radius R (R == 0: the unit square). */
static void place_family(disc *D, const double *anchor, size_t m, double cx, double cy, double R)
{
    double mx = 0, my = 0;
    for (size_t i = 0; i < m; i++) {
        mx += anchor[2 * i] / (double)m;
        my += anchor[2 * i + 1] / (double)m;
    }
    if (R > 0) {
        double s = INFINITY;
        for (size_t i = 0; i < m; i++) {
            double dx = anchor[2 * i] - mx, dy = anchor[2 * i + 1] - my;
            double dist = sqrt(dx * dx + dy * dy);
            if (dist > 0 && (R - D[i].r) / dist < s)
                s = (R - D[i].r) / dist;
        }
        if (!isfinite(s))
            s = 0;
        for (size_t i = 0; i < m; i++) {
            D[i].x = cx + (anchor[2 * i] - mx) * s;
            D[i].y = cy + (anchor[2 * i + 1] - my) * s;
        }
    } else {
        double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
        for (size_t i = 0; i < m; i++)
            for (int c = 0; c < 2; c++) {
                lo[c] = fmin(lo[c], anchor[2 * i + (size_t)c]);
                hi[c] = fmax(hi[c], anchor[2 * i + (size_t)c]);
            }
        double span = fmax(hi[0] - lo[0], hi[1] - lo[1]);
        double rmax = 0;
        for (size_t i = 0; i < m; i++)
            rmax = fmax(rmax, D[i].r);
        double s = span > 0 ? (1 - 2 * rmax) / span : 0;
        for (size_t i = 0; i < m; i++) {
            D[i].x = 0.5 + (anchor[2 * i] - (lo[0] + hi[0]) / 2) * s;
            D[i].y = 0.5 + (anchor[2 * i + 1] - (lo[1] + hi[1]) / 2) * s;
        }
    }
    relax(D, m, cx, cy, R);
}

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
    kl_layout_tsne(h->centroid[base], nb, h->d, perp, iters, threads, Y);
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

    /* Anchors: size-weighted mean leaf positions at every level. */
    double **anchor = kl_calloc((size_t)L, sizeof *anchor);
    double **wsum = kl_calloc((size_t)L, sizeof *wsum);
    anchor[0] = kl_malloc(k * 2 * sizeof(double));
    leaf_map(h, p, threads, anchor[0]);
    for (int l = 1; l < L; l++) {
        anchor[l] = kl_calloc(h->count[l] * 2, sizeof(double));
        wsum[l] = kl_calloc(h->count[l], sizeof(double));
    }
    for (size_t i = 0; i < k; i++) {
        double w = h->size[0][i] > 0 ? h->size[0][i] : 1e-6;
        for (int l = 1; l < L; l++) {
            uint32_t a = kl_hierarchy_ancestor(h, (uint32_t)i, l);
            anchor[l][2 * a] += w * anchor[0][2 * i];
            anchor[l][2 * a + 1] += w * anchor[0][2 * i + 1];
            wsum[l][a] += w;
        }
    }
    for (int l = 1; l < L; l++)
        for (size_t a = 0; a < h->count[l]; a++) {
            anchor[l][2 * a] /= wsum[l][a];
            anchor[l][2 * a + 1] /= wsum[l][a];
        }

    /* Top level in the square. */
    int top = L - 1;
    size_t m = h->count[top];
    double total = 0;
    for (size_t i = 0; i < m; i++)
        total += h->size[top][i];
    disc *D = kl_malloc(k * sizeof *D);
    double *anc = kl_malloc(k * 2 * sizeof *anc);
    size_t *idx = kl_malloc(k * sizeof *idx);
    for (size_t i = 0; i < m; i++) {
        double share = total > 0 ? h->size[top][i] / total : 1.0 / (double)m;
        D[i].r = sqrt(FILL * fmax(share, 1e-4 / (double)m) / M_PI);
    }
    place_family(D, anchor[top], m, 0.5, 0.5, 0);
    out->xy[top] = kl_malloc(m * 2 * sizeof(float));
    out->extent[top] = kl_malloc(m * sizeof(float));
    for (size_t i = 0; i < m; i++) {
        out->xy[top][2 * i] = (float)D[i].x;
        out->xy[top][2 * i + 1] = (float)D[i].y;
        out->extent[top][i] = (float)D[i].r;
    }
    /* Each level below, family by family. */
    for (int l = top - 1; l >= 0; l--) {
        size_t nc = h->count[l];
        out->xy[l] = kl_malloc(nc * 2 * sizeof(float));
        out->extent[l] = kl_malloc(nc * sizeof(float));
        for (size_t q = 0; q < h->count[l + 1]; q++) {
            size_t fm = 0;
            for (size_t c = 0; c < nc; c++)
                if (h->parent[l][c] == q)
                    idx[fm++] = c;
            double R = out->extent[l + 1][q], cx = out->xy[l + 1][2 * q], cy = out->xy[l + 1][2 * q + 1];
            double psize = h->size[l + 1][q];
            for (size_t i = 0; i < fm; i++) {
                double share = psize > 0 ? h->size[l][idx[i]] / psize : 1.0 / (double)fm;
                D[i].r = R * sqrt(FILL * fmax(share, 1e-4 / (double)fm));
                anc[2 * i] = anchor[l][2 * idx[i]];
                anc[2 * i + 1] = anchor[l][2 * idx[i] + 1];
            }
            place_family(D, anc, fm, cx, cy, R);
            for (size_t i = 0; i < fm; i++) {
                out->xy[l][2 * idx[i]] = (float)D[i].x;
                out->xy[l][2 * idx[i] + 1] = (float)D[i].y;
                out->extent[l][idx[i]] = (float)D[i].r;
            }
        }
    }
    for (int l = 0; l < L; l++) {
        free(anchor[l]);
        free(wsum[l]);
    }
    free(anchor);
    free(wsum);
    free(D);
    free(anc);
    free(idx);
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

typedef struct rank_item {
    double d;
    size_t j;
} rank_item;

static int cmp_rank(const void *a, const void *b)
{
    const rank_item *x = a, *y = b;
    if (x->d != y->d)
        return x->d < y->d ? -1 : 1;
    return (x->j > y->j) - (x->j < y->j);
}

double kl_layout_trustworthiness(const float *X, size_t n, size_t d, const float *xy, int nk)
{
    size_t k = (size_t)nk;
    if (n < 3 || k == 0 || 2 * n < 3 * k + 2)
        return 1;
    rank_item *hi = kl_malloc(n * sizeof *hi), *lo = kl_malloc(n * sizeof *lo);
    size_t *rank = kl_malloc(n * sizeof *rank);
    double penalty = 0;
    for (size_t i = 0; i < n; i++) {
        size_t m = 0;
        for (size_t j = 0; j < n; j++) {
            if (j == i)
                continue;
            double s = 0;
            for (size_t c = 0; c < d; c++) {
                double t = (double)X[i * d + c] - X[j * d + c];
                s += t * t;
            }
            double ex = xy[2 * i] - xy[2 * j], ey = xy[2 * i + 1] - xy[2 * j + 1];
            hi[m] = (rank_item){s, j};
            lo[m++] = (rank_item){ex * ex + ey * ey, j};
        }
        qsort(hi, m, sizeof *hi, cmp_rank);
        qsort(lo, m, sizeof *lo, cmp_rank);
        for (size_t r = 0; r < m; r++)
            rank[hi[r].j] = r + 1;
        for (size_t r = 0; r < k && r < m; r++)
            if (rank[lo[r].j] > k)
                penalty += (double)(rank[lo[r].j] - k);
    }
    free(hi);
    free(lo);
    free(rank);
    return 1 - 2.0 / ((double)n * (double)k * (2.0 * (double)n - 3.0 * (double)k - 1)) * penalty;
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
