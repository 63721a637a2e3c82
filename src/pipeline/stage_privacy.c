/* stage_privacy.c — decides what may be published (kleio-privacy(7)): thresholds on
 * distinct units and conversations for every cluster, language slice and month, the
 * unnamed "other" remainders, the audit of every published string against PII patterns
 * and the cluster's own vocabulary, and the coordinated-activity flag. It writes the
 * result into the run_pub_* tables, from which the publish stage copies the snapshot. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kleio/buf.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/naming.h"
#include "kleio/snapshot.h"
#include "kleio/suppress.h"
#include "kleio/workdb.h"
#include "run_internal.h"

/* Burst flag: at least this many distinct fresh accounts in one window. */
#define BURST_MIN_ACCOUNTS 10

struct node {
    int level;               /* snapshot level: 0 = top */
    int is_other;
    long parent;             /* node index, -1 at the top */
    long other_child;        /* node index of this node's remainder, -1 when none yet */
    int tree_level;          /* run_clusters level of a real node */
    uint32_t idx;            /* run_clusters idx of a real node */
    int64_t conversations, users, units, refused, concern_sum;
    int live;
    unsigned flags;
    int64_t id;
    char *name, *description;
};

struct privacy {
    run_ctx *c;
    run_tree t;
    kl_thresholds th;
    size_t *off;             /* first global cluster index of each tree level */
    long *pub_of;            /* global cluster index -> node, -1 when not published alone */
    struct node *nodes;
    size_t n_nodes;
    long *member;            /* n x levels: node of row i at snapshot level s, -1 below */
    int32_t *month;          /* row -> months since year 0, -1 unknown */
    int64_t *convs;          /* rows per global cluster */
    size_t *unit_off;        /* distinct units per global cluster (kl_tree_cut_in) */
    uint32_t *unit_list;
    size_t suppressed_clusters, suppressed_cells;
    size_t joined;           /* of the suppressed clusters: those counted in a sibling */
    kl_sdc_report cells;     /* what the cells' suppression decided */
    size_t merged_languages; /* rare languages published as "und" */
    kl_audit_counts audit;
    size_t burst_clusters;
};

static long add_node(struct privacy *pv, int level, int is_other, long parent, int tree_level,
                     uint32_t idx)
{
    pv->nodes = kl_reallocarray(pv->nodes, pv->n_nodes + 1, sizeof *pv->nodes);
    struct node *nd = &pv->nodes[pv->n_nodes];
    memset(nd, 0, sizeof *nd);
    nd->level = level;
    nd->is_other = is_other;
    nd->parent = parent;
    nd->other_child = -1;
    nd->tree_level = tree_level;
    nd->idx = idx;
    nd->live = 1;
    return (long)pv->n_nodes++;
}

static void store_rows(uint64_t key, size_t distinct, size_t rows, void *ctx)
{
    (void)distinct;
    ((int64_t *)ctx)[key] = (int64_t)rows;
}

/* Rows and distinct units of every cluster of every tree level; the units as a sorted list
 * per cluster (unit_off/unit_list), which kl_privacy_cut_tree unites over remainders. */
static void count_clusters(struct privacy *pv)
{
    run_ctx *c = pv->c;
    int L = pv->t.levels;
    size_t total = pv->off[L];
    pv->convs = kl_calloc(total ? total : 1, sizeof *pv->convs);
    kl_pair *pairs = kl_malloc((c->n * (size_t)L + 1) * sizeof *pairs);
    size_t np = 0;
    for (size_t i = 0; i < c->n; i++) {
        uint32_t a = c->leaf[i];
        for (int l = 0; l < L; l++) {
            pairs[np++] = (kl_pair){pv->off[l] + a, c->unit[c->user[i]]};
            if (l + 1 < L)
                a = pv->t.parent[l][a];
        }
    }
    kl_pairs_count(pairs, np, store_rows, pv->convs);   /* sorts pairs by (cluster, unit) */
    pv->unit_off = kl_calloc(total + 2, sizeof *pv->unit_off);
    pv->unit_list = kl_malloc((np + 1) * sizeof *pv->unit_list);
    size_t m = 0;
    for (size_t k = 0; k < np; k++)
        if (k == 0 || pairs[k].key != pairs[k - 1].key || pairs[k].value != pairs[k - 1].value) {
            pv->unit_list[m++] = pairs[k].value;
            pv->unit_off[pairs[k].key + 1]++;
        }
    for (size_t g = 0; g < total; g++)
        pv->unit_off[g + 1] += pv->unit_off[g];
    free(pairs);
}

