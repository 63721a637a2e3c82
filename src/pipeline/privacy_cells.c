/* privacy_cells.c — the published cells of a run (cluster x language, cluster x language
 * slot x month, language totals), the relations a reader can form between them, and their
 * suppression (kl_sdc_protect); writes run_pub_lang, run_pub_time and run_pub_languages. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/snapshot.h"
#include "kleio/suppress.h"
#include "run_internal.h"

struct cell {
    uint64_t key;
    int64_t conversations, units, users, refused, concern_sum;
};

static int cmp_cell(const void *a, const void *b)
{
    const struct cell *x = a, *y = b;
    return (x->key > y->key) - (x->key < y->key);
}

/* Accumulates figures of (key, row) pairs into cells, units and users distinct. */
struct cell_builder { kl_pair *units, *users; struct cell *rows; size_t n, cap; };

static void cell_add(struct cell_builder *b, uint64_t key, run_ctx *c, size_t i)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 1024;
        b->units = kl_reallocarray(b->units, b->cap, sizeof *b->units);
        b->users = kl_reallocarray(b->users, b->cap, sizeof *b->users);
        b->rows = kl_reallocarray(b->rows, b->cap, sizeof *b->rows);
    }
    b->units[b->n] = (kl_pair){key, c->unit[c->user[i]]};
    b->users[b->n] = (kl_pair){key, c->user[i]};
    b->rows[b->n] = (struct cell){key, 1, 0, 0, c->refused[i] != 0, c->concern[i]};
    b->n++;
}

struct cell_list { struct cell *cells; size_t n; size_t at; int users; };

static void cell_distinct(uint64_t key, size_t distinct, size_t rows, void *ctx)
{
    (void)rows;
    struct cell_list *l = ctx;
    while (l->at < l->n && l->cells[l->at].key < key)
        l->at++;
    if (l->at < l->n && l->cells[l->at].key == key) {
        if (l->users)
            l->cells[l->at].users = (int64_t)distinct;
        else
            l->cells[l->at].units = (int64_t)distinct;
    }
}

/* Collapses the builder into one cell per key; returns them sorted by key. */
static struct cell *cell_finish(struct cell_builder *b, size_t *n_out)
{
    if (b->n > 1)   /* qsort must not see the NULL of an empty builder */
        qsort(b->rows, b->n, sizeof *b->rows, cmp_cell);
    size_t m = 0;
    for (size_t i = 0; i < b->n; i++) {
        if (m > 0 && b->rows[m - 1].key == b->rows[i].key) {
            b->rows[m - 1].conversations += b->rows[i].conversations;
            b->rows[m - 1].refused += b->rows[i].refused;
            b->rows[m - 1].concern_sum += b->rows[i].concern_sum;
        } else {
            b->rows[m++] = b->rows[i];
        }
    }
    struct cell_list l = {b->rows, m, 0, 0};
    kl_pairs_count(b->units, b->n, cell_distinct, &l);
    l.at = 0;
    l.users = 1;
    kl_pairs_count(b->users, b->n, cell_distinct, &l);
    free(b->units);
    free(b->users);
    *n_out = m;
    return b->rows;
}


static void bind_figures(sqlite3_stmt *st, int first, const struct cell *cl, bool users)
{
    sqlite3_bind_int64(st, first, cl->conversations);
    int i = first + 1;
    if (users)
        sqlite3_bind_int64(st, i++, cl->users);
    sqlite3_bind_int64(st, i++, cl->refused);
    if (users)
        sqlite3_bind_int64(st, i, cl->concern_sum);
}



/* ---- relations ---- */

/* The first cell whose key is not below key. */
static size_t lower_bound(const struct cell *cells, size_t n, uint64_t key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cells[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static size_t find_cell(const struct cell *cells, size_t n, uint64_t key)
{
    size_t k = lower_bound(cells, n, key);
    return k < n && cells[k].key == key ? k : SIZE_MAX;
}

struct parts { uint32_t *v; size_t n, cap; };

static void parts_push(struct parts *p, uint32_t x)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 64;
        p->v = kl_reallocarray(p->v, p->cap, sizeof *p->v);
    }
    p->v[p->n++] = x;
}

/* Everything kl_sdc needs: the cells, where each landed, and the published tree's shape. */
struct cells {
    const run_pub_tree *pt;
    struct cell *cl, *ct, *cg;       /* node<<16|lang; node<<32|slot<<20|month; lang */
    size_t nl, nt, ng;
    uint32_t *of_l, *of_t, *of_g, *of_node;
    size_t *kid_off;                  /* live children of each node, and of the root (n_nodes) */
    long *kids;
    kl_sdc_table *sdc;
};

