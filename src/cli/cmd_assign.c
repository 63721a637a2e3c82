/* cmd_assign.c — `kleio assign`: options in, kl_assign_work out. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

#include "kleio/assign.h"
#include "kleio/commands.h"
#include "kleio/numbers.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kleio assign --work WORK.db --model FIT.db [--seed S] [--threads N]\n"
            "\n"
            "Installs the embedding model, leaves and cluster tree fitted by kleio run on the\n"
            "sample FIT.db (kleio shard --fit-sample) into WORK.db, a shard or the whole work\n"
            "database, and assigns every conversation with facets and no leaf to the nearest\n"
            "leaf. Another model than the one installed before clears the old assignments.\n"
            "kleio merge brings the shards' assignments back; then kleio run --incremental on\n"
            "the whole work database recounts and publishes.\n"
            "\n"
            "  -w, --work FILE    the work database or shard to assign\n"
            "  -m, --model FILE   the sample work database with a full kleio run\n"
            "      --seed S       the seed of kleio run (default 1): the rows' order\n"
            "  -j, --threads N    threads of the nearest-leaf search (default: processors;\n"
            "                     the leaves do not depend on it)\n"
            "\n"
            "Exit status: 0 done, 1 a database error, 2 bad usage or FIT.db without a fitted\n"
            "model. See kleio-shard(1).\n");
}

int cmd_assign(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"work", required_argument, NULL, 'w'}, {"model", required_argument, NULL, 'm'},
        {"seed", required_argument, NULL, 's'}, {"threads", required_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *work = NULL, *fit = NULL;
    int64_t seed = 1, threads = 0;
    optind = 0;
    int c;
    while ((c = getopt_long(argc, argv, "w:m:j:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'w': work = optarg; break;
        case 'm': fit = optarg; break;
        case 's':
            if (kl_parse_i64(optarg, 0, INT64_MAX, &seed) != 0) {
                fprintf(stderr, "kleio: assign: --seed must be a whole number, not '%s'\n", optarg);
                return 2;
            }
            break;
        case 'j':
            if (kl_parse_i64(optarg, 1, 64, &threads) != 0) {
                fprintf(stderr, "kleio: assign: --threads must be a whole number from 1 to 64, not"
                        " '%s'\n", optarg);
                return 2;
            }
            break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (!work || !fit || optind < argc) {
        fprintf(stderr, "kleio: assign: %s\n", optind < argc ? "unexpected argument"
                : "--work and --model are required");
        usage(stderr);
        return 2;
    }
    return kl_assign_work(work, fit, (uint64_t)seed, (int)threads);
}
