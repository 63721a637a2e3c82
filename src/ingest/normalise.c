/* normalise.c — one JSON line of any accepted shape → one normalised conversation.
 *
 * Shapes are recognised by their keys, not declared: `messages` (kleio, OpenAI chat,
 * Anthropic Messages), `conversations` (ShareGPT), `conversation` (LMSYS/WildChat-style
 * dumps), `contents` (Gemini), or a bare array of messages. Each message gives a role
 * (`role`, `from`) and content (`content`, `value`, `parts`, `text`): a string, or parts
 * and blocks that are flattened into one string. Error details name keys and types only,
 * never the conversation's text. */
#include "kleio/ingest.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kleio/buf.h"
#include "kleio/mem.h"
#include "kleio/sha256.h"
#include "kleio/utf8.h"

enum role { ROLE_USER, ROLE_ASSISTANT, ROLE_SYSTEM, ROLE_TOOL, ROLE_UNKNOWN };
static const char *const role_names[] = {"user", "assistant", "system", "tool"};

static const char *const cause_names[KL_CAUSE_COUNT] = {
    [KL_CAUSE_NONE] = "ok",
    [KL_CAUSE_TOO_LONG] = "line too long",
    [KL_CAUSE_BINARY] = "binary data",
    [KL_CAUSE_BAD_UTF8] = "invalid UTF-8",
    [KL_CAUSE_BAD_JSON] = "invalid JSON",
    [KL_CAUSE_UNKNOWN_SHAPE] = "unknown shape",
    [KL_CAUSE_NO_USER_TURN] = "no user turn",
    [KL_CAUSE_BAD_TIMESTAMP] = "bad timestamp",
};

const char *kl_ingest_cause_name(enum kl_ingest_cause c)
{
    return (unsigned)c < KL_CAUSE_COUNT ? cause_names[c] : "?";
}

/* Role spellings seen in the wild, per shape, folded onto the four kleio keeps. */
static enum role role_parse(const char *s)
{
    static const struct { const char *name; enum role role; } table[] = {
        {"user", ROLE_USER},           {"human", ROLE_USER},
        {"prompter", ROLE_USER},       {"assistant", ROLE_ASSISTANT},
        {"gpt", ROLE_ASSISTANT},       {"chatgpt", ROLE_ASSISTANT},
        {"model", ROLE_ASSISTANT},     {"bot", ROLE_ASSISTANT},
        {"ai", ROLE_ASSISTANT},        {"bard", ROLE_ASSISTANT},
        {"bing", ROLE_ASSISTANT},      {"function_call", ROLE_ASSISTANT},
        {"system", ROLE_SYSTEM},       {"developer", ROLE_SYSTEM},
        {"tool", ROLE_TOOL},           {"function", ROLE_TOOL},
        {"observation", ROLE_TOOL},    {"ipython", ROLE_TOOL},
        {"tool_response", ROLE_TOOL},  {"function_response", ROLE_TOOL},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcasecmp(s, table[i].name) == 0)
            return table[i].role;
    return ROLE_UNKNOWN;
}

/* Appends s to b as the body of a JSON string (without quotes). s is valid UTF-8. */
static void json_escape(kl_buf *b, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        kl_buf_append(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': kl_buf_puts(b, "\\\""); break;
        case '\\': kl_buf_puts(b, "\\\\"); break;
        case '\n': kl_buf_puts(b, "\\n"); break;
        case '\t': kl_buf_puts(b, "\\t"); break;
        case '\r': kl_buf_puts(b, "\\r"); break;
        default: kl_buf_printf(b, "\\u%04x", c); break;
        }
    }
    kl_buf_append(b, s + run, n - run);
}

struct parse {
    kl_buf raw;               /* the normalised array being built */
    kl_buf text;              /* content of the message being flattened */
    int n_messages, user_turns;
    char *err;
    size_t errlen;
};

