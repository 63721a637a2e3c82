/* cmd_validate.c — `kleio validate`: synthetic corpus → ingest → run, blind → score
 * against the truth (kleio-run(1), kleio-privacy(7)). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kleio/buf.h"
#include "kleio/commands.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/pipeline.h"
#include "kleio/synth.h"
#include "../validate/validate_internal.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kleio validate [--n N] [--seed S] [--backend offline] [--json]\n"
            "                      [--min-users N] [--min-conversations N] [--keep DIR]\n"
            "       kleio validate --snapshot SNAPSHOT.db [--n N] [--seed S] [--json]\n"
            "\n"
            "Generates a synthetic corpus with known topics, runs the whole pipeline on it\n"
            "blind, and scores the result against the truth: reconstruction accuracy (overall,\n"
            "per language, concerning categories), leaves against topics (NMI, ARI), facet\n"
            "accuracy, refusal-rate error, the privacy targets and the abuse burst.\n"
            "Exits 1 when a privacy target is missed.\n"
            "\n"
            "  -n, --n N                conversations (default 20000)\n"
            "  -s, --seed S             seed of the corpus and of the run (default 1)\n"
            "      --backend NAME       offline (the only backend this build validates)\n"
            "      --json               the report as JSON\n"
            "      --min-users N        thresholds of the run (default 25)\n"
            "      --min-conversations N  (default 50)\n"
            "      --keep DIR           keep the corpus, work database and snapshot in DIR\n"
            "      --snapshot FILE      only check FILE, made elsewhere from the corpus of\n"
            "                           --n and --seed (the bundled sample), against the\n"
            "                           privacy targets\n");
}

static void remove_tree(const char *dir)
{
    static const char *const files[] = {"corpus.jsonl", "work.db", "work.db-wal", "work.db-shm",
                                        "work.db.lock", "snapshot.db"};
    kl_buf p = KL_BUF_INIT;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        kl_buf_clear(&p);
        kl_buf_printf(&p, "%s/%s", dir, files[i]);
        remove(kl_buf_cstr(&p));
    }
    kl_buf_free(&p);
    rmdir(dir);
}

static void print_report(json_t *report, int json)
{
    if (json) {
        char *s = json_dumps(report, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        puts(s);
        free(s);
    } else {
        vreport_table(report, stdout);
    }
}

/* --snapshot: the corpus is regenerated in memory only, for its planted details. */
static int check_snapshot(const char *snapshot, unsigned long long n, unsigned long long seed,
                          int json)
{
    vtruth truth;
    if (vtruth_generate(n, seed, NULL, &truth) != 0) {
        vtruth_free(&truth);
        return 1;
    }
    int ok = 0;
    json_t *report = vmeasure_snapshot(&truth, snapshot, &ok);
    vtruth_free(&truth);
    if (!report)
        return 2;
    json_object_set_new(report, "seed", json_integer((json_int_t)seed));
    print_report(report, json);
    json_decref(report);
    return ok ? 0 : 1;
}

