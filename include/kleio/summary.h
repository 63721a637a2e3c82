/* summary.h — the offline request summary: one privacy-scrubbed line saying what the
 * user asked for. It is what clustering embeds, so it keeps the request's topical words.
 *
 * Extractive: the first user turns are scrubbed (kl_scrub), cut into sentences, and the
 * most request-like ones are kept (questions and imperatives score high; greetings,
 * thanks, sign-offs and personal disclosures score low), in their original order, up to
 * KL_SUMMARY_MAX code points. Control characters are removed and white space collapsed.
 * Contract: deterministic, thread-safe, never returns NULL; "" when there is no text. */
#ifndef KLEIO_SUMMARY_H
#define KLEIO_SUMMARY_H
#include <stddef.h>

#define KL_SUMMARY_MAX 200   /* code points, "…" included */

/* user_turns: the user's messages in order. Caller frees the result. */
char *kl_summary(const char *const *user_turns, size_t n_turns);

/* Collapses white space, removes control and bidi-override characters, trims, and cuts
 * at max_cp code points on a word boundary when possible (appending "…"). Caller frees. */
char *kl_summary_clean(const char *text, size_t max_cp);

#endif