static enum kl_ingest_cause fail(struct parse *p, enum kl_ingest_cause c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum kl_ingest_cause fail(struct parse *p, enum kl_ingest_cause c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err, p->errlen, fmt, ap);
    va_end(ap);
    return c;
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "?";
}

static void text_sep(kl_buf *t)
{
    if (t->len > 0 && t->data[t->len - 1] != '\n')
        kl_buf_putc(t, '\n');
}

static void text_add(kl_buf *t, const char *s, size_t n)
{
    if (n == 0)
        return;
    text_sep(t);
    kl_buf_append(t, s, n);
}

/* A tool's structured output, as compact JSON text. */
static void text_add_json(kl_buf *t, const json_t *v)
{
    if (!v || json_is_null(v))
        return;
    if (json_is_string(v)) {
        text_add(t, json_string_value(v), json_string_length(v));
        return;
    }
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!s)      /* only out of memory: dropping the text would store another conversation */
        kl_out_of_memory(0);
    text_add(t, s, strlen(s));
    free(s);
}

/* "[tool call NAME ARGS]": which tool was used says much about the task. */
static void text_add_tool_call(kl_buf *t, const char *name, const json_t *args)
{
    text_sep(t);
    kl_buf_puts(t, "[tool call ");
    kl_buf_puts(t, name ? name : "?");
    if (json_is_string(args)) {
        kl_buf_putc(t, ' ');
        kl_buf_append(t, json_string_value(args), json_string_length(args));
    } else if (args && !json_is_null(args)) {
        char *s = json_dumps(args, JSON_COMPACT | JSON_ENCODE_ANY);
        if (!s)
            kl_out_of_memory(0);
        kl_buf_putc(t, ' ');
        kl_buf_puts(t, s);
        free(s);
    }
    kl_buf_putc(t, ']');
}

static enum kl_ingest_cause flatten(struct parse *p, const json_t *v, int depth);

/* One part or block: {"type":"text","text":…} and its relatives from each API. */
static enum kl_ingest_cause flatten_block(struct parse *p, const json_t *b, int depth)
{
    const char *type = json_string_value(json_object_get(b, "type"));
    const json_t *text = json_object_get(b, "text");
    if (!type) {
        /* Gemini parts and some exports: {"text": …} and relatives without a type. */
        if (json_is_string(text)) {
            text_add(&p->text, json_string_value(text), json_string_length(text));
            return KL_CAUSE_NONE;
        }
        const json_t *call = json_object_get(b, "functionCall");
        if (json_is_object(call)) {
            text_add_tool_call(&p->text, json_string_value(json_object_get(call, "name")),
                               json_object_get(call, "args"));
            return KL_CAUSE_NONE;
        }
        const json_t *response = json_object_get(b, "functionResponse");
        if (json_is_object(response)) {
            text_add_json(&p->text, json_object_get(response, "response"));
            return KL_CAUSE_NONE;
        }
        if (json_object_get(b, "inlineData") || json_object_get(b, "fileData")) {
            text_add(&p->text, "[document]", 10);
            return KL_CAUSE_NONE;
        }
        if (json_object_get(b, "content"))
            return flatten(p, json_object_get(b, "content"), depth + 1);
        /* Anything else carries no text kleio can read; it is left out like unknown
         * block types, and a turn left empty is caught as such. */
        return KL_CAUSE_NONE;
    }
    if (!strcmp(type, "text") || !strcmp(type, "input_text") || !strcmp(type, "output_text")) {
        if (!json_is_string(text))
            return fail(p, KL_CAUSE_UNKNOWN_SHAPE, "text part whose \"text\" is %s", type_name(text ? text : json_null()));
        text_add(&p->text, json_string_value(text), json_string_length(text));
    } else if (!strcmp(type, "refusal")) {
        const json_t *r = json_object_get(b, "refusal");
        if (json_is_string(r))
            text_add(&p->text, json_string_value(r), json_string_length(r));
    } else if (!strcmp(type, "tool_use")) {
        text_add_tool_call(&p->text, json_string_value(json_object_get(b, "name")),
                           json_object_get(b, "input"));
    } else if (!strcmp(type, "tool_result")) {
        return flatten(p, json_object_get(b, "content"), depth + 1);
    } else if (!strcmp(type, "thinking") || !strcmp(type, "redacted_thinking")) {
        /* The model's private reasoning is not part of the conversation people saw. */
    } else if (strstr(type, "image")) {
        text_add(&p->text, "[image]", 7);
    } else if (strstr(type, "audio")) {
        text_add(&p->text, "[audio]", 7);
    } else if (!strcmp(type, "document") || !strcmp(type, "file") || !strcmp(type, "input_file")) {
        text_add(&p->text, "[document]", 10);
    } else if (json_is_string(text)) {
        text_add(&p->text, json_string_value(text), json_string_length(text));
    }
    /* Other block types (citations, server tool metadata…) carry no conversation text. */
    return KL_CAUSE_NONE;
}

