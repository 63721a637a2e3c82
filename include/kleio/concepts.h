/* concepts.h — the offline "English gloss" of a text: general topical concepts (python,
 * cover letter, recipe, malware, ...) found through a multilingual lexicon of their
 * surface forms in kleio's languages. The offline summary is extractive and stays in the
 * user's language; appending the gloss gives summaries of one topic shared English words
 * whatever the language, which the lexical embedding and the cluster names rely on.
 *
 * Matching: text is split into words (kl_tokenize), folded (kl_fold_base: case, Latin
 * diacritics), and compared with the lexicon's forms, likewise folded. A form is a word
 * or a phrase; a word ending in '*' is a stem (matches any word it begins); forms in
 * scripts written without spaces (Han, kana) match anywhere inside a run. Arabic words
 * are also tried without a leading article or conjunction (ال، و، ب، ل، ف، ك).
 * Contract: deterministic, thread-safe; output holds lexicon terms only, never text
 * of the input (so it cannot carry a private detail). */
#ifndef KLEIO_CONCEPTS_H
#define KLEIO_CONCEPTS_H
#include <stddef.h>

#define KL_CONCEPTS_MAX_TERMS 6   /* terms in one gloss */

#define KL_CONCEPTS_MAX_DOMAINS 2 /* domains in one gloss */

/* One concept: its English term, its broad domain (NULL when it belongs to many), and
 * its surface forms, '|'-separated (all languages). */
typedef struct kl_concept {
    const char *term;
    const char *domain;
    const char *forms;
} kl_concept;

/* The lexicon, in canonical order (the order of terms in a gloss). */
extern const kl_concept kl_concept_lexicon[];
extern const size_t kl_concept_count;

/* Writes into out[] the lexicon indices of the concepts found in text (each once, in
 * lexicon order) and returns how many; at most max. Concepts found in priority (may be
 * NULL) come first when more than max are found in priority and text together. */
size_t kl_concepts_find(const char *priority, const char *text, size_t *out, size_t max);

/* The gloss: up to KL_CONCEPTS_MAX_TERMS terms joined by ", ", then "; " and the domains
 * of those terms (at most KL_CONCEPTS_MAX_DOMAINS, in order of their first term):
 * "python, error; software". "" when nothing is found. Domains give requests of one
 * broad kind shared words even when their concepts differ. priority as in
 * kl_concepts_find. Caller frees. */
char *kl_concepts_gloss(const char *priority, const char *text);

#endif