/* The published child of node p (children first[p], next[...]) whose centroid is nearest
 * (cosine) to that of cluster idx of tree level l, the children's level. */
static long nearest_child(const struct privacy *pv, const long *first, const long *next,
                          long p, int l, uint32_t idx)
{
    size_t d = pv->t.d;
    const float *x = pv->t.centroid[l] + (size_t)idx * d;
    long best = -1;
    double best_cos = -INFINITY;
    for (long k = first[p]; k >= 0; k = next[k]) {
        const float *y = pv->t.centroid[l] + (size_t)pv->nodes[k].idx * d;
        double xy = 0, xx = 0, yy = 0;
        for (size_t j = 0; j < d; j++) {
            xy += (double)x[j] * y[j];
            xx += (double)x[j] * x[j];
            yy += (double)y[j] * y[j];
        }
        double cs = xx > 0 && yy > 0 ? xy / sqrt(xx * yy) : -1;
        if (cs > best_cos) {
            best_cos = cs;
            best = k;
        }
    }
    return best;
}

/* The published tree (kl_privacy_cut_tree decides it): clusters published on their own,
 * and per family one remainder node for the children merged into it. */
static void build_nodes(struct privacy *pv)
{
    int L = pv->t.levels;
    size_t total = pv->off[L];
    uint8_t *fate = kl_malloc(total + 1), *has_rem = kl_malloc(total + 1);
    size_t *into = kl_malloc((total + 1) * sizeof *into);
    /* Clusters below the thresholds join their nearest published sibling rather than
     * fill a remainder row (kl_privacy_cut_tree). */
    kl_tree_cut_in in = {L, pv->t.count, (const uint32_t *const *)pv->t.parent, pv->convs,
                         pv->unit_off, pv->unit_list, (const float *const *)pv->t.centroid,
                         pv->t.d};
    kl_privacy_cut_tree(&in, &pv->th, fate, has_rem, into);
    pv->pub_of = kl_malloc((total ? total : 1) * sizeof *pv->pub_of);
    for (size_t g = 0; g < total; g++)
        pv->pub_of[g] = -1;
    long top_other = has_rem[total] ? add_node(pv, 0, 1, -1, -1, 0) : -1;
    for (int l = L - 1; l >= 0; l--)
        for (size_t i = 0; i < pv->t.count[l]; i++) {
            size_t g = pv->off[l] + i;
            if (fate[g] != KL_CUT_PUBLISHED) {
                pv->suppressed_clusters += pv->convs[g] > 0;
                pv->joined += fate[g] == KL_CUT_JOINED;
                continue;
            }
            long parent = l == L - 1 ? -1 : pv->pub_of[pv->off[l + 1] + pv->t.parent[l][i]];
            pv->pub_of[g] = add_node(pv, L - 1 - l, 0, parent, l, (uint32_t)i);
            if (has_rem[g] && l > 0) {
                long o = add_node(pv, L - l, 1, pv->pub_of[g], -1, 0);   /* may move nodes */
                pv->nodes[pv->pub_of[g]].other_child = o;
            }
        }
    /* Published children of every node, for the rows under a joined cluster. */
    long *first = kl_malloc((pv->n_nodes + 1) * sizeof *first);
    long *next = kl_malloc((pv->n_nodes + 1) * sizeof *next);
    for (size_t k = 0; k < pv->n_nodes; k++)
        first[k] = next[k] = -1;
    for (size_t k = pv->n_nodes; k-- > 0;)
        if (!pv->nodes[k].is_other && pv->nodes[k].parent >= 0) {
            next[k] = first[pv->nodes[k].parent];
            first[pv->nodes[k].parent] = (long)k;
        }
    long *below = kl_malloc((total + 1) * sizeof *below);   /* -2: not chosen yet */
    for (size_t g = 0; g < total; g++)
        below[g] = -2;
    /* Membership of every row at every snapshot level. */
    run_ctx *c = pv->c;
    pv->member = kl_malloc((c->n * (size_t)L + 1) * sizeof *pv->member);
    uint32_t *anc = kl_malloc((size_t)L * sizeof *anc);
    for (size_t i = 0; i < c->n; i++) {
        anc[0] = c->leaf[i];
        for (int l = 1; l < L; l++)
            anc[l] = pv->t.parent[l - 1][anc[l - 1]];
        long above = -1;
        for (int s = 0; s < L; s++) {
            size_t g = pv->off[L - 1 - s] + anc[L - 1 - s];
            long nd = -1;
            if (fate[g] == KL_CUT_PUBLISHED)
                nd = pv->pub_of[g];
            else if (fate[g] == KL_CUT_JOINED)
                nd = pv->pub_of[into[g]];
            else if (fate[g] == KL_CUT_REMAINDER)
                nd = s == 0 ? top_other : above >= 0 ? pv->nodes[above].other_child : -1;
            else if (above >= 0 && !pv->nodes[above].is_other && first[above] >= 0) {
                /* Under a joined cluster: the published child nearest to this cluster,
                 * so the sibling it joined stays the sum of its children. */
                if (below[g] == -2)
                    below[g] = nearest_child(pv, first, next, above, L - 1 - s,
                                             anc[L - 1 - s]);
                nd = below[g];
            }
            pv->member[i * (size_t)L + (size_t)s] = nd;
            above = nd;
        }
    }
    free(anc);
    free(fate);
    free(has_rem);
    free(into);
    free(first);
    free(next);
    free(below);
}

