/* draw.c — the drawing helpers every view and pane uses: theme attributes, clipped and
 * sanitised text, fills, glyph fallbacks, sparklines. They only draw: no model, no I/O. */
#include "kleio/tui_draw.h"

#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "kleio/tui_app.h"
#include "kleio/tui_text.h"
#include "kleio/utf8.h"

static attr_t curses_attrs(unsigned a)
{
    attr_t r = A_NORMAL;
    if (a & KL_ATTR_BOLD) r |= A_BOLD;
    if (a & KL_ATTR_DIM) r |= A_DIM;
    if (a & KL_ATTR_UNDERLINE) r |= A_UNDERLINE;
    if (a & KL_ATTR_REVERSE) r |= A_REVERSE;
    if (a & KL_ATTR_ITALIC) r |= A_ITALIC;
    if (a & KL_ATTR_STANDOUT) r |= A_STANDOUT;
    return r;
}

int kl_app_attr(const kl_app *a, int el)
{
    attr_t r = curses_attrs(a->theme.el[el].attrs);
    if (a->ncolours)
        r |= COLOR_PAIR(el + 1);
    return (int)r;
}

int kl_app_grad_attr(const kl_app *a, double t, bool selected)
{
    if (!a->ncolours)
        return kl_app_attr(a, selected ? KL_EL_SELECTED : t > 0.75 ? KL_EL_GRAD_HIGH : KL_EL_NORMAL);
    int g = (int)(t * (KL_GRAD_STEPS - 1) + 0.5);
    g = g < 0 ? 0 : g >= KL_GRAD_STEPS ? KL_GRAD_STEPS - 1 : g;
    int pair = 1 + KL_EL_N + g + (selected ? KL_GRAD_STEPS : 0);
    return (int)(COLOR_PAIR(pair) | (selected ? curses_attrs(a->theme.el[KL_EL_SELECTED].attrs)
                                              : A_NORMAL));
}

int kl_app_put_attr(const kl_app *a, int y, int x, int w, const char *s, int attr)
{
    if (w <= 0)
        return 0;
    /* Every string is made safe here as well as at load: nothing reaches the terminal
     * without passing kl_sanitize, whatever its origin (meta, language names, files). */
    char buf[1024];
    char *safe = kl_sanitize(s);
    int used = kl_tui_fit(safe, w, a->ascii, buf, sizeof buf);
    free(safe);
    attrset((attr_t)attr);
    mvaddstr(y, x, buf);
    return used;
}

int kl_app_put(const kl_app *a, int y, int x, int w, const char *s, int el)
{
    return kl_app_put_attr(a, y, x, w, s, kl_app_attr(a, el));
}

void kl_app_fill(const kl_app *a, int y, int x, int w, int el)
{
    if (w <= 0)
        return;
    attrset((attr_t)kl_app_attr(a, el));
    mvhline(y, x, ' ', w);
}

const char *kl_app_glyph(const kl_app *a, const char *utf8, const char *ascii)
{
    return a->ascii ? ascii : utf8;
}

void kl_app_sparkline(const kl_app *a, const int32_t *pts, size_t n, int w, char *out,
                      size_t outn)
{
    static const char *const bars[8] = {"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83",
                                        "\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86",
                                        "\xe2\x96\x87", "\xe2\x96\x88"};
    static const char ascii_bars[8] = {'_', '_', '.', '-', '-', '=', '^', '#'};
    size_t o = 0;
    out[0] = '\0';
    if (w <= 0 || n == 0)
        return;
    size_t first = n > (size_t)w ? n - (size_t)w : 0;
    int32_t max = 0;
    for (size_t i = first; i < n; i++)
        if (pts[i] > max)
            max = pts[i];
    for (size_t i = first; i < n && o + 4 < outn; i++) {
        if (pts[i] < 0) {
            out[o++] = ' '; /* suppressed bucket: a gap, never a small bar */
            continue;
        }
        int level = max > 0 ? (int)((double)pts[i] / max * 7 + 0.5) : 0;
        if (a->ascii) {
            out[o++] = ascii_bars[level];
        } else {
            memcpy(out + o, bars[level], 3);
            o += 3;
        }
    }
    out[o] = '\0';
}
