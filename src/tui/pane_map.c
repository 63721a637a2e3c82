/* pane_map.c — the map pane: the current level's clusters as bubbles on a braille
 * canvas, shaded by density, coloured by the overlay, labelled biggest first. */
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/figures.h"
#include "kleio/mem.h"
#include "kleio/tree_model.h"
#include "kleio/tui_app.h"
#include "kleio/tui_canvas.h"
#include "kleio/tui_keys.h"
#include "kleio/tui_text.h"
#include "kleio/utf8.h"

/* Canvas style ids: gradient steps first, then fixed elements. */
enum { ST_MAP = KL_GRAD_STEPS, ST_SELECTED, ST_DENSITY, ST_DIM };

/* A cluster whose position the file gave as infinite or absurd (model.c: NAN) is not
 * on the map: it would drag the viewport to infinity. */
static bool placed(const kl_tnode *k)
{
    return isfinite(k->x) && isfinite(k->y);
}

static void fit_viewport(const kl_app *a, double *cx, double *cy, double *span)
{
    const kl_tui_model *m = &a->m;
    const kl_tnode *cur = &m->nodes[a->cur];
    /* The bounding box of the children, so a level fills the pane even when the
     * parent's extent is missing or loose. */
    double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
    for (uint32_t i = 0; i < cur->n_kids; i++) {
        const kl_tnode *k = &m->nodes[cur->kids[i]];
        if (!placed(k))
            continue;
        double e = k->extent > 0 ? k->extent : 0.01;
        x0 = fmin(x0, k->x - e);
        x1 = fmax(x1, k->x + e);
        y0 = fmin(y0, k->y - e);
        y1 = fmax(y1, k->y + e);
    }
    if (x1 < x0) {
        *cx = placed(cur) ? cur->x : 0.5;
        *cy = placed(cur) ? cur->y : 0.5;
        *span = cur->extent > 0 ? 2.2 * cur->extent : 1.0;
        return;
    }
    *cx = (x0 + x1) / 2;
    *cy = (y0 + y1) / 2;
    *span = fmax(x1 - x0, y1 - y0) * 1.1;
    if (*span < 1e-6)
        *span = 0.1;
}

void kl_map_fit(kl_app *a)
{
    fit_viewport(a, &a->map_cx, &a->map_cy, &a->map_span);
    a->map_fit = true;
}

double kl_map_overlay_value(const kl_app *a, uint32_t node, double max_rate)
{
    const kl_tui_model *m = &a->m;
    const kl_tnode *nd = &m->nodes[node];
    switch (a->cfg.overlay) {
    case KL_OVERLAY_REFUSAL: {
        double r = kl_counts_refusal_rate(&nd->fig);
        return r < 0 || max_rate <= 0 ? -1 : r / max_rate;
    }
    case KL_OVERLAY_CONCERN: {
        double c = kl_counts_mean_concern(&nd->fig);
        return c < 0 ? -1 : (c - 1) / 4;
    }
    case KL_OVERLAY_LANGUAGE:
        /* A partial sum would colour the cluster lighter than it is: no colour instead. */
        if (!m->n_selected || kl_fig_conversations(&nd->fig).bound != KL_BOUND_EXACT ||
            nd->total.conversations <= 0)
            return -1;
        return (double)nd->fig.conversations / (double)nd->total.conversations;
    case KL_OVERLAY_FACET: {
        /* A choice value's share of the cluster, or a number's mean within its range;
         * nothing where the cell or the mean is hidden. */
        double v = kl_tui_custom_value(&m->custom, nd->id);
        if (isnan(v))
            return -1;
        double lo, hi;
        if (kl_tui_custom_range(&m->custom, &lo, &hi))
            return hi > lo ? (v - lo) / (hi - lo) : -1;
        return nd->total.conversations > 0 ? v / (double)nd->total.conversations : -1;
    }
    default: {
        double g = kl_tui_model_growth_cached(m, node);
        return isnan(g) ? -1 : 0.5 + atan(g) / M_PI;
    }
    }
}

struct label { int y, x0, x1; };

