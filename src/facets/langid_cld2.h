/* langid_cld2.h — a C view of Compact Language Detector 2 (private to
 * src/facets/langid*.c). CLD2 is a C++ library; langid_cld2.cc is the only C++ in
 * kleio and exposes just this. */
#ifndef KLEIO_LANGID_CLD2_H
#define KLEIO_LANGID_CLD2_H
#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KL_CLD2_TOP 3

typedef struct kl_cld2_guess {
    /* The top languages, best first, as CLD2's codes mapped to kleio's: ISO 639-1
     * where one exists ("he" not "iw", "zh" for both Han variants, "no" for Bokmål and
     * Nynorsk); "" when CLD2 had no candidate. */
    char code[KL_CLD2_TOP][8];
    int percent[KL_CLD2_TOP];  /* share of the text's letters, 0..100 */
    int text_bytes;            /* letters CLD2 scored */
    bool reliable;             /* CLD2's own verdict: the top language clearly won */
} kl_cld2_guess;

/* Identifies valid UTF-8 plain text (the caller guarantees validity). Where CLD2
 * alone would say "unknown" (short text), its best-effort guess is given with
 * reliable false; such guesses lean towards English, so the caller weighs them.
 * Thread-safe, no allocation visible to the caller. */
void kl_cld2_detect(const char *text, size_t len, kl_cld2_guess *out);

#ifdef __cplusplus
}
#endif
#endif