/* total = Σ parts, where the parts are the cells `key_of(child)` that exist in cells[]. */
static void relate_children(struct cells *x, uint32_t total, const struct cell *cells, size_t n,
                            const uint32_t *of, long node, uint64_t key_rest, int shift,
                            struct parts *p)
{
    size_t slot = node < 0 ? x->pt->n_nodes : (size_t)node;
    p->n = 0;
    for (size_t k = x->kid_off[slot]; k < x->kid_off[slot + 1]; k++) {
        size_t j = find_cell(cells, n, (uint64_t)x->kids[k] << shift | key_rest);
        if (j != SIZE_MAX)
            parts_push(p, of[j]);
    }
    kl_sdc_add_relation(x->sdc, total, p->v, p->n);
}

static void build_relations(struct cells *x)
{
    const run_pub_tree *pt = x->pt;
    struct parts p = {0};
    kl_sdc_table *t = x->sdc;
    /* A node's total is the sum of its languages; the input total, of the languages'. */
    for (size_t j = 0; j < x->nl;) {
        size_t e = j;
        p.n = 0;
        while (e < x->nl && x->cl[e].key >> 16 == x->cl[j].key >> 16)
            parts_push(&p, x->of_l[e++]);
        kl_sdc_add_relation(t, x->of_node[x->cl[j].key >> 16], p.v, p.n);
        j = e;
    }
    p.n = 0;
    for (size_t j = 0; j < x->ng; j++)
        parts_push(&p, x->of_g[j]);
    kl_sdc_add_relation(t, x->of_node[pt->n_nodes], p.v, p.n);
    /* A parent's language cell is the sum of its children's; a language's total, the sum
     * of the top-level clusters' cells. */
    for (size_t j = 0; j < x->nl; j++) {
        long nd = (long)(x->cl[j].key >> 16);
        if (x->kid_off[nd + 1] > x->kid_off[nd])
            relate_children(x, x->of_l[j], x->cl, x->nl, x->of_l, nd, x->cl[j].key & 0xffff, 16, &p);
    }
    for (size_t j = 0; j < x->ng; j++)
        relate_children(x, x->of_g[j], x->cl, x->nl, x->of_l, -1, x->cg[j].key, 16, &p);
    /* A cell is the sum of its months, short by the rows without a timestamp (which the
     * reader is assumed to know: a cell the check need not hide). */
    for (size_t j = 0; j < x->nt;) {
        uint64_t group = x->ct[j].key >> 20;
        long nd = (long)(group >> 12);
        unsigned slot = (unsigned)(group & 0xfff);
        uint32_t total;
        if (slot == 0) {
            total = x->of_node[nd];
        } else {
            size_t k = find_cell(x->cl, x->nl, (uint64_t)nd << 16 | (slot - 1));
            total = x->of_l[k];
        }
        const kl_sdc_cell *tc = kl_sdc_cell_at(t, total);
        int64_t conv = tc->conversations, ref = tc->refused, con = tc->concern_sum;
        size_t e = j;
        p.n = 0;
        while (e < x->nt && x->ct[e].key >> 20 == group) {
            conv -= x->ct[e].conversations;
            ref -= x->ct[e].refused;
            con -= x->ct[e].concern_sum;
            parts_push(&p, x->of_t[e++]);
        }
        if (conv > 0)
            parts_push(&p, kl_sdc_add_cell(t, conv, 0, ref, con, KL_SDC_KNOWN));
        kl_sdc_add_relation(t, total, p.v, p.n);
        j = e;
    }
    for (size_t j = 0; j < x->nt; j++) {
        uint64_t key = x->ct[j].key;
        long nd = (long)(key >> 32);
        unsigned slot = (unsigned)(key >> 20) & 0xfff;
        uint64_t m = key & 0xfffff;
        /* A month of all languages is the sum of the languages' months. */
        if (slot == 0) {
            p.n = 0;
            for (size_t b = lower_bound(x->cl, x->nl, (uint64_t)nd << 16); b < x->nl && (long)(x->cl[b].key >> 16) == nd; b++) {
                size_t lang = x->cl[b].key & 0xffff;
                size_t k = find_cell(x->ct, x->nt, (uint64_t)nd << 32 | (uint64_t)(lang + 1) << 20 | m);
                if (k != SIZE_MAX)
                    parts_push(&p, x->of_t[k]);
            }
            kl_sdc_add_relation(t, x->of_t[j], p.v, p.n);
        }
        /* A parent's month is the sum of its children's. */
        if (x->kid_off[nd + 1] > x->kid_off[nd])
            relate_children(x, x->of_t[j], x->ct, x->nt, x->of_t, nd, key & 0xffffffffu, 32, &p);
    }
    free(p.v);
}

