/* test_net.c — the HTTP client: backoff and Retry-After arithmetic, and real transfers
 * against tests/tools/fake_llm: retries on 429 and 500, no retry on 401, time-outs,
 * a refused connection, and many requests in flight from one thread. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fake_llm_spawn.h"
#include "kleio/log.h"
#include "kleio/net.h"

static const char body[] = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";

static void test_backoff(void **state)
{
    (void)state;
    kl_http_opts o = kl_http_opts_default();
    o.backoff_base_s = 1;
    o.backoff_max_s = 10;
    assert_true(kl_http_backoff(&o, 1, 0, -1) == 0.5);
    assert_true(kl_http_backoff(&o, 1, 0.999, -1) < 1.0);
    assert_true(kl_http_backoff(&o, 3, 0, -1) == 2.0);           /* 4 s, half fixed */
    assert_true(kl_http_backoff(&o, 20, 0, -1) == 5.0);          /* capped at 10 */
    assert_true(kl_http_backoff(&o, 1, 0, 7) == 7.0);            /* Retry-After wins */
    assert_true(kl_http_backoff(&o, 1, 0, 1e6) == 120.0);        /* but not forever */
    assert_true(kl_http_backoff(&o, 5, 0, 1) == 1.0);            /* not doubled on top of it */
    assert_true(kl_http_backoff(&o, 5, 0.999, 1) < 1.1);
}

static void test_retry_after(void **state)
{
    (void)state;
    assert_true(kl_http_parse_retry_after("5", 0) == 5);
    assert_true(kl_http_parse_retry_after(" 2 ", 0) == 2);
    assert_true(kl_http_parse_retry_after("soon", 0) == -1);
    assert_true(kl_http_parse_retry_after("", 0) == -1);
    assert_true(kl_http_parse_retry_after(NULL, 0) == -1);
    assert_true(kl_http_parse_retry_after("-3", 0) == -1);
    /* 784111777 is Sun, 06 Nov 1994 08:49:37 GMT. */
    assert_true(kl_http_parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 - 30) == 30);
    assert_true(kl_http_parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 + 30) == 0);
}

static void test_retryable(void **state)
{
    (void)state;
    long yes[] = {429, 500, 502, 503, 504, 529}, no[] = {200, 400, 401, 403, 404, 422};
    for (size_t k = 0; k < 6; k++) {
        assert_true(kl_http_status_retryable(yes[k]));
        assert_false(kl_http_status_retryable(no[k]));
    }
}

static kl_http_opts fast_opts(void)
{
    kl_http_opts o = kl_http_opts_default();
    o.backoff_base_s = 0.01;
    o.backoff_max_s = 0.05;
    o.timeout_s = 5;
    return o;
}

/* One POST to PATH on a fresh server started with args. */
static int post_once(const char *const *args, const kl_http_opts *o, const char *const *headers,
                     size_t nh, kl_http_resp *r)
{
    fake_llm f;
    if (fake_llm_start(&f, args) != 0)
        return -2;
    char url[128];
    snprintf(url, sizeof url, "%s/v1/chat/completions", f.url);
    kl_http *h = kl_http_new(o);
    assert_non_null(h);
    kl_http_req req = {url, headers, nh, body, strlen(body), 0};
    int rc = kl_http_post(h, &req, r);
    kl_http_free(h);
    fake_llm_stop(&f);
    return rc;
}

static void test_retries_429_honouring_retry_after(void **state)
{
    (void)state;
    const char *args[] = {"--fail-429", "2", "--retry-after", "1", NULL};
    kl_http_opts o = fast_opts();
    kl_http_resp r;
    double t0 = kl_now();
    int rc = post_once(args, &o, NULL, 0, &r);
    if (rc == -2)
        skip();
    double took = kl_now() - t0;
    assert_int_equal(rc, 0);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.retries, 2);
    assert_non_null(strstr(r.body, "chat.completion"));
    assert_true(took >= 1.9);            /* two waits of Retry-After: 1, not 10 ms */
    kl_http_resp_free(&r);
}

static void test_gives_up_after_max_retries(void **state)
{
    (void)state;
    const char *args[] = {"--fail", "100", "--fail-status", "503", NULL};
    kl_http_opts o = fast_opts();
    o.max_retries = 3;
    kl_http_resp r;
    int rc = post_once(args, &o, NULL, 0, &r);
    if (rc == -2)
        skip();
    assert_int_equal(rc, 0);
    assert_int_equal(r.status, 503);
    assert_int_equal(r.retries, 3);
    kl_http_resp_free(&r);
}

