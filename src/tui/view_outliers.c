/* view_outliers.c — refusal outliers: every cluster of the slice tested against its
 * siblings (tui_outliers.h), the flagged ones first listed, with the test stated in the
 * header line; v, + / - and t change what is listed and tested. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/figures.h"
#include "kleio/buf.h"
#include "kleio/mem.h"
#include "kleio/tree_model.h"
#include "kleio/tui_app.h"
#include "kleio/tui_keys.h"
#include "kleio/tui_text.h"
#include "kleio/utf8.h"

/* Steps of the minimum size (+ / -) and of the false discovery rate (t). */
static const long long min_sizes[] = {0, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};
#define N_MIN_SIZES (sizeof min_sizes / sizeof min_sizes[0])
static const double fdrs[] = {0.01, 0.05, 0.1};
#define N_FDRS (sizeof fdrs / sizeof fdrs[0])

void kl_outliers_reset(kl_app *a)
{
    free(a->outliers);
    free(a->o_rows);
    a->outliers = NULL;
    a->o_rows = NULL;
    a->n_outliers = a->n_flagged = a->o_n_rows = 0;
    a->outliers_gen = 0;
    a->o_cur = a->o_top = 0;
}

static bool shown(const kl_app *a, const kl_outlier *o)
{
    switch (a->o_show) {
    case KL_SHOW_ALL: return true;
    case KL_SHOW_OVER: return o->flag != KL_OUTLIER_NONE && o->diff > 0;
    case KL_SHOW_UNDER: return o->flag != KL_OUTLIER_NONE && o->diff < 0;
    default: return o->flag != KL_OUTLIER_NONE;
    }
}

/* The rows are derived from the tests made (counted) under a listing; a frame with
 * neither changed keeps them. */
static unsigned tests_made, rows_for;
static int rows_show = -1;

static void refresh_list(kl_app *a)
{
    /* The cluster under the cursor, read before the tests are made again: the rows index
     * the old list, which a new one replaces. */
    uint32_t keep = a->o_n_rows && a->o_cur >= 0 && (size_t)a->o_cur < a->o_n_rows &&
                            a->o_rows[a->o_cur] < a->n_outliers
                        ? a->outliers[a->o_rows[a->o_cur]].node
                        : KL_TUI_NONE;
    if (a->outliers_gen != a->m.filter_gen || a->o_done.fdr != a->o_opts.fdr ||
        a->o_done.min_size != a->o_opts.min_size) {
        free(a->outliers);
        /* The new list through a local: without one there are no tests to show, whatever
         * the count says. */
        kl_outlier *list = NULL;
        size_t n = kl_tui_outliers(&a->m, &a->o_opts, &list);
        a->outliers = list;
        a->n_outliers = list ? n : 0;
        a->outliers_gen = a->m.filter_gen;
        a->o_done = a->o_opts;
        a->n_flagged = 0;
        for (size_t i = 0; list && i < n; i++)
            a->n_flagged += list[i].flag != KL_OUTLIER_NONE;
        tests_made++;
    }
    if (rows_for == tests_made && rows_show == a->o_show && (a->o_rows || !a->n_outliers))
        return;
    rows_for = tests_made;
    rows_show = a->o_show;
    /* The rows shown: a filter over the tests, never a change of the tests. */
    free(a->o_rows);
    a->o_rows = a->n_outliers ? kl_malloc(a->n_outliers * sizeof *a->o_rows) : NULL;
    a->o_n_rows = 0;
    for (size_t i = 0; i < a->n_outliers; i++)
        if (shown(a, &a->outliers[i])) {
            if (a->outliers[i].node == keep)
                a->o_cur = (int)a->o_n_rows;
            a->o_rows[a->o_n_rows++] = i;
        }
    if (a->o_cur >= (int)a->o_n_rows)
        a->o_cur = a->o_n_rows ? (int)a->o_n_rows - 1 : 0;
}

const kl_outlier *kl_outliers_lookup(const kl_app *a, uint32_t node)
{
    if (!a->outliers || a->outliers_gen != a->m.filter_gen)
        return NULL;
    for (size_t i = 0; i < a->n_outliers; i++)
        if (a->outliers[i].node == node)
            return &a->outliers[i];
    return NULL;
}

