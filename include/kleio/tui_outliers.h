/* tui_outliers.h — refusal outliers: each cluster's refusal rate against its siblings'.
 *
 * The test, in one sentence (kl_tui_outliers_sentence; kleio-browse(1) says the same):
 *   refusal rate vs siblings: Newcombe 95% interval of the difference,
 *   Benjamini-Hochberg q <= Q over N tests
 * Siblings are the parent without the cluster: the parent's figures minus the cluster's,
 * in the same language slice (top-level clusters: every other top-level cluster). Each
 * cluster published in the slice, not the unnamed remainder, with at least the minimum
 * number of conversations and siblings with conversations (not an only child) is one
 * test: the difference of the two rates with Newcombe's hybrid score interval, and a
 * two-sided p-value from the pooled two-proportion z test, or Fisher's exact test when an
 * expected count is below 5 (kl_prop_test_p). The p-values of all tests are adjusted
 * together (Benjamini-Hochberg); a cluster is flagged when its q is at most Q.
 *
 * Reads the model (every cluster is loaded first); writes only the list it returns. */
#ifndef KLEIO_TUI_OUTLIERS_H
#define KLEIO_TUI_OUTLIERS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kleio/tui_model.h"

/* Flags of a test: NONE when not rejected at the false discovery rate; otherwise the
 * direction, sharpened by the cluster's mean concern (below 2 refusing more: possible
 * over-refusal; 3 or more refusing less: possible under-refusal). */
enum { KL_OUTLIER_NONE, KL_OUTLIER_HIGHER, KL_OUTLIER_LOWER, KL_OUTLIER_OVER,
       KL_OUTLIER_UNDER };

#define KL_OUTLIER_FDR_DEFAULT 0.05

typedef struct kl_outlier {
    uint32_t node;
    int64_t n, k;             /* the cluster's conversations and refusals in the slice */
    int64_t rest_n, rest_k;   /* its siblings': the parent's minus the cluster's */
    double rate, rest_rate;
    double diff, lo, hi;      /* rate - rest_rate, Newcombe's 95% interval */
    double p, q;              /* two-sided p; Benjamini-Hochberg adjusted over the list */
    bool exact;               /* p from Fisher's exact test (else the pooled z test) */
    int flag;                 /* KL_OUTLIER_* */
    uint32_t driver;          /* flagged with flagged children: the child driving it (the
                                 flagged child deviating the same way with the largest
                                 |diff| x n); KL_TUI_NONE otherwise */
} kl_outlier;

typedef struct kl_outlier_opts {
    double fdr;               /* Q, in (0, 1) */
    int64_t min_size;         /* clusters with fewer conversations in the slice are not tested */
} kl_outlier_opts;

/* One test of node against its siblings in the active slice (no q, flag or driver).
 * False when node is not testable: suppressed or empty in the slice, the unnamed
 * remainder, the root, an only child, or figures that do not add up. */
bool kl_tui_outlier_test(const kl_tui_model *m, uint32_t node, kl_outlier *out);

/* Every test in the active slice, smallest p first (then the larger |diff|), with q,
 * flags and drivers. Returns the number of tests; caller frees *out. */
size_t kl_tui_outliers(kl_tui_model *m, const kl_outlier_opts *o, kl_outlier **out);

/* The sentence stating the test (see above), with Q and N filled in; ASCII "<=" and
 * "-" when ascii, else the typographic signs. */
void kl_tui_outliers_sentence(char *out, size_t n, double fdr, size_t tests, bool ascii);

/* A p- or q-value in at most 7 columns: "0.0213", "3e-07", "<1e-300" (below the range
 * of doubles: the z test's tail underflows for |z| > 38). */
void kl_tui_outliers_format_p(double p, char *out, size_t n);

/* The flag of a rejected test from its difference and the cluster's mean concern (-1:
 * unknown). */
int kl_outlier_flag(double diff, double concern);
/* "over-refusal?", "under-refusal?", "higher", "lower" or "" (not flagged). */
const char *kl_outlier_flag_name(int flag);

#endif
