/* cmd_browse.c — `kleio [browse] [SNAPSHOT]`: options, then the explorer. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "kleio/commands.h"
#include "kleio/log.h"
#include "kleio/tui_app.h"
#include "kleio/tui_keys.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kleio [browse] [SNAPSHOT] [--theme NAME|FILE]\n"
            "\n"
            "Opens the explorer on a snapshot (no SNAPSHOT: the bundled sample): the cluster\n"
            "tree with its figures, a map of the current level and the selected cluster's\n"
            "details. Press ? inside for every key.\n"
            "\n"
            "  -t, --theme T   default-dark, light, high-contrast, mono, or a .theme file\n"
            "  -h, --help      show this help\n"
            "\n"
            "NO_COLOR turns colours off. Settings: $XDG_CONFIG_HOME/kleio/config.\n"
            "See kleio-browse(1) and kleio-theme(5).\n");
}

int cmd_browse(int argc, char **argv)
{
    enum { OPT_KEYS_MDOC = 256, OPT_BENCH };
    static const struct option longopts[] = {
        {"theme", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {"keys-mdoc", no_argument, NULL, OPT_KEYS_MDOC}, /* hidden: man page generation */
        {"bench-frames", no_argument, NULL, OPT_BENCH},  /* hidden: bench/tui_bench */
        {NULL, 0, NULL, 0},
    };
    kl_app_opts o = {0};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "t:h", longopts, NULL)) != -1) {
        switch (c) {
        case 't': o.theme = optarg; break;
        case 'h': usage(stdout); return 0;
        case OPT_KEYS_MDOC: kl_tui_keys_mdoc(stdout); return 0;
        case OPT_BENCH: o.bench = true; break;
        default:
            kl_error("browse: unknown option '%s' (see kleio browse --help)", argv[optind - 1]);
            return 2;
        }
    }
    if (argc - optind > 1) {
        kl_error("browse: one snapshot at a time (got %d arguments)", argc - optind);
        return 2;
    }
    o.snapshot = optind < argc ? argv[optind] : kl_default_snapshot();
    if (optind >= argc) {
        FILE *f = fopen(o.snapshot, "r");
        if (!f) {
            kl_error("no snapshot given and the bundled sample is missing (%s); "
                     "usage: kleio browse SNAPSHOT",
                     o.snapshot);
            return KL_EXIT_BAD_SNAPSHOT;
        }
        fclose(f);
    }
    return kl_app_run(&o);
}
