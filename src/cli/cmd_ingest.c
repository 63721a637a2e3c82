/* cmd_ingest.c — `kleio ingest`: options in, kl_ingest_files out. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kleio/commands.h"
#include "kleio/ingest.h"
#include "kleio/log.h"
#include "kleio/numbers.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kleio ingest --work WORK.db [OPTIONS] [FILE...|-]\n"
            "\n"
            "Reads conversations, one JSON object per line, into the work database (created\n"
            "when missing). Accepts kleio/OpenAI/Anthropic \"messages\", ShareGPT \"conversations\",\n"
            "\"conversation\" and Gemini \"contents\"; gzip files are read as they are. FILE - or\n"
            "no FILE reads standard input. Ingesting the same input twice adds nothing.\n"
            "\n"
            "  -w, --work PATH      the work database (required)\n"
            "      --strict         stop at the first rejected line (exit 2; rows so far are kept)\n"
            "      --batch N        rows per transaction (default 1000)\n"
            "      --max-line SIZE  longest accepted line, e.g. 16M (default), 512K\n"
            "      --max-errors N   problem lines printed before only counting (default 20, 0 = all)\n"
            "  -q, --quiet          print errors only\n"
            "  -v, --verbose        one summary line per file\n"
            "  -h, --help           show this help\n"
            "\n"
            "Bad lines are reported as FILE:LINE: cause, counted and skipped. Exit status: 0 when\n"
            "the input was read (even with rejected lines), 2 on bad usage, an unreadable file,\n"
            "--strict failing, or input without a single usable line; 1 when the database\n"
            "fails or a signal stops the run (what was read so far is committed).\n"
            "\n"
            "See kleio-ingest(1).\n");
}

/* "16M", "512K", "1G" or bytes. */
static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || errno || *s == '-')
        return -1;
    unsigned shift = 0;
    switch (*end) {
    case '\0': break;
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    default: return -1;
    }
    if (*end || v == 0 || v > (SIZE_MAX >> 1 >> shift))
        return -1;
    *out = (size_t)(v << shift);
    return 0;
}

static int parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
    uint64_t v;
    if (kl_parse_u64(s, 0, max, &v) != 0)
        return -1;
    *out = (unsigned long)v;
    return 0;
}

static int parse_args(int argc, char **argv, kl_ingest_opts *o)
{
    enum { OPT_STRICT = 256, OPT_BATCH, OPT_MAX_LINE, OPT_MAX_ERRORS };
    static const struct option longopts[] = {
        {"work", required_argument, NULL, 'w'},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"batch", required_argument, NULL, OPT_BATCH},
        {"max-line", required_argument, NULL, OPT_MAX_LINE},
        {"max-errors", required_argument, NULL, OPT_MAX_ERRORS},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    *o = (kl_ingest_opts){.batch = 1000, .max_line = KL_INGEST_DEFAULT_MAX_LINE, .max_errors = 20};
    optind = 1;
    int c;
    unsigned long v;
    while ((c = getopt_long(argc, argv, "w:qvh", longopts, NULL)) != -1) {
        switch (c) {
        case 'w': o->work = optarg; break;
        case OPT_STRICT: o->strict = true; break;
        case OPT_BATCH:
            if (parse_ulong(optarg, 1000000, &v) != 0 || v == 0) {
                kl_error("ingest: --batch wants a number of rows from 1 to 1000000");
                return 2;
            }
            o->batch = (int)v;
            break;
        case OPT_MAX_LINE:
            if (parse_size(optarg, &o->max_line) != 0) {
                kl_error("ingest: --max-line wants a size such as 16M, 512K or 65536");
                return 2;
            }
            break;
        case OPT_MAX_ERRORS:
            if (parse_ulong(optarg, (unsigned long)-1, &o->max_errors) != 0) {
                kl_error("ingest: --max-errors wants a number");
                return 2;
            }
            break;
        case 'q': kl_verbosity = 0; break;
        case 'v': kl_verbosity = 2; break;
        case 'h': usage(stdout); return 1;
        default: usage(stderr); return 2;
        }
    }
    if (!o->work) {
        kl_error("ingest: --work WORK.db is required");
        usage(stderr);
        return 2;
    }
    o->files = argv + optind;
    o->n_files = argc - optind;
    if (o->n_files == 0 && isatty(STDIN_FILENO)) {
        kl_error("ingest: no input (give FILE, or - to read from the terminal)");
        return 2;
    }
    return 0;
}

int cmd_ingest(int argc, char **argv)
{
    kl_ingest_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc != 0)
        return rc == 1 ? 0 : rc;
    return kl_ingest_files(&o);
}
