/* llm_wire.c — the JSON of the OpenAI and Anthropic wire formats: request bodies,
 * answers, error messages (with the key masked). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/buf.h"
#include "kleio/llm.h"
#include "kleio/mem.h"
#include "kleio/utf8.h"

char *kl_llm_chat_body(enum kl_llm_provider p, const char *model, const char *system,
                       const char *user, double temperature, int max_tokens)
{
    return kl_llm_chat_body_schema(p, model, system, user, temperature, max_tokens, NULL, NULL);
}

char *kl_llm_chat_body_schema(enum kl_llm_provider p, const char *model, const char *system,
                              const char *user, double temperature, int max_tokens,
                              const char *schema_name, const char *schema)
{
    json_t *o = json_object();
    json_object_set_new(o, "model", json_string(model));
    json_t *msgs = json_array();
    if (p == KL_LLM_OPENAI) {
        if (system && *system)
            json_array_append_new(msgs, json_pack("{s:s, s:s}", "role", "system", "content", system));
        json_array_append_new(msgs, json_pack("{s:s, s:s}", "role", "user", "content", user));
        json_object_set_new(o, "messages", msgs);
        json_object_set_new(o, "temperature", json_real(temperature));
        json_object_set_new(o, "max_tokens", json_integer(max_tokens));
    } else {
        json_object_set_new(o, "max_tokens", json_integer(max_tokens));
        if (system && *system)
            json_object_set_new(o, "system", json_string(system));
        json_array_append_new(msgs, json_pack("{s:s, s:s}", "role", "user", "content", user));
        json_object_set_new(o, "messages", msgs);
        json_object_set_new(o, "temperature", json_real(temperature));
    }
    json_t *sch = schema ? json_loads(schema, 0, NULL) : NULL;
    if (sch && p == KL_LLM_OPENAI) {
        /* Structured outputs: the server constrains the answer to the schema. */
        json_object_set_new(o, "response_format",
                            json_pack("{s:s, s:{s:s, s:b, s:o}}", "type", "json_schema", "json_schema",
                                      "name", schema_name, "strict", 1, "schema", sch));
    } else if (sch) {
        /* Anthropic: one tool whose input is the answer, and the model made to call it. */
        json_object_set_new(o, "tools", json_pack("[{s:s, s:s, s:o}]", "name", schema_name,
                                                  "description", "Record the answer.",
                                                  "input_schema", sch));
        json_object_set_new(o, "tool_choice", json_pack("{s:s, s:s}", "type", "tool", "name", schema_name));
    }
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return s;
}

static uint64_t get_count(json_t *o, const char *key)
{
    json_int_t v = json_integer_value(json_object_get(o, key));
    return v > 0 ? (uint64_t)v : 0;
}

int kl_llm_chat_parse(enum kl_llm_provider p, const char *body, char **text, uint64_t *tin,
                      uint64_t *tout)
{
    *text = NULL;
    *tin = *tout = 0;
    json_t *o = json_loads(body, 0, NULL);
    if (!json_is_object(o)) {
        json_decref(o);
        return -1;
    }
    json_t *usage = json_object_get(o, "usage");
    if (p == KL_LLM_OPENAI) {
        json_t *ch = json_array_get(json_object_get(o, "choices"), 0);
        const char *s = json_string_value(json_object_get(json_object_get(ch, "message"), "content"));
        if (s)
            *text = kl_strdup(s);
        *tin = get_count(usage, "prompt_tokens");
        *tout = get_count(usage, "completion_tokens");
    } else {
        json_t *content = json_object_get(o, "content");
        if (json_is_array(content)) {
            kl_buf b = KL_BUF_INIT;
            size_t k;
            json_t *blk;
            bool any = false;
            json_array_foreach(content, k, blk) {
                const char *type = json_string_value(json_object_get(blk, "type"));
                const char *s = json_string_value(json_object_get(blk, "text"));
                if (type && strcmp(type, "text") == 0 && s) {
                    kl_buf_puts(&b, s);
                    any = true;
                } else if (type && strcmp(type, "tool_use") == 0 &&
                           json_is_object(json_object_get(blk, "input"))) {
                    /* A tool call is the structured answer: its input, as JSON text. */
                    char *js = json_dumps(json_object_get(blk, "input"), JSON_COMPACT | JSON_PRESERVE_ORDER);
                    kl_buf_clear(&b);
                    kl_buf_puts(&b, js);
                    free(js);
                    any = true;
                    break;
                }
            }
            *text = any ? kl_buf_steal(&b) : NULL;
            kl_buf_free(&b);
        }
        *tin = get_count(usage, "input_tokens");
        *tout = get_count(usage, "output_tokens");
    }
    json_decref(o);
    return *text ? 0 : -1;
}

/* Replaces every occurrence of key in s (in place, growing into b). */
static void mask_key(kl_buf *b, const char *s, const char *key)
{
    size_t kl = key ? strlen(key) : 0;
    if (kl < 4) {                       /* too short to search for without masking prose */
        kl_buf_puts(b, s);
        return;
    }
    const char *p;
    while ((p = strstr(s, key))) {
        kl_buf_append(b, s, (size_t)(p - s));
        kl_buf_puts(b, "[redacted]");
        s = p + kl;
    }
    kl_buf_puts(b, s);
}

void kl_llm_error_message(const char *body, const char *key, char *out, size_t outlen)
{
    const char *msg = NULL;
    json_t *o = body ? json_loads(body, 0, NULL) : NULL;
    json_t *err = json_object_get(o, "error");
    if (json_is_string(err))
        msg = json_string_value(err);
    else
        msg = json_string_value(json_object_get(err, "message"));
    if (!msg)
        msg = json_string_value(json_object_get(o, "message"));
    if (!msg)
        msg = body && *body ? body : "(no message)";
    /* Sanitised before the key is masked: a control byte inside the key would otherwise
     * hide it from the search and then be stripped, printing the key (found by fuzz_llm). */
    char *safe = kl_sanitize(msg);
    json_decref(o);
    kl_buf b = KL_BUF_INIT;
    mask_key(&b, safe, key);
    free(safe);
    char *clean = kl_buf_steal(&b);
    /* Cut on a character boundary. */
    size_t n = strlen(clean);
    if (n >= outlen) {
        n = outlen - 1;
        while (n > 0 && ((unsigned char)clean[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(out, clean, n);
    out[n] = 0;
    free(clean);
}
