/* languages.c — the phrase tables in kl_synth_language order (see taxonomy.c). */
#include "synth_lang.h"

extern const synth_lang synth_lang_en, synth_lang_es, synth_lang_fr, synth_lang_pt,
    synth_lang_ca, synth_lang_uk, synth_lang_ru, synth_lang_ja, synth_lang_zh, synth_lang_ar,
    synth_lang_hi, synth_lang_tr, synth_lang_hy, synth_lang_ka, synth_lang_af;

const synth_lang *const synth_languages[] = {
    &synth_lang_en, &synth_lang_es, &synth_lang_fr, &synth_lang_pt, &synth_lang_ca,
    &synth_lang_uk, &synth_lang_ru, &synth_lang_ja, &synth_lang_zh, &synth_lang_ar,
    &synth_lang_hi, &synth_lang_tr, &synth_lang_hy, &synth_lang_ka, &synth_lang_af,
};
