/* theme.c — theme defaults, the theme file parser and colour down-conversion. */
#include "kleio/tui_theme.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kleio/kvfile.h"
#include "kleio/mem.h"
#include "kleio/utf8.h"

/* A theme file is a few dozen lines: a larger one is refused, not cut. */
#define THEME_FILE_MAX (1024 * 1024)

const char *const kl_tui_element_keys[KL_EL_N] = {
#define X(id, key, doc) [KL_EL_##id] = key,
    KL_TUI_ELEMENTS(X)
#undef X
};

const char *const kl_tui_element_docs[KL_EL_N] = {
#define X(id, key, doc) [KL_EL_##id] = doc,
    KL_TUI_ELEMENTS(X)
#undef X
};

#define RGB(v) {KL_COLOUR_RGB, 0, (uint8_t)((v) >> 16), (uint8_t)((v) >> 8), (uint8_t)(v)}
#define DEF {KL_COLOUR_DEFAULT, 0, 0, 0, 0}

void kl_theme_default(kl_theme *t)
{
    static const kl_style dark[KL_EL_N] = {
        [KL_EL_NORMAL] = {RGB(0xd0d0d0), DEF, 0},
        [KL_EL_SELECTED] = {RGB(0x000000), RGB(0x5fafd7), KL_ATTR_BOLD},
        [KL_EL_HEADER] = {RGB(0xffffff), RGB(0x005f87), KL_ATTR_BOLD},
        [KL_EL_FOOTER] = {RGB(0xd0d0d0), RGB(0x303030), 0},
        [KL_EL_COLUMN] = {RGB(0x87d7ff), DEF, KL_ATTR_BOLD},
        [KL_EL_BREADCRUMB] = {RGB(0xffd75f), DEF, KL_ATTR_BOLD},
        [KL_EL_BORDER] = {RGB(0x5f5f87), DEF, 0},
        [KL_EL_DIM] = {RGB(0x6c6c6c), DEF, 0},
        [KL_EL_ACCENT] = {RGB(0x87afd7), DEF, KL_ATTR_BOLD},
        [KL_EL_BAR] = {RGB(0x5fafd7), DEF, 0},
        [KL_EL_SPARK] = {RGB(0x87d787), DEF, 0},
        [KL_EL_MAP] = {RGB(0x8787af), DEF, 0},
        [KL_EL_MAP_LABEL] = {RGB(0xe4e4e4), DEF, 0},
        [KL_EL_MAP_SELECTED] = {RGB(0xffff5f), DEF, KL_ATTR_BOLD},
        [KL_EL_DENSITY] = {RGB(0x444444), DEF, 0},
        [KL_EL_MATCH] = {RGB(0x000000), RGB(0xffd75f), 0},
        [KL_EL_WARN] = {RGB(0xff5f5f), DEF, KL_ATTR_BOLD},
        [KL_EL_OVER] = {RGB(0xff8700), DEF, KL_ATTR_BOLD},
        [KL_EL_UNDER] = {RGB(0xd75fd7), DEF, KL_ATTR_BOLD},
        [KL_EL_DIALOG] = {RGB(0xe4e4e4), RGB(0x262626), 0},
        [KL_EL_GRAD_LOW] = {RGB(0x5fd75f), DEF, 0},
        [KL_EL_GRAD_MID] = {RGB(0xffd75f), DEF, 0},
        [KL_EL_GRAD_HIGH] = {RGB(0xff5f5f), DEF, 0},
    };
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "default-dark");
    memcpy(t->el, dark, sizeof dark);
}

void kl_theme_mono(kl_theme *t)
{
    static const unsigned attrs[KL_EL_N] = {
        [KL_EL_SELECTED] = KL_ATTR_REVERSE | KL_ATTR_BOLD,
        [KL_EL_HEADER] = KL_ATTR_REVERSE | KL_ATTR_BOLD,
        [KL_EL_FOOTER] = KL_ATTR_REVERSE,
        [KL_EL_COLUMN] = KL_ATTR_BOLD | KL_ATTR_UNDERLINE,
        [KL_EL_BREADCRUMB] = KL_ATTR_BOLD,
        [KL_EL_DIM] = KL_ATTR_DIM,
        [KL_EL_ACCENT] = KL_ATTR_BOLD,
        [KL_EL_MAP_SELECTED] = KL_ATTR_BOLD | KL_ATTR_REVERSE,
        [KL_EL_DENSITY] = KL_ATTR_DIM,
        [KL_EL_MATCH] = KL_ATTR_UNDERLINE | KL_ATTR_BOLD,
        [KL_EL_WARN] = KL_ATTR_BOLD,
        [KL_EL_OVER] = KL_ATTR_BOLD,
        [KL_EL_UNDER] = KL_ATTR_BOLD | KL_ATTR_UNDERLINE,
        [KL_EL_GRAD_HIGH] = KL_ATTR_BOLD,
    };
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "mono");
    t->mono = true;
    for (int i = 0; i < KL_EL_N; i++)
        t->el[i].attrs = attrs[i];
}

