/* llm.h — model providers over HTTP: chat completions and embeddings, with a call cache.
 *
 * Providers: "openai" (POST {base}/chat/completions and {base}/embeddings; any server
 * speaking that API: OpenAI, vLLM, llama.cpp server, Ollama, TGI, LiteLLM) and
 * "anthropic" (POST {base}/v1/messages; chat only). See kleio-backends(7).
 *
 * The API key is read from the environment (never from a flag, so it is not in the
 * process list) and kept in memory only: it is never logged, never stored, and any
 * echo of it in a server's error message is masked before the message is shown.
 *
 * Cache: every successful answer is stored in the work database, table
 * model_cache(key TEXT PRIMARY KEY, response TEXT, created_at INTEGER), keyed by the
 * SHA-256 of provider, model, temperature, token limit and prompt, so that a rerun over
 * the same input makes no call. Writer: this module only (its own connection), and
 * kleio merge, which copies a shard's rows in (store/shard_merge.c). */
#ifndef KLEIO_LLM_H
#define KLEIO_LLM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kleio/net.h"

enum kl_llm_provider { KL_LLM_OPENAI, KL_LLM_ANTHROPIC };

typedef struct kl_llm_config {
    enum kl_llm_provider provider;
    const char *base_url;       /* NULL: https://api.openai.com/v1 or https://api.anthropic.com */
    const char *model;          /* chat model; NULL: gpt-4o-mini or claude-3-5-haiku-latest */
    const char *embed_model;    /* NULL: text-embedding-3-small */
    const char *embed_base_url; /* embeddings from another OpenAI-compatible server (the
                                   same key is sent); NULL: base_url */
    int embed_dims;             /* 0: the model's own length; else asked for as "dimensions"
                                   (text-embedding-3 models shorten their vectors) */
    const char *api_key_env;    /* NULL: OPENAI_API_KEY or ANTHROPIC_API_KEY */
    const char *cache_db;       /* work database path for model_cache; NULL: no cache */
    uint64_t max_calls;         /* network calls allowed; 0: no limit */
    kl_http_opts http;
} kl_llm_config;

typedef struct kl_llm kl_llm;

typedef struct kl_llm_stats {
    uint64_t calls;             /* requests sent (not counting retries) */
    uint64_t cache_hits;
    uint64_t retries;           /* HTTP retries plus re-asks after an unreadable answer */
    uint64_t failures;          /* calls that gave no usable answer */
    uint64_t tokens_in, tokens_out;
    uint64_t over_budget;       /* calls refused because max_calls was reached */
} kl_llm_stats;

/* Outcome of a call. */
enum kl_llm_rc {
    KL_LLM_OK = 0,
    KL_LLM_FAILED = -1,         /* transient: nothing usable after the retries */
    KL_LLM_FATAL = -2,          /* 400/401/403/404: every later call fails at once too */
    KL_LLM_BUDGET = -3          /* max_calls reached */
};

/* "openai" / "anthropic" → provider; -1 when unknown. */
int kl_llm_provider_parse(const char *name, enum kl_llm_provider *out);
const char *kl_llm_provider_name(enum kl_llm_provider p);

/* Reads the key, opens the cache, starts the HTTP client. NULL with a one-line cause in
 * err (a missing key names the variable, never a value). */
kl_llm *kl_llm_open(const kl_llm_config *cfg, char *err, size_t errlen);
void kl_llm_close(kl_llm *m);
const char *kl_llm_model(const kl_llm *m);

/* One chat turn: system instructions and one user message. Thread-safe. On KL_LLM_OK
 * *out is the answer's text (caller frees); otherwise err says why (key masked). */
int kl_llm_chat(kl_llm *m, const char *system, const char *user, double temperature,
                int max_tokens, char **out, char *err, size_t errlen);
/* The same with another chat model of the provider (NULL: the configured one). */
int kl_llm_chat_model(kl_llm *m, const char *model, const char *system, const char *user,
                      double temperature, int max_tokens, char **out, char *err, size_t errlen);

