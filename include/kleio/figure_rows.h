/* figure_rows.h — rows of figures for other tools: the CSV and JSON that `kleio tree
 * --format csv|json` prints and the explorer's `e` exports from its tree, written by the
 * same code so that a script reads both alike.
 *
 * A row is a cluster (its figures in the slice, each with its bound) or the hidden
 * remainder of a parent's children (kind "hidden"). Counts are integers, rates and
 * shares plain reals of at most KL_FIG_DIGITS significant digits (0.149, never "14.9%"),
 * a hidden figure is empty (CSV) or null (JSON) with its bound "hidden". */
#ifndef KLEIO_FIGURE_ROWS_H
#define KLEIO_FIGURE_ROWS_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "kleio/figures.h"

typedef struct kl_fig_row {
    bool remainder;          /* the hidden remainder of parent's children */
    int64_t id;              /* cluster rows */
    int64_t parent;          /* parent's id, 0 at the top level */
    int level;
    const char *name;        /* sanitized by the caller; NULL for a remainder */
    const kl_counts *fig;    /* cluster rows: figures in the slice */
    kl_fig share;            /* cluster rows */
    kl_fig hidden;           /* remainder rows */
    int hidden_clusters;     /* remainder rows */
} kl_fig_row;

/* The CSV columns, without a line end (callers may add their own after a comma). */
extern const char kl_fig_csv_columns[];
/* Writes the row's CSV fields, without a line end. */
void kl_fig_row_csv(FILE *f, const kl_fig_row *r);
/* The row as a JSON object (callers may add fields). */
json_t *kl_fig_row_json(const kl_fig_row *r);
/* json_dump* flags of every figures export: the reals print without binary noise. */
#define KL_FIG_JSON_FLAGS (JSON_REAL_PRECISION(KL_FIG_DIGITS))

#endif
