/* privacy_custom.c — the published cells of custom facets (kleio-privacy(7), "Custom
 * facets"): per published cluster, a choice facet's conversations per value and the
 * unanswered ones; a number facet's answered and unanswered conversations, and the mean
 * and its 95% interval where the answered cell is published. The cells join the run's one
 * disclosure-control table with the relations a reader can form:
 *   cluster total = Σ values + unanswered     (per facet)
 *   parent's value cell = Σ children's         (per facet and value)
 * so that the built-in attacker checks them together with the language and month cells.
 * Text facets publish nothing. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/custom_facets.h"
#include "kleio/mem.h"
#include "kleio/rng.h"
#include "kleio/snapshot_meta.h"
#include "kleio/suppress.h"
#include "kleio/workdb.h"
#include "run_internal.h"

/* Per published facet: slots 0..n_values-1 the values, n_values the unanswered (a number:
 * slot 0 answered, slot 1 unanswered). */
struct pfacet {
    const kl_custom_facet *f;
    size_t slots;
    int16_t *slot_of_row;       /* row -> slot */
    double *x;                  /* number: row -> value (NAN unanswered) */
    uint32_t *of;               /* node * slots + slot -> sdc cell, UINT32_MAX none */
    int64_t *conv;              /* node * slots + slot -> conversations */
    double *sum, *sumsq;        /* number: node -> over the answered rows */
};

struct run_custom_cells {
    struct pfacet *pf;
    size_t n;
};

static bool published_type(enum kl_custom_type t)
{
    return t == KL_CUSTOM_CHOICE || t == KL_CUSTOM_NUMBER;
}

/* Reads every row's value of every published facet; rows without one are unanswered. */
static int load_values(run_ctx *c, struct pfacet *pf, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        pf[k].slot_of_row = kl_malloc((c->n + 1) * sizeof *pf[k].slot_of_row);
        for (size_t i = 0; i < c->n; i++)
            pf[k].slot_of_row[i] = (int16_t)(pf[k].slots - 1);
        if (pf[k].f->type == KL_CUSTOM_NUMBER) {
            pf[k].x = kl_malloc((c->n + 1) * sizeof *pf[k].x);
            for (size_t i = 0; i < c->n; i++)
                pf[k].x[i] = NAN;
        }
    }
    sqlite3_stmt *st;
    if (kl_db_exec(c->db, kl_custom_schema_sql) != 0 ||
        sqlite3_prepare_v2(c->db, "SELECT conv, facet, value, number FROM custom_facet_values", -1,
                           &st, NULL) != SQLITE_OK) {
        kl_error("%s: reading custom facets: %s", c->p->work, sqlite3_errmsg(c->db));
        return -1;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long row = run_row_of(c, sqlite3_column_int64(st, 0));
        const char *facet = (const char *)sqlite3_column_text(st, 1);
        if (row < 0 || !facet)
            continue;
        for (size_t k = 0; k < n; k++) {
            if (strcmp(pf[k].f->name, facet) != 0)
                continue;
            if (pf[k].f->type == KL_CUSTOM_CHOICE) {
                const char *v = (const char *)sqlite3_column_text(st, 2);
                for (size_t s = 0; v && s < pf[k].f->n_values; s++)
                    if (strcmp(pf[k].f->values[s], v) == 0)
                        pf[k].slot_of_row[row] = (int16_t)s;
            } else if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
                double x = sqlite3_column_double(st, 3);
                if (isfinite(x) && x >= pf[k].f->lo && x <= pf[k].f->hi) {
                    pf[k].slot_of_row[row] = 0;
                    pf[k].x[row] = x;
                }
            }
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        kl_error("%s: reading custom facets: %s", c->p->work, sqlite3_errmsg(c->db));
        return -1;
    }
    return 0;
}

static void count_units(uint64_t key, size_t distinct, size_t rows, void *ctx)
{
    (void)rows;
    ((int64_t *)ctx)[key] = (int64_t)distinct;
}

/* Counts the cells of one facet over the published nodes and adds them and their
 * relations to t. */