static bool collides(const struct label *ls, int n, int y, int x0, int x1)
{
    for (int i = 0; i < n; i++)
        if (ls[i].y == y && x0 <= ls[i].x1 && ls[i].x0 <= x1)
            return true;
    return false;
}

static int compare_size(const void *p, const void *q, void *ctx)
{
    const kl_tui_model *m = ctx;
    int64_t a = m->nodes[*(const uint32_t *)p].fig.conversations;
    int64_t b = m->nodes[*(const uint32_t *)q].fig.conversations;
    return a < b ? 1 : a > b ? -1 : 0;
}

/* Ordered-dither thresholds for density shading (a 2x4 Bayer-like pattern per cell). */
static const uint8_t dither[4][2] = {{16, 144}, {208, 80}, {48, 176}, {240, 112}};

static void draw_density(const kl_app *a, kl_canvas *c, uint32_t node, double ox, double oy,
                         double s)
{
    const kl_tnode *k = &a->m.nodes[node];
    const uint8_t *grid = kl_tui_model_density(&a->m, node);
    int side = a->m.density_side;
    if (!grid || side <= 0 || !(k->extent > 0))
        return; /* clusters without a grid are simply not shaded */
    double x0 = k->x - k->extent, y0 = k->y - k->extent, size = 2 * k->extent;
    int dx0 = (int)floor(ox + (x0) * s), dx1 = (int)ceil(ox + (x0 + size) * s);
    int dy0 = (int)floor(oy + (y0) * s), dy1 = (int)ceil(oy + (y0 + size) * s);
    if (dx0 < 0) dx0 = 0;
    if (dy0 < 0) dy0 = 0;
    if (dx1 > 2 * c->w) dx1 = 2 * c->w;
    if (dy1 > 4 * c->h) dy1 = 4 * c->h;
    for (int y = dy0; y < dy1; y++)
        for (int x = dx0; x < dx1; x++) {
            double ux = ((x + 0.5 - ox) / s - x0) / size, uy = ((y + 0.5 - oy) / s - y0) / size;
            if (ux < 0 || uy < 0 || ux >= 1 || uy >= 1)
                continue;
            unsigned char v = grid[(int)(uy * side) * side + (int)(ux * side)];
            /* faint cells stay empty: shading, not dust */
            if (v > 48 && v > dither[y % 4][x % 2])
                kl_canvas_dot(c, x, y, ST_DENSITY, 1);
        }
}

static int style_attr(const kl_app *a, int style)
{
    switch (style) {
    case ST_MAP: return kl_app_attr(a, KL_EL_MAP);
    case ST_SELECTED: return kl_app_attr(a, KL_EL_MAP_SELECTED);
    case ST_DENSITY: return kl_app_attr(a, KL_EL_DENSITY);
    case ST_DIM: return kl_app_attr(a, KL_EL_DIM);
    default: return kl_app_grad_attr(a, (double)style / (KL_GRAD_STEPS - 1), false);
    }
}

/* The legend's rows: one from 6 rows, a second (what the size, shading and ring mean)
 * when the pane is tall and wide enough that the canvas does not miss it. */
static int legend_rows(kl_rect r)
{
    return r.h >= 20 && r.w >= 44 ? 2 : r.h >= 6 ? 1 : 0;
}

/* The bottom rows of the pane: what the colour says (the overlay and its scale, low to
 * high in the gradient's own cells) and what a bubble's size says. Reads only the
 * model, as the rest of the frame. */
