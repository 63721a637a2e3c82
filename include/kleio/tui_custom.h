/* tui_custom.h — the custom facets of the open snapshot in the explorer: read once at
 * open (aggregates only: a few cells per cluster), then one "facet column" at a time —
 * a choice facet's value (its conversations per cluster) or a number facet's mean — which
 * the tree shows as the FACET column, can sort by, and can filter on (only the clusters
 * where that value's published count is above zero, or the mean is published). */
#ifndef KLEIO_TUI_CUSTOM_H
#define KLEIO_TUI_CUSTOM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kleio/snapshot_custom.h"
#include "kleio/snapshot_bulk.h"

typedef struct kl_tui_custom {
    kl_snap_facet *facets;
    size_t n_facets;
    kl_snap_custom *cells;   /* [n_facets] */
    int sel;                 /* the column shown: -1 none, else 0 .. kl_tui_custom_count-1 */
    bool filter;             /* show only clusters matching the column */
} kl_tui_custom;

/* Reads every facet (none in an older snapshot). 0, or -1 on a read error (then none). */
int kl_tui_custom_open(kl_tui_custom *c, kl_bulk *b);
void kl_tui_custom_close(kl_tui_custom *c);
/* Columns to choose from: each value of each choice facet (and its unanswered), and each
 * number facet's mean. */
int kl_tui_custom_count(const kl_tui_custom *c);
/* Steps the column (dir +1 or -1; after the last, or before the first: none). */
void kl_tui_custom_step(kl_tui_custom *c, int dir);
/* "goal = learn", "goal unanswered", "hours (mean)" of the column shown; "" when none. */
void kl_tui_custom_label(const kl_tui_custom *c, char *out, size_t n);
/* The cell of cluster id in the column shown, as text ("hidden", "-" when no mean) and as
 * a sort value (NAN hidden or undefined). */
void kl_tui_custom_text(const kl_tui_custom *c, int64_t id, char *out, size_t n);
double kl_tui_custom_value(const kl_tui_custom *c, int64_t id);
/* True with the range in lo, hi when the column shown is a number's mean (the map
 * scales it so); false for a count. */
bool kl_tui_custom_range(const kl_tui_custom *c, double *lo, double *hi);
/* True when cluster id passes the filter: the count is published and above zero, or
 * the mean is published (true for every cluster when no column is shown). */
bool kl_tui_custom_match(const kl_tui_custom *c, int64_t id);

#endif
