/* hier_model.h — the model-built hierarchy's questions and the readers of its answers (the
 * method of the Clio paper): per neighbourhood of clusters the model proposes parent groups,
 * the proposals of all neighbourhoods are merged down to the level's count, then each child
 * is assigned to one parent from a shuffled list, in batches of children. Pure functions: no I/O.
 *
 * Every reader is strict: an answer that is not the JSON object asked for, a parent not on
 * the list, no proposal or too many are errors with a one-line reason (the caller re-asks
 * once with the reason, then falls back to the deterministic hierarchy for the level). */
#ifndef KLEIO_HIER_MODEL_H
#define KLEIO_HIER_MODEL_H
#include <stddef.h>
#include <stdint.h>

/* The system instructions (prompt files hierarchy_propose_system.txt,
 * hierarchy_dedup_system.txt and hierarchy_assign_system.txt) and the JSON Schemas of the
 * answers (the merged list has the proposals' shape). */
extern const char kl_hier_propose_system[];
extern const char kl_hier_dedup_system[];
extern const char kl_hier_assign_system[];
extern const char kl_hier_propose_schema[];
extern const char kl_hier_assign_schema[];

/* Proposals a neighbourhood may answer with when `want` are asked for: 1 .. this. */
size_t kl_hier_propose_max(size_t want);

/* The question for one neighbourhood: its clusters' names and descriptions, the nearest
 * clusters outside it (context only), and how many parents to propose. Caller frees. */
char *kl_hier_propose_prompt(const char *const *names, const char *const *descs, size_t n,
                             const char *const *near_names, const char *const *near_descs,
                             size_t n_near, size_t want);
/* Reads the proposals: 0 with *n names and descriptions (caller frees each and both
 * arrays; names cleaned like kl_name_model_parse's, duplicates inside one answer dropped),
 * or -1 with the reason in err. */
int kl_hier_propose_parse(const char *answer, size_t want, char ***names, char ***descs,
                          size_t *n, char *err, size_t errlen);

/* The question that merges the proposals of all neighbourhoods (names[0..n)) into at most
 * m distinct parents. Caller frees. */
char *kl_hier_dedup_prompt(const char *const *names, const char *const *descs, size_t n,
                           size_t m);
/* Reads the merged list: as kl_hier_propose_parse, and more than m parents is an error. */
int kl_hier_dedup_parse(const char *answer, size_t m, char ***names, char ***descs, size_t *n,
                        char *err, size_t errlen);

/* The question for a batch of children: names[kids[j]] and descs[kids[j]] numbered j + 1
 * (j < nk), and the m parents in the order order[0..m) (a shuffle the caller draws for the
 * batch). Caller frees. */
char *kl_hier_assign_prompt(const char *const *names, const char *const *descs,
                            const size_t *kids, size_t nk, const char *const *pnames,
                            const char *const *pdescs, const uint32_t *order, size_t m);
/* Reads a batch's answer: pick[j] gets the parent chosen for child j + 1 (index into pnames,
 * matched without regard to case, surrounding spaces, quotes or a final period), or -1 when
 * it is missing, answered twice or under a name not on the list. Returns the number of
 * children without a parent (0: all placed), the reasons in err when not 0. */
size_t kl_hier_assign_parse(const char *answer, size_t nk, const char *const *pnames, size_t m,
                            long *pick, char *err, size_t errlen);

/* Merges p proposals into m groups (m <= p): proposals with the same name (folded) first,
 * then the most similar groups by average cosine similarity of vecs (p x d, any length).
 * group[i] gets proposal i's group, 0..m-1 numbered by first member; rep[g] is the group's
 * representative: the name proposed most often, the earliest on a tie. */
void kl_hier_merge(const char *const *names, const float *vecs, size_t p, size_t d, size_t m,
                   uint32_t *group, uint32_t *rep);

#endif
