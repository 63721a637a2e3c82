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

/* The options as the dialog sees them: the backend first, then the EDIT rows in the table's
 * order (run_options.h). */
static bool in_dialog(size_t id)
{
    return id != KL_RUN_OPT_BACKEND && kl_run_options[id].dialog == KL_RUN_DIALOG_EDIT;
}

size_t kl_recompute_count(void)
{
    size_t n = 1;
    for (size_t id = 0; id < KL_RUN_OPT_COUNT; id++)
        n += in_dialog(id);
    return n;
}

enum kl_run_option_id kl_recompute_field(size_t f)
{
    for (size_t id = 0; id < KL_RUN_OPT_COUNT && f > 0; id++)
        if (in_dialog(id) && --f == 0)
            return (enum kl_run_option_id)id;
    return KL_RUN_OPT_BACKEND;
}

size_t kl_recompute_position(enum kl_run_option_id id)
{
    size_t f = 0;
    for (size_t k = 0; k < KL_RUN_OPT_COUNT && in_dialog(id); k++) {
        f += in_dialog(k);
        if (k == (size_t)id)
            return f;
    }
    return 0;
}

/* One word of printable ASCII: a job's arguments are recorded space-separated. */
static bool word_ok(const char *s)
{
    for (; *s; s++)
        if (*s <= ' ' || *s > '~')
            return false;
    return true;
}

