/* name_model.h — cluster names written by a model (the model backends of `kleio run`):
 * the prompts, in the manner of the Clio paper, and the reader of the answers.
 *
 * A leaf is named from a sample of its members' summaries (already privacy-scrubbed
 * facets) contrasted with summaries of the nearest other leaves; a parent from its
 * children's names and descriptions. The instructions ask for a name of at most ten
 * words and a description of two sentences, in English, without anything that could
 * identify someone, as one JSON object. Whatever comes back is checked again by the
 * privacy stage (kleio-privacy(7)). Pure functions: no I/O. */
#ifndef KLEIO_NAME_MODEL_H
#define KLEIO_NAME_MODEL_H
#include <stddef.h>

/* Words in a name, bytes in a name and in a description, at most. */
#define KL_NAME_MODEL_WORDS 10
#define KL_NAME_MODEL_NAME_BYTES 160
#define KL_NAME_MODEL_DESC_BYTES 600

/* The system instruction of every naming call. */
extern const char kl_name_model_system[];

/* The question for a leaf: inside[0..n_in) its sampled summaries, outside[0..n_out)
 * summaries of its nearest neighbours. Each text is flattened to one line and cut at
 * 300 bytes. Caller frees. */
char *kl_name_model_leaf_prompt(const char *const *inside, size_t n_in,
                                const char *const *outside, size_t n_out);
/* The question for a parent from its children's names and descriptions. Caller frees. */
char *kl_name_model_parent_prompt(const char *const *names, const char *const *descriptions,
                                  size_t n);
/* Appended to a question whose first answer could not be read (a new question, so the
 * cache does not hand back the same answer). */
extern const char kl_name_model_retry[];

/* Reads an answer: the first JSON object with a non-empty string "name" (markdown fences
 * and text around it are ignored), else "Name: …" and "Description: …" lines. The name is
 * flattened to one line, stripped of quotes, markdown and a final period, and cut to
 * KL_NAME_MODEL_WORDS words; the description is flattened and cut to its first two sentences,
 * which ends with a period ("" when none was given). Returns 0 with *name and
 * *description (caller frees), or -1 when no usable name is found. */
int kl_name_model_parse(const char *answer, char **name, char **description);

/* The privacy auditor (Clio's): the model rates each name and description it is shown
 * from 1 (identifies someone) to 5 (nothing private), writing its justification before
 * the rating, as {"justification": ..., "rating": N} (kl_name_audit_schema). */
extern const char kl_name_audit_system[];
extern const char kl_name_audit_schema[];
/* The question about one name and its description. Caller frees. */
char *kl_name_audit_prompt(const char *name, const char *description);
/* The rating, 1..5, or 0 when the answer is not such an object (a justification of at
 * least one word and a whole number in range). */
int kl_name_audit_parse(const char *answer);

#endif
