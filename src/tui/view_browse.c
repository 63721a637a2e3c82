/* view_browse.c — the main view: header, breadcrumb, tree pane, and the keys that move
 * through the hierarchy. The map and detail panes draw from the same state. */
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/figures.h"
#include "kleio/buf.h"
#include "kleio/mem.h"
#include "kleio/tree_model.h"
#include "kleio/tui_app.h"
#include "kleio/tui_columns.h"
#include "kleio/tui_keys.h"
#include "kleio/tui_text.h"
#include "kleio/utf8.h"

static void push_row(kl_app *a, uint32_t node, int depth)
{
    if (a->n_rows == a->cap_rows) {
        a->cap_rows = a->cap_rows ? a->cap_rows * 2 : 256;
        a->rows = kl_reallocarray(a->rows, a->cap_rows, sizeof *a->rows);
        a->depth = kl_reallocarray(a->depth, a->cap_rows, sizeof *a->depth);
    }
    a->rows[a->n_rows] = node;
    a->depth[a->n_rows] = (uint8_t)(depth > 255 ? 255 : depth);
    a->n_rows++;
}

static void add_level(kl_app *a, uint32_t node, int depth)
{
    kl_tui_model *m = &a->m;
    if (!m->nodes[node].kids_loaded) {
        kl_tui_model_want(m, node);
        push_row(a, KL_TUI_NONE, depth);
        return;
    }
    const uint32_t *kids = kl_tui_model_kids(m, node);
    for (uint32_t i = 0; i < m->nodes[node].n_kids; i++) {
        uint32_t k = kids[i];
        if (a->cfg.hide_empty && m->n_selected && kl_tui_model_empty(m, k) && k != a->sel)
            continue;
        if (m->custom.filter && !kl_tui_custom_match(&m->custom, m->nodes[k].id) && k != a->sel)
            continue;
        push_row(a, k, depth);
        if (m->nodes[k].expanded && m->nodes[k].n_kids_expected)
            add_level(a, k, depth + 1);
    }
    /* What the level's figures do not show of their parent, as a dim row of its own. */
    if (kl_tui_model_hidden(m, node, NULL).bound != KL_BOUND_HIDDEN && node < KL_ROW_HIDDEN)
        push_row(a, KL_ROW_HIDDEN | node, depth);
}

static int page_rows(void)
{
    kl_layout l;
    kl_tui_layout(COLS, LINES, true, &l);
    return l.tree.h > 1 ? l.tree.h - 1 : 1;
}

void kl_browse_rebuild(kl_app *a)
{
    a->n_rows = 0;
    add_level(a, a->cur, 0);
    int found = -1;
    for (size_t i = 0; i < a->n_rows; i++)
        if (a->rows[i] == a->sel && kl_row_is_node(a->sel))
            found = (int)i;
    if (found < 0) {
        /* The selection vanished (filtered out, or a new level): keep the row position. */
        int r = a->sel_row < 0 ? 0 : a->sel_row;
        if (r >= (int)a->n_rows)
            r = (int)a->n_rows - 1;
        while (r > 0 && !kl_row_is_node(a->rows[r]))
            r--;
        found = r < 0 ? 0 : r;
        a->sel = a->n_rows && kl_row_is_node(a->rows[found]) ? a->rows[found] : KL_TUI_NONE;
    }
    a->sel_row = found;
    int page = page_rows();
    if (a->sel_row < a->top)
        a->top = a->sel_row;
    if (a->sel_row >= a->top + page)
        a->top = a->sel_row - page + 1;
    if (a->top > kl_sat_sub((int)a->n_rows, page))
        a->top = kl_sat_sub((int)a->n_rows, page);
    if (a->top < 0)
        a->top = 0;
}

void kl_browse_update(kl_app *a)
{
    kl_browse_rebuild(a);
    /* Collect what the frame shows, so drawing reads only the model: the map's level
     * (grids, and series when coloured by growth), the visible rows' series when the
     * trend column shows, the detail pane's cluster. */
    kl_tui_model *m = &a->m;
    if (a->cfg.show_map)
        kl_tui_model_collect_level(m, a->cur, a->cfg.overlay == KL_OVERLAY_GROWTH);
    bool trend = false;
    for (int c = 0; c < a->cfg.n_columns; c++)
        trend |= a->cfg.columns[c] == KL_COL_TREND;
    int page = page_rows();
    for (int i = 0; trend && i < page && (size_t)(a->top + i) < a->n_rows; i++)
        if (kl_row_is_node(a->rows[a->top + i]))
            kl_tui_model_collect_series(m, a->rows[a->top + i]);
    kl_tui_model_collect_detail(m, a->sel != KL_TUI_NONE ? a->sel : a->cur);
}

