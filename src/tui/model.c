/* model.c — the explorer's snapshot model: lazy tree, language slices, sort, search. */
#include "kleio/tui_model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/figures.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/satmath.h"
#include "kleio/rng.h"
#include "kleio/tree_model.h"
#include "kleio/tui_columns.h"
#include "kleio/utf8.h"

/* ---- id -> index hash ---- */

static size_t hash_slot(const kl_tui_model *m, int64_t id)
{
    return (size_t)kl_mix64((uint64_t)id) & (m->hcap - 1);
}

static void hash_put(kl_tui_model *m, int64_t id, uint32_t idx);

static void hash_grow(kl_tui_model *m)
{
    int64_t *ok = m->hkeys;
    uint32_t *ov = m->hvals;
    size_t ocap = m->hcap;
    m->hcap = ocap ? ocap * 2 : 1024;
    m->hkeys = kl_malloc(m->hcap * sizeof *m->hkeys);
    m->hvals = kl_malloc(m->hcap * sizeof *m->hvals);
    for (size_t i = 0; i < m->hcap; i++)
        m->hvals[i] = KL_TUI_NONE;
    for (size_t i = 0; i < ocap; i++)
        if (ov[i] != KL_TUI_NONE)
            hash_put(m, ok[i], ov[i]);
    free(ok);
    free(ov);
}

static void hash_put(kl_tui_model *m, int64_t id, uint32_t idx)
{
    if ((m->n_nodes + 1) * 2 > m->hcap)
        hash_grow(m);
    size_t i = hash_slot(m, id);
    while (m->hvals[i] != KL_TUI_NONE && m->hkeys[i] != id)
        i = (i + 1) & (m->hcap - 1);
    m->hkeys[i] = id;
    m->hvals[i] = idx;
}

uint32_t kl_tui_model_find(const kl_tui_model *m, int64_t id)
{
    if (!m->hcap)
        return KL_TUI_NONE;
    size_t i = hash_slot(m, id);
    while (m->hvals[i] != KL_TUI_NONE) {
        if (m->hkeys[i] == id)
            return m->hvals[i];
        i = (i + 1) & (m->hcap - 1);
    }
    return KL_TUI_NONE;
}

/* ---- loading ---- */

static void queue_push(kl_tui_model *m, uint32_t node, bool front)
{
    /* A wanted node jumps the queue even when already waiting further back; the stale
     * entry is skipped when popped. */
    if (m->nodes[node].kids_loaded || (m->nodes[node].queued && !front))
        return;
    if (m->q_len == m->q_cap) {
        /* Re-pack the ring into a larger array, head first. */
        size_t ncap = m->q_cap ? m->q_cap * 2 : 256;
        uint32_t *nq = kl_malloc(ncap * sizeof *nq);
        for (size_t i = 0; i < m->q_len; i++)
            nq[i] = m->queue[(m->q_head + i) % m->q_cap];
        free(m->queue);
        m->queue = nq;
        m->q_cap = ncap;
        m->q_head = 0;
    }
    if (front) {
        m->q_head = (m->q_head + m->q_cap - 1) % m->q_cap;
        m->queue[m->q_head] = node;
    } else {
        m->queue[(m->q_head + m->q_len) % m->q_cap] = node;
    }
    m->q_len++;
    m->nodes[node].queued = true;
}

static uint32_t queue_pop(kl_tui_model *m)
{
    while (m->q_len) {
        uint32_t n = m->queue[m->q_head];
        m->q_head = (m->q_head + 1) % m->q_cap;
        m->q_len--;
        m->nodes[n].queued = false;
        if (!m->nodes[n].kids_loaded)
            return n;
    }
    return KL_TUI_NONE;
}

struct add_ctx { kl_tui_model *m; uint32_t parent; };

/* A map position from the file: NAN (not drawn) when not finite or absurdly far, so a
 * damaged file gives no "zoom -nanx" and no out-of-range float conversion. */
static float coord(double v)
{
    return isfinite(v) && fabs(v) < 1e6 ? (float)v : NAN;
}

