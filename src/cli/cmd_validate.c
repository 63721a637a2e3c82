/* cmd_validate.c — `kleio validate`: options in, kl_validate_run out. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/commands.h"
#include "kleio/log.h"
#include "kleio/numbers.h"
#include "kleio/run_options.h"
#include "kleio/validate.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kleio validate [--n N] [--seed S] [--backend NAME] [--base-url URL]\n"
            "                      [--model NAME] [--concurrency N] [--json]\n"
            "                      [--min-users N] [--min-conversations N] [--keep DIR]\n"
            "       kleio validate --snapshot SNAPSHOT.db [--n N] [--seed S] [--json]\n"
            "\n"
            "Generates a synthetic corpus with known topics, runs the whole pipeline on it\n"
            "blind, and scores the result against the truth: reconstruction accuracy (overall,\n"
            "per language, concerning categories), leaves against topics (NMI, ARI), facet\n"
            "accuracy, refusal-rate error, the privacy targets and the abuse burst.\n"
            "Exits 1 when a privacy target is missed.\n"
            "\n"
            "  -n, --n N                conversations (default 20000)\n"
            "  -s, --seed S             seed of the corpus and of the run (default 1)\n"
            "      --backend NAME       offline (default), openai or anthropic: the run's\n"
            "                           facets, names and audit through that server\n"
            "      --base-url URL       the server (kleio-backends(7))\n"
            "      --model NAME         its chat model\n"
            "      --concurrency N      calls in flight (default 8)\n"
            "      --json               the report as JSON\n"
            "      --min-users N        thresholds of the run (default 25)\n"
            "      --min-conversations N  (default 50)\n"
            "      --keep DIR           keep the corpus, work database and snapshot in DIR\n"
            "      --snapshot FILE      only check FILE, made elsewhere from the corpus of\n"
            "                           --n and --seed (the bundled sample), against the\n"
            "                           privacy targets\n");
}

int cmd_validate(int argc, char **argv)
{
    enum { O_BACKEND = 256, O_JSON, O_MINU, O_MINC, O_KEEP, O_SNAPSHOT, O_URL, O_MODEL, O_CONC };
    static const struct option longopts[] = {
        {"n", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},
        {"backend", required_argument, NULL, O_BACKEND},
        {"json", no_argument, NULL, O_JSON},
        {"min-users", required_argument, NULL, O_MINU},
        {"min-conversations", required_argument, NULL, O_MINC},
        {"keep", required_argument, NULL, O_KEEP},
        {"snapshot", required_argument, NULL, O_SNAPSHOT},
        {"base-url", required_argument, NULL, O_URL},
        {"model", required_argument, NULL, O_MODEL},
        {"concurrency", required_argument, NULL, O_CONC},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    uint64_t n = 20000, seed = 1;
    /* The run's thresholds by default (run_options.h). */
    int64_t min_users = kl_run_options[KL_RUN_OPT_MIN_USERS].dflt,
            min_conv = kl_run_options[KL_RUN_OPT_MIN_CONVERSATIONS].dflt;
    int json = 0;
    const char *keep = NULL, *snapshot = NULL, *backend = NULL, *base_url = NULL, *model = NULL;
    int64_t conc = 0;
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, ":n:s:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'n':
            if (kl_parse_u64(optarg, 100, 100000000ULL, &n) != 0) {
                kl_error("validate: --n wants a count between 100 and 100000000, not '%s'", optarg);
                return 2;
            }
            break;
        case 's':
            if (kl_parse_u64(optarg, 0, UINT64_MAX, &seed) != 0) {
                kl_error("validate: --seed wants an integer, not '%s'", optarg);
                return 2;
            }
            break;
        case O_BACKEND:
            if (strcmp(optarg, "offline") != 0 && strcmp(optarg, "openai") != 0 &&
                strcmp(optarg, "anthropic") != 0) {
                kl_error("validate: unknown backend '%s' (offline, openai or anthropic)", optarg);
                return 2;
            }
            backend = optarg;
            break;
        case O_URL: base_url = optarg; break;
        case O_MODEL: model = optarg; break;
        case O_CONC:
            if (kl_parse_i64(optarg, 1, 64, &conc) != 0) {
                kl_error("validate: --concurrency wants 1 to 64, not '%s'", optarg);
                return 2;
            }
            break;
        case O_JSON: json = 1; break;
        case O_MINU:
        case O_MINC: {
            int64_t v;
            if (kl_parse_i64(optarg, 1, INT64_MAX, &v) != 0) {
                kl_error("validate: %s wants a positive integer", argv[optind - 1]);
                return 2;
            }
            *(ch == O_MINU ? &min_users : &min_conv) = v;
            break;
        }
        case O_KEEP: keep = optarg; break;
        case O_SNAPSHOT: snapshot = optarg; break;
        case 'h': usage(stdout); return 0;
        case ':': kl_error("validate: %s needs a value", argv[optind - 1]); return 2;
        default: kl_error("validate: unknown option '%s'", argv[optind - 1]); return 2;
        }
    }
    if (optind < argc) {
        kl_error("validate: unexpected argument '%s'", argv[optind]);
        return 2;
    }
    bool remote = backend && strcmp(backend, "offline") != 0;
    const char *var = remote && strcmp(backend, "openai") == 0 ? "OPENAI_API_KEY" : "ANTHROPIC_API_KEY";
    const char *key = getenv(var);
    if (remote && !base_url && !(key && *key)) {
        kl_error("validate: --backend %s needs --base-url or the key in %s", backend, var);
        return 2;
    }
    if (!remote && (base_url || model || conc)) {
        kl_error("validate: --base-url, --model and --concurrency need a model backend");
        return 2;
    }
    kl_validate_opts o = {.n = n, .seed = seed, .min_users = min_users,
                          .min_conversations = min_conv, .json = json != 0, .keep = keep,
                          .backend = backend, .base_url = base_url, .model = model,
                          .concurrency = (int)conc};
    if (snapshot)
        return kl_validate_snapshot(snapshot, &o);
    return kl_validate_run(&o);
}