/* Content of any accepted form → p->text. */
static enum kl_ingest_cause flatten(struct parse *p, const json_t *v, int depth)
{
    if (depth > 8)
        return fail(p, KL_CAUSE_UNKNOWN_SHAPE, "content nested too deeply");
    if (!v || json_is_null(v))
        return KL_CAUSE_NONE;
    if (json_is_string(v)) {
        text_add(&p->text, json_string_value(v), json_string_length(v));
        return KL_CAUSE_NONE;
    }
    if (json_is_object(v))
        return flatten_block(p, v, depth);
    if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) {
            enum kl_ingest_cause c = flatten(p, e, depth + 1);
            if (c != KL_CAUSE_NONE)
                return c;
        }
        return KL_CAUSE_NONE;
    }
    return fail(p, KL_CAUSE_UNKNOWN_SHAPE, "content is %s", type_name(v));
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)s[i]))
            return false;
    return true;
}

static void emit(struct parse *p, enum role r)
{
    kl_buf_puts(&p->raw, p->n_messages ? ",{\"role\":\"" : "{\"role\":\"");
    kl_buf_puts(&p->raw, role_names[r]);
    kl_buf_puts(&p->raw, "\",\"content\":\"");
    json_escape(&p->raw, kl_buf_cstr(&p->text), p->text.len);
    kl_buf_puts(&p->raw, "\"}");
    p->n_messages++;
    if (r == ROLE_USER && !blank(kl_buf_cstr(&p->text), p->text.len))
        p->user_turns++;
}

/* An Anthropic user turn made only of tool_result blocks is the tool speaking. */
static bool only_tool_results(const json_t *content)
{
    if (!json_is_array(content) || json_array_size(content) == 0)
        return false;
    size_t i;
    json_t *b;
    json_array_foreach(content, i, b) {
        const char *t = json_string_value(json_object_get(b, "type"));
        if (!t || strcmp(t, "tool_result") != 0)
            return false;
    }
    return true;
}

static enum kl_ingest_cause message(struct parse *p, const json_t *m, size_t index)
{
    if (!json_is_object(m))
        return fail(p, KL_CAUSE_UNKNOWN_SHAPE, "message %zu is %s, not an object", index + 1, type_name(m));
    const json_t *rv = json_object_get(m, "role");
    if (!rv)
        rv = json_object_get(m, "from");
    if (!json_is_string(rv))
        return fail(p, KL_CAUSE_UNKNOWN_SHAPE, "message %zu has no \"role\" or \"from\"", index + 1);
    enum role r = role_parse(json_string_value(rv));
    if (r == ROLE_UNKNOWN) {
        char *safe = kl_sanitize_fit(json_string_value(rv), 24, true);
        enum kl_ingest_cause c = fail(p, KL_CAUSE_UNKNOWN_SHAPE, "message %zu has unknown role '%s'", index + 1, safe);
        free(safe);
        return c;
    }
    const json_t *content = json_object_get(m, "content");
    if (!content)
        content = json_object_get(m, "value");
    if (!content)
        content = json_object_get(m, "parts");
    if (!content)
        content = json_object_get(m, "text");
    if (r == ROLE_USER && only_tool_results(content))
        r = ROLE_TOOL;

