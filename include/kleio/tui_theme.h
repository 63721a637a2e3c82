/* tui_theme.h — the explorer's one colour table and the theme file format
 * (kleio-theme(5)).
 *
 * A theme gives each semantic element a foreground, a background and attributes. Files
 * are flat `element.fg = #RRGGBB` lines; missing keys keep the built-in default-dark
 * values, bad lines are reported as "FILE:LINE: cause" and skipped. Colours are
 * converted down to what the terminal has (256, 16 or 8). This module knows nothing of
 * curses, so that parsing and conversion are testable without a terminal. */
#ifndef KLEIO_TUI_THEME_H
#define KLEIO_TUI_THEME_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kleio/buf.h"

/*  id            file key      what it colours */
#define KL_TUI_ELEMENTS(X)                                                        \
    X(NORMAL,       "normal",       "text of every pane")                         \
    X(SELECTED,     "selected",     "the row under the cursor")                   \
    X(HEADER,       "header",       "the top bar: snapshot, filter, sort")        \
    X(FOOTER,       "footer",       "the bottom bar: keys and messages")          \
    X(COLUMN,       "column",       "column titles")                              \
    X(BREADCRUMB,   "breadcrumb",   "the path of the current level")              \
    X(BORDER,       "border",       "pane separators and titles")                 \
    X(DIM,          "dim",          "suppressed, empty and secondary text")       \
    X(ACCENT,       "accent",       "labels in the detail pane")                  \
    X(BAR,          "bar",          "language mix bars")                          \
    X(SPARK,        "spark",        "trend sparklines")                           \
    X(MAP,          "map",          "map bubbles without an overlay value")       \
    X(MAP_LABEL,    "map_label",    "cluster names on the map")                   \
    X(MAP_SELECTED, "map_selected", "the selected cluster on the map")            \
    X(DENSITY,      "density",      "density shading on the map")                 \
    X(MATCH,        "match",        "search matches")                             \
    X(WARN,         "warn",         "errors and the too-small screen")            \
    X(OVER,         "over",         "possible over-refusal flags")                \
    X(UNDER,        "under",        "possible under-refusal flags")               \
    X(DIALOG,       "dialog",       "pickers, prompts and help")                  \
    X(GRAD_LOW,     "grad_low",     "low end of rate gradients (fg)")             \
    X(GRAD_MID,     "grad_mid",     "middle of rate gradients (fg)")              \
    X(GRAD_HIGH,    "grad_high",    "high end of rate gradients (fg)")

enum {
#define X(id, key, doc) KL_EL_##id,
    KL_TUI_ELEMENTS(X)
#undef X
    KL_EL_N
};

enum { KL_COLOUR_DEFAULT, KL_COLOUR_INDEX, KL_COLOUR_RGB };

typedef struct kl_colour {
    uint8_t kind;             /* KL_COLOUR_* */
    uint8_t index;            /* 0..255 for KL_COLOUR_INDEX */
    uint8_t r, g, b;          /* for KL_COLOUR_RGB */
} kl_colour;

enum {
    KL_ATTR_BOLD = 1u << 0, KL_ATTR_DIM = 1u << 1, KL_ATTR_UNDERLINE = 1u << 2,
    KL_ATTR_REVERSE = 1u << 3, KL_ATTR_ITALIC = 1u << 4, KL_ATTR_STANDOUT = 1u << 5,
};

typedef struct kl_style {
    kl_colour fg, bg;
    unsigned attrs;           /* KL_ATTR_* */
} kl_style;

typedef struct kl_theme {
    char name[64];
    kl_style el[KL_EL_N];
    bool mono;                /* attributes only: colours are never set */
} kl_theme;

extern const char *const kl_tui_element_keys[KL_EL_N];
extern const char *const kl_tui_element_docs[KL_EL_N];

/* The built-in default-dark theme (also the fallback for missing keys). */
void kl_theme_default(kl_theme *t);
/* Attributes only, for NO_COLOR and monochrome terminals. */
void kl_theme_mono(kl_theme *t);

/* Applies the lines of text over t. Each bad line appends "FILE:LINE: cause\n" to errs.
 * Returns the number of bad lines. `mono = yes` makes the theme attributes-only. */
int kl_theme_parse(kl_theme *t, const char *text, const char *file, kl_buf *errs);
/* Reads FILE and applies it over the defaults; -1 when the file cannot be read (the
 * cause is appended to errs), otherwise the number of bad lines. */
int kl_theme_load(kl_theme *t, const char *file, kl_buf *errs);
/* Resolves NAME (a built-in/installed theme name) or a FILE path into path. Looks in
 * $XDG_CONFIG_HOME/kleio/themes, the themes/ directory beside the build, and the
 * installed data directory. Returns 0 when found. */
int kl_theme_locate(const char *name, char *path, size_t n);

/* Parses "#RRGGBB", "default", a colour name or an index 0..255. */
int kl_colour_parse(const char *s, kl_colour *out);
/* The terminal colour number for c on a terminal with ncolours colours; -1 = default. */
int kl_colour_to_term(kl_colour c, int ncolours);
/* Nearest xterm-256 index, and nearest of the first n (8 or 16) ANSI colours. */
int kl_rgb_to_256(uint8_t r, uint8_t g, uint8_t b);
int kl_rgb_to_ansi(uint8_t r, uint8_t g, uint8_t b, int n);
/* RGB of an xterm-256 index. */
void kl_xterm_rgb(int index, uint8_t rgb[3]);
/* The gradient colour at t in [0,1] between grad_low, grad_mid and grad_high. */
kl_colour kl_theme_gradient(const kl_theme *th, double t);

#endif
