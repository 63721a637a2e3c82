/* cmd_facets.c — `kleio facets`: computes the facets of every conversation without them. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kleio/commands.h"
#include "kleio/facets.h"
#include "kleio/facets_llm.h"
#include "kleio/llm.h"
#include "kleio/log.h"
#include "kleio/workdb.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kleio facets --work WORK.db [--keep-raw] [--batch N] [--threads N]\n"
            "                    [--backend offline|openai|anthropic] [--base-url URL]\n"
            "                    [--model NAME] [--api-key-env VAR] [--concurrency N]\n"
            "                    [--max-calls N] [--timeout SECONDS]\n"
            "\n"
            "Computes, for every conversation of the work database without facets, its\n"
            "language, whether the assistant refused (none/partial/full), a concern score\n"
            "(1-5), the number of user turns, a task type and a privacy-scrubbed one-line\n"
            "summary of the request, with the offline backend (no network) or a model.\n"
            "Then drops the raw text of every conversation that has facets. Rerunning does\n"
            "only the rest; model answers are cached in the work database.\n"
            "\n"
            "  -w, --work FILE        the work database (from kleio ingest)\n"
            "  -k, --keep-raw         keep the raw conversation text after its facets exist\n"
            "  -b, --batch N          conversations per transaction (default 500; 64 with a\n"
            "                         model backend, for progress between calls)\n"
            "  -j, --threads N        worker threads, offline backend (default: processors)\n"
            "      --backend NAME     offline (default), openai or anthropic; see\n"
            "                         kleio-backends(7)\n"
            "      --base-url URL     the server (default https://api.openai.com/v1 or\n"
            "                         https://api.anthropic.com)\n"
            "      --model NAME       the model (default gpt-4o-mini, claude-3-5-haiku-latest)\n"
            "      --api-key-env VAR  environment variable holding the API key (default\n"
            "                         OPENAI_API_KEY or ANTHROPIC_API_KEY); never stored\n"
            "      --concurrency N    model calls in flight at once (default 8, at most 64)\n"
            "      --max-calls N      stop calling the model after N calls (a budget)\n"
            "      --timeout SECONDS  time limit of one call (default 120)\n"
            "\n"
            "Exit status: 0 done, 1 a database error, a server error, or conversations that\n"
            "could not be read (named on stderr), 2 bad usage.\n");
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

enum { OPT_BACKEND = 256, OPT_BASE_URL, OPT_MODEL, OPT_KEY_ENV, OPT_CONCURRENCY, OPT_MAX_CALLS,
       OPT_TIMEOUT };

/* One line after a model run: calls, cache hits, retries, tokens, estimated cost. */
static void report_llm(kl_llm *llm, const kl_facets_backend *be)
{
    kl_llm_stats s;
    kl_llm_stats_get(llm, &s);
    kl_facets_llm_stats f;
    kl_facets_llm_stats_get(be, &f);
    double usd;
    char cost[64] = "cost unknown for this model";
    if (kl_llm_cost(kl_llm_model(llm), s.tokens_in, s.tokens_out, &usd))
        snprintf(cost, sizeof cost, "estimated cost $%.4f", usd);
    kl_info("facets: %s %s: %llu calls, %llu cache hits, %llu retries, %llu tokens in, %llu tokens "
            "out, %s", be->name, kl_llm_model(llm), (unsigned long long)s.calls,
            (unsigned long long)s.cache_hits, (unsigned long long)s.retries,
            (unsigned long long)s.tokens_in, (unsigned long long)s.tokens_out, cost);
    uint64_t fb = 0;
    for (int k = 0; k < KL_FACET_KINDS; k++)
        fb += f.fallbacks[k];
    if (fb)
        kl_info("facets: %llu unusable answers replaced by the offline value (language %llu, refusal "
                "%llu, concern %llu, task %llu, summary %llu)", (unsigned long long)fb,
                (unsigned long long)f.fallbacks[0], (unsigned long long)f.fallbacks[1],
                (unsigned long long)f.fallbacks[2], (unsigned long long)f.fallbacks[3],
                (unsigned long long)f.fallbacks[4]);
    if (s.over_budget)
        kl_info("facets: the budget of calls is spent; the conversations left without facets are "
                "done by the next run");
}

