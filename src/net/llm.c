/* llm.c — providers: configuration, the key, budget, cache and the chat and embedding
 * calls over the HTTP client. */
#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kleio/buf.h"
#include "kleio/llm.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/sha256.h"
#include "llm_cache.h"

#define EMBED_BATCH 64
#define REASKS 2          /* extra asks after a 2xx answer that could not be read */
#define MAX_WARNINGS 5

struct kl_llm {
    enum kl_llm_provider provider;
    char *model, *embed_model;
    int embed_dims;
    char *key;                 /* never logged or stored */
    char *chat_url, *embed_url;
    char *headers[3];
    size_t n_headers;
    uint64_t max_calls;
    kl_http *http;
    kl_llm_cache *cache;
    pthread_mutex_t mu;
    kl_llm_stats st;
    char fatal[512];
    int warned;
    /* Streaming calls: finished ones queue here (from the HTTP thread) for kl_llm_next. */
    pthread_cond_t done_cond;
    struct call *done_head, *done_tail;
    size_t pending;
    kl_llm_usage_hook usage_fn;
    void *usage_arg;
    double usage_at;           /* when usage_fn was last called */
};

void kl_llm_set_usage_hook(kl_llm *m, kl_llm_usage_hook fn, void *arg)
{
    pthread_mutex_lock(&m->mu);
    m->usage_fn = fn;
    m->usage_arg = arg;
    m->usage_at = 0;
    pthread_mutex_unlock(&m->mu);
}

/* The usage hook with the counts so far, at most twice a second. */
static void usage_tick(kl_llm *m)
{
    pthread_mutex_lock(&m->mu);
    double now = kl_now();
    bool due = m->usage_fn && now - m->usage_at >= 0.5;
    kl_llm_stats s = m->st;
    kl_llm_usage_hook fn = m->usage_fn;
    void *arg = m->usage_arg;
    if (due)
        m->usage_at = now;
    pthread_mutex_unlock(&m->mu);
    if (due)
        fn(&s, arg);
}

/* One streaming call. */
typedef struct call {
    kl_llm *m;
    void *tag;
    char key[65];
    char *body;
    kl_http_req req;
    int asks;                  /* re-asks after an unreadable 2xx answer */
    bool answered;             /* resp holds an HTTP outcome to read */
    kl_http_resp resp;
    int rc;                    /* the outcome when !answered */
    char *text;
    char err[512];
    struct call *next;
} call;

int kl_llm_provider_parse(const char *name, enum kl_llm_provider *out)
{
    if (strcmp(name, "openai") == 0)
        *out = KL_LLM_OPENAI;
    else if (strcmp(name, "anthropic") == 0)
        *out = KL_LLM_ANTHROPIC;
    else
        return -1;
    return 0;
}

const char *kl_llm_provider_name(enum kl_llm_provider p)
{
    return p == KL_LLM_OPENAI ? "openai" : "anthropic";
}

static char *join_url(const char *base, const char *path)
{
    size_t n = strlen(base);
    while (n > 0 && base[n - 1] == '/')
        n--;
    kl_buf b = KL_BUF_INIT;
    kl_buf_append(&b, base, n);
    /* Anthropic's paths start with /v1: accept a base given with or without it. */
    if (strncmp(path, "/v1/", 4) == 0 && n >= 3 && strncmp(base + n - 3, "/v1", 3) == 0)
        path += 3;
    kl_buf_puts(&b, path);
    return kl_buf_steal(&b);
}

