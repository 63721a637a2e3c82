/* test_tui_theme.c — theme files, colour parsing and down-conversion, the config file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/buf.h"
#include "kleio/tui_config.h"
#include "kleio/tui_theme.h"

static void test_colour_parse(void **state)
{
    (void)state;
    kl_colour c;
    assert_int_equal(kl_colour_parse("#ff8000", &c), 0);
    assert_int_equal(c.kind, KL_COLOUR_RGB);
    assert_int_equal(c.r, 255);
    assert_int_equal(c.g, 128);
    assert_int_equal(c.b, 0);
    assert_int_equal(kl_colour_parse("default", &c), 0);
    assert_int_equal(c.kind, KL_COLOUR_DEFAULT);
    assert_int_equal(kl_colour_parse("bright_red", &c), 0);
    assert_int_equal(c.index, 9);
    assert_int_equal(kl_colour_parse("200", &c), 0);
    assert_int_equal(c.index, 200);
    assert_int_not_equal(kl_colour_parse("#ff80", &c), 0);
    assert_int_not_equal(kl_colour_parse("#gg0000", &c), 0);
    assert_int_not_equal(kl_colour_parse("256", &c), 0);
    assert_int_not_equal(kl_colour_parse("purple-ish", &c), 0);
}

static void test_down_conversion(void **state)
{
    (void)state;
    /* exact cube and grey entries map to themselves */
    assert_int_equal(kl_rgb_to_256(0xff, 0x00, 0x00), 196);
    assert_int_equal(kl_rgb_to_256(0x5f, 0xaf, 0xd7), 74);
    assert_int_equal(kl_rgb_to_256(0x80, 0x80, 0x80), 244);
    assert_int_equal(kl_rgb_to_256(0, 0, 0), 16);
    /* 8 colours: nearest ANSI */
    assert_int_equal(kl_rgb_to_ansi(0xff, 0x10, 0x10, 8), 1);
    assert_int_equal(kl_rgb_to_ansi(0x10, 0xe0, 0x10, 8), 2);
    assert_int_equal(kl_rgb_to_ansi(0xf0, 0xf0, 0xf0, 8), 7);
    assert_int_equal(kl_rgb_to_ansi(0xff, 0xff, 0xff, 16), 15);
    kl_colour c;
    kl_colour_parse("#d70000", &c);
    assert_int_equal(kl_colour_to_term(c, 256), 160);
    assert_int_equal(kl_colour_to_term(c, 8), 1);
    /* an index beyond the terminal's palette is converted through its RGB */
    kl_colour_parse("196", &c);
    assert_int_equal(kl_colour_to_term(c, 256), 196);
    assert_int_equal(kl_colour_to_term(c, 8), 1);
    kl_colour_parse("default", &c);
    assert_int_equal(kl_colour_to_term(c, 256), -1);
    uint8_t rgb[3];
    kl_xterm_rgb(232, rgb);
    assert_int_equal(rgb[0], 8);
    kl_xterm_rgb(16 + 36 * 5, rgb);
    assert_int_equal(rgb[0], 255);
    assert_int_equal(rgb[1], 0);
}

static void test_theme_parse(void **state)
{
    (void)state;
    kl_theme t;
    kl_theme_default(&t);
    kl_buf errs = KL_BUF_INIT;
    const char *text = "# comment\n"
                       "name = mine\n"
                       "normal.fg = #102030\n"
                       "selected.attr = bold, underline\n"
                       "header.bg = \"#000080\"\n"
                       "bogus.fg = #ffffff\n"
                       "normal.fg = #12\n"
                       "normal.colour = red\n"
                       "just words\n"
                       "dim.attr = blinking\n"
                       "\n";
    int bad = kl_theme_parse(&t, text, "my.theme", &errs);
    assert_int_equal(bad, 5);
    const char *e = kl_buf_cstr(&errs);
    assert_non_null(strstr(e, "my.theme:6: unknown element 'bogus'"));
    assert_non_null(strstr(e, "my.theme:7: bad colour '#12'"));
    assert_non_null(strstr(e, "my.theme:8: unknown property 'colour'"));
    assert_non_null(strstr(e, "my.theme:9: expected 'key = value'"));
    assert_non_null(strstr(e, "my.theme:10: unknown attribute 'blinking'"));
    assert_string_equal(t.name, "mine");
    assert_int_equal(t.el[KL_EL_NORMAL].fg.r, 0x10);
    assert_int_equal(t.el[KL_EL_SELECTED].attrs, KL_ATTR_BOLD | KL_ATTR_UNDERLINE);
    assert_int_equal(t.el[KL_EL_HEADER].bg.b, 0x80);
    /* keys not given keep the defaults */
    kl_theme d;
    kl_theme_default(&d);
    assert_memory_equal(&t.el[KL_EL_WARN], &d.el[KL_EL_WARN], sizeof d.el[0]);
    /* a bad line never changes the previous value */
    kl_buf_free(&errs);
}

static void test_theme_hostile_line(void **state)
{
    (void)state;
    kl_theme t;
    kl_theme_default(&t);
    kl_buf errs = KL_BUF_INIT;
    kl_theme_parse(&t, "\x1b[31mred.fg = x\n", "evil.theme", &errs);
    /* the report must not carry the escape sequence to the terminal */
    assert_null(strchr(kl_buf_cstr(&errs), '\x1b'));
    kl_buf_free(&errs);
}