void kl_outliers_enter(kl_app *a)
{
    refresh_list(a);
}

static int list_page(const kl_layout *l)
{
    return l->tree.h > 3 ? l->tree.h - 2 : 1;
}

void kl_outliers_update(kl_app *a)
{
    refresh_list(a); /* a filter change from the picker invalidates the list */
    kl_layout l;
    kl_tui_layout(COLS, LINES, a->cfg.show_map, &l);
    int page = list_page(&l);
    if (a->o_cur < a->o_top)
        a->o_top = a->o_cur;
    if (a->o_cur >= a->o_top + page)
        a->o_top = a->o_cur - page + 1;
    if (a->o_top > kl_sat_sub((int)a->o_n_rows, page))
        a->o_top = kl_sat_sub((int)a->o_n_rows, page);
    /* the detail pane of the selected row draws from the model only */
    if (a->o_cur >= 0 && (size_t)a->o_cur < a->o_n_rows)
        kl_tui_model_collect_detail(&a->m, a->outliers[a->o_rows[a->o_cur]].node);
}

/* The cluster's ancestors and name, "A › B › name", cut from the left by display width
 * so the name and its parent stay readable. When the name alone is too wide, its parent
 * still shows, cut short, before the name cut from the right: look-alike names differ
 * by where they sit. A top-level cluster is its name alone. */
static const char *shown_name(const kl_app *a, const kl_tnode *nd, char *label, size_t n)
{
    return kl_fig_row_name(nd->name, nd->is_other, &nd->fig, a->ascii, label, n);
}

static void path_text(const kl_app *a, uint32_t node, int w, char *out, size_t n)
{
    const kl_tui_model *m = &a->m;
    const char *sep = kl_app_glyph(a, " \xe2\x80\xba ", " > ");
    char leaf_label[96], parent_label[96];
    const char *leaf = shown_name(a, &m->nodes[node], leaf_label, sizeof leaf_label);
    uint32_t parent = m->nodes[node].parent;
    bool top = parent == 0 || parent == KL_TUI_NONE;
    if (kl_utf8_width(leaf) + 1 >= (size_t)(w > 0 ? w : 0)) {
        int sep_w = (int)kl_utf8_width(sep), cut = w / 4 > 8 ? w / 4 : 8;
        char pp[256], lp[512];
        if (!top && w - cut - sep_w >= 12) {
            int pw = kl_tui_fit(shown_name(a, &m->nodes[parent], parent_label, sizeof parent_label),
                                cut, a->ascii, pp, sizeof pp);
            kl_tui_fit(leaf, w - pw - sep_w, a->ascii, lp, sizeof lp);
            snprintf(out, n, "%s%s%s", pp, sep, lp);
        } else {
            kl_tui_fit(leaf, w, a->ascii, out, n);
        }
        return;
    }
    uint32_t chain[256];
    int depth = 0;
    for (uint32_t x = parent; x != 0 && x != KL_TUI_NONE && depth < 256; x = m->nodes[x].parent)
        chain[depth++] = x;
    kl_buf b = KL_BUF_INIT;
    for (int i = depth - 1; i >= 0; i--) {
        kl_buf_puts(&b, shown_name(a, &m->nodes[chain[i]], parent_label, sizeof parent_label));
        kl_buf_puts(&b, sep);
    }
    kl_buf_puts(&b, leaf);
    kl_tui_fit_left(kl_buf_cstr(&b), w, a->ascii, out, n);
    kl_buf_free(&b);
}

/* The columns after the path; the interval and siblings go first when narrow. */
enum { COL_CONVS, COL_RATE, COL_SIBLINGS, COL_DIFF, COL_INTERVAL, COL_Q, N_COLS };
static const struct { const char *title; int width; } cols[N_COLS] = {
    [COL_CONVS] = {"CONVS", 7},   [COL_RATE] = {"REFUSAL", 7}, [COL_SIBLINGS] = {"SIBLINGS", 8},
    [COL_DIFF] = {"DIFF", 6},     [COL_INTERVAL] = {"95% INTERVAL", 15}, [COL_Q] = {"Q", 7},
};

