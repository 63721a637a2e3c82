/* test_jobs.c — the log tail shown in the jobs panel, and the run lock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kleio/buf.h"
#include "kleio/jobs.h"

static void test_log_tail(void **state)
{
    (void)state;
    char path[] = "/tmp/kleio-log-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    for (int i = 1; i <= 10; i++)
        fprintf(f, "line %d\n", i);
    fprintf(f, "embed  10/100\r\033[Kembed  50/100\r\033[Kembed: done\n");
    fclose(f);
    kl_job j = {.log_path = path};
    kl_buf out = KL_BUF_INIT;
    kl_job_log_tail(&j, 3, &out);
    assert_string_equal(kl_buf_cstr(&out), "line 9\nline 10\nembed: done\n");
    kl_job_log_tail(&j, 100, &out);
    assert_int_equal(strncmp(kl_buf_cstr(&out), "line 1\nline 2\n", 14), 0);
    unlink(path);
    kl_job missing = {.log_path = (char *)"/nonexistent/log"};
    kl_job_log_tail(&missing, 3, &out);
    assert_string_equal(kl_buf_cstr(&out), "");
    kl_buf_free(&out);
}

static void test_lock_is_exclusive_and_released(void **state)
{
    (void)state;
    char dir[] = "/tmp/kleio-lock-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char work[128];
    snprintf(work, sizeof work, "%s/work.db", dir);
    char err[512];
    int a = kl_run_lock_acquire(work, 5, err, sizeof err);
    assert_true(a >= 0);
    int b = kl_run_lock_acquire(work, 6, err, sizeof err);
    assert_int_equal(b, -1);
    assert_non_null(strstr(err, "already running (job 5, pid"));
    kl_run_lock_release(a);
    b = kl_run_lock_acquire(work, 6, err, sizeof err);
    assert_true(b >= 0);
    kl_run_lock_release(b);
    char lock[160];
    snprintf(lock, sizeof lock, "%s.lock", work);
    unlink(lock);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_log_tail),
        cmocka_unit_test(test_lock_is_exclusive_and_released),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
