/* view_help.c — `?`: every key, generated from the key table (as the man page is). */
#include <curses.h>
#include <stdio.h>

#include "kleio/tui_app.h"
#include "kleio/tui_config.h"
#include "kleio/tui_keys.h"

void kl_help_enter(kl_app *a)
{
    a->help_top = 0;
}

/* Line i of the help text: a context title (returns 1), a key (2), blank (0), or -1. */
static int help_line(int i, char *out, size_t n)
{
    int line = 0;
    for (int c = 0; c < KL_CTX_N; c++) {
        if (line++ == i) {
            snprintf(out, n, "%s", kl_tui_context_titles[c]);
            return 1;
        }
        for (size_t k = 0; k < kl_tui_n_keys; k++) {
            if (kl_tui_keys[k].context != c)
                continue;
            if (line++ == i) {
                snprintf(out, n, "  %-20s %s", kl_tui_keys[k].label, kl_tui_keys[k].help);
                return 2;
            }
        }
        if (line++ == i) {
            out[0] = '\0';
            return 0;
        }
    }
    if (line++ == i) {
        char path[1024];
        kl_tui_config_path(path, sizeof path);
        snprintf(out, n, "Columns, sort, theme and map: %.160s (see kleio-browse(1))", path);
        return 2;
    }
    return -1;
}

void kl_help_draw(kl_app *a, const kl_layout *l)
{
    kl_app_put(a, l->crumb.y, 0, l->crumb.w, " Keys (the same table as kleio-browse(1))",
               KL_EL_BREADCRUMB);
    int h = kl_sat_sub(LINES, 3);
    char line[256];
    for (int y = 0; y < h; y++) {
        int kind = help_line(a->help_top + y, line, sizeof line);
        if (kind < 0)
            break;
        kl_app_put(a, 2 + y, 1, kl_sat_sub(COLS, 2), line, kind == 1 ? KL_EL_COLUMN : KL_EL_NORMAL);
    }
}

int kl_help_act(kl_app *a, int action, int key)
{
    (void)key;
    char line[256];
    int total = 0;
    while (help_line(total, line, sizeof line) >= 0)
        total++;
    int page = kl_sat_sub(LINES, 3), max_top = kl_sat_sub(total, page);
    switch (action) {
    case KL_ACT_UP: a->help_top--; break;
    case KL_ACT_DOWN: a->help_top++; break;
    case KL_ACT_PGUP: a->help_top -= page; break;
    case KL_ACT_PGDN: a->help_top += page; break;
    case KL_ACT_HOME: a->help_top = 0; break;
    case KL_ACT_END: a->help_top = max_top; break;
    case KL_ACT_HELP: kl_app_set_view(a, a->back_view); return KL_KEY_HANDLED;
    default: return KL_KEY_IGNORED;
    }
    a->help_top = a->help_top < 0 ? 0 : a->help_top > max_top ? max_top : a->help_top;
    return KL_KEY_HANDLED;
}
