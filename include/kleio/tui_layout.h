/* tui_layout.h — where each pane goes, computed from the terminal size every frame.
 * All arithmetic saturates at zero, so a narrow or short terminal never underflows a
 * width; below KL_TUI_MIN_COLS x KL_TUI_MIN_ROWS the "too small" screen is shown. */
#ifndef KLEIO_TUI_LAYOUT_H
#define KLEIO_TUI_LAYOUT_H
#include <stdbool.h>

#define KL_TUI_MIN_COLS 60
#define KL_TUI_MIN_ROWS 15
/* From this width the tree sits left of the map and detail panes. */
#define KL_TUI_WIDE_COLS 130

typedef struct kl_rect { int x, y, w, h; } kl_rect;

typedef struct kl_layout {
    bool too_small, wide;
    kl_rect header, crumb, tree, map, detail, footer;
    /* separators: a vertical line (wide) or a horizontal one (narrow) */
    kl_rect sep, sep2;
} kl_layout;

/* max(a - b, 0) */
int kl_sat_sub(int a, int b);
void kl_tui_layout(int cols, int rows, bool show_map, kl_layout *out);

/* Chooses which of the wanted columns fit in width: cols[0..n) (the first is the name,
 * whose width flexes between min_name and the rest). Returns how many leading columns
 * are shown and sets *name_w; every numeric column is preceded by one space. */
int kl_tui_fit_columns(const int *cols, int n, int width, int min_name, int *name_w);

#endif
