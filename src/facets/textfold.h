/* textfold.h — case folding and word boundaries shared by the offline facet extractors.
 * Private to src/facets. Folding is the simple one-to-one lowercase of the cased scripts
 * kleio's lexicons use (Latin, Greek, Cyrillic, Armenian); other scripts fold to
 * themselves. Patterns handed to kl_fold_match are written in lowercase already. */
#ifndef KLEIO_FACETS_TEXTFOLD_H
#define KLEIO_FACETS_TEXTFOLD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

uint32_t kl_fold_cp(uint32_t cp);
bool kl_cp_is_upper(uint32_t cp);
/* Letters and combining marks of any script (what continues a word); not digits. */
bool kl_cp_is_letter(uint32_t cp);
/* Scripts written without spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar):
 * every position inside them is a word boundary. */
bool kl_cp_is_unspaced(uint32_t cp);

/* Code point ending just before s[pos], or 0 at the start; *start gets its offset. */
uint32_t kl_cp_before(const char *s, size_t pos, size_t *start);
/* Code point at s[pos] (0 at the end); *len gets its byte length. */
uint32_t kl_cp_at(const char *s, size_t n, size_t pos, size_t *len);
/* True when a word may start at pos: nothing before it, or the previous code point is
 * neither a letter nor an ASCII digit, or either side is in an unspaced script. */
bool kl_word_start(const char *s, size_t n, size_t pos);
/* True when a word ends at pos (the reverse test). */
bool kl_word_end(const char *s, size_t n, size_t pos);

/* Matches lowercase pattern pat against s[0..n) case-insensitively; returns the number of
 * bytes of s matched, or 0. A space in pat matches one or more spaces in s. */
size_t kl_fold_match(const char *s, size_t n, const char *pat);
/* The same for a pattern of plen bytes (not NUL-terminated). */
size_t kl_fold_match_n(const char *s, size_t n, const char *pat, size_t plen);

#endif
