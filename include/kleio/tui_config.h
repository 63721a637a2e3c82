/* tui_config.h — the explorer's config file, $XDG_CONFIG_HOME/kleio/config (or
 * ~/.config/kleio/config): flat `key = value` lines, see kleio-browse(1). A missing file
 * is fine; bad lines are reported "FILE:LINE: cause" and skipped. */
#ifndef KLEIO_TUI_CONFIG_H
#define KLEIO_TUI_CONFIG_H
#include <stdbool.h>
#include <stddef.h>

#include "kleio/buf.h"
#include "kleio/tui_columns.h"

enum { KL_OVERLAY_REFUSAL, KL_OVERLAY_CONCERN, KL_OVERLAY_LANGUAGE, KL_OVERLAY_GROWTH,
       KL_OVERLAY_N };
extern const char *const kl_tui_overlay_names[KL_OVERLAY_N];

typedef struct kl_tui_config {
    int columns[KL_COL_N];    /* column ids in display order; the name first */
    int n_columns;
    char theme[256];          /* empty: default-dark */
    int sort_col;
    bool sort_reverse;        /* opposite of the column's natural direction */
    bool hide_empty;          /* hide (not dim) clusters empty in the slice */
    bool show_map;
    bool mouse;               /* clicks and the wheel (off: the terminal keeps selection) */
    int overlay;
} kl_tui_config;

void kl_tui_config_default(kl_tui_config *c);
/* Returns the number of bad lines (each appended to errs). */
int kl_tui_config_parse(kl_tui_config *c, const char *text, const char *file, kl_buf *errs);
/* The config file's path, into out. */
void kl_tui_config_path(char *out, size_t n);
/* Reads the config file when it exists; returns the number of bad lines. */
int kl_tui_config_load(kl_tui_config *c, kl_buf *errs);

#endif
