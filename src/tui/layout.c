/* layout.c — pane geometry from the terminal size. */
#include "kleio/tui_layout.h"

#include <string.h>

#include "kleio/tui_columns.h"

int kl_sat_sub(int a, int b)
{
    return a > b ? a - b : 0;
}

static kl_rect rect(int x, int y, int w, int h)
{
    return (kl_rect){x, y, w < 0 ? 0 : w, h < 0 ? 0 : h};
}

void kl_tui_layout(int cols, int rows, bool show_map, kl_layout *o)
{
    memset(o, 0, sizeof *o);
    o->too_small = cols < KL_TUI_MIN_COLS || rows < KL_TUI_MIN_ROWS;
    cols = cols < 1 ? 1 : cols;
    rows = rows < 1 ? 1 : rows;
    o->header = rect(0, 0, cols, 1);
    o->crumb = rect(0, 1, cols, rows > 2 ? 1 : 0);
    o->footer = rect(0, rows - 1, cols, rows > 1 ? 1 : 0);
    int body_y = 2, body_h = kl_sat_sub(rows, 3);
    o->wide = cols >= KL_TUI_WIDE_COLS;
    if (o->wide) {
        /* Without the map the detail pane needs only its figures' width: the tree
         * (the names) takes the rest. */
        int detail_w = cols * 3 / 10 > 48 ? cols * 3 / 10 : 48;
        int tree_w = show_map ? cols * 55 / 100 : cols - 1 - detail_w;
        int right_x = tree_w + 1, right_w = kl_sat_sub(cols, right_x);
        o->tree = rect(0, body_y, tree_w, body_h);
        o->sep = rect(tree_w, body_y, 1, body_h);
        if (show_map) {
            int map_h = body_h / 2;
            o->map = rect(right_x, body_y, right_w, map_h);
            o->sep2 = rect(right_x, body_y + map_h, right_w, body_h > map_h ? 1 : 0);
            o->detail = rect(right_x, body_y + map_h + 1, right_w, kl_sat_sub(body_h, map_h + 1));
        } else {
            o->detail = rect(right_x, body_y, right_w, body_h);
        }
        return;
    }
    int tree_h = body_h * 55 / 100;
    if (tree_h < 5 && body_h >= 5)
        tree_h = 5;
    int bottom_y = body_y + tree_h + 1, bottom_h = kl_sat_sub(body_h, tree_h + 1);
    o->tree = rect(0, body_y, cols, tree_h);
    o->sep = rect(0, body_y + tree_h, cols, body_h > tree_h ? 1 : 0);
    /* The map needs room for a picture next to the figures. */
    if (show_map && cols >= 76 && bottom_h >= 6) {
        int map_w = cols * 2 / 5;
        o->map = rect(0, bottom_y, map_w, bottom_h);
        o->sep2 = rect(map_w, bottom_y, 1, bottom_h);
        o->detail = rect(map_w + 1, bottom_y, kl_sat_sub(cols, map_w + 1), bottom_h);
    } else {
        o->detail = rect(0, bottom_y, cols, bottom_h);
    }
}

int kl_tui_fit_columns(const int *cols, int n, int width, int min_name, int *name_w)
{
    int shown = n > 0 ? 1 : 0, used = 0;
    for (int i = 1; i < n; i++) {
        int w = kl_tui_columns[cols[i]].width + 1;
        if (used + w + min_name > width)
            break;
        used += w;
        shown = i + 1;
    }
    *name_w = kl_sat_sub(width, used);
    return shown;
}
