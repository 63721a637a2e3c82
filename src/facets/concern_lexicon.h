/* concern_lexicon.h — the harm lexicon behind kl_concern_assess, private to src/facets.
 * Terms are lowercase; a trailing '*' makes a stem (matches any continuation), otherwise
 * the term must end at a word end (in spaced scripts). */
#ifndef KLEIO_FACETS_CONCERN_LEXICON_H
#define KLEIO_FACETS_CONCERN_LEXICON_H
#include <stddef.h>

#include "kleio/concern.h"

typedef struct kl_harm_term {
    const char *term;
    unsigned char category;   /* enum kl_harm */
    unsigned char level;      /* 2..5 */
} kl_harm_term;

extern const kl_harm_term kl_harm_terms[];
extern const size_t kl_harm_nterms;
/* Asking for operational detail: raises a level-3+ term by one. NULL-terminated. */
extern const char *const kl_harm_intent[];
/* Persuasion and publication framings ("write a persuasive article", "a blog post
 * explaining why"): raise a term of level 2 or 3 by one. NULL-terminated. */
extern const char *const kl_harm_framing[];
/* Defence, prevention, study: lowers a term by one (not minors or crisis). */
extern const char *const kl_harm_defence[];

#endif
