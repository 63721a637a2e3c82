/* textfold.h — code-point folding for matching text written by people: lower case,
 * Latin diacritics removed, typographic quotes made plain. Used by language
 * identification and refusal detection, which must see "Désolé", "DESOLE" and
 * "desolé" as one word. Pure functions of one code point; no locale, thread-safe. */
#ifndef KLEIO_TEXTFOLD_H
#define KLEIO_TEXTFOLD_H
#include <stdbool.h>
#include <stdint.h>

/* Lower case for Latin, Greek, Cyrillic, Armenian and fullwidth ASCII; other code
 * points are returned unchanged. Keeps diacritics ("É" → "é"). */
uint32_t kl_fold_lower(uint32_t cp);
/* kl_fold_lower, then Latin letters lose their diacritics ("É" → "e", "ł" → "l",
 * "ọ" → "o"), "ё" → "е", Arabic alef/yeh/kaf variants become one letter, typographic
 * quotes become ' or ", dashes '-', Arabic and CJK commas ','. */
uint32_t kl_fold_base(uint32_t cp);
/* True for combining diacritics that decorate a base letter (U+0300–036F and
 * kin, Arabic harakat, the Devanagari nukta) and zero-width characters, which may be
 * dropped when matching; marks that spell vowels (Thai, Indic) are not included. */
bool kl_fold_is_mark(uint32_t cp);

#endif
