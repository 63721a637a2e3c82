/* recompute.c — the recompute dialog's fields: from a snapshot's meta, validated, and
 * turned into `kleio run` arguments. Pure (no terminal), so it is unit-tested. */
#include <ctype.h>
#include <inttypes.h>
#include <jansson.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/buf.h"
#include "kleio/jobs.h"
#include "kleio/mem.h"
#include "kleio/run_options.h"
#include "kleio/tui_jobs.h"

const char *const kl_recompute_labels[KL_RC_N] = {
    "Backend", "Leaf size", "Levels", "Top clusters", "Min users", "Min conversations",
    "Seed", "Languages", "Server", "Chat model", "Embed model", "Hierarchy", "Screen regex",
    "Screen question",
};

/* The run option each numeric field becomes (its name, default and limits: run_options.h);
 * NULL for the other fields. */
static const kl_run_option *const numeric[KL_RC_N] = {
    [KL_RC_LEAF] = &kl_run_options[KL_RUN_OPT_LEAF_SIZE],
    [KL_RC_LEVELS] = &kl_run_options[KL_RUN_OPT_LEVELS],
    [KL_RC_TOP] = &kl_run_options[KL_RUN_OPT_TOP],
    [KL_RC_MIN_USERS] = &kl_run_options[KL_RUN_OPT_MIN_USERS],
    [KL_RC_MIN_CONV] = &kl_run_options[KL_RUN_OPT_MIN_CONVERSATIONS],
    [KL_RC_SEED] = &kl_run_options[KL_RUN_OPT_SEED],
};

/* One word of printable ASCII: a job's arguments are recorded space-separated. */
static bool word_ok(const char *s)
{
    for (; *s; s++)
        if (*s <= ' ' || *s > '~')
            return false;
    return true;
}

/* Field f from the snapshot's params, else dflt. */
static void set_int(kl_recompute *r, int f, json_t *o, long long dflt)
{
    json_t *v = o ? json_object_get(o, numeric[f]->key) : NULL;
    long long x = json_is_integer(v) ? (long long)json_integer_value(v) : dflt;
    snprintf(r->field[f], sizeof r->field[f], "%lld", x);
}

/* A string of params into dst ("" when absent or not a string). */
static void get_str(char *dst, size_t n, json_t *o, const char *key)
{
    json_t *v = o ? json_object_get(o, key) : NULL;
    snprintf(dst, n, "%s", json_is_string(v) ? json_string_value(v) : "");
}

void kl_recompute_from_meta(kl_recompute *r, const char *out, const char *work_db,
                            const char *params, const char *backend, int64_t min_users,
                            int64_t min_conversations)
{
    memset(r, 0, sizeof *r);
    snprintf(r->out, sizeof r->out, "%s", out ? out : "");
    snprintf(r->work, sizeof r->work, "%s", work_db ? work_db : "");
    json_t *o = params ? json_loads(params, 0, NULL) : NULL;
    if (o && !json_is_object(o)) {
        json_decref(o);
        o = NULL;
    }
    snprintf(r->field[KL_RC_BACKEND], sizeof r->field[0], "%s",
             backend && *backend ? backend : "offline");
    /* kleio run's defaults where the snapshot says nothing */
    for (int f = 0; f < KL_RC_N; f++)
        if (numeric[f])
            set_int(r, f, o, numeric[f]->dflt);
    if (min_users > 0 && !(o && json_object_get(o, numeric[KL_RC_MIN_USERS]->key)))
        set_int(r, KL_RC_MIN_USERS, NULL, min_users);
    if (min_conversations > 0 && !(o && json_object_get(o, numeric[KL_RC_MIN_CONV]->key)))
        set_int(r, KL_RC_MIN_CONV, NULL, min_conversations);
    get_str(r->field[KL_RC_LANGS], sizeof r->field[0], o, kl_run_options[KL_RUN_OPT_LANGUAGES].key);
    get_str(r->field[KL_RC_SERVER], sizeof r->field[0], o, kl_run_options[KL_RUN_OPT_BASE_URL].key);
    get_str(r->field[KL_RC_MODEL], sizeof r->field[0], o, kl_run_options[KL_RUN_OPT_MODEL].key);
    get_str(r->field[KL_RC_EMBED_MODEL], sizeof r->field[0], o,
            kl_run_options[KL_RUN_OPT_EMBED_MODEL].key);
    get_str(r->field[KL_RC_HIERARCHY], sizeof r->field[0], o,
            kl_run_options[KL_RUN_OPT_HIERARCHY].key);
    get_str(r->field[KL_RC_SCREEN_REGEX], sizeof r->field[0], o,
            kl_run_options[KL_RUN_OPT_SCREEN_REGEX].key);
    get_str(r->field[KL_RC_SCREEN_QUESTION], sizeof r->field[0], o,
            kl_run_options[KL_RUN_OPT_SCREEN_QUESTION].key);
    json_t *dim = o ? json_object_get(o, kl_run_options[KL_RUN_OPT_DIM].key) : NULL;
    if (json_is_integer(dim) && json_integer_value(dim) > 0)
        snprintf(r->dim, sizeof r->dim, "%lld", (long long)json_integer_value(dim));
    json_t *edims = o ? json_object_get(o, kl_run_options[KL_RUN_OPT_EMBED_DIMS].key) : NULL;
    if (json_is_integer(edims) && json_integer_value(edims) > 0)
        snprintf(r->embed_dims, sizeof r->embed_dims, "%lld", (long long)json_integer_value(edims));
    json_decref(o);
}