static enum kl_sdc_method method_from_env(void)
{
    const char *m = getenv("KLEIO_SUPPRESSION_METHOD");
    return m && strcmp(m, "smallest-sibling") == 0 ? KL_SDC_SMALLEST_SIBLING : KL_SDC_AUDITED;
}

/* Live children of every node, and of the root (slot n_nodes), in node order. */
static void index_children(struct cells *x)
{
    const run_pub_tree *pt = x->pt;
    size_t n = pt->n_nodes;
    x->kid_off = kl_calloc(n + 3, sizeof *x->kid_off);
    for (size_t k = 0; k < n; k++)
        if (pt->live[k])
            x->kid_off[(pt->parent[k] < 0 ? n : (size_t)pt->parent[k]) + 2]++;
    for (size_t k = 2; k < n + 3; k++)
        x->kid_off[k] += x->kid_off[k - 1];
    x->kids = kl_malloc((n + 1) * sizeof *x->kids);
    for (size_t k = 0; k < n; k++)
        if (pt->live[k])
            x->kids[x->kid_off[(pt->parent[k] < 0 ? n : (size_t)pt->parent[k]) + 1]++] = (long)k;
}

static uint32_t *add_cells(kl_sdc_table *t, const struct cell *cells, size_t n,
                           enum kl_sdc_role role)
{
    uint32_t *of = kl_malloc((n + 1) * sizeof *of);
    for (size_t j = 0; j < n; j++)
        of[j] = kl_sdc_add_cell(t, cells[j].conversations, cells[j].units, cells[j].refused,
                                cells[j].concern_sum, role);
    return of;
}

/* The all-language totals of every node and of the input: always published (a cluster's
 * row carries them), the sums of the node's language cells. */
static void add_totals(struct cells *x)
{
    size_t n = x->pt->n_nodes;
    int64_t (*sum)[3] = kl_calloc(n + 1, sizeof *sum);
    for (size_t j = 0; j < x->nl; j++) {
        size_t nd = (size_t)(x->cl[j].key >> 16);
        sum[nd][0] += x->cl[j].conversations;
        sum[nd][1] += x->cl[j].refused;
        sum[nd][2] += x->cl[j].concern_sum;
    }
    for (size_t j = 0; j < x->ng; j++) {
        sum[n][0] += x->cg[j].conversations;
        sum[n][1] += x->cg[j].refused;
        sum[n][2] += x->cg[j].concern_sum;
    }
    x->of_node = kl_malloc((n + 1) * sizeof *x->of_node);
    for (size_t k = 0; k <= n; k++)
        x->of_node[k] = sum[k][0] > 0 ? kl_sdc_add_cell(x->sdc, sum[k][0], 0, sum[k][1], sum[k][2],
                                                          KL_SDC_KEEP)
                                      : UINT32_MAX;
    free(sum);
}

/* The languages as published: a language whose total is below the thresholds is counted
 * as undetermined ("und") when that lets "und" pass, so that a handful of conversations in
 * a rare language does not force its neighbours' totals into hiding (a relation with one
 * tiny part can only be covered by hiding large ones). */
struct lang_map {
    uint16_t *of_row;          /* published language of each row */
    const char **code, **name; /* per published language index */
    size_t merged;             /* languages counted as "und" */
};

struct lang_count { int64_t *rows, *units; };

static void store_lang_count(uint64_t key, size_t distinct, size_t rows, void *ctx)
{
    struct lang_count *k = ctx;
    k->rows[key] = (int64_t)rows;
    k->units[key] = (int64_t)distinct;
}