void kl_browse_after_model_change(kl_app *a)
{
    a->outliers_gen = 0;
    kl_browse_rebuild(a);
}

void kl_browse_open_path(kl_app *a, uint32_t node)
{
    kl_tui_model *m = &a->m;
    uint32_t p = m->nodes[node].parent;
    a->cur = p == KL_TUI_NONE ? 0 : p;
    for (uint32_t n = node; n != 0 && n != KL_TUI_NONE; n = m->nodes[n].parent) {
        uint32_t up = m->nodes[n].parent;
        if (up != KL_TUI_NONE)
            m->nodes[up].cursor_id = m->nodes[n].id;
    }
    a->sel = node;
    a->sel_row = 0;
    a->map_fit = true;
    kl_browse_rebuild(a);
}

void kl_browse_enter(kl_app *a)
{
    if (a->map_span <= 0)
        a->map_fit = true;
}

/* ---- drawing ---- */

void kl_browse_draw_header(kl_app *a, const kl_layout *l)
{
    kl_tui_model *m = &a->m;
    kl_app_fill(a, l->header.y, 0, l->header.w, KL_EL_HEADER);
    char filter[256], line[512];
    kl_tui_model_filter_label(m, filter, sizeof filter);
    const char *path = m->path;
    const char *base = strrchr(path, '/');
    char *safe = kl_sanitize_fit(base ? base + 1 : path, 40, a->ascii);
    snprintf(line, sizeof line, " kleio %s %s %s languages: %s %s sort: %s %s %s %zu clusters",
             kl_app_glyph(a, "\xe2\x94\x82", "|"), safe, kl_app_glyph(a, "\xe2\x94\x82", "|"),
             filter, kl_app_glyph(a, "\xe2\x94\x82", "|"),
             kl_tui_columns[m->sort_col].config_name,
             m->sort_desc ? kl_app_glyph(a, "\xe2\x96\xbc", "v") : kl_app_glyph(a, "\xe2\x96\xb2", "^"),
             kl_app_glyph(a, "\xe2\x94\x82", "|"), m->total_clusters);
    free(safe);
    kl_app_put(a, l->header.y, 0, l->header.w, line, KL_EL_HEADER);
    if (a->view != KL_VIEW_BROWSE || l->crumb.h == 0)
        return;
    /* Breadcrumb: the path of the current level, cut from the left when long. */
    kl_buf b = KL_BUF_INIT;
    uint32_t chain[256];
    int n = 0;
    for (uint32_t x = a->cur; x != KL_TUI_NONE && n < 256; x = m->nodes[x].parent)
        chain[n++] = x;
    for (int i = n - 1; i >= 0; i--) {
        const kl_tnode *nd = &m->nodes[chain[i]];
        char label[96];
        kl_buf_puts(&b, kl_fig_row_name(nd->name, nd->is_other, &nd->fig, a->ascii, label,
                                        sizeof label));
        if (i)
            kl_buf_printf(&b, " %s ", kl_app_glyph(a, "\xe2\x80\xba", ">"));
    }
    char crumb[1024];
    kl_app_put(a, l->crumb.y, 0, 1, " ", KL_EL_BREADCRUMB);
    kl_tui_fit_left(kl_buf_cstr(&b), kl_sat_sub(l->crumb.w, 2), a->ascii, crumb, sizeof crumb);
    kl_app_put(a, l->crumb.y, 1, kl_sat_sub(l->crumb.w, 1), crumb, KL_EL_BREADCRUMB);
    kl_buf_free(&b);
}

static double rate_t(const kl_app *a, double rate)
{
    double base = kl_counts_refusal_rate(&a->m.nodes[0].fig);
    if (base <= 0)
        base = 0.05;
    double t = rate / (3 * base);
    return t > 1 ? 1 : t;
}

