/* langid_profile.h — character n-gram profiles (private to src/facets/langid*.c).
 * Profiles are the libexttextcat fingerprints (top 400 n-grams of 1..5 characters
 * with counts), folded to lower case at load time and scored as a naive-Bayes
 * model: log(count / characters) per n-gram, a floor below the rarest listed one. */
#ifndef KLEIO_LANGID_PROFILE_H
#define KLEIO_LANGID_PROFILE_H
#include <stddef.h>
#include <stdint.h>

#define KL_LANGID_MAX_PROFILES 48

/* Loads DIR/CODE.lm for each code; returns 0, or -1 after logging which file is
 * missing or malformed. Called once, before any scoring. */
int kl_langid_profiles_load(const char *dir, const char *const *codes, size_t n);
/* Scores text already folded by kl_langid_fold_letters: code points of lower-case
 * letters with single spaces between words. cost[i] (one per loaded profile) gets the
 * mean negative log-probability per n-gram; lower is better. Returns the number of
 * n-grams scored (0 when nothing was recognised). */
size_t kl_langid_profiles_score(const uint32_t *cps, size_t n, double *cost);
/* Folds one code point the way profiles are folded: lower case; dot-below written
 * with a combining mark after e, o, s becomes the precomposed letter (Yoruba). */
size_t kl_langid_fold_letters(const char *text, size_t len, uint32_t *out, size_t cap);

#endif
