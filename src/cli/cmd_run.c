/* cmd_run.c — `kleio run`: options in, kl_run out. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/commands.h"
#include "kleio/log.h"
#include "kleio/pipeline.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kleio run --work WORK.db --out SNAPSHOT.db [--leaf-size N | --k K]\n"
            "                 [--levels N] [--top N] [--min-users N] [--min-conversations N]\n"
            "                 [--seed S] [--dim N] [--languages LIST] [--keep-raw] [--threads N]\n"
            "                 [--incremental] [--backend offline|openai|anthropic]\n"
            "                 [--base-url URL] [--model NAME] [--embed-model NAME]\n"
            "                 [--api-key-env VAR] [--concurrency N] [--max-calls N]\n"
            "                 [--timeout SECONDS]\n"
            "\n"
            "Runs every stage that is not up to date — facets (when missing), embed, cluster,\n"
            "hierarchy, name, layout, privacy — and publishes the snapshot atomically.\n"
            "A stage whose parameters and inputs are unchanged is skipped.\n"
            "\n"
            "  -w, --work PATH           the work database (from kleio ingest)\n"
            "  -o, --out PATH            the snapshot to write (replaced atomically)\n"
            "      --leaf-size N         about N conversations per leaf cluster (default 100)\n"
            "      --k K                 exactly K leaf clusters (overrides --leaf-size)\n"
            "      --levels N            levels including the leaves (default 3)\n"
            "      --top N               clusters at the top level (default 10)\n"
            "      --min-users N         distinct users a published group needs (default 25)\n"
            "      --min-conversations N conversations a published group needs (default 50)\n"
            "      --seed S              random seed (default 1)\n"
            "      --dim N               embedding dimensions (default 256)\n"
            "      --languages LIST      only these language codes (comma-separated)\n"
            "      --keep-raw            keep raw conversation text after facets\n"
            "      --threads N           worker threads (default: online CPUs)\n"
            "      --incremental         assign conversations ingested since the last full run\n"
            "                            to the nearest existing leaf (no re-clustering), recount\n"
            "                            and publish; warns when drift calls for a full run\n"
            "      --backend NAME        offline (default), openai or anthropic: a model writes\n"
            "                            missing facets and names the clusters; openai also\n"
            "                            embeds (anthropic embeds offline); kleio-backends(7)\n"
            "      --base-url URL        the server (default: the provider's hosted API)\n"
            "      --model NAME          chat model (default gpt-4o-mini, claude-3-5-haiku-latest)\n"
            "      --embed-model NAME    embedding model, openai (default text-embedding-3-small)\n"
            "      --embed-dims N        ask the embedding model for N dimensions (default: its\n"
            "                            own length; 256 keeps the vectors of 1M conversations\n"
            "                            near 1 GB)\n"
            "      --api-key-env VAR     variable holding the key (default OPENAI_API_KEY,\n"
            "                            ANTHROPIC_API_KEY); the key is never stored\n"
            "      --concurrency N       model calls in flight at once (default 8, at most 64)\n"
            "      --max-calls N         calls the whole run may make; a run that needs more\n"
            "                            stops before publishing and the next run goes on\n"
            "      --timeout SECONDS     time limit of one call (default 120)\n"
            "  -q, --quiet               errors only\n"
            "\n"
            "See kleio-run(1) and kleio-privacy(7).\n");
}

static int parse_num(const char *opt, const char *arg, long long min, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(arg, &end, 10);
    if (errno || *end || end == arg || v < min) {
        kl_error("run: %s wants an integer >= %lld, not '%s'", opt, min, arg);
        return -1;
    }
    *out = v;
    return 0;
}

int cmd_run(int argc, char **argv)
{
    enum { O_LEAF = 256, O_K, O_LEVELS, O_TOP, O_MINU, O_MINC, O_SEED, O_DIM, O_LANGS, O_RAW,
           O_THREADS, O_INCR, O_BACKEND, O_BASE_URL, O_MODEL, O_EMBED_MODEL, O_EMBED_DIMS, O_KEY_ENV,
           O_CONCURRENCY, O_MAX_CALLS, O_TIMEOUT };
    static const struct option longopts[] = {
        {"work", required_argument, NULL, 'w'},
        {"out", required_argument, NULL, 'o'},
        {"leaf-size", required_argument, NULL, O_LEAF},
        {"k", required_argument, NULL, O_K},
        {"levels", required_argument, NULL, O_LEVELS},
        {"top", required_argument, NULL, O_TOP},
        {"min-users", required_argument, NULL, O_MINU},
        {"min-conversations", required_argument, NULL, O_MINC},
        {"seed", required_argument, NULL, O_SEED},
        {"dim", required_argument, NULL, O_DIM},
        {"languages", required_argument, NULL, O_LANGS},
        {"keep-raw", no_argument, NULL, O_RAW},
        {"threads", required_argument, NULL, O_THREADS},
        {"incremental", no_argument, NULL, O_INCR},
        {"backend", required_argument, NULL, O_BACKEND},
        {"base-url", required_argument, NULL, O_BASE_URL},
        {"model", required_argument, NULL, O_MODEL},
        {"embed-model", required_argument, NULL, O_EMBED_MODEL},
        {"embed-dims", required_argument, NULL, O_EMBED_DIMS},
        {"api-key-env", required_argument, NULL, O_KEY_ENV},
        {"concurrency", required_argument, NULL, O_CONCURRENCY},
        {"max-calls", required_argument, NULL, O_MAX_CALLS},
        {"timeout", required_argument, NULL, O_TIMEOUT},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    kl_run_params p;
    kl_run_params_init(&p);
    optind = 1;
    opterr = 0;
    int ch;
    long long v;
    while ((ch = getopt_long(argc, argv, ":w:o:qh", longopts, NULL)) != -1) {
        switch (ch) {
        case 'w': p.work = optarg; break;
        case 'o': p.out = optarg; break;
        case 'q': kl_verbosity = 0; break;
        case 'h': usage(stdout); return 0;
        case O_LEAF:
            if (parse_num("--leaf-size", optarg, 1, &v) != 0) return 2;
            p.leaf_size = (size_t)v;
            break;
        case O_K:
            if (parse_num("--k", optarg, 1, &v) != 0) return 2;
            p.k = (size_t)v;
            break;
        case O_LEVELS:
            if (parse_num("--levels", optarg, 1, &v) != 0 || v > 8) {
                kl_error("run: --levels must be between 1 and 8");
                return 2;
            }
            p.levels = (int)v;
            break;
        case O_TOP:
            if (parse_num("--top", optarg, 1, &v) != 0) return 2;
            p.top = (size_t)v;
            break;
        case O_MINU:
            if (parse_num("--min-users", optarg, 1, &v) != 0) return 2;
            p.min_users = v;
            break;
        case O_MINC:
            if (parse_num("--min-conversations", optarg, 1, &v) != 0) return 2;
            p.min_conversations = v;
            break;
        case O_SEED:
            if (parse_num("--seed", optarg, 0, &v) != 0) return 2;
            p.seed = (uint64_t)v;
            break;
        case O_DIM:
            if (parse_num("--dim", optarg, 2, &v) != 0 || v > 4096) {
                kl_error("run: --dim must be between 2 and 4096");
                return 2;
            }
            p.dim = (int)v;
            break;
        case O_LANGS: p.languages = optarg; break;
        case O_RAW: p.keep_raw = true; break;
        case O_INCR: p.incremental = true; break;
        case O_THREADS:
            if (parse_num("--threads", optarg, 0, &v) != 0 || v > 256) return 2;
            p.threads = (int)v;
            break;
        case O_BACKEND:
            if (strcmp(optarg, "offline") != 0 && strcmp(optarg, "openai") != 0 &&
                strcmp(optarg, "anthropic") != 0) {
                kl_error("run: --backend must be offline, openai or anthropic, not '%s'", optarg);
                return 2;
            }
            p.backend = optarg;
            break;
        case O_BASE_URL: p.base_url = optarg; break;
        case O_MODEL: p.model = optarg; break;
        case O_EMBED_MODEL: p.embed_model = optarg; break;
        case O_EMBED_DIMS:
            if (parse_num("--embed-dims", optarg, 1, &v) != 0 || v > 65536) {
                kl_error("run: --embed-dims must be between 1 and 65536");
                return 2;
            }
            p.embed_dims = (int)v;
            break;
        case O_KEY_ENV: p.api_key_env = optarg; break;
        case O_CONCURRENCY:
            if (parse_num("--concurrency", optarg, 1, &v) != 0 || v > 64) {
                kl_error("run: --concurrency must be between 1 and 64");
                return 2;
            }
            p.concurrency = (int)v;
            break;
        case O_MAX_CALLS:
            if (parse_num("--max-calls", optarg, 1, &v) != 0) return 2;
            p.max_calls = (uint64_t)v;
            break;
        case O_TIMEOUT:
            if (parse_num("--timeout", optarg, 1, &v) != 0 || v > 3600) {
                kl_error("run: --timeout must be between 1 and 3600 seconds");
                return 2;
            }
            p.timeout = (int)v;
            break;
        case ':':
            kl_error("run: %s needs a value", argv[optind - 1]);
            return 2;
        default:
            kl_error("run: unknown option '%s' (see kleio run --help)", argv[optind - 1]);
            return 2;
        }
    }
    if (optind < argc) {
        kl_error("run: unexpected argument '%s'", argv[optind]);
        return 2;
    }
    if (!p.work || !p.out) {
        kl_error("run: --work and --out are required (see kleio run --help)");
        return 2;
    }
    if (!kl_run_uses_model(&p) && (p.base_url || p.model || p.embed_model || p.api_key_env ||
                                   p.max_calls)) {
        kl_error("run: --base-url, --model, --embed-model, --api-key-env and --max-calls need"
                 " --backend openai or anthropic");
        return 2;
    }
    if ((p.embed_model || p.embed_dims) && (!p.backend || strcmp(p.backend, "openai") != 0)) {
        kl_error("run: only the openai backend embeds through a model (the others embed"
                 " offline); --embed-model and --embed-dims are for --backend openai");
        return 2;
    }
    if (p.incremental && p.backend && strcmp(p.backend, "openai") == 0) {
        /* New conversations would have to join vectors from the server: a full run does. */
        kl_error("run: --incremental embeds with the stored offline model; use a full run with"
                 " --backend openai");
        return 2;
    }
    return kl_run(&p);
}
