/* test_jobs.c — the log tail shown in the jobs panel, the run lock, how readers record the
 * end of a job whose supervisor died, the stage of ended jobs, which job's result an
 * output path holds, and reading a jobs table from before result_id. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
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

/* A pid that is certainly not running: a child that has exited and been reaped. */
static int dead_pid(void)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(0);
    assert_true(pid > 0);
    waitpid(pid, NULL, 0);
    return (int)pid;
}

static sqlite3 *memory_jobs(void)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(kl_jobs_schema(db), 0);
    return db;
}

static int64_t sql_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* kill -9 of a job: the reader that finds its process gone records the end at the last
 * progress report, not at the time it looked, and the job no longer shows a stage. */
static void test_dead_job_ends_at_last_progress(void **state)
{
    (void)state;
    sqlite3 *db = memory_jobs();
    char sql[512];
    int pid = dead_pid();
    snprintf(sql, sizeof sql,
             "INSERT INTO jobs(id, state, pid, stage, done, total, created_at, started_at,"
             " updated_at) VALUES(1, 'running', %d, 'embed', 5, 10, 900, 1000, 1234),"
             " (2, 'running', %d, 'privacy', 0, 0, 900, 1000, 1500);"
             "UPDATE jobs SET cancel_requested = 1 WHERE id = 2;", pid, pid);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    kl_job *jobs;
    size_t n;
    assert_int_equal(kl_jobs_list(db, &jobs, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(jobs[1].state, "failed");
    assert_int_equal(jobs[1].finished_at, 1234);
    assert_string_equal(kl_job_stage(&jobs[1]), "");
    assert_string_equal(jobs[0].state, "cancelled");
    assert_int_equal(jobs[0].finished_at, 1500);
    kl_jobs_free(jobs, n);
    /* …persisted, so the elapsed time stops growing for every later reader */
    assert_int_equal(sql_int(db, "SELECT finished_at FROM jobs WHERE id = 1"), 1234);
    assert_int_equal(sql_int(db, "SELECT count(*) FROM jobs WHERE stage != ''"), 0);
    sqlite3_close(db);
}

static void test_stage_only_while_running(void **state)
{
    (void)state;
    kl_job j = {.state = "running", .stage = (char *)"privacy"};
    assert_string_equal(kl_job_stage(&j), "privacy");
    static const char *const ended[] = {"done", "failed", "cancelled"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(j.state, sizeof j.state, "%s", ended[i]);
        assert_string_equal(kl_job_stage(&j), "");
    }
}

static void test_result_holder(void **state)
{
    (void)state;
    kl_job jobs[] = {
        {.id = 4, .state = "failed", .out_path = (char *)"/s.db", .result_id = (char *)"c"},
        {.id = 3, .state = "done", .out_path = (char *)"/s.db", .result_id = (char *)"c"},
        {.id = 2, .state = "done", .out_path = (char *)"/t.db", .result_id = (char *)"b"},
        {.id = 1, .state = "done", .out_path = (char *)"/s.db", .result_id = (char *)"a"},
        {.id = 0, .state = "done", .out_path = (char *)"/s.db", .result_id = (char *)""},
    };
    /* job 1's file still holds its result */
    assert_ptr_equal(kl_job_result_holder(jobs, 5, &jobs[3], "a"), &jobs[3]);
    /* job 3 published over it: job 3's result, not job 1's */
    assert_ptr_equal(kl_job_result_holder(jobs, 5, &jobs[3], "c"), &jobs[1]);
    /* a snapshot no job of this list published, or none readable */
    assert_null(kl_job_result_holder(jobs, 5, &jobs[3], "b"));
    assert_null(kl_job_result_holder(jobs, 5, &jobs[3], ""));
    assert_null(kl_job_result_holder(jobs, 5, &jobs[3], NULL));
    /* a job that recorded no result cannot be told apart */
    assert_null(kl_job_result_holder(jobs, 5, &jobs[4], "a"));
}

/* A jobs table from before result_id: a read-only reader still lists it; the schema call
 * of a writer adds the column. */
static void test_jobs_table_without_result_id(void **state)
{
    (void)state;
    char path[] = "/tmp/kleio-jobs-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
        "CREATE TABLE jobs(id INTEGER PRIMARY KEY, state TEXT NOT NULL DEFAULT 'running',"
        " pid INTEGER NOT NULL DEFAULT 0, params TEXT NOT NULL DEFAULT '',"
        " out_path TEXT NOT NULL DEFAULT '', log_path TEXT NOT NULL DEFAULT '',"
        " stage TEXT NOT NULL DEFAULT '', done INTEGER NOT NULL DEFAULT 0,"
        " total INTEGER NOT NULL DEFAULT 0, rate REAL NOT NULL DEFAULT -1,"
        " eta REAL NOT NULL DEFAULT -1, error TEXT NOT NULL DEFAULT '',"
        " cancel_requested INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL,"
        " started_at INTEGER NOT NULL DEFAULT 0, finished_at INTEGER NOT NULL DEFAULT 0,"
        " updated_at INTEGER NOT NULL DEFAULT 0);"
        "INSERT INTO jobs(state, created_at, finished_at) VALUES('done', 1, 2);",
        NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    kl_job *jobs;
    size_t n;
    assert_int_equal(kl_jobs_list(db, &jobs, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(jobs[0].result_id, "");
    kl_jobs_free(jobs, n);
    sqlite3_close(db);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(kl_jobs_schema(db), 0);
    assert_int_equal(kl_job_record_result(db, 1, "abc"), 0);
    kl_job j;
    assert_int_equal(kl_job_get(db, 1, &j), 0);
    assert_string_equal(j.result_id, "abc");
    kl_job_clear(&j);
    assert_int_equal(kl_job_record_result(db, 99, "abc"), -1);
    sqlite3_close(db);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_log_tail),
        cmocka_unit_test(test_lock_is_exclusive_and_released),
        cmocka_unit_test(test_dead_job_ends_at_last_progress),
        cmocka_unit_test(test_stage_only_while_running),
        cmocka_unit_test(test_result_holder),
        cmocka_unit_test(test_jobs_table_without_result_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