static void add_cluster(void *arg, const kl_cluster *c)
{
    struct add_ctx *a = arg;
    kl_tui_model *m = a->m;
    if (kl_tui_model_find(m, c->id) != KL_TUI_NONE)
        return; /* a cycle or duplicate in a damaged file: keep the first */
    if (m->n_nodes == m->cap_nodes) {
        m->cap_nodes = m->cap_nodes ? m->cap_nodes * 2 : 256;
        m->nodes = kl_reallocarray(m->nodes, m->cap_nodes, sizeof *m->nodes);
    }
    uint32_t idx = (uint32_t)m->n_nodes;
    kl_tnode *n = &m->nodes[m->n_nodes++];
    memset(n, 0, sizeof *n);
    n->id = c->id;
    n->parent_id = c->parent;
    n->parent = a->parent;
    n->level = c->level;
    n->name = kl_sanitize(c->name);
    n->desc = kl_sanitize(c->description);
    n->is_other = c->is_other;
    n->flags = c->flags;
    n->x = coord(c->x);
    n->y = coord(c->y);
    n->extent = isfinite(c->extent) && c->extent > 0 && c->extent < 1e6 ? (float)c->extent : 0;
    n->total = c->total;
    if (kl_counts_hide_negative(&n->total))
        m->n_negative++;
    n->fig = n->total;
    n->n_kids_expected = (uint32_t)c->n_children;
    n->kids_loaded = c->n_children == 0;
    hash_put(m, c->id, idx);
    kl_tnode *p = &m->nodes[a->parent];
    p->kids = kl_reallocarray(p->kids, p->n_kids + 1, sizeof *p->kids);
    p->kids[p->n_kids++] = idx;
    if (!n->kids_loaded)
        queue_push(m, idx, false);
}

void kl_tui_model_load_kids(kl_tui_model *m, uint32_t node)
{
    if (m->nodes[node].kids_loaded)
        return;
    struct add_ctx a = {m, node};
    if (kl_bulk_children(m->bulk, m->nodes[node].id, add_cluster, &a) < 0)
        m->failed = true;
    m->nodes[node].kids_loaded = true;
    /* a child already placed elsewhere (a cut cycle, a duplicate) is not one here */
    if (m->nodes[node].n_kids < m->nodes[node].n_kids_expected)
        m->nodes[node].n_kids_expected = m->nodes[node].n_kids;
    m->nodes[node].sorted_gen = 0;
}

void kl_tui_model_want(kl_tui_model *m, uint32_t node)
{
    queue_push(m, node, true);
}

bool kl_tui_model_fully_loaded(const kl_tui_model *m)
{
    return m->q_len == 0 && m->mended;
}

