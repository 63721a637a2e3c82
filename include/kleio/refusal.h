/* refusal.h — offline detection of whether the assistant declined the user's request.
 * Multilingual; robust to apologies inside helpful answers ("Sorry for the confusion,
 * here is the fixed code"). Contract: deterministic, thread-safe, no network. */
#ifndef KLEIO_REFUSAL_H
#define KLEIO_REFUSAL_H
#include <stddef.h>

#include "kleio/workdb.h"   /* enum kl_refused */

/* Classifies one conversation from its assistant turns (in order). lang is the code
 * from kl_langid_detect for the user's text, or NULL when unknown: a hint, not a filter.
 * FULL: the request was declined; PARTIAL: declined in part or heavily redirected while
 * still helping; NONE otherwise (including no assistant turn). */
enum kl_refused kl_refusal_classify(const char *const *assistant_turns, size_t n_turns,
                                    const char *lang);

#endif
