/* validate_run.c — `kleio validate`: a synthetic corpus with known topics → ingest → run,
 * blind → scored against the truth (kleio-run(1), kleio-privacy(7)). */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kleio/buf.h"
#include "kleio/ingest.h"
#include "kleio/log.h"
#include "kleio/pipeline.h"
#include "kleio/synth.h"
#include "kleio/validate.h"
#include "validate_internal.h"

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
int kl_validate_snapshot(const char *snapshot, const kl_validate_opts *o)
{
    uint64_t n = o->n, seed = o->seed;
    int json = o->json;
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


int kl_validate_run(const kl_validate_opts *o)
{
    uint64_t n = o->n, seed = o->seed;
    int64_t min_users = o->min_users, min_conv = o->min_conversations;
    int json = o->json;
    const char *keep = o->keep;
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
    char *files[] = {corpus.data};
    kl_ingest_opts in = {.work = kl_buf_cstr(&work), .batch = 1000,
                         .max_line = KL_INGEST_DEFAULT_MAX_LINE, .max_errors = 20,
                         .files = files, .n_files = 1};
    int rc = kl_ingest_files(&in);
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
    if (o->backend && strcmp(o->backend, "offline") != 0) {
        /* The whole validation through a server: facets, embeddings, names, audit. */
        p.backend = o->backend;
        p.base_url = o->base_url;
        p.model = o->model;
        if (o->concurrency > 0)
            p.concurrency = o->concurrency;
    }
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
