/* tui_text.h — fitting already-sanitized text into terminal cells. */
#ifndef KLEIO_TUI_TEXT_H
#define KLEIO_TUI_TEXT_H
#include <stdbool.h>
#include <stddef.h>

/* Copies s into out truncated to max_cols display columns, ending in "…" ("~" when
 * ascii) when cut. With ascii, every non-ASCII character becomes '?' (one per
 * character; combining marks vanish), for terminals that cannot show UTF-8.
 * Returns the display width written. out must hold n >= 8 bytes. */
int kl_tui_fit(const char *s, int max_cols, bool ascii, char *out, size_t n);
/* Left-cuts s to the last max_cols columns, starting with "…" when cut (breadcrumbs). */
int kl_tui_fit_left(const char *s, int max_cols, bool ascii, char *out, size_t n);

#endif