struct figures_ctx { struct privacy *pv; int users; };

static void store_node_count(uint64_t key, size_t distinct, size_t rows, void *ctx)
{
    struct figures_ctx *f = ctx;
    struct node *nd = &f->pv->nodes[key];
    if (f->users)
        nd->users = (int64_t)distinct;
    else {
        nd->units = (int64_t)distinct;
        nd->conversations = (int64_t)rows;
    }
}

static void node_figures(struct privacy *pv)
{
    run_ctx *c = pv->c;
    size_t L = (size_t)pv->t.levels;
    kl_pair *pu = kl_malloc((c->n * L + 1) * sizeof *pu);
    kl_pair *pusr = kl_malloc((c->n * L + 1) * sizeof *pusr);
    size_t np = 0;
    for (size_t i = 0; i < c->n; i++)
        for (size_t s = 0; s < L; s++) {
            long nd = pv->member[i * L + s];
            if (nd < 0)
                continue;
            pu[np] = (kl_pair){(uint64_t)nd, c->unit[c->user[i]]};
            pusr[np] = (kl_pair){(uint64_t)nd, c->user[i]};
            np++;
            pv->nodes[nd].refused += c->refused[i] != 0;
            pv->nodes[nd].concern_sum += c->concern[i];
        }
    struct figures_ctx f = {pv, 0};
    kl_pairs_count(pu, np, store_node_count, &f);
    f.users = 1;
    kl_pairs_count(pusr, np, store_node_count, &f);
    free(pu);
    free(pusr);
    /* A remainder below the thresholds is not published; its figures stay in its parent. */
    for (size_t k = 0; k < pv->n_nodes; k++) {
        struct node *nd = &pv->nodes[k];
        if (!kl_privacy_passes(&pv->th, nd->units, nd->conversations)) {
            nd->live = 0;
            if (!nd->is_other)
                kl_warn("privacy: cluster below thresholds reached the published tree");
        }
    }
}