    kl_buf_clear(&p->text);
    enum kl_ingest_cause c = flatten(p, content, 0);
    if (c != KL_CAUSE_NONE)
        return c;
    /* OpenAI: an assistant turn may be only tool calls (content null). */
    size_t i;
    json_t *call;
    json_array_foreach(json_object_get(m, "tool_calls"), i, call) {
        const json_t *fn = json_object_get(call, "function");
        text_add_tool_call(&p->text, json_string_value(json_object_get(fn, "name")),
                           json_object_get(fn, "arguments"));
    }
    const json_t *fc = json_object_get(m, "function_call");
    if (json_is_object(fc))
        text_add_tool_call(&p->text, json_string_value(json_object_get(fc, "name")),
                           json_object_get(fc, "arguments"));
    emit(p, r);
    return KL_CAUSE_NONE;
}

/* A string or integer id field; NULL when absent, empty or null. */
static enum kl_ingest_cause id_field(struct parse *p, const json_t *root, const char *const *keys,
                                     char **out)
{
    *out = NULL;
    for (const char *const *k = keys; *k; k++) {
        const json_t *v = json_object_get(root, *k);
        if (!v || json_is_null(v))
            continue;
        char num[32];
        const char *s;
        size_t n;
        if (json_is_string(v)) {
            s = json_string_value(v);
            n = json_string_length(v);
        } else if (json_is_integer(v)) {
            snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
            s = num;
            n = strlen(num);
        } else if (k == keys) {
            return fail(p, KL_CAUSE_UNKNOWN_SHAPE, "\"%s\" is %s, not a string", *k, type_name(v));
        } else {
            continue;   /* an alias of another type means something else in that source */
        }
        if (n == 0 || blank(s, n))
            continue;
        if (n > KL_INGEST_MAX_ID && k == keys)
            return fail(p, KL_CAUSE_UNKNOWN_SHAPE, "\"%s\" is longer than %d bytes", *k, KL_INGEST_MAX_ID);
        if (n > KL_INGEST_MAX_ID)
            continue;
        *out = kl_strndup(s, n);
        return KL_CAUSE_NONE;
    }
    return KL_CAUSE_NONE;
}

/* Numbers at or above 1e11 are taken as milliseconds (then micro-, nanoseconds): 1e11
 * seconds is the year 5138, while 1e11 ms is 1973. */
static int64_t epoch_scale(double v)
{
    while (v >= 1e11 || v <= -1e11)
        v /= 1000.0;
    return (int64_t)v;
}

static enum kl_ingest_cause timestamp_field(struct parse *p, const json_t *root, kl_conv *out)
{
    static const char *const keys[] = {"timestamp", "created_at", "create_time", "ts", "time", NULL};
    for (const char *const *k = keys; *k; k++) {
        const json_t *v = json_object_get(root, *k);
        if (!v || json_is_null(v))
            continue;
        /* "timestamp" must be valid; the aliases count only when they are. */
        bool primary = k == keys;
        if (json_is_number(v)) {
            double d = json_number_value(v);
            if (d > 9e18 || d < -9e18) {
                if (!primary)
                    continue;
                return fail(p, KL_CAUSE_BAD_TIMESTAMP, "\"%s\" is out of range", *k);
            }
            out->ts = epoch_scale(d);
            out->has_ts = true;
            return KL_CAUSE_NONE;
        }
        if (!json_is_string(v)) {
            if (!primary)
                continue;
            return fail(p, KL_CAUSE_BAD_TIMESTAMP, "\"%s\" is %s", *k, type_name(v));
        }
        const char *s = json_string_value(v);
        if (kl_ingest_parse_time(s, &out->ts) != 0) {
            if (!primary)
                continue;
            char *safe = kl_sanitize_fit(s, 40, true);
            enum kl_ingest_cause c =
                kl_ingest_time_is_basic_date(s)
                    ? fail(p, KL_CAUSE_BAD_TIMESTAMP,
                           "\"%s\" '%s' has eight digits, read as a date YYYYMMDD, and is not a valid date",
                           *k, safe)
                    : fail(p, KL_CAUSE_BAD_TIMESTAMP,
                           "\"%s\" '%s' is neither ISO 8601 nor epoch seconds", *k, safe);
            free(safe);
            return c;
        }
        out->has_ts = true;
        return KL_CAUSE_NONE;
    }
    return KL_CAUSE_NONE;
}