static void draw_legend(const kl_app *a, kl_rect r, int rows, double max_rate)
{
    const kl_tui_model *m = &a->m;
    char lo[32], hi[32], flabel[64];
    const char *what;
    switch (a->cfg.overlay) {
    case KL_OVERLAY_REFUSAL:
        /* the scale is relative: the level's highest rate is the darkest step */
        what = "refusal";
        snprintf(lo, sizeof lo, "0%%");
        snprintf(hi, sizeof hi, "%.0f%%", 100 * max_rate);
        break;
    case KL_OVERLAY_CONCERN:
        what = "concern";
        snprintf(lo, sizeof lo, "1");
        snprintf(hi, sizeof hi, "5");
        break;
    case KL_OVERLAY_LANGUAGE:
        what = "language share";
        snprintf(lo, sizeof lo, "0%%");
        snprintf(hi, sizeof hi, "100%%");
        break;
    case KL_OVERLAY_FACET: {
        kl_tui_custom_label(&m->custom, flabel, sizeof flabel);
        what = flabel;
        double flo, fhi;
        if (kl_tui_custom_range(&m->custom, &flo, &fhi)) {
            snprintf(lo, sizeof lo, "%g", flo);
            snprintf(hi, sizeof hi, "%g", fhi);
        } else {
            snprintf(lo, sizeof lo, "0%%");
            snprintf(hi, sizeof hi, "100%%");
        }
        break;
    }
    default:
        what = "growth";
        snprintf(lo, sizeof lo, "shrinking");
        snprintf(hi, sizeof hi, "growing");
        break;
    }
    int y = r.y + r.h - rows, x = r.x + 1, end = r.x + r.w; /* under the title's indent */
    const char *dot = kl_app_glyph(a, "\xc2\xb7", "-");
    char text[96];
    if (a->cfg.overlay == KL_OVERLAY_LANGUAGE && !m->n_selected) {
        x += kl_app_put(a, y, x, end - x, "no colour: pick languages (f)", KL_EL_DIM);
    } else if (a->cfg.overlay == KL_OVERLAY_FACET && m->custom.sel < 0) {
        x += kl_app_put(a, y, x, end - x, "no colour: choose a facet column (v)", KL_EL_DIM);
    } else if (a->cfg.overlay == KL_OVERLAY_REFUSAL && !(max_rate > 0)) {
        x += kl_app_put(a, y, x, end - x, "refusal: none at this level", KL_EL_DIM);
    } else {
        /* the overlay's name on the wide legend only: the title already says it */
        if (rows > 1) {
            snprintf(text, sizeof text, "%s ", what);
            x += kl_app_put(a, y, x, end - x, text, KL_EL_DIM);
        }
        snprintf(text, sizeof text, "%s ", lo);
        x += kl_app_put(a, y, x, end - x, text, KL_EL_DIM);
        for (int i = 0; i < KL_GRAD_STEPS && x < end; i++)
            x += kl_app_put_attr(a, y, x, end - x, kl_app_glyph(a, "\xe2\x96\x88", "#"),
                                 kl_app_grad_attr(a, (double)i / (KL_GRAD_STEPS - 1), false));
        snprintf(text, sizeof text, " %s%s", hi,
                 rows > 1 && a->cfg.overlay == KL_OVERLAY_REFUSAL ? " (the level's highest)" : "");
        x += kl_app_put(a, y, x, end - x, text, KL_EL_DIM);
    }
    if (rows > 1) {
        snprintf(text, sizeof text, "bubble size = conversations %s shading = density %s ring = selected",
                 dot, dot);
        kl_app_put(a, y + 1, r.x + 1, r.w - 1, text, KL_EL_DIM);
    } else if (x + 4 < end) {
        snprintf(text, sizeof text, " %s size=convs.", dot);
        kl_app_put(a, y, x, end - x, text, KL_EL_DIM);
    }
}

