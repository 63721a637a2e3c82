/* languages.c — the phrase tables in kl_synth_language order (see taxonomy.c). */
#include "synth_lang.h"

extern const synth_lang synth_lang_en;

const synth_lang *const synth_languages[] = {
    &synth_lang_en, &synth_lang_en, &synth_lang_en, &synth_lang_en, &synth_lang_en,
    &synth_lang_en, &synth_lang_en, &synth_lang_en, &synth_lang_en, &synth_lang_en,
    &synth_lang_en, &synth_lang_en, &synth_lang_en, &synth_lang_en, &synth_lang_en,
};