static enum kl_ingest_cause messages(struct parse *p, const json_t *arr)
{
    size_t i;
    json_t *m;
    json_array_foreach(arr, i, m) {
        enum kl_ingest_cause c = message(p, m, i);
        if (c != KL_CAUSE_NONE)
            return c;
    }
    return KL_CAUSE_NONE;
}

static enum kl_ingest_cause parse_root(struct parse *p, const json_t *root, kl_conv *out)
{
    kl_buf_putc(&p->raw, '[');
    if (json_is_array(root)) {
        enum kl_ingest_cause c = messages(p, root);
        if (c != KL_CAUSE_NONE)
            return c;
    } else if (json_is_object(root)) {
        static const char *const shapes[] = {"messages", "conversations", "conversation", "contents", NULL};
        const json_t *arr = NULL;
        const char *key = NULL;
        for (const char *const *k = shapes; *k && !arr; k++) {
            arr = json_object_get(root, *k);
            key = *k;
        }
        if (!arr)
            return fail(p, KL_CAUSE_UNKNOWN_SHAPE,
                        "no \"messages\", \"conversations\", \"conversation\" or \"contents\" array");
        if (!json_is_array(arr))
            return fail(p, KL_CAUSE_UNKNOWN_SHAPE, "\"%s\" is %s, not an array", key, type_name(arr));
        /* Anthropic keeps the system prompt beside the messages. */
        const json_t *sys = json_object_get(root, "system");
        if (sys && !json_is_null(sys)) {
            kl_buf_clear(&p->text);
            enum kl_ingest_cause c = flatten(p, sys, 0);
            if (c != KL_CAUSE_NONE)
                return c;
            if (p->text.len)
                emit(p, ROLE_SYSTEM);
        }
        enum kl_ingest_cause c = messages(p, arr);
        if (c != KL_CAUSE_NONE)
            return c;
        static const char *const id_keys[] = {"id", "conversation_id", "uuid", NULL};
        static const char *const user_keys[] = {"user_id", "user", NULL};
        static const char *const org_keys[] = {"org_id", "organization_id", "org", NULL};
        if ((c = id_field(p, root, id_keys, &out->id)) != KL_CAUSE_NONE ||
            (c = id_field(p, root, user_keys, &out->user_id)) != KL_CAUSE_NONE ||
            (c = id_field(p, root, org_keys, &out->org_id)) != KL_CAUSE_NONE ||
            (c = timestamp_field(p, root, out)) != KL_CAUSE_NONE)
            return c;
    } else {
        return fail(p, KL_CAUSE_UNKNOWN_SHAPE, "a JSON %s, not a conversation object",
                    json_is_string(root) ? "string" : json_is_number(root) ? "number" : "literal");
    }
    kl_buf_putc(&p->raw, ']');
    if (p->user_turns == 0)
        return fail(p, KL_CAUSE_NO_USER_TURN, "%d message%s, none from the user with text",
                    p->n_messages, p->n_messages == 1 ? "" : "s");
    return KL_CAUSE_NONE;
}

/* Bytes JSON never contains, outside strings or in them. (UTF-8 is checked by the JSON
 * parser, which reads every byte anyway.) */
/* Control bytes, and the number of JSON values: jansson holds each value in its own
 * allocation (an empty object costs about 230 bytes), so a 16 MB line of [{},{},…] took
 * 1.29 GB. Containers and elements are counted by their opening brackets and commas
 * outside strings, before anything is allocated. */
