/* output.c — JSON for generated conversations, their truth records and the truth header.
 * jansson does the escaping, so any text (quotes, newlines in code, every script) is safe. */
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "kleio/synth.h"

static const char *const trap_names[] = {"none", "burst", "poison", "poison_target"};
static const char *const pii_names[KL_PII_COUNT] = {"name", "email", "phone", "address",
                                                    "id_number", "card", "diagnosis"};
static const char *const refused_names[] = {"none", "partial", "full"};

const char *kl_synth_trap_name(enum kl_synth_trap t)
{
    return (unsigned)t < sizeof trap_names / sizeof trap_names[0] ? trap_names[t] : "?";
}

const char *kl_synth_pii_name(enum kl_synth_pii p)
{
    return (unsigned)p < KL_PII_COUNT ? pii_names[p] : "?";
}

/* Dumps obj as one compact line onto out and releases it. */
static void put_line(json_t *obj, kl_buf *out)
{
    char *s = json_dumps(obj, JSON_COMPACT | JSON_REAL_PRECISION(6));
    kl_buf_puts(out, s);
    kl_buf_putc(out, '\n');
    free(s);
    json_decref(obj);
}

static void iso_time(time_t t, char *buf, size_t len)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void kl_synth_conv_json(const kl_synth_conv *c, kl_buf *out)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(c->id));
    json_object_set_new(o, "user_id", json_string(c->user_id));
    if (c->org_id[0])
        json_object_set_new(o, "org_id", json_string(c->org_id));
    json_object_set_new(o, "timestamp", json_string(c->timestamp));
    json_t *msgs = json_array();
    for (size_t k = 0; k < c->n_messages; k++)
        json_array_append_new(msgs, json_pack("{s:s, s:s}", "role", c->role[k],
                                              "content", c->content[k]));
    json_object_set_new(o, "messages", msgs);
    put_line(o, out);
}

void kl_synth_truth_json(const kl_synth_conv *c, kl_buf *out)
{
    const kl_synth_topic *tp = kl_synth_topic_at(c->topic);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(c->id));
    json_object_set_new(o, "category", json_string(kl_synth_category_key(tp->category)));
    json_object_set_new(o, "topic", json_string(tp->key));
    json_object_set_new(o, "language", json_string(kl_synth_language_code(c->language)));
    json_object_set_new(o, "refused", json_string(refused_names[c->refused]));
    json_object_set_new(o, "concern", json_integer(c->concern));
    json_object_set_new(o, "trap", json_string(kl_synth_trap_name(c->trap)));
    json_object_set_new(o, "mixed", json_boolean(c->mixed));
    json_t *pii = json_array();
    for (size_t k = 0; k < c->n_pii; k++)
        json_array_append_new(pii, json_pack("{s:s, s:s}", "type", kl_synth_pii_name(c->pii_type[k]),
                                             "value", c->pii_value[k]));
    json_object_set_new(o, "pii", pii);
    put_line(o, out);
}

void kl_synth_header_json(kl_synth_gen *g, kl_buf *out)
{
    const kl_synth_opts *o = kl_synth_options(g);
    kl_synth_traps t;
    kl_synth_traps_layout(g, &t);
    json_t *h = json_object();
    json_object_set_new(h, "format", json_string("kleio-synth-truth"));
    json_object_set_new(h, "version", json_integer(1));
    char from[24], to[24];
    iso_time(o->from, from, sizeof from);
    iso_time(o->to, to, sizeof to);
    json_object_set_new(h, "options", json_pack("{s:I, s:I, s:I, s:s, s:s}",
        "n", (json_int_t)o->n, "seed", (json_int_t)o->seed, "users", (json_int_t)o->users,
        "from", from, "to", to));
    json_object_set_new(h, "pii_rate", json_real(KL_SYNTH_PII_RATE));

    json_t *langs = json_array();
    for (size_t l = 0; l < kl_synth_language_count(); l++) {
        double share = kl_synth_language_share(g, l);
        if (share > 0)
            json_array_append_new(langs, json_pack("{s:s, s:s, s:f}", "code", kl_synth_language_code(l),
                                                   "name", kl_synth_language_name(l), "share", share));
    }
    json_object_set_new(h, "languages", langs);

    json_t *cats = json_array();
    for (size_t c = 0; c < kl_synth_category_count(); c++)
        json_array_append_new(cats, json_pack("{s:s, s:s, s:b}", "key", kl_synth_category_key(c),
                                              "name", kl_synth_category_name(c),
                                              "concerning", kl_synth_category_concerning(c)));
    json_object_set_new(h, "categories", cats);

    json_t *tops = json_array();
    for (size_t k = 0; k < kl_synth_topic_count(); k++) {
        const kl_synth_topic *tp = kl_synth_topic_at(k);
        json_array_append_new(tops, json_pack("{s:s, s:s, s:s, s:i, s:f, s:f, s:f, s:f}",
            "key", tp->key, "name", tp->name, "category", kl_synth_category_key(tp->category),
            "concern", tp->concern, "share", kl_synth_topic_share(g, k), "trend", tp->trend,
            "p_full", tp->p_full, "p_partial", tp->p_partial));
    }
    json_object_set_new(h, "topics", tops);

    json_t *traps = json_object();
    if (t.poison_target != UINT64_MAX) {
        char first[24], target[24];
        snprintf(first, sizeof first, "c-%08llu", (unsigned long long)t.burst_first + 1);
        snprintf(target, sizeof target, "c-%08llu", (unsigned long long)t.poison_target + 1);
        json_object_set_new(traps, "burst", json_pack("{s:s, s:I, s:s}", "first", first,
                                                      "count", (json_int_t)t.burst_count,
                                                      "topic", "seo_content_farms"));
        json_object_set_new(traps, "poison", json_pack("{s:I, s:s, s:s}",
                                                       "count", (json_int_t)t.poison_count,
                                                       "target", target, "topic", "symptom_questions"));
    }
    json_object_set_new(h, "traps", traps);
    put_line(h, out);
}
