/* langid_tables.h — data tables of language identification (private to
 * src/facets/langid*.c): writing systems, language names, the Latin-script
 * candidates scored with n-gram profiles, and function-word cues. */
#ifndef KLEIO_LANGID_TABLES_H
#define KLEIO_LANGID_TABLES_H
#include <stddef.h>
#include <stdint.h>

enum kl_script {
    KL_SC_OTHER, KL_SC_LATIN, KL_SC_GREEK, KL_SC_CYRILLIC, KL_SC_ARMENIAN, KL_SC_HEBREW,
    KL_SC_ARABIC, KL_SC_THAANA, KL_SC_DEVANAGARI, KL_SC_BENGALI, KL_SC_GURMUKHI,
    KL_SC_GUJARATI, KL_SC_ORIYA, KL_SC_TAMIL, KL_SC_TELUGU, KL_SC_KANNADA,
    KL_SC_MALAYALAM, KL_SC_SINHALA, KL_SC_THAI, KL_SC_LAO, KL_SC_TIBETAN, KL_SC_MYANMAR,
    KL_SC_GEORGIAN, KL_SC_HANGUL, KL_SC_ETHIOPIC, KL_SC_KHMER, KL_SC_MONGOLIAN,
    KL_SC_KANA, KL_SC_HAN, KL_SC_COUNT
};

struct kl_script_range {
    uint32_t lo, hi;
    enum kl_script script;
};
/* Sorted by lo, disjoint. */
extern const struct kl_script_range kl_langid_script_ranges[];
extern const size_t kl_langid_script_range_count;
/* The language a script means when it is used by one main language ("und" else). */
extern const char *const kl_langid_script_language[KL_SC_COUNT];

struct kl_lang_name {
    const char *code, *name;
};
/* Every code kl_langid_detect may return, with its English name; NULL-terminated. */
extern const struct kl_lang_name kl_langid_names[];

/* Latin-script languages with an n-gram profile, in profile order, English first
 * (the English prior applies to profile 0); the first
 * kl_langid_core_count are the ones kleio expects most (its synthetic corpus and
 * evaluation sets), the rest only have to win clearly. */
extern const char *const kl_langid_latin_codes[];
extern const size_t kl_langid_latin_count;
extern const size_t kl_langid_core_count;
extern const size_t kl_langid_spanish; /* index of "es" among them */

/* Builds the function-word index; called once by kl_langid_init after the profiles. */
void kl_langid_cues_build(void);
/* Lowers cost[p] for Latin-script profiles whose function words or letters the
 * text uses (cps as from kl_langid_fold_letters). */
void kl_langid_adjust_cues(const uint32_t *cps, size_t n, double *cost);

#endif
