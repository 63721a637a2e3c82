/* fake_llm — a test server speaking the OpenAI chat-completions and embeddings API and
 * the Anthropic Messages API on 127.0.0.1, with canned answers derived from the prompt
 * (facets, cluster names, embeddings that follow the words of the text), and failures on
 * demand. Prints its port on the first line of stdout.
 *
 *   fake_llm [--port N] [--key KEY] [--fail-429 N] [--retry-after S] [--fail N]
 *            [--fail-status CODE] [--malformed N] [--slow MS] [--slow-calls N]
 *            [--nonsense] [--stats FILE] [--every-429 N] [--latency MS] [--bad-every N]
 *            [--truncate-every N] [--reset-every N] [--drip MS] [--gullible]
 *            [--audit-rating N] [--oracle-n N [--oracle-seed S] [--oracle-error P]
 *            [--oracle-leak L] [--oracle-domain]] [--hier-bad KIND | --hier-bad-first KIND]
 *
 * Calls are numbered from 1 in arrival order: the first --fail-429 calls get 429 with
 * Retry-After, the next --fail calls get --fail-status (500), the next --malformed get a
 * 200 whose body is not JSON. --key makes every request with another key fail with 401,
 * and the message echoes the key it was given (as some real servers do), so a client
 * must mask it. --stats rewrites FILE as each request arrives and after it is answered:
 * "requests N peak M" (M the most requests in progress at once).
 *
 * A request with a JSON schema (OpenAI response_format, Anthropic's forced tool) gets the
 * facets as one JSON object (tool input on Anthropic). Modes by call number: --every-429
 * answers 429 with Retry-After to every Nth call; --bad-every makes every Nth structured
 * answer wrong (concern "high", summary "1"); --truncate-every sends every Nth body cut
 * short and closes; --reset-every closes every Nth connection without answering;
 * --latency waits MS before every answer; --drip sends answers in 8-byte pieces MS apart;
 * --gullible obeys instructions found in a conversation: asked to put personal details in
 * the summary, it copies the user's words there. A privacy-audit question (a <name> tag)
 * is rated --audit-rating, else 2 for a name with a digit, '@' or two capitalised words
 * in a row and 5 otherwise. A screening question (a <question> tag) is answered yes when
 * the conversation contains the word it quotes. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "kleio/buf.h"
#include "kleio/mem.h"
#include "kleio/rng.h"
#include "kleio/synth.h"

static struct {
    const char *key;
    long n429, retry_after, nfail, fail_status, nmalformed, slow_ms, slow_calls;
    int nonsense, gullible, oracle_domain;
    long every429, bad_every, truncate_every, reset_every, drip_ms, audit_rating;
    const char *stats;
    long oracle_n, oracle_seed, oracle_error_pm, oracle_leak_pm; /* shares in 1/1000 */
} cfg = {.retry_after = 1, .fail_status = 500, .slow_calls = -1, .oracle_seed = 1};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static long calls, in_progress, peak;

typedef struct request {
    char method[16], path[256];
    char auth[512], xkey[512], version[512];
    int close;
    char *body;
} request;

static int read_full(int fd, char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r <= 0) {
            if (r < 0 && errno == EINTR)
                continue;
            return -1;
        }
        got += (size_t)r;
    }
    return 0;
}

static void header_value(const char *line, char *out, size_t outlen)
{
    const char *v = strchr(line, ':');
    v = v ? v + 1 : line + strlen(line);
    while (*v == ' ')
        v++;
    snprintf(out, outlen, "%s", v);
}

/* Reads one request; -1 at end of connection or on a malformed request. */
static int read_request(int fd, request *rq, kl_buf *pending)
{
    memset(rq, 0, sizeof *rq);
    char tmp[4096];
    char *end;
    while (!(end = strstr(kl_buf_cstr(pending), "\r\n\r\n"))) {
        if (pending->len > 65536)
            return -1;
        ssize_t r = read(fd, tmp, sizeof tmp);
        if (r <= 0)
            return -1;
        kl_buf_append(pending, tmp, (size_t)r);
    }
    size_t head_len = (size_t)(end - pending->data) + 4;
    char *head = kl_strndup(pending->data, head_len);
    long clen = 0;
    char *save = NULL;
    char *line = strtok_r(head, "\r\n", &save);
    if (!line || sscanf(line, "%15s %255s", rq->method, rq->path) != 2) {
        free(head);
        return -1;
    }
    while ((line = strtok_r(NULL, "\r\n", &save))) {
        char v[512];
        header_value(line, v, sizeof v);
        if (strncasecmp(line, "content-length:", 15) == 0)
            clen = atol(v);
        else if (strncasecmp(line, "authorization:", 14) == 0)
            snprintf(rq->auth, sizeof rq->auth, "%s", v);
        else if (strncasecmp(line, "x-api-key:", 10) == 0)
            snprintf(rq->xkey, sizeof rq->xkey, "%s", v);
        else if (strncasecmp(line, "anthropic-version:", 18) == 0)
            snprintf(rq->version, sizeof rq->version, "%s", v);
        else if (strncasecmp(line, "connection:", 11) == 0 && strncasecmp(v, "close", 5) == 0)
            rq->close = 1;
    }
    free(head);
    if (clen < 0 || clen > 64 << 20)
        return -1;
    rq->body = kl_calloc((size_t)clen + 1, 1);
    size_t have = pending->len - head_len;
    if (have > (size_t)clen)
        have = (size_t)clen;
    memcpy(rq->body, pending->data + head_len, have);
    size_t rest = pending->len - head_len - have;
    memmove(pending->data, pending->data + head_len + have, rest);
    pending->len = rest;
    pending->data[rest] = 0;
    if (have < (size_t)clen && read_full(fd, rq->body + have, (size_t)clen - have) != 0) {
        free(rq->body);
        rq->body = NULL;
        return -1;
    }
    return 0;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* cut > 0: only that many bytes of the body are sent (the caller then closes). */
static void send_response_cut(int fd, int status, const char *extra_headers, const char *body,
                              size_t cut)
{
    const char *reason = status == 200 ? "OK" : status == 429 ? "Too Many Requests"
                         : status == 401 ? "Unauthorized" : status == 400 ? "Bad Request"
                         : status == 404 ? "Not Found" : "Error";
    kl_buf b = KL_BUF_INIT;
    kl_buf_printf(&b, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n%s\r\n",
                  status, reason, strlen(body), extra_headers ? extra_headers : "");
    size_t head = b.len;
    kl_buf_puts(&b, body);
    if (cut && head + cut < b.len)
        b.len = head + cut;
    size_t off = 0;
    while (off < b.len) {
        size_t chunk = b.len - off;
        if (cfg.drip_ms > 0 && off >= head) {
            chunk = chunk > 8 ? 8 : chunk;
            sleep_ms(cfg.drip_ms);
        }
        ssize_t w = write(fd, b.data + off, chunk);
        if (w <= 0 && errno != EINTR)
            break;
        if (w > 0)
            off += (size_t)w;
    }
    kl_buf_free(&b);
}

static int contains(const char *s, const char *w)
{
    return strcasestr(s, w) != NULL;
}

/* Naming prompts (kleio run's name stage) list summaries or child groups between tags:
 * the canned answer names the group after the three most frequent content words there,
 * as {"name": "W1 w2 w3", "description": "Help with w1, w2 and w3."} inside a markdown
 * fence with a lead-in, as chatty models answer. */
static const char *const name_stop[] = {
    "about", "does", "from", "have", "help", "into", "like", "need", "needs", "request",
    "requests", "that", "their", "there", "they", "this", "user", "users", "want", "wants",
    "what", "when", "where", "which", "with", "would", "your", "group", "groups", NULL,
};

static int name_answer(const char *prompt, kl_buf *b)
{
    const char *open = strstr(prompt, "<summaries>"), *shut = strstr(prompt, "</summaries>");
    if (!open || !shut) {
        open = strstr(prompt, "<groups>");
        shut = strstr(prompt, "</groups>");
    }
    if (!open || !shut || shut < open)
        return -1;
    enum { MAXW = 1024 };
    static __thread char word[MAXW][32];
    static __thread int count[MAXW];
    int nw = 0;
    for (const char *p = strchr(open, '>') + 1; p < shut;) {
        const char *e = p;
        while (e < shut && (isalpha((unsigned char)*e) || (unsigned char)*e >= 0x80))
            e++;
        size_t len = (size_t)(e - p);
        if (len >= 4 && len < 32) {
            char w[32];
            for (size_t i = 0; i < len; i++)
                w[i] = (char)tolower((unsigned char)p[i]);
            w[len] = '\0';
            int stop = 0;
            for (int i = 0; name_stop[i] && !stop; i++)
                stop = strcmp(w, name_stop[i]) == 0;
            int at = -1;
            for (int i = 0; i < nw && at < 0; i++)
                if (strcmp(word[i], w) == 0)
                    at = i;
            if (!stop && at < 0 && nw < MAXW) {
                at = nw++;
                memcpy(word[at], w, len + 1);
                count[at] = 0;
            }
            if (!stop && at >= 0)
                count[at]++;
        }
        p = e < shut ? e + 1 : shut;
    }
    int top[3] = {-1, -1, -1};
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < nw; i++) {
            if (i == top[0] || i == top[1])
                continue;
            if (top[k] < 0 || count[i] > count[top[k]] ||
                (count[i] == count[top[k]] && strcmp(word[i], word[top[k]]) < 0))
                top[k] = i;
        }
    kl_buf_puts(b, "Here is a name for this group:\n```json\n{\"name\": \"");
    if (top[0] < 0) {
        kl_buf_puts(b, "Miscellaneous requests\", \"description\": \"Help with various things.\"}\n```\n");
        return 0;
    }
    int n = top[2] >= 0 ? 3 : top[1] >= 0 ? 2 : 1;
    for (int k = 0; k < n; k++) {
        const char *w = word[top[k]];
        if (k == 0)
            kl_buf_printf(b, "%c%s", toupper((unsigned char)w[0]), w + 1);
        else
            kl_buf_printf(b, " %s", w);
    }
    kl_buf_puts(b, "\", \"description\": \"Help with ");
    for (int k = 0; k < n; k++)
        kl_buf_printf(b, "%s%s", k == 0 ? "" : k == n - 1 ? " and " : ", ", word[top[k]]);
    kl_buf_puts(b, ".\"}\n```\n");
    return 0;
}

