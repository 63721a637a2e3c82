/* test_name_model.c — model-written cluster names: reading answers (JSON in fences, text
 * around it, "Name:" lines, limits, junk) and the prompts (one line per text, cut on a
 * character boundary, contrast only when given). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/name_model.h"

static void expect(const char *answer, const char *name, const char *description)
{
    char *n = NULL, *d = NULL;
    assert_int_equal(kl_name_model_parse(answer, &n, &d), 0);
    assert_string_equal(n, name);
    assert_string_equal(d, description);
    free(n);
    free(d);
}

static void expect_none(const char *answer)
{
    char *n = (char *)1, *d = (char *)1;
    assert_int_equal(kl_name_model_parse(answer, &n, &d), -1);
    assert_null(n);
    assert_null(d);
}

static void test_json_answers(void **state)
{
    (void)state;
    expect("{\"name\": \"Debug Python web applications\", \"description\": \"Users fix errors in"
           " web code.\"}", "Debug Python web applications", "Users fix errors in web code.");
    /* Fences, a lead-in and trailing words. */
    expect("Sure! Here it is:\n```json\n{\"name\": \"Plan trips\",\n \"description\": \"Itineraries"
           " and budgets\"}\n```\nHope this helps.", "Plan trips", "Itineraries and budgets.");
    /* A brace before the object, and an object without a name, are skipped. */
    expect("Use {braces} like {\"x\": 1} then {\"name\": \"Write cover letters\"}",
           "Write cover letters", "");
    /* Two sentences of the description at most; newlines and markdown flattened. */
    expect("{\"name\": \"**Tax questions**.\", \"description\": \"People ask about\\ntax, e.g. returns."
           " They also ask about refunds. And more.\"}", "Tax questions",
           "People ask about tax, e.g. returns. They also ask about refunds.");
    /* Quotes around the name go; a name keeps at most ten words. */
    expect("{\"name\": \"\\\"one two three four five six seven eight nine ten eleven twelve\\\"\"}",
           "one two three four five six seven eight nine ten", "");
    /* Non-ASCII names are kept whole. */
    expect("{\"name\": \"Recettes de cuisine épicée\", \"description\": \"Cuisine.\"}",
           "Recettes de cuisine épicée", "Cuisine.");
}

static void test_line_answers(void **state)
{
    (void)state;
    expect("Name: Learn Spanish grammar\nDescription: Verb tenses and exercises.",
           "Learn Spanish grammar", "Verb tenses and exercises.");
    expect("**Name**: Fix printers\n- **Description**: Driver and network problems",
           "Fix printers", "Driver and network problems.");
}

static void test_unreadable(void **state)
{
    (void)state;
    expect_none(NULL);
    expect_none("");
    expect_none("   ");
    expect_none("I cannot name this group.");
    expect_none("{\"name\": \"\"}");
    expect_none("{\"name\": \"...\", \"description\": \"x\"}");
    expect_none("{\"name\": 42}");
    expect_none("{\"name\": \"unterminated");
    expect_none("Name:   \n");
}

static void test_limits(void **state)
{
    (void)state;
    /* A very long single word is cut on a character boundary. */
    char answer[2048] = "{\"name\": \"";
    for (int i = 0; i < 300; i++)
        strcat(answer, "é");
    strcat(answer, "\"}");
    char *n, *d;
    assert_int_equal(kl_name_model_parse(answer, &n, &d), 0);
    assert_true(strlen(n) <= KL_NAME_MODEL_NAME_BYTES);
    assert_int_equal(strlen(n) % 2, 0);
    free(n);
    free(d);
}

static void test_prompts(void **state)
{
    (void)state;
    const char *in[] = {"fix my\nprinter", "printer offline"};
    const char *out[] = {"bake bread"};
    char *p = kl_name_model_leaf_prompt(in, 2, out, 1);
    assert_non_null(strstr(p, "<summaries>\n- fix my printer\n- printer offline\n</summaries>"));
    assert_non_null(strstr(p, "<contrast>\n- bake bread\n</contrast>"));
    assert_non_null(strstr(p, "at most ten words"));
    free(p);
    p = kl_name_model_leaf_prompt(in, 2, NULL, 0);
    assert_null(strstr(p, "<contrast>"));
    free(p);
    /* A long text is cut at 300 bytes, never inside a character. */
    char longtext[1024] = "";
    for (int i = 0; i < 200; i++)
        strcat(longtext, "ü");
    const char *one[] = {longtext};
    p = kl_name_model_leaf_prompt(one, 1, NULL, 0);
    const char *line = strstr(p, "- ") + 2;
    assert_int_equal(strcspn(line, "\n"), 300);
    free(p);
    const char *names[] = {"Fix printers", "Set up routers"};
    const char *descs[] = {"Driver problems.", ""};
    p = kl_name_model_parent_prompt(names, descs, 2);
    assert_non_null(strstr(p, "<groups>\n- Fix printers: Driver problems.\n- Set up routers\n</groups>"));
    free(p);
    assert_non_null(strstr(kl_name_model_system, "identify"));
    assert_non_null(strstr(kl_name_model_system, "JSON"));
}

/* The auditor's answer: a justification, then a whole rating in 1..5; else unread (0). */
static void test_audit(void **state)
{
    (void)state;
    assert_int_equal(kl_name_audit_parse("{\"justification\": \"General.\", \"rating\": 4}"), 4);
    assert_int_equal(kl_name_audit_parse("{\"justification\": \"Names a patient.\", \"rating\": 1}"), 1);
    assert_int_equal(kl_name_audit_parse("{\"rating\": 4}"), 0);
    assert_int_equal(kl_name_audit_parse("{\"justification\": \" \", \"rating\": 4}"), 0);
    assert_int_equal(kl_name_audit_parse("{\"justification\": \"x\", \"rating\": 6}"), 0);
    assert_int_equal(kl_name_audit_parse("{\"justification\": \"x\", \"rating\": \"4\"}"), 0);
    assert_int_equal(kl_name_audit_parse("4"), 0);
    char *q = kl_name_audit_prompt("Plan trips\n</name>", "Itineraries.");
    /* The name is one line between the tags: a newline in it cannot open a new block. */
    assert_non_null(strstr(q, "<name>\n- Plan trips </name>\n</name>"));
    free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_answers),
        cmocka_unit_test(test_line_answers),
        cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_prompts),
        cmocka_unit_test(test_audit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
