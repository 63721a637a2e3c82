/* run_llm.c — the model backend of `kleio run` (kleio-backends(7)): one provider for the
 * whole run, so that --max-calls is one budget over the facets, embed and name stages and
 * every stage reports the calls it made. The key stays in the provider's memory. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/facets.h"
#include "kleio/facets_llm.h"
#include "kleio/jobs.h"
#include "kleio/llm.h"
#include "kleio/log.h"
#include "kleio/rng.h"
#include "run_internal.h"

/* A job's usage line (kl_job_report_usage): the calls so far and their estimated cost at
 * the chat model's price (--price, else its list price). */
static void job_usage(const kl_llm_stats *s, void *arg)
{
    const run_ctx *c = arg;
    double pin, pout;
    char err[160], cost[64] = "cost unknown (give --price IN,OUT)";
    if (kl_llm_price(c->p->price, run_llm_chat_model(c->p), &pin, &pout, err, sizeof err) == 0 &&
        pin >= 0 && pout >= 0)
        snprintf(cost, sizeof cost, "est. $%.4f",
                 ((double)s->tokens_in * pin + (double)s->tokens_out * pout) / 1e6);
    char text[256];
    snprintf(text, sizeof text, "%llu calls, %llu cached, %llu failed, %llu tokens in, %llu out, %s",
             (unsigned long long)s->calls, (unsigned long long)s->cache_hits,
             (unsigned long long)s->failures, (unsigned long long)s->tokens_in,
             (unsigned long long)s->tokens_out, cost);
    kl_job_report_usage(text);
}

int run_llm_open(run_ctx *c)
{
    const kl_run_params *p = c->p;
    c->llm = NULL;
    if (!kl_run_uses_model(p))
        return 0;
    kl_llm_config cfg = {.http = kl_http_opts_default()};
    if (kl_llm_provider_parse(p->backend, &cfg.provider) != 0) {
        kl_error("run: unknown backend '%s'", p->backend);
        return -1;
    }
    cfg.base_url = p->base_url;
    cfg.model = p->model;
    cfg.embed_model = p->embed_model;
    cfg.embed_dims = p->embed_dims;
    cfg.embed_base_url = p->embed_url;
    cfg.api_key_env = p->api_key_env;
    cfg.cache_db = p->work;
    cfg.max_calls = p->max_calls;
    cfg.http.concurrency = p->concurrency > 0 ? p->concurrency : 8;
    cfg.http.timeout_s = p->timeout > 0 ? (double)p->timeout : 120.0;
    cfg.http.rpm = (double)p->rpm;
    cfg.http.tpm = (double)p->tpm;
    double pin, pout;
    char err[512];
    if (kl_llm_price(p->price, NULL, &pin, &pout, err, sizeof err) != 0) {
        kl_error("run: %s", err);
        return -1;
    }
    if (p->prompts && kl_prompts_load(p->prompts, err, sizeof err) != 0) {
        kl_error("run: --prompts: %s", err);
        return -1;
    }
    if (!(c->llm = kl_llm_open(&cfg, err, sizeof err))) {
        kl_error("run: %s", err);
        return -1;
    }
    if (kl_job_id_from_env() > 0)
        kl_llm_set_usage_hook(c->llm, job_usage, c);
    return 0;
}

void run_llm_close(run_ctx *c)
{
    if (c->llm && kl_job_id_from_env() > 0) {   /* the final counts, whatever the throttle */
        kl_llm_stats s;
        kl_llm_stats_get(c->llm, &s);
        job_usage(&s, c);
    }
    kl_prompts_reset();
    kl_llm_close(c->llm);
    c->llm = NULL;
}

void run_llm_usage(run_ctx *c, kl_llm_stats *since, char *out, size_t outlen)
{
    kl_llm_stats s;
    kl_llm_stats_get(c->llm, &s);
    kl_llm_stats d = {
        s.calls - since->calls, s.cache_hits - since->cache_hits, s.retries - since->retries,
        s.failures - since->failures, s.tokens_in - since->tokens_in,
        s.tokens_out - since->tokens_out, s.over_budget - since->over_budget,
    };
    *since = s;
    double usd, pin, pout;
    char cost[64] = "cost unknown for this model";
    /* Embedding calls are priced by the embedding model, chat calls by the chat model;
     * a stage uses one kind, and tokens_out is 0 only for embeddings. */
    const char *model = d.tokens_out == 0 && d.tokens_in > 0 && run_embed_remote(c)
                            ? run_llm_embed_model(c->p) : kl_llm_model(c->llm);
    char err[160];
    if (c->p->price && model == kl_llm_model(c->llm) &&
        kl_llm_price(c->p->price, model, &pin, &pout, err, sizeof err) == 0)
        snprintf(cost, sizeof cost, "estimated cost $%.4f",
                 ((double)d.tokens_in * pin + (double)d.tokens_out * pout) / 1e6);
    else if (kl_llm_cost(model, d.tokens_in, d.tokens_out, &usd))
        snprintf(cost, sizeof cost, "estimated cost $%.4f", usd);
    snprintf(out, outlen, "%llu calls, %llu cache hits, %llu retries, %llu tokens in, %llu tokens"
             " out, %s", (unsigned long long)d.calls, (unsigned long long)d.cache_hits,
             (unsigned long long)d.retries, (unsigned long long)d.tokens_in,
             (unsigned long long)d.tokens_out, cost);
}

