/* job_exec.c — inside a detached job: start `kleio run` as a child process (an exec of
 * this binary, so that jobs never links to the pipeline) and record how and when it ended.
 * Hidden command: kleio jobs exec --work W --job ID -- run ARGS…
 *
 * Two processes, so that the end is always recorded by someone who saw it:
 *   - the supervisor (this process, the session leader whose pid the job row holds)
 *     waits for the run and then writes state, error and finished_at — after a cancel
 *     (SIGTERM to the job's process group) too, because it outlives the run;
 *   - the run (the child) reports progress (job_report.c) and is the one a cancel stops
 *     at once: its SIGTERM handler only writes a line to the log and _exits, leaving any open write
 *     transaction to be rolled back (finished stages are kept, the next run resumes).
 * Recording from inside a signal handler instead would call SQLite where it is not safe
 * (the handler may interrupt SQLite or malloc), and while the run holds the work
 * database's write lock the record could not be written anyway.
 * If the supervisor itself is killed (kill -9), the run is killed with it (Linux: parent
 * death signal) and the next reader records the end from the last progress report. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "kleio/jobs.h"
#include "kleio/log.h"
#include "kleio/numbers.h"
#include "kleio/workdb.h"

static sqlite3 *job_db;
static int64_t job_id;

/* Supervisor: the run's pid, and the signal that asked the job to stop (0: none). */
static volatile sig_atomic_t run_pid;
static volatile sig_atomic_t stop_signal;

/* In the supervisor: remember the stop and pass it on (a signal sent to the supervisor's
 * pid alone must stop the run too); then keep waiting for the run to end. */
static void on_stop(int sig)
{
    stop_signal = sig;
    if (run_pid > 0)
        kill((pid_t)run_pid, SIGTERM);
}

static void set_handler(int sig, void (*fn)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static int record_end(const char *state, const char *error)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(job_db,
                           "UPDATE jobs SET state = ?2, error = ?3, finished_at = ?4, eta = 0,"
                           " stage = '' WHERE id = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(st, 1, job_id);
    sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, error, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, (int64_t)time(NULL));
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The child: becomes `kleio run ARGS` (argv[0] is "run"), which reports its progress
 * into the job's row itself (job_report.c). */
static void run_child(pid_t supervisor, char **argv)
{
    /* A stop that reached this process before the exec must not be lost: the handler of
     * the supervisor it inherited would only note it. */
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    if (stop_signal)
        _exit(143);
#ifdef __linux__
    /* The run must not outlive a supervisor killed with -9: nobody would record its end.
     * The setting survives the exec. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
    if (getppid() != supervisor)
        _exit(137); /* it died before the line above */
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        kl_error("cannot find the kleio binary: %s", strerror(errno));
        _exit(127);
    }
    exe[n] = '\0';
    /* The run lock names the job that holds it, and the run records what it published. */
    char id_text[24];
    snprintf(id_text, sizeof id_text, "%lld", (long long)job_id);
    setenv(KL_JOB_ID_ENV, id_text, 1);
    size_t argc = 0;
    while (argv[argc])
        argc++;
    char **args = calloc(argc + 2, sizeof *args);
    if (!args)
        _exit(3);
    args[0] = exe;
    memcpy(args + 1, argv, argc * sizeof *args);
    execv(exe, args);
    kl_error("cannot start kleio run: %s", strerror(errno));
    _exit(127);
}

