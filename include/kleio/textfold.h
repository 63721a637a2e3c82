/* textfold.h — the one text layer's code-point functions: folding for matching text
 * written by people (lower case, Latin diacritics removed, typographic quotes made
 * plain) and the character classes every tokenizer and word-boundary test uses. The
 * facet extractors must see "Désolé", "DESOLE" and "desolé" as one word, and the
 * embedding, the privacy vocabulary and the auditor must cut text the same way. Pure
 * functions of one code point; no locale, thread-safe. */
#ifndef KLEIO_TEXTFOLD_H
#define KLEIO_TEXTFOLD_H
#include <stdbool.h>
#include <stdint.h>

/* Lower case for Latin, Greek, Cyrillic and Armenian; fullwidth ASCII letters and digits
 * become ASCII; other code points are returned unchanged. Keeps diacritics ("É" → "é"). */
uint32_t kl_fold_lower(uint32_t cp);
/* kl_fold_lower, then Latin letters lose their diacritics ("É" → "e", "ł" → "l",
 * "ọ" → "o"), "ё" → "е", Arabic alef/yeh/kaf variants become one letter, typographic
 * quotes become ' or ", dashes '-', Arabic and CJK commas ','. */
uint32_t kl_fold_base(uint32_t cp);
/* True for combining diacritics that decorate a base letter (U+0300–036F and
 * kin, Arabic harakat, the Devanagari nukta) and zero-width characters, which may be
 * dropped when matching; marks that spell vowels (Thai, Indic) are not included. */
bool kl_fold_is_mark(uint32_t cp);

/* Continues a word: letters, digits and combining marks of any script. Punctuation,
 * symbols, emoji, spaces, private-use and replacement characters separate words. */
bool kl_cp_is_word(uint32_t cp);
/* kl_cp_is_word, less digits (ASCII, Arabic-Indic, Devanagari, fullwidth). */
bool kl_cp_is_letter(uint32_t cp);
/* Scripts written without spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar):
 * every position inside them is a word boundary. */
bool kl_cp_is_unspaced(uint32_t cp);

#endif
