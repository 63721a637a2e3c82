/* naming.h — offline cluster names and descriptions from distinctive terms (pure arrays).
 * Contract: each cluster is named from its members' texts (the summaries) against its
 * siblings (clusters with the same group id) by class-based TF-IDF,
 *     W(x, c) = tf(x, c) * log(1 + A / f(x)),
 * tf(x, c) the (weighted) frequency of term x in cluster c, f(x) its frequency over the
 * sibling clusters, A the average number of term occurrences per sibling cluster.
 * Terms are word unigrams, bigrams and trigrams (character bigrams/trigrams for scripts
 * written without spaces: CJK, Thai, …); phrases are preferred over the words they
 * contain. A name has at most `max_words` words (CJK: at most 10 phrases); the description
 * is one sentence from the top terms ("Requests about X, Y and Z.").
 *
 * Privacy (k-anonymous vocabulary): a term may appear in a name or description only if
 * at least `min_users` distinct users used it inside that cluster. Users are integers
 * (the caller maps its user ids); per-document weights let the caller bound one user's
 * influence on the ranking (e.g. 1 / documents of that user). A cluster with no eligible
 * term gets the name "" and description "" — the caller decides what to publish.
 * Deterministic and independent of document order (documents are read in a canonical
 * order). Memory is bounded by the distinct (term, cluster) pairs: terms are identified by
 * 64-bit hashes and only the few best candidates per cluster keep their text. */
#ifndef KLEIO_NAMING_H
#define KLEIO_NAMING_H

/* The words an offline description is framed with ("Requests about X, Y and Z."). They
 * come from kleio, not from users: the privacy stage lets exactly these through its
 * vocabulary check (KL_NAMING_FRAME_WORDS) and trims a description cut down to them. */
#define KL_NAMING_DESC_LEAD "Requests about"
#define KL_NAMING_DESC_JOIN "and"
#define KL_NAMING_FRAME_WORDS KL_NAMING_DESC_LEAD " " KL_NAMING_DESC_JOIN
#include <stddef.h>
#include <stdint.h>

typedef struct kl_naming_params {
    size_t min_users;        /* distinct users per term inside the cluster (default 1 when 0) */
    int max_words;           /* words in a name (default 10 when 0, capped at 10) */
    int max_terms;           /* terms kept per cluster in kl_cluster_name.terms (default 8) */
} kl_naming_params;

typedef struct kl_cluster_name {
    char *name;              /* "" when no term is eligible; never NULL */
    char *description;       /* one sentence, or "" */
    size_t n_terms;          /* ranked distinctive terms, best first */
    char **terms;
    double *score;           /* W of each term (used to name parents) */
} kl_cluster_name;

/* Documents of one level: texts[i] belongs to cluster[i] (0..k-1; UINT32_MAX = none).
 * user may be NULL (every document its own user), weight may be NULL (all 1).
 * group[c] is the sibling group of cluster c (its parent's id), NULL = all siblings. */
typedef struct kl_naming_docs {
    const char *const *texts;
    size_t n;
    const uint32_t *cluster;
    const uint64_t *user;
    const float *weight;
    size_t k;
    const uint32_t *group;
} kl_naming_docs;

/* Names k clusters from their documents; out has k entries. Returns 0 or -1 (bad args). */
int kl_naming_from_docs(const kl_naming_docs *docs, const kl_naming_params *p,
                        kl_cluster_name *out);

/* Names n_parents parents from their children's ranked terms (terms eligible in a child
 * are eligible in its parent, whose users are a superset): a term's parent score is the
 * size-weighted sum of its children's scores, contrasted against the parent's siblings
 * (pgroup, NULL = all siblings) with the same c-TF-IDF formula. child_size may be NULL. */
int kl_naming_parents(const kl_cluster_name *children, const uint32_t *parent,
                      const double *child_size, size_t n_children, size_t n_parents,
                      const uint32_t *pgroup, const kl_naming_params *p,
                      kl_cluster_name *out);

void kl_cluster_name_free(kl_cluster_name *names, size_t k);   /* frees the members only */

#endif
