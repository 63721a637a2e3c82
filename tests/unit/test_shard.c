/* test_shard.c — kl_shard_of: the documented hash (first 8 bytes of SHA-256, big-endian,
 * modulo N), so shards made by one machine match any other's; and its balance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "kleio/shard.h"

static unsigned of(const char *u, unsigned n)
{
    return kl_shard_of(u, strlen(u), n);
}

/* Expected values computed independently (Python: int.from_bytes(sha256(u).digest()[:8],
 * 'big') % n), not by this code. */
static void test_documented_hash(void **state)
{
    (void)state;
    assert_int_equal(of("u-1", 7), 4);
    assert_int_equal(of("u-c4bf4a4d", 4), 1);
    assert_int_equal(of("", 3), 1);
    assert_int_equal(of("\xe3\x83\xa6\xe3\x83\xbc\xe3\x82\xb6\xe3\x83\xbc", 16), 3); /* ユーザー */
    assert_int_equal(of("u-2bdec889", 4096), 3170);
    assert_int_equal(of("anything", 1), 0);
}

/* 40 000 user ids over 8 shards: each within 5% of its share. */
static void test_balance(void **state)
{
    (void)state;
    unsigned count[8] = {0};
    char u[32];
    for (int i = 0; i < 40000; i++) {
        snprintf(u, sizeof u, "u-%08x", (unsigned)i * 2654435761u);
        count[of(u, 8)]++;
    }
    for (int s = 0; s < 8; s++) {
        assert_true(count[s] > 4750);
        assert_true(count[s] < 5250);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_documented_hash),
        cmocka_unit_test(test_balance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
