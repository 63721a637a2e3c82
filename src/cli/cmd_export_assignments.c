/* cmd_export_assignments.c — `kleio export assignments`: options in,
 * kl_run_export_assignments out. */
#include <getopt.h>
#include <stdio.h>

#include "kleio/commands.h"
#include "kleio/log.h"
#include "kleio/pipeline.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kleio export assignments --work WORK.db [-o FILE]\n"
            "\n"
            "Writes a TSV row per clustered conversation: its id, its leaf cluster and each\n"
            "ancestor up to the top (header: id, leaf, parent, parent2, ...). Cluster ids are\n"
            "the work database's: leaves 1..k, then each level above numbered on.\n"
            "This reads private data: never run it on data you may not read.\n");
}

int cmd_export_assignments(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"work", required_argument, NULL, 'w'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *work = NULL, *outp = NULL;
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, ":w:o:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'w': work = optarg; break;
        case 'o': outp = optarg; break;
        case 'h': usage(stdout); return 0;
        case ':': kl_error("export assignments: %s needs a value", argv[optind - 1]); return 2;
        default: kl_error("export assignments: unknown option '%s'", argv[optind - 1]); return 2;
        }
    }
    if (!work || optind < argc) {
        usage(stderr);
        return 2;
    }
    return kl_run_export_assignments(work, outp);
}