kl_llm *kl_llm_open(const kl_llm_config *cfg, char *err, size_t errlen)
{
    bool openai = cfg->provider == KL_LLM_OPENAI;
    const char *var = cfg->api_key_env ? cfg->api_key_env : openai ? "OPENAI_API_KEY" : "ANTHROPIC_API_KEY";
    const char *key = getenv(var);
    if ((!key || !*key) && !cfg->base_url) {
        snprintf(err, errlen, "%s: the API key is not set: export %s (or name another variable with "
                 "--api-key-env)", kl_llm_provider_name(cfg->provider), var);
        return NULL;
    }
    const char *base = cfg->base_url ? cfg->base_url
                       : openai      ? "https://api.openai.com/v1"
                                     : "https://api.anthropic.com";
    if (strncmp(base, "http://", 7) != 0 && strncmp(base, "https://", 8) != 0) {
        snprintf(err, errlen, "--base-url must start with http:// or https://, not '%s'", base);
        return NULL;
    }
    kl_llm *m = kl_calloc(1, sizeof *m);
    m->provider = cfg->provider;
    m->model = kl_strdup(cfg->model ? cfg->model : openai ? "gpt-4o-mini" : "claude-3-5-haiku-latest");
    m->embed_model = kl_strdup(cfg->embed_model ? cfg->embed_model : "text-embedding-3-small");
    m->embed_dims = cfg->embed_dims;
    m->key = kl_strdup(key ? key : "");
    m->max_calls = cfg->max_calls;
    kl_buf h = KL_BUF_INIT;
    if (openai) {
        m->chat_url = join_url(base, "/chat/completions");
        m->embed_url = join_url(cfg->embed_base_url ? cfg->embed_base_url : base, "/embeddings");
        if (*m->key) {
            kl_buf_printf(&h, "Authorization: Bearer %s", m->key);
            m->headers[m->n_headers++] = kl_buf_steal(&h);
        }
    } else {
        m->chat_url = join_url(base, "/v1/messages");
        if (*m->key) {
            kl_buf_printf(&h, "x-api-key: %s", m->key);
            m->headers[m->n_headers++] = kl_buf_steal(&h);
        }
        m->headers[m->n_headers++] = kl_strdup("anthropic-version: 2023-06-01");
    }
    kl_buf_free(&h);
    pthread_mutex_init(&m->mu, NULL);
    pthread_cond_init(&m->done_cond, NULL);
    if (cfg->cache_db && !(m->cache = kl_llm_cache_open(cfg->cache_db, err, errlen))) {
        kl_llm_close(m);
        return NULL;
    }
    if (!(m->http = kl_http_new(&cfg->http))) {
        snprintf(err, errlen, "cannot start the HTTP client");
        kl_llm_close(m);
        return NULL;
    }
    if (!*m->key)
        kl_info("%s: %s is not set; calling %s without a key", kl_llm_provider_name(m->provider), var, base);
    return m;
}

void kl_llm_close(kl_llm *m)
{
    if (!m)
        return;
    kl_http_free(m->http);
    kl_llm_cache_close(m->cache);
    for (size_t k = 0; k < m->n_headers; k++) {
        memset(m->headers[k], 0, strlen(m->headers[k]));
        free(m->headers[k]);
    }
    memset(m->key, 0, strlen(m->key));
    free(m->key);
    free(m->model);
    free(m->embed_model);
    free(m->chat_url);
    free(m->embed_url);
    pthread_mutex_destroy(&m->mu);
    pthread_cond_destroy(&m->done_cond);
    free(m);
}

const char *kl_llm_model(const kl_llm *m)
{
    return m->model;
}

void kl_llm_stats_get(kl_llm *m, kl_llm_stats *out)
{
    pthread_mutex_lock(&m->mu);
    *out = m->st;
    kl_http_stats hs;
    kl_http_stats_get(m->http, &hs);
    out->retries += hs.retries;
    pthread_mutex_unlock(&m->mu);
}

const char *kl_llm_fatal_error(kl_llm *m)
{
    pthread_mutex_lock(&m->mu);
    const char *s = m->fatal;
    pthread_mutex_unlock(&m->mu);
    return s;
}

/* Takes one call from the budget; false when none is left. */
static bool budget_take(kl_llm *m, uint64_t n)
{
    pthread_mutex_lock(&m->mu);
    bool ok = !m->max_calls || m->st.calls + n <= m->max_calls;
    if (ok)
        m->st.calls += n;
    else
        m->st.over_budget += n;
    pthread_mutex_unlock(&m->mu);
    return ok;
}

