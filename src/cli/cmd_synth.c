/* cmd_synth.c — `kleio synth`: write a synthetic corpus and its ground truth.
 * Streams: each conversation is generated, written and forgotten. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kleio/buf.h"
#include "kleio/commands.h"
#include "kleio/log.h"
#include "kleio/numbers.h"
#include "kleio/synth.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kleio synth -n N [--seed S] [--users U] [--languages LIST]\n"
            "                   [--from DATE --to DATE] [-o FILE] [--truth FILE]\n"
            "Writes N synthetic conversations (JSON Lines) with a known topic, language,\n"
            "refusal and concern for each, plus planted private details and abuse traps.\n"
            "  -n, --count N       conversations to write (required)\n"
            "  -s, --seed S        random seed (default 1); same seed, same bytes\n"
            "  -u, --users U       regular users (default N/8)\n"
            "  -l, --languages L   comma-separated ISO 639-1 codes (default all 15:\n"
            "                      en,es,fr,pt,ca,uk,ru,ja,zh,ar,hi,tr,hy,ka,af)\n"
            "      --from DATE     first day, YYYY-MM-DD (default 2026-01-01)\n"
            "      --to DATE       end of the range, exclusive (default 2026-07-01)\n"
            "  -o, --output FILE   corpus file, - for standard output (default -)\n"
            "  -t, --truth FILE    ground-truth file (JSON Lines: a header, then one record\n"
            "                      per conversation)\n"
            "  -q, --quiet         no progress or summary\n"
            "See kleio-synth(1).\n");
}

static int parse_u64(const char *s, const char *what, uint64_t min, uint64_t *out)
{
    if (kl_parse_u64(s, min, UINT64_MAX, out) != 0) {
        kl_error("synth: %s must be an integer of at least %" PRIu64 ", not '%s'", what, min, s);
        return -1;
    }
    return 0;
}

/* YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, UTC. */
static int parse_date(const char *s, const char *what, time_t *out)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *end = strptime(s, "%Y-%m-%d", &tm);
    if (end && *end == 'T')
        end = strptime(end, "T%H:%M:%SZ", &tm);
    if (!end || *end) {
        kl_error("synth: %s must be a date like 2026-01-31, not '%s'", what, s);
        return -1;
    }
    *out = timegm(&tm);
    return 0;
}

static int parse_languages(const char *s, uint32_t *mask)
{
    *mask = 0;
    char *copy = strdup(s), *save = NULL;
    if (!copy)
        return -1;
    int rc = 0;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        long l = kl_synth_language_find(tok);
        if (l < 0) {
            kl_error("synth: unknown language '%s' (known: en,es,fr,pt,ca,uk,ru,ja,zh,ar,hi,tr,hy,ka,af)", tok);
            rc = -1;
            break;
        }
        *mask |= 1u << l;
    }
    free(copy);
    if (rc == 0 && *mask == 0) {
        kl_error("synth: --languages needs at least one language code");
        rc = -1;
    }
    return rc;
}

static FILE *open_out(const char *path)
{
    if (strcmp(path, "-") == 0)
        return stdout;
    FILE *f = fopen(path, "w");
    if (!f)
        kl_error("synth: %s: %s", path, strerror(errno));
    return f;
}

static int close_out(FILE *f, const char *path)
{
    int bad = ferror(f);
    if (f == stdout)
        bad |= fflush(f) != 0;
    else
        bad |= fclose(f) != 0;
    if (bad)
        kl_error("synth: %s: write failed: %s", path, strerror(errno));
    return bad ? -1 : 0;
}

static int write_buf(FILE *f, kl_buf *b)
{
    size_t len = b->len;
    int ok = len == 0 || fwrite(b->data, 1, len, f) == len;
    kl_buf_clear(b);
    return ok ? 0 : -1;
}