static void draw_cell(kl_app *a, int y, int x, int w, const char *text, bool right, int attr)
{
    int tw = (int)kl_utf8_width(text);
    if (tw > w)
        tw = w;
    kl_app_put_attr(a, y, right ? x + w - tw : x, w, text, attr);
}

/* "(hidden: 157 conversations in 6 clusters)", dim, with the count in its column. */
static void draw_hidden_row(kl_app *a, int y, int x, int w, int cols_x, uint32_t parent,
                            const int *cols, int ncols)
{
    kl_tui_model *m = &a->m;
    int k = 0;
    char num[48], label[160];
    kl_fig h = kl_tui_model_hidden(m, parent, &k);
    kl_fig_hidden_label(h, k, false, a->ascii, label, sizeof label);
    kl_app_put(a, y, x + 2, kl_sat_sub(w, 3), label, KL_EL_DIM);
    kl_fig_text_count(h, false, a->ascii, num, sizeof num);
    for (int c = 1; c < ncols; c++) {
        int col = cols[c], cw = kl_tui_columns[col].width;
        cols_x++;
        if (col == KL_COL_CONV)
            draw_cell(a, y, cols_x, cw, num, true, kl_app_attr(a, KL_EL_DIM));
        cols_x += cw;
    }
}

static void draw_row(kl_app *a, kl_rect r, int y, size_t row, const int *cols, int ncols,
                     int name_w)
{
    kl_tui_model *m = &a->m;
    uint32_t node = a->rows[row];
    bool selected = (int)row == a->sel_row && kl_row_is_node(node);
    int base_el = selected ? KL_EL_SELECTED : KL_EL_NORMAL;
    kl_app_fill(a, y, r.x, r.w, base_el);
    int indent = 2 * a->depth[row];
    if (node == KL_TUI_NONE) {
        kl_app_put(a, y, r.x + 1 + indent, kl_sat_sub(name_w, 1 + indent),
                   kl_app_glyph(a, "Loading\xe2\x80\xa6", "Loading..."), KL_EL_DIM);
        return;
    }
    if (!kl_row_is_node(node)) {
        draw_hidden_row(a, y, r.x + 1 + indent, kl_sat_sub(name_w, 1 + indent), r.x + name_w,
                        node & ~KL_ROW_HIDDEN, cols, ncols);
        return;
    }
    const kl_tnode *nd = &m->nodes[node];
    bool empty = m->n_selected && kl_tui_model_empty(m, node);
    int text_el = selected ? KL_EL_SELECTED : (empty || nd->is_other) ? KL_EL_DIM : KL_EL_NORMAL;
    const char *marker = !nd->n_kids_expected ? " "
                         : nd->expanded       ? kl_app_glyph(a, "\xe2\x96\xbe", "-")
                                              : kl_app_glyph(a, "\xe2\x96\xb8", "+");
    int x = r.x + 1 + indent;
    int avail = kl_sat_sub(name_w, 1 + indent);
    if (avail > 0) {
        kl_app_put(a, y, x, 1, marker, selected ? KL_EL_SELECTED : KL_EL_ACCENT);
        char label[96];
        const char *name = kl_fig_row_name(nd->name, nd->is_other, &nd->fig, a->ascii, label,
                                           sizeof label);
        int el = text_el;
        if (!selected && a->query[0] && (strcasestr(nd->name, a->query) || strcasestr(nd->desc, a->query)))
            el = KL_EL_MATCH;
        kl_app_put(a, y, x + 2, kl_sat_sub(avail, 3), name, el);
    }
    x = r.x + name_w;
    for (int c = 1; c < ncols; c++) {
        int col = cols[c], w = kl_tui_columns[col].width;
        x++; /* the gap */
        char text[64];
        int attr = kl_app_attr(a, text_el);
        if (col == KL_COL_TREND) {
            const int32_t *pts;
            size_t n = kl_tui_model_series_cached(m, node, &pts);
            kl_app_sparkline(a, pts, n, w, text, sizeof text);
            if (!selected)
                attr = kl_app_attr(a, empty ? KL_EL_DIM : KL_EL_SPARK);
        } else {
            kl_tui_column_text(m, node, col, a->ascii, text, sizeof text);
            if (!empty && !nd->fig.suppressed && col == KL_COL_REFUSAL)
                attr = kl_app_grad_attr(a, rate_t(a, kl_counts_refusal_rate(&nd->fig)), selected);
            else if (!empty && !nd->fig.suppressed && col == KL_COL_CONCERN)
                attr = kl_app_grad_attr(a, (kl_counts_mean_concern(&nd->fig) - 1) / 4, selected);
        }
        draw_cell(a, y, x, w, text, kl_tui_columns[col].right, attr);
        x += w;
    }
}