/* Embeds n texts with the embedding model, 64 per request, requests in flight at once;
 * *out is n rows of *dim floats, L2-normalised like kl_embed's (caller frees). Cached per
 * text. OpenAI provider only. */
int kl_llm_embed(kl_llm *m, const char *const *texts, size_t n, float **out, size_t *dim,
                 char *err, size_t errlen);

/* Streaming calls: many in flight from one thread, no thread per call. kl_llm_start
 * queues a call and returns at once; kl_llm_next hands back finished calls in the order
 * they finish (cache hits and immediate failures at once), having parsed, counted and
 * cached each answer on the caller's thread. An unreadable answer is asked again (up to
 * twice) before it is returned as failed. Single consumer: call both from one thread. */
typedef struct kl_llm_ask {
    const char *system, *user;
    double temperature;
    int max_tokens;
    const char *schema_name;    /* with schema: a structured answer (kl_llm_chat_body_schema) */
    const char *schema;
    void *tag;                  /* returned with the outcome */
    const char *model;          /* another chat model of the provider; NULL: the configured */
} kl_llm_ask;

typedef struct kl_llm_done {
    void *tag;
    int rc;                     /* enum kl_llm_rc */
    char *text;                 /* on KL_LLM_OK (caller frees) */
    bool cached;
    char err[512];
} kl_llm_done;

void kl_llm_start(kl_llm *m, const kl_llm_ask *a);
/* Waits up to timeout_s for a finished call; false when none finished meanwhile. */
bool kl_llm_next(kl_llm *m, double timeout_s, kl_llm_done *out);
/* Calls started and not yet returned by kl_llm_next. */
size_t kl_llm_pending(kl_llm *m);

void kl_llm_stats_get(kl_llm *m, kl_llm_stats *out);
/* Called with the counts so far, at most twice a second, after a finished call (from the
 * thread that made or collected it: the hook must be thread-safe when kl_llm_chat is used
 * from several). NULL removes it. For a job's progress (jobs.h). */
typedef void (*kl_llm_usage_hook)(const kl_llm_stats *s, void *arg);
void kl_llm_set_usage_hook(kl_llm *m, kl_llm_usage_hook fn, void *arg);
/* The first fatal error's message ("" when none): the run stops on it. */
const char *kl_llm_fatal_error(kl_llm *m);

/* Estimated cost in US dollars of tokens with model (table in llm_price.c, documented in
 * kleio-backends(7)); false when the model is not in the table. */
bool kl_llm_cost(const char *model, uint64_t tokens_in, uint64_t tokens_out, double *usd);

/* The price of a chat model in US dollars per million tokens in and out: price as the
 * command lines give it ("IN,OUT", two numbers >= 0), else (price NULL) model's list price
 * from the table, else -1 each. 0, or -1 with err when price is not two such numbers
 * (`kleio run` and `kleio facets` --price share this). */
int kl_llm_price(const char *price, const char *model, double *in, double *out, char *err,
                 size_t errlen);

/* Wire formats, exposed for tests. Build the JSON body of a chat request (caller frees). */
char *kl_llm_chat_body(enum kl_llm_provider p, const char *model, const char *system,
                       const char *user, double temperature, int max_tokens);
/* The same with a structured answer: schema (JSON Schema text of one object) becomes
 * OpenAI's response_format json_schema, or Anthropic's one forced tool; NULL: free text. */
char *kl_llm_chat_body_schema(enum kl_llm_provider p, const char *model, const char *system,
                              const char *user, double temperature, int max_tokens,
                              const char *schema_name, const char *schema);
/* Parse a 2xx chat answer (an Anthropic tool call's input is returned as JSON text): text (caller frees) and token counts. -1 when unreadable. */
int kl_llm_chat_parse(enum kl_llm_provider p, const char *body, char **text, uint64_t *tin,
                      uint64_t *tout);
/* The server's error message (error.message, else the body's start), with every
 * occurrence of key replaced by "[redacted]"; into out. */
void kl_llm_error_message(const char *body, const char *key, char *out, size_t outlen);

/* The model_cache table (CREATE TABLE IF NOT EXISTS). */
extern const char kl_llm_cache_schema_sql[];

#endif
