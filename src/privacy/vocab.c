/* vocab.c — layer 3, the k-anonymous vocabulary: how many distinct units used each
 * candidate token inside one cluster, and filtering a string down to the tokens that
 * enough units used. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/buf.h"
#include "kleio/mem.h"
#include "kleio/privacy.h"
#include "kleio/rng.h"

struct term { char *text; size_t units; };

struct kl_vocab {
    struct term *terms;
    size_t n_terms, cap_terms;
    uint32_t *slots;          /* term index + 1, 0 empty; open addressing */
    size_t n_slots;
    uint64_t *seen;           /* (term << 32 | unit) + 1, 0 empty */
    size_t n_seen, cap_seen;
};

kl_vocab *kl_vocab_new(void)
{
    kl_vocab *v = kl_calloc(1, sizeof *v);
    v->n_slots = 64;
    v->slots = kl_calloc(v->n_slots, sizeof *v->slots);
    v->cap_seen = 256;
    v->seen = kl_calloc(v->cap_seen, sizeof *v->seen);
    return v;
}

void kl_vocab_free(kl_vocab *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n_terms; i++)
        free(v->terms[i].text);
    free(v->terms);
    free(v->slots);
    free(v->seen);
    free(v);
}

/* Returns the slot where text is or would go. */
static size_t find_slot(const kl_vocab *v, const char *text)
{
    size_t mask = v->n_slots - 1;
    size_t i = (size_t)kl_hash_str(text, 0x766f6361) & mask;
    while (v->slots[i] && strcmp(v->terms[v->slots[i] - 1].text, text) != 0)
        i = (i + 1) & mask;
    return i;
}

static void grow_slots(kl_vocab *v)
{
    free(v->slots);
    v->n_slots *= 2;
    v->slots = kl_calloc(v->n_slots, sizeof *v->slots);
    for (size_t t = 0; t < v->n_terms; t++)
        v->slots[find_slot(v, v->terms[t].text)] = (uint32_t)(t + 1);
}

static long lookup(const kl_vocab *v, const char *text)
{
    size_t i = find_slot(v, text);
    return v->slots[i] ? (long)v->slots[i] - 1 : -1;
}

static void add_candidate(const char *folded, size_t start, size_t len, void *ctx)
{
    (void)start;
    (void)len;
    kl_vocab *v = ctx;
    if (lookup(v, folded) >= 0)
        return;
    if ((v->n_terms + 1) * 2 > v->n_slots)
        grow_slots(v);
    if (v->n_terms == v->cap_terms) {
        v->cap_terms = v->cap_terms ? v->cap_terms * 2 : 32;
        v->terms = kl_reallocarray(v->terms, v->cap_terms, sizeof *v->terms);
    }
    v->terms[v->n_terms] = (struct term){kl_strdup(folded), 0};
    v->slots[find_slot(v, folded)] = (uint32_t)(v->n_terms + 1);
    v->n_terms++;
}

void kl_vocab_candidates(kl_vocab *v, const char *text)
{
    kl_tokens_each(text, add_candidate, v);
}

static void allow_token(const char *folded, size_t start, size_t len, void *ctx)
{
    kl_vocab *v = ctx;
    add_candidate(folded, start, len, v);
    v->terms[lookup(v, folded)].units = SIZE_MAX;
}

void kl_vocab_allow(kl_vocab *v, const char *text)
{
    kl_tokens_each(text, allow_token, v);
}

static int seen_insert(kl_vocab *v, uint64_t key);

static void grow_seen(kl_vocab *v)
{
    uint64_t *old = v->seen;
    size_t old_cap = v->cap_seen;
    v->cap_seen *= 2;
    v->seen = kl_calloc(v->cap_seen, sizeof *v->seen);
    v->n_seen = 0;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i])
            seen_insert(v, old[i] - 1);
    free(old);
}

/* Returns 1 when key was new. */
static int seen_insert(kl_vocab *v, uint64_t key)
{
    if ((v->n_seen + 1) * 2 > v->cap_seen)
        grow_seen(v);
    size_t mask = v->cap_seen - 1;
    size_t i = (size_t)kl_mix64(key) & mask;
    while (v->seen[i]) {
        if (v->seen[i] == key + 1)
            return 0;
        i = (i + 1) & mask;
    }
    v->seen[i] = key + 1;
    v->n_seen++;
    return 1;
}

struct add_ctx { kl_vocab *v; uint32_t unit; };

static void add_use(const char *folded, size_t start, size_t len, void *ctx)
{
    (void)start;
    (void)len;
    struct add_ctx *a = ctx;
    long t = lookup(a->v, folded);
    if (t >= 0 && a->v->terms[t].units != SIZE_MAX &&
        seen_insert(a->v, ((uint64_t)t << 32) | a->unit))
        a->v->terms[t].units++;
}

void kl_vocab_add(kl_vocab *v, uint32_t unit, const char *text)
{
    if (v->n_terms == 0 || !text)
        return;
    struct add_ctx a = {v, unit};
    kl_tokens_each(text, add_use, &a);
}

size_t kl_vocab_units(const kl_vocab *v, const char *folded)
{
    long t = lookup(v, folded);
    return t >= 0 ? v->terms[t].units : 0;
}

struct filter_ctx { const kl_vocab *v; size_t min_units; char *drop; size_t removed; };

static void mark_rare(const char *folded, size_t start, size_t len, void *ctx)
{
    struct filter_ctx *f = ctx;
    if (kl_vocab_units(f->v, folded) >= f->min_units)
        return;
    memset(f->drop + start, 1, len);
    f->removed++;
}

char *kl_vocab_filter(const kl_vocab *v, const char *text, size_t min_units, size_t *removed)
{
    size_t len = strlen(text);
    struct filter_ctx f = {v, min_units, kl_calloc(len + 1, 1), 0};
    kl_tokens_each(text, mark_rare, &f);
    char *out = kl_privacy_keep(text, f.drop);
    free(f.drop);
    if (removed)
        *removed = f.removed;
    return out;
}
