/* view_outliers.c — refusal outliers: clusters whose refusal rate differs from their
 * parent's beyond the 95% interval, most surprising first, in the active slice. */
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "kleio/tree_model.h"
#include "kleio/tui_app.h"
#include "kleio/tui_keys.h"

const char *kl_outlier_flag_name(int flag)
{
    switch (flag) {
    case KL_OUTLIER_OVER: return "over-refusal?";
    case KL_OUTLIER_UNDER: return "under-refusal?";
    case KL_OUTLIER_HIGHER: return "higher";
    default: return "lower";
    }
}

static void refresh_list(kl_app *a)
{
    if (a->outliers_gen == a->m.filter_gen && a->outliers)
        return;
    free(a->outliers);
    a->n_outliers = kl_tui_model_outliers(&a->m, &a->outliers);
    a->outliers_gen = a->m.filter_gen;
    if (a->o_cur >= (int)a->n_outliers)
        a->o_cur = a->n_outliers ? (int)a->n_outliers - 1 : 0;
}

void kl_outliers_enter(kl_app *a)
{
    refresh_list(a);
}

void kl_outliers_update(kl_app *a)
{
    refresh_list(a); /* a filter change from the picker invalidates the list */
    kl_layout l;
    kl_tui_layout(COLS, LINES, a->cfg.show_map, &l);
    int page = l.tree.h > 1 ? l.tree.h - 1 : 1;
    if (a->o_cur < a->o_top)
        a->o_top = a->o_cur;
    if (a->o_cur >= a->o_top + page)
        a->o_top = a->o_cur - page + 1;
}

void kl_outliers_draw(kl_app *a, const kl_layout *l)
{
    kl_rect r = l->tree;
    char line[512], filter[256];
    kl_tui_model_filter_label(&a->m, filter, sizeof filter);
    snprintf(line, sizeof line,
             " Refusal outliers (%s): %zu clusters outside the 95%% interval of their parent's rate",
             filter, a->n_outliers);
    kl_app_put(a, l->crumb.y, 0, l->crumb.w, line, KL_EL_BREADCRUMB);
    if (r.h <= 0)
        return;
    /* name flexes; the rest are fixed */
    int fixed = 15 + 8 + 8 + 14 + 8 + 7;
    int name_w = kl_sat_sub(r.w, fixed + 2);
    kl_app_fill(a, r.y, r.x, r.w, KL_EL_COLUMN);
    snprintf(line, sizeof line, " %-14s %-*s %7s %7s %13s %7s %6s", "FLAG", name_w, "CLUSTER",
             "CONVS", "REFUSAL", "95% INTERVAL", "PARENT", "Z");
    kl_app_put(a, r.y, r.x, r.w, line, KL_EL_COLUMN);
    int page = r.h - 1;
    for (int i = 0; i < page && (size_t)(a->o_top + i) < a->n_outliers; i++) {
        const kl_outlier *o = &a->outliers[a->o_top + i];
        const kl_tnode *nd = &a->m.nodes[o->node];
        bool sel = a->o_top + i == a->o_cur;
        int y = r.y + 1 + i;
        kl_app_fill(a, y, r.x, r.w, sel ? KL_EL_SELECTED : KL_EL_NORMAL);
        int fel = sel ? KL_EL_SELECTED
                  : o->flag == KL_OUTLIER_OVER  ? KL_EL_OVER
                  : o->flag == KL_OUTLIER_UNDER ? KL_EL_UNDER
                                                : KL_EL_DIM;
        kl_app_put(a, y, r.x + 1, 14, kl_outlier_flag_name(o->flag), fel);
        kl_app_put(a, y, r.x + 16, name_w, nd->name, sel ? KL_EL_SELECTED : KL_EL_NORMAL);
        snprintf(line, sizeof line, "%7lld %6.1f%% %5.1f-%5.1f%% %6.1f%% %+6.1f",
                 (long long)nd->fig.conversations, 100 * o->rate, 100 * o->lo, 100 * o->hi,
                 100 * o->parent_rate, o->z);
        kl_app_put(a, y, r.x + 17 + name_w, kl_sat_sub(r.w, 17 + name_w), line,
                   sel ? KL_EL_SELECTED : KL_EL_NORMAL);
    }
    if (a->n_outliers == 0)
        kl_app_put(a, r.y + 1, r.x + 2, kl_sat_sub(r.w, 2),
                   "No cluster's refusal rate differs from its parent's beyond the interval",
                   KL_EL_DIM);
    if (l->sep.h) {
        attrset((attr_t)kl_app_attr(a, KL_EL_BORDER));
        if (l->wide)
            for (int y = 0; y < l->sep.h; y++)
                mvaddstr(l->sep.y + y, l->sep.x, kl_app_glyph(a, "\xe2\x94\x82", "|"));
        else
            for (int x = 0; x < l->sep.w; x++)
                mvaddstr(l->sep.y, x, kl_app_glyph(a, "\xe2\x94\x80", "-"));
    }
    /* The selected outlier's detail, over the map and detail area. */
    kl_rect d = l->detail;
    if (l->map.w > 0) {
        if (l->wide) {
            d.y = l->map.y;
            d.h = l->map.h + 1 + l->detail.h;
        } else {
            d.x = l->map.x;
            d.w = l->map.w + 1 + l->detail.w;
        }
    }
    if (a->n_outliers)
        kl_detail_draw(a, d, a->outliers[a->o_cur].node);
}

int kl_outliers_act(kl_app *a, int action, int key)
{
    (void)key;
    int page = 10, n = (int)a->n_outliers;
    switch (action) {
    case KL_ACT_UP: a->o_cur--; break;
    case KL_ACT_DOWN: a->o_cur++; break;
    case KL_ACT_PGUP: a->o_cur -= page; break;
    case KL_ACT_PGDN: a->o_cur += page; break;
    case KL_ACT_HOME: a->o_cur = 0; break;
    case KL_ACT_END: a->o_cur = n - 1; break;
    case KL_ACT_JUMP:
        if (n) {
            kl_browse_open_path(a, a->outliers[a->o_cur].node);
            kl_app_set_view(a, KL_VIEW_BROWSE);
        }
        return KL_KEY_HANDLED;
    default:
        /* The tree's language and export keys work here too (the AS_TREE row). */
        switch (kl_tui_key_action(KL_CTX_BROWSE, false, key)) {
        case KL_ACT_FILTER:
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