static int generate(const kl_synth_opts *o, const char *out_path, const char *truth_path)
{
    char err[256];
    kl_synth_gen *g = kl_synth_open(o, err, sizeof err);
    if (!g) {
        kl_error("synth: %s", err);
        return 2;
    }
    FILE *out = open_out(out_path);
    FILE *truth = out && truth_path ? open_out(truth_path) : NULL;
    if (!out || (truth_path && !truth)) {
        if (out && out != stdout)
            fclose(out);
        kl_synth_close(g);
        return 1;
    }
    kl_buf line = KL_BUF_INIT, tline = KL_BUF_INIT;
    int failed = 0;
    if (truth) {
        kl_synth_header_json(g, &tline);
        failed |= write_buf(truth, &tline);
    }
    kl_progress p;
    kl_progress_start(&p, "synth", o->n);
    uint64_t refused = 0, with_pii = 0;
    for (uint64_t i = 0; i < o->n && !failed; i++) {
        const kl_synth_conv *c = kl_synth_get(g, i);
        kl_synth_conv_json(c, &line);
        failed |= write_buf(out, &line);
        if (truth) {
            kl_synth_truth_json(c, &tline);
            failed |= write_buf(truth, &tline);
        }
        refused += c->refused != 0;
        with_pii += c->n_pii > 0;
        if ((i & 1023) == 0)
            kl_progress_update(&p, i);
    }
    kl_progress_end(&p, "%" PRIu64 " conversations, %" PRIu64 " users, %" PRIu64
                    " refused in full or part, %" PRIu64 " with private details",
                    o->n, kl_synth_options(g)->users, refused, with_pii);
    if (failed)
        kl_error("synth: write failed: %s", strerror(errno));
    int rc = failed ? 1 : 0;
    if (close_out(out, out_path) != 0)
        rc = 1;
    if (truth && close_out(truth, truth_path) != 0)
        rc = 1;
    kl_buf_free(&line);
    kl_buf_free(&tline);
    kl_synth_close(g);
    return rc;
}

int cmd_synth(int argc, char **argv)
{
    enum { OPT_FROM = 256, OPT_TO };
    static const struct option longopts[] = {
        {"count", required_argument, NULL, 'n'}, {"seed", required_argument, NULL, 's'},
        {"users", required_argument, NULL, 'u'}, {"languages", required_argument, NULL, 'l'},
        {"from", required_argument, NULL, OPT_FROM}, {"to", required_argument, NULL, OPT_TO},
        {"output", required_argument, NULL, 'o'}, {"truth", required_argument, NULL, 't'},
        {"quiet", no_argument, NULL, 'q'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    kl_synth_opts o;
    kl_synth_opts_default(&o);
    const char *out_path = "-", *truth_path = NULL;
    bool have_n = false;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":n:s:u:l:o:t:qh", longopts, NULL)) != -1) {
        /* getopt_long gives a value to every option that takes one (a missing value comes
         * back as ':'), but optarg is a global it writes behind the caller's back: a local
         * copy, never NULL, is what the cases below read. */
        const char *arg = optarg ? optarg : "";
        switch (c) {
        case 'n':
            if (parse_u64(arg, "-n", 1, &o.n) != 0)
                return 2;
            have_n = true;
            break;
        case 's':
            if (parse_u64(arg, "--seed", 0, &o.seed) != 0)
                return 2;
            break;
        case 'u':
            if (parse_u64(arg, "--users", 1, &o.users) != 0)
                return 2;
            break;
        case 'l':
            if (parse_languages(arg, &o.lang_mask) != 0)
                return 2;
            break;
        case OPT_FROM:
            if (parse_date(arg, "--from", &o.from) != 0)
                return 2;
            break;
        case OPT_TO:
            if (parse_date(arg, "--to", &o.to) != 0)
                return 2;
            break;
        case 'o': out_path = arg; break;
        case 't': truth_path = arg; break;
        case 'q': kl_verbosity = 0; break;
        case 'h': usage(stdout); return 0;
        case ':':
            kl_error("synth: option '%s' needs a value", argv[optind - 1]);
            return 2;
        default:
            kl_error("synth: unknown option '%s' (see kleio synth --help)", argv[optind - 1]);
            return 2;
        }
    }
    if (optind < argc) {
        kl_error("synth: unexpected argument '%s' (see kleio synth --help)", argv[optind]);
        return 2;
    }
    if (!have_n) {
        kl_error("synth: -n N is required (how many conversations to write)");
        return 2;
    }
    if (o.to <= o.from) {
        kl_error("synth: --to must come after --from");
        return 2;
    }
    if (truth_path && strcmp(truth_path, out_path) == 0) {
        kl_error("synth: the corpus and the truth file must be different files");
        return 2;
    }
    return generate(&o, out_path, truth_path);
}