/* The configured columns, with the custom facet column only while one is chosen (and then
 * always, added last when the configuration does not place it). */
static int shown_columns(const kl_app *a, int *cols)
{
    bool facet = a->m.custom.sel >= 0, placed = false;
    int n = 0;
    for (int c = 0; c < a->cfg.n_columns; c++) {
        if (a->cfg.columns[c] == KL_COL_FACET) {
            if (!facet)
                continue;
            placed = true;
        }
        cols[n++] = a->cfg.columns[c];
    }
    if (facet && !placed && n < KL_COL_N)
        cols[n++] = KL_COL_FACET;
    return n;
}

void kl_browse_draw_tree(kl_app *a, kl_rect r)
{
    if (r.h <= 0 || r.w <= 0)
        return;
    int name_w, cols[KL_COL_N];
    int n_shown = shown_columns(a, cols);
    /* Names matter more than the last columns: keep at least two fifths for them. */
    int min_name = r.w * 2 / 5 > 16 ? r.w * 2 / 5 : 16;
    int ncols = kl_tui_fit_columns(cols, n_shown, kl_sat_sub(r.w, 1), min_name, &name_w);
    if (ncols > n_shown)   /* never more columns than were offered (cols[] holds n_shown) */
        ncols = n_shown;
    /* Column titles, with the sort direction on the sort column. */
    kl_app_fill(a, r.y, r.x, r.w, KL_EL_COLUMN);
    int x = r.x + 1;
    for (int c = 0; c < ncols; c++) {
        int col = cols[c];
        int w = c == 0 ? kl_sat_sub(name_w, 1) : kl_tui_columns[col].width;
        char title[64], label[48];
        /* The facet column is titled by what it shows ("goal = learn"). */
        if (col == KL_COL_FACET)
            kl_tui_custom_label(&a->m.custom, label, sizeof label);
        snprintf(title, sizeof title, "%s%s", col == KL_COL_FACET ? label : kl_tui_columns[col].title,
                 col != a->m.sort_col ? ""
                 : a->m.sort_desc     ? kl_app_glyph(a, "\xe2\x96\xbc", "v")
                                      : kl_app_glyph(a, "\xe2\x96\xb2", "^"));
        draw_cell(a, r.y, x, w, title, c > 0 && kl_tui_columns[col].right,
                  kl_app_attr(a, KL_EL_COLUMN));
        x += w + 1;
    }
    int page = r.h - 1;
    for (int i = 0; i < page && (size_t)(a->top + i) < a->n_rows; i++)
        draw_row(a, r, r.y + 1 + i, (size_t)(a->top + i), cols, ncols, name_w);
    if (a->n_rows == 0)
        kl_app_put(a, r.y + 1, r.x + 2, kl_sat_sub(r.w, 2),
                   a->m.n_selected ? "No cluster has conversations in this language slice (d shows them dimmed)"
                                   : "No clusters",
                   KL_EL_DIM);
}

static void draw_separators(kl_app *a, const kl_layout *l)
{
    attrset((attr_t)kl_app_attr(a, KL_EL_BORDER));
    if (l->wide) {
        for (int y = 0; y < l->sep.h; y++)
            mvaddstr(l->sep.y + y, l->sep.x, kl_app_glyph(a, "\xe2\x94\x82", "|"));
        if (l->sep2.h)
            for (int x = 0; x < l->sep2.w; x++)
                mvaddstr(l->sep2.y, l->sep2.x + x, kl_app_glyph(a, "\xe2\x94\x80", "-"));
    } else {
        if (l->sep.h)
            for (int x = 0; x < l->sep.w; x++)
                mvaddstr(l->sep.y, x, kl_app_glyph(a, "\xe2\x94\x80", "-"));
        for (int y = 0; y < l->sep2.h; y++)
            mvaddstr(l->sep2.y + y, l->sep2.x, kl_app_glyph(a, "\xe2\x94\x82", "|"));
    }
}

