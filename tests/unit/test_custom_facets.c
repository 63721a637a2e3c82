/* test_custom_facets.c — the declarations file (every mistake named by line, nothing
 * half-parsed), the schema the model is given, and the strict check of its answers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>

#include "kleio/custom_facets.h"

static const char good[] =
    "# comment\n"
    "facet.goal.question = What does the user want?\n"
    "facet.goal.type = choice\n"
    "facet.goal.values = learn , build,  other \n"
    "facet.hours.question = \"How many hours?\"\n"
    "facet.hours.type = number\n"
    "facet.hours.range = -1.5..10\n"
    "facet.note.question = What would help?\n"
    "facet.note.type = text\n";

static void test_parse_good(void **state)
{
    (void)state;
    kl_custom_facets cf;
    kl_buf errs = KL_BUF_INIT;
    assert_int_equal(kl_custom_parse(good, "f.conf", &cf, &errs), 0);
    assert_int_equal(cf.n, 3);
    assert_string_equal(cf.f[0].name, "goal");
    assert_int_equal(cf.f[0].type, KL_CUSTOM_CHOICE);
    assert_int_equal(cf.f[0].n_values, 3);
    assert_string_equal(cf.f[0].values[1], "build");
    assert_string_equal(cf.f[0].values[2], "other");
    assert_int_equal(cf.f[1].type, KL_CUSTOM_NUMBER);
    assert_true(cf.f[1].lo == -1.5 && cf.f[1].hi == 10);
    assert_string_equal(cf.f[1].question, "How many hours?");
    char *spec = kl_custom_spec(&cf.f[1]);
    assert_string_equal(spec, "number|-1.5..10|How many hours?");
    free(spec);
    kl_custom_free(&cf);
    kl_buf_free(&errs);
}

/* Each bad text gives one error naming its line and a cause containing want. */
static void test_parse_bad(void **state)
{
    (void)state;
    static const struct { const char *text, *want; } cases[] = {
        {"facet.a.question = Q\nfacet.a.type = colour\n", "f:2: a type is choice"},
        {"facet.a.question = Q\nfacet.a.type = choice\nfacet.a.values = x\n", "f:3: a choice needs at least two"},
        {"facet.a.question = Q\nfacet.a.type = choice\nfacet.a.values = x, X\n", "f:3: a choice value is"},
        {"facet.a.question = Q\nfacet.a.type = choice\nfacet.a.values = a,b,c,d,e,f,g,h,i,j,k,l,m\n",
         "f:3: a choice has at most 12"},
        {"facet.task.question = Q\nfacet.task.type = text\n", "f:1: 'facet.task.question': a facet's name"},
        {"facet.Big.question = Q\n", "f:1: 'facet.Big.question'"},
        {"facet.a.type = text\n", "f:1: facet 'a' has no question"},
        {"facet.a.question = Q\n", "f:1: facet 'a' has no type"},
        {"facet.a.question = Q\nfacet.a.type = number\nfacet.a.range = 3..3\n", "f:3: a range is LO..HI"},
        {"facet.a.question = Q\nfacet.a.type = number\nfacet.a.range = 1..nan\n", "f:3: a range is LO..HI"},
        {"facet.a.question = Q\nfacet.a.type = text\nfacet.a.range = 1..2\n", "has a range but is not a number"},
        {"facet.a.question = Q\nfacet.a.type = choice\n", "is a choice without values"},
        {"facet.a.colour = red\n", "f:1: unknown field 'colour'"},
        {"colour = red\n", "f:1: unknown key 'colour'"},
        {"just words\n", "f:1: expected 'key = value'"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        kl_custom_facets cf;
        kl_buf errs = KL_BUF_INIT;
        int n = kl_custom_parse(cases[k].text, "f", &cf, &errs);
        if (n == 0 || !strstr(kl_buf_cstr(&errs), cases[k].want))
            print_error("case %zu: %d errors: %s\n", k, n, kl_buf_cstr(&errs));
        assert_true(n > 0);
        assert_non_null(strstr(kl_buf_cstr(&errs), cases[k].want));
        assert_int_equal(cf.n, 0);   /* nothing half-parsed is kept */
        kl_buf_free(&errs);
    }
    /* Nine facets: the ninth is refused. */
    kl_buf t = KL_BUF_INIT, errs = KL_BUF_INIT;
    for (int i = 0; i < 9; i++)
        kl_buf_printf(&t, "facet.f%d.question = Q\nfacet.f%d.type = text\n", i, i);
    kl_custom_facets cf;
    assert_true(kl_custom_parse(kl_buf_cstr(&t), "f", &cf, &errs) > 0);
    assert_non_null(strstr(kl_buf_cstr(&errs), "at most 8 custom facets"));
    kl_buf_free(&t);
    kl_buf_free(&errs);
}

/* Writes len bytes to a new temporary file; its path in path. */
static void write_tmp(char path[64], const char *data, size_t len)
{
    snprintf(path, 64, "/tmp/kleio-custom-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
}

/* The file's own faults name the file and the cause (the file reader shared with the
 * explorer's theme and configuration); a bad line names file and line. */
static void test_load(void **state)
{
    (void)state;
    kl_custom_facets cf;
    kl_buf errs = KL_BUF_INIT;
    char path[64];
    const char one[] = "facet.mood.question = How does the user feel?\nfacet.mood.type = text\n";
    write_tmp(path, one, sizeof one - 1);
    assert_int_equal(kl_custom_load(path, &cf, &errs), 0);
    assert_int_equal(cf.n, 1);
    assert_string_equal(cf.f[0].name, "mood");
    kl_custom_free(&cf);
    unlink(path);

    write_tmp(path, "facet.a.type = text\0more\n", 25);
    assert_int_equal(kl_custom_load(path, &cf, &errs), -1);
    char want[128];
    snprintf(want, sizeof want, "%s: contains a NUL byte\n", path);
    assert_string_equal(kl_buf_cstr(&errs), want);
    unlink(path);

    kl_buf_clear(&errs);
    size_t big = 256 * 1024 + 1;
    char *text = malloc(big);
    memset(text, '#', big);
    write_tmp(path, text, big);
    free(text);
    assert_int_equal(kl_custom_load(path, &cf, &errs), -1);
    snprintf(want, sizeof want, "%s: longer than 256 KiB\n", path);
    assert_string_equal(kl_buf_cstr(&errs), want);
    unlink(path);

    kl_buf_clear(&errs);
    write_tmp(path, "facet.a.question = Why?\nnot a setting\n", 38);
    assert_int_equal(kl_custom_load(path, &cf, &errs), -1);
    snprintf(want, sizeof want, "%s:2: expected 'key = value'\n", path);
    assert_non_null(strstr(kl_buf_cstr(&errs), want));
    unlink(path);

    kl_buf_clear(&errs);
    assert_int_equal(kl_custom_load(path, &cf, &errs), -1);
    snprintf(want, sizeof want, "%s: No such file or directory\n", path);
    assert_string_equal(kl_buf_cstr(&errs), want);
    kl_buf_free(&errs);
}

static void test_schema(void **state)
{
    (void)state;
    kl_custom_facets cf;
    kl_buf errs = KL_BUF_INIT;
    assert_int_equal(kl_custom_parse(good, "f", &cf, &errs), 0);
    char *s = kl_custom_schema(&cf, "{\"type\":\"object\",\"required\":[\"summary\"],"
                                    "\"properties\":{\"summary\":{\"type\":\"string\"}}}");
    json_t *o = json_loads(s, 0, NULL);
    assert_non_null(o);
    json_t *p = json_object_get(o, "properties");
    assert_int_equal(json_array_size(json_object_get(json_object_get(p, "goal"), "enum")), 3);
    assert_true(json_number_value(json_object_get(json_object_get(p, "hours"), "minimum")) == -1.5);
    assert_int_equal(json_array_size(json_object_get(o, "required")), 4);
    json_decref(o);
    free(s);
    assert_null(kl_custom_schema(&cf, "[]"));
    kl_custom_free(&cf);
    kl_buf_free(&errs);
}

static void test_check(void **state)
{
    (void)state;
    kl_custom_facets cf;
    kl_buf errs = KL_BUF_INIT;
    assert_int_equal(kl_custom_parse(good, "f", &cf, &errs), 0);
    kl_custom_answer a[KL_CUSTOM_MAX_FACETS];
    /* All good; a null number is "cannot tell", valid and unanswered. */
    assert_int_equal(kl_custom_check(&cf, "{\"goal\":\"build\",\"hours\":null,\"note\":"
                                          "\"A short plan would help.\"}", a, &errs), 0);
    assert_true(a[0].answered);
    assert_string_equal(a[0].text, "build");
    assert_false(a[1].answered);
    assert_true(a[2].answered);
    kl_custom_answers_free(a, cf.n);
    /* Each wrong: a value off the list (case matters), a number out of range, a name. */
    kl_buf_clear(&errs);
    unsigned bad = kl_custom_check(&cf, "{\"goal\":\"Build\",\"hours\":11,\"note\":"
                                        "\"Ask Maria Lopez in Madrid.\"}", a, &errs);
    assert_int_equal(bad, 7);
    assert_string_equal(a[0].err, "must be one of learn, build, other");
    assert_string_equal(a[1].err, "must be a number from -1.5 to 10, or null");
    assert_non_null(strstr(a[2].err, "name"));
    assert_non_null(strstr(kl_buf_cstr(&errs), "goal: must be one of"));
    kl_custom_answers_free(a, cf.n);
    /* Wrong types and a missing field; not JSON at all. */
    kl_buf_clear(&errs);
    assert_int_equal(kl_custom_check(&cf, "{\"goal\":1,\"hours\":\"5\"}", a, &errs), 7);
    kl_custom_answers_free(a, cf.n);
    kl_buf_clear(&errs);
    assert_int_equal(kl_custom_check(&cf, "not json", a, &errs), 7);
    kl_custom_answers_free(a, cf.n);
    kl_custom_free(&cf);
    kl_buf_free(&errs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_good),
        cmocka_unit_test(test_parse_bad),
        cmocka_unit_test(test_load),
        cmocka_unit_test(test_schema),
        cmocka_unit_test(test_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