static enum kl_ingest_cause check_bytes(const char *line, size_t len, struct parse *p)
{
    size_t values = 1;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)line[i];
        if (c < 0x20 && c != '\t' && c != '\r')
            return fail(p, KL_CAUSE_BINARY, "control byte 0x%02x at column %zu", c, i + 1);
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if ((c == '{' || c == '[' || c == ',') && ++values > KL_INGEST_MAX_VALUES) {
            return fail(p, KL_CAUSE_TOO_LONG, "more than %d JSON values (at column %zu)",
                        KL_INGEST_MAX_VALUES, i + 1);
        }
    }
    return KL_CAUSE_NONE;
}

/* Decimal exponent of the JSON number t[0..n) (-0.0125 → -2, 123.4e5 → 7; zero → -1e6),
 * by hand: strtod would follow the locale's decimal point. */
static long number_magnitude(const char *t, size_t n)
{
    size_t i = t[0] == '-' ? 1 : 0;
    long mag = 0, digits = 0;
    bool nonzero = false;
    for (; i < n && isdigit((unsigned char)t[i]); i++) {
        nonzero = nonzero || t[i] != '0';
        digits += nonzero;
    }
    mag = digits - 1;
    if (i < n && t[i] == '.') {
        long k = 0;
        for (i++; i < n && isdigit((unsigned char)t[i]); i++) {
            k++;
            if (!nonzero && t[i] != '0') {
                nonzero = true;
                mag = -k;
            }
        }
    }
    if (!nonzero)
        return -1000000;
    if (i < n && (t[i] == 'e' || t[i] == 'E')) {
        i++;
        long sign = i < n && t[i] == '-' ? -1 : 1;
        if (i < n && (t[i] == '+' || t[i] == '-'))
            i++;
        long e = 0;
        for (; i < n && isdigit((unsigned char)t[i]); i++)
            if (e < 1000000)
                e = e * 10 + (t[i] - '0');
        mag += sign * e;
    }
    return mag;
}

/* jansson rejects an integer beyond 64 bits and a real beyond a double wherever they are,
 * while a key kleio ignores must not cost the line. On that error the line is parsed again
 * with such numbers rewritten outside strings: an integer as a real of its value ("…e0"),
 * a number of 1e308 or more as ±1e308. A key kleio reads still rejects them: an id must be
 * a string or an integer, a timestamp within range. NULL when nothing needed rewriting. */
static char *tame_numbers(const char *line, size_t len, size_t *out_len)
{
    kl_buf b = KL_BUF_INIT;
    bool in_string = false, changed = false;
    for (size_t i = 0; i < len;) {
        char c = line[i];
        if (in_string || (c != '-' && !isdigit((unsigned char)c))) {
            size_t n = in_string && c == '\\' && i + 1 < len ? 2 : 1;
            if (c == '"')
                in_string = !in_string;
            kl_buf_append(&b, line + i, n);
            i += n;
            continue;
        }
        size_t j = i + 1;
        bool integer = true;
        for (; j < len && (isdigit((unsigned char)line[j]) || strchr(".eE+-", line[j])); j++)
            integer = integer && isdigit((unsigned char)line[j]);
        long mag = number_magnitude(line + i, j - i);
        bool too_big = false;
        if (integer && mag >= 18 && mag < 308) {
            char num[32];
            snprintf(num, sizeof num, "%.*s", (int)(j - i), line + i);
            errno = 0;
            (void)strtoll(num, NULL, 10);
            too_big = mag > 18 || errno == ERANGE;
        }
        if (mag >= 308) {
            kl_buf_puts(&b, c == '-' ? "-1e308" : "1e308");
            changed = true;
        } else {
            kl_buf_append(&b, line + i, j - i);
            if (too_big) {
                kl_buf_puts(&b, "e0");
                changed = true;
            }
        }
        i = j;
    }
    if (!changed) {
        kl_buf_free(&b);
        return NULL;
    }
    *out_len = b.len;
    return kl_buf_steal(&b);
}