static void add_facet(run_ctx *c, const run_pub_tree *pt, kl_sdc_table *t, const uint32_t *of_node,
                      const size_t *kid_off, const long *kids, struct pfacet *p)
{
    size_t L = pt->levels, S = p->slots, R = pt->n_nodes, N = (R + 1) * S;
    p->conv = kl_calloc(N + 1, sizeof *p->conv);
    int64_t *ref = kl_calloc(N + 1, sizeof *ref), *con = kl_calloc(N + 1, sizeof *con);
    int64_t *units = kl_calloc(N + 1, sizeof *units);
    if (p->f->type == KL_CUSTOM_NUMBER) {
        p->sum = kl_calloc(R + 1, sizeof *p->sum);
        p->sumsq = kl_calloc(R + 1, sizeof *p->sumsq);
    }
    size_t np = 0, cap = 1024;
    kl_pair *pairs = kl_malloc(cap * sizeof *pairs);
    for (size_t i = 0; i < c->n; i++)
        for (size_t s = 0; s <= L; s++) {
            /* s == L: the root, the whole input (as the languages table is for languages) */
            long nd = s == L ? (long)R : pt->member[i * L + s];
            if (nd < 0 || (s < L && !pt->live[nd]))
                continue;
            size_t cell = (size_t)nd * S + (size_t)p->slot_of_row[i];
            p->conv[cell]++;
            ref[cell] += c->refused[i] != 0;
            con[cell] += c->concern[i];
            if (p->sum && p->slot_of_row[i] == 0) {
                p->sum[nd] += p->x[i];
                p->sumsq[nd] += p->x[i] * p->x[i];
            }
            if (np == cap)
                pairs = kl_reallocarray(pairs, cap *= 2, sizeof *pairs);
            pairs[np++] = (kl_pair){cell, c->unit[c->user[i]]};
        }
    kl_pairs_count(pairs, np, count_units, units);
    free(pairs);
    /* The cells carry the rows' refused and concern sums although only conversations are
     * published: the relations then hold for every figure the attacker bounds, and what it
     * protects is a superset of what is shown. */
    p->of = kl_malloc((N + 1) * sizeof *p->of);
    for (size_t j = 0; j < N; j++)
        p->of[j] = p->conv[j] > 0 ? kl_sdc_add_cell(t, p->conv[j], units[j], ref[j], con[j], KL_SDC_FREE)
                                  : UINT32_MAX;
    free(ref);
    free(con);
    free(units);
    uint32_t *parts = kl_malloc((R + S + 1) * sizeof *parts);   /* any node's children, or its slots */
    for (size_t nd = 0; nd <= R; nd++) {
        if ((nd < R && !pt->live[nd]) || of_node[nd] == UINT32_MAX)
            continue;
        size_t m = 0;
        for (size_t s = 0; s < S; s++)
            if (p->of[nd * S + s] != UINT32_MAX)
                parts[m++] = p->of[nd * S + s];
        kl_sdc_add_relation(t, of_node[nd], parts, m);
    }
    /* A parent's cell is the sum of its live children's (they partition it, as for the
     * language cells). */
    for (size_t nd = 0; nd <= R; nd++) {
        if ((nd < R && !pt->live[nd]) || kid_off[nd + 1] == kid_off[nd])
            continue;
        for (size_t s = 0; s < S; s++) {
            uint32_t total = p->of[nd * S + s];
            if (total == UINT32_MAX)
                continue;
            size_t m = 0;
            for (size_t k = kid_off[nd]; k < kid_off[nd + 1]; k++)
                if (p->of[(size_t)kids[k] * S + s] != UINT32_MAX)
                    parts[m++] = p->of[(size_t)kids[k] * S + s];
            kl_sdc_add_relation(t, total, parts, m);
        }
    }
    free(parts);
}