static const struct { const char *name; int index; } colour_names[] = {
    {"black", 0}, {"red", 1}, {"green", 2}, {"yellow", 3}, {"blue", 4}, {"magenta", 5},
    {"cyan", 6}, {"white", 7}, {"bright_black", 8}, {"gray", 8}, {"grey", 8},
    {"bright_red", 9}, {"bright_green", 10}, {"bright_yellow", 11}, {"bright_blue", 12},
    {"bright_magenta", 13}, {"bright_cyan", 14}, {"bright_white", 15},
};

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int kl_colour_parse(const char *s, kl_colour *out)
{
    memset(out, 0, sizeof *out);
    if (s[0] == '#') {
        if (strlen(s) != 7)
            return -1;
        int v[6];
        for (int i = 0; i < 6; i++)
            if ((v[i] = hexval(s[1 + i])) < 0)
                return -1;
        out->kind = KL_COLOUR_RGB;
        out->r = (uint8_t)(v[0] * 16 + v[1]);
        out->g = (uint8_t)(v[2] * 16 + v[3]);
        out->b = (uint8_t)(v[4] * 16 + v[5]);
        return 0;
    }
    if (strcasecmp(s, "default") == 0 || strcasecmp(s, "none") == 0) {
        out->kind = KL_COLOUR_DEFAULT;
        return 0;
    }
    if (s[0] >= '0' && s[0] <= '9') {
        char *end;
        errno = 0;
        long v = strtol(s, &end, 10);
        if (errno || *end || v < 0 || v > 255)
            return -1;
        out->kind = KL_COLOUR_INDEX;
        out->index = (uint8_t)v;
        return 0;
    }
    for (size_t i = 0; i < sizeof colour_names / sizeof colour_names[0]; i++) {
        if (strcasecmp(s, colour_names[i].name) == 0) {
            out->kind = KL_COLOUR_INDEX;
            out->index = (uint8_t)colour_names[i].index;
            return 0;
        }
    }
    return -1;
}

/* xterm's values for the 16 system colours. */
static const uint8_t ansi_rgb[16][3] = {
    {0, 0, 0}, {205, 0, 0}, {0, 205, 0}, {205, 205, 0}, {0, 0, 238}, {205, 0, 205},
    {0, 205, 205}, {229, 229, 229}, {127, 127, 127}, {255, 0, 0}, {0, 255, 0},
    {255, 255, 0}, {92, 92, 255}, {255, 0, 255}, {0, 255, 255}, {255, 255, 255},
};
static const uint8_t cube_level[6] = {0, 95, 135, 175, 215, 255};

void kl_xterm_rgb(int index, uint8_t rgb[3])
{
    if (index < 16) {
        memcpy(rgb, ansi_rgb[index < 0 ? 0 : index], 3);
    } else if (index < 232) {
        int i = index - 16;
        rgb[0] = cube_level[i / 36];
        rgb[1] = cube_level[(i / 6) % 6];
        rgb[2] = cube_level[i % 6];
    } else {
        uint8_t v = (uint8_t)(8 + 10 * (index > 255 ? 23 : index - 232));
        rgb[0] = rgb[1] = rgb[2] = v;
    }
}

static int dist2(const uint8_t a[3], int r, int g, int b)
{
    int dr = a[0] - r, dg = a[1] - g, db = a[2] - b;
    /* Weighted towards green as the eye is; enough to pick sensible neighbours. */
    return 2 * dr * dr + 4 * dg * dg + 3 * db * db;
}

static int nearest_cube(int v)
{
    int best = 0;
    for (int i = 1; i < 6; i++)
        if (abs(cube_level[i] - v) < abs(cube_level[best] - v))
            best = i;
    return best;
}