static int fatal_set(kl_llm *m, const char *msg, char *err, size_t errlen)
{
    pthread_mutex_lock(&m->mu);
    if (!m->fatal[0]) {
        snprintf(m->fatal, sizeof m->fatal, "%s", msg);
        kl_error("%s", msg);
    }
    m->st.failures++;
    pthread_mutex_unlock(&m->mu);
    snprintf(err, errlen, "%s", msg);
    return KL_LLM_FATAL;
}

static int failure(kl_llm *m, const char *msg, char *err, size_t errlen)
{
    pthread_mutex_lock(&m->mu);
    m->st.failures++;
    if (m->warned++ < MAX_WARNINGS)
        kl_warn("%s", msg);
    pthread_mutex_unlock(&m->mu);
    snprintf(err, errlen, "%s", msg);
    return KL_LLM_FAILED;
}

/* Classifies a finished request that is not a readable 2xx answer. */
static int http_failure(kl_llm *m, const char *url, int rc, const kl_http_resp *r, char *err,
                        size_t errlen)
{
    char msg[512], detail[300];
    if (rc != 0) {
        snprintf(msg, sizeof msg, "%s: %s (after %d retries)", url, r->error, r->retries);
        return failure(m, msg, err, errlen);
    }
    kl_llm_error_message(r->body, m->key, detail, sizeof detail);
    snprintf(msg, sizeof msg, "%s: HTTP %ld: %s", url, r->status, detail);
    if (r->status == 401 || r->status == 403 || r->status == 404)
        return fatal_set(m, msg, err, errlen);
    if (kl_http_status_retryable(r->status))
        snprintf(msg + strlen(msg), sizeof msg - strlen(msg), " (after %d retries)", r->retries);
    return failure(m, msg, err, errlen);
}

static bool stopped(kl_llm *m, char *err, size_t errlen)
{
    pthread_mutex_lock(&m->mu);
    bool f = m->fatal[0] != 0;
    if (f)
        snprintf(err, errlen, "%s", m->fatal);
    pthread_mutex_unlock(&m->mu);
    return f;
}

static void hash_parts(const char *const *parts, size_t n, char out[65])
{
    kl_sha256 s;
    kl_sha256_init(&s);
    for (size_t k = 0; k < n; k++)
        kl_sha256_update(&s, parts[k], strlen(parts[k]) + 1);   /* the NUL separates */
    unsigned char d[32];
    kl_sha256_final(&s, d);
    for (int k = 0; k < 32; k++)
        snprintf(out + 2 * k, 3, "%02x", d[k]);
}

int kl_llm_chat(kl_llm *m, const char *system, const char *user, double temperature,
                int max_tokens, char **out, char *err, size_t errlen)
{
    return kl_llm_chat_model(m, NULL, system, user, temperature, max_tokens, out, err, errlen);
}

static int chat_model(kl_llm *m, const char *model, const char *system, const char *user,
                      double temperature, int max_tokens, char **out, char *err, size_t errlen);

int kl_llm_chat_model(kl_llm *m, const char *model, const char *system, const char *user,
                      double temperature, int max_tokens, char **out, char *err, size_t errlen)
{
    int rc = chat_model(m, model, system, user, temperature, max_tokens, out, err, errlen);
    usage_tick(m);
    return rc;
}