static void test_shipped_themes(void **state)
{
    (void)state;
    const char *root = getenv("KLEIO_ROOT");
    static const char *const names[] = {"default-dark", "light", "high-contrast", "mono"};
    for (size_t i = 0; i < 4; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/themes/%s.theme", root ? root : ".", names[i]);
        kl_theme t;
        kl_buf errs = KL_BUF_INIT;
        int bad = kl_theme_load(&t, path, &errs);
        if (bad != 0)
            fprintf(stderr, "%s", kl_buf_cstr(&errs));
        assert_int_equal(bad, 0);
        assert_string_equal(t.name, names[i]);
        assert_int_equal(t.mono, i == 3);
        kl_buf_free(&errs);
    }
    /* the default-dark file equals the built-in table */
    char path[1024];
    snprintf(path, sizeof path, "%s/themes/default-dark.theme", root ? root : ".");
    kl_theme f, d;
    kl_buf errs = KL_BUF_INIT;
    kl_theme_load(&f, path, &errs);
    kl_theme_default(&d);
    assert_memory_equal(f.el, d.el, sizeof d.el);
    kl_buf_free(&errs);
    kl_buf missing = KL_BUF_INIT;
    assert_int_equal(kl_theme_load(&f, "/nonexistent/x.theme", &missing), -1);
    assert_non_null(strstr(kl_buf_cstr(&missing), "/nonexistent/x.theme: "));
    kl_buf_free(&missing);
}

static void test_gradient(void **state)
{
    (void)state;
    kl_theme t;
    kl_theme_default(&t);
    kl_colour lo = kl_theme_gradient(&t, 0), mid = kl_theme_gradient(&t, 0.5),
              hi = kl_theme_gradient(&t, 1);
    assert_int_equal(lo.r, t.el[KL_EL_GRAD_LOW].fg.r);
    assert_int_equal(mid.g, t.el[KL_EL_GRAD_MID].fg.g);
    assert_int_equal(hi.r, t.el[KL_EL_GRAD_HIGH].fg.r);
    kl_colour q = kl_theme_gradient(&t, 0.25);
    assert_true(q.r > lo.r && q.r < mid.r);
    kl_colour clamp = kl_theme_gradient(&t, 7);
    assert_int_equal(clamp.r, hi.r);
}

static void test_config(void **state)
{
    (void)state;
    kl_tui_config c;
    kl_tui_config_default(&c);
    assert_int_equal(c.n_columns, KL_COL_N);
    kl_buf errs = KL_BUF_INIT;
    int bad = kl_tui_config_parse(&c,
                                  "columns = refusal, conversations,trend\n"
                                  "theme = light\n"
                                  "sort = refusal\nreverse = yes\nempty = hide\nmap = no\n"
                                  "overlay = growth\n"
                                  "columns = name,size\n"
                                  "colour = blue\n"
                                  "empty = maybe\n",
                                  "cfg", &errs);
    assert_int_equal(bad, 3);
    assert_non_null(strstr(kl_buf_cstr(&errs), "cfg:8: unknown column 'size'"));
    assert_non_null(strstr(kl_buf_cstr(&errs), "cfg:9: unknown key colour"));
    assert_non_null(strstr(kl_buf_cstr(&errs), "cfg:10: "));
    /* the name is always first; the bad columns line left the good one in place */
    assert_int_equal(c.n_columns, 4);
    assert_int_equal(c.columns[0], KL_COL_NAME);
    assert_int_equal(c.columns[1], KL_COL_REFUSAL);
    assert_int_equal(c.columns[2], KL_COL_CONV);
    assert_int_equal(c.columns[3], KL_COL_TREND);
    assert_string_equal(c.theme, "light");
    assert_int_equal(c.sort_col, KL_COL_REFUSAL);
    assert_true(c.sort_reverse && c.hide_empty && !c.show_map);
    assert_int_equal(c.overlay, KL_OVERLAY_GROWTH);
    kl_buf_free(&errs);
}

static void test_config_outliers(void **state)
{
    (void)state;
    kl_tui_config c;
    kl_tui_config_default(&c);
    assert_true(c.outliers_fdr == 0.05);
    assert_true(c.outliers_min_size == 0);
    assert_int_equal(c.outliers_show, KL_SHOW_FLAGGED);
    kl_buf errs = KL_BUF_INIT;
    int bad = kl_tui_config_parse(&c,
                                  "outliers_fdr = 0.1\noutliers_min_size = 50\n"
                                  "outliers_show = under\n"
                                  "outliers_fdr = 1.5\noutliers_fdr = 0\noutliers_fdr = 5%\n"
                                  "outliers_min_size = -3\noutliers_min_size = lots\n"
                                  "outliers_show = some\n",
                                  "cfg", &errs);
    assert_int_equal(bad, 6);
    assert_non_null(strstr(kl_buf_cstr(&errs), "cfg:4: outliers_fdr must be a number between 0 and 1"));
    assert_non_null(strstr(kl_buf_cstr(&errs), "cfg:9: outliers_show must be flagged, over, under or all"));
    /* bad lines leave the good values in place */
    assert_true(c.outliers_fdr == 0.1);
    assert_true(c.outliers_min_size == 50);
    assert_int_equal(c.outliers_show, KL_SHOW_UNDER);
    kl_buf_free(&errs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_colour_parse),     cmocka_unit_test(test_down_conversion),
        cmocka_unit_test(test_theme_parse),      cmocka_unit_test(test_theme_hostile_line),
        cmocka_unit_test(test_shipped_themes),   cmocka_unit_test(test_gradient),
        cmocka_unit_test(test_config),           cmocka_unit_test(test_config_outliers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