/* "en,es": codes of two or three lowercase letters, comma-separated; "" = all. */
static bool languages_ok(const char *s)
{
    size_t run = 0;
    for (const char *p = s;; p++) {
        if (*p == ',' || !*p) {
            if ((run < 2 || run > 3) && (*s || *p))
                return false;
            if (!*p)
                return true;
            run = 0;
        } else if (islower((unsigned char)*p)) {
            run++;
        } else {
            return false;
        }
    }
}

/* A model backend: the run asks a model server (kleio-backends(7)); its key variable
 * reaches the job through the environment the explorer passes on. */
static bool backend_model(const char *b)
{
    return strcmp(b, "openai") == 0 || strcmp(b, "anthropic") == 0;
}

/* Printable text: no control characters (the screen strings reach a job's arguments). */
static bool text_ok(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < ' ' || *s == 0x7f)
            return false;
    return true;
}

static int validate_screen(const kl_recompute *r, int *bad, char *err, size_t n)
{
    const char *re = r->field[KL_RC_SCREEN_REGEX], *q = r->field[KL_RC_SCREEN_QUESTION];
    if (*re) {
        regex_t x;
        int e = text_ok(re) ? regcomp(&x, re, REG_EXTENDED | REG_ICASE | REG_NOSUB) : REG_BADPAT;
        if (e == 0)
            regfree(&x);
        else {
            *bad = KL_RC_SCREEN_REGEX;
            snprintf(err, n, "Screen regex: not an extended regular expression (empty: no screen)");
            return -1;
        }
    }
    if (*q && (!text_ok(q) || *re || !backend_model(r->field[KL_RC_BACKEND]))) {
        *bad = KL_RC_SCREEN_QUESTION;
        snprintf(err, n, "Screen question: a yes/no question for the model (openai or anthropic"
                         " backend), without a screen regex");
        return -1;
    }
    return 0;
}

int kl_recompute_validate(const kl_recompute *r, int *bad, char *err, size_t n)
{
    *bad = -1;
    if (!backend_model(r->field[KL_RC_BACKEND]) && strcmp(r->field[KL_RC_BACKEND], "offline") != 0) {
        *bad = KL_RC_BACKEND;
        snprintf(err, n, "Backend: offline, openai or anthropic");
        return -1;
    }
    for (int f = 0; f < KL_RC_N; f++) {
        int64_t v;
        char why[128];
        if (!numeric[f] || kl_run_option_int(numeric[f], r->field[f], &v, why, sizeof why) == 0)
            continue;
        *bad = f;
        if (numeric[f]->max == KL_RUN_MAX)
            snprintf(err, n, "%s: a whole number of at least %" PRId64 " is needed",
                     kl_recompute_labels[f], numeric[f]->min);
        else
            snprintf(err, n, "%s: a whole number from %" PRId64 " to %" PRId64 " is needed",
                     kl_recompute_labels[f], numeric[f]->min, numeric[f]->max);
        return -1;
    }
    if (!languages_ok(r->field[KL_RC_LANGS])) {
        *bad = KL_RC_LANGS;
        snprintf(err, n, "Languages: comma-separated codes such as en,es (empty: all)");
        return -1;
    }
    const char *server = r->field[KL_RC_SERVER];
    if (!word_ok(server) || (*server && strncmp(server, "http://", 7) != 0 &&
                             strncmp(server, "https://", 8) != 0)) {
        *bad = KL_RC_SERVER;
        snprintf(err, n, "Server: a URL starting with http:// or https:// (empty: the provider's)");
        return -1;
    }
    for (int f = KL_RC_MODEL; f <= KL_RC_EMBED_MODEL; f++) {
        if (word_ok(r->field[f]))
            continue;
        *bad = f;
        snprintf(err, n, "%s: one name without spaces (empty: the default)", kl_recompute_labels[f]);
        return -1;
    }
    const char *h = r->field[KL_RC_HIERARCHY];
    if (*h && strcmp(h, "model") != 0 && strcmp(h, "deterministic") != 0) {
        *bad = KL_RC_HIERARCHY;
        snprintf(err, n, "Hierarchy: model or deterministic (empty: model with a model backend)");
        return -1;
    }
    return validate_screen(r, bad, err, n);
}

