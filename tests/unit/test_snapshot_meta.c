/* The snapshot's meta keys are declared once (snapshot_meta.h): every key has its string,
 * keys are distinct, and kleio-snapshot(5) documents each of them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kleio/snapshot_meta.h"

static void test_keys_distinct(void **state)
{
    (void)state;
    for (int i = 0; i < KL_META_COUNT; i++) {
        assert_non_null(kl_meta_keys[i]);
        assert_true(kl_meta_keys[i][0] != '\0');
        for (int j = 0; j < i; j++)
            assert_string_not_equal(kl_meta_keys[i], kl_meta_keys[j]);
    }
    assert_string_equal(KL_META(MIN_USERS), "min_users");
}

/* The man page's meta list names each key as `.Em KEY` (the auditor's counts together as
 * `.Em audit_*`). */
static void test_man_page_documents_every_key(void **state)
{
    (void)state;
    const char *root = getenv("KLEIO_ROOT");
    char path[4096];
    snprintf(path, sizeof path, "%s/man/kleio-snapshot.5", root ? root : ".");
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char text[1 << 18];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    int missing = 0;
    for (int i = 0; i < KL_META_COUNT; i++) {
        const char *k = kl_meta_keys[i];
        char want[128];
        if (strncmp(k, "audit_", 6) == 0)
            snprintf(want, sizeof want, "\n.Em audit_*");
        else
            snprintf(want, sizeof want, "\n.Em %s", k);
        const char *at = strstr(text, want);
        char end = at ? at[strlen(want)] : 0;
        if (!at || (end != '\n' && end != ' ')) {
            fprintf(stderr, "kleio-snapshot(5) does not document meta key %s\n", k);
            missing++;
        }
    }
    assert_int_equal(missing, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys_distinct),
        cmocka_unit_test(test_man_page_documents_every_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