int kl_rgb_to_256(uint8_t r, uint8_t g, uint8_t b)
{
    int ci = 16 + 36 * nearest_cube(r) + 6 * nearest_cube(g) + nearest_cube(b);
    int avg = (r + g + b) / 3;
    int gi = avg < 8 ? 0 : avg > 238 ? 23 : (avg - 8 + 5) / 10;
    if (gi > 23)
        gi = 23;
    uint8_t c[3], gr[3];
    kl_xterm_rgb(ci, c);
    kl_xterm_rgb(232 + gi, gr);
    return dist2(gr, r, g, b) < dist2(c, r, g, b) ? 232 + gi : ci;
}

int kl_rgb_to_ansi(uint8_t r, uint8_t g, uint8_t b, int n)
{
    int best = 0, bestd = INT_MAX;
    for (int i = 0; i < n && i < 16; i++) {
        int d = dist2(ansi_rgb[i], r, g, b);
        if (d < bestd) {
            bestd = d;
            best = i;
        }
    }
    return best;
}

int kl_colour_to_term(kl_colour c, int ncolours)
{
    uint8_t rgb[3];
    switch (c.kind) {
    case KL_COLOUR_DEFAULT: return -1;
    case KL_COLOUR_INDEX:
        if (c.index < ncolours)
            return c.index;
        kl_xterm_rgb(c.index, rgb);
        break;
    default:
        rgb[0] = c.r;
        rgb[1] = c.g;
        rgb[2] = c.b;
        if (ncolours >= 256)
            return kl_rgb_to_256(c.r, c.g, c.b);
    }
    if (ncolours >= 256)
        return kl_rgb_to_256(rgb[0], rgb[1], rgb[2]);
    return kl_rgb_to_ansi(rgb[0], rgb[1], rgb[2], ncolours >= 16 ? 16 : 8);
}

static void colour_rgb(kl_colour c, uint8_t rgb[3])
{
    if (c.kind == KL_COLOUR_RGB) {
        rgb[0] = c.r;
        rgb[1] = c.g;
        rgb[2] = c.b;
    } else if (c.kind == KL_COLOUR_INDEX) {
        kl_xterm_rgb(c.index, rgb);
    } else {
        rgb[0] = rgb[1] = rgb[2] = 192;
    }
}

kl_colour kl_theme_gradient(const kl_theme *th, double t)
{
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    kl_colour a = th->el[t < 0.5 ? KL_EL_GRAD_LOW : KL_EL_GRAD_MID].fg;
    kl_colour b = th->el[t < 0.5 ? KL_EL_GRAD_MID : KL_EL_GRAD_HIGH].fg;
    double u = t < 0.5 ? t * 2 : (t - 0.5) * 2;
    if (a.kind == KL_COLOUR_DEFAULT || b.kind == KL_COLOUR_DEFAULT)
        return u < 0.5 ? a : b;
    uint8_t x[3], y[3];
    colour_rgb(a, x);
    colour_rgb(b, y);
    kl_colour out = {KL_COLOUR_RGB, 0, 0, 0, 0};
    out.r = (uint8_t)(x[0] + (y[0] - x[0]) * u + 0.5);
    out.g = (uint8_t)(x[1] + (y[1] - x[1]) * u + 0.5);
    out.b = (uint8_t)(x[2] + (y[2] - x[2]) * u + 0.5);
    return out;
}

static const struct { const char *name; unsigned bit; } attr_names[] = {
    {"bold", KL_ATTR_BOLD}, {"dim", KL_ATTR_DIM}, {"underline", KL_ATTR_UNDERLINE},
    {"reverse", KL_ATTR_REVERSE}, {"italic", KL_ATTR_ITALIC}, {"standout", KL_ATTR_STANDOUT},
};

static int parse_attrs(char *v, unsigned *out, const char **bad)
{
    *out = 0;
    char *save = NULL;
    for (char *w = strtok_r(v, ", ", &save); w; w = strtok_r(NULL, ", ", &save)) {
        if (strcasecmp(w, "none") == 0)
            continue;
        size_t i = 0;
        while (i < sizeof attr_names / sizeof attr_names[0] && strcasecmp(w, attr_names[i].name))
            i++;
        if (i == sizeof attr_names / sizeof attr_names[0]) {
            *bad = w;
            return -1;
        }
        *out |= attr_names[i].bit;
    }
    return 0;
}

