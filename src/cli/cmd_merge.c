/* cmd_merge.c — `kleio merge`: options in, kl_shard_merge out. */
#include <getopt.h>
#include <stdio.h>

#include "kleio/commands.h"
#include "kleio/shard.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kleio merge --work WORK.db SHARD.db...\n"
            "\n"
            "Brings the facets (and model-call cache rows) of shards made by kleio shard back\n"
            "into their work database, one transaction per shard: rerunning, or running again\n"
            "after a kill, merges only what is missing and never writes a row twice. Refuses a\n"
            "shard of another work database or another kleio version, and a shard whose\n"
            "conversations do not all have facets yet.\n"
            "\n"
            "  -w, --work FILE   the work database the shards were split from\n"
            "\n"
            "Exit status: 0 every shard merged, 1 a database error, 2 a refused shard or bad\n"
            "usage. See kleio-shard(1).\n");
}

int cmd_merge(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"work", required_argument, NULL, 'w'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    const char *work = NULL;
    optind = 0;
    int c;
    while ((c = getopt_long(argc, argv, "w:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'w': work = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (!work || optind >= argc) {
        fprintf(stderr, "kleio: merge: %s\n", !work ? "--work is required" : "no shard given");
        usage(stderr);
        return 2;
    }
    return kl_shard_merge(work, argv + optind, (size_t)(argc - optind));
}
