/* test_tui_layout.c — pane arithmetic, column fitting, text fitting by display width,
 * the braille canvas and the key table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/tui_canvas.h"
#include "kleio/tui_columns.h"
#include "kleio/tui_keys.h"
#include "kleio/tui_layout.h"
#include "kleio/tui_text.h"
#include "kleio/utf8.h"

static void assert_inside(kl_rect r, int cols, int rows)
{
    assert_true(r.w >= 0 && r.h >= 0);
    if (r.w && r.h) {
        assert_true(r.x >= 0 && r.y >= 0);
        assert_true(r.x + r.w <= cols);
        assert_true(r.y + r.h <= rows);
    }
}

static void test_layout_sizes(void **state)
{
    (void)state;
    static const int sizes[][2] = {{80, 24}, {60, 15}, {59, 15}, {60, 14}, {1, 1}, {0, 0},
                                   {300, 80}, {130, 40}, {129, 40}, {20, 200}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        int c = sizes[i][0], r = sizes[i][1];
        kl_layout l;
        for (int map = 0; map < 2; map++) {
            kl_tui_layout(c, r, map, &l);
            kl_rect all[] = {l.header, l.crumb, l.tree, l.map, l.detail, l.footer, l.sep, l.sep2};
            for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
                assert_inside(all[k], c < 1 ? 1 : c, r < 1 ? 1 : r);
        }
    }
    kl_layout l;
    kl_tui_layout(80, 24, true, &l);
    assert_false(l.too_small);
    assert_false(l.wide);
    assert_int_equal(l.tree.w, 80);
    assert_true(l.map.w > 0 && l.detail.w > 0);
    assert_int_equal(l.map.w + 1 + l.detail.w, 80);
    /* tree, separator and bottom panes fill the body exactly */
    assert_int_equal(l.tree.h + 1 + l.detail.h, 24 - 3);
    kl_tui_layout(60, 15, true, &l);
    assert_false(l.too_small);
    assert_int_equal(l.map.w, 0); /* no room for a map: the detail takes the width */
    assert_int_equal(l.detail.w, 60);
    kl_tui_layout(59, 15, true, &l);
    assert_true(l.too_small);
    kl_tui_layout(200, 50, true, &l);
    assert_true(l.wide);
    assert_int_equal(l.tree.w + 1 + l.map.w, 200);
    assert_int_equal(l.map.h + 1 + l.detail.h, l.tree.h);
    kl_tui_layout(200, 50, false, &l);
    assert_int_equal(l.map.w, 0);
    assert_int_equal(l.detail.h, l.tree.h);
    assert_int_equal(kl_sat_sub(3, 5), 0);
    assert_int_equal(kl_sat_sub(5, 3), 2);
}

static void test_fit_columns(void **state)
{
    (void)state;
    int cols[KL_COL_N];
    for (int i = 0; i < KL_COL_N; i++)
        cols[i] = i;
    int name_w;
    int all = 0;
    for (int i = 1; i < KL_COL_N; i++)
        all += kl_tui_columns[i].width + 1;
    int n = kl_tui_fit_columns(cols, KL_COL_N, all + 30, 16, &name_w);
    assert_int_equal(n, KL_COL_N);
    assert_int_equal(name_w, 30);
    /* narrower: trailing columns drop, the name keeps its minimum */
    n = kl_tui_fit_columns(cols, KL_COL_N, 40, 16, &name_w);
    assert_true(n < KL_COL_N && n >= 1);
    assert_true(name_w >= 16);
    n = kl_tui_fit_columns(cols, KL_COL_N, 5, 16, &name_w);
    assert_int_equal(n, 1);
    assert_int_equal(name_w, 5);
    n = kl_tui_fit_columns(cols, KL_COL_N, 0, 16, &name_w);
    assert_int_equal(name_w, 0);
}

