/* cmd_export_facets.c — `kleio export facets`: options in, kl_facets_export out. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/commands.h"
#include "kleio/facets_work.h"

enum format { FMT_TSV, FMT_JSONL };

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kleio export facets --work WORK.db [--format tsv|jsonl] [-o FILE]\n"
            "\n"
            "Writes one row per conversation with facets: id, language code, refused\n"
            "(none/partial/full), concern (1-5), user turns and the scrubbed summary.\n"
            "TSV has the header row id, lang, refused, concern, turns, summary; a tab,\n"
            "newline, carriage return or backslash inside a field is written \\t, \\n, \\r, \\\\.\n"
            "\n"
            "  -w, --work FILE     the work database\n"
            "  -f, --format F      tsv (default) or jsonl\n"
            "  -o, --output FILE   write there instead of standard output\n");
}

int cmd_export_facets(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"work", required_argument, NULL, 'w'},   {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *work = NULL, *output = NULL;
    enum format fmt = FMT_TSV;
    optind = 0;
    int c;
    while ((c = getopt_long(argc, argv, "w:f:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'w': work = optarg; break;
        case 'o': output = optarg; break;
        case 'f':
            if (strcmp(optarg, "tsv") == 0) {
                fmt = FMT_TSV;
            } else if (strcmp(optarg, "jsonl") == 0) {
                fmt = FMT_JSONL;
            } else {
                fprintf(stderr, "kleio: export facets: unknown format '%s' (tsv or jsonl)\n", optarg);
                return 2;
            }
            break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (!work || optind < argc) {
        fprintf(stderr, "kleio: export facets: %s\n",
                optind < argc ? "unexpected argument" : "--work WORK.db is required");
        usage(stderr);
        return 2;
    }
    return kl_facets_export(work, output, fmt == FMT_JSONL);
}
