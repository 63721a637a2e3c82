/* view_compare.c — compare languages (C): the current level's clusters, one column pair
 * per language (the filter's languages, or every published one, largest first): the
 * language's share of the cluster and the cluster's refusal rate in it, marked + or -
 * by the tests of `kleio tree --by-lang` (bylang_stats.h), Benjamini-Hochberg over the
 * level shown. A hidden cell is shown hidden and nothing is derived from it. The table
 * is collected (cells read, tests run) in update, before the frame; draw only reads. */
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "kleio/figures.h"
#include "kleio/mem.h"
#include "kleio/tui_app.h"
#include "kleio/tui_keys.h"

/* Columns of a language: " " + share + refusal ("100.0%+" fits each); at 80 columns
 * three languages beside a 29-column name. */
#define SHARE_W 8
#define RATE_W 8
#define LANG_W (1 + SHARE_W + RATE_W)
#define MIN_NAME 24

void kl_compare_reset(kl_app *a)
{
    kl_compare *c = &a->cmp;
    free(c->rows);
    free(c->langs);
    free(c->cells);
    c->rows = NULL;
    c->langs = NULL;
    c->cells = NULL;
    c->n_rows = c->n_langs = c->n_share_tests = c->n_rate_tests = 0;
    c->collected = false;
}

void kl_compare_enter(kl_app *a)
{
    kl_compare_reset(a);
    a->cmp.cur = a->cmp.top = 0;
    a->cmp.first_lang = 0;
}

static void collect(kl_app *a)
{
    kl_compare *c = &a->cmp;
    kl_tui_model *m = &a->m;
    kl_tui_model_collect_langs(m); /* may grow the node array: indices stay valid */
    c->level = a->cur;
    kl_tui_model_load_kids(m, c->level);
    const uint32_t *kids = kl_tui_model_kids(m, c->level);
    c->n_rows = m->nodes[c->level].n_kids;
    c->rows = kl_malloc((c->n_rows ? c->n_rows : 1) * sizeof *c->rows);
    for (size_t r = 0; r < c->n_rows; r++)
        c->rows[r] = kids[r];
    /* The filter's languages, else every published one (the table lists them largest
     * first, as `kleio tree --by-lang` picks its default ones). */
    c->langs = kl_malloc((m->n_langs ? m->n_langs : 1) * sizeof *c->langs);
    for (size_t l = 0; l < m->n_langs; l++)
        if (m->n_selected ? m->selected[l] : !m->langs[l].total.suppressed)
            c->langs[c->n_langs++] = l;
    size_t n = c->n_rows * c->n_langs;
    c->cells = kl_calloc(n ? n : 1, sizeof *c->cells);
    const kl_counts **row_totals = kl_calloc(c->n_rows ? c->n_rows : 1, sizeof *row_totals);
    const kl_counts **lang_totals = kl_calloc(c->n_langs ? c->n_langs : 1, sizeof *lang_totals);
    for (size_t j = 0; j < c->n_langs; j++)
        lang_totals[j] = &m->langs[c->langs[j]].total;
    for (size_t r = 0; r < c->n_rows; r++) {
        row_totals[r] = &m->nodes[c->rows[r]].total;
        for (size_t j = 0; j < c->n_langs; j++) {
            kl_bylang_cell *x = &c->cells[r * c->n_langs + j];
            x->c = kl_tui_model_lang_slice(m, c->rows[r], c->langs[j], false);
            x->others = kl_tui_model_lang_slice(m, c->rows[r], c->langs[j], true);
        }
    }
    int64_t everything = m->input_conversations > 0 ? m->input_conversations
                                                    : m->nodes[0].total.conversations;
    kl_bylang_compute(c->cells, c->n_rows, c->n_langs, row_totals, lang_totals, everything,
                      &c->n_share_tests, &c->n_rate_tests);
    free(row_totals);
    free(lang_totals);
    c->collected = true;
}

void kl_compare_update(kl_app *a)
{
    if (!a->cmp.collected)
        collect(a);
}

/* Languages whose columns fit beside a name of at least MIN_NAME columns. */
static size_t langs_shown(const kl_app *a, int w)
{
    int k = (w - MIN_NAME) / LANG_W;
    size_t fit = k > 0 ? (size_t)k : 1;
    size_t left = a->cmp.n_langs - a->cmp.first_lang;
    return fit < left ? fit : left;
}

static void percent(double v, int mark, char *out, size_t n)
{
    snprintf(out, n, "%.1f%%%s", 100 * v, mark > 0 ? "+" : mark < 0 ? "-" : " ");
}

static void cell_text(const kl_bylang_cell *x, char *sh, char *rt, size_t n)
{
    if (x->c.suppressed || !kl_bylang_published(&x->c)) {
        snprintf(sh, n, "hidden ");
        snprintf(rt, n, "- ");
        return;
    }
    if (isnan(x->share))
        snprintf(sh, n, "- ");
    else
        percent(x->share, x->share_mark, sh, n);
    if (isnan(x->rate))
        snprintf(rt, n, "- ");
    else
        percent(x->rate, x->rate_mark, rt, n);
}

/* Right-aligns s in w columns at (y, x). */
static void put_right(const kl_app *a, int y, int x, int w, const char *s, int el)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%*.64s", w < 64 ? w : 64, s);
    kl_app_put(a, y, x, w, buf, el);
}

