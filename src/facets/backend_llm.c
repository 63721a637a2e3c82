/* backend_llm.c — the model-based facets backend: one prompt per facet, a lenient
 * parse of each answer, the offline extractor when an answer cannot be used. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/buf.h"
#include "kleio/facets_llm.h"
#include "kleio/mem.h"

#define TEMPERATURE 0.2
#define TURN_MAX 3000         /* bytes of one turn shown to the model */
#define TRANSCRIPT_MAX 12000  /* bytes of the whole conversation shown to the model */

typedef struct llm_backend {
    kl_facets_backend be;     /* first: the stage sees only this */
    kl_llm *llm;
    const kl_facets_backend *offline;
    pthread_mutex_t mu;
    kl_facets_llm_stats st;
} llm_backend;

static const char system_prompt[] =
    "You help researchers understand, in aggregate, how people use AI assistants. You read "
    "one conversation between a user and an AI assistant and answer one question about it. "
    "Always answer in English, in at most two sentences, and follow the requested answer "
    "format exactly. Never repeat names of people, organisations or places, contact "
    "details, or any other detail that could identify someone.";

static const char *const questions[KL_FACET_KINDS] = {
    [KL_FACET_LANGUAGE] =
        "Which human language is the user writing in? Give the full English name of the main "
        "language (for example English, Spanish, Mandarin Chinese, Hindi), not a code. "
        "Programming languages do not count. Answer with the language name only.",
    [KL_FACET_REFUSED] =
        "Did the assistant decline the user's request? Answer with one word: none if it helped "
        "with the request, partial if it declined part of it or only helped with a reduced or "
        "redirected version, full if it declined the request.",
    [KL_FACET_CONCERN] =
        "How concerning is the user's request for the safety of people or society? Use this "
        "scale: 1 = not concerning (ordinary, harmless use); 2 = slightly concerning (for "
        "example adult content, spam, or generic mentions of weapons or hacking); 3 = "
        "moderately concerning, possibly harmful (for example drugs, scams, harassment, "
        "malware discussed in general terms); 4 = very concerning, likely harmful (for "
        "example writing malware, planning fraud, obtaining weapons, self-harm); 5 = "
        "extremely concerning, needs immediate review (for example sexual content involving "
        "minors, weapons capable of mass casualties, or a person in crisis at risk of ending "
        "their life). Answer with the number only.",
    [KL_FACET_TASK] =
        "What kind of task does the user ask the assistant to perform? Answer with exactly one "
        "word from this list: code, writing, translation, advice, question, other.",
    [KL_FACET_SUMMARY] =
        "What is the user's overall request to the assistant? Answer in at most two sentences "
        "in English, starting with a verb (for example: Debug a sorting function written in "
        "Python.). Describe the request in general terms: leave out names of people, "
        "organisations and places, and every personal detail. Answer with the summary only.",
};

static const int max_tokens[KL_FACET_KINDS] = {24, 12, 12, 12, 160};

static const char *const kind_names[KL_FACET_KINDS] = {"language", "refusal", "concern", "task",
                                                       "summary"};

const char *kl_facet_kind_name(enum kl_facet_kind k)
{
    return k < KL_FACET_KINDS ? kind_names[k] : "?";
}

/* Appends s cut to at most max bytes on a character boundary. */
static void put_cut(kl_buf *b, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
        kl_buf_append(b, s, n);
        kl_buf_puts(b, " […]");
        return;
    }
    kl_buf_append(b, s, n);
}

/* The conversation as the model sees it, turns interleaved, then the question. */
static char *build_prompt(const kl_conv *c, enum kl_facet_kind k)
{
    kl_buf b = KL_BUF_INIT;
    kl_buf_puts(&b, "<conversation>\n");
    size_t n = c->n_user > c->n_assistant ? c->n_user : c->n_assistant;
    for (size_t t = 0; t < n && b.len < TRANSCRIPT_MAX; t++) {
        if (t < c->n_user) {
            kl_buf_puts(&b, "User: ");
            put_cut(&b, c->user[t], TURN_MAX);
            kl_buf_puts(&b, "\n\n");
        }
        if (t < c->n_assistant && b.len < TRANSCRIPT_MAX) {
            kl_buf_puts(&b, "Assistant: ");
            put_cut(&b, c->assistant[t], TURN_MAX);
            kl_buf_puts(&b, "\n\n");
        }
    }
    kl_buf_puts(&b, "</conversation>\n\n");
    kl_buf_puts(&b, questions[k]);
    return kl_buf_steal(&b);
}

/* Asks the facet's question. Returns the answer (caller frees) or NULL after a failed
 * call (counted: the conversation is then left for a later run). */
