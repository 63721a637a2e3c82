/* model_collect.c — what a frame shows, read from the snapshot into the model before the
 * frame (tui_model.h, "collect, then draw"): density grids of a level, series, the
 * language mix of the selected cluster. Each is read once and cached, so a frame over a
 * level already seen reads nothing. */
#include "kleio/tui_model.h"

#include <stdlib.h>
#include <string.h>

#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/tree_model.h"

#define MAX_GRID (256 * 256)

/* Averages a side x side grid down to out x out cells (out <= side). */
static void downsample(const unsigned char *in, int side, uint8_t *out, int o)
{
    uint32_t *sum = kl_calloc((size_t)o * (size_t)o, sizeof *sum);
    uint32_t *cnt = kl_calloc((size_t)o * (size_t)o, sizeof *cnt);
    for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++) {
            size_t t = (size_t)(y * o / side) * (size_t)o + (size_t)(x * o / side);
            sum[t] += in[y * side + x];
            cnt[t]++;
        }
    for (size_t i = 0; i < (size_t)o * (size_t)o; i++)
        out[i] = (uint8_t)(cnt[i] ? sum[i] / cnt[i] : 0);
    free(sum);
    free(cnt);
}

static void collect_density(kl_tui_model *m, uint32_t node, unsigned char *buf)
{
    kl_tnode *nd = &m->nodes[node];
    nd->density_read = true;
    int side = m->density_grid, o = m->density_side;
    long len = kl_bulk_density(m->bulk, nd->id, buf, MAX_GRID);
    if (len <= 0 || side <= 0 || len != (long)side * side)
        return; /* NULL or malformed grids are simply not drawn */
    nd->density = kl_malloc((size_t)o * (size_t)o);
    if (o == side)
        memcpy(nd->density, buf, (size_t)o * (size_t)o);
    else
        downsample(buf, side, nd->density, o);
}

/* Budget for grids read before a frame: a level of a few hundred clusters at once, a
 * level of 20,000 over the next idle moments. */
#define DENSITY_FRAME_MS 15.0

bool kl_tui_model_collect_densities(kl_tui_model *m, double budget_ms)
{
    uint32_t cur = m->density_level;
    if (cur == KL_TUI_NONE || !m->density_side)
        return false;
    double end = kl_now() + budget_ms / 1000.0;
    unsigned char *buf = NULL;
    const kl_tnode *p = &m->nodes[cur];
    while (m->density_next < p->n_kids) {
        uint32_t k = p->kids[m->density_next++];
        if (!m->nodes[k].density_read) {
            if (!buf)
                buf = kl_malloc(MAX_GRID);
            collect_density(m, k, buf);
            p = &m->nodes[cur];
            if (kl_now() >= end)
                break;
        }
    }
    free(buf);
    if (m->density_next >= m->nodes[cur].n_kids)
        m->density_level = KL_TUI_NONE;
    return m->density_level != KL_TUI_NONE;
}

void kl_tui_model_collect_level(kl_tui_model *m, uint32_t cur, bool series)
{
    if (!m->nodes[cur].kids_loaded)
        return;
    if (m->density_level != cur && m->density_side) {
        /* a new level (or the same one after it was left): walk its children again;
         * grids already read are skipped without a query */
        bool done = true;
        for (uint32_t i = 0; i < m->nodes[cur].n_kids && done; i++)
            done = m->nodes[m->nodes[cur].kids[i]].density_read;
        if (!done) {
            m->density_level = cur;
            m->density_next = 0;
        }
    }
    kl_tui_model_collect_densities(m, DENSITY_FRAME_MS);
    for (uint32_t i = 0; series && i < m->nodes[cur].n_kids; i++)
        kl_tui_model_collect_series(m, m->nodes[cur].kids[i]);
}

void kl_tui_model_collect_series(kl_tui_model *m, uint32_t node)
{
    const int32_t *s;
    kl_tui_model_series(m, node, &s); /* reads only when not cached for the filter */
}

struct mix_ctx { kl_tui_model *m; };

static void add_mix(void *arg, const char *lang, const kl_counts *c)
{
    kl_tui_model *m = ((struct mix_ctx *)arg)->m;
    if (m->n_mix >= KL_TUI_MAX_MIX)
        return;
    for (size_t l = 0; l < m->n_langs; l++)
        if (strcmp(m->langs[l].code, lang) == 0) {
            m->mix[m->n_mix] = (kl_tui_mix){l, *c};
            kl_counts_hide_negative(&m->mix[m->n_mix++].c);
            return;
        }
    /* a code the languages table does not list: not shown */
}

void kl_tui_model_collect_detail(kl_tui_model *m, uint32_t node)
{
    kl_tui_model_collect_series(m, node);
    if (m->mix_node == node)
        return;
    if (!m->mix)
        m->mix = kl_malloc(KL_TUI_MAX_MIX * sizeof *m->mix);
    m->n_mix = 0;
    m->mix_node = node;
    if (node == 0) {
        for (size_t l = 0; l < m->n_langs && m->n_mix < KL_TUI_MAX_MIX; l++)
            m->mix[m->n_mix++] = (kl_tui_mix){l, m->langs[l].total};
        return;
    }
    struct mix_ctx x = {m};
    if (kl_bulk_cluster_langs(m->bulk, m->nodes[node].id, add_mix, &x) < 0)
        m->failed = true;
}

const uint8_t *kl_tui_model_density(const kl_tui_model *m, uint32_t node)
{
    return m->nodes[node].density;
}

int kl_tui_model_mix(const kl_tui_model *m, uint32_t node, const kl_tui_mix **out)
{
    *out = m->mix;
    return m->mix_node == node ? m->n_mix : 0;
}