int cmd_validate(int argc, char **argv)
{
    enum { O_BACKEND = 256, O_JSON, O_MINU, O_MINC, O_KEEP, O_SNAPSHOT };
    static const struct option longopts[] = {
        {"n", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},
        {"backend", required_argument, NULL, O_BACKEND},
        {"json", no_argument, NULL, O_JSON},
        {"min-users", required_argument, NULL, O_MINU},
        {"min-conversations", required_argument, NULL, O_MINC},
        {"keep", required_argument, NULL, O_KEEP},
        {"snapshot", required_argument, NULL, O_SNAPSHOT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    unsigned long long n = 20000, seed = 1;
    long long min_users = 25, min_conv = 50;
    int json = 0;
    const char *keep = NULL, *snapshot = NULL;
    optind = 1;
    opterr = 0;
    int ch;
    char *end;
    while ((ch = getopt_long(argc, argv, ":n:s:h", longopts, NULL)) != -1) {
        errno = 0;
        switch (ch) {
        case 'n':
            n = strtoull(optarg, &end, 10);
            if (errno || *end || n < 100 || n > 100000000ULL) {
                kl_error("validate: --n wants a count between 100 and 100000000, not '%s'", optarg);
                return 2;
            }
            break;
        case 's':
            seed = strtoull(optarg, &end, 10);
            if (errno || *end || end == optarg) {
                kl_error("validate: --seed wants an integer, not '%s'", optarg);
                return 2;
            }
            break;
        case O_BACKEND:
            if (strcmp(optarg, "offline") != 0) {
                kl_error("validate: backend '%s' is not available here (offline only)", optarg);
                return 2;
            }
            break;
        case O_JSON: json = 1; break;
        case O_MINU:
        case O_MINC: {
            long long v = strtoll(optarg, &end, 10);
            if (errno || *end || v < 1) {
                kl_error("validate: %s wants a positive integer", argv[optind - 1]);
                return 2;
            }
            *(ch == O_MINU ? &min_users : &min_conv) = v;
            break;
        }
        case O_KEEP: keep = optarg; break;
        case O_SNAPSHOT: snapshot = optarg; break;
        case 'h': usage(stdout); return 0;
        case ':': kl_error("validate: %s needs a value", argv[optind - 1]); return 2;
        default: kl_error("validate: unknown option '%s'", argv[optind - 1]); return 2;
        }
    }
    if (optind < argc) {
        kl_error("validate: unexpected argument '%s'", argv[optind]);
        return 2;
    }
    if (snapshot)
        return check_snapshot(snapshot, n, seed, json);
    char tmpl[] = "/tmp/kleio-validate.XXXXXX";
    const char *dir = keep;
    if (keep) {
        if (mkdir(keep, 0700) != 0 && errno != EEXIST) {
            kl_error("validate: cannot create %s: %s", keep, strerror(errno));
            return 1;
        }
    } else {
        const char *tmpdir = getenv("TMPDIR");
        kl_buf t = KL_BUF_INIT;
        kl_buf_printf(&t, "%s/kleio-validate.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
        char *p = kl_buf_steal(&t);
        if (strlen(p) < sizeof tmpl)
            memcpy(tmpl, p, strlen(p) + 1);
        free(p);
        dir = mkdtemp(tmpl);
        if (!dir) {
            kl_error("validate: cannot create a temporary directory: %s", strerror(errno));
            return 1;
        }
    }
    kl_buf corpus = KL_BUF_INIT, work = KL_BUF_INIT, snap = KL_BUF_INIT;
    kl_buf_printf(&corpus, "%s/corpus.jsonl", dir);
    kl_buf_printf(&work, "%s/work.db", dir);
    kl_buf_printf(&snap, "%s/snapshot.db", dir);
    if (keep) {
        remove(kl_buf_cstr(&work));
        remove(kl_buf_cstr(&snap));
    }
    int status = 1;
    vtruth truth;
    json_t *report = NULL;
    if (vtruth_generate(n, seed, kl_buf_cstr(&corpus), &truth) != 0)
        goto done_truth;
    char *ingest_argv[] = {kl_strdup("ingest"), kl_strdup("--work"), kl_strdup(kl_buf_cstr(&work)),
                           kl_strdup(kl_buf_cstr(&corpus)), NULL};
    int rc = cmd_ingest(4, ingest_argv);
    for (int i = 0; i < 4; i++)
        free(ingest_argv[i]);
    if (rc != 0) {
        kl_error("validate: ingest failed (status %d)", rc);
        goto done_truth;
    }
    kl_run_params p;
    kl_run_params_init(&p);
    p.work = kl_buf_cstr(&work);
    p.out = kl_buf_cstr(&snap);
    p.seed = seed;
    p.min_users = min_users;
    p.min_conversations = min_conv;
    p.top = kl_synth_category_count();   /* one top cluster per category, as Clio scores it */
    if (kl_run(&p) != 0) {
        kl_error("validate: the run failed");
        goto done_truth;
    }
    vthresholds th = {min_users, min_conv};
    int privacy_ok = 0;
    report = vmeasure(&truth, kl_buf_cstr(&work), kl_buf_cstr(&snap), &th, &privacy_ok);
    if (!report)
        goto done_truth;
    json_object_set_new(report, "seed", json_integer((json_int_t)seed));
    print_report(report, json);
    json_decref(report);
    status = privacy_ok ? 0 : 1;
done_truth:
    vtruth_free(&truth);
    if (!keep)
        remove_tree(dir);
    kl_buf_free(&corpus);
    kl_buf_free(&work);
    kl_buf_free(&snap);
    return status;
}