static void cell_text(const kl_outlier *o, int col, char *out, size_t n)
{
    switch (col) {
    case COL_CONVS: snprintf(out, n, "%lld", (long long)o->n); break;
    case COL_RATE: snprintf(out, n, "%.1f%%", 100 * o->rate); break;
    case COL_SIBLINGS: snprintf(out, n, "%.1f%%", 100 * o->rest_rate); break;
    case COL_DIFF: snprintf(out, n, "%+.1f", 100 * o->diff); break;
    case COL_INTERVAL: snprintf(out, n, "[%+.1f, %+.1f]", 100 * o->lo, 100 * o->hi); break;
    default: kl_tui_outliers_format_p(o->q, out, n); break;
    }
}

#define FLAG_W_LONG 14
#define FLAG_W_SHORT 7
#define MIN_PATH 20

/* "over-refusal?" at ease, "over?" when the list is narrow: the names need the room. */
static const char *flag_text(int flag, bool narrow)
{
    if (flag == KL_OUTLIER_NONE)
        return "-";
    if (!narrow)
        return kl_outlier_flag_name(flag);
    return flag == KL_OUTLIER_OVER ? "over?" : flag == KL_OUTLIER_UNDER ? "under?"
                                                                        : kl_outlier_flag_name(flag);
}

/* The list's part of the screen: in the wide layout it takes two thirds (the names are
 * long), and the selected test with its detail the rest. */
static void outliers_layout(const kl_layout *l, kl_rect *list, kl_rect *side)
{
    *list = l->tree;
    *side = l->detail;
    if (l->wide) {
        int width = l->header.w;
        list->w = width * 2 / 3;
        *side = (kl_rect){list->w + 1, l->tree.y, kl_sat_sub(width, list->w + 1), l->tree.h};
    } else if (l->map.w > 0) {
        side->x = l->map.x;
        side->w = l->map.w + 1 + l->detail.w;
    }
}

