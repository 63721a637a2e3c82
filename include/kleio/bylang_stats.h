/* bylang_stats.h — the statistics comparing a cluster's languages, shared by
 * `kleio tree --by-lang` (tree_bylang.h) and the explorer's compare view.
 *
 * Pure computation over counts already read; no I/O. For cluster c and language L
 * (published cells only; a hidden cell is tested nowhere and nothing is derived from it):
 *   share   = conversations of c in L / conversations of c, tested (kl_prop_test_p)
 *             against L's share outside c: (L's total - c's L cell) / (everything - c);
 *   refusal = refused / conversations of c in L, tested against the refusal rate of c's
 *             other languages' published cells summed.
 * Each kind of test is adjusted over all the cells given with Benjamini-Hochberg; a
 * figure is marked over (+1) or under (-1) when its q <= KL_BYLANG_ALPHA. */
#ifndef KLEIO_BYLANG_STATS_H
#define KLEIO_BYLANG_STATS_H
#include <stddef.h>
#include <stdint.h>

#include "kleio/snapshot.h"

#define KL_BYLANG_ALPHA 0.05

/* One cluster in one language. The caller fills c and others; the rest is computed
 * (NAN: undefined or not tested). */
typedef struct kl_bylang_cell {
    kl_counts c;              /* the cluster's cell in L */
    kl_counts others;         /* the cluster in every other language, published cells summed
                               * (kl_slice semantics); read only when c is published */
    double share, share_p, share_q;
    double rate, rate_others, rate_p, rate_q;
    int share_mark, rate_mark;/* +1 over, -1 under, 0 none */
} kl_bylang_cell;

/* True when a cell has figures to test: not suppressed, no hidden part, not negative. */
bool kl_bylang_published(const kl_counts *c);

/* Computes cells[n_rows * n_langs] (row-major): row r's cluster totals row_totals[r]
 * (all languages), language j's snapshot total lang_totals[j], and `everything`, the
 * snapshot's conversations. Writes the number of tests of each kind. */
void kl_bylang_compute(kl_bylang_cell *cells, size_t n_rows, size_t n_langs,
                       const kl_counts *const *row_totals, const kl_counts *const *lang_totals,
                       int64_t everything, size_t *n_share_tests, size_t *n_rate_tests);

#endif
