/* canvas.c — the braille dot canvas of the map pane. */
#include "kleio/tui_canvas.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"

void kl_canvas_init(kl_canvas *c, int w, int h)
{
    c->w = w > 0 ? w : 0;
    c->h = h > 0 ? h : 0;
    size_t n = (size_t)c->w * (size_t)c->h;
    c->dots = kl_calloc(n ? n : 1, 1);
    c->prio = kl_calloc(n ? n : 1, 1);
    c->style = kl_malloc((n ? n : 1) * sizeof *c->style);
    for (size_t i = 0; i < n; i++)
        c->style[i] = -1;
}

void kl_canvas_free(kl_canvas *c)
{
    free(c->dots);
    free(c->style);
    free(c->prio);
    memset(c, 0, sizeof *c);
}

uint8_t kl_canvas_bit(int dx, int dy)
{
    /* Unicode braille numbering: dots 1-3 and 7 in the left column, 4-6 and 8 right. */
    static const uint8_t bits[2][4] = {{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}};
    return bits[dx & 1][dy & 3];
}

void kl_canvas_dot(kl_canvas *c, int x, int y, int style, int prio)
{
    if (x < 0 || y < 0 || x >= 2 * c->w || y >= 4 * c->h)
        return;
    size_t cell = (size_t)(y / 4) * (size_t)c->w + (size_t)(x / 2);
    c->dots[cell] |= kl_canvas_bit(x % 2, y % 4);
    if (prio >= c->prio[cell]) {
        c->prio[cell] = (uint8_t)prio;
        c->style[cell] = (int16_t)style;
    }
}

void kl_canvas_disc(kl_canvas *c, double cx, double cy, double r, int style, int prio)
{
    if (r < 0.5) {
        kl_canvas_dot(c, (int)floor(cx), (int)floor(cy), style, prio);
        return;
    }
    int x0 = (int)floor(cx - r), x1 = (int)ceil(cx + r);
    int y0 = (int)floor(cy - r), y1 = (int)ceil(cy + r);
    /* Clip before looping so a huge zoomed-in disc costs only the visible dots. */
    if (x0 < 0) x0 = 0;
    if (y0 < 0) y0 = 0;
    if (x1 > 2 * c->w) x1 = 2 * c->w;
    if (y1 > 4 * c->h) y1 = 4 * c->h;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
            if (dx * dx + dy * dy <= r * r)
                kl_canvas_dot(c, x, y, style, prio);
        }
}

void kl_canvas_ring(kl_canvas *c, double cx, double cy, double r, int style, int prio)
{
    if (r < 1) {
        kl_canvas_disc(c, cx, cy, r, style, prio);
        return;
    }
    int steps = (int)(2 * M_PI * r * 1.5) + 8;
    if (steps > 4096)
        steps = 4096;
    for (int i = 0; i < steps; i++) {
        double a = 2 * M_PI * i / steps;
        kl_canvas_dot(c, (int)floor(cx + r * cos(a)), (int)floor(cy + r * sin(a)), style, prio);
    }
}

uint32_t kl_canvas_braille(uint8_t bits)
{
    return 0x2800u + bits;
}

int kl_canvas_count(uint8_t bits)
{
    int n = 0;
    for (; bits; bits &= (uint8_t)(bits - 1))
        n++;
    return n;
}