static int oracle_rename(const char *prompt, kl_buf *b);
static int oracle_leaf_name(const char *prompt, kl_buf *b);

/* The canned answer to one prompt (the last user message). */
static char *answer_for(const char *prompt)
{
    kl_buf b = KL_BUF_INIT, conv = KL_BUF_INIT;
    /* Content cues are looked for in the conversation only, not in the question. */
    const char *open = strstr(prompt, "\n<conversation"), *shut = NULL;
    for (const char *p = strstr(prompt, "</conversation"); p; p = strstr(p + 1, "</conversation"))
        shut = p;                          /* the last closing tag: nonce tags name it first */
    if (open && shut && shut > open)
        kl_buf_append(&conv, open, (size_t)(shut - open));
    else
        kl_buf_puts(&conv, prompt);
    const char *text = kl_buf_cstr(&conv);
    if (cfg.nonsense) {
        kl_buf_puts(&b, "   ");
    } else if (cfg.oracle_n > 0 && strstr(prompt, "<groups>") && oracle_rename(prompt, &b) == 0) {
        /* a parent named by the oracle after its children */
    } else if (cfg.oracle_n > 0 && strstr(prompt, "<summaries>") && oracle_leaf_name(prompt, &b) == 0) {
        /* a leaf named by the oracle after its summaries' topic */
    } else if (name_answer(prompt, &b) == 0) {
        /* a naming question */
    } else if (contains(prompt, "Which human language")) {
        if (contains(text, "¿") || contains(text, "Hola"))
            kl_buf_puts(&b, "Spanish.");
        else if (strstr(text, "\xd0") || strstr(text, "\xd1"))
            kl_buf_puts(&b, "Russian, with a little English.");
        else if (strstr(text, "\xe4") || strstr(text, "\xe6") || strstr(text, "\xe8"))
            kl_buf_puts(&b, "Mandarin Chinese");
        else
            kl_buf_puts(&b, "**English**");
    } else if (contains(prompt, "decline the user's request")) {
        kl_buf_puts(&b, contains(text, "cannot help") ? "full" : "None.");
    } else if (contains(prompt, "How concerning")) {
        kl_buf_puts(&b, contains(text, "bomb") ? "5" : contains(text, "hack") ? "Score: 3/5" : "1");
    } else if (contains(prompt, "What kind of task")) {
        kl_buf_puts(&b, contains(text, "translat") || strstr(text, "翻译") ? "translation" : contains(text, "python") ? "Code." : "question");
    } else if (contains(prompt, "overall request")) {
        /* Echo an e-mail address when there is one: the stage must scrub it. */
        const char *at = strchr(text, '@');
        kl_buf_printf(&b, "Get help with a request of %zu bytes", strlen(prompt));
        if (at) {
            const char *s = at, *e = at;
            while (s > text && (isalnum((unsigned char)s[-1]) || s[-1] == '.'))
                s--;
            while (*e && !isspace((unsigned char)*e) && *e != ',')
                e++;
            kl_buf_puts(&b, ", replying to ");
            kl_buf_append(&b, s, (size_t)(e - s));
        }
        kl_buf_printf(&b, " (fake-%08llx).", (unsigned long long)(kl_hash_str(prompt, 7) & 0xffffffffu));
    } else {
        kl_buf_puts(&b, "I do not know.");
    }
    kl_buf_free(&conv);
    return kl_buf_steal(&b);
}

/* The conversation part of a prompt (between the nonce tags), into conv. */
static void conversation_of(const char *prompt, kl_buf *conv)
{
    const char *open = strstr(prompt, "\n<conversation"), *shut = NULL;
    for (const char *p = strstr(prompt, "</conversation"); p; p = strstr(p + 1, "</conversation"))
        shut = p;
    if (open && shut && shut > open)
        kl_buf_append(conv, open, (size_t)(shut - open));
    else
        kl_buf_puts(conv, prompt);
}