static char *ask(llm_backend *lb, const kl_conv *c, enum kl_facet_kind k)
{
    char *prompt = build_prompt(c, k), *out = NULL, err[512];
    int rc = kl_llm_chat(lb->llm, system_prompt, prompt, TEMPERATURE, max_tokens[k], &out, err, sizeof err);
    free(prompt);
    if (rc != KL_LLM_OK) {
        pthread_mutex_lock(&lb->mu);
        lb->st.unavailable++;
        pthread_mutex_unlock(&lb->mu);
        return NULL;
    }
    return out;
}

static void count_fallback(llm_backend *lb, enum kl_facet_kind k)
{
    pthread_mutex_lock(&lb->mu);
    lb->st.fallbacks[k]++;
    pthread_mutex_unlock(&lb->mu);
}

static int llm_language(void *ctx, const kl_conv *c, kl_facet_row *row)
{
    llm_backend *lb = ctx;
    char *a = ask(lb, c, KL_FACET_LANGUAGE);
    if (!a)
        return -1;
    char code[8];
    const char *name = kl_facets_llm_parse_language(a, code);
    free(a);
    if (!name) {
        count_fallback(lb, KL_FACET_LANGUAGE);
        return lb->offline->language(lb->offline->ctx, c, row);
    }
    memcpy(row->lang, code, sizeof row->lang);
    row->lang_name = name;
    return 0;
}

static int llm_refused(void *ctx, const kl_conv *c, kl_facet_row *row)
{
    llm_backend *lb = ctx;
    if (c->n_assistant == 0) {           /* nothing to decline: no call needed */
        row->refused = KL_REFUSED_NONE;
        return 0;
    }
    char *a = ask(lb, c, KL_FACET_REFUSED);
    if (!a)
        return -1;
    int r = kl_facets_llm_parse_refusal(a);
    free(a);
    if (r < 0) {
        count_fallback(lb, KL_FACET_REFUSED);
        return lb->offline->refused(lb->offline->ctx, c, row);
    }
    row->refused = (enum kl_refused)r;
    return 0;
}

static int llm_concern(void *ctx, const kl_conv *c, kl_facet_row *row)
{
    llm_backend *lb = ctx;
    char *a = ask(lb, c, KL_FACET_CONCERN);
    if (!a)
        return -1;
    int score = kl_facets_llm_parse_concern(a);
    free(a);
    if (score == 0) {
        count_fallback(lb, KL_FACET_CONCERN);
        return lb->offline->concern(lb->offline->ctx, c, row);
    }
    row->concern = score;
    return 0;
}

static int llm_task(void *ctx, const kl_conv *c, kl_facet_row *row)
{
    llm_backend *lb = ctx;
    char *a = ask(lb, c, KL_FACET_TASK);
    if (!a)
        return -1;
    const char *task = kl_facets_llm_parse_task(a);
    free(a);
    if (!task) {
        count_fallback(lb, KL_FACET_TASK);
        return lb->offline->task(lb->offline->ctx, c, row);
    }
    row->task = task;
    return 0;
}

static int llm_summary(void *ctx, const kl_conv *c, kl_facet_row *row)
{
    llm_backend *lb = ctx;
    char *a = ask(lb, c, KL_FACET_SUMMARY);
    if (!a)
        return -1;
    char *s = kl_facets_llm_parse_summary(a);
    free(a);
    if (!s) {
        count_fallback(lb, KL_FACET_SUMMARY);
        return lb->offline->summary(lb->offline->ctx, c, row);
    }
    row->summary = s;                      /* the stage scrubs and cleans it */
    return 0;
}

kl_facets_backend *kl_facets_llm_new(kl_llm *llm, const char *name)
{
    const kl_facets_backend *off = kl_facets_offline();
    if (!off)
        return NULL;
    llm_backend *lb = kl_calloc(1, sizeof *lb);
    lb->llm = llm;
    lb->offline = off;
    pthread_mutex_init(&lb->mu, NULL);
    lb->be = (kl_facets_backend){
        .name = name, .model = kl_llm_model(llm), .ctx = lb,
        .language = llm_language, .refused = llm_refused, .concern = llm_concern,
        .task = llm_task, .summary = llm_summary,
    };
    return &lb->be;
}

void kl_facets_llm_free(kl_facets_backend *be)
{
    if (!be)
        return;
    llm_backend *lb = be->ctx;
    pthread_mutex_destroy(&lb->mu);
    free(lb);
}

void kl_facets_llm_stats_get(const kl_facets_backend *be, kl_facets_llm_stats *out)
{
    llm_backend *lb = be->ctx;
    pthread_mutex_lock(&lb->mu);
    *out = lb->st;
    pthread_mutex_unlock(&lb->mu);
}