static int chat_model(kl_llm *m, const char *model, const char *system, const char *user,
                      double temperature, int max_tokens, char **out, char *err, size_t errlen)
{
    if (!model)
        model = m->model;
    *out = NULL;
    err[0] = 0;
    if (stopped(m, err, errlen))
        return KL_LLM_FATAL;
    char t[32], mt[32], key[65];
    snprintf(t, sizeof t, "%.3f", temperature);
    snprintf(mt, sizeof mt, "%d", max_tokens);
    const char *parts[] = {"chat", kl_llm_provider_name(m->provider), model, t, mt,
                           system ? system : "", user};
    hash_parts(parts, sizeof parts / sizeof parts[0], key);
    if ((*out = kl_llm_cache_get(m->cache, key))) {
        pthread_mutex_lock(&m->mu);
        m->st.cache_hits++;
        pthread_mutex_unlock(&m->mu);
        return KL_LLM_OK;
    }
    if (!budget_take(m, 1)) {
        snprintf(err, errlen, "the budget of %llu calls is spent", (unsigned long long)m->max_calls);
        return KL_LLM_BUDGET;
    }
    char *body = kl_llm_chat_body(m->provider, model, system, user, temperature, max_tokens);
    kl_http_req req = {m->chat_url, (const char *const *)m->headers, m->n_headers, body, strlen(body),
                       max_tokens};
    int result = KL_LLM_FAILED;
    for (int ask = 0; ask <= REASKS; ask++) {
        kl_http_resp r;
        int rc = kl_http_post(m->http, &req, &r);
        if (rc == 0 && r.status >= 200 && r.status < 300) {
            uint64_t tin, tout;
            char *text;
            int prc = kl_llm_chat_parse(m->provider, r.body, &text, &tin, &tout);
            kl_http_resp_free(&r);
            if (prc == 0) {
                pthread_mutex_lock(&m->mu);
                m->st.tokens_in += tin;
                m->st.tokens_out += tout;
                pthread_mutex_unlock(&m->mu);
                kl_llm_cache_put(m->cache, key, text);
                *out = text;
                result = KL_LLM_OK;
                break;
            }
            if (ask < REASKS) {
                pthread_mutex_lock(&m->mu);
                m->st.retries++;
                pthread_mutex_unlock(&m->mu);
                continue;
            }
            char msg[300];
            snprintf(msg, sizeof msg, "%s: the answer is not a readable %s response", m->chat_url,
                     kl_llm_provider_name(m->provider));
            result = failure(m, msg, err, errlen);
            break;
        }
        result = http_failure(m, m->chat_url, rc, &r, err, errlen);
        kl_http_resp_free(&r);
        break;
    }
    free(body);
    return result;
}

/* Parses an embeddings answer into rows[first..first+n) (dim fixed by the first row). */
static int embed_parse(const char *body, size_t n, float **rows, size_t *dim, uint64_t *tin)
{
    json_t *o = json_loads(body, 0, NULL);
    json_t *data = json_object_get(o, "data");
    int rc = json_is_array(data) && json_array_size(data) == n ? 0 : -1;
    *tin = json_is_integer(json_object_get(json_object_get(o, "usage"), "prompt_tokens"))
               ? (uint64_t)json_integer_value(json_object_get(json_object_get(o, "usage"), "prompt_tokens"))
               : 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        json_t *d = json_array_get(data, i);
        json_t *ix = json_object_get(d, "index");
        size_t at = json_is_integer(ix) ? (size_t)json_integer_value(ix) : i;
        json_t *v = json_object_get(d, "embedding");
        size_t len = json_array_size(v);
        if (at >= n || rows[at] || !json_is_array(v) || len == 0 || (*dim && len != *dim)) {
            rc = -1;
            break;
        }
        *dim = len;
        rows[at] = kl_calloc(len, sizeof **rows);
        for (size_t k = 0; k < len; k++) {
            json_t *x = json_array_get(v, k);
            if (!json_is_number(x)) {
                rc = -1;
                break;
            }
            rows[at][k] = (float)json_number_value(x);
        }
    }
    json_decref(o);
    return rc;
}

static char *embed_key(kl_llm *m, const char *text, char key[65])
{
    /* The length is part of the key only when asked for, so that answers cached before
     * --embed-dims existed still count. */
    char dims[16];
    snprintf(dims, sizeof dims, "%d", m->embed_dims);
    const char *parts[] = {"embed", kl_llm_provider_name(m->provider), m->embed_model, text, dims};
    hash_parts(parts, m->embed_dims ? 5 : 4, key);
    return key;
}

static char *vec_json(const float *v, size_t dim)
{
    kl_buf b = KL_BUF_INIT;
    kl_buf_putc(&b, '[');
    for (size_t k = 0; k < dim; k++)
        kl_buf_printf(&b, "%s%.9g", k ? "," : "", (double)v[k]);
    kl_buf_putc(&b, ']');
    return kl_buf_steal(&b);
}

