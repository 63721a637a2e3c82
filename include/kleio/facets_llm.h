/* facets_llm.h — the model-based facets backend (providers "openai", "anthropic").
 *
 * One prompt per facet, in the manner of Clio: the model answers in English, in at most
 * two sentences, at temperature 0.2, and the request summary must leave out personal
 * details and proper nouns. Each answer is parsed leniently (first line, first number,
 * first known word); an answer that cannot be used is replaced by the offline
 * extractor's value and counted. A call that fails (after the HTTP retries), a spent
 * budget or a fatal server error leave the conversation without facets for a later run.
 * The stage re-scrubs every summary whatever the backend wrote (facets.h). */
#ifndef KLEIO_FACETS_LLM_H
#define KLEIO_FACETS_LLM_H
#include <stdint.h>

#include "kleio/facets.h"
#include "kleio/llm.h"

enum kl_facet_kind { KL_FACET_LANGUAGE, KL_FACET_REFUSED, KL_FACET_CONCERN, KL_FACET_TASK,
                     KL_FACET_SUMMARY, KL_FACET_KINDS };

typedef struct kl_facets_llm_stats {
    uint64_t fallbacks[KL_FACET_KINDS];  /* unusable answers replaced by the offline value */
    uint64_t unavailable;                /* entries that got no answer (call failed) */
} kl_facets_llm_stats;

/* A backend over llm (not owned; must outlive it). NULL when the offline extractors
 * cannot start. Free with kl_facets_llm_free. */
kl_facets_backend *kl_facets_llm_new(kl_llm *llm, const char *name);
void kl_facets_llm_free(kl_facets_backend *be);
void kl_facets_llm_stats_get(const kl_facets_backend *be, kl_facets_llm_stats *out);
const char *kl_facet_kind_name(enum kl_facet_kind k);

/* Parsers of the model's answers, exposed for tests. */
int kl_facets_llm_parse_concern(const char *answer);            /* 1..5, or 0 */
int kl_facets_llm_parse_refusal(const char *answer);            /* enum kl_refused, or -1 */
const char *kl_facets_llm_parse_task(const char *answer);       /* static, or NULL */
/* Full language name → ISO code into code[8]; returns the English name (static) or NULL. */
const char *kl_facets_llm_parse_language(const char *answer, char code[8]);
/* The summary text, trimmed of quotes and lead-ins (caller frees), or NULL when empty. */
char *kl_facets_llm_parse_summary(const char *answer);

#endif
