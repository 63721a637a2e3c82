/* relabel.h — refines a clustering by classification in the sparse TF-IDF space of the
 * texts (sparse_text.h): a classifier is fitted on each cluster's most confident members,
 * every row goes to the class it scores highest, and the rounds repeat (classification-EM,
 * as in Rakib et al., "Enhancement of Short Text Clustering by Iterative Classification",
 * NLDB 2020, with multinomial naive Bayes over the TF-IDF weights instead of their
 * logistic regression: cheaper, and a nearest-centroid classifier measured worse than
 * k-means alone). The reduced embedding blurs the rare, decisive words that the sparse rows
 * keep; the starting clustering supplies what the words alone cannot (which words go
 * together).
 * Classes have equal priors (no rich-get-richer); a row without any kept column stays put.
 * Deterministic, independent of thread count; ties go to the lower cluster index. */
#ifndef KLEIO_RELABEL_H
#define KLEIO_RELABEL_H
#include <stddef.h>
#include <stdint.h>

#include "kleio/sparse_text.h"

typedef struct kl_relabel_params {
    int rounds;              /* classification rounds at most (default 20 when 0); they stop
                                early when no row moves */
    double keep;             /* share of each cluster's members that the next round's
                                classifier is fitted on, those whose winning score leads the
                                runner-up's most first (default 0.9); the first round fits
                                on every member */
    double nb_alpha;         /* naive Bayes additive smoothing (default 0.1) */
    double budget;           /* multiply-adds allowed over all rounds (0 = no limit): a round
                                that would pass it is not run, so the cost stays bounded
                                whatever n, k and the vocabulary (a round's cost is known
                                once its classifier is fitted: the postings its rows read) */
    int threads;             /* 0 = online CPUs */
} kl_relabel_params;

typedef struct kl_relabel_stats {
    int rounds;              /* rounds run */
    size_t changed;          /* rows whose cluster differs from the starting one */
    double cost;             /* multiply-adds of the rounds run */
} kl_relabel_stats;

/* Refines assign[0..S->n) (values < k) in place. Returns 0, or -1 when k == 0. */
int kl_relabel_fit(const kl_sparse_rows *S, size_t k, uint32_t *assign,
                   const kl_relabel_params *p, kl_relabel_stats *st);

#endif