run_custom_cells *run_custom_cells_add(run_ctx *c, const run_pub_tree *pt, kl_sdc_table *t,
                                       const uint32_t *of_node, const size_t *kid_off,
                                       const long *kids)
{
    run_custom_cells *cc = kl_calloc(1, sizeof *cc);
    cc->pf = kl_calloc(KL_CUSTOM_MAX_FACETS, sizeof *cc->pf);
    for (size_t k = 0; k < c->custom.n; k++) {
        const kl_custom_facet *f = &c->custom.f[k];
        if (!published_type(f->type))
            continue;
        struct pfacet *p = &cc->pf[cc->n++];
        p->f = f;
        p->slots = f->type == KL_CUSTOM_CHOICE ? f->n_values + 1 : 2;
    }
    if (cc->n && load_values(c, cc->pf, cc->n) != 0) {
        run_custom_cells_free(cc);
        return NULL;
    }
    for (size_t k = 0; k < cc->n; k++)
        add_facet(c, pt, t, of_node, kid_off, kids, &cc->pf[k]);
    return cc;
}

static const char write_sql[] =
    "INSERT INTO run_pub_custom(cluster_id, facet, value, suppressed, conversations)"
    " VALUES(?1,?2,?3,?4,?5)";
static const char mean_sql[] =
    "INSERT INTO run_pub_custom_mean(cluster_id, facet, answered, mean, ci) VALUES(?1,?2,?3,?4,?5)";
static const char def_sql[] =
    "INSERT INTO run_pub_custom_facets(name, pos, type, question, spec) VALUES(?1,?2,?3,?4,?5)";

int run_custom_cells_write(run_custom_cells *cc, run_ctx *c, const run_pub_tree *pt,
                           const kl_sdc_table *t, size_t *suppressed, size_t *cells)
{
    sqlite3 *db = c->db;
    *suppressed = *cells = 0;
    if (kl_db_exec(db, "DELETE FROM run_pub_custom; DELETE FROM run_pub_custom_mean;"
                       " DELETE FROM run_pub_custom_facets;") != 0)
        return -1;
    sqlite3_stmt *w = NULL, *m = NULL, *d = NULL;
    int rc = sqlite3_prepare_v2(db, write_sql, -1, &w, NULL) == SQLITE_OK &&
             sqlite3_prepare_v2(db, mean_sql, -1, &m, NULL) == SQLITE_OK &&
             sqlite3_prepare_v2(db, def_sql, -1, &d, NULL) == SQLITE_OK ? 0 : -1;
    for (size_t k = 0; rc == 0 && k < cc->n; k++) {
        const struct pfacet *p = &cc->pf[k];
        char *spec = kl_custom_spec(p->f);
        /* The published spec is the values or range only: the question has its own column. */
        char *q = strrchr(spec, '|');
        if (q)
            *q = 0;
        sqlite3_bind_text(d, 1, p->f->name, -1, SQLITE_STATIC);
        sqlite3_bind_int(d, 2, (int)k);
        sqlite3_bind_text(d, 3, kl_custom_type_name(p->f->type), -1, SQLITE_STATIC);
        sqlite3_bind_text(d, 4, p->f->question, -1, SQLITE_STATIC);
        sqlite3_bind_text(d, 5, strchr(spec, '|') ? strchr(spec, '|') + 1 : "", -1, SQLITE_TRANSIENT);
        rc = run_exec_bind(d);
        free(spec);
        size_t S = p->slots;
        for (size_t nd = 0; rc == 0 && nd <= pt->n_nodes; nd++) {
            bool root = nd == pt->n_nodes;   /* written as cluster 0: the snapshot's custom_totals */
            if (!root && !pt->live[nd])
                continue;
            for (size_t s = 0; rc == 0 && s < S; s++) {
                uint32_t at = p->of[nd * S + s];
                if (at == UINT32_MAX)
                    continue;   /* no conversation: no row (a reader reads a missing value as 0) */
                bool pass = kl_sdc_cell_at(t, at)->state == KL_SDC_PUBLISHED;
                (*cells)++;
                *suppressed += !pass;
                const char *value = s + 1 == S ? "" : p->f->type == KL_CUSTOM_CHOICE
                                                      ? p->f->values[s] : "answered";
                sqlite3_bind_int64(w, 1, root ? 0 : pt->id[nd]);
                sqlite3_bind_text(w, 2, p->f->name, -1, SQLITE_STATIC);
                sqlite3_bind_text(w, 3, value, -1, SQLITE_STATIC);
                sqlite3_bind_int(w, 4, !pass);
                if (pass)
                    sqlite3_bind_int64(w, 5, p->conv[nd * S + s]);
                rc = run_exec_bind(w);
                /* The mean only where its count is published: the sums follow the same
                 * relations as the counts, so a hidden sum could only be derived where the
                 * hidden count could (kleio-privacy(7)). */
                if (rc == 0 && pass && p->sum && s == 0 && !root) {
                    double n = (double)p->conv[nd * S];
                    double mean = p->sum[nd] / n;
                    double var = n > 1 ? (p->sumsq[nd] - n * mean * mean) / (n - 1) : 0;
                    sqlite3_bind_int64(m, 1, pt->id[nd]);
                    sqlite3_bind_text(m, 2, p->f->name, -1, SQLITE_STATIC);
                    sqlite3_bind_int64(m, 3, p->conv[nd * S]);
                    sqlite3_bind_double(m, 4, mean);
                    sqlite3_bind_double(m, 5, 1.96 * sqrt(var > 0 ? var : 0) / sqrt(n));
                    rc = run_exec_bind(m);
                }
            }
        }
    }
    sqlite3_finalize(w);
    sqlite3_finalize(m);
    sqlite3_finalize(d);
    if (rc == 0 && cc->n) {
        sqlite3_stmt *st = NULL;
        rc = sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO run_pub_meta(key, value) VALUES(?1, ?2)",
                                -1, &st, NULL) == SQLITE_OK ? 0 : -1;
        const char *keys[2] = {KL_META(CUSTOM_CELLS), KL_META(CUSTOM_CELLS_SUPPRESSED)};
        size_t vals[2] = {*cells, *suppressed};
        for (int k = 0; rc == 0 && k < 2; k++) {
            char v[32];
            snprintf(v, sizeof v, "%zu", vals[k]);
            sqlite3_bind_text(st, 1, keys[k], -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, v, -1, SQLITE_TRANSIENT);
            rc = run_exec_bind(st);
        }
        sqlite3_finalize(st);
    }
    return rc;
}