void kl_browse_draw(kl_app *a, const kl_layout *l)
{
    kl_browse_draw_tree(a, l->tree);
    draw_separators(a, l);
    if (l->map.w > 0 && l->map.h > 0)
        kl_map_draw(a, l->map);
    kl_detail_draw(a, l->detail, a->sel != KL_TUI_NONE ? a->sel : a->cur);
}

/* ---- actions ---- */

static void move_to_row(kl_app *a, int row)
{
    if (a->n_rows == 0)
        return;
    if (row < 0)
        row = 0;
    if (row >= (int)a->n_rows)
        row = (int)a->n_rows - 1;
    /* Placeholder rows are not selectable: step past them in the direction of travel. */
    int dir = row >= a->sel_row ? 1 : -1;
    while (row >= 0 && row < (int)a->n_rows && !kl_row_is_node(a->rows[row]))
        row += dir;
    if (row < 0 || row >= (int)a->n_rows)
        return;
    a->sel_row = row;
    a->sel = a->rows[row];
}

static void open_node(kl_app *a, uint32_t node)
{
    kl_tui_model *m = &a->m;
    if (node == KL_TUI_NONE)
        return;
    if (m->nodes[node].n_kids_expected == 0) {
        kl_app_message(a, false, "This cluster has no sub-clusters");
        return;
    }
    m->nodes[a->cur].cursor_id = m->nodes[node].id;
    a->cur = node;
    uint32_t back = m->nodes[node].cursor_id ? kl_tui_model_find(m, m->nodes[node].cursor_id)
                                             : KL_TUI_NONE;
    a->sel = back;
    a->sel_row = 0;
    a->top = 0;
    a->map_fit = true;
    kl_tui_model_want(m, node);
}

/* ] and [: one language at a time, in the picker's order (most conversations first),
 * so comparing languages is a key per language; past either end: all languages. */
static void step_language(kl_app *a, int dir)
{
    kl_tui_model *m = &a->m;
    if (!m->n_langs)
        return;
    long first = -1;
    for (size_t l = 0; l < m->n_langs && first < 0; l++)
        if (m->selected[l])
            first = (long)l;
    long next = first < 0 ? (dir > 0 ? 0 : (long)m->n_langs - 1) : first + dir;
    bool *sel = kl_calloc(m->n_langs + 1, sizeof *sel);
    if (next >= 0 && next < (long)m->n_langs)
        sel[next] = true;
    kl_tui_model_set_filter(m, sel);
    free(sel);
    kl_browse_after_model_change(a);
    if (next >= 0 && next < (long)m->n_langs)
        kl_app_message(a, false, "Showing %s (%s): language %ld of %zu; ] next, [ previous",
                       m->langs[next].code, m->langs[next].name, next + 1, m->n_langs);
    else
        kl_app_message(a, false, "Showing all languages; ] first language, [ last");
}

static void go_up(kl_app *a)
{
    kl_tui_model *m = &a->m;
    if (a->cur == 0)
        return;
    if (a->sel != KL_TUI_NONE)
        m->nodes[a->cur].cursor_id = m->nodes[a->sel].id;
    a->sel = a->cur;
    a->cur = m->nodes[a->cur].parent;
    a->map_fit = true;
}

static void search(kl_app *a, int dir)
{
    if (!a->query[0]) {
        kl_app_message(a, false, "No search yet: press / to search");
        return;
    }
    uint32_t hit = kl_tui_model_search(&a->m, a->query, a->sel, dir);
    char *q = kl_sanitize_fit(a->query, 40, a->ascii);
    if (hit == KL_TUI_NONE) {
        kl_app_message(a, true, "No cluster matches '%s'", q);
    } else {
        kl_browse_open_path(a, hit);
        kl_app_message(a, false, "Match for '%s' (n: next, N: previous)", q);
    }
    free(q);
}

