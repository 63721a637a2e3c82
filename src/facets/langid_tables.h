/* langid_tables.h — data tables of language identification (private to
 * src/facets/langid*.c): writing systems, language names, the Latin-script
 * candidates scored with n-gram profiles, and function-word cues. */
#ifndef KLEIO_LANGID_TABLES_H
#define KLEIO_LANGID_TABLES_H
#include <stdbool.h>
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
/* Every code kl_langid_detect may return, with its English name; sorted by code,
 * NULL-terminated after kl_langid_name_count entries. */
extern const struct kl_lang_name kl_langid_names[];
extern const size_t kl_langid_name_count;

/* Latin-script languages with an n-gram profile, in profile order, English first
 * (the English prior applies to profile 0). Several fingerprints may report one code
 * (nb and nn are both "no"). At most 64: cue words keep a bit mask of profiles. */
struct kl_latin_profile {
    const char *file; /* libexttextcat's name: FILE.lm */
    const char *code; /* what kl_langid_detect reports */
    bool cld2;        /* CLD2 (its default tables) can report it */
    int tier;         /* 0 common in public chat logs, 1 less, 2 rare: the prior */
};
extern const struct kl_latin_profile kl_langid_latin[];
extern const size_t kl_langid_latin_count;
extern const size_t kl_langid_spanish; /* index of "es" among them */

/* Builds the cue-word index; called once by kl_langid_init after the profiles. */
void kl_langid_cues_build(void);

#define KL_CUES_MAX_WORDS 64
#define KL_CUES_MAX_LETTERS 16
/* What the cue words and letters of one text say, per Latin-script profile. */
typedef struct kl_cues {
    unsigned words;                   /* words in the text */
    unsigned match[64];               /* of them, cue words of profile p */
    unsigned letters[64];             /* distinct cue letters of profile p */
    size_t n_masks;
    uint64_t masks[KL_CUES_MAX_WORDS]; /* the profiles of each cue word, in order */
    size_t n_letter_cps;
    uint32_t letter_cps[KL_CUES_MAX_LETTERS];   /* distinct cue letters seen */
    uint64_t letter_masks[KL_CUES_MAX_LETTERS]; /* the profiles writing each */
} kl_cues;
/* Counts cue words and letters in cps (as from kl_langid_fold_letters). */
void kl_langid_cues_count(const uint32_t *cps, size_t n, kl_cues *c);
/* Lowers cost[p] by the share of words that are profile p's cue words, and for its
 * letters; raises the cost of profiles outside the core languages. */
void kl_langid_cues_apply(const kl_cues *c, double *cost);
/* When code belongs to a cluster of close relatives (da/no/sv, sr/hr/sl, id/ms, cs/sk,
 * pt/gl/es, nl/af, es/ca), the member that the text's marker words, spellings and
 * letters, weighed with the members' costs, point to; with no marker, the cluster's
 * default when its cost is close; otherwise code itself. */
const char *kl_langid_cues_settle(const kl_cues *c, const uint32_t *cps, size_t n,
                                  const double *cost, const char *code);

/* Cue words of the text that are profile a's and not b's, and b's and not a's. */
void kl_langid_cues_own(const kl_cues *c, size_t a, size_t b, unsigned *own_a, unsigned *own_b);
/* True when a and b are close relatives (members of one cluster above). */
bool kl_langid_cues_related(const char *a, const char *b);

#endif