void kl_compare_draw(kl_app *a, const kl_layout *l)
{
    const kl_compare *c = &a->cmp;
    const kl_tui_model *m = &a->m;
    if (!c->collected)
        return; /* update collects before every frame; nothing stale is drawn */
    int top = l->header.y + 1, bottom = l->footer.y, w = l->header.w;
    char line[512];
    const kl_tnode *lv = &m->nodes[c->level];
    char label[96];
    const char *level = c->level == 0 ? "the top level"
                                      : kl_fig_row_name(lv->name, lv->is_other, &lv->fig, a->ascii,
                                                        label, sizeof label);
    snprintf(line, sizeof line, " Compare languages in %s: %zu clusters, %zu languages", level,
             c->n_rows, c->n_langs);
    kl_app_put(a, top, 0, w, line, KL_EL_BORDER);
    snprintf(line, sizeof line,
             " +/-: q <= %.2f over %zu share and %zu refusal tests, as kleio tree --by-lang",
             KL_BYLANG_ALPHA, c->n_share_tests, c->n_rate_tests);
    kl_app_put(a, top + 1, 0, w, line, KL_EL_DIM);
    if (!c->n_langs || !c->n_rows) {
        kl_app_put(a, top + 3, 2, kl_sat_sub(w, 4),
                   c->n_rows ? "No published language to compare." : "This level has no clusters.",
                   KL_EL_DIM);
        return;
    }
    size_t shown = langs_shown(a, w);
    int name_w = w - (int)shown * LANG_W;
    name_w = name_w < 8 ? 8 : name_w;
    int hy = top + 2;
    kl_app_fill(a, hy, 0, w, KL_EL_COLUMN);
    kl_app_put(a, hy, 1, name_w - 1, "CLUSTER", KL_EL_COLUMN);
    for (size_t k = 0; k < shown; k++) {
        const kl_language *lg = &m->langs[c->langs[c->first_lang + k]];
        int x = name_w + (int)k * LANG_W + 1;
        snprintf(line, sizeof line, "%.4s SHARE", lg->code);
        put_right(a, hy, x, SHARE_W, line, KL_EL_COLUMN);
        put_right(a, hy, x + SHARE_W, RATE_W, "REFUSAL", KL_EL_COLUMN);
    }
    int page = bottom - hy - 2; /* a line kept for the languages' note */
    for (int i = 0; i < page && (size_t)(c->top + i) < c->n_rows; i++) {
        size_t r = (size_t)(c->top + i);
        const kl_tnode *nd = &m->nodes[c->rows[r]];
        bool sel = (int)r == c->cur;
        int y = hy + 1 + i, el = sel ? KL_EL_SELECTED : KL_EL_NORMAL;
        kl_app_fill(a, y, 0, w, el);
        kl_app_put(a, y, 1, name_w - 2,
                   kl_fig_row_name(nd->name, nd->is_other, &nd->total, a->ascii, label,
                                   sizeof label),
                   el);
        for (size_t k = 0; k < shown; k++) {
            const kl_bylang_cell *x = &c->cells[r * c->n_langs + c->first_lang + k];
            char sh[32], rt[32];
            cell_text(x, sh, rt, sizeof sh);
            int xx = name_w + (int)k * LANG_W + 1;
            int mark_el = sel ? el : KL_EL_ACCENT;
            put_right(a, y, xx, SHARE_W, sh, x->share_mark ? mark_el : el);
            put_right(a, y, xx + SHARE_W, RATE_W, rt, x->rate_mark ? mark_el : el);
        }
    }
    if (shown < c->n_langs) {
        snprintf(line, sizeof line, " languages %zu-%zu of %zu (Left/Right for more)",
                 c->first_lang + 1, c->first_lang + shown, c->n_langs);
        kl_app_put(a, bottom - 1, 0, w, line, KL_EL_DIM);
    }
}

int kl_compare_act(kl_app *a, int action, int key)
{
    (void)key;
    kl_compare *c = &a->cmp;
    int n = (int)c->n_rows, page = kl_sat_sub(LINES, 6); /* as drawn: 4 lines above, 2 below */
    page = page ? page : 1;
    switch (action) {
    case KL_ACT_UP: c->cur--; break;
    case KL_ACT_DOWN: c->cur++; break;
    case KL_ACT_PGUP: c->cur -= page; break;
    case KL_ACT_PGDN: c->cur += page; break;
    case KL_ACT_HOME: c->cur = 0; break;
    case KL_ACT_END: c->cur = n - 1; break;
    case KL_ACT_CMP_LEFT:
        if (c->first_lang > 0)
            c->first_lang--;
        return KL_KEY_HANDLED;
    case KL_ACT_CMP_RIGHT:
        if (c->first_lang + langs_shown(a, COLS) < c->n_langs)
            c->first_lang++;
        return KL_KEY_HANDLED;
    case KL_ACT_CMP_SHOW:
        if (!n)
            break;
        kl_browse_open_path(a, c->rows[c->cur]);
        kl_app_set_view(a, KL_VIEW_BROWSE);
        return KL_KEY_HANDLED;
    default: return KL_KEY_IGNORED;
    }
    c->cur = c->cur >= n ? n - 1 : c->cur;
    c->cur = c->cur < 0 ? 0 : c->cur;
    if (c->cur < c->top)
        c->top = c->cur;
    if (c->cur >= c->top + page)
        c->top = c->cur - page + 1;
    return KL_KEY_HANDLED;
}
