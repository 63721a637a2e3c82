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
       KL_OVERLAY_FACET, KL_OVERLAY_N };
extern const char *const kl_tui_overlay_names[KL_OVERLAY_N];

/* What the explorer does when a job publishes over the open snapshot. */
enum { KL_PUBLISH_ASK, KL_PUBLISH_SWITCH, KL_PUBLISH_IGNORE, KL_PUBLISH_N };
extern const char *const kl_tui_publish_names[KL_PUBLISH_N];

/* Which tested clusters the outliers view lists: the flagged ones, those flagged for
 * refusing more (or less) than their siblings, or every test. */
enum { KL_SHOW_FLAGGED, KL_SHOW_OVER, KL_SHOW_UNDER, KL_SHOW_ALL, KL_SHOW_N };
extern const char *const kl_tui_show_names[KL_SHOW_N];

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
    int on_publish;           /* KL_PUBLISH_* */
    double outliers_fdr;      /* the false discovery rate q of the outliers view */
    long long outliers_min_size; /* conversations a cluster needs to be tested */
    int outliers_show;        /* KL_SHOW_* */
} kl_tui_config;

void kl_tui_config_default(kl_tui_config *c);
/* Returns the number of bad lines (each appended to errs). */
int kl_tui_config_parse(kl_tui_config *c, const char *text, const char *file, kl_buf *errs);
/* The config file's path, into out. */
void kl_tui_config_path(char *out, size_t n);
/* Reads the config file when it exists; returns the number of bad lines. */
int kl_tui_config_load(kl_tui_config *c, kl_buf *errs);

#endif
