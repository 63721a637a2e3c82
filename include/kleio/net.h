/* net.h — the HTTP client of the pipeline's model backends (libcurl multi).
 *
 * One service thread drives a curl multi handle with up to `concurrency` transfers in
 * flight; any number of caller threads hand it POST requests and either block until theirs
 * is finished (kl_http_post) or are called back when it is (kl_http_submit). A request
 * waiting for a retry is in a timer list and holds no slot; client-side buckets of
 * requests and tokens per minute (rpm, tpm) hold requests back before the server must. Transient failures (HTTP 429, 500, 502, 503, 504, 529, time-outs, dropped
 * connections) are retried with exponential backoff and jitter, never sooner than the
 * server's Retry-After; other statuses are returned at once for the caller to report.
 *
 * Only pipeline processes link this module's callers: the explorer never speaks HTTP.
 * Request headers may carry secrets (an API key): they are never logged here. */
#ifndef KLEIO_NET_H
#define KLEIO_NET_H
#include <stddef.h>
#include <stdint.h>

typedef struct kl_http kl_http;

typedef struct kl_http_opts {
    int concurrency;          /* transfers in flight at once (>= 1) */
    double timeout_s;         /* whole transfer, per attempt */
    double connect_timeout_s;
    int max_retries;          /* retries after the first attempt */
    double backoff_base_s;    /* first retry waits about this long, doubling after */
    double backoff_max_s;     /* cap of one wait (Retry-After is honoured up to 120 s) */
    double rpm, tpm;          /* client-side limits per minute (requests, tokens); 0: none */
} kl_http_opts;

/* Defaults: 8 in flight, 120 s, 10 s, 6 retries, 0.5 s doubling up to 30 s. */
kl_http_opts kl_http_opts_default(void);

typedef struct kl_http_req {
    const char *url;
    const char *const *headers;  /* "Name: value" lines */
    size_t n_headers;
    const char *body;            /* JSON; sent as application/json */
    size_t body_len;
    int answer_tokens;           /* the answer's token limit, for the tpm bucket (0: unknown) */
} kl_http_req;

typedef struct kl_http_resp {
    long status;                 /* HTTP status of the last attempt; 0 when none arrived */
    char *body;                  /* NUL-terminated; owned (kl_http_resp_free) */
    size_t body_len;
    int retries;                 /* attempts after the first */
    char error[256];             /* transport error of the last attempt, "" when none */
} kl_http_resp;

typedef struct kl_http_stats {
    uint64_t requests;           /* finished requests */
    uint64_t attempts;           /* transfers started (requests + retries) */
    uint64_t retries;            /* ours and libcurl's own re-sends on a dead connection */
    uint64_t curl_resends;       /* of which libcurl's */
    uint64_t tokens_reserved;    /* estimated tokens taken from the tpm bucket */
} kl_http_stats;

/* Starts the service thread. Returns NULL (logged) when curl cannot be set up. */
kl_http *kl_http_new(const kl_http_opts *opts);
/* Waits for transfers in flight, stops the thread, frees everything. */
void kl_http_free(kl_http *h);

/* POSTs req and waits for the final answer (after retries). Thread-safe. Returns 0 when
 * an HTTP answer arrived (any status: read resp->status), -1 when none did (resp->error). */
int kl_http_post(kl_http *h, const kl_http_req *req, kl_http_resp *resp);
/* POSTs n requests at once (up to the concurrency in flight) and waits for all of them.
 * Returns the number that got no HTTP answer. */
size_t kl_http_post_many(kl_http *h, const kl_http_req *reqs, kl_http_resp *resps, size_t n);
/* Called on the service thread when a submitted request is finished (after retries):
 * resp->body is the callee's (free it); keep the callback short, it holds up the loop. */
typedef void (*kl_http_done_fn)(void *arg, kl_http_resp *resp);
/* Queues req (which must outlive the call) and returns at once; done is called once. */
void kl_http_submit(kl_http *h, const kl_http_req *req, kl_http_done_fn done, void *arg);
void kl_http_resp_free(kl_http_resp *resp);
void kl_http_stats_get(kl_http *h, kl_http_stats *out);

/* Whether a status is worth retrying: 429, 500, 502, 503, 504, 529. */
int kl_http_status_retryable(long status);
/* The delay before retry number attempt (1, 2, …): base * 2^(attempt-1), capped, with
 * "equal jitter" (half fixed, half uniform from u in [0,1)); when the server gave a
 * Retry-After (retry_after_s >= 0, capped at 120 s) that delay plus up to a tenth of it. */
double kl_http_backoff(const kl_http_opts *o, int attempt, double u, double retry_after_s);
/* Seconds from a Retry-After value (delta-seconds or an HTTP date, relative to now);
 * -1 when absent or unreadable. */
double kl_http_parse_retry_after(const char *value, long now);

#endif
