/* recompute.c — the recompute dialog's fields: from a snapshot's meta, validated, and
 * turned into `kleio run` arguments. Pure (no terminal), so it is unit-tested. */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/tui_jobs.h"

const char *const kl_recompute_labels[KL_RC_N] = {
    "Backend", "Leaf size", "Levels", "Top clusters", "Min users", "Min conversations",
    "Seed", "Languages", "Server", "Chat model", "Embed model",
};

/* The option each numeric field becomes, and its smallest valid value. */
static const struct { const char *opt; long long min; } numeric[KL_RC_N] = {
    [KL_RC_LEAF] = {"--leaf-size", 1},      [KL_RC_LEVELS] = {"--levels", 1},
    [KL_RC_TOP] = {"--top", 1},             [KL_RC_MIN_USERS] = {"--min-users", 1},
    [KL_RC_MIN_CONV] = {"--min-conversations", 1}, [KL_RC_SEED] = {"--seed", 0},
};

/* One word of printable ASCII: a job's arguments are recorded space-separated. */
static bool word_ok(const char *s)
{
    for (; *s; s++)
        if (*s <= ' ' || *s > '~')
            return false;
    return true;
}

static void set_int(kl_recompute *r, int f, json_t *o, const char *key, long long dflt)
{
    json_t *v = o ? json_object_get(o, key) : NULL;
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
    set_int(r, KL_RC_LEAF, o, "leaf_size", 100);
    set_int(r, KL_RC_LEVELS, o, "levels", 3);
    set_int(r, KL_RC_TOP, o, "top", 10);
    set_int(r, KL_RC_MIN_USERS, o, "min_users", min_users > 0 ? min_users : 25);
    set_int(r, KL_RC_MIN_CONV, o, "min_conversations", min_conversations > 0 ? min_conversations : 50);
    set_int(r, KL_RC_SEED, o, "seed", 1);
    get_str(r->field[KL_RC_LANGS], sizeof r->field[0], o, "languages");
    get_str(r->field[KL_RC_SERVER], sizeof r->field[0], o, "base_url");
    get_str(r->field[KL_RC_MODEL], sizeof r->field[0], o, "model");
    get_str(r->field[KL_RC_EMBED_MODEL], sizeof r->field[0], o, "embed_model");
    json_t *dim = o ? json_object_get(o, "dim") : NULL;
    if (json_is_integer(dim) && json_integer_value(dim) > 0)
        snprintf(r->dim, sizeof r->dim, "%lld", (long long)json_integer_value(dim));
    json_t *edims = o ? json_object_get(o, "embed_dims") : NULL;
    if (json_is_integer(edims) && json_integer_value(edims) > 0)
        snprintf(r->embed_dims, sizeof r->embed_dims, "%lld", (long long)json_integer_value(edims));
    json_decref(o);
}

static int number(const char *s, long long min, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || errno || v < min)
        return -1;
    *out = v;
    return 0;
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

int kl_recompute_validate(const kl_recompute *r, int *bad, char *err, size_t n)
{
    *bad = -1;
    if (!backend_model(r->field[KL_RC_BACKEND]) && strcmp(r->field[KL_RC_BACKEND], "offline") != 0) {
        *bad = KL_RC_BACKEND;
        snprintf(err, n, "Backend: offline, openai or anthropic");
        return -1;
    }
    for (int f = 0; f < KL_RC_N; f++) {
        long long v;
        if (!numeric[f].opt || number(r->field[f], numeric[f].min, &v) == 0)
            continue;
        *bad = f;
        snprintf(err, n, "%s: a whole number of at least %lld is needed", kl_recompute_labels[f],
                 numeric[f].min);
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
    return 0;
}

static void push(char ***args, size_t *n, const char *s)
{
    *args = kl_reallocarray(*args, *n + 1, sizeof **args);
    (*args)[(*n)++] = kl_strdup(s);
}

char **kl_recompute_args(const kl_recompute *r, size_t *n)
{
    char **args = NULL;
    *n = 0;
    const char *backend = r->field[KL_RC_BACKEND];
    if (backend_model(backend)) {   /* offline is the default */
        bool openai = strcmp(backend, "openai") == 0;
        const struct { const char *opt, *val; bool use; } model[] = {
            {"--backend", backend, true},
            {"--base-url", r->field[KL_RC_SERVER], true},
            {"--model", r->field[KL_RC_MODEL], true},
            {"--embed-model", r->field[KL_RC_EMBED_MODEL], openai},
            {"--embed-dims", r->embed_dims, openai},
        };
        for (size_t i = 0; i < sizeof model / sizeof model[0]; i++) {
            if (!model[i].use || !*model[i].val)
                continue;
            push(&args, n, model[i].opt);
            push(&args, n, model[i].val);
        }
    }
    for (int f = 0; f < KL_RC_N; f++) {
        if (!numeric[f].opt)
            continue;
        push(&args, n, numeric[f].opt);
        push(&args, n, r->field[f]);
    }
    if (*r->dim) {
        push(&args, n, "--dim");
        push(&args, n, r->dim);
    }
    if (*r->field[KL_RC_LANGS]) {
        push(&args, n, "--languages");
        push(&args, n, r->field[KL_RC_LANGS]);
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
    for (size_t i = 0; i < n; i++)
        kl_buf_printf(out, " %s", args[i]);
    kl_recompute_args_free(args, n);
}

char **kl_recompute_split(const char *params, size_t *n)
{
    char **args = NULL;
    *n = 0;
    const char *p = params ? params : "";
    while (*p) {
        while (*p == ' ')
            p++;
        size_t len = strcspn(p, " ");
        if (!len)
            break;
        char *word = kl_strndup(p, len);
        push(&args, n, word);
        free(word);
        p += len;
    }
    return args;
}