int cmd_facets(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"work", required_argument, NULL, 'w'},   {"keep-raw", no_argument, NULL, 'k'},
        {"batch", required_argument, NULL, 'b'},  {"threads", required_argument, NULL, 'j'},
        {"backend", required_argument, NULL, OPT_BACKEND},
        {"base-url", required_argument, NULL, OPT_BASE_URL},
        {"model", required_argument, NULL, OPT_MODEL},
        {"api-key-env", required_argument, NULL, OPT_KEY_ENV},
        {"concurrency", required_argument, NULL, OPT_CONCURRENCY},
        {"max-calls", required_argument, NULL, OPT_MAX_CALLS},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    const char *backend = "offline";
    kl_llm_config cfg = {.http = kl_http_opts_default()};
    long concurrency = 8, max_calls = 0, timeout = 120;
    const char *work = NULL;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    long batch = 0, threads = cpus > 0 ? (cpus > 64 ? 64 : cpus) : 1;
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
        case OPT_BACKEND:
            backend = optarg;
            if (strcmp(backend, "offline") != 0 && kl_llm_provider_parse(backend, &cfg.provider) != 0) {
                fprintf(stderr, "kleio: facets: --backend must be offline, openai or anthropic, not '%s'\n",
                        optarg);
                return 2;
            }
            break;
        case OPT_BASE_URL: cfg.base_url = optarg; break;
        case OPT_MODEL: cfg.model = optarg; break;
        case OPT_KEY_ENV: cfg.api_key_env = optarg; break;
        case OPT_CONCURRENCY:
            if (parse_count(optarg, "--concurrency", 64, &concurrency) != 0)
                return 2;
            break;
        case OPT_MAX_CALLS:
            if (parse_count(optarg, "--max-calls", 1000000000L, &max_calls) != 0)
                return 2;
            break;
        case OPT_TIMEOUT:
            if (parse_count(optarg, "--timeout", 3600, &timeout) != 0)
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
    bool remote = strcmp(backend, "offline") != 0;
    kl_llm *llm = NULL;
    kl_facets_backend *llm_be = NULL;
    const kl_facets_backend *be;
    if (remote) {
        cfg.cache_db = work;
        cfg.max_calls = (uint64_t)max_calls;
        cfg.http.concurrency = (int)concurrency;
        cfg.http.timeout_s = (double)timeout;
        if (!(llm = kl_llm_open(&cfg, err, sizeof err))) {
            kl_error("facets: %s", err);
            kl_workdb_close(db);
            return 2;
        }
        be = llm_be = kl_facets_llm_new(llm, backend);
        /* Each worker waits on one call at a time: as many workers as calls in flight. */
        threads = concurrency;
        if (!batch)
            batch = 64;
    } else {
        be = kl_facets_offline();
    }
    if (!be) {
        kl_llm_close(llm);
        kl_workdb_close(db);
        return 1;
    }
    opts.batch = batch ? (size_t)batch : 500;
    opts.threads = (int)threads;
    kl_facets_stats st;
    int rc = kl_facets_run(db, be, &opts, &st);
    bool fatal = false, only_budget = false;
    if (remote) {
        report_llm(llm, be);
        kl_llm_stats ls;
        kl_llm_stats_get(llm, &ls);
        fatal = kl_llm_fatal_error(llm)[0] != 0;
        only_budget = ls.over_budget > 0 && ls.failures == 0;
        kl_facets_llm_free(llm_be);
        kl_llm_close(llm);
    }
    kl_workdb_close(db);
    return rc != 0 || fatal || (st.failed > 0 && !only_budget) ? 1 : 0;
}