static void map_languages(run_ctx *c, const kl_thresholds *th, struct lang_map *lm)
{
    size_t nl = c->n_langs;
    lm->of_row = kl_malloc((c->n + 1) * sizeof *lm->of_row);
    lm->code = kl_calloc(nl + 2, sizeof *lm->code);
    lm->name = kl_calloc(nl + 2, sizeof *lm->name);
    lm->merged = 0;
    size_t und = nl;
    for (size_t l = 0; l < nl; l++) {
        lm->code[l] = c->langs[l].code;
        lm->name[l] = c->langs[l].name;
        if (strcmp(c->langs[l].code, "und") == 0)
            und = l;
    }
    lm->code[nl] = "und";
    lm->name[nl] = "Undetermined";
    for (size_t i = 0; i < c->n; i++)
        lm->of_row[i] = c->lang[i];
    kl_pair *pairs = kl_malloc((c->n + 1) * sizeof *pairs);
    for (size_t i = 0; i < c->n; i++)
        pairs[i] = (kl_pair){c->lang[i], c->unit[c->user[i]]};
    struct lang_count k = {kl_calloc(nl + 1, sizeof *k.rows), kl_calloc(nl + 1, sizeof *k.units)};
    kl_pairs_count(pairs, c->n, store_lang_count, &k);
    bool *rare = kl_calloc(nl + 1, sizeof *rare);
    size_t n_rare = 0;
    for (size_t l = 0; l < nl; l++)
        if (l != und && k.rows[l] > 0 && !kl_privacy_passes(th, k.units[l], k.rows[l])) {
            rare[l] = true;
            n_rare++;
        }
    if (n_rare > 0) {
        /* Distinct units of "und" with the rare languages in it. */
        size_t m = 0;
        int64_t rows = 0;
        for (size_t i = 0; i < c->n; i++)
            if (rare[c->lang[i]] || c->lang[i] == und) {
                pairs[m++] = (kl_pair){0, c->unit[c->user[i]]};
                rows++;
            }
        int64_t units[1] = {0}, cnt[1] = {0};
        struct lang_count one = {cnt, units};
        kl_pairs_count(pairs, m, store_lang_count, &one);
        if (kl_privacy_passes(th, units[0], rows)) {
            for (size_t i = 0; i < c->n; i++)
                if (rare[c->lang[i]])
                    lm->of_row[i] = (uint16_t)und;
            lm->merged = n_rare;
        }
    }
    free(rare);
    free(k.rows);
    free(k.units);
    free(pairs);
}

static bool published(const struct cells *x, const uint32_t *of, size_t j)
{
    return kl_sdc_cell_at(x->sdc, of[j])->state == KL_SDC_PUBLISHED;
}

static int write_rows(struct cells *x, run_ctx *c, const struct lang_map *lm, int32_t m0)
{
    sqlite3 *db = c->db;
    const run_pub_tree *pt = x->pt;
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, "INSERT INTO run_pub_lang(cluster_id, lang, suppressed,"
                                    " conversations, users, refused, concern_sum)"
                                    " VALUES(?1,?2,?3,?4,?5,?6,?7)", -1, &st, NULL) == SQLITE_OK ? 0 : -1;
    for (size_t j = 0; j < x->nl && rc == 0; j++) {
        bool pass = published(x, x->of_l, j);
        sqlite3_bind_int64(st, 1, pt->id[x->cl[j].key >> 16]);
        sqlite3_bind_text(st, 2, lm->code[x->cl[j].key & 0xffff], -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, !pass);
        if (pass)
            bind_figures(st, 4, &x->cl[j], true);
        rc = run_exec_bind(st);
    }
    /* NULL after each finalize: a failed insert skips the next prepare, and finalizing the
     * same statement twice crashed a run on a full disk (tests/e2e/test_faults.sh). */
    sqlite3_finalize(st);
    st = NULL;
    if (rc == 0)
        rc = sqlite3_prepare_v2(db, "INSERT INTO run_pub_time(cluster_id, lang, bucket, suppressed,"
                                    " conversations, refused) VALUES(?1,?2,?3,?4,?5,?6)",
                                -1, &st, NULL) == SQLITE_OK ? 0 : -1;
    for (size_t j = 0; j < x->nt && rc == 0; j++) {
        unsigned slot = (unsigned)(x->ct[j].key >> 20) & 0xfff;
        int32_t m = (int32_t)(x->ct[j].key & 0xfffff) + m0;
        char bucket[32];
        snprintf(bucket, sizeof bucket, "%04d-%02d-01", (int)(m / 12), (int)(m % 12 + 1));
        bool pass = published(x, x->of_t, j);
        sqlite3_bind_int64(st, 1, pt->id[x->ct[j].key >> 32]);
        sqlite3_bind_text(st, 2, slot ? lm->code[slot - 1] : KL_ALL_LANGS, -1, SQLITE_STATIC);
        /* Static: bucket outlives the step and the reset below, and the copy SQLite made
         * of it could fail, leaving NULL ("NOT NULL constraint failed" on out of memory). */
        sqlite3_bind_text(st, 3, bucket, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 4, !pass);
        if (pass)
            bind_figures(st, 5, &x->ct[j], false);
        rc = run_exec_bind(st);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (rc == 0)
        rc = sqlite3_prepare_v2(db, "INSERT INTO run_pub_languages(code, name, suppressed,"
                                    " conversations, users, refused, concern_sum)"
                                    " VALUES(?1,?2,?3,?4,?5,?6,?7)", -1, &st, NULL) == SQLITE_OK ? 0 : -1;
    for (size_t j = 0; j < x->ng && rc == 0; j++) {
        size_t lg = (size_t)x->cg[j].key;
        bool pass = published(x, x->of_g, j);
        sqlite3_bind_text(st, 1, lm->code[lg], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, lm->name[lg], -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, !pass);
        if (pass)
            bind_figures(st, 4, &x->cg[j], true);
        rc = run_exec_bind(st);
    }
    sqlite3_finalize(st);
    return rc;
}

