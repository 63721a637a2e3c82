/* main.c — subcommand dispatch only. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/commands.h"
#include "kleio/mem.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"browse", cmd_browse, "open the explorer on a snapshot (the default command)"},
    {"tree", cmd_tree, "print a snapshot's cluster hierarchy as text, JSON or CSV"},
    {"synth", cmd_synth, "generate a synthetic corpus with known ground truth"},
    {"ingest", cmd_ingest, "read JSON Lines conversations into a work database"},
    {"facets", cmd_facets, "extract privacy-scrubbed facets for every conversation"},
    {"run", cmd_run, "embed, cluster, name, lay out and publish a snapshot"},
    {"validate", cmd_validate, "measure the pipeline on a synthetic corpus against its truth"},
    {"prompts", cmd_prompts, "write the prompts a model backend sends, to read and override"},
    {"jobs", cmd_jobs, "list, follow and cancel background recompute jobs"},
    {"diff", cmd_diff, "compare two snapshots: new, gone, grown, split and merged clusters"},
    {"export", cmd_export, "export facets or assignments from a work database (TSV/JSONL)"},
    {"shard", cmd_shard, "split a work database into shards by user, for many machines"},
    {"merge", cmd_merge, "bring the facets of shards back into their work database"},
    {"assign", cmd_assign, "assign a work database or shard to leaves fitted on a sample"},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kleio [COMMAND] [OPTIONS]\n"
            "       kleio [SNAPSHOT]          open the explorer (no argument: the bundled sample)\n"
            "\n"
            "Privacy-preserving maps of how people use AI assistants.\n"
            "\n"
            "Commands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out,
            "\n"
            "  help CMD   show the help of a command (same as kleio CMD --help)\n"
            "\n"
            "Options:\n"
            "  -h, --help     show this help\n"
            "  -V, --version  show the version\n"
            "\n"
            "See kleio(1).\n");
}

static const struct command *find(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

int main(int argc, char **argv)
{
    /* jansson's allocations exit on failure as kleio's own do: a failed allocation inside
     * its parser reads as a syntax error, and a conversation or a model's answer rejected
     * for want of memory was lost while the command succeeded (tests/e2e/test_faults.sh). */
    json_set_alloc_funcs(kl_malloc, free);
    if (argc < 2)
        return cmd_browse(argc, argv);

    const char *first = argv[1];
    if (strcmp(first, "-h") == 0 || strcmp(first, "--help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(first, "-V") == 0 || strcmp(first, "--version") == 0) {
        printf("kleio %s\n", KLEIO_VERSION);
        return 0;
    }
    if (strcmp(first, "help") == 0) {
        if (argc < 3) {
            usage(stdout);
            return 0;
        }
        const struct command *c = find(argv[2]);
        if (!c) {
            fprintf(stderr, "kleio: unknown command '%s' (see kleio --help)\n", argv[2]);
            return 2;
        }
        char *help_argv[] = {argv[2], (char *)"--help", NULL};
        return c->run(2, help_argv);
    }
    const struct command *c = find(first);
    if (c)
        return c->run(argc - 1, argv + 1);
    if (first[0] == '-') {
        /* Options without a command belong to the explorer (kleio --theme mono …). */
        return cmd_browse(argc, argv);
    }
    /* `kleio FILE` opens FILE in the explorer; a word that is neither is a typo. */
    if (strchr(first, '/') || strchr(first, '.'))
        return cmd_browse(argc, argv);
    fprintf(stderr, "kleio: unknown command '%s' (see kleio --help)\n", first);
    return 2;
}
