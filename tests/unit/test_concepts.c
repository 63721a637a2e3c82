/* test_concepts.c — the concept lexicon finds one topic across languages and scripts,
 * respects word boundaries and stems, and emits lexicon terms only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kleio/concepts.h"

static void expect(const char *text, const char *want)
{
    char *got = kl_concepts_gloss(NULL, text);
    if (strcmp(got, want) != 0)
        print_error("in:   %s\nwant: %s\ngot:  %s\n", text, want, got);
    assert_string_equal(got, want);
    free(got);
}

static void test_one_topic_many_languages(void **state)
{
    (void)state;
    expect("My Python script throws an error", "python, error, code; software");
    expect("Mi script de Python lanza un error", "python, error, code; software");
    expect("Mon script Python renvoie une erreur", "python, error, code; software");
    expect("Мой скрипт на Python выдаёт ошибку", "python, error, code; software");
    expect("Python kodumda hata var", "python, error, code; software");
    expect("我的Python脚本报错了", "python, error, code; software");
    expect("Pythonのスクリプトでエラーが出ます", "python, error, code; software");
    expect("Ինչպես գրել ռեզյումե", "resume; writing");
    expect("მინდა რეცეპტი", "recipe; food");
    expect("मुझे कुत्ते के लिए आहार चाहिए", "diet, pet; health, home");
    expect("أريد وصفة للطبخ", "recipe, cooking; food");
    expect("Kan jy my help met 'n resep?", "recipe; food");
}

static void test_boundaries(void **state)
{
    (void)state;
    expect("the cathedral", "");              /* "cat" only as a whole word */
    expect("PYTHONS and Pythonic", "python; software"); /* a stem, case folded */
    expect("lettre de motivation", "cover letter, letter; writing");
    expect("plan my trip", "travel");            /* a domain equal to a term is not repeated */
    expect("", "");
    char *g = kl_concepts_gloss(NULL, NULL);
    assert_string_equal(g, "");
    free(g);
}

static void test_bounded_and_prioritised(void **state)
{
    (void)state;
    const char *many = "python javascript sql docker regex error api website recipe poem";
    size_t idx[KL_CONCEPTS_MAX_TERMS];
    size_t n = kl_concepts_find(NULL, many, idx, KL_CONCEPTS_MAX_TERMS);
    assert_int_equal(n, KL_CONCEPTS_MAX_TERMS);
    for (size_t k = 1; k < n; k++)
        assert_true(idx[k - 1] < idx[k]);        /* canonical order */
    n = kl_concepts_find("poem", many, idx, 2);
    assert_int_equal(n, 2);
    assert_string_equal(kl_concept_lexicon[idx[1]].term, "poem");
}

static void test_terms_only(void **state)
{
    (void)state;
    /* Whatever the input, every term of the gloss is a lexicon term or domain. */
    char *g = kl_concepts_gloss("John Smith 555-1234 python", "my virus hack secret");
    char *save, *tok = strtok_r(g, ",;", &save);
    size_t seen = 0;
    for (; tok; tok = strtok_r(NULL, ",;", &save), seen++) {
        while (*tok == ' ')
            tok++;
        bool found = false;
        for (size_t c = 0; c < kl_concept_count && !found; c++)
            found = strcmp(kl_concept_lexicon[c].term, tok) == 0 ||
                    (kl_concept_lexicon[c].domain && strcmp(kl_concept_lexicon[c].domain, tok) == 0);
        assert_true(found);
    }
    assert_true(seen >= 2);
    free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_topic_many_languages),
        cmocka_unit_test(test_boundaries),
        cmocka_unit_test(test_bounded_and_prioritised),
        cmocka_unit_test(test_terms_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