/* Appends "FILE:LINE: before'arg'after"; arg is text from the file, so sanitized. */
static void report(kl_buf *errs, const char *file, int line, const char *before, const char *arg,
                   const char *after)
{
    char *safe = kl_sanitize_fit(arg, 40, false);
    kl_buf_printf(errs, "%s:%d: %s%s%s\n", file, line, before, safe, after);
    free(safe);
}

static int apply_line(void *ctx, const char *key, char *val, const char *file,
                      int lineno, kl_buf *errs)
{
    kl_theme *t = ctx;
    if (strcmp(key, "name") == 0) {
        snprintf(t->name, sizeof t->name, "%s", val);
        return 0;
    }
    if (strcmp(key, "mono") == 0) {
        if (strcmp(val, "yes") && strcmp(val, "no") && strcmp(val, "true") && strcmp(val, "false")) {
            report(errs, file, lineno, "mono must be yes or no, not '", val, "'");
            return 1;
        }
        t->mono = val[0] == 'y' || val[0] == 't';
        return 0;
    }
    char *dot = strrchr(key, '.');
    int el = -1;
    if (dot) {
        *dot = '\0';
        for (int i = 0; i < KL_EL_N; i++)
            if (strcmp(key, kl_tui_element_keys[i]) == 0)
                el = i;
    }
    if (el < 0) {
        report(errs, file, lineno, "unknown element '", key, "'");
        return 1;
    }
    const char *prop = dot + 1;
    if (strcmp(prop, "fg") == 0 || strcmp(prop, "bg") == 0) {
        kl_colour c;
        if (kl_colour_parse(val, &c) != 0) {
            report(errs, file, lineno, "bad colour '", val,
                   "' (want #RRGGBB, 0-255, a colour name or default)");
            return 1;
        }
        if (prop[0] == 'f')
            t->el[el].fg = c;
        else
            t->el[el].bg = c;
        return 0;
    }
    if (strcmp(prop, "attr") == 0) {
        unsigned a;
        const char *bad = NULL;
        if (parse_attrs(val, &a, &bad) != 0) {
            report(errs, file, lineno, "unknown attribute '", bad,
                   "' (bold, dim, underline, reverse, italic, standout)");
            return 1;
        }
        t->el[el].attrs = a;
        return 0;
    }
    report(errs, file, lineno, "unknown property '", prop, "' (fg, bg or attr)");
    return 1;
}

int kl_theme_parse(kl_theme *t, const char *text, const char *file, kl_buf *errs)
{
    return kl_kv_parse(text, file, apply_line, t, errs);
}

int kl_theme_load(kl_theme *t, const char *file, kl_buf *errs)
{
    kl_buf text = KL_BUF_INIT;
    if (kl_kv_read(file, THEME_FILE_MAX, &text, errs) != 0) {
        kl_buf_free(&text);
        return -1;
    }
    kl_theme_default(t);
    /* The name defaults to the file's base name without .theme. */
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    size_t blen = strlen(base);
    if (blen > 6 && strcmp(base + blen - 6, ".theme") == 0)
        blen -= 6;
    snprintf(t->name, sizeof t->name, "%.*s", (int)blen, base);
    int bad = kl_theme_parse(t, kl_buf_cstr(&text), file, errs);
    kl_buf_free(&text);
    return bad;
}

static int try_path(char *path, size_t n, const char *dir, const char *name)
{
    struct stat sb;
    snprintf(path, n, "%s/%s.theme", dir, name);
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) ? 0 : -1;
}

int kl_theme_locate(const char *name, char *path, size_t n)
{
    struct stat sb;
    if (strchr(name, '/') || (strlen(name) > 6 && strcmp(name + strlen(name) - 6, ".theme") == 0)) {
        snprintf(path, n, "%s", name);
        return stat(path, &sb) == 0 ? 0 : -1;
    }
    char dir[PATH_MAX];
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    if (xdg && *xdg) {
        snprintf(dir, sizeof dir, "%s/kleio/themes", xdg);
        if (try_path(path, n, dir, name) == 0)
            return 0;
    } else if (home && *home) {
        snprintf(dir, sizeof dir, "%s/.config/kleio/themes", home);
        if (try_path(path, n, dir, name) == 0)
            return 0;
    }
    /* Beside the build: <repo>/build/kleio -> <repo>/themes */
    char exe[PATH_MAX - 32];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(dir, sizeof dir, "%s/../themes", exe);
            if (try_path(path, n, dir, name) == 0)
                return 0;
        }
    }
    return try_path(path, n, KLEIO_DATADIR "/themes", name);
}