void kl_outliers_draw(kl_app *a, const kl_layout *l)
{
    kl_rect r, d;
    outliers_layout(l, &r, &d);
    bool narrow = r.w < 100;
    const int FLAG_W = narrow ? FLAG_W_SHORT : FLAG_W_LONG;
    char line[512], filter[256], cell[64];
    kl_tui_outliers_sentence(line, sizeof line, a->o_done.fdr, a->n_outliers, a->ascii);
    kl_app_fill(a, l->crumb.y, 0, l->crumb.w, KL_EL_BREADCRUMB);
    kl_app_put(a, l->crumb.y, 1, kl_sat_sub(l->crumb.w, 1), line, KL_EL_BREADCRUMB);
    if (r.h <= 0)
        return;
    kl_tui_model_filter_label(&a->m, filter, sizeof filter);
    snprintf(line, sizeof line,
             " Refusal outliers (%s): %zu flagged %s listing %s (v) %s at least %lld "
             "conversations (+/-)",
             filter, a->n_flagged, kl_app_glyph(a, "\xc2\xb7", "-"), kl_tui_show_names[a->o_show],
             kl_app_glyph(a, "\xc2\xb7", "-"), (long long)a->o_done.min_size);
    kl_app_fill(a, r.y, r.x, r.w, KL_EL_NORMAL);
    kl_app_put(a, r.y, r.x, r.w, line, KL_EL_NORMAL);
    if (r.h < 2)
        return;
    /* The path flexes; numeric columns drop (interval, then siblings) when it would get
     * narrower than MIN_PATH. */
    bool on[N_COLS];
    int fixed = 1 + FLAG_W + 1;
    for (int c = 0; c < N_COLS; c++) {
        on[c] = true;
        fixed += cols[c].width + 1;
    }
    static const int drop[] = {COL_INTERVAL, COL_SIBLINGS, COL_RATE};
    int min_path = r.w * 2 / 5 > MIN_PATH ? r.w * 2 / 5 : MIN_PATH;
    for (size_t i = 0; i < sizeof drop / sizeof drop[0] && r.w - fixed < min_path; i++) {
        on[drop[i]] = false;
        fixed -= cols[drop[i]].width + 1;
    }
    int path_w = kl_sat_sub(r.w, fixed);
    int y = r.y + 1;
    kl_app_fill(a, y, r.x, r.w, KL_EL_COLUMN);
    int used = snprintf(line, sizeof line, " %-*s %-*s", FLAG_W, "FLAG", path_w, "PATH");
    for (int c = 0; c < N_COLS && used > 0 && (size_t)used < sizeof line; c++)
        if (on[c])
            used += snprintf(line + used, sizeof line - (size_t)used, " %*s", cols[c].width,
                             cols[c].title);
    kl_app_put(a, y, r.x, r.w, line, KL_EL_COLUMN);
    int page = r.h - 2;
    for (int i = 0; i < page && (size_t)(a->o_top + i) < a->o_n_rows; i++) {
        const kl_outlier *o = &a->outliers[a->o_rows[a->o_top + i]];
        bool sel = a->o_top + i == a->o_cur;
        int el = sel ? KL_EL_SELECTED : KL_EL_NORMAL;
        y = r.y + 2 + i;
        kl_app_fill(a, y, r.x, r.w, el);
        int fel = sel ? KL_EL_SELECTED
                  : o->flag == KL_OUTLIER_OVER  ? KL_EL_OVER
                  : o->flag == KL_OUTLIER_UNDER ? KL_EL_UNDER
                                                : KL_EL_DIM;
        kl_app_put(a, y, r.x + 1, FLAG_W, flag_text(o->flag, narrow), fel);
        char path[1024];
        path_text(a, o->node, path_w, path, sizeof path);
        kl_app_put(a, y, r.x + 2 + FLAG_W, path_w, path, el);
        used = 0;
        line[0] = '\0';
        for (int c = 0; c < N_COLS && (size_t)used < sizeof line; c++) {
            if (!on[c])
                continue;
            cell_text(o, c, cell, sizeof cell);
            used += snprintf(line + used, sizeof line - (size_t)used, " %*s", cols[c].width, cell);
        }
        int x = r.x + 2 + FLAG_W + path_w;
        kl_app_put(a, y, x, kl_sat_sub(r.w, x - r.x), line, el);
    }
    if (a->o_n_rows == 0)
        kl_app_put(a, r.y + 2, r.x + 2, kl_sat_sub(r.w, 2),
                   a->n_outliers ? "No tested cluster is listed with this flag (v: another list)"
                                 : "No cluster can be tested in this slice",
                   KL_EL_DIM);
    attrset((attr_t)kl_app_attr(a, KL_EL_BORDER));
    if (l->wide)
        for (int sy = 0; sy < r.h; sy++)
            mvaddstr(r.y + sy, r.x + r.w, kl_app_glyph(a, "\xe2\x94\x82", "|"));
    else if (l->sep.h)
        for (int sx = 0; sx < l->sep.w; sx++)
            mvaddstr(l->sep.y, sx, kl_app_glyph(a, "\xe2\x94\x80", "-"));
    /* The selected test, then the cluster's detail, beside or under the list. */
    if (a->o_n_rows == 0 || d.h <= 0)
        return;
    const kl_outlier *o = &a->outliers[a->o_rows[a->o_cur]];
    const kl_tnode *nd = &a->m.nodes[o->node];
    int x = d.x + 1, w = kl_sat_sub(d.w, 2), dy = d.y;
    char pq[32], qq[32];
    cell_text(o, COL_INTERVAL, cell, sizeof cell);
    snprintf(line, sizeof line, "%.1f%% of %lld vs %.1f%% of %lld siblings: %+.1f points %s (95%%)",
             100 * o->rate, (long long)o->n, 100 * o->rest_rate, (long long)o->rest_n,
             100 * o->diff, cell);
    kl_app_put(a, dy++, x, w, line, KL_EL_NORMAL);
    if (dy >= d.y + d.h)
        return;
    kl_tui_outliers_format_p(o->p, pq, sizeof pq);
    kl_tui_outliers_format_p(o->q, qq, sizeof qq);
    snprintf(line, sizeof line, "p %s (%s), q %s: ", pq,
             o->exact ? "Fisher's exact test" : "pooled z test", qq);
    int uw = kl_app_put(a, dy, x, w, line, KL_EL_DIM);
    if (o->flag != KL_OUTLIER_NONE)
        kl_app_put(a, dy, x + uw, kl_sat_sub(w, uw), kl_outlier_flag_name(o->flag),
                   o->flag == KL_OUTLIER_OVER    ? KL_EL_OVER
                   : o->flag == KL_OUTLIER_UNDER ? KL_EL_UNDER
                                                 : KL_EL_WARN);
    else
        kl_app_put(a, dy, x + uw, kl_sat_sub(w, uw), "not flagged", KL_EL_DIM);
    dy++;
    if (o->flag != KL_OUTLIER_NONE && nd->n_kids_expected > 0 && dy < d.y + d.h) {
        const kl_outlier *c = o->driver != KL_TUI_NONE ? kl_outliers_lookup(a, o->driver) : NULL;
        if (c)
            snprintf(line, sizeof line,
                     "driven by: %s (%+.1f points vs its siblings, %lld conversations)",
                     a->m.nodes[c->node].name, 100 * c->diff, (long long)c->n);
        else
            snprintf(line, sizeof line, "driven by: none (no child flagged the same way)");
        kl_app_put(a, dy++, x, w, line, KL_EL_ACCENT);
    }
    if (dy + 1 < d.y + d.h)
        kl_detail_draw(a, (kl_rect){d.x, dy + 1, d.w, d.y + d.h - dy - 1}, o->node);
}