/* An INT option from the snapshot's params, else dflt; "" for none (dflt < 0). */
static void set_int(char *dst, size_t n, json_t *o, const kl_run_option *opt, long long dflt)
{
    json_t *v = o ? json_object_get(o, opt->key) : NULL;
    if (json_is_integer(v) && (opt->dialog == KL_RUN_DIALOG_EDIT || json_integer_value(v) > 0))
        snprintf(dst, n, "%lld", (long long)json_integer_value(v));
    else if (dflt >= 0)
        snprintf(dst, n, "%lld", dflt);
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
    /* The backend has its own meta row; the thresholds too, in snapshots older than params'
     * record of them. */
    snprintf(r->field[KL_RUN_OPT_BACKEND], sizeof r->field[0], "%s",
             backend && *backend ? backend : "offline");
    int64_t meta_dflt[KL_RUN_OPT_COUNT] = {0};
    meta_dflt[KL_RUN_OPT_MIN_USERS] = min_users;
    meta_dflt[KL_RUN_OPT_MIN_CONVERSATIONS] = min_conversations;
    for (size_t id = 0; id < KL_RUN_OPT_COUNT; id++) {
        const kl_run_option *opt = &kl_run_options[id];
        char *dst = r->field[id];
        if (id == KL_RUN_OPT_BACKEND || opt->dialog == KL_RUN_DIALOG_NO)
            continue;
        if (opt->kind == KL_RUN_KIND_INT) {
            /* An edited field starts from kleio run's default, or the meta row when params
             * does not name it; a kept value stays unset. */
            long long dflt = opt->dflt;
            if (opt->dialog == KL_RUN_DIALOG_KEEP)
                dflt = -1;
            else if (meta_dflt[id] > 0 && !(o && json_object_get(o, opt->key)))
                dflt = meta_dflt[id];
            set_int(dst, sizeof r->field[0], o, opt, dflt);
        } else if (opt->kind == KL_RUN_KIND_STR) {
            json_t *v = o ? json_object_get(o, opt->key) : NULL;
            snprintf(dst, sizeof r->field[0], "%s", json_is_string(v) ? json_string_value(v) : "");
        }
    }
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

static bool regex_ok(const char *re)
{
    regex_t x;
    if (!*re)
        return true;
    if (!text_ok(re) || regcomp(&x, re, REG_EXTENDED | REG_ICASE | REG_NOSUB) != 0)
        return false;
    regfree(&x);
    return true;
}

/* Why field id of r is wrong, in err; 0 when it is right. */
static int check_field(const kl_recompute *r, enum kl_run_option_id id, char *err, size_t n)
{
    const kl_run_option *opt = &kl_run_options[id];
    const char *v = r->field[id];
    bool ok;
    const char *want;
    switch (id) {
    case KL_RUN_OPT_BACKEND:
        ok = backend_model(v) || strcmp(v, "offline") == 0;
        want = "offline, openai or anthropic";
        break;
    case KL_RUN_OPT_LANGUAGES:
        ok = languages_ok(v);
        want = "comma-separated codes such as en,es (empty: all)";
        break;
    case KL_RUN_OPT_BASE_URL:
        ok = word_ok(v) && (!*v || strncmp(v, "http://", 7) == 0 || strncmp(v, "https://", 8) == 0);
        want = "a URL starting with http:// or https:// (empty: the provider's)";
        break;
    case KL_RUN_OPT_MODEL:
    case KL_RUN_OPT_EMBED_MODEL:
        ok = word_ok(v);
        want = "one name without spaces (empty: the default)";
        break;
    case KL_RUN_OPT_HIERARCHY:
        ok = !*v || strcmp(v, "model") == 0 || strcmp(v, "deterministic") == 0;
        want = "model or deterministic (empty: model with a model backend)";
        break;
    case KL_RUN_OPT_SCREEN_REGEX:
        ok = regex_ok(v);
        want = "not an extended regular expression (empty: no screen)";
        break;
    case KL_RUN_OPT_SCREEN_QUESTION:
        ok = !*v || (text_ok(v) && !*r->field[KL_RUN_OPT_SCREEN_REGEX] &&
                     backend_model(r->field[KL_RUN_OPT_BACKEND]));
        want = "a yes/no question for the model (openai or anthropic backend), without a screen"
               " regex";
        break;
    default:
        if (opt->kind == KL_RUN_KIND_INT) {
            int64_t x;
            char why[128];
            if (kl_run_option_int(opt, v, &x, why, sizeof why) == 0)
                return 0;
            if (opt->max == KL_RUN_MAX)
                snprintf(err, n, "%s: a whole number of at least %" PRId64 " is needed",
                         opt->label, opt->min);
            else
                snprintf(err, n, "%s: a whole number from %" PRId64 " to %" PRId64 " is needed",
                         opt->label, opt->min, opt->max);
            return -1;
        }
        ok = text_ok(v);
        want = "text without control characters";
        break;
    }
    if (!ok)
        snprintf(err, n, "%s: %s", opt->label, want);
    return ok ? 0 : -1;
}

int kl_recompute_validate(const kl_recompute *r, int *bad, char *err, size_t n)
{
    *bad = -1;
    for (size_t f = 0; f < kl_recompute_count(); f++) {
        enum kl_run_option_id id = kl_recompute_field(f);
        if (check_field(r, id, err, n) != 0) {
            *bad = (int)id;
            return -1;
        }
    }
    return 0;
}

static void push(char ***args, size_t *n, const char *s)
{
    *args = kl_reallocarray(*args, *n + 1, sizeof **args);
    (*args)[(*n)++] = kl_strdup(s);
}

/* "--NAME VALUE". */
static void push_option(char ***args, size_t *n, enum kl_run_option_id id, const char *val)
{
    char opt[64];
    snprintf(opt, sizeof opt, "--%s", kl_run_options[id].name);
    push(args, n, opt);
    push(args, n, val);
}

/* Whether option id goes into the command: with a value, and the model group (meta MODEL)
 * only with a model backend, the embedding's only with openai (anthropic embeds offline). */
static bool passed_on(const kl_recompute *r, size_t id)
{
    const kl_run_option *opt = &kl_run_options[id];
    const char *backend = r->field[KL_RUN_OPT_BACKEND];
    if (opt->dialog == KL_RUN_DIALOG_NO || !*r->field[id])
        return false;
    if (id == KL_RUN_OPT_BACKEND || opt->meta == KL_RUN_META_MODEL)
        if (!backend_model(backend))
            return false;   /* offline is the default */
    if (id == KL_RUN_OPT_EMBED_MODEL || id == KL_RUN_OPT_EMBED_DIMS)
        return strcmp(backend, "openai") == 0;
    return true;
}

char **kl_recompute_args(const kl_recompute *r, size_t *n)
{
    char **args = NULL;
    *n = 0;
    /* The backend and its model options first, then the others, each in the table's order. */
    for (int model_group = 1; model_group >= 0; model_group--)
        for (size_t id = 0; id < KL_RUN_OPT_COUNT; id++) {
            bool in_group = id == KL_RUN_OPT_BACKEND || kl_run_options[id].meta == KL_RUN_META_MODEL;
            if (in_group == (model_group == 1) && passed_on(r, id))
                push_option(&args, n, (enum kl_run_option_id)id, r->field[id]);
        }
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
