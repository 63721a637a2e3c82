/* figures.h — one meaning for every figure kleio shows from a snapshot.
 *
 * `kleio tree` (text, CSV, JSON), the explorer's columns, detail pane and export all go
 * through here, so they cannot disagree (kleio-browse(1), FIGURES):
 *  - A language slice sums its cells (kl_slice_*). A missing cell is an exact zero; a
 *    suppressed one is hidden. With hidden and published cells the sums are lower bounds
 *    ("partial"); with only hidden ones the figure is hidden.
 *  - Every shown figure is exact, a bound (at least / at most) or hidden (kl_fig).
 *  - share = conversations of the row / conversations of its parent in the same slice;
 *    at the top level the parent is the total of the selected languages (the languages
 *    table, hidden languages included; without a selection, every conversation of the
 *    snapshot: meta input_conversations).
 *  - The hidden remainder of a level = parent − what its children show; it is derivable
 *    from published figures, and no single hidden cell is ever computed from others.
 * Pure functions: no I/O. */
#ifndef KLEIO_FIGURES_H
#define KLEIO_FIGURES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kleio/snapshot.h"

/* How a shown figure relates to the true one. */
typedef enum {
    KL_BOUND_EXACT,
    KL_BOUND_AT_LEAST,       /* the truth is >= v */
    KL_BOUND_AT_MOST,        /* the truth is <= v */
    KL_BOUND_HIDDEN,         /* nothing may be shown; v is 0 */
} kl_bound;

typedef struct kl_fig {
    kl_bound bound;
    double v;
} kl_fig;

/* ---- summing a language slice ---- */
typedef struct kl_slice {
    kl_counts sum;
    int64_t users_max;
    int published, hidden;
} kl_slice;

void kl_slice_init(kl_slice *s);
/* Adds one selected language's cell; NULL when the snapshot has no row for it (the
 * cluster has no conversation in that language: an exact zero). */
void kl_slice_add(kl_slice *s, const kl_counts *cell);
kl_counts kl_slice_result(const kl_slice *s);

/* The top-level denominator: the total of the selected languages (selected == NULL or
 * nothing selected: every language). Without a selection, input_conversations and
 * input_users (meta; <= 0 when unknown) are the snapshot's exact totals, and when the
 * top-level clusters (their all-language totals summed in top_level, or NULL) hold
 * every conversation, their refusals and concern are the exact ones too (a hidden
 * language then hides nothing of them). */
kl_counts kl_languages_total(const kl_language *langs, size_t n, const bool *selected,
                             int64_t input_conversations, int64_t input_users,
                             const kl_counts *top_level);

/* ---- figures ---- */
kl_fig kl_fig_conversations(const kl_counts *c);
kl_fig kl_fig_users(const kl_counts *c);
/* Rates are exact or hidden: a rate over partial sums is no bound of the true one. */
kl_fig kl_fig_refusal(const kl_counts *c);
kl_fig kl_fig_concern(const kl_counts *c);
/* row's share of parent (both in the same slice; parent is the top-level denominator
 * for a top-level row). */
kl_fig kl_fig_share(const kl_counts *row, const kl_counts *parent);

/* The hidden remainder of a parent's children: add every child, then ask. */
typedef struct kl_remainder {
    int64_t shown;           /* conversations the children's figures show */
    int hidden_clusters;     /* children hidden or partial in the slice */
} kl_remainder;
void kl_remainder_add(kl_remainder *r, const kl_counts *child);
/* parent − shown: exact when the parent is, at least when the parent is partial,
 * hidden when the parent is or nothing is missing (v <= 0). */
kl_fig kl_remainder_fig(const kl_remainder *r, const kl_counts *parent);

/* ---- printing ---- */
/* v rounded to `digits` significant digits in the direction that keeps the bound true:
 * down for at-least, up for at-most, to the nearest for exact. */
double kl_fig_round(kl_fig f, int digits);
/* "exact", "at_least", "at_most", "hidden" (CSV and JSON). */
const char *kl_bound_name(kl_bound b);
/* "≥" / "≤" (">=" / "<=" when ascii) or "" for exact and hidden. */
const char *kl_bound_mark(kl_bound b, bool ascii);

/* Text for people: counts as "1,234" (thousands) or "1234", percentages and decimals
 * with `decimals` places, each prefixed by its bound mark; a hidden count is "hidden",
 * any other hidden figure "-". */
void kl_fig_text_count(kl_fig f, bool thousands, bool ascii, char *out, size_t n);
void kl_fig_text_percent(kl_fig f, int decimals, bool ascii, char *out, size_t n);
void kl_fig_text_decimal(kl_fig f, int decimals, bool ascii, char *out, size_t n);

/* Plain numbers for tools (CSV): an integer count, a real with at most 4 significant
 * digits ("0.149", never "14.9%"), or "" when hidden. The bound goes in its own column. */
void kl_fig_plain(kl_fig f, bool integer, char *out, size_t n);

/* The hidden remainder's label: "(hidden: 157 conversations in 6 clusters)", or "… in
 * unpublished clusters" when no listed child is hidden (the remainder was never
 * published). */
void kl_fig_hidden_label(kl_fig h, int hidden_clusters, bool thousands, bool ascii, char *out,
                         size_t n);

/* The label of a published remainder row (the groups of a parent too small to show on
 * their own, merged so that they pass the thresholds together): "157 conversations in
 * groups too small to show", the count as kl_fig_text_count writes it. Every view and
 * command that prints a remainder row names it with this. */
void kl_fig_remainder_label(kl_fig conversations, bool thousands, bool ascii, char *out,
                            size_t n);
/* A row's name as shown: `name`, or for a remainder row (is_other with no name) its
 * label, written into out[n] (conversations: the row's figure in the slice shown). */
const char *kl_fig_row_name(const char *name, bool is_other, const kl_counts *conversations,
                            bool ascii, char *out, size_t n);

/* Significant digits of every real kleio exports (JSON_REAL_PRECISION on dumping). */
#define KL_FIG_DIGITS 4

#endif
