/* cmd_facets.c — `kleio facets`: options in, kl_facets_work out. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>

#include "kleio/commands.h"
#include "kleio/facets_work.h"
#include "kleio/llm.h"
#include "kleio/numbers.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kleio facets --work WORK.db [--keep-raw] [--batch N] [--threads N]\n"
            "                    [--backend offline|openai|anthropic] [--base-url URL]\n"
            "                    [--model NAME] [--api-key-env VAR] [--concurrency N]\n"
            "                    [--max-calls N] [--timeout SECONDS] [--price IN,OUT]\n"
            "                    [--prompts DIR] [--custom-facets FILE]\n"
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
            "      --price IN,OUT     US dollars per million input and output tokens, for the\n"
            "                         cost estimate (default: the model's list price, if known)\n"
            "      --prompts DIR      read the prompts sent to the model from the files in DIR\n"
            "                         (see kleio prompts)\n"
            "      --custom-facets FILE  ask the custom facets of kleio-facets(5) too; they\n"
            "                         replace those the work database declares (without the\n"
            "                         option the declared ones are asked: a shard carries\n"
            "                         them). The offline backend records them unanswered.\n"
            "\n"
            "Exit status: 0 done, 1 a database error, a server error, or conversations that\n"
            "could not be read (named on stderr), 2 bad usage or a bad custom facets file.\n");
}

static int parse_count(const char *arg, const char *what, long max, long *out)
{
    int64_t v;
    if (kl_parse_i64(arg, 1, max, &v) != 0) {
        fprintf(stderr, "kleio: facets: %s must be a whole number from 1 to %ld, not '%s'\n", what,
                max, arg);
        return -1;
    }
    *out = (long)v;
    return 0;
}

enum { OPT_BACKEND = 256, OPT_BASE_URL, OPT_MODEL, OPT_KEY_ENV, OPT_CONCURRENCY, OPT_MAX_CALLS,
       OPT_TIMEOUT, OPT_PRICE, OPT_PROMPTS, OPT_CUSTOM };

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
        {"price", required_argument, NULL, OPT_PRICE},
        {"prompts", required_argument, NULL, OPT_PROMPTS},
        {"custom-facets", required_argument, NULL, OPT_CUSTOM},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    const char *backend = "offline";
    kl_llm_config cfg = {.http = kl_http_opts_default()};
    long concurrency = 8, max_calls = 0, timeout = 120;
    const char *work = NULL, *price = NULL, *prompts = NULL, *custom = NULL;
    long batch = 0, threads = 0;
    bool keep_raw = false;
    optind = 0;
    int c;
    while ((c = getopt_long(argc, argv, "w:kb:j:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'w': work = optarg; break;
        case 'k': keep_raw = true; break;
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
        case OPT_PRICE: {
            double in, out;
            char err[256];
            if (kl_llm_price(optarg, NULL, &in, &out, err, sizeof err) != 0) {
                fprintf(stderr, "kleio: facets: %s\n", err);
                return 2;
            }
            price = optarg;
            break;
        }
        case OPT_PROMPTS: prompts = optarg; break;
        case OPT_CUSTOM: custom = optarg; break;
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
    if ((price || prompts) && strcmp(backend, "offline") == 0) {
        fprintf(stderr, "kleio: facets: --price and --prompts need --backend openai or anthropic\n");
        return 2;
    }
    cfg.max_calls = (uint64_t)max_calls;
    cfg.http.concurrency = (int)concurrency;
    cfg.http.timeout_s = (double)timeout;
    kl_facets_work_opts w = {.work = work, .backend = backend, .llm = cfg, .keep_raw = keep_raw,
                             .batch = (size_t)batch, .threads = (int)threads, .price = price,
                             .prompts = prompts, .custom_facets = custom};
    return kl_facets_work(&w);
}