static struct privacy *sort_pv;

static int cmp_node_order(const void *a, const void *b)
{
    const struct node *x = &sort_pv->nodes[*(const long *)a], *y = &sort_pv->nodes[*(const long *)b];
    if (x->level != y->level)
        return x->level < y->level ? -1 : 1;
    int64_t px = x->parent >= 0 ? sort_pv->nodes[x->parent].id : 0;
    int64_t py = y->parent >= 0 ? sort_pv->nodes[y->parent].id : 0;
    if (px != py)
        return px < py ? -1 : 1;
    if (x->is_other != y->is_other)
        return x->is_other - y->is_other;
    if (x->conversations != y->conversations)
        return x->conversations > y->conversations ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

/* Ids: level by level, children grouped under their parent, biggest first. */
static void assign_ids(struct privacy *pv)
{
    long *order = kl_malloc((pv->n_nodes + 1) * sizeof *order);
    int64_t next = 1;
    for (int s = 0; s < pv->t.levels; s++) {
        size_t m = 0;
        for (size_t k = 0; k < pv->n_nodes; k++)
            if (pv->nodes[k].live && pv->nodes[k].level == s)
                order[m++] = (long)k;
        sort_pv = pv;
        qsort(order, m, sizeof *order, cmp_node_order);
        for (size_t j = 0; j < m; j++)
            pv->nodes[order[j]].id = next++;
    }
    free(order);
}

static int32_t month_of(int64_t ts)
{
    if (ts == INT64_MIN)
        return -1;
    time_t t = (time_t)ts;
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return -1;
    return (int32_t)((tm.tm_year + 1900) * 12 + tm.tm_mon);
}

/* After cuts, a description may end in its frame ("… and") or be nothing but the frame:
 * end it after its last term, or drop it. */
static char *tidy_description(char *d)
{
    if (!d)
        return kl_strdup("");
    size_t len = strlen(d);
    static const char join[] = " " KL_NAMING_DESC_JOIN;
    const size_t jn = sizeof join - 1;
    while (len >= jn && strcmp(d + len - jn, join) == 0)
        d[len -= jn] = '\0';
    while (len > 0 && (d[len - 1] == ',' || d[len - 1] == ' '))
        d[--len] = '\0';
    /* Nothing left but the lead, or its first word. */
    const char *lead = KL_NAMING_DESC_LEAD;
    size_t lead_word = strcspn(lead, " ");
    if (strcmp(d, lead) == 0 || (len == lead_word && strncmp(d, lead, lead_word) == 0) || len == 0) {
        d[0] = '\0';
        return d;
    }
    if (d[len - 1] != '.') {
        char *t = kl_malloc(len + 2);
        memcpy(t, d, len);
        t[len] = '.';
        t[len + 1] = '\0';
        free(d);
        return t;
    }
    return d;
}

/* Names and descriptions: audited against PII patterns and against the vocabulary of the
 * cluster's own members (a token only if enough units used it). */
static void audit_names(struct privacy *pv)
{
    run_ctx *c = pv->c;
    size_t L = (size_t)pv->t.levels;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(c->db, "SELECT name, description FROM run_clusters WHERE level = ?1"
                                  " AND idx = ?2", -1, &st, NULL) != SQLITE_OK)
        return;
    kl_vocab **vocab = kl_calloc(pv->n_nodes + 1, sizeof *vocab);
    char **raw_name = kl_calloc(pv->n_nodes + 1, sizeof *raw_name);
    char **raw_desc = kl_calloc(pv->n_nodes + 1, sizeof *raw_desc);
    for (size_t k = 0; k < pv->n_nodes; k++) {
        struct node *nd = &pv->nodes[k];
        if (!nd->live || nd->is_other)
            continue;
        sqlite3_bind_int(st, 1, nd->tree_level);
        sqlite3_bind_int64(st, 2, nd->idx);
        if (sqlite3_step(st) == SQLITE_ROW) {
            const char *n = (const char *)sqlite3_column_text(st, 0);
            const char *d = (const char *)sqlite3_column_text(st, 1);
            raw_name[k] = kl_strdup(n ? n : "");
            raw_desc[k] = kl_strdup(d ? d : "");
        } else {
            raw_name[k] = kl_strdup("");
            raw_desc[k] = kl_strdup("");
        }
        sqlite3_reset(st);
        vocab[k] = kl_vocab_new();
        kl_vocab_allow(vocab[k], KL_NAMING_FRAME_WORDS);
        kl_vocab_candidates(vocab[k], raw_name[k]);
        kl_vocab_candidates(vocab[k], raw_desc[k]);
    }
    sqlite3_finalize(st);
    for (size_t i = 0; i < c->n; i++)
        for (size_t s = 0; s < L; s++) {
            long nd = pv->member[i * L + s];
            if (nd >= 0 && vocab[nd])
                kl_vocab_add(vocab[nd], c->unit[c->user[i]], c->summary[i]);
        }
    for (size_t k = 0; k < pv->n_nodes; k++) {
        struct node *nd = &pv->nodes[k];
        if (!nd->live)
            continue;
        if (nd->is_other) {
            nd->name = kl_strdup("");
            nd->description = kl_strdup("");
            continue;
        }
        size_t min_units = (size_t)(pv->th.min_users > 0 ? pv->th.min_users : 1);
        nd->name = kl_audit_string(raw_name[k], vocab[k], min_units, &pv->audit);
        nd->description = kl_audit_string(raw_desc[k], vocab[k], min_units, &pv->audit);
        if (!nd->name) {
            if (!*raw_name[k])
                pv->audit.renamed++;
            nd->name = kl_strdup("Unnamed topic");
        }
        nd->description = tidy_description(nd->description);
        kl_vocab_free(vocab[k]);
        free(raw_name[k]);
        free(raw_desc[k]);
    }
    free(vocab);
    free(raw_name);
    free(raw_desc);
}

