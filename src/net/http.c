/* http.c — the HTTP client: one service thread drives a curl multi handle; callers
 * queue POST requests and sleep on a condition variable until theirs are finished. */
#include <curl/curl.h>
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kleio/buf.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/net.h"
#include "kleio/rng.h"

#define RETRY_AFTER_MAX 120.0

/* Requests handed over together; the caller sleeps until remaining is 0. */
typedef struct group {
    size_t remaining;
    size_t failed;
} group;

typedef struct job {
    const kl_http_req *req;
    kl_http_resp *resp;
    group *g;                    /* NULL for a submitted request (done is called instead) */
    kl_http_done_fn done;
    void *arg;
    kl_http_resp own;            /* a submitted request's answer */
    CURL *easy;
    struct curl_slist *hdrs;
    kl_buf body;
    double retry_after;          /* from the last answer; -1 when none */
    double next_at;              /* kl_now() when it may start */
    int attempt;                 /* retries so far */
    char errbuf[CURL_ERROR_SIZE];
    struct job *next;
} job;

struct kl_http {
    kl_http_opts o;
    CURLM *multi;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cond;
    job *pending;                /* waiting to start (maybe for a backoff), a timer list */
    int active;                  /* in the multi handle */
    double req_tokens, tok_tokens, bucket_at;  /* client-side rate buckets (opts.rpm/tpm) */
    bool stop;
    kl_http_stats stats;
    kl_rng rng;                  /* jitter; service thread only */
};

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_rc;

static void global_init(void)
{
    global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

kl_http_opts kl_http_opts_default(void)
{
    return (kl_http_opts){.concurrency = 8, .timeout_s = 120, .connect_timeout_s = 10,
                          .max_retries = 6, .backoff_base_s = 0.5, .backoff_max_s = 30};
}

int kl_http_status_retryable(long status)
{
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504 ||
           status == 529;
}

static bool transport_retryable(CURLcode cc)
{
    return cc == CURLE_OPERATION_TIMEDOUT || cc == CURLE_COULDNT_CONNECT || cc == CURLE_SEND_ERROR ||
           cc == CURLE_RECV_ERROR || cc == CURLE_GOT_NOTHING || cc == CURLE_PARTIAL_FILE;
}

double kl_http_backoff(const kl_http_opts *o, int attempt, double u, double retry_after_s)
{
    if (retry_after_s >= 0) {
        /* The server said when: no longer (a doubling on top of it idles calls the limit
         * allows), a tenth more at most so that the waiting calls do not return at once. */
        double ra = retry_after_s > RETRY_AFTER_MAX ? RETRY_AFTER_MAX : retry_after_s;
        return ra + ra * 0.1 * u;
    }
    double d = o->backoff_base_s * ldexp(1.0, attempt > 1 ? (attempt - 1 > 30 ? 30 : attempt - 1) : 0);
    if (d > o->backoff_max_s)
        d = o->backoff_max_s;
    return d / 2 + d / 2 * u;
}

double kl_http_parse_retry_after(const char *value, long now)
{
    if (!value)
        return -1;
    while (isspace((unsigned char)*value))
        value++;
    if (!*value)
        return -1;
    if (isdigit((unsigned char)*value)) {
        char *end;
        double s = strtod(value, &end);
        while (isspace((unsigned char)*end))
            end++;
        return *end == 0 && s >= 0 ? s : -1;
    }
    time_t t = curl_getdate(value, NULL);
    if (t == (time_t)-1)
        return -1;
    return t > now ? (double)(t - now) : 0;
}

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
    job *j = arg;
    kl_buf_append(&j->body, data, size * n);
    return size * n;
}