static void test_text_fit(void **state)
{
    (void)state;
    char out[256];
    assert_int_equal(kl_tui_fit("hello", 10, false, out, sizeof out), 5);
    assert_string_equal(out, "hello");
    assert_int_equal(kl_tui_fit("hello world", 6, false, out, sizeof out), 6);
    assert_string_equal(out, "hello\xe2\x80\xa6");
    assert_int_equal(kl_tui_fit("hello world", 6, true, out, sizeof out), 6);
    assert_string_equal(out, "hello~");
    /* CJK: two columns each, never split */
    const char *cjk = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe8\xb3\xaa\xe5\x95\x8f";
    int w = kl_tui_fit(cjk, 7, false, out, sizeof out);
    assert_true(w <= 7);
    assert_int_equal((int)kl_utf8_width(out), w);
    assert_true(kl_utf8_valid(out, strlen(out)));
    /* combining marks stay with their base */
    const char *comb = "e\xcc\x81\xcc\x81" "abcdef";
    w = kl_tui_fit(comb, 3, false, out, sizeof out);
    assert_int_equal(w, 3);
    assert_int_equal(memcmp(out, "e\xcc\x81\xcc\x81", 5), 0);
    /* emoji are wide */
    const char *emoji = "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80";
    w = kl_tui_fit(emoji, 5, false, out, sizeof out);
    assert_true(w <= 5);
    assert_int_equal((int)kl_utf8_width(out), w);
    /* ASCII terminals: one '?' per visible character, marks vanish */
    kl_tui_fit("caf\xc3\xa9 \xe6\x97\xa5" "e\xcc\x81", 20, true, out, sizeof out);
    assert_string_equal(out, "caf? ?e");
    /* zero and tiny widths */
    assert_int_equal(kl_tui_fit("abc", 0, false, out, sizeof out), 0);
    assert_string_equal(out, "");
    assert_int_equal(kl_tui_fit("abc", 1, false, out, sizeof out), 1);
    /* left cut for breadcrumbs keeps the end */
    w = kl_tui_fit_left("All clusters > Software > Python debugging", 20, false, out, sizeof out);
    assert_int_equal(w, 20);
    assert_non_null(strstr(out, "Python debugging"));
    assert_int_equal(memcmp(out, "\xe2\x80\xa6", 3), 0);
    /* a small output buffer is never overrun and stays valid UTF-8 */
    char small[10];
    kl_tui_fit(cjk, 40, false, small, sizeof small);
    assert_true(strlen(small) < sizeof small);
    assert_true(kl_utf8_valid(small, strlen(small)));
}

static void test_canvas(void **state)
{
    (void)state;
    kl_canvas c;
    kl_canvas_init(&c, 4, 2);
    assert_int_equal(kl_canvas_bit(0, 0), 0x01);
    assert_int_equal(kl_canvas_bit(1, 3), 0x80);
    assert_int_equal(kl_canvas_bit(0, 3), 0x40);
    kl_canvas_dot(&c, 0, 0, 1, 1);
    kl_canvas_dot(&c, 1, 3, 2, 2);
    kl_canvas_dot(&c, -1, 0, 1, 1);  /* ignored */
    kl_canvas_dot(&c, 8, 0, 1, 1);   /* ignored */
    assert_int_equal(c.dots[0], 0x81);
    assert_int_equal(c.style[0], 2);  /* higher priority wins the cell */
    assert_int_equal(kl_canvas_braille(c.dots[0]), 0x2881);
    assert_int_equal(kl_canvas_count(0xff), 8);
    assert_int_equal(kl_canvas_count(0x81), 2);
    kl_canvas_disc(&c, 4, 4, 2, 3, 1);
    int set = 0;
    for (int i = 0; i < c.w * c.h; i++)
        set += kl_canvas_count(c.dots[i]);
    assert_true(set > 10);
    /* a huge disc is clipped, not looped over */
    kl_canvas_disc(&c, 4, 4, 1e7, 3, 1);
    kl_canvas_free(&c);
}

static void test_keys(void **state)
{
    (void)state;
    assert_int_equal(kl_tui_key_action(KL_CTX_BROWSE, true, 'j'), KL_ACT_DOWN);
    assert_int_equal(kl_tui_key_action(KL_CTX_BROWSE, true, '\r'), KL_ACT_OPEN);
    assert_int_equal(kl_tui_key_action(KL_CTX_BROWSE, true, '+'), KL_ACT_ZOOM_IN);
    assert_int_equal(kl_tui_key_action(KL_CTX_BROWSE, true, '?'), KL_ACT_HELP);
    assert_int_equal(kl_tui_key_action(KL_CTX_OUTLIERS, true, '\n'), KL_ACT_JUMP);
    assert_int_equal(kl_tui_key_action(KL_CTX_OUTLIERS, false, 'j'), KL_ACT_NONE);
    assert_int_equal(kl_tui_key_action(KL_CTX_PICKER, true, ' '), KL_ACT_TOGGLE);
    /* no key is bound twice within a context, or shadowed by LIST/GLOBAL in BROWSE */
    for (size_t i = 0; i < kl_tui_n_keys; i++)
        for (int k = 0; k < 4; k++) {
            int code = kl_tui_keys[i].codes[k];
            if (!code)
                continue;
            for (size_t j = i + 1; j < kl_tui_n_keys; j++)
                for (int q = 0; q < 4; q++)
                    if (kl_tui_keys[j].codes[q] == code &&
                        kl_tui_keys[j].context == kl_tui_keys[i].context)
                        fail_msg("key %d bound twice in context %d", code, kl_tui_keys[i].context);
        }
    /* the man page form lists every row */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    kl_tui_keys_mdoc(f);
    fclose(f);
    assert_non_null(strstr(buf, ".Sh KEYS\n"));
    assert_non_null(strstr(buf, ".It Sy \"Enter, Right, l\"\n"));
    assert_non_null(strstr(buf, ".It Sy \"Shift\\-Left, H\"\n"));
    size_t items = 0;
    for (const char *p = buf; (p = strstr(p, ".It ")); p++)
        items++;
    assert_int_equal(items, kl_tui_n_keys);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_sizes), cmocka_unit_test(test_fit_columns),
        cmocka_unit_test(test_text_fit),     cmocka_unit_test(test_canvas),
        cmocka_unit_test(test_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
