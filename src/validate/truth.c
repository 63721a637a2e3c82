/* truth.c — the generated corpus of a validation run and what is known about it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/buf.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/rng.h"
#include "kleio/synth.h"
#include "validate_internal.h"

struct id_entry { uint64_t h; uint32_t i; };

static int cmp_id(const void *a, const void *b)
{
    const struct id_entry *x = a, *y = b;
    return (x->h > y->h) - (x->h < y->h);
}

int vtruth_generate(uint64_t n, uint64_t seed, const char *corpus_path, vtruth *t)
{
    memset(t, 0, sizeof *t);
    kl_synth_opts o;
    kl_synth_opts_default(&o);
    o.n = n;
    o.seed = seed;
    char err[256];
    kl_synth_gen *g = kl_synth_open(&o, err, sizeof err);
    if (!g) {
        kl_error("validate: %s", err);
        return -1;
    }
    FILE *f = corpus_path ? fopen(corpus_path, "w") : NULL;
    if (corpus_path && !f) {
        kl_error("validate: cannot write %s", corpus_path);
        kl_synth_close(g);
        return -1;
    }
    kl_synth_traps traps;
    kl_synth_traps_layout(g, &traps);
    t->n = (size_t)n;
    struct id_entry *ids = kl_malloc((t->n + 1) * sizeof *ids);
    t->category = kl_malloc((t->n + 1) * sizeof *t->category);
    t->topic = kl_malloc((t->n + 1) * sizeof *t->topic);
    t->lang = kl_malloc((t->n + 1) * sizeof *t->lang);
    t->refused = kl_malloc(t->n + 1);
    t->trap = kl_malloc(t->n + 1);
    size_t cap_pii = 0;
    kl_buf line = KL_BUF_INIT;
    kl_progress pr;
    kl_progress_start(&pr, "synth", n);
    for (uint64_t i = 0; i < n; i++) {
        const kl_synth_conv *c = kl_synth_get(g, i);
        if (f) {
            kl_buf_clear(&line);
            kl_synth_conv_json(c, &line);
            fwrite(line.data, 1, line.len, f);
        }
        ids[i] = (struct id_entry){kl_hash_str(c->id, 0x6964), (uint32_t)i};
        t->topic[i] = (uint32_t)c->topic;
        t->category[i] = (uint32_t)kl_synth_topic_at(c->topic)->category;
        t->lang[i] = (uint32_t)c->language;
        t->refused[i] = (uint8_t)c->refused;
        t->trap[i] = (uint8_t)c->trap;
        for (size_t p = 0; p < c->n_pii; p++) {
            if (t->n_pii == cap_pii) {
                cap_pii = cap_pii ? cap_pii * 2 : 256;
                t->pii = kl_reallocarray(t->pii, cap_pii, sizeof *t->pii);
            }
            t->pii[t->n_pii++] = kl_strdup(c->pii_value[p]);
            if (i == traps.poison_target && c->pii_type[p] == KL_PII_DIAGNOSIS && !t->secret)
                t->secret = kl_strdup(c->pii_value[p]);
        }
        kl_progress_update(&pr, i + 1);
    }
    kl_buf_free(&line);
    kl_synth_close(g);
    int bad = f && fclose(f) != 0;
    qsort(ids, t->n, sizeof *ids, cmp_id);
    t->id_hash = kl_malloc((t->n + 1) * sizeof *t->id_hash);
    t->id_idx = kl_malloc((t->n + 1) * sizeof *t->id_idx);
    for (size_t i = 0; i < t->n; i++) {
        t->id_hash[i] = ids[i].h;
        t->id_idx[i] = ids[i].i;
    }
    free(ids);
    kl_progress_end(&pr, "%llu conversations, %zu planted private details",
                    (unsigned long long)n, t->n_pii);
    if (bad) {
        kl_error("validate: write failed: %s", corpus_path);
        return -1;
    }
    return 0;
}

long vtruth_find(const vtruth *t, const char *id)
{
    uint64_t h = kl_hash_str(id, 0x6964);
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->id_hash[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < t->n && t->id_hash[lo] == h ? (long)t->id_idx[lo] : -1;
}

void vtruth_free(vtruth *t)
{
    for (size_t i = 0; i < t->n_pii; i++)
        free(t->pii[i]);
    free(t->pii);
    free(t->secret);
    free(t->id_hash);
    free(t->id_idx);
    free(t->category);
    free(t->topic);
    free(t->lang);
    free(t->refused);
    free(t->trap);
    memset(t, 0, sizeof *t);
}