void kl_map_draw(const kl_app *a, kl_rect r)
{
    const kl_tui_model *m = &a->m;
    if (r.w < 4 || r.h < 3)
        return;
    const kl_tnode *cur = &m->nodes[a->cur];
    double cx, cy, span;
    if (a->map_fit)
        fit_viewport(a, &cx, &cy, &span);
    else
        cx = a->map_cx, cy = a->map_cy, span = a->map_span;
    double fcx, fcy, fspan;
    fit_viewport(a, &fcx, &fcy, &fspan);
    char title[160];
    snprintf(title, sizeof title, " Map %s %s %s zoom %.1fx%s", kl_app_glyph(a, "\xc2\xb7", "-"),
             kl_tui_overlay_names[a->cfg.overlay], kl_app_glyph(a, "\xc2\xb7", "-"), fspan / span,
             a->cfg.overlay == KL_OVERLAY_LANGUAGE && !m->n_selected ? " (pick languages: f)" : "");
    kl_app_put(a, r.y, r.x, r.w, title, KL_EL_BORDER);
    if (!cur->kids_loaded) {
        kl_app_put(a, r.y + 1, r.x + 1, r.w - 1, kl_app_glyph(a, "Loading\xe2\x80\xa6", "Loading..."),
                   KL_EL_DIM);
        return;
    }
    int legend = legend_rows(r);
    kl_canvas c;
    kl_canvas_init(&c, r.w, r.h - 1 - legend);
    int W = 2 * c.w, H = 4 * c.h;
    double s = fmin(W, H) / span;      /* dots per map unit; dots are about square */
    double ox = W / 2.0 - cx * s, oy = H / 2.0 - cy * s;
    uint32_t n = cur->n_kids;
    uint32_t *order = kl_malloc((n ? n : 1) * sizeof *order);
    if (n) /* a level without clusters has no kids array to copy */
        memcpy(order, cur->kids, n * sizeof *order);
    qsort_r(order, n, sizeof *order, compare_size, (void *)m);
    int64_t max_conv = 1;
    double max_rate = 0;
    for (uint32_t i = 0; i < n; i++) {
        const kl_tnode *k = &m->nodes[order[i]];
        if (!k->fig.suppressed && k->fig.conversations > max_conv)
            max_conv = k->fig.conversations;
        double rr = kl_counts_refusal_rate(&k->fig);
        max_rate = rr > max_rate ? rr : max_rate;
    }
    for (uint32_t i = 0; i < n; i++)
        if (placed(&m->nodes[order[i]]))
            draw_density(a, &c, order[i], ox, oy, s);
    /* Biggest first, so smaller bubbles stay visible on top of larger ones. */
    for (uint32_t i = 0; i < n; i++) {
        uint32_t id = order[i];
        const kl_tnode *k = &m->nodes[id];
        if (!placed(k))
            continue;
        bool empty = kl_tui_model_empty(m, id);
        if (empty && m->n_selected && a->cfg.hide_empty && id != a->sel)
            continue;
        double frac = empty ? 0 : sqrt((double)k->fig.conversations / (double)max_conv);
        double base = k->extent > 0 ? k->extent * s : fmin(W, H) / 10.0;
        double rad = fmax(1.0, base * (0.35 + 0.65 * frac));
        double px = ox + k->x * s, py = oy + k->y * s;
        if (empty) {
            kl_canvas_ring(&c, px, py, rad, ST_DIM, 2);
            continue;
        }
        double t = kl_map_overlay_value(a, id, max_rate);
        int st = t < 0 ? ST_MAP : (int)(t * (KL_GRAD_STEPS - 1) + 0.5);
        kl_canvas_disc(&c, px, py, rad, st, 2);
    }
    if (a->sel != KL_TUI_NONE && m->nodes[a->sel].parent == a->cur && placed(&m->nodes[a->sel])) {
        const kl_tnode *k = &m->nodes[a->sel];
        double frac = k->fig.suppressed ? 0 : sqrt((double)k->fig.conversations / (double)max_conv);
        double base = k->extent > 0 ? k->extent * s : fmin(W, H) / 10.0;
        double rad = fmax(1.0, base * (0.35 + 0.65 * frac));
        kl_canvas_ring(&c, ox + k->x * s, oy + k->y * s, rad + 1.5, ST_SELECTED, 3);
    }
    for (int y = 0; y < c.h; y++)
        for (int x = 0; x < c.w; x++) {
            size_t i = (size_t)y * (size_t)c.w + (size_t)x;
            if (!c.dots[i])
                continue;
            attrset((attr_t)style_attr(a, c.style[i]));
            if (a->ascii) {
                int cnt = kl_canvas_count(c.dots[i]);
                chtype ch = cnt <= 2 ? '.' : cnt <= 4 ? ':' : cnt <= 6 ? ACS_CKBOARD : ACS_BLOCK;
                mvaddch(r.y + 1 + y, r.x + x, ch);
            } else {
                char u[5] = {0};
                kl_utf8_encode(kl_canvas_braille(c.dots[i]), u);
                mvaddstr(r.y + 1 + y, r.x + x, u);
            }
        }
    /* Labels: the selected cluster first, then biggest first, skipping collisions. */
    struct label *ls = kl_malloc((n + 1) * sizeof *ls);
    int nl = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t i = 0; i < n; i++) {
            uint32_t id = order[i];
            if ((pass == 0) != (id == a->sel))
                continue;
            const kl_tnode *k = &m->nodes[id];
            if (!placed(k))
                continue;
            if (m->n_selected && a->cfg.hide_empty && kl_tui_model_empty(m, id) && id != a->sel)
                continue;
            int cy_cell = (int)floor((oy + k->y * s) / 4);
            int cx_cell = (int)floor((ox + k->x * s) / 2);
            if (cy_cell < 0 || cy_cell >= c.h || cx_cell < 0 || cx_cell >= c.w)
                continue;
            char text[128], label[96];
            int tw = kl_tui_fit(kl_fig_row_name(k->name, k->is_other, &k->fig, a->ascii, label,
                                                sizeof label),
                                22, a->ascii, text, sizeof text);
            /* Right of the centre, left of it, then the rows above and below. */
            const int cand[4][2] = {{cy_cell, cx_cell + 1}, {cy_cell, cx_cell - tw},
                                    {cy_cell - 1, cx_cell - tw / 2}, {cy_cell + 1, cx_cell - tw / 2}};
            for (int c4 = 0; c4 < 4; c4++) {
                int ly = cand[c4][0], x0 = cand[c4][1];
                if (x0 < 0)
                    x0 = 0;
                if (x0 + tw > c.w)
                    x0 = c.w - tw;
                if (ly < 0 || ly >= c.h || x0 < 0 || collides(ls, nl, ly, x0 - 1, x0 + tw))
                    continue;
                ls[nl++] = (struct label){ly, x0, x0 + tw};
                kl_app_put(a, r.y + 1 + ly, r.x + x0, tw, text,
                           id == a->sel ? KL_EL_MAP_SELECTED : KL_EL_MAP_LABEL);
                break;
            }
        }
    }
    free(ls);
    free(order);
    kl_canvas_free(&c);
    if (legend)
        draw_legend(a, r, legend, max_rate);
}