/* A cached vector into a new row when its length is dim (or dim is still 0). */
static float *vec_parse(const char *s, size_t *dim)
{
    json_t *a = json_loads(s, 0, NULL);
    size_t len = json_array_size(a);
    float *v = NULL;
    if (len && (!*dim || len == *dim)) {
        v = kl_calloc(len, sizeof *v);
        for (size_t k = 0; k < len; k++)
            v[k] = (float)json_number_value(json_array_get(a, k));
        *dim = len;
    }
    json_decref(a);
    return v;
}

static int embed(kl_llm *m, const char *const *texts, size_t n, float **out, size_t *dim,
                 char *err, size_t errlen);

int kl_llm_embed(kl_llm *m, const char *const *texts, size_t n, float **out, size_t *dim,
                 char *err, size_t errlen)
{
    int rc = embed(m, texts, n, out, dim, err, errlen);
    usage_tick(m);
    return rc;
}

static int embed(kl_llm *m, const char *const *texts, size_t n, float **out, size_t *dim,
                 char *err, size_t errlen)
{
    *out = NULL;
    *dim = 0;
    err[0] = 0;
    if (m->provider != KL_LLM_OPENAI) {
        snprintf(err, errlen, "the %s provider has no embeddings API; use an OpenAI-compatible server",
                 kl_llm_provider_name(m->provider));
        return KL_LLM_FATAL;
    }
    if (stopped(m, err, errlen))
        return KL_LLM_FATAL;
    float **rows = kl_calloc(n ? n : 1, sizeof *rows);
    size_t *miss = kl_calloc(n ? n : 1, sizeof *miss), nmiss = 0;
    char key[65];
    uint64_t hits = 0;
    for (size_t i = 0; i < n; i++) {
        char *c = kl_llm_cache_get(m->cache, embed_key(m, texts[i], key));
        if (c && (rows[i] = vec_parse(c, dim)))
            hits++;
        else
            miss[nmiss++] = i;
        free(c);
    }
    pthread_mutex_lock(&m->mu);
    m->st.cache_hits += hits;
    pthread_mutex_unlock(&m->mu);

    size_t nreq = (nmiss + EMBED_BATCH - 1) / EMBED_BATCH;
    int result = KL_LLM_OK;
    if (nreq && !budget_take(m, nreq)) {
        snprintf(err, errlen, "the budget of %llu calls is spent", (unsigned long long)m->max_calls);
        result = KL_LLM_BUDGET;
        nreq = 0;
    }
    kl_http_req *reqs = kl_calloc(nreq ? nreq : 1, sizeof *reqs);
    kl_http_resp *resps = kl_calloc(nreq ? nreq : 1, sizeof *resps);
    char **bodies = kl_calloc(nreq ? nreq : 1, sizeof *bodies);
    for (size_t r = 0; r < nreq; r++) {
        json_t *o = json_object(), *in = json_array();
        json_object_set_new(o, "model", json_string(m->embed_model));
        if (m->embed_dims)
            json_object_set_new(o, "dimensions", json_integer(m->embed_dims));
        for (size_t k = r * EMBED_BATCH; k < nmiss && k < (r + 1) * EMBED_BATCH; k++)
            json_array_append_new(in, json_string(texts[miss[k]]));
        json_object_set_new(o, "input", in);
        bodies[r] = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(o);
        reqs[r] = (kl_http_req){m->embed_url, (const char *const *)m->headers, m->n_headers, bodies[r],
                                strlen(bodies[r]), 0};
    }
    kl_http_post_many(m->http, reqs, resps, nreq);
    for (size_t r = 0; r < nreq; r++) {
        size_t first = r * EMBED_BATCH, cnt = nmiss - first < EMBED_BATCH ? nmiss - first : EMBED_BATCH;
        if (result == KL_LLM_OK && resps[r].status >= 200 && resps[r].status < 300 && !resps[r].error[0]) {
            float **got = kl_calloc(cnt, sizeof *got);
            uint64_t tin = 0;
            int parsed = embed_parse(resps[r].body, cnt, got, dim, &tin);
            if (parsed == 0 && m->embed_dims && *dim != (size_t)m->embed_dims) {
                for (size_t k = 0; k < cnt; k++)
                    free(got[k]);
                char msg[300];
                snprintf(msg, sizeof msg, "%s: asked for %d dimensions, the server answered %zu"
                         " (this model may not shorten its vectors)", m->embed_url, m->embed_dims, *dim);
                result = failure(m, msg, err, errlen);
            } else if (parsed == 0) {
                for (size_t k = 0; k < cnt; k++) {
                    rows[miss[first + k]] = got[k];
                    char *js = vec_json(got[k], *dim);
                    kl_llm_cache_put(m->cache, embed_key(m, texts[miss[first + k]], key), js);
                    free(js);
                }
                pthread_mutex_lock(&m->mu);
                m->st.tokens_in += tin;
                pthread_mutex_unlock(&m->mu);
            } else {
                for (size_t k = 0; k < cnt; k++)
                    free(got[k]);
                char msg[300];
                snprintf(msg, sizeof msg, "%s: the answer is not a readable embeddings response",
                         m->embed_url);
                result = failure(m, msg, err, errlen);
            }
            free(got);
        } else if (result == KL_LLM_OK) {
            result = http_failure(m, m->embed_url, resps[r].error[0] ? -1 : 0, &resps[r], err, errlen);
        }
        kl_http_resp_free(&resps[r]);
        free(bodies[r]);
    }
    if (result == KL_LLM_OK && n) {
        *out = kl_calloc(n * *dim, sizeof **out);
        for (size_t i = 0; i < n; i++) {
            /* Unit length, as the offline embeddings: servers differ (OpenAI normalises,
             * some local models do not) and k-means compares directions. */
            double ss = 0;
            for (size_t k = 0; k < *dim; k++)
                ss += (double)rows[i][k] * rows[i][k];
            float inv = ss > 0 ? (float)(1.0 / sqrt(ss)) : 0.0f;
            for (size_t k = 0; k < *dim; k++)
                (*out)[i * *dim + k] = rows[i][k] * inv;
        }
    }
    for (size_t i = 0; i < n; i++)
        free(rows[i]);
    free(rows);
    free(miss);
    free(reqs);
    free(resps);
    free(bodies);
    return result;
}

