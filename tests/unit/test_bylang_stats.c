/* test_bylang_stats.c — kl_bylang_compute: the marks of tree --by-lang and the compare
 * view on small.sql's top level, and hidden cells tested nowhere. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "kleio/bylang_stats.h"

static kl_counts cnt(int64_t conv, int64_t refused)
{
    return (kl_counts){.conversations = conv, .refused = refused};
}

/* small.sql's top level: Software development 450 en / 150 es, Harmful requests 250 en /
 * 150 es; English 700 and Spanish 300 of 1000. */
static void fill(kl_bylang_cell *x, kl_counts *rows, kl_counts *langs)
{
    rows[0] = cnt(600, 30);
    rows[1] = cnt(400, 100);
    langs[0] = cnt(700, 70);
    langs[1] = cnt(300, 60);
    x[0].c = cnt(450, 20), x[0].others = cnt(150, 10);
    x[1].c = cnt(150, 10), x[1].others = cnt(450, 20);
    x[2].c = cnt(250, 50), x[2].others = cnt(150, 50);
    x[3].c = cnt(150, 50), x[3].others = cnt(250, 50);
}

static void run(kl_bylang_cell *x, kl_counts *rows, kl_counts *langs, size_t *ns, size_t *nr)
{
    const kl_counts *rt[2] = {&rows[0], &rows[1]}, *lt[2] = {&langs[0], &langs[1]};
    kl_bylang_compute(x, 2, 2, rt, lt, 1000, ns, nr);
}

static void test_marks(void **state)
{
    (void)state;
    kl_bylang_cell x[4] = {0};
    kl_counts rows[2], langs[2];
    size_t ns, nr;
    fill(x, rows, langs);
    run(x, rows, langs, &ns, &nr);
    assert_int_equal(ns, 4);
    assert_int_equal(nr, 4);
    assert_true(fabs(x[0].share - 0.75) < 1e-12);
    assert_int_equal(x[0].share_mark, 1);   /* 75% vs 250/400 outside */
    assert_int_equal(x[1].share_mark, -1);
    assert_int_equal(x[0].rate_mark, 0);    /* 4.4% vs 6.7%: not significant */
    assert_int_equal(x[2].rate_mark, -1);   /* 20% vs 33.3% */
    assert_int_equal(x[3].rate_mark, 1);
    for (int i = 0; i < 4; i++)
        assert_true(x[i].share_q >= x[i].share_p && x[i].rate_q >= x[i].rate_p);
}

static void test_hidden(void **state)
{
    (void)state;
    kl_bylang_cell x[4] = {0};
    kl_counts rows[2], langs[2];
    size_t ns, nr;
    fill(x, rows, langs);
    x[3].c = (kl_counts){.suppressed = true};        /* Harmful requests in Spanish */
    x[2].others = (kl_counts){.suppressed = true};   /* so English has no others there */
    rows[0].hidden_cells = 1;                         /* a partial total: no share */
    run(x, rows, langs, &ns, &nr);
    assert_true(isnan(x[3].share) && isnan(x[3].rate) && isnan(x[3].share_p));
    assert_int_equal(x[3].share_mark, 0);
    assert_int_equal(x[3].rate_mark, 0);
    assert_true(isnan(x[2].rate_p) && isnan(x[2].rate_others));
    assert_int_equal(x[2].rate_mark, 0);
    assert_false(isnan(x[2].rate));                  /* its own rate is still shown */
    assert_true(isnan(x[0].share) && isnan(x[1].share));
    assert_int_equal(ns, 1);                          /* only Harmful requests in English */
    assert_int_equal(nr, 2);                          /* Software development's two */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_marks),
        cmocka_unit_test(test_hidden),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
