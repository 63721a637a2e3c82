/* tui_canvas.h — a dot canvas for the map: 2x4 dots per terminal cell (braille), one
 * style per cell (the last, highest-priority thing drawn there). Knows nothing of
 * curses; the map pane turns cells into braille characters or, on terminals without
 * UTF-8, into block characters by dot count. */
#ifndef KLEIO_TUI_CANVAS_H
#define KLEIO_TUI_CANVAS_H
#include <stdint.h>

typedef struct kl_canvas {
    int w, h;                 /* in cells; dots are 2w x 4h */
    uint8_t *dots;            /* braille bit pattern per cell */
    int16_t *style;           /* caller's style id per cell, -1 none */
    uint8_t *prio;
} kl_canvas;

void kl_canvas_init(kl_canvas *c, int w, int h);
void kl_canvas_free(kl_canvas *c);
/* Sets dot (x, y); out-of-range dots are ignored. */
void kl_canvas_dot(kl_canvas *c, int x, int y, int style, int prio);
/* A filled disc of radius r dots (at least one dot) centred on (cx, cy). */
void kl_canvas_disc(kl_canvas *c, double cx, double cy, double r, int style, int prio);
/* The circle outline only. */
void kl_canvas_ring(kl_canvas *c, double cx, double cy, double r, int style, int prio);
/* Unicode braille character for a cell's bits (U+2800 + bits). */
uint32_t kl_canvas_braille(uint8_t bits);
/* Number of dots set in a cell (for the block fallback). */
int kl_canvas_count(uint8_t bits);
/* Bit of dot (dx, dy) within a cell, dx 0..1, dy 0..3. */
uint8_t kl_canvas_bit(int dx, int dy);

#endif