/* ---- streaming calls ---- */

static void done_push(kl_llm *m, call *c)
{
    pthread_mutex_lock(&m->mu);
    c->next = NULL;
    if (m->done_tail)
        m->done_tail->next = c;
    else
        m->done_head = c;
    m->done_tail = c;
    pthread_cond_signal(&m->done_cond);
    pthread_mutex_unlock(&m->mu);
}

/* HTTP thread: only queues the answer; reading and caching it is the consumer's work. */
static void call_answered(void *arg, kl_http_resp *resp)
{
    call *c = arg;
    c->resp = *resp;
    c->answered = true;
    done_push(c->m, c);
}

void kl_llm_start(kl_llm *m, const kl_llm_ask *a)
{
    call *c = kl_calloc(1, sizeof *c);
    c->m = m;
    c->tag = a->tag;
    c->rc = KL_LLM_FAILED;
    pthread_mutex_lock(&m->mu);
    m->pending++;
    pthread_mutex_unlock(&m->mu);
    if (stopped(m, c->err, sizeof c->err)) {
        c->rc = KL_LLM_FATAL;
        done_push(m, c);
        return;
    }
    char t[32], mt[32];
    snprintf(t, sizeof t, "%.3f", a->temperature);
    snprintf(mt, sizeof mt, "%d", a->max_tokens);
    const char *model = a->model ? a->model : m->model;
    const char *parts[] = {"chat", kl_llm_provider_name(m->provider), model, t, mt,
                           a->system ? a->system : "", a->user, a->schema ? a->schema : ""};
    /* The schema is part of the key only when there is one (older keys stay valid). */
    hash_parts(parts, a->schema ? 8 : 7, c->key);
    if ((c->text = kl_llm_cache_get(m->cache, c->key))) {
        pthread_mutex_lock(&m->mu);
        m->st.cache_hits++;
        pthread_mutex_unlock(&m->mu);
        c->rc = KL_LLM_OK;
        done_push(m, c);
        return;
    }
    if (!budget_take(m, 1)) {
        snprintf(c->err, sizeof c->err, "the budget of %llu calls is spent",
                 (unsigned long long)m->max_calls);
        c->rc = KL_LLM_BUDGET;
        done_push(m, c);
        return;
    }
    c->body = kl_llm_chat_body_schema(m->provider, model, a->system, a->user, a->temperature,
                                      a->max_tokens, a->schema_name ? a->schema_name : "answer",
                                      a->schema);
    c->req = (kl_http_req){m->chat_url, (const char *const *)m->headers, m->n_headers, c->body,
                           strlen(c->body), a->max_tokens};
    kl_http_submit(m->http, &c->req, call_answered, c);
}

