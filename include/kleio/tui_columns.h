/* tui_columns.h — the one table of tree columns: id, config name, title, width,
 * alignment and default sort direction. The tree pane, the sort keys, the export and the
 * config file's `columns =` line all read this table; a new column is one row here plus
 * its cases in columns.c. */
#ifndef KLEIO_TUI_COLUMNS_H
#define KLEIO_TUI_COLUMNS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kleio/tui_model.h"

/*        id        config name      title      width right desc-by-default */
#define KL_TUI_COLUMNS(X)                                               \
    X(NAME,    "name",          "CLUSTER", 0, false, false)             \
    X(CONV,    "conversations", "CONVS",   8, true,  true)              \
    X(SHARE,   "share",         "SHARE",   6, true,  true)              \
    X(USERS,   "users",         "USERS",   7, true,  true)              \
    X(REFUSAL, "refusal",       "REFUSAL", 8, true,  true)              \
    X(CONCERN, "concern",       "CONCERN", 8, true,  true)              \
    X(TREND,   "trend",         "TREND",   8, false, true)              \
    X(FACET,   "facet",         "FACET",  10, true,  true)

enum {
#define X(id, cfg, title, width, right, desc) KL_COL_##id,
    KL_TUI_COLUMNS(X)
#undef X
    KL_COL_N
};

typedef struct kl_tui_column {
    const char *config_name, *title;
    int width;                /* 0: takes the remaining width */
    bool right, desc;
} kl_tui_column;

extern const kl_tui_column kl_tui_columns[KL_COL_N];

/* Column id from its config name, or -1. */
int kl_tui_column_find(const char *name);
/* Parses "name,conversations,refusal" into ids (at most KL_COL_N, no duplicates; NAME is
 * always included, first if absent). Returns the count, or -1 with the bad word in err. */
int kl_tui_columns_parse(const char *list, int *out, char *err, size_t errlen);

/* The cell text of a numeric column (not NAME or TREND) for node in the active slice,
 * as figures.h prints it for people: a bound carries its mark (ASCII ">=" when ascii),
 * a hidden count prints "hidden", a hidden rate "-". */
void kl_tui_column_text(const kl_tui_model *m, uint32_t node, int col, bool ascii, char *out,
                        size_t n);
/* Sort value of a column (higher = larger); suppressed or undefined cells sort lowest. */
/* The sort value of a column; NAN when hidden or undefined (sorted last either way). */
double kl_tui_column_value(kl_tui_model *m, uint32_t node, int col);

#endif