static long id_index(const int64_t *ids, long n, int64_t id)
{
    long lo = 0, hi = n;
    while (lo < hi) {
        long mid = lo + (hi - lo) / 2;
        if (ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && ids[lo] == id ? lo : -1;
}

/* A damaged file's clusters that no chain from the top reaches (a parent cycle, or a
 * parent id naming no cluster) would be silently missing. Once the tree is read, each
 * such chain is cut where it closes (or where its parent is missing) and that cluster
 * shown at the top level, as kl_tree_load does for kleio tree; its subtree then loads
 * as any other. Runs once, before any language cache is sized by n_nodes. */
static void mend(kl_tui_model *m)
{
    m->mended = true;
    if (m->total_clusters <= m->n_nodes - 1)
        return;
    int64_t *ids = NULL, *parents = NULL;
    long n = kl_bulk_cluster_ids(m->bulk, &ids, &parents);
    if (n < 0)
        m->failed = true;
    unsigned char *state = kl_calloc(n > 0 ? (size_t)n : 1, 1); /* 1 on this walk, 2 done */
    long *path = kl_malloc((n > 0 ? (size_t)n : 1) * sizeof *path);
    for (long i = 0; i < n; i++) {
        if (state[i] || kl_tui_model_find(m, ids[i]) != KL_TUI_NONE)
            continue;
        long len = 0, v = i, cut = -1;
        while (state[v] == 0 && kl_tui_model_find(m, ids[v]) == KL_TUI_NONE) {
            state[v] = 1;
            path[len++] = v;
            long p = parents[v] ? id_index(ids, n, parents[v]) : -1;
            if (p < 0) {
                cut = v; /* its parent is no cluster */
                break;
            }
            v = p;
        }
        if (cut < 0 && state[v] == 1)
            cut = v; /* the walk came back to itself: a cycle */
        for (long k = 0; k < len; k++)
            state[path[k]] = 2;
        if (cut < 0)
            continue; /* joins a chain already cut */
        struct add_ctx a = {m, 0};
        size_t before = m->n_nodes;
        if (kl_bulk_cluster(m->bulk, ids[cut], add_cluster, &a) < 0)
            m->failed = true;
        if (m->n_nodes > before) {
            if (m->n_cut++ == 0)
                m->cut_id = ids[cut];
            m->nodes[0].n_kids_expected = m->nodes[0].n_kids;
            m->nodes[0].sorted_gen = 0;
        }
    }
    free(path);
    free(state);
    free(ids);
    free(parents);
}

void kl_tui_model_load_all(kl_tui_model *m)
{
    uint32_t n;
    for (;;) {
        while ((n = queue_pop(m)) != KL_TUI_NONE)
            kl_tui_model_load_kids(m, n);
        if (m->mended)
            return;
        mend(m); /* may queue the subtrees it brings back */
    }
}

struct cells_ctx { kl_tui_model *m; kl_cell32 *cells; int64_t last; };

static int32_t clamp32(int64_t v)
{
    return v > INT32_MAX ? INT32_MAX : v < 0 ? 0 : (int32_t)v;
}

static void put_cell(void *arg, int64_t cluster, const kl_counts *c)
{
    struct cells_ctx *a = arg;
    a->last = cluster;
    uint32_t idx = kl_tui_model_find(a->m, cluster);
    if (idx == KL_TUI_NONE)
        return;
    kl_counts cell = *c;
    if (c->suppressed || kl_counts_hide_negative(&cell)) {
        a->cells[idx].conv = KL_CELL_HIDDEN;
        return;
    }
    a->cells[idx] = (kl_cell32){clamp32(c->conversations), clamp32(c->users),
                                clamp32(c->refused), clamp32(c->concern_sum)};
}

/* Rows of one language read per slice of idle work: a few milliseconds. */
#define LANG_SLICE 4000

/* Reads the next slice of language l's cells (the tree must be fully loaded); the
 * language's cache is complete when this returns true. */
static bool load_lang_slice(kl_tui_model *m, size_t l, long limit)
{
    if (m->lang_cells[l])
        return true;
    if (!m->lang_partial || m->partial_lang != l) {
        free(m->lang_partial);
        m->lang_partial = kl_malloc(m->n_nodes * sizeof *m->lang_partial);
        for (size_t i = 0; i < m->n_nodes; i++)
            m->lang_partial[i] = (kl_cell32){KL_CELL_ABSENT, 0, 0, 0};
        m->partial_lang = l;
        m->partial_after = INT64_MIN;
    }
    struct cells_ctx a = {m, m->lang_partial, m->partial_after};
    long n = kl_bulk_lang_cells(m->bulk, m->langs[l].code, m->partial_after, limit, put_cell, &a);
    if (n < 0)
        m->failed = true;
    m->partial_after = a.last;
    if (n >= 0 && n == limit)
        return false;
    m->lang_cells[l] = m->lang_partial;
    m->lang_partial = NULL;
    return true;
}

static void load_lang(kl_tui_model *m, size_t l)
{
    while (!load_lang_slice(m, l, LANG_SLICE * 8))
        ;
}

static size_t next_uncached_lang(const kl_tui_model *m)
{
    for (size_t l = 0; l < m->n_langs; l++)
        if (!m->lang_cells[l])
            return l;
    return SIZE_MAX;
}

bool kl_tui_model_pending(const kl_tui_model *m)
{
    return m->q_len > 0 || !m->mended || next_uncached_lang(m) != SIZE_MAX ||
           m->density_level != KL_TUI_NONE;
}

bool kl_tui_model_work(kl_tui_model *m, double budget_ms)
{
    double end = kl_now() + budget_ms / 1000.0;
    bool first = true;
    for (;;) {
        if (!first && kl_now() >= end)
            return kl_tui_model_pending(m);
        first = false;
        uint32_t n = queue_pop(m);
        if (n != KL_TUI_NONE) {
            kl_tui_model_load_kids(m, n);
            continue;
        }
        if (!m->mended) {
            mend(m);
            continue;
        }
        /* Then the map's grids of the level on screen (model_collect.c). */
        if (m->density_level != KL_TUI_NONE) {
            kl_tui_model_collect_densities(m, budget_ms);
            continue;
        }
        /* Then the language caches, most spoken first, so a filter change is a sum. */
        size_t l = next_uncached_lang(m);
        if (l == SIZE_MAX)
            return false;
        load_lang_slice(m, l, LANG_SLICE);
    }
}

int kl_tui_model_open(kl_tui_model *m, kl_bulk *b, const char *path)
{
    memset(m, 0, sizeof *m);
    m->path = kl_strdup(path);
    m->bulk = b;
    if (!m->bulk)
        return -1;
    long count = kl_bulk_cluster_count(m->bulk);
    m->total_clusters = count > 0 ? (size_t)count : 0;
    m->min_users = kl_bulk_meta_int(b, "min_users", 0);
    m->min_conversations = kl_bulk_meta_int(b, "min_conversations", 0);
    int64_t side = kl_bulk_meta_int(b, "density_grid", 0);
    m->density_grid = side > 0 && side <= 256 ? (int)side : 0;
    m->density_side = m->density_grid < KL_TUI_DENSITY_MAX ? m->density_grid : KL_TUI_DENSITY_MAX;
    m->mix_node = KL_TUI_NONE;
    m->density_level = KL_TUI_NONE;
    const char *created = kl_bulk_meta(b, "created_at"), *backend = kl_bulk_meta(b, "backend");
    m->created_at = created ? kl_sanitize(created) : NULL;
    m->backend = backend ? kl_sanitize(backend) : NULL;
    m->facet_sources = kl_tui_facet_sources_text(kl_bulk_meta(b, "facet_sources"),
                                                 m->min_conversations);
    m->screen = kl_tui_screen_text(kl_bulk_meta(b, "screen"), kl_bulk_meta_int(b, "screened_in", 0),
                                   kl_bulk_meta_int(b, "screened_out", 0));
    m->suppressed_clusters = kl_bulk_meta_int(b, "suppressed_clusters", 0);
    m->suppressed_cells = kl_bulk_meta_int(b, "suppressed_cells", 0);
    /* A read error leaves no custom facets: the rest of the snapshot still shows. */
    kl_tui_custom_open(&m->custom, b);
    m->cap_nodes = 256;
    m->nodes = kl_calloc(m->cap_nodes, sizeof *m->nodes);
    m->n_nodes = 1;
    kl_tnode *root = &m->nodes[0];
    root->name = kl_strdup("All clusters");
    root->desc = kl_strdup("");
    root->level = -1;
    root->parent = KL_TUI_NONE;
    root->x = root->y = 0.5f;
    root->extent = 0.5f;
    hash_grow(m);
    kl_tui_model_load_kids(m, 0);
    root = &m->nodes[0];
    root->n_kids_expected = root->n_kids;

    if (kl_bulk_languages(b, &m->langs, &m->n_langs) != 0)
        return -1;
    /* The root is every conversation of the snapshot, not the sum of the clusters shown:
     * the top level's shares divide by it. */
    m->input_conversations = kl_bulk_meta_int(b, "input_conversations", 0);
    m->input_users = kl_bulk_meta_int(b, "input_users", 0);
    m->top_total = (kl_counts){0};
    for (uint32_t i = 0; i < root->n_kids; i++) {
        const kl_counts *c = &m->nodes[root->kids[i]].total;
        m->top_total.conversations = kl_sat_add64(m->top_total.conversations, c->conversations);
        m->top_total.refused = kl_sat_add64(m->top_total.refused, c->refused);
        m->top_total.concern_sum = kl_sat_add64(m->top_total.concern_sum, c->concern_sum);
    }
    root->total = kl_languages_total(m->langs, m->n_langs, NULL, m->input_conversations,
                                     m->input_users, &m->top_total);
    root->fig = root->total;
    m->lang_cells = kl_calloc(m->n_langs ? m->n_langs : 1, sizeof *m->lang_cells);
    m->selected = kl_calloc(m->n_langs ? m->n_langs : 1, sizeof *m->selected);
    m->sort_col = KL_COL_CONV;
    m->sort_desc = true;
    m->sort_gen = 1;
    m->filter_gen = 1;
    return m->failed ? -1 : 0;
}

void kl_tui_model_close(kl_tui_model *m)
{
    kl_tui_custom_close(&m->custom);
    for (size_t i = 0; i < m->n_nodes; i++) {
        free(m->nodes[i].name);
        free(m->nodes[i].desc);
        free(m->nodes[i].kids);
        free(m->nodes[i].series);
        free(m->nodes[i].density);
    }
    free(m->mix);
    free(m->created_at);
    free(m->backend);
    free(m->facet_sources);
    free(m->screen);
    free(m->nodes);
    free(m->hkeys);
    free(m->hvals);
    free(m->queue);
    if (m->lang_cells)
        for (size_t l = 0; l < m->n_langs; l++)
            free(m->lang_cells[l]);
    free(m->lang_cells);
    free(m->lang_partial);
    free(m->selected);
    kl_languages_free(m->langs, m->n_langs);
    kl_bulk_close(m->bulk);
    free(m->path);
    memset(m, 0, sizeof *m);
}

/* ---- filter ---- */

/* One cached cell into a sum, as kl_snapshot_slice adds a row: absent is an exact zero,
 * hidden makes the sum a lower bound. */
static void slice_add_cached(kl_slice *slice, const kl_cell32 *c)
{
    if (c->conv == KL_CELL_ABSENT) {
        kl_slice_add(slice, NULL);
    } else if (c->conv == KL_CELL_HIDDEN) {
        kl_slice_add(slice, &(kl_counts){.suppressed = true});
    } else {
        kl_counts cell = {.conversations = c->conv, .users = c->users, .refused = c->refused,
                          .concern_sum = c->concern};
        kl_slice_add(slice, &cell);
    }
}

void kl_tui_model_collect_langs(kl_tui_model *m)
{
    kl_tui_model_load_all(m);
    for (size_t l = 0; l < m->n_langs; l++)
        load_lang(m, l);
}

kl_counts kl_tui_model_lang_slice(const kl_tui_model *m, uint32_t node, size_t lang, bool others)
{
    kl_slice slice;
    kl_slice_init(&slice);
    for (size_t l = 0; l < m->n_langs; l++)
        if ((others ? l != lang : l == lang) && m->lang_cells[l] && node < m->n_nodes)
            slice_add_cached(&slice, &m->lang_cells[l][node]);
    return kl_slice_result(&slice);
}

void kl_tui_model_set_filter(kl_tui_model *m, const bool *sel)
{
    m->n_selected = 0;
    for (size_t l = 0; l < m->n_langs; l++) {
        m->selected[l] = sel[l];
        m->n_selected += sel[l];
    }
    m->filter_gen++;
    m->sort_gen++;
    kl_tnode *nodes = m->nodes;
    if (m->n_selected == 0) {
        for (size_t i = 0; i < m->n_nodes; i++)
            nodes[i].fig = nodes[i].total;
        return;
    }
    kl_tui_model_load_all(m);
    nodes = m->nodes;
    size_t *picked = kl_malloc(m->n_selected * sizeof *picked), ns = 0;
    for (size_t l = 0; l < m->n_langs; l++)
        if (m->selected[l]) {
            load_lang(m, l);
            picked[ns++] = l;
        }
    /* Each cluster sums its selected cells as kl_snapshot_slice does: a hidden cell makes
     * the sum a lower bound, never silently short. */
    for (size_t i = 1; i < m->n_nodes; i++) {
        kl_slice slice;
        kl_slice_init(&slice);
        for (size_t k = 0; k < ns; k++)
            slice_add_cached(&slice, &m->lang_cells[picked[k]][i]);
        nodes[i].fig = kl_slice_result(&slice);
    }
    free(picked);
    /* The top level's parent: the selected languages' total, hidden cells included. */
    nodes[0].fig = kl_languages_total(m->langs, m->n_langs, m->selected, m->input_conversations,
                                      m->input_users, &m->top_total);
}

void kl_tui_model_filter_label(const kl_tui_model *m, char *out, size_t n)
{
    if (m->n_selected == 0) {
        snprintf(out, n, "all languages");
        return;
    }
    size_t used = 0;
    out[0] = '\0';
    for (size_t l = 0; l < m->n_langs && used + 1 < n; l++) {
        if (!m->selected[l])
            continue;
        int w = snprintf(out + used, n - used, "%s%s", used ? "," : "", m->langs[l].code);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

/* ---- figures ---- */

const kl_counts *kl_tui_model_parent_fig(const kl_tui_model *m, uint32_t node)
{
    uint32_t p = m->nodes[node].parent;
    return &m->nodes[p == KL_TUI_NONE ? 0 : p].fig;
}

kl_fig kl_tui_model_share(const kl_tui_model *m, uint32_t node)
{
    return kl_fig_share(&m->nodes[node].fig, kl_tui_model_parent_fig(m, node));
}

bool kl_tui_model_empty(const kl_tui_model *m, uint32_t node)
{
    const kl_counts *f = &m->nodes[node].fig;
    return f->suppressed || f->conversations <= 0;
}

kl_fig kl_tui_model_hidden(const kl_tui_model *m, uint32_t node, int *hidden_clusters)
{
    const kl_tnode *nd = &m->nodes[node];
    if (hidden_clusters)
        *hidden_clusters = 0;
    if (!nd->kids_loaded || nd->n_kids == 0)
        return (kl_fig){KL_BOUND_HIDDEN, 0};
    kl_remainder r = {0};
    for (uint32_t k = 0; k < nd->n_kids; k++)
        kl_remainder_add(&r, &m->nodes[nd->kids[k]].fig);
    if (hidden_clusters)
        *hidden_clusters = r.hidden_clusters;
    return kl_remainder_fig(&r, &nd->fig);
}

/* ---- series ---- */

static void add_series(int32_t *acc, bool *hidden, const kl_time_point *all, size_t n_all,
                       const kl_time_point *pts, size_t n)
{
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        while (j < n_all && strcmp(all[j].bucket, pts[i].bucket) < 0)
            j++;
        if (j == n_all)
            break;
        if (strcmp(all[j].bucket, pts[i].bucket) != 0)
            continue;
        if (pts[i].suppressed) {
            hidden[j] = true;
            continue;
        }
        acc[j] = kl_sat_add32(acc[j] < 0 ? 0 : acc[j], clamp32(pts[i].conversations));
    }
}

static void compute_series(kl_tui_model *m, uint32_t node, int32_t *acc, size_t *n_out)
{
    kl_time_point all[KL_TUI_MAX_SERIES], pts[KL_TUI_MAX_SERIES];
    kl_tnode *nd = &m->nodes[node];
    *n_out = 0;
    if (node == 0) {
        /* The root has no row of its own: sum the top level bucket by bucket. */
        size_t n = 0;
        for (uint32_t k = 0; k < nd->n_kids; k++) {
            const int32_t *s;
            size_t ks = kl_tui_model_series(m, nd->kids[k], &s);
            nd = &m->nodes[node];
            for (size_t i = 0; i < ks && i < KL_TUI_MAX_SERIES; i++) {
                if (i >= n)
                    acc[n++] = -1;
                if (s[i] >= 0)
                    acc[i] = kl_sat_add32(acc[i] < 0 ? 0 : acc[i], s[i]);
            }
        }
        *n_out = n;
        return;
    }
    long n_all = kl_bulk_series(m->bulk, nd->id, KL_ALL_LANGS, all, KL_TUI_MAX_SERIES);
    if (n_all <= 0)
        return;
    bool hidden[KL_TUI_MAX_SERIES] = {false};
    for (long i = 0; i < n_all; i++)
        acc[i] = m->n_selected || all[i].suppressed ? -1 : clamp32(all[i].conversations);
    for (size_t l = 0; m->n_selected && l < m->n_langs; l++) {
        if (!m->selected[l])
            continue;
        long n = kl_bulk_series(m->bulk, nd->id, m->langs[l].code, pts, KL_TUI_MAX_SERIES);
        if (n > 0)
            add_series(acc, hidden, all, (size_t)n_all, pts, (size_t)n);
    }
    /* A bucket with a hidden language cell is a gap, not a short bar. */
    for (long i = 0; i < n_all; i++)
        if (hidden[i])
            acc[i] = -1;
    *n_out = (size_t)n_all;
}

size_t kl_tui_model_series(kl_tui_model *m, uint32_t node, const int32_t **out)
{
    kl_tnode *nd = &m->nodes[node];
    if (nd->series_gen != m->filter_gen) {
        int32_t acc[KL_TUI_MAX_SERIES];
        size_t n = 0;
        compute_series(m, node, acc, &n);
        nd = &m->nodes[node];
        free(nd->series);
        nd->series = n ? kl_malloc(n * sizeof *acc) : NULL;
        if (n)
            memcpy(nd->series, acc, n * sizeof *acc);
        nd->n_series = (uint8_t)n;
        nd->series_gen = m->filter_gen;
    }
    *out = nd->series;
    return nd->n_series;
}

static double growth_of(const int32_t *s, size_t n)
{
    size_t first = 0, last = n;
    while (first < n && s[first] <= 0)
        first++;
    while (last > first && s[last - 1] < 0)
        last--;
    if (first >= n || last <= first + 1)
        return NAN;
    return (double)s[last - 1] / (double)s[first] - 1.0;
}

double kl_tui_model_growth(kl_tui_model *m, uint32_t node)
{
    const int32_t *s;
    size_t n = kl_tui_model_series(m, node, &s);
    return growth_of(s, n);
}

size_t kl_tui_model_unreachable(const kl_tui_model *m)
{
    if (!kl_tui_model_fully_loaded(m) || m->total_clusters <= m->n_nodes - 1)
        return 0;
    return m->total_clusters - (m->n_nodes - 1);
}

size_t kl_tui_model_series_cached(const kl_tui_model *m, uint32_t node, const int32_t **out)
{
    const kl_tnode *nd = &m->nodes[node];
    *out = NULL;
    if (nd->series_gen != m->filter_gen)
        return 0;
    *out = nd->series;
    return nd->n_series;
}

double kl_tui_model_growth_cached(const kl_tui_model *m, uint32_t node)
{
    const int32_t *s;
    size_t n = kl_tui_model_series_cached(m, node, &s);
    return growth_of(s, n);
}

/* ---- sorting ---- */

static kl_tui_model *sort_model;

static int compare_kids(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    const kl_tnode *nx = &sort_model->nodes[x], *ny = &sort_model->nodes[y];
    if (nx->is_other != ny->is_other)
        return nx->is_other ? 1 : -1; /* the unnamed remainder always last */
    int r;
    if (sort_model->sort_col == KL_COL_NAME) {
        r = strcasecmp(nx->name, ny->name);
    } else {
        double vx = kl_tui_column_value(sort_model, x, sort_model->sort_col);
        double vy = kl_tui_column_value(sort_model, y, sort_model->sort_col);
        if (isnan(vx) != isnan(vy))
            return isnan(vx) ? 1 : -1; /* hidden rows last in both directions */
        r = isnan(vx) ? 0 : vx < vy ? -1 : vx > vy ? 1 : 0;
    }
    if (sort_model->sort_desc)
        r = -r;
    if (r == 0)
        r = nx->id < ny->id ? -1 : nx->id > ny->id;
    return r;
}

void kl_tui_model_set_sort(kl_tui_model *m, int col, bool desc)
{
    m->sort_col = col;
    m->sort_desc = desc;
    m->sort_gen++;
}

const uint32_t *kl_tui_model_kids(kl_tui_model *m, uint32_t node)
{
    kl_tnode *nd = &m->nodes[node];
    if (nd->sorted_gen != m->sort_gen && nd->n_kids > 1) {
        if (m->sort_col == KL_COL_TREND) /* fill the series caches before sorting */
            for (uint32_t i = 0; i < nd->n_kids; i++)
                (void)kl_tui_model_growth(m, m->nodes[node].kids[i]);
        nd = &m->nodes[node];
        sort_model = m;
        qsort(nd->kids, nd->n_kids, sizeof *nd->kids, compare_kids);
    }
    nd->sorted_gen = m->sort_gen;
    return nd->kids;
}

/* ---- search ---- */

static size_t preorder(kl_tui_model *m, uint32_t node, uint32_t *out, size_t n)
{
    const uint32_t *kids = kl_tui_model_kids(m, node);
    uint32_t nk = m->nodes[node].n_kids;
    for (uint32_t i = 0; i < nk; i++) {
        out[n++] = kids[i];
        n = preorder(m, kids[i], out, n);
        kids = m->nodes[node].kids;
    }
    return n;
}

uint32_t kl_tui_model_search(kl_tui_model *m, const char *query, uint32_t from, int dir)
{
    if (!query || !*query)
        return KL_TUI_NONE;
    kl_tui_model_load_all(m);
    size_t total = m->n_nodes - 1;
    if (total == 0)
        return KL_TUI_NONE;
    uint32_t *order = kl_malloc(total * sizeof *order);
    size_t n = preorder(m, 0, order, 0);
    size_t pos = n; /* "before the first" when from is not in the order */
    for (size_t i = 0; i < n; i++)
        if (order[i] == from)
            pos = i;
    uint32_t found = KL_TUI_NONE;
    for (size_t step = 1; step <= n; step++) {
        size_t i;
        if (dir >= 0)
            i = pos == n ? step - 1 : (pos + step) % n;
        else
            i = pos == n ? n - step : (pos + n - step) % n;
        const kl_tnode *nd = &m->nodes[order[i]];
        if (strcasestr(nd->name, query) || strcasestr(nd->desc, query)) {
            found = order[i];
            break;
        }
    }
    free(order);
    return found;
}