static void push(char ***args, size_t *n, const char *s)
{
    *args = kl_reallocarray(*args, *n + 1, sizeof **args);
    (*args)[(*n)++] = kl_strdup(s);
}

/* "--NAME VALUE", unless the value is empty. */
static void push_option(char ***args, size_t *n, enum kl_run_option_id id, const char *val)
{
    if (!*val)
        return;
    char opt[64];
    snprintf(opt, sizeof opt, "--%s", kl_run_options[id].name);
    push(args, n, opt);
    push(args, n, val);
}

char **kl_recompute_args(const kl_recompute *r, size_t *n)
{
    char **args = NULL;
    *n = 0;
    const char *backend = r->field[KL_RC_BACKEND];
    if (backend_model(backend)) {   /* offline is the default */
        bool openai = strcmp(backend, "openai") == 0;
        const struct { enum kl_run_option_id opt; const char *val; bool use; } model[] = {
            {KL_RUN_OPT_BACKEND, backend, true},
            {KL_RUN_OPT_BASE_URL, r->field[KL_RC_SERVER], true},
            {KL_RUN_OPT_MODEL, r->field[KL_RC_MODEL], true},
            {KL_RUN_OPT_EMBED_MODEL, r->field[KL_RC_EMBED_MODEL], openai},
            {KL_RUN_OPT_EMBED_DIMS, r->embed_dims, openai},
            {KL_RUN_OPT_HIERARCHY, r->field[KL_RC_HIERARCHY], true},
        };
        for (size_t i = 0; i < sizeof model / sizeof model[0]; i++)
            if (model[i].use)
                push_option(&args, n, model[i].opt, model[i].val);
    }
    for (int f = 0; f < KL_RC_N; f++)
        if (numeric[f])
            push_option(&args, n, (enum kl_run_option_id)(numeric[f] - kl_run_options),
                        r->field[f]);
    push_option(&args, n, KL_RUN_OPT_DIM, r->dim);
    push_option(&args, n, KL_RUN_OPT_LANGUAGES, r->field[KL_RC_LANGS]);
    push_option(&args, n, KL_RUN_OPT_SCREEN_REGEX, r->field[KL_RC_SCREEN_REGEX]);
    push_option(&args, n, KL_RUN_OPT_SCREEN_QUESTION, r->field[KL_RC_SCREEN_QUESTION]);
    return args;
}

void kl_recompute_args_free(char **args, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(args[i]);
    free(args);
}

void kl_recompute_command(const kl_recompute *r, kl_buf *out)
{
    kl_buf_clear(out);
    kl_buf_printf(out, "kleio run --work %s --out %s", r->work, r->out);
    size_t n;
    char **args = kl_recompute_args(r, &n);
    if (n)
        kl_buf_putc(out, ' ');
    kl_job_args_join(args, n, out);
    kl_recompute_args_free(args, n);
}

char **kl_recompute_split(const char *params, size_t *n)
{
    char **args = NULL;
    *n = 0;
    const char *p = params ? params : "";
    kl_buf w = KL_BUF_INIT;
    for (;;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        /* One word: plain characters, 'quoted' runs, and \' between them (kl_job_args_join). */
        kl_buf_clear(&w);
        while (*p && *p != ' ') {
            if (*p == '\'') {
                const char *e = strchr(p + 1, '\'');
                size_t len = e ? (size_t)(e - p - 1) : strlen(p + 1);
                kl_buf_append(&w, p + 1, len);
                p += 1 + len + (e ? 1 : 0);
            } else if (*p == '\\' && p[1]) {
                kl_buf_putc(&w, p[1]);
                p += 2;
            } else {
                kl_buf_putc(&w, *p++);
            }
        }
        push(&args, n, kl_buf_cstr(&w));
    }
    kl_buf_free(&w);
    return args;
}
