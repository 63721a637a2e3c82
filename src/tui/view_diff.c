/* view_diff.c — the diff view (D): what changed between the previous snapshot of this
 * session and the open one, in the categories of `kleio diff` (the same code: diff.h). */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "kleio/tui_app.h"
#include "kleio/tui_keys.h"

void kl_diff_enter(kl_app *a)
{
    a->d_cur = a->d_top = 0;
}

void kl_diff_draw(kl_app *a, const kl_layout *l)
{
    int top = l->header.y + 1, bottom = l->footer.y, w = l->header.w;
    char line[1024];
    if (!a->have_diff) {
        kl_app_put(a, top + 1, 2, kl_sat_sub(w, 4),
                   "No previous snapshot in this session: after a recompute publishes and the "
                   "explorer switches, this view lists what changed (or: kleio diff OLD NEW).",
                   KL_EL_DIM);
        return;
    }
    char summary[256];
    kl_diff_summary(&a->diff, summary, sizeof summary);
    snprintf(line, sizeof line, " Changes from %s to the open one:", a->diff_from);
    kl_app_put(a, top, 0, w, line, KL_EL_BORDER);
    snprintf(line, sizeof line, " %s", summary);
    kl_app_put(a, top + 1, 0, w, line, KL_EL_NORMAL);
    top++;
    const char *note = kl_diff_link_note(a->diff.link);
    if (note) {
        /* no lineage links the two: say why splits and merges are not listed */
        snprintf(line, sizeof line, " Note: %s", note);
        kl_app_put(a, top + 1, 0, w, line, KL_EL_DIM);
        top++;
    }
    kl_app_fill(a, top + 1, 0, w, KL_EL_COLUMN);
    snprintf(line, sizeof line, " %-8s %6s  %-40s  %s", "CHANGE", "ID", "CLUSTER", "DETAIL");
    kl_app_put(a, top + 1, 0, w, line, KL_EL_COLUMN);
    int page = bottom - top - 2;
    if (a->d_cur < a->d_top)
        a->d_top = a->d_cur;
    if (page > 0 && a->d_cur >= a->d_top + page)
        a->d_top = a->d_cur - page + 1;
    for (int i = 0; i < page && (size_t)(a->d_top + i) < a->diff.n; i++) {
        const kl_diff_item *it = &a->diff.items[a->d_top + i];
        bool sel = a->d_top + i == a->d_cur;
        int y = top + 2 + i, el = sel ? KL_EL_SELECTED : KL_EL_NORMAL;
        kl_app_fill(a, y, 0, w, el);
        snprintf(line, sizeof line, " %-8s %6lld  ", kl_diff_kind_names[it->kind], (long long)it->id);
        kl_app_put(a, y, 0, 18, line, el);
        kl_app_put(a, y, 18, 40, it->name, el);
        kl_app_put(a, y, 60, kl_sat_sub(w, 60), it->detail, el);
    }
    if (a->diff.n == 0)
        kl_app_put(a, top + 3, 2, kl_sat_sub(w, 4), "Nothing changed.", KL_EL_DIM);
}

int kl_diff_act(kl_app *a, int action, int key)
{
    (void)key;
    int n = (int)a->diff.n;
    switch (action) {
    case KL_ACT_UP: a->d_cur--; break;
    case KL_ACT_DOWN: a->d_cur++; break;
    case KL_ACT_PGUP: a->d_cur -= 10; break;
    case KL_ACT_PGDN: a->d_cur += 10; break;
    case KL_ACT_HOME: a->d_cur = 0; break;
    case KL_ACT_END: a->d_cur = n - 1; break;
    case KL_ACT_DIFF_SHOW: {
        if (!n)
            break;
        const kl_diff_item *it = &a->diff.items[a->d_cur];
        kl_tui_model_load_all(&a->m);
        uint32_t node = kl_tui_model_find(&a->m, it->id);
        if (node == KL_TUI_NONE || it->kind == KL_DIFF_GONE) {
            kl_app_message(a, true, "Cluster %lld is not in the open snapshot", (long long)it->id);
            break;
        }
        kl_browse_open_path(a, node);
        kl_app_set_view(a, KL_VIEW_BROWSE);
        return KL_KEY_HANDLED;
    }
    default: return KL_KEY_IGNORED;
    }
    if (a->d_cur >= n)
        a->d_cur = n - 1;
    if (a->d_cur < 0)
        a->d_cur = 0;
    return KL_KEY_HANDLED;
}