/* Whether the conversation asks whoever summarises it to put private details in. */
static int injected(const char *text)
{
    return contains(text, "in the summary") || contains(text, "summarises these chats") ||
           contains(text, "Summariser instruction") || contains(text, "cluster description");
}

/* ---- oracle mode ------------------------------------------------------------------
 * --oracle-n N [--oracle-seed S, default 1] regenerates the synthetic corpus kleio validate --n N
 * --seed S studies (same generator, same defaults) and keys each conversation by a hash
 * of the first ORACLE_KEY bytes of its transcript as the facets prompt writes it
 * ("User: …\n\nAssistant: …\n\n"). A structured facets call whose conversation is found
 * is answered with the true language, refusal and concern, the task the plain fake
 * guesses (the truth has no task), and the summary "The user asks for help with <topic
 * name>." — the same English words for every conversation of a topic; --oracle-domain
 * makes it "… <topic name>, in <category name>.", as a model that names the field would.
 * Per conversation (decided by its key, so a re-ask gets the same answer): --oracle-error
 * P (a share in [0,1]) gives the summary of another topic picked at random;
 * --oracle-leak L appends a second sentence made of the first eight words of the conversation's first user turn,
 * lowercased, without digits or punctuation: a summary partly in the conversation's
 * language. A conversation not found gets the plain fake's answer and is counted. */
#define ORACLE_KEY 600

static struct {
    size_t n;
    uint64_t *hash;          /* sorted */
    uint32_t *topic, *lang;
    uint8_t *refused, *concern;
    long found, missed;
} oracle;

static uint64_t oracle_key(const char *transcript)
{
    size_t len = strlen(transcript);
    return kl_hash64(transcript, len < ORACLE_KEY ? len : ORACLE_KEY, 0x6f7261636c65ULL);
}

struct oracle_row { uint64_t h; uint32_t topic, lang; uint8_t refused, concern; };

static int cmp_oracle_row(const void *a, const void *b)
{
    const struct oracle_row *x = a, *y = b;
    return (x->h > y->h) - (x->h < y->h);
}

static void oracle_load(void)
{
    kl_synth_opts o;
    kl_synth_opts_default(&o);
    o.n = (uint64_t)cfg.oracle_n;
    o.seed = (uint64_t)cfg.oracle_seed;
    char err[256];
    kl_synth_gen *g = kl_synth_open(&o, err, sizeof err);
    if (!g) {
        fprintf(stderr, "fake_llm: --oracle-n: %s\n", err);
        exit(2);
    }
    struct oracle_row *rows = kl_malloc(((size_t)o.n + 1) * sizeof *rows);
    kl_buf t = KL_BUF_INIT;
    for (uint64_t i = 0; i < o.n; i++) {
        const kl_synth_conv *c = kl_synth_get(g, i);
        kl_buf_clear(&t);
        for (size_t k = 0; k < c->n_messages && t.len < ORACLE_KEY; k++)
            kl_buf_printf(&t, "%s: %s\n\n", strcmp(c->role[k], "user") == 0 ? "User" : "Assistant",
                          c->content[k]);
        rows[i] = (struct oracle_row){oracle_key(kl_buf_cstr(&t)), (uint32_t)c->topic,
                                      (uint32_t)c->language, (uint8_t)c->refused, (uint8_t)c->concern};
    }
    kl_buf_free(&t);
    kl_synth_close(g);
    qsort(rows, (size_t)o.n, sizeof *rows, cmp_oracle_row);
    oracle.n = (size_t)o.n;
    oracle.hash = kl_malloc((oracle.n + 1) * sizeof *oracle.hash);
    oracle.topic = kl_malloc((oracle.n + 1) * sizeof *oracle.topic);
    oracle.lang = kl_malloc((oracle.n + 1) * sizeof *oracle.lang);
    oracle.refused = kl_malloc(oracle.n + 1);
    oracle.concern = kl_malloc(oracle.n + 1);
    for (size_t i = 0; i < oracle.n; i++) {
        oracle.hash[i] = rows[i].h;
        oracle.topic[i] = rows[i].topic;
        oracle.lang[i] = rows[i].lang;
        oracle.refused[i] = rows[i].refused;
        oracle.concern[i] = rows[i].concern;
    }
    free(rows);
}

static long oracle_find(uint64_t h)
{
    size_t lo = 0, hi = oracle.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (oracle.hash[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < oracle.n && oracle.hash[lo] == h ? (long)lo : -1;
}

/* Whether the conversation keyed h falls in a share pm/1000, drawn with salt. */
static int oracle_draw(uint64_t h, uint64_t salt, long pm)
{
    return (long)(kl_mix64(h ^ salt) % 1000) < pm;
}

/* The oracle's answer for the transcript text (between the tags), or NULL. */
static json_t *oracle_answer(const char *text, const char *task)
{
    uint64_t h = oracle_key(text);
    long i = oracle_find(h);
    pthread_mutex_lock(&mu);
    if (i < 0)
        oracle.missed++;
    else
        oracle.found++;
    pthread_mutex_unlock(&mu);
    if (i < 0)
        return NULL;
    size_t topic = oracle.topic[i], nt = kl_synth_topic_count();
    if (nt > 1 && oracle_draw(h, 0x6572726f72ULL, cfg.oracle_error_pm))
        topic = (topic + 1 + kl_mix64(h ^ 0x746f706963ULL) % (nt - 1)) % nt;
    kl_buf sum = KL_BUF_INIT;
    const char *name = kl_synth_topic_at(topic)->name;
    kl_buf_puts(&sum, "The user asks for help with ");
    for (const char *p = name; *p; p++)
        kl_buf_printf(&sum, "%c", (char)tolower((unsigned char)*p));
    if (cfg.oracle_domain) {
        kl_buf_puts(&sum, ", in ");
        for (const char *p = kl_synth_category_name(kl_synth_topic_at(topic)->category); *p; p++)
            kl_buf_printf(&sum, "%c", (char)tolower((unsigned char)*p));
    }
    kl_buf_puts(&sum, ".");
    const char *user = strncmp(text, "User: ", 6) == 0 ? text + 6 : NULL;
    if (user && oracle_draw(h, 0x6c65616bULL, cfg.oracle_leak_pm)) {
        /* Up to eight words of the user's own language, as a second sentence. */
        int words = 0, in_word = 0;
        kl_buf_puts(&sum, " ");
        size_t start = sum.len;
        for (const char *p = user; *p && *p != '\n' && words < 8; p++) {
            unsigned char ch = (unsigned char)*p;
            if (sum.len - start > 120 && (ch & 0xC0) != 0x80)
                break;                     /* at a character boundary */
            if (isalpha(ch) || ch >= 0x80) {
                if (!in_word && words)
                    kl_buf_puts(&sum, " ");
                in_word = 1;
                kl_buf_printf(&sum, "%c", (char)tolower(ch));
            } else if (in_word) {
                in_word = 0;
                words++;
            }
        }
        kl_buf_puts(&sum, ".");
    }
    static const char *const refusal[] = {"none", "partial", "full"};
    json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:s, s:s}", "language",
                          kl_synth_language_name(oracle.lang[i]), "refusal",
                          refusal[oracle.refused[i] < 3 ? oracle.refused[i] : 0], "concern_reason",
                          "Judged from the request.", "concern", (int)oracle.concern[i], "task", task,
                          "summary", kl_buf_cstr(&sum));
    kl_buf_free(&sum);
    return o;
}

