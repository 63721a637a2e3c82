/* cmd_facets.c — `kleio facets`: computes the facets of every conversation without them. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kleio/commands.h"
#include "kleio/facets.h"
#include "kleio/log.h"
#include "kleio/workdb.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kleio facets --work WORK.db [--keep-raw] [--batch N] [--threads N]\n"
            "\n"
            "Computes, for every conversation of the work database without facets, its\n"
            "language, whether the assistant refused (none/partial/full), a concern score\n"
            "(1-5), the number of user turns, a task type and a privacy-scrubbed one-line\n"
            "summary of the request, with the offline backend (no network). Then drops the\n"
            "raw text of every conversation that has facets. Rerunning does only the rest.\n"
            "\n"
            "  -w, --work FILE    the work database (from kleio ingest)\n"
            "  -k, --keep-raw     keep the raw conversation text after its facets exist\n"
            "  -b, --batch N      conversations per transaction (default 500)\n"
            "  -j, --threads N    worker threads (default: the number of processors)\n"
            "\n"
            "Exit status: 0 done, 1 a database error or conversations that could not be\n"
            "read (named on stderr), 2 bad usage.\n");
}

static int parse_count(const char *arg, const char *what, long max, long *out)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (*arg == 0 || *end != 0 || v < 1 || v > max) {
        fprintf(stderr, "kleio: facets: %s must be a whole number from 1 to %ld, not '%s'\n", what,
                max, arg);
        return -1;
    }
    *out = v;
    return 0;
}

int cmd_facets(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"work", required_argument, NULL, 'w'},   {"keep-raw", no_argument, NULL, 'k'},
        {"batch", required_argument, NULL, 'b'},  {"threads", required_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    const char *work = NULL;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    long batch = 500, threads = cpus > 0 ? (cpus > 64 ? 64 : cpus) : 1;
    kl_facets_opts opts = {0};
    optind = 0;
    int c;
    while ((c = getopt_long(argc, argv, "w:kb:j:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'w': work = optarg; break;
        case 'k': opts.keep_raw = true; break;
        case 'b':
            if (parse_count(optarg, "--batch", 1000000, &batch) != 0)
                return 2;
            break;
        case 'j':
            if (parse_count(optarg, "--threads", 64, &threads) != 0)
                return 2;
            break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (!work || optind < argc) {
        if (optind < argc)
            fprintf(stderr, "kleio: facets: unexpected argument '%s'\n", argv[optind]);
        else
            fprintf(stderr, "kleio: facets: --work WORK.db is required\n");
        usage(stderr);
        return 2;
    }
    char err[512];
    if (access(work, F_OK) != 0) {
        kl_error("%s: no such work database (create it with kleio ingest)", work);
        return 2;
    }
    sqlite3 *db = kl_workdb_open(work, 0, err, sizeof err);
    if (!db) {
        kl_error("%s", err);
        return 2;
    }
    const kl_facets_backend *be = kl_facets_offline();
    if (!be) {
        kl_workdb_close(db);
        return 1;
    }
    opts.batch = (size_t)batch;
    opts.threads = (int)threads;
    kl_facets_stats st;
    int rc = kl_facets_run(db, be, &opts, &st);
    kl_workdb_close(db);
    return rc != 0 || st.failed > 0 ? 1 : 0;
}