static size_t on_header(char *data, size_t size, size_t n, void *arg)
{
    job *j = arg;
    size_t len = size * n;
    static const char name[] = "retry-after:";
    if (len > sizeof name - 1 && strncasecmp(data, name, sizeof name - 1) == 0) {
        char v[128];
        size_t vl = len - (sizeof name - 1);
        if (vl >= sizeof v)
            vl = sizeof v - 1;
        memcpy(v, data + sizeof name - 1, vl);
        v[vl] = 0;
        char *e = v + strlen(v);
        while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' '))
            *--e = 0;
        j->retry_after = kl_http_parse_retry_after(v, (long)time(NULL));
    }
    return len;
}

/* libcurl re-sends a request by itself when a reused connection turns out dead; that is
 * a retry too, and only its informational text says so. */
static int on_debug(CURL *e, curl_infotype type, char *data, size_t size, void *arg)
{
    (void)e;
    if (type == CURLINFO_TEXT && size > 24 && memmem(data, size, "retrying a fresh connect", 24)) {
        kl_http *h = arg;
        pthread_mutex_lock(&h->mu);
        h->stats.retries++;
        h->stats.curl_resends++;
        pthread_mutex_unlock(&h->mu);
    }
    return 0;
}

/* Service thread only. */
static void job_start(kl_http *h, job *j)
{
    j->easy = curl_easy_init();
    kl_buf_clear(&j->body);
    j->retry_after = -1;
    j->errbuf[0] = 0;
    CURL *e = j->easy;
    if (!j->hdrs) {
        j->hdrs = curl_slist_append(NULL, "Content-Type: application/json");
        j->hdrs = curl_slist_append(j->hdrs, "Expect:");   /* no 100-continue round trip */
        for (size_t k = 0; k < j->req->n_headers; k++)
            j->hdrs = curl_slist_append(j->hdrs, j->req->headers[k]);
    }
    curl_easy_setopt(e, CURLOPT_URL, j->req->url);
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, j->req->body);
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)j->req->body_len);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, j->hdrs);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, j);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, j);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, j->errbuf);
    curl_easy_setopt(e, CURLOPT_PRIVATE, j);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)(h->o.timeout_s * 1000));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)(h->o.connect_timeout_s * 1000));
    /* No redirects are followed (the default), so a key never travels to another host. */
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(e, CURLOPT_USERAGENT, "kleio/" KLEIO_VERSION);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, on_debug);
    curl_easy_setopt(e, CURLOPT_DEBUGDATA, h);
    curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);
    curl_multi_add_handle(h->multi, e);
}

/* Service thread only; called without the lock. */
static void job_finish(kl_http *h, job *j, CURLcode cc)
{
    long status = 0;
    if (cc == CURLE_OK)
        curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &status);
    curl_multi_remove_handle(h->multi, j->easy);
    curl_easy_cleanup(j->easy);
    j->easy = NULL;
    bool retry = (cc != CURLE_OK && transport_retryable(cc)) ||
                 (cc == CURLE_OK && kl_http_status_retryable(status));
    pthread_mutex_lock(&h->mu);
    h->active--;
    h->stats.attempts++;
    if (retry && j->attempt < h->o.max_retries && !h->stop) {
        j->attempt++;
        h->stats.retries++;
        double d = kl_http_backoff(&h->o, j->attempt, kl_rng_uniform(&h->rng), j->retry_after);
        kl_debug("http: %s (%s), retry %d in %.1fs", j->req->url,
                 cc == CURLE_OK ? "server busy" : curl_easy_strerror(cc), j->attempt, d);
        j->next_at = kl_now() + d;
        j->next = h->pending;
        h->pending = j;
        pthread_mutex_unlock(&h->mu);
        return;
    }
    kl_http_resp *r = j->resp;
    r->status = status;
    r->retries = j->attempt;
    r->body_len = j->body.len;
    r->body = kl_buf_steal(&j->body);
    if (!r->body)
        r->body = kl_strdup("");
    if (cc != CURLE_OK)
        snprintf(r->error, sizeof r->error, "%s", j->errbuf[0] ? j->errbuf : curl_easy_strerror(cc));
    curl_slist_free_all(j->hdrs);
    j->hdrs = NULL;
    h->stats.requests++;
    if (!j->g) {
        pthread_mutex_unlock(&h->mu);
        j->done(j->arg, r);               /* takes the body */
        kl_buf_free(&j->body);
        free(j);
        return;
    }
    if (cc != CURLE_OK)
        j->g->failed++;
    j->g->remaining--;
    pthread_cond_broadcast(&h->cond);
    pthread_mutex_unlock(&h->mu);
}

