/* refusal.h — offline detection of whether the assistant declined the user's request.
 * The taxonomy is kleio-facets(1)'s: a refusal declines (or cannot give) what was asked
 * and gives no substance instead; a rebuttal of a false premise, or a disclaimer followed
 * by the answer, is not one. Multilingual; robust to apologies inside helpful answers
 * ("Sorry for the confusion, here is the fixed code"). Contract: deterministic,
 * thread-safe, no network. */
#ifndef KLEIO_REFUSAL_H
#define KLEIO_REFUSAL_H
#include <stddef.h>

#include "kleio/workdb.h"   /* enum kl_refused */

/* Classifies one conversation from its assistant turns (in order). lang is the code
 * from kl_langid_detect for the user's text, or NULL when unknown: a hint, not a filter.
 * FULL: the request was declined and no substance given; PARTIAL: declined, then
 * substance given anyway (part of the request, or a substantial alternative), or declined
 * in one turn and helped in another; NONE otherwise (including no assistant turn). */
enum kl_refused kl_refusal_classify(const char *const *assistant_turns, size_t n_turns,
                                    const char *lang);

/* For training and measuring tools (bench/refusal_train): the features of one reply,
 * written to x[0..KL_REFUSAL_NFEATURES), and their names. */
#define KL_REFUSAL_NFEATURES 32
void kl_refusal_features(const char *reply, float *x);
const char *kl_refusal_feature_name(size_t i);
/* The shipped model's probability that one reply is a refusal (full or partial). */
double kl_refusal_probability(const char *reply);

#endif