int kl_job_exec(int argc, char **argv)
{
    const char *work = NULL;
    int i = 1;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--work") == 0 && i + 1 < argc)
            work = argv[++i];
        else if (strcmp(argv[i], "--job") == 0 && i + 1 < argc &&
                 kl_parse_i64(argv[++i], 1, INT64_MAX, &job_id) != 0)
            job_id = 0;
        else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
    }
    if (!work || job_id <= 0 || i >= argc || strcmp(argv[i], "run") != 0) {
        kl_error("jobs exec: internal command; usage: jobs exec --work W --job ID -- run ARGS");
        return 2;
    }
    signal(SIGHUP, SIG_IGN);
    set_handler(SIGTERM, on_stop);
    set_handler(SIGINT, on_stop);

    char err[1024];
    job_db = kl_workdb_open(work, 0, err, sizeof err);
    if (!job_db) {
        kl_error("%s", err);
        return 1;
    }
    sqlite3_stmt *st;
    if (kl_jobs_schema(job_db) != 0 ||
        sqlite3_prepare_v2(job_db, "UPDATE jobs SET pid = ?2, started_at = ?3, updated_at = ?3"
                                   " WHERE id = ?1", -1, &st, NULL) != SQLITE_OK) {
        kl_error("%s: cannot attach to job %lld", work, (long long)job_id);
        kl_workdb_close(job_db);
        return 1;
    }
    sqlite3_bind_int64(st, 1, job_id);
    sqlite3_bind_int(st, 2, (int)getpid());
    sqlite3_bind_int64(st, 3, (int64_t)time(NULL));
    sqlite3_step(st);
    sqlite3_finalize(st);

    time_t now = time(NULL);
    fprintf(stderr, "kleio: job %lld started, pid %d, %s", (long long)job_id, (int)getpid(), ctime(&now));
    /* A cancel asked before this process recorded its pid could not be signalled. */
    kl_job asked;
    bool cancelled = stop_signal ||
                     (kl_job_get(job_db, job_id, &asked) == 0 && asked.cancel_requested);
    kl_job_clear(&asked);
    if (cancelled) {
        record_end("cancelled", "");
        fprintf(stderr, "kleio: job %lld cancelled before it began\n", (long long)job_id);
        kl_workdb_close(job_db);
        return 1;
    }
    kl_workdb_close(job_db);
    job_db = NULL;

    pid_t supervisor = getpid();
    fflush(NULL);
    pid_t child = fork();
    int fork_errno = errno;
    if (child == 0) {
        run_child(supervisor, argv + i);
    }
    int status = 0;
    if (child > 0) {
        run_pid = child;
        if (stop_signal) /* asked to stop between the check above and the fork */
            kill(child, SIGTERM);
        while (waitpid(child, &status, 0) < 0 && errno == EINTR)
            ;
        run_pid = 0;
    }

    job_db = kl_jobs_open(work, err, sizeof err);
    if (!job_db) {
        kl_error("cannot record the end of job %lld: %s", (long long)job_id, err);
        return 1;
    }
    sqlite3_busy_timeout(job_db, 30000); /* a next job may already be writing */
    kl_job j;
    bool asked_stop = kl_job_get(job_db, job_id, &j) == 0 && j.cancel_requested;
    char stage[64] = "";
    if (j.stage && *j.stage)
        snprintf(stage, sizeof stage, " during %.40s", j.stage);
    kl_job_clear(&j);

    const char *state;
    char why[160] = "";
    int rc;
    if (child < 0) {
        state = "failed";
        snprintf(why, sizeof why, "cannot start the run: %s", strerror(fork_errno));
        rc = 1;
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        state = "done";
        rc = 0;
    } else if (stop_signal || asked_stop) {
        state = "cancelled";
        rc = 143;
    } else if (WIFSIGNALED(status)) {
        state = "failed";
        snprintf(why, sizeof why, "the run was killed by signal %d (%s)%s; see the job's log",
                 WTERMSIG(status), strsignal(WTERMSIG(status)), stage);
        rc = 128 + WTERMSIG(status);
    } else {
        state = "failed";
        rc = WEXITSTATUS(status);
        snprintf(why, sizeof why, "kleio run exited with status %d%s; see the job's log", rc, stage);
    }
    if (record_end(state, why) != 0)
        kl_error("%s: cannot record the end of job %lld: %s", work, (long long)job_id,
                 sqlite3_errmsg(job_db));
    now = time(NULL);
    if (strcmp(state, "cancelled") == 0)
        fprintf(stderr, "kleio: job %lld cancelled; finished stages are kept and the next run resumes\n",
                (long long)job_id);
    fprintf(stderr, "kleio: job %lld %s, %s", (long long)job_id, state, ctime(&now));
    kl_workdb_close(job_db);
    return rc;
}