/* Refills the buckets (service thread, mu held): a tenth of a minute's allowance at most,
 * so that a pause does not turn into a burst the server would refuse. */
static void bucket_refill(kl_http *h, double now)
{
    double dt = now - h->bucket_at;
    h->bucket_at = now;
    if (h->o.rpm > 0) {
        h->req_tokens += dt * h->o.rpm / 60.0;
        double cap = h->o.rpm / 10.0 < 1 ? 1 : h->o.rpm / 10.0;
        if (h->req_tokens > cap)
            h->req_tokens = cap;
    }
    if (h->o.tpm > 0) {
        h->tok_tokens += dt * h->o.tpm / 60.0;
        if (h->tok_tokens > h->o.tpm / 10.0)
            h->tok_tokens = h->o.tpm / 10.0;
    }
}

/* Whether j may start now under the buckets; else how long until it may (*wait). The
 * token cost of a request is estimated from its body (4 bytes a token) plus its answer. */
static bool bucket_take(kl_http *h, const job *j, double *wait)
{
    double tok = (double)j->req->body_len / 4 + j->req->answer_tokens;
    double need_r = 0, need_t = 0;
    if (h->o.rpm > 0 && h->req_tokens < 1)
        need_r = (1 - h->req_tokens) * 60.0 / h->o.rpm;
    if (h->o.tpm > 0) {
        /* A request bigger than the whole bucket goes when the bucket is full. */
        double want = tok < h->o.tpm / 10.0 ? tok : h->o.tpm / 10.0;
        if (h->tok_tokens < want)
            need_t = (want - h->tok_tokens) * 60.0 / h->o.tpm;
    }
    double w = need_r > need_t ? need_r : need_t;
    if (w > 0) {
        if (w < *wait)
            *wait = w;
        return false;
    }
    if (h->o.rpm > 0)
        h->req_tokens -= 1;
    if (h->o.tpm > 0) {
        h->tok_tokens -= tok;
        h->stats.tokens_reserved += (uint64_t)tok;
    }
    return true;
}

static void *service(void *arg)
{
    kl_http *h = arg;
    pthread_mutex_lock(&h->mu);
    while (!h->stop || h->pending || h->active) {
        double now = kl_now(), wait = 1.0;
        bucket_refill(h, now);
        bool limited = false;
        job **pp = &h->pending;
        while (*pp) {
            job *j = *pp;
            if (h->active < h->o.concurrency && j->next_at <= now && !limited &&
                !(limited = !bucket_take(h, j, &wait))) {
                *pp = j->next;
                h->active++;
                job_start(h, j);
                continue;
            }
            if (j->next_at > now && j->next_at - now < wait)
                wait = j->next_at - now;
            pp = &j->next;
        }
        pthread_mutex_unlock(&h->mu);
        int running = 0;
        curl_multi_perform(h->multi, &running);
        CURLMsg *m;
        int left, finished = 0;
        while ((m = curl_multi_info_read(h->multi, &left))) {
            if (m->msg != CURLMSG_DONE)
                continue;
            job *j = NULL;
            curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&j);
            job_finish(h, j, m->data.result);
            finished++;
        }
        /* A finished transfer frees a slot: start the next one before sleeping. */
        if (!finished)
            curl_multi_poll(h->multi, NULL, 0, (int)(wait * 1000) + 1, NULL);
        pthread_mutex_lock(&h->mu);
    }
    pthread_mutex_unlock(&h->mu);
    return NULL;
}

