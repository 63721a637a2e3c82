/* relabel.h — refines a clustering by classification in the sparse TF-IDF space of the
 * texts (sparse_text.h): a classifier is fitted on each cluster's most confident members,
 * every row goes to the class it scores highest, and the rounds repeat (classification-EM,
 * as in Rakib et al., "Enhancement of Short Text Clustering by Iterative Classification",
 * NLDB 2020, with a centroid or naive Bayes classifier instead of their logistic
 * regression). The reduced embedding blurs the rare, decisive words that the sparse rows
 * keep; the starting clustering supplies what the words alone cannot (which words go
 * together).
 * Deterministic, independent of thread count; ties go to the lower cluster index. */
#ifndef KLEIO_RELABEL_H
#define KLEIO_RELABEL_H
#include <stddef.h>
#include <stdint.h>

#include "kleio/sparse_text.h"

typedef enum { KL_RELABEL_CENTROID = 0, KL_RELABEL_NB = 1 } kl_relabel_method;

typedef struct kl_relabel_params {
    int rounds;              /* classification rounds (default 5 when 0) */
    double keep;             /* share of each cluster's members, most confident first, that
                                the next round's classifier is fitted on (default 0.7) */
    kl_relabel_method method;
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
