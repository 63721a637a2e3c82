/* cmd_run.c — `kleio run`: options in, kl_run out. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/commands.h"
#include "kleio/log.h"
#include "kleio/pipeline.h"
#include "kleio/run_options.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kleio run --work WORK.db --out SNAPSHOT.db [--leaf-size N | --k K]\n"
            "                 [--levels N] [--top N] [--min-users N] [--min-conversations N]\n"
            "                 [--seed S] [--dim N] [--languages LIST] [--keep-raw] [--threads N]\n"
            "                 [--incremental] [--backend offline|openai|anthropic]\n"
            "                 [--base-url URL] [--model NAME] [--embed-model NAME]\n"
            "                 [--embed-dims N] [--api-key-env VAR] [--concurrency N]\n"
            "                 [--max-calls N] [--timeout SECONDS] [--price IN,OUT]\n"
            "                 [--rpm N] [--tpm N] [--prompts DIR] [--facets-model NAME]\n"
            "                 [--name-model NAME] [--audit-model NAME] [--embed-url URL]\n"
            "                 [--hierarchy model|deterministic] [--custom-facets FILE]\n"
            "                 [--screen-regex RE | --screen-question TEXT]\n"
            "\n"
            "Runs every stage that is not up to date — facets (when missing), embed, cluster,\n"
            "hierarchy, name, layout, privacy — and publishes the snapshot atomically.\n"
            "A stage whose parameters and inputs are unchanged is skipped.\n"
            "\n");
    kl_run_options_help(out);
    fprintf(out,
            "  -q, --quiet               errors only\n"
            "\n"
            "See kleio-run(1) and kleio-privacy(7).\n");
}

/* Stores an option's value into its field of p (the value checked already). */
static void assign(kl_run_params *p, enum kl_run_option_id id, const char *arg, int64_t v)
{
    switch (id) {
#define ASSIGN_INT(f) (f) = v
#define ASSIGN_STR(f) (f) = arg
#define ASSIGN_FLAG(f) (f) = true
#define ASSIGN(id, name, sh, kind, field, ...)                                                    \
    case KL_RUN_OPT_##id: ASSIGN_##kind(p->field); break;
        KL_RUN_OPTIONS(ASSIGN)
#undef ASSIGN
#undef ASSIGN_INT
#undef ASSIGN_STR
#undef ASSIGN_FLAG
    case KL_RUN_OPT_COUNT: break;
    }
}

enum { O_OPTIONS_MDOC = 1000 };

int cmd_run(int argc, char **argv)
{
    /* The long options from the table: val = 256 + the option's id. */
    struct option longopts[KL_RUN_OPT_COUNT + 4];
    size_t n = 0;
    for (size_t i = 0; i < KL_RUN_OPT_COUNT; i++)
        longopts[n++] = (struct option){kl_run_options[i].name,
                                        kl_run_options[i].kind == KL_RUN_KIND_FLAG ? no_argument
                                                                                  : required_argument,
                                        NULL, 256 + (int)i};
    longopts[n++] = (struct option){"quiet", no_argument, NULL, 'q'};
    longopts[n++] = (struct option){"help", no_argument, NULL, 'h'};
    longopts[n++] = (struct option){"options-mdoc", no_argument, NULL, O_OPTIONS_MDOC};
    longopts[n] = (struct option){NULL, 0, NULL, 0};
    kl_run_params p;
    kl_run_params_init(&p);
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, ":w:o:qh", longopts, NULL)) != -1) {
        int id = ch - 256;
        switch (ch) {
        case 'w': id = KL_RUN_OPT_WORK; break;
        case 'o': id = KL_RUN_OPT_OUT; break;
        case 'q': kl_verbosity = 0; continue;
        case 'h': usage(stdout); return 0;
        case O_OPTIONS_MDOC: kl_run_options_mdoc(stdout); return 0;
        case ':':
            kl_error("run: %s needs a value", argv[optind - 1]);
            return 2;
        default:
            if (id >= 0 && id < KL_RUN_OPT_COUNT)
                break;
            kl_error("run: unknown option '%s' (see kleio run --help)", argv[optind - 1]);
            return 2;
        }
        const kl_run_option *o = &kl_run_options[id];
        int64_t v = 0;
        char err[256];
        if (o->kind == KL_RUN_KIND_INT && kl_run_option_int(o, optarg, &v, err, sizeof err) != 0) {
            kl_error("run: %s", err);
            return 2;
        }
        if (id == KL_RUN_OPT_BACKEND && strcmp(optarg, "offline") != 0 &&
            strcmp(optarg, "openai") != 0 && strcmp(optarg, "anthropic") != 0) {
            kl_error("run: --backend must be offline, openai or anthropic, not '%s'", optarg);
            return 2;
        }
        if (id == KL_RUN_OPT_HIERARCHY && strcmp(optarg, "model") != 0 &&
            strcmp(optarg, "deterministic") != 0) {
            kl_error("run: --hierarchy must be model or deterministic, not '%s'", optarg);
            return 2;
        }
        assign(&p, (enum kl_run_option_id)id, optarg, v);
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
    if (!kl_run_uses_model(&p) && p.hierarchy && strcmp(p.hierarchy, "model") == 0) {
        kl_error("run: --hierarchy model needs --backend openai or anthropic");
        return 2;
    }
    if (!kl_run_uses_model(&p) && (p.facets_model || p.name_model || p.audit_model || p.embed_url ||
                                   p.prompts || p.price || p.rpm || p.tpm)) {
        kl_error("run: --facets-model, --name-model, --audit-model, --embed-url, --prompts,"
                 " --price, --rpm and --tpm need --backend openai or anthropic");
        return 2;
    }
    if (p.screen_regex && p.screen_question) {
        kl_error("run: give --screen-regex or --screen-question, not both");
        return 2;
    }
    if (p.screen_question && !kl_run_uses_model(&p)) {
        kl_error("run: --screen-question needs a model to answer it (--backend openai or"
                 " anthropic); --screen-regex screens offline");
        return 2;
    }
    if (p.embed_url && (!p.backend || strcmp(p.backend, "openai") != 0)) {
        kl_error("run: --embed-url needs --backend openai (an OpenAI-compatible embeddings API)");
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