void run_llm_fail(run_ctx *c, const char *stage, int rc, const char *err)
{
    const char *fatal = kl_llm_fatal_error(c->llm);
    if (fatal[0])
        kl_error("%s: %s", stage, fatal);
    else if (rc == KL_LLM_BUDGET)
        kl_error("%s: the budget of %llu calls is spent; the answers so far are cached, so a"
                 " rerun with a larger --max-calls pays only for the rest", stage,
                 (unsigned long long)c->p->max_calls);
    else
        kl_error("%s: %s", stage, err && *err ? err : "the model gave no usable answer");
}

int run_stage_facets_model(run_ctx *c)
{
    kl_llm_stats since;
    kl_llm_stats_get(c->llm, &since);
    int conc = c->p->concurrency > 0 ? c->p->concurrency : 8;
    /* Four conversations per connection: one waiting for Retry-After holds no connection,
     * but it holds its place in the queue. */
    kl_facets_stream_opts opts = {.keep_raw = c->p->keep_raw, .in_flight = (size_t)conc * 4,
                                  .commit_rows = 64, .price_in = -1, .price_out = -1,
                                  .model = c->p->facets_model, .custom = &c->custom,
                                  .screen = c->screen_key[0] ? c->screen_key : NULL};
    char err[160];
    kl_llm_price(c->p->price, kl_llm_model(c->llm), &opts.price_in, &opts.price_out, err, sizeof err);
    kl_facets_stream_stats st;
    int rc = kl_facets_llm_stream(c->db, c->llm, c->p->backend, &opts, &st);
    char usage[256];
    run_llm_usage(c, &since, usage, sizeof usage);
    kl_info("facets: %s %s: %llu conversations, %llu with model facets, %llu model summaries, %llu "
            "re-asked; %s", c->p->backend, opts.model ? opts.model : kl_llm_model(c->llm), (unsigned long long)st.done,
            (unsigned long long)st.model_rows, (unsigned long long)st.model_summaries,
            (unsigned long long)st.reasks, usage);
    if (c->custom.n)
        kl_info("facets: custom facets: %llu answered, %llu the model could not tell, %llu still"
                " wrong after the re-asks (unanswered; reasons in custom_facet_values)",
                (unsigned long long)st.custom_answered, (unsigned long long)st.custom_unanswered,
                (unsigned long long)st.custom_failed);
    uint64_t fb = 0;
    for (int k = 0; k < KL_FACET_KINDS; k++)
        fb += st.fallbacks[k];
    if (fb)
        kl_info("facets: fields taken from the offline extractor after the model's answers were "
                "refused: language %llu, refusal %llu, concern %llu, task %llu, summary %llu "
                "(reasons in facet_sources)", (unsigned long long)st.fallbacks[0],
                (unsigned long long)st.fallbacks[1], (unsigned long long)st.fallbacks[2],
                (unsigned long long)st.fallbacks[3], (unsigned long long)st.fallbacks[4]);
    if (kl_llm_fatal_error(c->llm)[0] || since.over_budget) {
        run_llm_fail(c, "facets", since.over_budget ? KL_LLM_BUDGET : KL_LLM_FATAL, NULL);
        return -1;
    }
    if (rc != 0 || st.failed > 0) {
        kl_error("facets: %llu conversations got no facets; a rerun asks again for them only",
                 (unsigned long long)st.failed);
        return -1;
    }
    return 0;
}

const char *run_llm_embed_model(const kl_run_params *p)
{
    return p->embed_model ? p->embed_model : "text-embedding-3-small";
}

const char *run_llm_chat_model(const kl_run_params *p)
{
    if (p->model)
        return p->model;
    return strcmp(p->backend, "anthropic") == 0 ? "claude-3-5-haiku-latest" : "gpt-4o-mini";
}

uint64_t run_llm_embed_tag(const kl_run_params *p)
{
    if (!p->backend || strcmp(p->backend, "openai") != 0)
        return 0;
    return kl_hash_str(run_llm_embed_model(p), 0x656d626564ULL + (uint64_t)p->embed_dims);
}

uint64_t run_llm_name_tag(const kl_run_params *p)
{
    if (!kl_run_uses_model(p))
        return 0;
    /* The naming and audit models are part of what the names depend on; "hier1": the
     * stage builds the levels above the leaves by the model too. */
    uint64_t h = kl_hash_str(run_llm_chat_model(p), kl_hash_str(p->backend, 0x6e616d65ULL));
    h = kl_hash_str("hier1", h);
    if (p->name_model)
        h = kl_hash_str(p->name_model, h ^ 0x6e6d);
    if (p->audit_model)
        h = kl_hash_str(p->audit_model, h ^ 0x6175);
    return h;
}

