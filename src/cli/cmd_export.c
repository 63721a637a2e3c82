/* cmd_export.c — `kleio export facets|assignments`: picks the exporter. */
#include <stdio.h>
#include <string.h>

#include "kleio/commands.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kleio export facets --work WORK.db [--format tsv|jsonl] [-o FILE]\n"
            "       kleio export assignments --work WORK.db [-o FILE]\n"
            "\n"
            "Writes per-conversation rows from the private work database, for auditing and\n"
            "measurement. Never run this on data you may not read.\n");
}

int cmd_export(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "facets") == 0)
        return cmd_export_facets(argc - 1, argv + 1);
    if (strcmp(argv[1], "assignments") == 0)
        return cmd_export_assignments(argc - 1, argv + 1);
    fprintf(stderr, "kleio: export: unknown table '%s' (facets or assignments)\n", argv[1]);
    return 2;
}