/* Reads an HTTP outcome; false when the call was sent again (an unreadable answer). */
static bool call_read(kl_llm *m, call *c)
{
    kl_http_resp *r = &c->resp;
    c->answered = false;
    if (!r->error[0] && r->status >= 200 && r->status < 300) {
        uint64_t tin, tout;
        char *text;
        int prc = kl_llm_chat_parse(m->provider, r->body, &text, &tin, &tout);
        kl_http_resp_free(r);
        if (prc == 0) {
            pthread_mutex_lock(&m->mu);
            m->st.tokens_in += tin;
            m->st.tokens_out += tout;
            pthread_mutex_unlock(&m->mu);
            kl_llm_cache_put(m->cache, c->key, text);
            c->text = text;
            c->rc = KL_LLM_OK;
            return true;
        }
        if (c->asks++ < REASKS) {
            pthread_mutex_lock(&m->mu);
            m->st.retries++;
            pthread_mutex_unlock(&m->mu);
            kl_http_submit(m->http, &c->req, call_answered, c);
            return false;
        }
        char msg[300];
        snprintf(msg, sizeof msg, "%s: the answer is not a readable %s response", m->chat_url,
                 kl_llm_provider_name(m->provider));
        c->rc = failure(m, msg, c->err, sizeof c->err);
        return true;
    }
    c->rc = http_failure(m, m->chat_url, r->error[0] ? -1 : 0, r, c->err, sizeof c->err);
    kl_http_resp_free(r);
    return true;
}

bool kl_llm_next(kl_llm *m, double timeout_s, kl_llm_done *out)
{
    double until = kl_now() + timeout_s;
    for (;;) {
        pthread_mutex_lock(&m->mu);
        while (!m->done_head) {
            double left = until - kl_now();
            if (left <= 0) {
                pthread_mutex_unlock(&m->mu);
                return false;
            }
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            double at = (double)ts.tv_sec + ts.tv_nsec / 1e9 + left;
            ts.tv_sec = (time_t)at;
            ts.tv_nsec = (long)((at - (double)ts.tv_sec) * 1e9);
            pthread_cond_timedwait(&m->done_cond, &m->mu, &ts);
        }
        call *c = m->done_head;
        m->done_head = c->next;
        if (!m->done_head)
            m->done_tail = NULL;
        pthread_mutex_unlock(&m->mu);
        if (c->answered && !call_read(m, c))
            continue;
        pthread_mutex_lock(&m->mu);
        m->pending--;
        pthread_mutex_unlock(&m->mu);
        *out = (kl_llm_done){.tag = c->tag, .rc = c->rc, .text = c->text,
                             .cached = c->rc == KL_LLM_OK && !c->body};
        snprintf(out->err, sizeof out->err, "%s", c->err);
        free(c->body);
        free(c);
        usage_tick(m);
        return true;
    }
}

size_t kl_llm_pending(kl_llm *m)
{
    pthread_mutex_lock(&m->mu);
    size_t n = m->pending;
    pthread_mutex_unlock(&m->mu);
    return n;
}