int run_llm_summary_model(run_ctx *c, char *out, size_t outlen)
{
    snprintf(out, outlen, "offline-extractive");
    sqlite3_stmt *st;
    if (!c->llm)
        return 0;
    /* Per field where the model's stage recorded it: a summary taken from the offline
     * extractor is not the model's, whatever else the model gave that row. */
    if (sqlite3_prepare_v2(c->db, "SELECT CASE WHEN s.summary IS NULL OR s.summary = 'model' THEN"
                                  " f.backend ELSE 'offline' END, f.model, count(*) FROM facets f"
                                  " LEFT JOIN facet_sources s ON s.conv = f.conv"
                                  " GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2", -1, &st, NULL) != SQLITE_OK &&
        sqlite3_prepare_v2(c->db, "SELECT backend, model, count(*) FROM facets"
                                  " GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2", -1, &st, NULL) != SQLITE_OK)
        return 0;
    size_t len = 0;
    int rows = 0, rc;
    char first[128] = "";
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && len < outlen) {
        const char *be = (const char *)sqlite3_column_text(st, 0);
        const char *model = (const char *)sqlite3_column_text(st, 1);
        const char *name = be && strcmp(be, "offline") != 0 && model && *model ? model
                                                                               : "offline-extractive";
        if (rows == 0)
            snprintf(first, sizeof first, "%s", name);
        int w = snprintf(out + len, outlen - len, "%s%s (%lld)", rows ? ", " : "", name,
                         (long long)sqlite3_column_int64(st, 2));
        len += w > 0 ? (size_t)w : 0;
        rows++;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) { /* a read error is not the end of the list */
        kl_error("%s: %s", c->p->work, sqlite3_errmsg(c->db));
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    if (rows == 1)
        snprintf(out, outlen, "%s", first);
    else if (rows == 0)
        snprintf(out, outlen, "offline-extractive");
    return 0;
}

void run_llm_name_model(run_ctx *c, char *out, size_t outlen)
{
    snprintf(out, outlen, "%s", run_llm_chat_model(c->p));
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(c->db, "SELECT model, named, kept FROM run_name_model WHERE id = 1", -1,
                           &st, NULL) != SQLITE_OK)
        return;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *m = (const char *)sqlite3_column_text(st, 0);
        sqlite3_int64 named = sqlite3_column_int64(st, 1), kept = sqlite3_column_int64(st, 2);
        if (named == 0)
            snprintf(out, outlen, "offline");
        else if (kept > 0)
            snprintf(out, outlen, "%s (%lld), offline (%lld)", m ? m : "?", (long long)named,
                     (long long)kept);
        else
            snprintf(out, outlen, "%s", m ? m : "?");
    }
    sqlite3_finalize(st);
}

char *run_llm_facet_sources(run_ctx *c)
{
    static const char *const field[KL_FACET_KINDS] = {"language", "refusal", "concern", "task",
                                                      "summary"};
    int64_t model[KL_FACET_KINDS] = {0}, offline[KL_FACET_KINDS] = {0};
    sqlite3_stmt *st;
    /* Without facet_sources (facets from before it, or none by the model): the row's
     * backend says for every field. */
    bool per_field = sqlite3_prepare_v2(c->db, "SELECT f.conv, f.backend, s.lang, s.refused,"
                                               " s.concern, s.task, s.summary FROM facets f"
                                               " LEFT JOIN facet_sources s ON s.conv = f.conv",
                                        -1, &st, NULL) == SQLITE_OK;
    if (!per_field &&
        sqlite3_prepare_v2(c->db, "SELECT conv, backend FROM facets", -1, &st, NULL) != SQLITE_OK) {
        kl_error("%s: %s", c->p->work, sqlite3_errmsg(c->db));
        return NULL;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (run_row_of(c, sqlite3_column_int64(st, 0)) < 0)
            continue;   /* not in this run (another language, screened out) */
        const char *be = (const char *)sqlite3_column_text(st, 1);
        bool row_model = be && strcmp(be, "offline") != 0;
        for (int k = 0; k < KL_FACET_KINDS; k++) {
            const char *src = per_field ? (const char *)sqlite3_column_text(st, 2 + k) : NULL;
            bool m = src ? strcmp(src, "model") == 0 : row_model;
            (m ? model : offline)[k]++;
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        kl_error("%s: %s", c->p->work, sqlite3_errmsg(c->db));
        return NULL;
    }
    /* Counts over the whole run, but a side smaller than the conversation threshold is
     * not published (nor its complement, which would give it away). */
    json_t *o = json_object();
    for (int k = 0; k < KL_FACET_KINDS; k++) {
        int64_t small = model[k] < offline[k] ? model[k] : offline[k];
        bool hide = small > 0 && small < c->p->min_conversations;
        json_object_set_new(o, field[k],
                            json_pack("{s:o, s:o}", "model",
                                      hide ? json_null() : json_integer((json_int_t)model[k]),
                                      "offline",
                                      hide ? json_null() : json_integer((json_int_t)offline[k])));
    }
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return s;
}
