/* naming.h — offline cluster names and descriptions from shared phrases (pure arrays).
 * Contract: each cluster is named from its members' texts (the summaries) against its
 * siblings (clusters with the same group id) by class-based TF-IDF,
 *     W(x, c) = tf(x, c) * log(1 + A / f(x)),
 * tf(x, c) the (weighted) frequency of term x in cluster c, f(x) its frequency over the
 * sibling clusters, A the average number of term occurrences per sibling cluster.
 * Terms are word unigrams, bigrams and trigrams read within one clause (punctuation and the
 * summary's gloss dash end a clause), character bigrams/trigrams for scripts written
 * without spaces (CJK, Thai, …); phrases are preferred over the words they contain.
 * Request frames and function words of kleio's languages (stopwords.h) and filler
 * ("none", "other") never start or end a term, so a name says a topic, not a way of
 * asking. Besides the most distinctive terms, the most widely used are kept in reserve,
 * ranked after them, for clusters whose distinctive terms too few users share.
 * A name is the most distinctive phrase, capitalised, followed by " and " a second one when
 * that covers a real share of the cluster (at most `max_words` words; CJK: at most 10
 * phrases). The description has two sentences: the cluster's most representative phrases
 * (those most members share), then its most distinctive ones against its siblings.
 * Parents are named by the same function from the documents of their children, so what
 * their children share counts with each child's size; names are never concatenated.
 *
 * Privacy (k-anonymous vocabulary): a term may appear in a name or description only if
 * at least `min_users` distinct users used it inside that cluster; the filter runs before
 * names are chosen. Users are integers (the caller maps its user ids); per-document
 * weights let the caller bound one user's influence on the ranking (e.g. 1 / documents of
 * that user). A cluster with no eligible term gets the name "" and description "" until
 * kl_naming_distinct gives it a frame-word name and KL_NAMING_DESC_UNNAMED.
 * Deterministic and independent of document order (documents are read in a canonical
 * order). Memory is bounded by the distinct (term, cluster) pairs: terms are identified by
 * 64-bit hashes and only the few best candidates per cluster keep their text. */
#ifndef KLEIO_NAMING_H
#define KLEIO_NAMING_H

/* The words offline names and descriptions are framed with. They come from kleio, not
 * from users: the privacy stage lets exactly these through its vocabulary check
 * (KL_NAMING_FRAME_WORDS) and trims a description cut down to its lead. */
#define KL_NAMING_DESC_LEAD "Conversations about"
#define KL_NAMING_DESC_JOIN "and"
#define KL_NAMING_DESC_CONTRAST "Unlike nearby clusters, they mention"
/* Names of clusters without an eligible phrase: from their commonest task type. */
#define KL_NAMING_FALLBACK_WORDS "Other More Further Remaining requests questions advice code" \
    " translation writing"
/* Their description: what such a cluster is, in kleio's words only. */
#define KL_NAMING_DESC_UNNAMED "Conversations whose wording too few people share to name them."
#define KL_NAMING_FRAME_WORDS KL_NAMING_DESC_LEAD " " KL_NAMING_DESC_JOIN " " \
    KL_NAMING_DESC_CONTRAST " " KL_NAMING_FALLBACK_WORDS " " KL_NAMING_DESC_UNNAMED
#include <stddef.h>
#include <stdint.h>

typedef struct kl_naming_params {
    size_t min_users;        /* distinct users per term inside the cluster (default 1 when 0) */
    int max_words;           /* words in a name (default 10 when 0, capped at 10) */
    int max_terms;           /* terms kept per cluster in kl_cluster_name.terms (default 8) */
} kl_naming_params;

typedef struct kl_cluster_name {
    char *name;              /* "" when no term is eligible; never NULL */
    char *description;       /* two sentences, one, or "" */
    size_t n_terms;          /* ranked distinctive terms, best first (no two share a word) */
    char **terms;
    double *score;           /* W of each term */
    double *share;           /* weighted share of the cluster's documents using the term */
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
    const uint16_t *lang;    /* language of each document, NULL = unknown: in a cluster
                              * of several (the commonest under 3/4), a term outside the
                              * documents' English gloss counts 0.3 of its score */
    const char *const *lang_code;  /* ISO 639-1 code of each value of lang (NULL = none):
                              * a language's words that are also English topic words
                              * ("man" in German) are frames in its documents only */
} kl_naming_docs;

/* Names k clusters from their documents; out has k entries. Returns 0 or -1 (bad args). */
int kl_naming_from_docs(const kl_naming_docs *docs, const kl_naming_params *p,
                        kl_cluster_name *out);

/* The distinctness pass over one level, after naming it and its parent level: every
 * name becomes non-empty, differs (ignoring case) from its parent's name (parent_name[c],
 * NULL entries or array at the top) and from its siblings' (same group[c]; NULL = all
 * siblings). Larger clusters (size, NULL = equal) keep their first choice; the others
 * take their next ranked term, then two of their terms joined ("Malware and phishing"),
 * and a cluster with no term at all takes a frame-word name from its
 * commonest task type (task[c], NULL = unknown: "Other requests", "More requests", …). */
void kl_naming_distinct(kl_cluster_name *names, size_t k, const uint32_t *group,
                        const double *size, const char *const *parent_name,
                        const char *const *task);

void kl_cluster_name_free(kl_cluster_name *names, size_t k);   /* frees the members only */

#endif
