/* cmd_shard.c — `kleio shard`: options in, kl_shard_split out. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

#include "kleio/commands.h"
#include "kleio/numbers.h"
#include "kleio/shard.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kleio shard --work WORK.db --shards N --out DIR\n"
            "       kleio shard --work WORK.db --fit-sample N [--seed S] --out FIT.db\n"
            "\n"
            "Splits a work database into N shard work databases DIR/shard-0.db ...\n"
            "DIR/shard-(N-1).db by a hash of the user id: all of a user's conversations are\n"
            "in one shard, whatever the order of ingest. Run kleio facets on each shard (on\n"
            "as many machines as you like), then kleio merge.\n"
            "With --fit-sample, writes one work database FIT.db holding a seeded sample of\n"
            "N conversations in which users take turns (no heavy user fills it), to fit the\n"
            "embedding and the leaves on (kleio run) before kleio assign on each shard.\n"
            "\n"
            "  -w, --work FILE    the work database (from kleio ingest)\n"
            "  -n, --shards N     number of shards (1 to 4096)\n"
            "  -o, --out DIR      directory of the shards (made if missing; existing shards\n"
            "                     are refused); with --fit-sample, the sample's file\n"
            "      --fit-sample N conversations in the sample (1 to 10^10)\n"
            "      --seed S       the sample's seed (default 1)\n"
            "\n"
            "Exit status: 0 done, 1 a database or file error, 2 bad usage. See kleio-shard(1).\n");
}

int cmd_shard(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"work", required_argument, NULL, 'w'}, {"shards", required_argument, NULL, 'n'},
        {"out", required_argument, NULL, 'o'},  {"help", no_argument, NULL, 'h'},
        {"fit-sample", required_argument, NULL, 'S'}, {"seed", required_argument, NULL, 's'},
        {NULL, 0, NULL, 0}};
    const char *work = NULL, *out = NULL;
    int64_t shards = 0, sample = 0, seed = 1;
    optind = 0;
    int c;
    while ((c = getopt_long(argc, argv, "w:n:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'w': work = optarg; break;
        case 'o': out = optarg; break;
        case 'n':
            if (kl_parse_i64(optarg, 1, 4096, &shards) != 0) {
                fprintf(stderr, "kleio: shard: --shards must be a whole number from 1 to 4096, not "
                        "'%s'\n", optarg);
                return 2;
            }
            break;
        case 'S':
            if (kl_parse_i64(optarg, 1, 10000000000LL, &sample) != 0) {
                fprintf(stderr, "kleio: shard: --fit-sample must be a whole number from 1 to 10^10, "
                        "not '%s'\n", optarg);
                return 2;
            }
            break;
        case 's':
            if (kl_parse_i64(optarg, 0, INT64_MAX, &seed) != 0) {
                fprintf(stderr, "kleio: shard: --seed must be a whole number, not '%s'\n", optarg);
                return 2;
            }
            break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (!work || !out || !shards == !sample || optind < argc) {
        fprintf(stderr, "kleio: shard: %s\n", optind < argc ? "unexpected argument"
                : shards && sample ? "--shards and --fit-sample exclude each other"
                : "--work, --out and one of --shards or --fit-sample are required");
        usage(stderr);
        return 2;
    }
    if (sample)
        return kl_shard_sample(work, sample, (uint64_t)seed, out);
    return kl_shard_split(work, (unsigned)shards, out);
}
