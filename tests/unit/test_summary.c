/* test_summary.c — kl_summary picks the request, drops pleasantries and private details,
 * keeps topical words, stays on one clean line; kl_task_classify on fixed examples. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kleio/buf.h"
#include "kleio/facets.h"
#include "kleio/summary.h"
#include "kleio/utf8.h"

static char *sum1(const char *turn)
{
    const char *t[1] = {turn};
    return kl_summary(t, 1);
}

static void expect(const char *turn, const char *want)
{
    char *got = sum1(turn);
    if (strcmp(got, want) != 0)
        print_error("in:   %s\nwant: %s\ngot:  %s\n", turn, want, got);
    assert_string_equal(got, want);
    free(got);
}

static void test_picks_the_request(void **state)
{
    (void)state;
    expect("Hi there! My name is John Smith. Can you help me write a cover letter for a data "
           "analyst job? Thanks in advance!",
           "Can you help me write a cover letter for a data analyst job? — cover letter, letter, "
           "data analysis, job; writing, research");
    expect("Hola, me llamo María. ¿Cómo puedo aprender a programar en JavaScript? Gracias.",
           "¿Cómo puedo aprender a programar en JavaScript? — javascript; software");
    expect("Привет! Меня зовут Иван. Помоги написать письмо начальнику об отпуске.",
           "Помоги написать письмо начальнику об отпуске. — email, letter, boss, travel; writing, career");
    expect("你好！我叫王小明。请帮我翻译这段话成英文。谢谢！", "请帮我翻译这段话成英文。 — translation; language");
    expect("what alarms do i have set right now", "what alarms do i have set right now");
    expect("Bonjour ! Peux-tu m'expliquer la photosynthèse simplement ?",
           "Peux-tu m'expliquer la photosynthèse simplement ? — biology; science");
    expect("مرحبا. كيف أتعلم البرمجة بلغة بايثون؟", "كيف أتعلم البرمجة بلغة بايثون؟ — python, code; software");
}

static void test_later_turn_when_first_is_a_greeting(void **state)
{
    (void)state;
    const char *t[2] = {"hello", "I need a Python script that renames files in a folder"};
    char *got = kl_summary(t, 2);
    assert_string_equal(got, "I need a Python script that renames files in a folder — python, code, file; software, technology");
    free(got);
}

static void test_never_a_private_detail(void **state)
{
    (void)state;
    const char *turns[] = {
        "My email is jsmith@gmail.com and my phone is +1 (555) 123-4567. Call me at 555-123-4567?",
        "Last month I was diagnosed with HIV. What foods help the immune system?",
        "I live at 12 Maple Street, Springfield, IL 62704. Where can I recycle batteries?",
    };
    const char *secrets[] = {"jsmith", "555", "4567", "HIV", "Maple", "62704"};
    for (size_t k = 0; k < sizeof turns / sizeof *turns; k++) {
        char *got = sum1(turns[k]);
        for (size_t s = 0; s < sizeof secrets / sizeof *secrets; s++) {
            if (strstr(got, secrets[s]))
                print_error("'%s' leaked in: %s\n", secrets[s], got);
            assert_null(strstr(got, secrets[s]));
        }
        assert_true(strlen(got) > 10);
        free(got);
    }
}

static void test_clean_and_bounded(void **state)
{
    (void)state;
    kl_buf long_text = KL_BUF_INIT;
    kl_buf_puts(&long_text, "Please\t explain \x1b[31m the\t");
    for (int k = 0; k < 60; k++)
        kl_buf_puts(&long_text, "história ");
    kl_buf_puts(&long_text, "of Rome?");
    char *got = sum1(kl_buf_cstr(&long_text));
    assert_true(kl_utf8_valid(got, strlen(got)));
    size_t cps = 0;
    for (const char *p = got; *p; p++) {
        cps += ((unsigned char)*p & 0xC0) != 0x80;
        assert_true((unsigned char)*p >= 0x20);
    }
    assert_true(cps <= KL_SUMMARY_MAX);
    assert_null(strstr(got, "  "));
    assert_null(strstr(got, "[31m"));
    assert_non_null(strstr(got, "explain"));
    free(got);
    kl_buf_free(&long_text);

    char *c = kl_summary_clean("  a \t b\n\nc  ", 50);
    assert_string_equal(c, "a b c");
    free(c);
    c = kl_summary_clean("one two three four five", 12);
    assert_string_equal(c, "one two…");
    free(c);
}

static void test_code_is_dropped_but_named(void **state)
{
    (void)state;
    expect("fix this\n```python\nprint(x\n```", "fix this (python code) — python, code; software");
}

static void test_empty(void **state)
{
    (void)state;
    char *got = kl_summary(NULL, 0);
    assert_string_equal(got, "");
    free(got);
    expect("", "");
    expect("   \n\t ", "");
}

static void test_task(void **state)
{
    (void)state;
    static const struct {
        const char *text, *task;
    } t[] = {
        {"Why does this Python function throw a KeyError?", "code"},
        {"fix this\n```js\nlet x = ;\n```", "code"},
        {"Translate this paragraph into French please", "translation"},
        {"Переведи этот текст на английский", "translation"},
        {"Write a poem about autumn leaves", "writing"},
        {"Escribe una carta de presentación para un puesto de enfermera", "writing"},
        {"Should I accept the job offer or stay?", "advice"},
        {"What is the capital of Australia?", "question"},
        {"日本の首都はどこですか？", "question"},
        {"set an alarm for seven", "other"},
    };
    for (size_t k = 0; k < sizeof t / sizeof *t; k++) {
        const char *got = kl_task_classify(t[k].text, strlen(t[k].text));
        if (strcmp(got, t[k].task) != 0)
            print_error("%s: want %s, got %s\n", t[k].text, t[k].task, got);
        assert_string_equal(got, t[k].task);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_picks_the_request),
        cmocka_unit_test(test_later_turn_when_first_is_a_greeting),
        cmocka_unit_test(test_never_a_private_detail),
        cmocka_unit_test(test_clean_and_bounded),
        cmocka_unit_test(test_code_is_dropped_but_named),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_task),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