struct leaf_row { uint32_t leaf; uint32_t row; };

static int cmp_leaf_row(const void *a, const void *b)
{
    const struct leaf_row *x = a, *y = b;
    if (x->leaf != y->leaf)
        return x->leaf < y->leaf ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

/* The coordinated-activity flag, per leaf, raised on the deepest published node. */
static void flag_bursts(struct privacy *pv)
{
    run_ctx *c = pv->c;
    size_t L = (size_t)pv->t.levels;
    struct leaf_row *lr = kl_malloc((c->n + 1) * sizeof *lr);
    for (size_t i = 0; i < c->n; i++)
        lr[i] = (struct leaf_row){c->leaf[i], (uint32_t)i};
    qsort(lr, c->n, sizeof *lr, cmp_leaf_row);
    kl_burst_row *rows = kl_malloc((c->n + 1) * sizeof *rows);
    for (size_t i = 0; i < c->n;) {
        size_t j = i;
        while (j < c->n && lr[j].leaf == lr[i].leaf)
            j++;
        for (size_t m = i; m < j; m++) {
            uint32_t r = lr[m].row, u = c->user[r];
            rows[m - i] = (kl_burst_row){u, c->user_first[u], c->user_last[u], c->summary[r]};
        }
        if (kl_burst_detect(rows, j - i, KL_PRIVACY_BURST_WINDOW, BURST_MIN_ACCOUNTS)) {
            uint32_t r = lr[i].row;
            long deepest = -1;
            for (size_t s = 0; s < L; s++) {
                long nd = pv->member[(size_t)r * L + s];
                if (nd >= 0 && pv->nodes[nd].live)
                    deepest = nd;
            }
            if (deepest >= 0 && !(pv->nodes[deepest].flags & KL_CLUSTER_BURST)) {
                pv->nodes[deepest].flags |= KL_CLUSTER_BURST;
                pv->burst_clusters++;
            }
        }
        i = j;
    }
    free(rows);
    free(lr);
}

/* ---- writing ---- */

int run_exec_bind(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int write_clusters(struct privacy *pv)
{
    sqlite3 *db = pv->c->db;
    sqlite3_stmt *st, *geo;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO run_pub_clusters(id, parent_id, level, name, description,"
                           " is_other, flags, x, y, extent, conversations, users, refused,"
                           " concern_sum, density, work_level, work_idx) VALUES(?1,?2,?3,?4,?5,?6,?7,"
                           "?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)", -1, &st, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_prepare_v2(db, "SELECT x, y, extent, density FROM run_clusters WHERE level = ?1"
                               " AND idx = ?2", -1, &geo, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return -1;
    }
    /* Nodes in id order so that a remainder can take its parent's position. */
    double *xs = kl_calloc(pv->n_nodes + 1, sizeof *xs), *ys = kl_calloc(pv->n_nodes + 1, sizeof *ys);
    double *es = kl_calloc(pv->n_nodes + 1, sizeof *es);
    int rc = 0;
    for (int s = 0; s < pv->t.levels && rc == 0; s++)
        for (size_t k = 0; k < pv->n_nodes && rc == 0; k++) {
            struct node *nd = &pv->nodes[k];
            if (!nd->live || nd->level != s)
                continue;
            sqlite3_bind_int64(st, 1, nd->id);
            if (nd->parent >= 0)
                sqlite3_bind_int64(st, 2, pv->nodes[nd->parent].id);
            sqlite3_bind_int(st, 3, nd->level);
            sqlite3_bind_text(st, 4, nd->name, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 5, nd->description, -1, SQLITE_STATIC);
            sqlite3_bind_int(st, 6, nd->is_other);
            sqlite3_bind_int(st, 7, (int)nd->flags);
            if (!nd->is_other) {
                sqlite3_bind_int(st, 16, nd->tree_level);
                sqlite3_bind_int64(st, 17, nd->idx);
                sqlite3_bind_int(geo, 1, nd->tree_level);
                sqlite3_bind_int64(geo, 2, nd->idx);
                if (sqlite3_step(geo) == SQLITE_ROW) {
                    xs[k] = sqlite3_column_double(geo, 0);
                    ys[k] = sqlite3_column_double(geo, 1);
                    es[k] = sqlite3_column_double(geo, 2);
                    if (sqlite3_column_type(geo, 3) == SQLITE_BLOB)
                        sqlite3_bind_blob(st, 15, sqlite3_column_blob(geo, 3),
                                          sqlite3_column_bytes(geo, 3), SQLITE_TRANSIENT);
                }
                sqlite3_reset(geo);
            } else if (nd->parent >= 0) {
                xs[k] = xs[nd->parent];
                ys[k] = ys[nd->parent];
                es[k] = es[nd->parent] * 0.15;
            } else {
                xs[k] = 0.5;
                ys[k] = 0.5;
                es[k] = 0.05;
            }
            sqlite3_bind_double(st, 8, xs[k]);
            sqlite3_bind_double(st, 9, ys[k]);
            sqlite3_bind_double(st, 10, es[k]);
            sqlite3_bind_int64(st, 11, nd->conversations);
            sqlite3_bind_int64(st, 12, nd->users);
            sqlite3_bind_int64(st, 13, nd->refused);
            sqlite3_bind_int64(st, 14, nd->concern_sum);
            rc = run_exec_bind(st);
        }
    free(xs);
    free(ys);
    free(es);
    sqlite3_finalize(st);
    sqlite3_finalize(geo);
    return rc;
}

/* The deepest published node of each leaf (all members of a leaf share their path). */
static int write_leaf_map(struct privacy *pv)
{
    run_ctx *c = pv->c;
    size_t L = (size_t)pv->t.levels;
    long *deepest = kl_malloc((pv->t.count[0] + 1) * sizeof *deepest);
    for (size_t j = 0; j < pv->t.count[0]; j++)
        deepest[j] = -1;
    for (size_t i = 0; i < c->n; i++) {
        if (deepest[c->leaf[i]] >= 0)
            continue;
        for (size_t s = 0; s < L; s++) {
            long nd = pv->member[i * L + s];
            if (nd >= 0 && pv->nodes[nd].live)
                deepest[c->leaf[i]] = nd;
        }
    }
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(c->db, "INSERT INTO run_pub_leaf(leaf, cluster_id) VALUES(?1, ?2)",
                                -1, &st, NULL) == SQLITE_OK ? 0 : -1;
    for (size_t j = 0; j < pv->t.count[0] && rc == 0; j++) {
        if (deepest[j] < 0)
            continue;
        sqlite3_bind_int64(st, 1, (sqlite3_int64)j);
        sqlite3_bind_int64(st, 2, pv->nodes[deepest[j]].id);
        rc = run_exec_bind(st);
    }
    sqlite3_finalize(st);
    free(deepest);
    return rc;
}

/* The cells under every published node: the tree as run_privacy_cells reads it. */
static int write_cells(struct privacy *pv)
{
    long *parent = kl_malloc((pv->n_nodes + 1) * sizeof *parent);
    int64_t *id = kl_malloc((pv->n_nodes + 1) * sizeof *id);
    uint8_t *live = kl_malloc(pv->n_nodes + 1);
    for (size_t k = 0; k < pv->n_nodes; k++) {
        parent[k] = pv->nodes[k].parent;
        id[k] = pv->nodes[k].id;
        live[k] = (uint8_t)pv->nodes[k].live;
    }
    run_pub_tree pt = {(size_t)pv->t.levels, pv->member, pv->month, pv->n_nodes, parent, id, live};
    int rc = run_privacy_cells(pv->c, &pt, &pv->th, &pv->cells, &pv->merged_languages);
    free(parent);
    free(id);
    free(live);
    return rc;
}

static int put_meta(sqlite3 *db, const char *key, int64_t value)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO run_pub_meta(key, value) VALUES(?1, ?2)",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    char v[32];
    snprintf(v, sizeof v, "%lld", (long long)value);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, v, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
    sqlite3_finalize(st);
    return rc;
}

static int write_all(struct privacy *pv)
{
    sqlite3 *db = pv->c->db;
    if (kl_db_exec(db, "DELETE FROM run_pub_clusters; DELETE FROM run_pub_lang;"
                       " DELETE FROM run_pub_time; DELETE FROM run_pub_languages;"
                       " DELETE FROM run_pub_meta; DELETE FROM run_pub_leaf;") != 0)
        return -1;
    if (write_clusters(pv) != 0 || write_cells(pv) != 0 || write_leaf_map(pv) != 0)
        return -1;
    pv->suppressed_cells = pv->cells.primary + pv->cells.complementary;
    size_t published = 0;
    for (size_t k = 0; k < pv->n_nodes; k++)
        published += pv->nodes[k].live;
    const struct { const char *key; int64_t v; } m[] = {
        {"input_conversations", (int64_t)pv->c->n},
        {"input_users", (int64_t)pv->c->n_users},
        {"published_clusters", (int64_t)published},
        {"suppressed_clusters", (int64_t)pv->suppressed_clusters},
        {"suppressed_cells", (int64_t)pv->suppressed_cells},
        {"suppressed_cells_primary", (int64_t)pv->cells.primary},
        {"suppressed_cells_complementary", (int64_t)pv->cells.complementary},
        {"suppressed_cells_exposed", (int64_t)pv->cells.exposed},
        {"merged_languages", (int64_t)pv->merged_languages},
        {"published_cells", (int64_t)(pv->cells.cells - pv->suppressed_cells)},
        {"audit_strings", (int64_t)pv->audit.strings},
        {"audit_pii_removed", (int64_t)pv->audit.pii},
        {"audit_placeholders_removed", (int64_t)pv->audit.placeholders},
        {"audit_rare_tokens_removed", (int64_t)pv->audit.rare},
        {"audit_renamed", (int64_t)pv->audit.renamed},
        {"burst_clusters", (int64_t)pv->burst_clusters},
        {"merged_account_groups", (int64_t)pv->c->merged_units},
        {"burst_window_seconds", KL_PRIVACY_BURST_WINDOW},
    };
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (put_meta(db, m[i].key, m[i].v) != 0)
            return -1;
    return 0;
}

int run_stage_privacy(run_ctx *c, uint64_t ph, uint64_t ih)
{
    kl_progress pr;
    kl_progress_start(&pr, "privacy", 0);
    struct privacy pv;
    memset(&pv, 0, sizeof pv);
    pv.c = c;
    pv.th = (kl_thresholds){c->p->min_users, c->p->min_conversations};
    if (run_load_assign(c) != 0 || run_tree_load(c->db, &pv.t) != 0)
        return -1;
    int L = pv.t.levels;
    pv.off = kl_calloc((size_t)L + 1, sizeof *pv.off);
    for (int l = 0; l < L; l++)
        pv.off[l + 1] = pv.off[l] + pv.t.count[l];
    for (size_t i = 0; i < c->n; i++)
        if (c->leaf[i] >= pv.t.count[0]) {
            kl_error("%s: a leaf assignment points outside the stored tree", c->p->work);
            run_tree_free(&pv.t);
            free(pv.off);
            return -1;
        }
    pv.month = kl_malloc((c->n + 1) * sizeof *pv.month);
    for (size_t i = 0; i < c->n; i++)
        pv.month[i] = month_of(c->ts[i]);
    count_clusters(&pv);
    build_nodes(&pv);
    node_figures(&pv);
    assign_ids(&pv);
    audit_names(&pv);
    flag_bursts(&pv);

    int rc = run_begin(c->db);
    if (rc == 0)
        rc = write_all(&pv);
    char summary[512];
    size_t published = 0;
    for (size_t k = 0; k < pv.n_nodes; k++)
        published += pv.nodes[k].live;
    const kl_sdc_report *cr = &pv.cells;
    double all = cr->conversations_all > 0 ? (double)cr->conversations_all : 1.0;
    snprintf(summary, sizeof summary,
             "%zu clusters published, %zu below thresholds (%zu joined their nearest"
             " sibling); %zu of %zu cells suppressed (%zu below"
             " thresholds, %.1f%% of their conversations; %zu to protect them, %.1f%%; %zu still"
             " exposed); %zu strings audited (%zu PII, %zu placeholders, %zu rare tokens removed,"
             " %zu renamed), %zu flagged as bursts",
             published, pv.suppressed_clusters, pv.joined, pv.suppressed_cells, cr->cells, cr->primary,
             100.0 * (double)cr->conversations_primary / all, cr->complementary,
             100.0 * (double)cr->conversations_complementary / all, cr->exposed, pv.audit.strings,
             pv.audit.pii, pv.audit.placeholders, pv.audit.rare, pv.audit.renamed,
             pv.burst_clusters);
    if (rc == 0)
        rc = kl_stage_record(c->db, "privacy", ph, ih, summary);
    if (rc == 0)
        rc = run_commit(c->db);
    else {
        /* The inserts say nothing when they fail (a full disk stopped the run silently). */
        kl_error("%s: privacy: %s", c->p->work, sqlite3_errmsg(c->db));
        run_rollback(c->db);
    }
    if (rc == 0)
        kl_progress_end(&pr, "%s", summary);

    for (size_t k = 0; k < pv.n_nodes; k++) {
        free(pv.nodes[k].name);
        free(pv.nodes[k].description);
    }
    free(pv.nodes);
    free(pv.member);
    free(pv.month);
    free(pv.convs);
    free(pv.unit_off);
    free(pv.unit_list);
    free(pv.pub_of);
    free(pv.off);
    run_tree_free(&pv.t);
    return rc;
}
