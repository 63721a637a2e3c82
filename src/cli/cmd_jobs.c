/* cmd_jobs.c — `kleio jobs`: list, start, cancel and read the log of background jobs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kleio/commands.h"
#include "kleio/jobs.h"
#include "kleio/log.h"
#include "kleio/numbers.h"
#include "kleio/utf8.h"
#include "kleio/workdb.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kleio jobs [list] [--work WORK.db]\n"
            "       kleio jobs start --work WORK.db --out SNAPSHOT.db [-- RUN-OPTIONS...]\n"
            "       kleio jobs cancel [--work WORK.db] ID\n"
            "       kleio jobs log [--work WORK.db] ID\n"
            "\n"
            "Background recomputes: each job is a `kleio run` in its own session that survives\n"
            "the terminal closing, logs to WORK.db.job-ID.log and reports its progress in the\n"
            "work database. One recompute per work database at a time.\n"
            "\n"
            "  --work FILE   the work database (default: $KLEIO_WORK)\n"
            "  --out FILE    the snapshot the job publishes\n");
}

static void fmt_duration(char *out, size_t n, int64_t s)
{
    if (s < 0)
        snprintf(out, n, "-");
    else if (s < 60)
        snprintf(out, n, "%llds", (long long)s);
    else if (s < 3600)
        snprintf(out, n, "%lldm%02llds", (long long)(s / 60), (long long)(s % 60));
    else
        snprintf(out, n, "%lldh%02lldm", (long long)(s / 3600), (long long)(s % 3600 / 60));
}

static int list_jobs(sqlite3 *db)
{
    kl_job *jobs;
    size_t n;
    if (kl_jobs_list(db, &jobs, &n) != 0) {
        kl_error("cannot list jobs: %s", sqlite3_errmsg(db));
        return 1;
    }
    if (n == 0) {
        printf("no jobs\n");
        return 0;
    }
    printf("%-5s %-10s %-10s %-16s %-8s %s\n", "ID", "STATE", "STAGE", "PROGRESS", "TIME", "PARAMETERS");
    int64_t now = (int64_t)time(NULL);
    for (size_t i = 0; i < n; i++) {
        kl_job *j = &jobs[i];
        char progress[48] = "-", dur[48];
        if (j->total > 0)
            snprintf(progress, sizeof progress, "%lld/%lld", (long long)j->done, (long long)j->total);
        else if (j->done > 0)
            snprintf(progress, sizeof progress, "%lld", (long long)j->done);
        int64_t end = j->finished_at ? j->finished_at : now;
        fmt_duration(dur, sizeof dur, j->started_at ? end - j->started_at : -1);
        /* a stage only while running: a finished job's state says all */
        char *stage = kl_sanitize_fit(*kl_job_stage(j) ? kl_job_stage(j) : "-", 10, true);
        char *params = kl_sanitize_fit(j->params, 60, true);
        printf("%-5lld %-10s %-10s %-16s %-8s %s\n", (long long)j->id, j->state, stage, progress,
               dur, params);
        if (*j->usage) {   /* model backends: calls, tokens and estimated cost so far */
            char *u = kl_sanitize(j->usage);
            printf("      model: %s\n", u);
            free(u);
        }
        if (*j->error) {
            char *e = kl_sanitize(j->error);
            printf("      %s\n", e);
            free(e);
        }
        free(stage);
        free(params);
    }
    kl_jobs_free(jobs, n);
    return 0;
}

static int print_log(sqlite3 *db, int64_t id)
{
    kl_job j;
    if (kl_job_get(db, id, &j) != 0) {
        kl_error("no job %lld", (long long)id);
        return 2;
    }
    FILE *f = fopen(j.log_path, "r");
    if (!f) {
        kl_error("%s: cannot read the log of job %lld", j.log_path, (long long)id);
        kl_job_clear(&j);
        return 1;
    }
    char buf[4096];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0)
        fwrite(buf, 1, got, stdout);
    fclose(f);
    kl_job_clear(&j);
    return 0;
}

static int parse_id(const char *s, int64_t *id)
{
    return kl_parse_i64(s, 1, INT64_MAX, id);
}

int cmd_jobs(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "exec") == 0)
        return kl_job_exec(argc - 1, argv + 1);
    const char *verb = "list", *work = getenv("KLEIO_WORK"), *out = NULL, *arg = NULL;
    int i = 1;
    if (i < argc && argv[i][0] != '-')
        verb = argv[i++];
    char **run_args = NULL;
    size_t n_run = 0;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--work") == 0 && i + 1 < argc) {
            work = argv[++i];
        } else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
            out = argv[++i];
        } else if (strcmp(argv[i], "--") == 0) {
            run_args = argv + i + 1;
            n_run = (size_t)(argc - i - 1);
            break;
        } else if (argv[i][0] != '-' && !arg) {
            arg = argv[i];
        } else {
            kl_error("jobs: unexpected argument '%s'", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (!work || !*work) {
        kl_error("jobs: which work database? give --work WORK.db (or set KLEIO_WORK)");
        return 2;
    }
    char err[1024];
    if (strcmp(verb, "start") == 0) {
        if (!out) {
            kl_error("jobs start: --out SNAPSHOT.db is required");
            return 2;
        }
        int64_t id;
        if (kl_job_start(work, out, run_args, n_run, &id, err, sizeof err) != 0) {
            kl_error("%s", err);
            return 1;
        }
        printf("job %lld started; follow it with: kleio jobs --work %s\n", (long long)id, work);
        return 0;
    }
    /* not kl_workdb_open: a cancel must not wait for the running job's write lock */
    sqlite3 *db = kl_jobs_open(work, err, sizeof err);
    if (!db) {
        kl_error("%s", err);
        return 2;
    }
    int rc;
    if (strcmp(verb, "list") == 0) {
        rc = list_jobs(db);
    } else if (strcmp(verb, "cancel") == 0 || strcmp(verb, "log") == 0) {
        int64_t id;
        if (parse_id(arg, &id) != 0) {
            kl_error("jobs %s: give a job id (see kleio jobs --work %s)", verb, work);
            rc = 2;
        } else if (strcmp(verb, "log") == 0) {
            rc = print_log(db, id);
        } else if (kl_job_cancel(db, id, err, sizeof err) != 0) {
            kl_error("%s", err);
            rc = 1;
        } else {
            printf("job %lld: cancel requested\n", (long long)id);
            rc = 0;
        }
    } else {
        kl_error("jobs: unknown action '%s' (list, start, cancel, log)", verb);
        rc = 2;
    }
    kl_workdb_close(db);
    return rc;
}
