/* utf8.h — UTF-8 decoding, display width, and making untrusted text safe to draw.
 * Widths come from kleio's own table of East Asian wide and zero-width ranges so that
 * output does not depend on the process locale. */
#ifndef KLEIO_UTF8_H
#define KLEIO_UTF8_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KL_REPLACEMENT_CHAR 0xFFFDu

/* Decodes one code point from s (len > 0 bytes available). Returns the bytes consumed
 * (1..4); invalid or overlong sequences consume 1 byte and yield U+FFFD. */
size_t kl_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Writes cp as UTF-8 into out; returns its length (1..4). */
size_t kl_utf8_encode(uint32_t cp, char out[4]);
/* True when s[0..len) is well-formed UTF-8 (no surrogates, no overlongs). */
bool kl_utf8_valid(const char *s, size_t len);

/* Columns a code point occupies: 0 (combining, zero-width), 1, or 2 (wide). */
int kl_cp_width(uint32_t cp);
/* Columns of a whole (sanitized) string. */
size_t kl_utf8_width(const char *s);
/* Byte length of the longest prefix of s that fits in max_cols columns; never splits a
 * code point nor separates a combining mark from its base. *cols_out gets the width used. */
size_t kl_utf8_fit(const char *s, size_t max_cols, size_t *cols_out);

/* Returns a new string safe to put on a terminal: ESC sequences (CSI, OSC, DCS, …),
 * C0 and C1 controls, DEL, bidirectional overrides/isolates and invisible format
 * characters (zero-width space and joiners, word joiner, BOM, tags) are removed; tabs and
 * newlines become one space; invalid UTF-8 becomes U+FFFD. Caller frees. */
char *kl_sanitize(const char *s);
/* kl_sanitize, then truncated to max_cols columns, ending in "…" (or "~" when ascii)
 * when something was cut. Caller frees. */
char *kl_sanitize_fit(const char *s, size_t max_cols, bool ascii);

#endif