static void hex_id(char *dst, const char *hash)
{
    memcpy(dst, "h-", 2);
    memcpy(dst + 2, hash, 32);
    dst[34] = '\0';
}

enum kl_ingest_cause kl_ingest_parse(const char *line, size_t len, kl_conv *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    struct parse p = {.raw = KL_BUF_INIT, .text = KL_BUF_INIT, .err = err, .errlen = errlen};
    err[0] = '\0';
    enum kl_ingest_cause c = check_bytes(line, len, &p);
    if (c != KL_CAUSE_NONE)
        return c;
    json_error_t jerr;
    json_t *root = json_loadb(line, len, JSON_DECODE_ANY, &jerr);
    if (!root && json_error_code(&jerr) == json_error_numeric_overflow) {
        size_t tamed_len;
        char *tamed = tame_numbers(line, len, &tamed_len);
        if (tamed) {
            root = json_loadb(tamed, tamed_len, JSON_DECODE_ANY, &jerr);
            free(tamed);
        }
    }
    /* Out of memory is no fault of the line: rejecting it would lose a conversation while
     * the ingest reports success (found by failing allocations, tests/e2e/test_faults.sh;
     * main has jansson allocate with kl_malloc, as its lexer reports a failure as a syntax
     * error and its parser reports none). */
    if (!root && (json_error_code(&jerr) == json_error_out_of_memory || jerr.text[0] == '\0'))
        kl_out_of_memory(0);
    if (!root && json_error_code(&jerr) == json_error_invalid_utf8)
        return fail(&p, KL_CAUSE_BAD_UTF8, "at byte %d", jerr.position + 1);
    if (!root) {
        /* jansson's messages may quote input near the error: keep only position and kind. */
        return fail(&p, KL_CAUSE_BAD_JSON, "column %d (%s)", jerr.column,
                    json_error_code(&jerr) == json_error_premature_end_of_input ? "unexpected end"
                    : json_error_code(&jerr) == json_error_end_of_input_expected
                        ? "text after the value"
                        : "syntax error");
    }
    c = parse_root(&p, root, out);
    json_decref(root);
    kl_buf_free(&p.text);
    if (c != KL_CAUSE_NONE) {
        kl_buf_free(&p.raw);
        kl_conv_free(out);
        return c;
    }
    out->n_messages = p.n_messages;
    out->user_turns = p.user_turns;
    out->raw = kl_buf_steal(&p.raw);

    /* The given user id is part of the content: two people asking the same thing are two
     * conversations, one export read twice is one. */
    kl_sha256 h;
    unsigned char d[32];
    static const char hexd[] = "0123456789abcdef";
    kl_sha256_init(&h);
    kl_sha256_update(&h, "kleio-conv-1", 13);
    if (out->user_id)
        kl_sha256_update(&h, out->user_id, strlen(out->user_id) + 1);
    else
        kl_sha256_update(&h, "", 1);
    kl_sha256_update(&h, out->raw, strlen(out->raw));
    kl_sha256_final(&h, d);
    for (int i = 0; i < 32; i++) {
        out->content_hash[2 * i] = hexd[d[i] >> 4];
        out->content_hash[2 * i + 1] = hexd[d[i] & 15];
    }
    out->content_hash[64] = '\0';
    if (!out->id) {
        out->id = kl_malloc(35);
        hex_id(out->id, out->content_hash);
    }
    if (!out->user_id) {
        size_t n = strlen(out->id) + 6;
        out->user_id = kl_malloc(n);
        snprintf(out->user_id, n, "anon-%s", out->id);
    }
    return KL_CAUSE_NONE;
}

void kl_conv_free(kl_conv *c)
{
    free(c->id);
    free(c->user_id);
    free(c->org_id);
    free(c->raw);
    c->id = c->user_id = c->org_id = c->raw = NULL;
}