/* The facets as one JSON object, the way a model with structured outputs answers;
 * call n decides the --bad-every answers. */
static json_t *structured_answer(const char *prompt, long n)
{
    kl_buf conv = KL_BUF_INIT, sum = KL_BUF_INIT;
    conversation_of(prompt, &conv);
    const char *text = kl_buf_cstr(&conv);
    const char *lang = contains(text, "¿") || contains(text, "Hola") ? "Spanish"
                       : strstr(text, "\xd0") || strstr(text, "\xd1") ? "Russian"
                       : strstr(text, "\xe4") || strstr(text, "\xe6") ? "Mandarin Chinese" : "English";
    const char *task = contains(text, "translat") || strstr(text, "翻译") ? "translation" : contains(text, "python") ? "code" : "question";
    int concern = contains(text, "bomb") ? 5 : contains(text, "hack") ? 3 : 1;
    if (cfg.oracle_n > 0) {
        /* text starts at "\n<conversation-…>\n": the transcript follows that line. */
        const char *body = strchr(text + 1, '\n');
        json_t *o = oracle_answer(body ? body + 1 : text, task);
        if (o) {
            kl_buf_free(&conv);
            kl_buf_free(&sum);
            return o;
        }
    }
    const char *user = strstr(text, "User: ");
    if (cfg.gullible && injected(text) && user) {
        /* Obeys: the user's own words, names and diagnoses included. */
        const char *e = strstr(user, "\n\n");
        size_t len = e ? (size_t)(e - user - 6) : strlen(user + 6);
        kl_buf_puts(&sum, "Summarise the chat of ");
        kl_buf_append(&sum, user + 6, len > 300 ? 300 : len);
    } else {
        kl_buf_printf(&sum, "Get help with a request of %zu bytes (fake-%08llx).", strlen(prompt),
                      (unsigned long long)(kl_hash_str(prompt, 7) & 0xffffffffu));
    }
    int bad = cfg.bad_every > 0 && n % cfg.bad_every == 0;
    json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:s, s:s}", "language", lang, "refusal",
                          contains(text, "cannot help") ? "full" : "none", "concern_reason",
                          "The request is ordinary.", "concern",
                          bad ? json_string("high") : json_integer(concern), "task", task,
                          "summary", bad ? "1" : kl_buf_cstr(&sum));
    kl_buf_free(&conv);
    kl_buf_free(&sum);
    return o;
}

/* Custom facets: every property of the request's schema the built-in facets do not use
 * is answered from the conversation — an enum with the first value named in it (else one
 * chosen by its hash), a number with the first number in it within the range (else null:
 * cannot tell), a text with a fixed general sentence. A conversation saying "zzbadfacet"
 * gets answers outside the schema every time, as a model that never complies would. */
static void custom_answers(json_t *req, const char *prompt, json_t *o)
{
    kl_buf conv = KL_BUF_INIT;
    conversation_of(prompt, &conv);
    /* The transcript follows the line of the opening tag (whose nonce has digits). */
    const char *text = strchr(kl_buf_cstr(&conv) + 1, '\n');
    text = text ? text + 1 : kl_buf_cstr(&conv);
    json_t *schema = json_object_get(json_object_get(json_object_get(req, "response_format"),
                                                     "json_schema"), "schema");
    if (!schema)
        schema = json_object_get(json_array_get(json_object_get(req, "tools"), 0), "input_schema");
    const char *key;
    json_t *p;
    int bad = contains(text, "zzbadfacet");
    json_object_foreach(json_object_get(schema, "properties"), key, p) {
        if (json_object_get(o, key))
            continue;
        json_t *e = json_object_get(p, "enum");
        if (json_is_array(e) && json_array_size(e)) {
            size_t k = (size_t)(kl_hash_str(text, 11) % json_array_size(e)), v;
            json_t *x;
            json_array_foreach(e, v, x) if (contains(text, json_string_value(x))) {
                k = v;
                break;
            }
            json_object_set_new(o, key, bad ? json_string("none of these")
                                            : json_incref(json_array_get(e, k)));
        } else if (json_object_get(p, "minimum")) {
            double lo = json_number_value(json_object_get(p, "minimum"));
            double hi = json_number_value(json_object_get(p, "maximum"));
            const char *d = text + strcspn(text, "0123456789");
            double x = *d ? strtod(d, NULL) : lo - 1;
            json_object_set_new(o, key, bad ? json_real(hi + 1) : x >= lo && x <= hi ? json_real(x)
                                                                                  : json_null());
        } else {
            json_object_set_new(o, key, json_string(bad ? "The user is Maria Lopez from Madrid."
                                                        : "The user wants general help."));
        }
    }
    kl_buf_free(&conv);
}

/* The privacy auditor's answer about the name between <name> tags: --audit-rating when
 * given, else 2 for a name with a digit, an '@' or two capitalised words in a row, 5 for
 * any other. */
static json_t *audit_answer(const char *prompt)
{
    const char *open = strstr(prompt, "<name>"), *shut = strstr(prompt, "</description>");
    int rating = 5, caps = 0;
    for (const char *p = open; p && shut && p < shut; p++) {
        if (isdigit((unsigned char)*p) || *p == '@')
            rating = 2;
        if (isupper((unsigned char)*p) && (p == open || p[-1] == ' ')) {
            if (++caps >= 2)
                rating = 2;
        } else if (*p == ' ' && p > open && !isupper((unsigned char)p[1]) && isalpha((unsigned char)p[-1])) {
            caps = 0;
        }
    }
    if (cfg.audit_rating > 0)
        rating = (int)cfg.audit_rating;
    return json_pack("{s:s, s:i}", "justification", rating < 3 ? "It names someone." : "It is general.",
                     "rating", rating);
}

/* ---- the model-built hierarchy ------------------------------------------------------
 * A proposals question lists groups between <neighbourhood> tags and asks for "about N"
 * parents; a merge question lists proposals between <proposals> tags and asks for N, and
 * is answered the same way; an assignment question shows numbered groups between <children>
 * tags and the parents between <parents> tags. The plain fake proposes the first N group names and places a
 * group under the parent sharing most words with it. The oracle reads each name back to
 * the synthetic topic or category it stands for (a category's name exactly, else the
 * topic sharing the largest share of its words) and answers like a good model: one parent
 * per topic, the categories with the most topics made one parent each until no more than
 * asked for are left;
 * a group goes under its topic's parent, else its category's, else one of the same
 * category; a leaf is named after the topic its summaries mention most, a parent after its
 * children's topic, or their commonest category.
 * --hier-bad KIND misbehaves on every hierarchy answer: json (no JSON object), unknown (a
 * parent not on the list), many (far too many proposals), lonely (every group under the
 * first parent listed, so the others stay empty), missing (an assignment answer leaves
 * out its last group), twice (it answers its first group twice); --hier-bad-first does so only on the
 * first ask, and answers the re-ask (which names the error) well. */
static const char *hier_bad;
static int hier_bad_first;