int run_privacy_cells(run_ctx *c, const run_pub_tree *pt, const kl_thresholds *th,
                      kl_sdc_report *rep, size_t *merged_languages)
{
    struct lang_map lm;
    map_languages(c, th, &lm);
    const uint16_t *lang = lm.of_row;
    size_t L = pt->levels;
    /* Per node and language, and per node, language slot (0 = all) and month. */
    struct cell_builder bl = {0}, bt = {0}, bg = {0};
    int32_t m0 = INT32_MAX;
    for (size_t i = 0; i < c->n; i++)
        if (pt->month[i] >= 0 && pt->month[i] < m0)
            m0 = pt->month[i];
    for (size_t i = 0; i < c->n; i++) {
        cell_add(&bg, lang[i], c, i);
        for (size_t s = 0; s < L; s++) {
            long nd = pt->member[i * L + s];
            if (nd < 0 || !pt->live[nd])
                continue;
            uint64_t node = (uint64_t)nd;
            cell_add(&bl, node << 16 | lang[i], c, i);
            if (pt->month[i] >= 0) {
                uint64_t m = (uint64_t)(pt->month[i] - m0);
                cell_add(&bt, node << 32 | 0u << 20 | m, c, i);
                cell_add(&bt, node << 32 | (uint64_t)(lang[i] + 1) << 20 | m, c, i);
            }
        }
    }
    struct cells x = {.pt = pt};
    x.cl = cell_finish(&bl, &x.nl);
    x.ct = cell_finish(&bt, &x.nt);
    x.cg = cell_finish(&bg, &x.ng);
    x.sdc = kl_sdc_new();
    index_children(&x);
    add_totals(&x);
    x.of_l = add_cells(x.sdc, x.cl, x.nl, KL_SDC_FREE);
    x.of_t = add_cells(x.sdc, x.ct, x.nt, KL_SDC_FREE);
    x.of_g = add_cells(x.sdc, x.cg, x.ng, KL_SDC_FREE);
    build_relations(&x);
    run_custom_cells *cc = run_custom_cells_add(c, pt, x.sdc, x.of_node, x.kid_off, x.kids);
    int rc = cc ? kl_sdc_protect(x.sdc, th, method_from_env(), rep) : -1;
    if (rc != 0 && cc)
        kl_error("privacy: the published cells do not add up; nothing was published");
    else if (rc == 0)
        rc = write_rows(&x, c, &lm, m0);
    size_t csup = 0, ccells = 0;
    if (rc == 0)
        rc = run_custom_cells_write(cc, c, pt, x.sdc, &csup, &ccells);
    if (rc == 0 && ccells)
        kl_info("privacy: custom facets: %zu of %zu cells suppressed", csup, ccells);
    run_custom_cells_free(cc);
    *merged_languages = lm.merged;
    kl_sdc_free(x.sdc);
    free(x.of_l);
    free(x.of_t);
    free(x.of_g);
    free(x.of_node);
    free(x.kid_off);
    free(x.kids);
    free(x.cl);
    free(x.ct);
    free(x.cg);
    free(lm.of_row);
    free(lm.code);
    free(lm.name);
    return rc;
}
