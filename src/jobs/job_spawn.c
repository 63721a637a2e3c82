/* job_spawn.c — starting a recompute as a detached process in its own session. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kleio/buf.h"
#include "kleio/jobs.h"
#include "kleio/mem.h"
#include "kleio/private_file.h"
#include "kleio/workdb.h"

void kl_job_args_join(char *const *args, size_t n, kl_buf *out)
{
    for (size_t i = 0; i < n; i++) {
        const char *a = args[i];
        if (i)
            kl_buf_putc(out, ' ');
        if (*a && !a[strcspn(a, " \t\n'\\\"")]) {
            kl_buf_puts(out, a);
            continue;
        }
        kl_buf_putc(out, '\'');
        for (; *a; a++) {
            if (*a == '\'')
                kl_buf_puts(out, "'\\''");
            else
                kl_buf_putc(out, *a);
        }
        kl_buf_putc(out, '\'');
    }
}

static int64_t insert_job(sqlite3 *db, const char *params, const char *out, const char *work)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "INSERT INTO jobs(state, params, out_path, created_at)"
                               " VALUES('running', ?1, ?2, ?3)", -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, params, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, out, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (int64_t)time(NULL));
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return -1;
    int64_t id = sqlite3_last_insert_rowid(db);
    kl_buf log = KL_BUF_INIT;
    kl_buf_printf(&log, "%s.job-%lld.log", work, (long long)id);
    if (sqlite3_prepare_v2(db, "UPDATE jobs SET log_path = ?2 WHERE id = ?1", -1, &st, NULL) !=
        SQLITE_OK) {
        kl_buf_free(&log);
        return -1;
    }
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, kl_buf_cstr(&log), -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    kl_buf_free(&log);
    return rc == SQLITE_DONE ? id : -1;
}

/* In the grandchild: stdin from /dev/null, stdout and stderr to the log, then exec. */
static void exec_job(const char *exe, const char *log, char **argv)
{
    int in = open("/dev/null", O_RDONLY);
    int out = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (in < 0 || out < 0)
        _exit(127);
    dup2(in, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(out, STDERR_FILENO);
    close(in);
    close(out);
    execv(exe, argv);
    _exit(127);
}

int kl_job_start(const char *work, const char *out, char *const *run_args, size_t n_args,
                 int64_t *job_id, char *err, size_t errlen)
{
    char work_abs[PATH_MAX], out_abs[PATH_MAX], exe[PATH_MAX];
    if (!realpath(work, work_abs)) {
        snprintf(err, errlen, "%s: %s", work, strerror(errno));
        return -1;
    }
    if (out[0] == '/') {
        snprintf(out_abs, sizeof out_abs, "%s", out);
    } else {
        char cwd[PATH_MAX / 2];
        if (!getcwd(cwd, sizeof cwd)) {
            snprintf(err, errlen, "cannot resolve %s: %s", out, strerror(errno));
            return -1;
        }
        snprintf(out_abs, sizeof out_abs, "%s/%.*s", cwd, (int)(sizeof out_abs / 2 - 2), out);
    }
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        snprintf(err, errlen, "cannot find the kleio binary: %s", strerror(errno));
        return -1;
    }
    exe[n] = '\0';

    /* Refuse early, naming the running job, rather than spawning a job that fails. */
    int probe = kl_run_lock_acquire(work_abs, 0, err, errlen);
    if (probe < 0)
        return -1;
    kl_run_lock_release(probe);

    sqlite3 *db = kl_workdb_open(work_abs, 0, err, errlen);
    if (!db)
        return -1;
    kl_buf params = KL_BUF_INIT;
    kl_job_args_join(run_args, n_args, &params);
    int64_t id = kl_jobs_schema(db) == 0 ? insert_job(db, kl_buf_cstr(&params), out_abs, work_abs) : -1;
    kl_job job = {0};
    if (id < 0 || kl_job_get(db, id, &job) != 0) {
        snprintf(err, errlen, "%s: cannot record the job: %s", work_abs, sqlite3_errmsg(db));
        kl_buf_free(&params);
        kl_workdb_close(db);
        return -1;
    }
    kl_workdb_close(db);
    kl_buf_free(&params);
    /* The log holds the run's messages: created 0600 here, where a wider existing one can
     * still be reported on our stderr (the job's own stderr is the log). */
    int log_fd = kl_private_open(job.log_path, O_WRONLY | O_APPEND);
    if (log_fd >= 0)
        close(log_fd);

    char id_text[32];
    snprintf(id_text, sizeof id_text, "%lld", (long long)id);
    size_t argc = 0;
    char **argv = kl_calloc(n_args + 16, sizeof *argv);
    argv[argc++] = exe;
    argv[argc++] = (char *)"jobs";
    argv[argc++] = (char *)"exec";
    argv[argc++] = (char *)"--work";
    argv[argc++] = work_abs;
    argv[argc++] = (char *)"--job";
    argv[argc++] = id_text;
    argv[argc++] = (char *)"--";
    argv[argc++] = (char *)"run";
    argv[argc++] = (char *)"--work";
    argv[argc++] = work_abs;
    argv[argc++] = (char *)"--out";
    argv[argc++] = out_abs;
    for (size_t i = 0; i < n_args; i++)
        argv[argc++] = run_args[i];
    argv[argc] = NULL;

    /* Double fork: the job is reparented to init at once (no zombie in the explorer) and
     * setsid puts it in its own session, so a hang-up of our terminal does not reach it. */
    fflush(NULL);
    pid_t middle = fork();
    if (middle < 0) {
        snprintf(err, errlen, "cannot start the job: %s", strerror(errno));
        free(argv);
        kl_job_clear(&job);
        return -1;
    }
    if (middle == 0) {
        setsid();
        pid_t child = fork();
        if (child == 0)
            exec_job(exe, job.log_path, argv);
        _exit(child < 0 ? 1 : 0);
    }
    int status = 0;
    while (waitpid(middle, &status, 0) < 0 && errno == EINTR)
        ;
    free(argv);
    kl_job_clear(&job);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(err, errlen, "cannot start the job (fork failed)");
        return -1;
    }
    *job_id = id;
    return 0;
}