void run_custom_cells_free(run_custom_cells *cc)
{
    if (!cc)
        return;
    for (size_t k = 0; k < cc->n; k++) {
        free(cc->pf[k].slot_of_row);
        free(cc->pf[k].x);
        free(cc->pf[k].of);
        free(cc->pf[k].conv);
        free(cc->pf[k].sum);
        free(cc->pf[k].sumsq);
    }
    free(cc->pf);
    free(cc);
}

uint64_t run_custom_key(run_ctx *c)
{
    if (c->custom.n == 0)
        return 0;
    uint64_t h = 0x637573746f6dULL;
    for (size_t k = 0; k < c->custom.n; k++) {
        char *spec = kl_custom_spec(&c->custom.f[k]);
        h = kl_mix64(h ^ kl_hash_str(c->custom.f[k].name, 1) ^ kl_hash_str(spec, 2));
        free(spec);
    }
    sqlite3_stmt *st;
    if (kl_db_exec(c->db, kl_custom_schema_sql) != 0 ||
        sqlite3_prepare_v2(c->db, "SELECT conv, facet, value, number FROM custom_facet_values",
                           -1, &st, NULL) != SQLITE_OK)
        return kl_mix64(h ^ 1);   /* unreadable: the privacy stage then says why */
    uint64_t sum = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        /* Order-free: a sum of per-row hashes. */
        const char *f = (const char *)sqlite3_column_text(st, 1);
        const char *v = (const char *)sqlite3_column_text(st, 2);
        double x = sqlite3_column_type(st, 3) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 3);
        uint64_t r = kl_mix64((uint64_t)sqlite3_column_int64(st, 0)) ^ kl_hash_str(f ? f : "", 3) ^
                     kl_hash_str(v ? v : "\x01", 4) ^ kl_hash64(&x, sizeof x, 5);
        sum += kl_mix64(r);
    }
    sqlite3_finalize(st);
    return kl_mix64(h ^ sum);
}