int kl_map_act(kl_app *a, int action)
{
    if (a->map_fit &&
        (action == KL_ACT_ZOOM_IN || action == KL_ACT_ZOOM_OUT || action == KL_ACT_PAN_LEFT ||
         action == KL_ACT_PAN_RIGHT || action == KL_ACT_PAN_UP || action == KL_ACT_PAN_DOWN))
        kl_map_fit(a);
    switch (action) {
    case KL_ACT_MAP: a->cfg.show_map = !a->cfg.show_map; break;
    case KL_ACT_OVERLAY:
        a->cfg.overlay = (a->cfg.overlay + 1) % KL_OVERLAY_N;
        /* The custom facet overlay only where the snapshot has custom facets. */
        if (a->cfg.overlay == KL_OVERLAY_FACET && kl_tui_custom_count(&a->m.custom) == 0)
            a->cfg.overlay = (a->cfg.overlay + 1) % KL_OVERLAY_N;
        kl_app_message(a, false, "Map coloured by %s", kl_tui_overlay_names[a->cfg.overlay]);
        break;
    case KL_ACT_ZOOM_IN:
        a->map_span /= 1.5;
        a->map_fit = false;
        break;
    case KL_ACT_ZOOM_OUT:
        a->map_span *= 1.5;
        a->map_fit = false;
        break;
    case KL_ACT_PAN_LEFT: a->map_cx -= a->map_span / 8; a->map_fit = false; break;
    case KL_ACT_PAN_RIGHT: a->map_cx += a->map_span / 8; a->map_fit = false; break;
    case KL_ACT_PAN_UP: a->map_cy -= a->map_span / 8; a->map_fit = false; break;
    case KL_ACT_PAN_DOWN: a->map_cy += a->map_span / 8; a->map_fit = false; break;
    case KL_ACT_MAP_RESET: a->map_fit = true; break;
    default: return kl_detail_act(a, action); /* the browse view's last resort */
    }
    if (a->map_span < 1e-4)
        a->map_span = 1e-4;
    if (a->map_span > 100)
        a->map_span = 100;
    return KL_KEY_HANDLED;
}