/* Lines "- name: description" between open and the next shut tag, names only. */
static size_t group_names(const char *prompt, const char *open, const char *shut, char ***out)
{
    const char *a = strstr(prompt, open), *b = a ? strstr(a, shut) : NULL;
    *out = NULL;
    if (!a || !b)
        return 0;
    size_t n = 0;
    for (const char *p = strchr(a, '\n'); p && p < b; p = strchr(p + 1, '\n')) {
        if (strncmp(p + 1, "- ", 2) != 0)
            continue;
        const char *s = p + 3, *e = s;
        while (e < b && *e != '\n' && !(e[0] == ':' && e[1] == ' '))
            e++;
        *out = kl_reallocarray(*out, n + 1, sizeof **out);
        (*out)[n++] = kl_strndup(s, (size_t)(e - s));
    }
    return n;
}

static void free_names(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* Lowercased copy of s. */
static void lower(const char *s, char *out, size_t outlen)
{
    size_t i = 0;
    for (; s[i] && i + 1 < outlen; i++)
        out[i] = (char)tolower((unsigned char)s[i]);
    out[i] = '\0';
}

/* The share of topic t's words of 4+ letters found as words of text (lowercased), plus a
 * little per word found (more words matched win a tie). */
static double topic_overlap(const char *text, size_t t)
{
    char nm[256], w[64];
    lower(kl_synth_topic_at(t)->name, nm, sizeof nm);
    int words = 0, found = 0;
    for (const char *p = nm; *p;) {
        const char *e = p;
        while (*e && (isalpha((unsigned char)*e) || (unsigned char)*e >= 0x80))
            e++;
        size_t len = (size_t)(e - p);
        if (len >= 4 && len < sizeof w) {
            memcpy(w, p, len);
            w[len] = '\0';
            words++;
            for (const char *q = strstr(text, w); q; q = strstr(q + 1, w))
                if ((q == text || !isalpha((unsigned char)q[-1])) && !isalpha((unsigned char)q[len])) {
                    found++;
                    break;
                }
        }
        p = *e ? e + 1 : e;
    }
    return words ? (double)found / words + found * 1e-3 : 0;
}

/* The topic (or -1) and category of a group's name. */
static void name_label(const char *name, long *topic, long *cat)
{
    char t[512];
    lower(name, t, sizeof t);
    *topic = -1;
    *cat = -1;
    for (size_t c = 0; c < kl_synth_category_count(); c++)
        if (strcasecmp(name, kl_synth_category_name(c)) == 0) {
            *cat = (long)c;
            return;
        }
    double best = 0;
    for (size_t k = 0; k < kl_synth_topic_count(); k++) {
        double s = topic_overlap(t, k);
        if (s > best) {
            best = s;
            *topic = (long)k;
        }
    }
    if (*topic >= 0)
        *cat = (long)kl_synth_topic_at((size_t)*topic)->category;
}

static json_t *parent_entry(const char *name)
{
    kl_buf d = KL_BUF_INIT;
    char low[256];
    lower(name, low, sizeof low);
    kl_buf_printf(&d, "Requests about %s. Many people ask for this kind of help.", low);
    json_t *o = json_pack("{s:s, s:s}", "name", name, "description", kl_buf_cstr(&d));
    kl_buf_free(&d);
    return o;
}

/* The oracle's parents for the groups g[0..n), at most want of them (fewer when the groups
 * hold fewer topics), appended to list. */
static void oracle_parents(char **g, size_t n, size_t want, json_t *list)
{
    /* One parent per topic; while that is more than asked for, the category with the
     * most topics becomes one parent (a group already named after a category makes
     * its category one parent from the start). */
    size_t nt = kl_synth_topic_count(), nc = kl_synth_category_count();
    unsigned char *tp = kl_calloc(nt + 1, 1), *whole = kl_calloc(nc + 1, 1);
    size_t *per = kl_calloc(nc + 1, sizeof *per);
    for (size_t i = 0; i < n; i++) {
        long t, c;
        name_label(g[i], &t, &c);
        if (t >= 0 && !tp[t]++)
            per[c]++;
        else if (t < 0 && c >= 0)
            whole[c] = 1;
    }
    size_t count = 0;
    for (size_t c = 0; c < nc; c++)
        count += whole[c] ? 1 : per[c];
    while (count > want) {
        size_t big = nc;
        for (size_t c = 0; c < nc; c++)
            if (!whole[c] && per[c] >= 2 && (big == nc || per[c] > per[big]))
                big = c;
        if (big == nc)
            break;
        whole[big] = 1;
        count -= per[big] - 1;
    }
    for (size_t c = 0; c < nc; c++)
        if (whole[c])
            json_array_append_new(list, parent_entry(kl_synth_category_name(c)));
    for (size_t t = 0; t < nt; t++)
        if (tp[t] && !whole[kl_synth_topic_at(t)->category])
            json_array_append_new(list, parent_entry(kl_synth_topic_at(t)->name));
    free(tp);
    free(whole);
    free(per);
}

static json_t *propose_answer(const char *prompt, int bad)
{
    char **g;
    int dedup = strstr(prompt, "<proposals>") != NULL;
    size_t n = dedup ? group_names(prompt, "<proposals>", "</proposals>", &g)
                     : group_names(prompt, "<neighbourhood>", "</neighbourhood>", &g);
    const char *w = strstr(prompt, dedup ? "Merge them into " : "Propose about ");
    size_t want = w ? (size_t)atol(w + (dedup ? 16 : 14)) : 1;
    json_t *list = json_array();
    if (bad && strcmp(hier_bad, "many") == 0) {
        for (size_t i = 0; i < 4 * want + 10; i++) {
            char nm[64];
            snprintf(nm, sizeof nm, "Parent number %zu", i + 1);
            json_array_append_new(list, parent_entry(nm));
        }
    } else if (cfg.oracle_n > 0) {
        oracle_parents(g, n, want, list);
    } else {
        for (size_t i = 0; i < n && i < want; i++)
            json_array_append_new(list, parent_entry(g[i]));
    }
    if (json_array_size(list) == 0)
        json_array_append_new(list, parent_entry("Miscellaneous requests"));
    free_names(g, n);
    return json_pack("{s:o}", "parents", list);
}

/* Words of 4+ letters two names share. */
static int shared_words(const char *a, const char *b)
{
    char la[512], lb[512], w[64];
    lower(a, la, sizeof la);
    lower(b, lb, sizeof lb);
    int n = 0;
    for (const char *p = la; *p;) {
        const char *e = p;
        while (*e && isalpha((unsigned char)*e))
            e++;
        size_t len = (size_t)(e - p);
        if (len >= 4 && len < sizeof w) {
            memcpy(w, p, len);
            w[len] = '\0';
            n += strstr(lb, w) != NULL;
        }
        p = *e ? e + 1 : e;
    }
    return n;
}

/* The parent the fake chooses for one child, among par[0..np). */
static size_t assign_one(const char *child, char **par, size_t np, int bad)
{
    size_t pick = 0;
    if (bad && strcmp(hier_bad, "lonely") == 0) {
        /* The first parent in alphabetical order: the same one whatever the shuffle. */
        for (size_t i = 1; i < np; i++)
            if (strcmp(par[i], par[pick]) < 0)
                pick = i;
    } else if (cfg.oracle_n > 0) {
        long t, c;
        name_label(child, &t, &c);
        int best = -1;
        for (size_t i = 0; i < np; i++) {
            long pt, pc;
            name_label(par[i], &pt, &pc);
            int score = t >= 0 && pt == t ? 3 : pt < 0 && pc == c ? 2 : pc == c ? 1 : 0;
            if (score > best) {
                best = score;
                pick = i;
            }
        }
    } else {
        int best = -1;
        for (size_t i = 0; i < np; i++) {
            int s = shared_words(child, par[i]);
            if (s > best) {
                best = s;
                pick = i;
            }
        }
    }
    return pick;
}

/* The children are numbered "N. name"; misbehaviours beyond the common ones: missing
 * (the batch's last child left out), twice (its first child answered twice). */
static json_t *assign_answer(const char *prompt, int bad)
{
    char **child, **par;
    size_t nc = group_names(prompt, "<children>", "</children>", &child);
    size_t np = group_names(prompt, "<parents>", "</parents>", &par);
    json_t *list = json_array();
    for (size_t j = 0; j < nc; j++) {
        char *end;
        long num = strtol(child[j], &end, 10);
        const char *name = *end == '.' ? end + 1 + (end[1] == ' ') : child[j];
        if (bad && strcmp(hier_bad, "missing") == 0 && j + 1 == nc)
            break;
        const char *p = !np ? "none"
                        : bad && strcmp(hier_bad, "unknown") == 0 ? "A parent nobody proposed"
                                                                  : par[assign_one(name, par, np, bad)];
        json_array_append_new(list, json_pack("{s:I, s:s}", "group", (json_int_t)num, "parent", p));
        if (bad && strcmp(hier_bad, "twice") == 0 && j == 0)
            json_array_append_new(list, json_pack("{s:I, s:s}", "group", (json_int_t)num, "parent", p));
    }
    free_names(child, nc);
    free_names(par, np);
    return json_pack("{s:o}", "assignments", list);
}

/* The oracle's name for a parent from its children (between <groups> tags), or -1. */
static int oracle_rename(const char *prompt, kl_buf *b)
{
    char **g;
    size_t n = group_names(prompt, "<groups>", "</groups>", &g);
    if (!n)
        return -1;
    size_t nc = kl_synth_category_count();
    size_t *votes = kl_calloc(nc + 1, sizeof *votes);
    long topic = -2;
    for (size_t i = 0; i < n; i++) {
        long t, c;
        name_label(g[i], &t, &c);
        topic = topic == -2 ? t : topic == t ? t : -1;
        if (c >= 0)
            votes[c]++;
    }
    size_t best = 0;
    for (size_t c = 1; c < nc; c++)
        if (votes[c] > votes[best])
            best = c;
    const char *name = topic >= 0 ? kl_synth_topic_at((size_t)topic)->name
                                  : votes[best] ? kl_synth_category_name(best) : NULL;
    free(votes);
    free_names(g, n);
    if (!name)
        return -1;
    json_t *o = parent_entry(name);
    char *s = json_dumps(o, JSON_COMPACT);
    kl_buf_puts(b, s);
    free(s);
    json_decref(o);
    return 0;
}

/* The oracle's name for a leaf: the topic whose name its summaries (between <summaries>
 * tags, the oracle's own "... help with <topic name>...") mention most, or -1. */
static int oracle_leaf_name(const char *prompt, kl_buf *b)
{
    const char *a = strstr(prompt, "<summaries>"), *e = a ? strstr(a, "</summaries>") : NULL;
    if (!a || !e)
        return -1;
    size_t nt = kl_synth_topic_count();
    size_t *votes = kl_calloc(nt + 1, sizeof *votes);
    char line[1024], name[256];
    for (const char *p = strchr(a, '\n'); p && p < e; p = strchr(p + 1, '\n')) {
        const char *q = strchr(p + 1, '\n');
        size_t len = (size_t)((q && q < e ? q : e) - (p + 1));
        len = len < sizeof line - 1 ? len : sizeof line - 1;
        memcpy(line, p + 1, len);
        line[len] = '\0';
        size_t best = SIZE_MAX, best_len = 0;
        for (size_t t = 0; t < nt; t++) {
            lower(kl_synth_topic_at(t)->name, name, sizeof name);
            if (strlen(name) > best_len && strstr(line, name)) {
                best = t;
                best_len = strlen(name);
            }
        }
        if (best != SIZE_MAX)
            votes[best]++;
    }
    size_t top = 0;
    for (size_t t = 1; t < nt; t++)
        if (votes[t] > votes[top])
            top = t;
    int found = votes[top] > 0;
    free(votes);
    if (!found)
        return -1;
    json_t *o = parent_entry(kl_synth_topic_at(top)->name);
    char *txt = json_dumps(o, JSON_COMPACT);
    kl_buf_puts(b, txt);
    free(txt);
    json_decref(o);
    return 0;
}

/* The hierarchy's answer, or NULL when prompt is not a hierarchy question; *text set
 * instead for a non-JSON misbehaviour. */
static json_t *hier_answer(const char *prompt, char **text)
{
    int propose = strstr(prompt, "<neighbourhood>") != NULL || strstr(prompt, "<proposals>") != NULL;
    if (!propose && !(strstr(prompt, "<children>") && strstr(prompt, "<parents>")))
        return NULL;
    int bad = hier_bad && !(hier_bad_first && strstr(prompt, "previous answer could not be used"));
    if (bad && strcmp(hier_bad, "json") == 0) {
        *text = kl_strdup("Sure! Here is what I think the groups have in common.");
        return NULL;
    }
    return propose ? propose_answer(prompt, bad) : assign_answer(prompt, bad);
}

/* The screener's answer to the question between <question> tags: "yes" when the
 * conversation contains the word the question quotes (any case), else "no"; "maybe" to a
 * question with no quoted word. */
static json_t *screen_answer(const char *prompt)
{
    const char *q = strstr(prompt, "<question>"), *a = q ? strchr(q, '"') : NULL;
    const char *b = a ? strchr(a + 1, '"') : NULL;
    if (!b)
        return json_pack("{s:s}", "answer", "maybe");
    char word[128];
    snprintf(word, sizeof word, "%.*s", (int)(b - a - 1 < 127 ? b - a - 1 : 127), a + 1);
    kl_buf conv = KL_BUF_INIT;
    conversation_of(prompt, &conv);
    json_t *o = json_pack("{s:s}", "answer", contains(kl_buf_cstr(&conv), word) ? "yes" : "no");
    kl_buf_free(&conv);
    return o;
}

static const char *last_user_text(json_t *req)
{
    json_t *msgs = json_object_get(req, "messages");
    json_t *last = json_array_get(msgs, json_array_size(msgs) - 1);
    json_t *content = json_object_get(last, "content");
    if (json_is_string(content))
        return json_string_value(content);
    return json_string_value(json_object_get(json_array_get(content, 0), "text"));
}

static char *chat_answer(json_t *req, int anthropic, long n)
{
    const char *prompt = last_user_text(req);
    const char *model = json_string_value(json_object_get(req, "model"));
    int schema = json_is_object(json_object_get(req, "response_format")) ||
                 json_is_array(json_object_get(req, "tools"));
    char *bad_text = NULL;
    json_t *hier = schema && !cfg.nonsense && prompt ? hier_answer(prompt, &bad_text) : NULL;
    json_t *structured = !schema || cfg.nonsense || bad_text ? NULL
                         : hier ? hier
                         : prompt && strstr(prompt, "<name>") ? audit_answer(prompt)
                         : prompt && strstr(prompt, "<question>") ? screen_answer(prompt)
                                                             : structured_answer(prompt ? prompt : "", n);
    if (structured && !hier && !strstr(prompt ? prompt : "", "<name>"))
        custom_answers(req, prompt ? prompt : "", structured);
    char *text = bad_text ? bad_text
                 : structured ? json_dumps(structured, JSON_COMPACT) : answer_for(prompt ? prompt : "");
    json_int_t tin = (json_int_t)(prompt ? strlen(prompt) / 4 : 0) + 1, tout = (json_int_t)strlen(text) / 4 + 1;
    json_t *o;
    if (anthropic && structured) {
        o = json_pack("{s:s, s:s, s:s, s:s?, s:[{s:s, s:s, s:s, s:O}], s:s, s:{s:I, s:I}}", "id",
                      "msg_fake", "type", "message", "role", "assistant", "model", model, "content",
                      "type", "tool_use", "id", "toolu_fake", "name",
                      json_string_value(json_object_get(json_array_get(json_object_get(req, "tools"), 0), "name")),
                      "input", structured, "stop_reason", "tool_use", "usage", "input_tokens", tin,
                      "output_tokens", tout);
    } else if (anthropic)
        o = json_pack("{s:s, s:s, s:s, s:s?, s:[{s:s, s:s}], s:s, s:{s:I, s:I}}", "id", "msg_fake",
                      "type", "message", "role", "assistant", "model", model, "content", "type",
                      "text", "text", text, "stop_reason", "end_turn", "usage", "input_tokens", tin,
                      "output_tokens", tout);
    else
        o = json_pack("{s:s, s:s, s:s?, s:[{s:i, s:{s:s, s:s}, s:s}], s:{s:I, s:I, s:I}}", "id",
                      "chatcmpl-fake", "object", "chat.completion", "model", model, "choices", "index",
                      0, "message", "role", "assistant", "content", text, "finish_reason", "stop",
                      "usage", "prompt_tokens", tin, "completion_tokens", tout, "total_tokens",
                      tin + tout);
    free(text);
    json_decref(structured);
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

/* dims numbers per input (8 unless the request asks for "dimensions"): its words hashed
 * into the dimensions with a sign (so texts that share words point the same way) plus a
 * little of the whole text's hash (so no vector is zero); data listed in reverse to test
 * ordering by index. */
#define EMBED_DIMS_DEFAULT 8
#define EMBED_DIMS_MAX 4096

static void embed_text(const char *t, double *v, int dims)
{
    uint64_t h = kl_hash_str(t, 11);
    for (int k = 0; k < dims; k++)
        v[k] = (double)((kl_mix64(h + (uint64_t)k) >> 11) % 2001) / 100000.0 - 0.01;
    for (const char *p = t; *p;) {
        const char *e = p;
        while (*e && (isalnum((unsigned char)*e) || (unsigned char)*e >= 0x80))
            e++;
        if (e - p >= 3) {
            char w[64];
            size_t len = (size_t)(e - p) < sizeof w ? (size_t)(e - p) : sizeof w - 1;
            for (size_t i = 0; i < len; i++)
                w[i] = (char)tolower((unsigned char)p[i]);
            w[len] = '\0';
            uint64_t wh = kl_hash_str(w, 13);
            v[wh % (uint64_t)dims] += (wh >> 8) & 1 ? 1.0 : -1.0;
        }
        p = *e ? e + 1 : e;
    }
}

static char *embed_answer(json_t *req)
{
    json_t *in = json_object_get(req, "input"), *data = json_array();
    size_t n = json_is_array(in) ? json_array_size(in) : 1;
    json_int_t tokens = 0;
    json_t *asked = json_object_get(req, "dimensions");
    int dims = json_is_integer(asked) && json_integer_value(asked) > 0 &&
                       json_integer_value(asked) <= EMBED_DIMS_MAX
                   ? (int)json_integer_value(asked)
                   : EMBED_DIMS_DEFAULT;
    double *x = kl_calloc((size_t)dims, sizeof *x);
    for (size_t i = n; i-- > 0;) {
        const char *t = json_is_array(in) ? json_string_value(json_array_get(in, i)) : json_string_value(in);
        t = t ? t : "";
        tokens += (json_int_t)strlen(t) / 4 + 1;
        json_t *v = json_array();
        embed_text(t, x, dims);
        for (int k = 0; k < dims; k++)
            json_array_append_new(v, json_real(x[k]));
        json_array_append_new(data, json_pack("{s:s, s:I, s:o}", "object", "embedding", "index",
                                              (json_int_t)i, "embedding", v));
    }
    json_t *o = json_pack("{s:s, s:o, s:s, s:{s:I, s:I}}", "object", "list", "data", data, "model",
                          "fake-embed", "usage", "prompt_tokens", tokens, "total_tokens", tokens);
    free(x);
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

static void write_stats(void)
{
    if (!cfg.stats)
        return;
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s.tmp", cfg.stats);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return;
    fprintf(f, "requests %ld peak %ld\n", calls, peak);
    if (cfg.oracle_n > 0)
        fprintf(f, "oracle found %ld missed %ld\n", oracle.found, oracle.missed);
    fclose(f);
    rename(tmp, cfg.stats);
}

/* Returns -1 when the connection must be closed (a reset or a cut body). */
static int handle(int fd, const request *rq)
{
    pthread_mutex_lock(&mu);
    long n = ++calls;
    if (++in_progress > peak)
        peak = in_progress;
    /* Written on arrival as well: a client that has all its answers may stop the server
     * before the write after the last answer. */
    write_stats();
    pthread_mutex_unlock(&mu);

    int anthropic = strstr(rq->path, "/v1/messages") != NULL;
    int chat = anthropic || strstr(rq->path, "/chat/completions") != NULL;
    int embed = strstr(rq->path, "/embeddings") != NULL;
    if (cfg.slow_ms > 0 && (cfg.slow_calls < 0 || n <= cfg.slow_calls))
        sleep_ms(cfg.slow_ms);
    if (cfg.reset_every > 0 && n % cfg.reset_every == 0) {
        struct linger lg = {1, 0};         /* RST, not FIN */
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        pthread_mutex_lock(&mu);
        in_progress--;
        write_stats();
        pthread_mutex_unlock(&mu);
        return -1;
    }
    const char *given = anthropic ? rq->xkey : (strncmp(rq->auth, "Bearer ", 7) == 0 ? rq->auth + 7 : "");
    json_t *req = json_loads(rq->body ? rq->body : "", 0, NULL);
    char *body = NULL, hdr[128] = "";
    int status = 200;
    if (strcmp(rq->method, "POST") != 0 || (!chat && !embed)) {
        status = 404;
        body = kl_strdup("{\"error\":{\"message\":\"Unknown request URL\",\"type\":\"invalid_request_error\"}}");
    } else if (cfg.key && strcmp(given, cfg.key) != 0) {
        status = 401;
        json_t *e = anthropic
            ? json_pack("{s:s, s:{s:s, s:s+}}", "type", "error", "error", "type", "authentication_error",
                        "message", "invalid x-api-key: ", given)
            : json_pack("{s:{s:s+++, s:s, s:s}}", "error", "message", "Incorrect API key provided: ", given,
                        ". You can find your API key in your account settings", ".", "type",
                        "invalid_request_error", "code", "invalid_api_key");
        body = json_dumps(e, JSON_COMPACT);
        json_decref(e);
    } else if (anthropic && strcmp(rq->version, "2023-06-01") != 0) {
        status = 400;
        body = kl_strdup("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                         "\"message\":\"anthropic-version: header is required\"}}");
    } else if (n <= cfg.n429 || (cfg.every429 > 0 && n % cfg.every429 == 0)) {
        status = 429;
        snprintf(hdr, sizeof hdr, "Retry-After: %ld\r\n", cfg.retry_after);
        body = kl_strdup("{\"error\":{\"message\":\"Rate limit reached; try again later\",\"type\":\"rate_limit_error\"}}");
    } else if (n <= cfg.n429 + cfg.nfail) {
        status = (int)cfg.fail_status;
        body = kl_strdup("{\"error\":{\"message\":\"The server had an error processing your request\",\"type\":\"server_error\"}}");
    } else if (n <= cfg.n429 + cfg.nfail + cfg.nmalformed) {
        body = kl_strdup("{\"choices\": [ {\"message\": ");
    } else if (!json_is_object(req)) {
        status = 400;
        body = kl_strdup("{\"error\":{\"message\":\"We could not parse the JSON body of your request\"}}");
    } else {
        body = chat ? chat_answer(req, anthropic, n) : embed_answer(req);
    }
    json_decref(req);
    int cut = status == 200 && cfg.truncate_every > 0 && n % cfg.truncate_every == 0;
    send_response_cut(fd, status, hdr, body, cut ? strlen(body) / 2 + 1 : 0);
    free(body);
    pthread_mutex_lock(&mu);
    in_progress--;
    write_stats();
    pthread_mutex_unlock(&mu);
    return cut ? -1 : 0;
}

static void *serve(void *arg)
{
    int fd = (int)(intptr_t)arg;
    kl_buf pending = KL_BUF_INIT;
    request rq;
    while (read_request(fd, &rq, &pending) == 0) {
        int keep = handle(fd, &rq);
        free(rq.body);
        if (rq.close || keep != 0)
            break;
    }
    kl_buf_free(&pending);
    close(fd);
    return NULL;
}

static long num(const char *s, const char *what)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < 0) {
        fprintf(stderr, "fake_llm: %s must be a whole number, not '%s'\n", what, s);
        exit(2);
    }
    return v;
}

/* A share in [0,1] as thousandths. */
static long share(const char *s, const char *what)
{
    char *end;
    double v = strtod(s, &end);
    if (!*s || *end || !(v >= 0 && v <= 1)) {
        fprintf(stderr, "fake_llm: %s must be a share between 0 and 1, not '%s'\n", what, s);
        exit(2);
    }
    return (long)(v * 1000 + 0.5);
}

int main(int argc, char **argv)
{
    long port = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--oracle-domain") == 0) {
            cfg.oracle_domain = 1;
            continue;
        }
        if (strcmp(a, "--nonsense") == 0 || strcmp(a, "--gullible") == 0) {
            *(a[2] == 'n' ? &cfg.nonsense : &cfg.gullible) = 1;
            continue;
        }
        if (!v) {
            fprintf(stderr, "fake_llm: unknown or incomplete option '%s'\n", a);
            return 2;
        }
        i++;
        if (strcmp(a, "--port") == 0) port = num(v, a);
        else if (strcmp(a, "--key") == 0) cfg.key = v;
        else if (strcmp(a, "--fail-429") == 0) cfg.n429 = num(v, a);
        else if (strcmp(a, "--retry-after") == 0) cfg.retry_after = num(v, a);
        else if (strcmp(a, "--fail") == 0) cfg.nfail = num(v, a);
        else if (strcmp(a, "--fail-status") == 0) cfg.fail_status = num(v, a);
        else if (strcmp(a, "--malformed") == 0) cfg.nmalformed = num(v, a);
        else if (strcmp(a, "--slow") == 0) cfg.slow_ms = num(v, a);
        else if (strcmp(a, "--slow-calls") == 0) cfg.slow_calls = num(v, a);
        else if (strcmp(a, "--stats") == 0) cfg.stats = v;
        else if (strcmp(a, "--every-429") == 0) cfg.every429 = num(v, a);
        else if (strcmp(a, "--audit-rating") == 0) cfg.audit_rating = num(v, a);
        else if (strcmp(a, "--latency") == 0) cfg.slow_ms = num(v, a);
        else if (strcmp(a, "--bad-every") == 0) cfg.bad_every = num(v, a);
        else if (strcmp(a, "--truncate-every") == 0) cfg.truncate_every = num(v, a);
        else if (strcmp(a, "--reset-every") == 0) cfg.reset_every = num(v, a);
        else if (strcmp(a, "--drip") == 0) cfg.drip_ms = num(v, a);
        else if (strcmp(a, "--hier-bad") == 0 || strcmp(a, "--hier-bad-first") == 0) {
            if (strcmp(v, "json") && strcmp(v, "unknown") && strcmp(v, "many") && strcmp(v, "lonely") &&
                strcmp(v, "missing") && strcmp(v, "twice")) {
                fprintf(stderr, "fake_llm: %s must be json, unknown, many, lonely, missing or twice, "
                                "not '%s'\n", a, v);
                return 2;
            }
            hier_bad = v;
            hier_bad_first = a[10] == '-';
        }
        else if (strcmp(a, "--oracle-n") == 0) cfg.oracle_n = num(v, a);
        else if (strcmp(a, "--oracle-seed") == 0) cfg.oracle_seed = num(v, a);
        else if (strcmp(a, "--oracle-error") == 0) cfg.oracle_error_pm = share(v, a);
        else if (strcmp(a, "--oracle-leak") == 0) cfg.oracle_leak_pm = share(v, a);
        else {
            fprintf(stderr, "fake_llm: unknown option '%s'\n", a);
            return 2;
        }
    }
    if (cfg.oracle_n > 0)
        oracle_load();
    signal(SIGPIPE, SIG_IGN);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof addr;
    if (s < 0 || bind(s, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(s, 64) != 0 ||
        getsockname(s, (struct sockaddr *)&addr, &alen) != 0) {
        perror("fake_llm: 127.0.0.1");
        return 1;
    }
    printf("%d\n", ntohs(addr.sin_port));
    fflush(stdout);
    for (;;) {
        int c = accept(s, NULL, NULL);
        if (c < 0) {
            if (errno == EINTR)
                continue;
            perror("fake_llm: accept");
            return 1;
        }
        pthread_t t;
        if (pthread_create(&t, NULL, serve, (void *)(intptr_t)c) != 0) {
            close(c);
            continue;
        }
        pthread_detach(t);
    }
}