kl_http *kl_http_new(const kl_http_opts *opts)
{
    pthread_once(&global_once, global_init);
    if (global_rc != CURLE_OK) {
        kl_error("libcurl: %s", curl_easy_strerror(global_rc));
        return NULL;
    }
    kl_http *h = kl_calloc(1, sizeof *h);
    h->o = opts ? *opts : kl_http_opts_default();
    if (h->o.concurrency < 1)
        h->o.concurrency = 1;
    h->bucket_at = kl_now();
    h->req_tokens = h->o.rpm > 0 ? (h->o.rpm / 10.0 < 1 ? 1 : h->o.rpm / 10.0) : 0;
    h->tok_tokens = h->o.tpm / 10.0;
    h->multi = curl_multi_init();
    if (!h->multi) {
        kl_error("libcurl: cannot create a multi handle");
        free(h);
        return NULL;
    }
    curl_multi_setopt(h->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)h->o.concurrency);
    kl_rng_seed(&h->rng, (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32));
    pthread_mutex_init(&h->mu, NULL);
    pthread_cond_init(&h->cond, NULL);
    if (pthread_create(&h->thread, NULL, service, h) != 0) {
        kl_error("http: cannot start the network thread");
        curl_multi_cleanup(h->multi);
        pthread_mutex_destroy(&h->mu);
        pthread_cond_destroy(&h->cond);
        free(h);
        return NULL;
    }
    return h;
}

void kl_http_free(kl_http *h)
{
    if (!h)
        return;
    pthread_mutex_lock(&h->mu);
    h->stop = true;
    pthread_mutex_unlock(&h->mu);
    curl_multi_wakeup(h->multi);
    pthread_join(h->thread, NULL);
    curl_multi_cleanup(h->multi);
    pthread_mutex_destroy(&h->mu);
    pthread_cond_destroy(&h->cond);
    free(h);
}

size_t kl_http_post_many(kl_http *h, const kl_http_req *reqs, kl_http_resp *resps, size_t n)
{
    if (n == 0)
        return 0;
    job *jobs = kl_calloc(n, sizeof *jobs);
    group g = {n, 0};
    pthread_mutex_lock(&h->mu);
    for (size_t k = n; k-- > 0;) {
        memset(&resps[k], 0, sizeof resps[k]);
        jobs[k] = (job){.req = &reqs[k], .resp = &resps[k], .g = &g, .retry_after = -1,
                        .body = KL_BUF_INIT, .next = h->pending};
        h->pending = &jobs[k];
    }
    pthread_mutex_unlock(&h->mu);
    curl_multi_wakeup(h->multi);
    pthread_mutex_lock(&h->mu);
    while (g.remaining)
        pthread_cond_wait(&h->cond, &h->mu);
    pthread_mutex_unlock(&h->mu);
    for (size_t k = 0; k < n; k++)
        kl_buf_free(&jobs[k].body);
    free(jobs);
    return g.failed;
}

void kl_http_submit(kl_http *h, const kl_http_req *req, kl_http_done_fn done, void *arg)
{
    job *j = kl_calloc(1, sizeof *j);
    *j = (job){.req = req, .resp = NULL, .done = done, .arg = arg, .retry_after = -1,
               .body = KL_BUF_INIT};
    j->resp = &j->own;
    pthread_mutex_lock(&h->mu);
    /* At the tail: requests start in the order they were submitted. */
    job **pp = &h->pending;
    while (*pp)
        pp = &(*pp)->next;
    *pp = j;
    pthread_mutex_unlock(&h->mu);
    curl_multi_wakeup(h->multi);
}

int kl_http_post(kl_http *h, const kl_http_req *req, kl_http_resp *resp)
{
    return kl_http_post_many(h, req, resp, 1) ? -1 : 0;
}

void kl_http_resp_free(kl_http_resp *resp)
{
    free(resp->body);
    resp->body = NULL;
    resp->body_len = 0;
}

void kl_http_stats_get(kl_http *h, kl_http_stats *out)
{
    pthread_mutex_lock(&h->mu);
    *out = h->stats;
    pthread_mutex_unlock(&h->mu);
}
