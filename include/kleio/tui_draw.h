/* tui_draw.h — the explorer's drawing helpers (draw.c), shared by every view and pane.
 *
 * They read only the app's theme and terminal capabilities (colours, UTF-8) and write to
 * the curses screen; they never touch the model or the snapshot. Every string passes
 * kl_sanitize on its way to the terminal, whatever its origin. */
#ifndef KLEIO_TUI_DRAW_H
#define KLEIO_TUI_DRAW_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct kl_app kl_app;

/* The curses attribute of theme element el (colour pair included when colours are on). */
int kl_app_attr(const kl_app *a, int el);
/* A step of the theme's gradient for t in [0, 1], on the normal or the selected bg. */
int kl_app_grad_attr(const kl_app *a, double t, bool selected);
/* Draws text at (y, x) clipped to w columns in element el; returns columns used. */
int kl_app_put(const kl_app *a, int y, int x, int w, const char *s, int el);
int kl_app_put_attr(const kl_app *a, int y, int x, int w, const char *s, int attr);
void kl_app_fill(const kl_app *a, int y, int x, int w, int el);
/* Glyphs that fall back to ASCII. */
const char *kl_app_glyph(const kl_app *a, const char *utf8, const char *ascii);
/* A sparkline of pts into out (the last w points; a negative point is a gap). */
void kl_app_sparkline(const kl_app *a, const int32_t *pts, size_t n, int w, char *out,
                      size_t outn);

#endif