static void test_no_retry_on_401(void **state)
{
    (void)state;
    const char *args[] = {"--key", "right-key", NULL};
    const char *hdr[] = {"Authorization: Bearer wrong-key"};
    kl_http_opts o = fast_opts();
    kl_http_resp r;
    int rc = post_once(args, &o, hdr, 1, &r);
    if (rc == -2)
        skip();
    assert_int_equal(rc, 0);
    assert_int_equal(r.status, 401);
    assert_int_equal(r.retries, 0);
    kl_http_resp_free(&r);
}

static void test_timeout_is_retried_then_reported(void **state)
{
    (void)state;
    const char *args[] = {"--slow", "3000", NULL};
    kl_http_opts o = fast_opts();
    o.timeout_s = 0.3;
    o.max_retries = 1;
    kl_http_resp r;
    double t0 = kl_now();
    int rc = post_once(args, &o, NULL, 0, &r);
    if (rc == -2)
        skip();
    assert_int_equal(rc, -1);
    assert_int_equal(r.retries, 1);
    assert_true(r.error[0] != 0);
    assert_true(kl_now() - t0 < 2.5);
    kl_http_resp_free(&r);
}

static void test_slow_first_call_recovers(void **state)
{
    (void)state;
    const char *args[] = {"--slow", "3000", "--slow-calls", "1", NULL};
    kl_http_opts o = fast_opts();
    o.timeout_s = 0.3;
    kl_http_resp r;
    int rc = post_once(args, &o, NULL, 0, &r);
    if (rc == -2)
        skip();
    assert_int_equal(rc, 0);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.retries, 1);
    kl_http_resp_free(&r);
}

static void test_connection_refused(void **state)
{
    (void)state;
    fake_llm f;
    if (fake_llm_start(&f, NULL) != 0)
        skip();
    char url[128];
    snprintf(url, sizeof url, "%s/v1/chat/completions", f.url);
    fake_llm_stop(&f);                   /* nobody listens on the port now */
    kl_http_opts o = fast_opts();
    o.max_retries = 1;
    kl_http *h = kl_http_new(&o);
    kl_http_req req = {url, NULL, 0, body, strlen(body), 0};
    kl_http_resp r;
    assert_int_equal(kl_http_post(h, &req, &r), -1);
    assert_true(r.error[0] != 0);
    kl_http_resp_free(&r);
    kl_http_free(h);
}

static void test_many_in_flight_from_one_thread(void **state)
{
    (void)state;
    char stats[] = "/tmp/kleio-test-net-XXXXXX";
    int fd = mkstemp(stats);
    assert_true(fd >= 0);
    close(fd);
    const char *args[] = {"--slow", "300", "--stats", stats, NULL};
    fake_llm f;
    if (fake_llm_start(&f, args) != 0) {
        unlink(stats);
        skip();
    }
    char url[128];
    snprintf(url, sizeof url, "%s/v1/chat/completions", f.url);
    kl_http_opts o = fast_opts();
    o.concurrency = 4;
    kl_http *h = kl_http_new(&o);
    kl_http_req reqs[8];
    kl_http_resp resps[8];
    for (int k = 0; k < 8; k++)
        reqs[k] = (kl_http_req){url, NULL, 0, body, strlen(body), 0};
    double t0 = kl_now();
    assert_int_equal(kl_http_post_many(h, reqs, resps, 8), 0);
    double took = kl_now() - t0;
    for (int k = 0; k < 8; k++) {
        assert_int_equal(resps[k].status, 200);
        kl_http_resp_free(&resps[k]);
    }
    kl_http_stats hs;
    kl_http_stats_get(h, &hs);
    assert_int_equal(hs.requests, 8);
    kl_http_free(h);
    fake_llm_stop(&f);
    print_message("# 8 requests took %.3f s\n", took);
    /* 8 requests of 300 ms, 4 at a time: about two rounds, less than the 2.4 s of one at a
     * time (the server's count of requests in flight below is the sharper check; bounds stay
     * loose so that a loaded machine does not fail it). */
    assert_true(took >= 0.55 && took < 2.4);
    FILE *sf = fopen(stats, "r");
    assert_non_null(sf);
    long n = 0, peak = 0;
    assert_int_equal(fscanf(sf, "requests %ld peak %ld", &n, &peak), 2);
    fclose(sf);
    unlink(stats);
    assert_int_equal(n, 8);
    assert_true(peak >= 2 && peak <= 4);   /* concurrent, and never above the limit */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_backoff),
        cmocka_unit_test(test_retry_after),
        cmocka_unit_test(test_retryable),
        cmocka_unit_test(test_retries_429_honouring_retry_after),
        cmocka_unit_test(test_gives_up_after_max_retries),
        cmocka_unit_test(test_no_retry_on_401),
        cmocka_unit_test(test_timeout_is_retried_then_reported),
        cmocka_unit_test(test_slow_first_call_recovers),
        cmocka_unit_test(test_connection_refused),
        cmocka_unit_test(test_many_in_flight_from_one_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
