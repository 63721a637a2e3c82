/* cmd_merge.c — `kleio merge`: options in, kl_shard_merge out. */
#include <getopt.h>
#include <stdio.h>

#include "kleio/assign.h"
#include "kleio/commands.h"
#include "kleio/shard.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kleio merge --work WORK.db SHARD.db...\n"
            "\n"
            "Brings the facets, model-call cache rows and (after kleio assign) leaves of\n"
            "shards made by kleio shard back into their work database, one transaction per\n"
            "shard: rerunning, or running again after a kill, merges only what is missing and\n"
            "never writes a row twice. Refuses a shard of another work database or another\n"
            "kleio version, a shard whose conversations do not all have facets yet, and one\n"
            "assigned with another fitted model.\n"
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
    int rc = kl_shard_merge(work, argv + optind, (size_t)(argc - optind));
    /* Leaves only once every shard is known to be this work database's. */
    return rc != 0 ? rc : kl_assign_merge(work, argv + optind, (size_t)(argc - optind));
}