static long long step_min(long long v, int dir)
{
    if (dir > 0) {
        for (size_t i = 0; i < N_MIN_SIZES; i++)
            if (min_sizes[i] > v)
                return min_sizes[i];
        return v;
    }
    for (size_t i = N_MIN_SIZES; i-- > 0;)
        if (min_sizes[i] < v)
            return min_sizes[i];
    return 0;
}

static double step_fdr(double q)
{
    for (size_t i = 0; i < N_FDRS; i++)
        if (fdrs[i] > q + 1e-12)
            return fdrs[i];
    return fdrs[0];
}

int kl_outliers_act(kl_app *a, int action, int key)
{
    int page = 10, n = (int)a->o_n_rows;
    switch (action) {
    case KL_ACT_UP: a->o_cur--; break;
    case KL_ACT_DOWN: a->o_cur++; break;
    case KL_ACT_PGUP: a->o_cur -= page; break;
    case KL_ACT_PGDN: a->o_cur += page; break;
    case KL_ACT_HOME: a->o_cur = 0; break;
    case KL_ACT_END: a->o_cur = n - 1; break;
    case KL_ACT_JUMP:
        if (n) {
            kl_browse_open_path(a, a->outliers[a->o_rows[a->o_cur]].node);
            kl_app_set_view(a, KL_VIEW_BROWSE);
        }
        return KL_KEY_HANDLED;
    case KL_ACT_SHOW:
        a->o_show = (a->o_show + 1) % KL_SHOW_N;
        refresh_list(a);
        return KL_KEY_HANDLED;
    case KL_ACT_MIN_UP:
    case KL_ACT_MIN_DOWN:
        a->o_opts.min_size = step_min(a->o_opts.min_size, action == KL_ACT_MIN_UP ? 1 : -1);
        refresh_list(a);
        return KL_KEY_HANDLED;
    case KL_ACT_FDR:
        a->o_opts.fdr = step_fdr(a->o_opts.fdr);
        refresh_list(a);
        return KL_KEY_HANDLED;
    default:
        /* The tree's language and export keys work here too (the AS_TREE row). */
        switch (kl_tui_key_action(KL_CTX_BROWSE, false, key)) {
        case KL_ACT_FILTER:
        case KL_ACT_LANG_NEXT:
        case KL_ACT_LANG_PREV:
        case KL_ACT_CLEAR: return kl_browse_act(a, kl_tui_key_action(KL_CTX_BROWSE, false, key), key);
        case KL_ACT_EXPORT: kl_prompt_open(a, KL_DLG_EXPORT, "kleio-outliers.csv"); return KL_KEY_HANDLED;
        default: return KL_KEY_IGNORED;
        }
    }
    if (a->o_cur >= n)
        a->o_cur = n - 1;
    if (a->o_cur < 0)
        a->o_cur = 0;
    return KL_KEY_HANDLED;
}