int kl_browse_act(kl_app *a, int action, int key)
{
    (void)key;
    kl_tui_model *m = &a->m;
    int page = page_rows();
    switch (action) {
    case KL_ACT_UP: move_to_row(a, a->sel_row - 1); break;
    case KL_ACT_DOWN: move_to_row(a, a->sel_row + 1); break;
    case KL_ACT_PGUP: move_to_row(a, a->sel_row - page); break;
    case KL_ACT_PGDN: move_to_row(a, a->sel_row + page); break;
    case KL_ACT_HOME: move_to_row(a, 0); break;
    case KL_ACT_END: move_to_row(a, (int)a->n_rows - 1); break;
    case KL_ACT_OPEN: open_node(a, a->sel); break;
    case KL_ACT_BACK: go_up(a); break;
    case KL_ACT_EXPAND:
        if (a->sel != KL_TUI_NONE && m->nodes[a->sel].n_kids_expected) {
            m->nodes[a->sel].expanded = !m->nodes[a->sel].expanded;
            kl_tui_model_want(m, a->sel);
        }
        break;
    case KL_ACT_FILTER: kl_picker_open(a); break;
    case KL_ACT_LANG_NEXT:
    case KL_ACT_LANG_PREV: step_language(a, action == KL_ACT_LANG_NEXT ? 1 : -1); break;
    case KL_ACT_CLEAR: {
        bool *none = kl_calloc(m->n_langs + 1, sizeof *none);
        kl_tui_model_set_filter(m, none);
        free(none);
        kl_browse_after_model_change(a);
        kl_app_message(a, false, "Showing all languages");
        break;
    }
    case KL_ACT_FACET_NEXT:
    case KL_ACT_FACET_PREV: {
        if (kl_tui_custom_count(&m->custom) == 0) {
            kl_app_message(a, false, "This snapshot has no custom facets (kleio-facets(5))");
            break;
        }
        kl_tui_custom_step(&m->custom, action == KL_ACT_FACET_NEXT ? 1 : -1);
        char label[64];
        kl_tui_custom_label(&m->custom, label, sizeof label);
        if (m->sort_col == KL_COL_FACET)
            kl_tui_model_set_sort(m, KL_COL_FACET, m->sort_desc);   /* new values: sort again */
        kl_browse_after_model_change(a);
        kl_app_message(a, false, m->custom.sel < 0 ? "No custom facet column" : "Custom facet column: %s",
                       label);
        break;
    }
    case KL_ACT_FACET_FILTER:
        if (m->custom.sel < 0) {
            kl_app_message(a, false, "Choose a custom facet column first (v)");
            break;
        }
        m->custom.filter = !m->custom.filter;
        kl_browse_after_model_change(a);
        kl_app_message(a, false, m->custom.filter ? "Showing only clusters with a published count above zero or mean"
                                                  : "Showing every cluster");
        break;
    case KL_ACT_EMPTY:
        a->cfg.hide_empty = !a->cfg.hide_empty;
        kl_app_message(a, false, "Clusters empty in the language slice are %s",
                       a->cfg.hide_empty ? "hidden" : "dimmed");
        break;
    case KL_ACT_SORT:
    case KL_ACT_SORT_BACK: {
        int c = (m->sort_col + (action == KL_ACT_SORT ? 1 : KL_COL_N - 1)) % KL_COL_N;
        kl_tui_model_set_sort(m, c, kl_tui_columns[c].desc);
        kl_browse_after_model_change(a);
        kl_app_message(a, false, "Sorted by %s", kl_tui_columns[c].config_name);
        break;
    }
    case KL_ACT_REVERSE:
        kl_tui_model_set_sort(m, m->sort_col, !m->sort_desc);
        kl_browse_after_model_change(a);
        break;
    case KL_ACT_OUTLIERS: kl_app_set_view(a, KL_VIEW_OUTLIERS); break;
    case KL_ACT_COMPARE: kl_app_set_view(a, KL_VIEW_COMPARE); break;
    case KL_ACT_SEARCH: kl_prompt_open(a, KL_DLG_SEARCH, ""); break; /* typing starts afresh */
    case KL_ACT_NEXT: search(a, 1); break;
    case KL_ACT_PREV: search(a, -1); break;
    case KL_ACT_EXPORT: kl_prompt_open(a, KL_DLG_EXPORT, "kleio-view.csv"); break;
    case KL_ACT_QUIT: return KL_KEY_QUIT;
    default: return kl_map_act(a, action);
    }
    return KL_KEY_HANDLED;
}

void kl_browse_search(kl_app *a, int dir)
{
    search(a, dir);
}
