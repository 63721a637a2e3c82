/* facets_work.c — the facets of a whole work database, with the backend set up from
 * options: what `kleio facets` and the pipeline's facets stage both run. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kleio/custom_facets.h"
#include "kleio/facets.h"
#include "kleio/facets_llm.h"
#include "kleio/facets_work.h"
#include "kleio/log.h"
#include "kleio/workdb.h"

/* One line after a model run: calls, cache hits, retries, tokens, estimated cost, and the
 * fields the offline extractor gave instead of the model. */
static void report_llm(kl_llm *llm, const char *backend, const kl_facets_stream_stats *f,
                       const kl_facets_stream_opts *so)
{
    kl_llm_stats s;
    kl_llm_stats_get(llm, &s);
    char cost[64] = "cost unknown for this model (give --price IN,OUT)";
    if (so->price_in >= 0 && so->price_out >= 0)
        snprintf(cost, sizeof cost, "estimated cost $%.4f",
                 ((double)s.tokens_in * so->price_in + (double)s.tokens_out * so->price_out) / 1e6);
    kl_info("facets: %s %s: %llu calls, %llu cache hits, %llu retries, %llu tokens in, %llu tokens "
            "out, %s; %llu conversations, %llu with model facets, %llu re-asked", backend,
            kl_llm_model(llm), (unsigned long long)s.calls, (unsigned long long)s.cache_hits,
            (unsigned long long)s.retries, (unsigned long long)s.tokens_in,
            (unsigned long long)s.tokens_out, cost, (unsigned long long)f->done,
            (unsigned long long)f->model_rows, (unsigned long long)f->reasks);
    uint64_t fb = 0;
    for (int k = 0; k < KL_FACET_KINDS; k++)
        fb += f->fallbacks[k];
    if (fb)
        kl_info("facets: %llu fields taken from the offline extractor after the model's answers "
                "were refused (language %llu, refusal %llu, concern %llu, task %llu, summary %llu)",
                (unsigned long long)fb, (unsigned long long)f->fallbacks[0],
                (unsigned long long)f->fallbacks[1], (unsigned long long)f->fallbacks[2],
                (unsigned long long)f->fallbacks[3], (unsigned long long)f->fallbacks[4]);
    if (s.over_budget)
        kl_info("facets: the budget of calls is spent; the conversations left without facets are "
                "done by the next run");
}

static int work_llm(const kl_facets_work_opts *o, sqlite3 *db, const char *backend,
                    const kl_custom_facets *cf)
{
    char err[512];
    kl_llm_config cfg = o->llm;
    cfg.cache_db = o->work;
    int conc = cfg.http.concurrency > 0 ? cfg.http.concurrency : 8;
    kl_facets_stream_opts so = {.keep_raw = o->keep_raw, .in_flight = (size_t)conc * 4,
                                .commit_rows = o->batch ? o->batch : 64, .price_in = -1,
                                .price_out = -1, .screen = o->screen,
                                .custom = cf->n ? cf : NULL};
    if (kl_llm_price(o->price, NULL, &so.price_in, &so.price_out, err, sizeof err) != 0) {
        kl_error("facets: %s", err);
        return 2;
    }
    if (o->prompts && kl_prompts_load(o->prompts, err, sizeof err) != 0) {
        kl_error("facets: --prompts: %s", err);
        return 2;
    }
    kl_llm *llm = kl_llm_open(&cfg, err, sizeof err);
    if (!llm) {
        kl_error("facets: %s", err);
        kl_prompts_reset();
        return 2;
    }
    if (!o->price)   /* the list price of the model asked, when the table knows it */
        kl_llm_price(NULL, kl_llm_model(llm), &so.price_in, &so.price_out, err, sizeof err);
    kl_facets_stream_stats st;
    int rc = kl_facets_llm_stream(db, llm, backend, &so, &st);
    report_llm(llm, backend, &st, &so);
    if (cf->n)
        kl_info("facets: custom facets: %llu answered, %llu the model could not tell, %llu still"
                " wrong after the re-asks (unanswered; reasons in custom_facet_values)",
                (unsigned long long)st.custom_answered, (unsigned long long)st.custom_unanswered,
                (unsigned long long)st.custom_failed);
    kl_llm_stats ls;
    kl_llm_stats_get(llm, &ls);
    bool only_budget = ls.over_budget > 0 && ls.failures == 0;
    kl_llm_close(llm);
    kl_prompts_reset();
    return (rc != 0 && !only_budget) || (st.failed > 0 && !only_budget) ? 1 : 0;
}

/* The custom facets to ask: those of the file, which replace the declared ones, else the
 * declared ones. 0, 1 a database error, 2 a bad file (its errors on stderr). */
static int custom_open(const kl_facets_work_opts *o, sqlite3 *db, kl_custom_facets *cf)
{
    if (!o->custom_facets)
        return kl_custom_load_defs(db, cf) == 0 ? 0 : 1;
    kl_buf errs = KL_BUF_INIT;
    int rc = kl_custom_load(o->custom_facets, cf, &errs);
    if (rc != 0)
        fputs(kl_buf_cstr(&errs), stderr);
    kl_buf_free(&errs);
    if (rc != 0)
        return 2;
    if (kl_custom_store_defs(db, cf) != 0)
        return 1;
    kl_info("custom facets: %zu declared", cf->n);
    return 0;
}

/* Conversations with facets and no answer to a custom facet get one saying why: the
 * offline backend has no extractor for them (a value would be invented), and a model is
 * not asked again about conversations whose facets it gave before the facet existed. */
static int custom_fill(sqlite3 *db, const kl_custom_facets *cf, bool model)
{
    const char *why = model ? "unanswered: the conversation's facets were computed before this"
                              " facet was declared"
                            : "unanswered: the offline backend has no extractor for a custom facet";
    long n = kl_custom_fill_unanswered(db, cf, why);
    if (n > 0)
        kl_info("custom facets: %ld answers recorded as unanswered (%s)", n, why + 12);
    return n < 0 ? 1 : 0;
}

int kl_facets_work(const kl_facets_work_opts *o)
{
    const char *work = o->work, *backend = o->backend ? o->backend : "offline";
    char err[512];
    if (access(work, F_OK) != 0) {
        kl_error("%s: no such work database (create it with kleio ingest)", work);
        return 2;
    }
    sqlite3 *db = kl_workdb_open(work, 0, err, sizeof err);
    if (!db) {
        kl_error("%s", err);
        return 2;
    }
    kl_custom_facets cf;
    int rc = custom_open(o, db, &cf);
    if (rc != 0) {
        kl_workdb_close(db);
        return rc;
    }
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int threads = o->threads > 0 ? o->threads : cpus > 0 ? (cpus > 64 ? 64 : (int)cpus) : 1;
    size_t batch = o->batch;
    bool model = strcmp(backend, "offline") != 0;
    if (model) {
        rc = work_llm(o, db, backend, &cf);
    } else {
        const kl_facets_backend *be = kl_facets_offline();
        kl_facets_opts opts = {.keep_raw = o->keep_raw, .batch = batch ? batch : 500,
                               .threads = threads, .screen = o->screen};
        kl_facets_stats st;
        rc = !be || kl_facets_run(db, be, &opts, &st) != 0 || st.failed > 0 ? 1 : 0;
    }
    /* After a model run refused for good (exit 2) nothing is filled: a rerun asks. */
    if (rc == 0 && custom_fill(db, &cf, model) != 0)
        rc = 1;
    kl_custom_free(&cf);
    kl_workdb_close(db);
    return rc;
}
