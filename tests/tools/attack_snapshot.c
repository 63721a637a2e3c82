/* attack_snapshot.c — test tool: an independent disclosure attacker. It reads ONE kleio
 * snapshot (kleio-snapshot(5)) read-only, and nothing else (no work database, no truth),
 * writes down every linear relation its published figures obey, and derives as much as it
 * can about every value the snapshot hides. It shares no code with kleio: it talks to the
 * file through SQLite only, so a bug in kleio's readers cannot hide a leak from it.
 *
 *   attack_snapshot [--json] [--list] [--no-gauss] [--intervals] SNAPSHOT.db
 *
 * THE MODEL. Positions are (node, slot, time): node = a published cluster or the root (the
 * whole snapshot), slot = all languages or one language, time = the whole period or one
 * month. Every position has conversations (C) and refused (R); whole-period positions also
 * concern_sum (K) and users (U). Published: clusters (node, all, whole), cluster_lang
 * (node, lang, whole), cluster_time (node, slot, month), languages (root, lang, whole),
 * meta input_conversations (root C) and input_users (root U). A missing cluster_lang or
 * cluster_time row is a published 0 (no conversation there).
 * Unknowns: every suppressed figure; for every node with published children and every
 * slot, time and figure, the remainder H >= 0 of its unpublished children (parent minus
 * the sum of its published children; the attacker does not assume it is 0); for every
 * cluster, slot and additive figure (C, R), the slack S >= 0 of conversations without a
 * timestamp (cell minus the sum of its months, which need not be 0), and the same slack HS
 * of each remainder; root refused and concern_sum over all languages (auxiliary).
 * Equations (for C, R and K alike; months for C and R only):
 *   node, all, t   = sum over languages of node, lang, t              (also for H, S, HS)
 *   parent, s, t   = sum over published children of child, s, t + H   (root: whole only,
 *                    with the languages table and input_conversations as its cells)
 *   node, s, whole = sum over months of node, s, month + S            (also H with HS)
 *   S of parent    = sum over children of their S + HS                (implied; kept so
 *                    that propagation sees it)
 * Inequalities: everything >= 0; a suppressed cell has C >= 1 (its row exists); per
 * position R <= C and C <= K <= 5C (concern is 1..5 per conversation); slack R <= slack C.
 * Users are distinct counts, not additive: a hidden U lies in [1 if C >= 1, min(C, U of
 * every published cell containing it)].
 *
 * DERIVATION. (1) Interval propagation over every equation and inequality to a fixpoint
 * (each unknown's [lo, hi] narrowed from the row's constant and the other terms' bounds,
 * rounded to integers). (2) Exact linear algebra: the unknowns that propagation has not
 * fixed are split into connected components of the equations (constants and fixed values
 * substituted), and each component is reduced by sparse Gaussian elimination (Markowitz
 * pivoting) over the integers modulo the prime p = 2^61 - 1. An unknown is fixed by the
 * equations iff its coordinate is 0 in every vector of the null space; the tool tests one
 * random null-space vector (a wrong "fixed" has probability about 2^-61 per unknown) and
 * takes the value from a particular solution: the true value is an integer whose interval
 * is far narrower than p, so its residue determines it exactly. Every value so derived is
 * checked against its interval and fed back into propagation, and the two alternate until
 * neither finds anything new. --no-gauss skips (2), to show what propagation alone finds.
 *
 * THE DISCLOSURE RULE. A hidden value is a figure of a suppressed cell (cluster_lang,
 * cluster_time or languages row with suppressed = 1) or of a remainder H. It is DISCLOSED
 * when, after derivation:
 *   - exact: its C, R or K is derived exactly (lo == hi) — except an R of exactly 0 when a
 *     published cell containing it already has R = 0 (an "inherent zero", counted apart),
 *     and except a remainder whose C is derived 0 (nothing is hidden there); R and K of a
 *     remainder count only when its C is known to be positive (lo > 0);
 *   - narrowed: for suppressed cells and for remainders with lo > 0 (suppressed cells
 *     always have lo >= 1), C not exact but hi - lo < ceil(min_conversations / 5), the
 *     protection width kleio-privacy(7) promises (10 at the default threshold of 50).
 * An R derived as 0 without a published zero above it (the published figures leave no
 * refusal for the hidden rest) is a "derived zero", counted apart like inherent zeros:
 * kleio-privacy(7) documents it as a fact about the group, not a figure of one cell.
 * An exact R or K of a cell whose C is known to be at least min_conversations (and is not
 * itself exact) is not counted: it describes a group the conversation threshold allows to be described.
 * Users are not classified: a hidden U is bounded by its own C, which the rules cover.
 * Exit status: 0 nothing disclosed, 1 something disclosed, 2 bad input (the message names
 * the file), or relations the snapshot violates (then nothing derived can be trusted).
 */
#include <inttypes.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int64_t i64;
typedef uint64_t u64;
__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

#define BIG ((i64)1 << 42)          /* "unbounded": above any true figure (see read) */
#define T_NA INT64_MIN              /* a term that does not exist */
#define PUB_SUPP (-1)
#define PUB_NA (-2)
#define PUB_AUX (-3)

enum { FC, FR, FK, NFIG };
static const char *const fig_name[NFIG] = {"conversations", "refused", "concern_sum"};
enum { K_CELL, K_H, K_S, K_HS, K_AUX };

static const char *g_path = "";

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "attack_snapshot: %s: ", g_path);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static void *xmalloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        die("out of memory");
    size_t bytes = n * size;
    void *p = malloc(bytes ? bytes : 1);
    if (!p)
        die("out of memory");
    return p;
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        die("out of memory");
    return p;
}

static void *xrealloc(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        die("out of memory");
    size_t bytes = n * size;
    void *q = realloc(p, bytes ? bytes : 1);
    if (!q)
        die("out of memory");
    return q;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = xmalloc(n, 1);
    memcpy(d, s, n);
    return d;
}

#define GROW(ptr, n, cap)                                                                  \
    do {                                                                                   \
        if ((n) >= (cap)) {                                                                \
            (cap) = (cap) ? 2 * (cap) : 64;                                                \
            (ptr) = xrealloc((ptr), (size_t)(cap), sizeof *(ptr));                         \
        }                                                                                  \
    } while (0)

/* ---- the snapshot ---- */

struct snap {
    int nn;                 /* nodes: 0 = root, 1.. = published clusters */
    i64 *id;
    int *parent;            /* -1 at the root */
    int *cstart, *child;    /* children of node n: child[cstart[n] .. cstart[n+1]) */
    int *order;             /* parents before children */
    int ns;                 /* slots: 0 = all languages, 1.. = languages */
    char **lang;
    int nt;                 /* times: 0 = whole period, 1.. = months */
    char **month;
    i64 *pub;               /* published figure per position and figure, or PUB_* */
    i64 *pubu;              /* published users per (node, slot) */
    i64 min_users, min_conv, input_conv, input_users;
};

static size_t pos(const struct snap *m, int n, int s, int t)
{
    return ((size_t)n * (size_t)m->ns + (size_t)s) * (size_t)m->nt + (size_t)t;
}

static size_t pf(const struct snap *m, int n, int s, int t, int f)
{
    return pos(m, n, s, t) * NFIG + (size_t)f;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A sorted set of strings, for languages and months. */
struct strset { char **v; int n, cap; };

static void strset_add(struct strset *s, const char *x)
{
    GROW(s->v, s->n, s->cap);
    s->v[s->n++] = xstrdup(x);
}

static void strset_sort(struct strset *s)
{
    if (s->n > 1)
        qsort(s->v, (size_t)s->n, sizeof *s->v, cmp_str);
    int m = 0;
    for (int i = 0; i < s->n; i++) {
        if (m > 0 && strcmp(s->v[m - 1], s->v[i]) == 0) {
            free(s->v[i]);
            continue;
        }
        s->v[m++] = s->v[i];
    }
    s->n = m;
}

static int strset_find(const struct strset *s, const char *x)
{
    int lo = 0, hi = s->n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        int c = strcmp(s->v[mid], x);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

static sqlite3_stmt *prep(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        die("not a kleio snapshot (%s)", sqlite3_errmsg(db));
    return st;
}

static void step_done(sqlite3 *db, sqlite3_stmt *st, int rc)
{
    if (rc != SQLITE_DONE)
        die("cannot read (%s)", sqlite3_errmsg(db));
    sqlite3_finalize(st);
}

static i64 col_fig(sqlite3_stmt *st, int col, const char *table)
{
    if (sqlite3_column_type(st, col) != SQLITE_INTEGER)
        die("%s: a published figure is not an integer", table);
    i64 v = sqlite3_column_int64(st, col);
    if (v < 0 || v >= BIG / 8)
        die("%s: a figure is out of range (%" PRId64 ")", table, v);
    return v;
}

static i64 meta_int(sqlite3 *db, const char *key)
{
    sqlite3_stmt *st = prep(db, "SELECT value FROM meta WHERE key = ?1");
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    i64 v = -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        char *end = NULL;
        long long x = t ? strtoll(t, &end, 10) : -1;
        if (!t || end == t || *end || x < 0 || x >= BIG / 8)
            die("meta %s is not a count", key);
        v = x;
        rc = sqlite3_step(st);
    } else {
        die("meta has no %s", key);
    }
    step_done(db, st, rc);
    return v;
}

static int node_of(const i64 *ids, int n, i64 id)
{
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (ids[mid] == id)
            return mid;
        if (ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

static void read_snapshot(const char *path, struct snap *m)
{
    memset(m, 0, sizeof *m);
    FILE *probe = fopen(path, "rb");
    if (!probe)
        die("cannot open (no such file or not readable)");
    fclose(probe);
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        die("cannot open (%s)", db ? sqlite3_errmsg(db) : "sqlite");
    m->min_users = meta_int(db, "min_users");
    m->min_conv = meta_int(db, "min_conversations");
    m->input_conv = meta_int(db, "input_conversations");
    m->input_users = meta_int(db, "input_users");

    /* Clusters: ids sorted, node k+1 = k-th id. */
    sqlite3_stmt *st = prep(db, "SELECT id, parent_id, is_other, conversations, users, refused,"
                                " concern_sum FROM clusters ORDER BY id");
    int cap = 0, n = 0, rc;
    i64 *ids = NULL, *pids = NULL, *fig = NULL;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n >= cap) {
            cap = cap ? 2 * cap : 256;
            ids = xrealloc(ids, (size_t)cap, sizeof *ids);
            pids = xrealloc(pids, (size_t)cap, sizeof *pids);
            fig = xrealloc(fig, (size_t)cap * 4, sizeof *fig);
        }
        ids[n] = sqlite3_column_int64(st, 0);
        pids[n] = sqlite3_column_type(st, 1) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 1);
        for (int k = 0; k < 4; k++)
            fig[(size_t)n * 4 + (size_t)k] = col_fig(st, 3 + k, "clusters");
        n++;
    }
    step_done(db, st, rc);
    m->nn = n + 1;
    m->id = xcalloc((size_t)m->nn, sizeof *m->id);
    m->parent = xmalloc((size_t)m->nn, sizeof *m->parent);
    m->parent[0] = -1;
    for (int k = 0; k < n; k++) {
        if (ids[k] <= 0)
            die("clusters: id %" PRId64 " is not positive", ids[k]);
        m->id[k + 1] = ids[k];
    }
    for (int k = 0; k < n; k++) {
        if (pids[k] == 0) {
            m->parent[k + 1] = 0;
            continue;
        }
        int p = node_of(ids, n, pids[k]);
        if (p < 0)
            die("clusters: cluster %" PRId64 " has an unknown parent %" PRId64, ids[k], pids[k]);
        m->parent[k + 1] = p + 1;
    }
    /* Children lists and an order with parents first (detects cycles). */
    m->cstart = xcalloc((size_t)m->nn + 1, sizeof *m->cstart);
    for (int k = 1; k < m->nn; k++)
        m->cstart[m->parent[k] + 1]++;
    for (int k = 0; k < m->nn; k++)
        m->cstart[k + 1] += m->cstart[k];
    m->child = xmalloc((size_t)m->nn, sizeof *m->child);
    int *fill = xcalloc((size_t)m->nn, sizeof *fill);
    for (int k = 1; k < m->nn; k++) {
        int p = m->parent[k];
        m->child[m->cstart[p] + fill[p]++] = k;
    }
    free(fill);
    m->order = xmalloc((size_t)m->nn, sizeof *m->order);
    int head = 0, tail = 0;
    m->order[tail++] = 0;
    while (head < tail) {
        int p = m->order[head++];
        for (int j = m->cstart[p]; j < m->cstart[p + 1]; j++)
            m->order[tail++] = m->child[j];
    }
    if (tail != m->nn)
        die("clusters: the parent links form a cycle");

    /* Languages and months present anywhere. */
    struct strset langs = {0}, months = {0};
    st = prep(db, "SELECT code FROM languages UNION SELECT lang FROM cluster_lang UNION"
                  " SELECT lang FROM cluster_time WHERE lang <> ''");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        if (!t || !*t)
            die("a language code is empty");
        strset_add(&langs, t);
    }
    step_done(db, st, rc);
    st = prep(db, "SELECT DISTINCT bucket FROM cluster_time");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        strset_add(&months, t ? t : "");
    }
    step_done(db, st, rc);
    strset_sort(&langs);
    strset_sort(&months);
    m->ns = langs.n + 1;
    m->lang = xmalloc((size_t)m->ns, sizeof *m->lang);
    m->lang[0] = xstrdup("*");
    for (int k = 0; k < langs.n; k++)
        m->lang[k + 1] = langs.v[k];
    m->nt = months.n + 1;
    m->month = xmalloc((size_t)m->nt, sizeof *m->month);
    m->month[0] = xstrdup("-");
    for (int k = 0; k < months.n; k++)
        m->month[k + 1] = months.v[k];

    size_t npos = (size_t)m->nn * (size_t)m->ns * (size_t)m->nt;
    m->pub = xcalloc(npos * NFIG, sizeof *m->pub);
    m->pubu = xcalloc((size_t)m->nn * (size_t)m->ns, sizeof *m->pubu);
    for (int nd = 0; nd < m->nn; nd++)
        for (int s = 0; s < m->ns; s++)
            for (int t = 0; t < m->nt; t++) {
                if (t > 0)
                    m->pub[pf(m, nd, s, t, FK)] = PUB_NA;
                if (nd == 0 && t > 0)
                    for (int f = 0; f < NFIG; f++)
                        m->pub[pf(m, nd, s, t, f)] = PUB_NA;
            }
    m->pub[pf(m, 0, 0, 0, FC)] = m->input_conv;
    m->pub[pf(m, 0, 0, 0, FR)] = PUB_AUX;
    m->pub[pf(m, 0, 0, 0, FK)] = PUB_AUX;
    m->pubu[0] = m->input_users;
    for (int k = 0; k < n; k++) {
        const i64 *c = &fig[(size_t)k * 4];
        m->pub[pf(m, k + 1, 0, 0, FC)] = c[0];
        m->pubu[(size_t)(k + 1) * (size_t)m->ns] = c[1];
        m->pub[pf(m, k + 1, 0, 0, FR)] = c[2];
        m->pub[pf(m, k + 1, 0, 0, FK)] = c[3];
    }
    free(ids);
    free(pids);
    free(fig);

    /* Language cells: the languages table is the root's, cluster_lang the clusters'. */
    for (int pass = 0; pass < 2; pass++) {
        const char *table = pass ? "cluster_lang" : "languages";
        st = prep(db, pass ? "SELECT cluster_id, lang, suppressed, conversations, users, refused,"
                             " concern_sum FROM cluster_lang"
                           : "SELECT 0, code, suppressed, conversations, users, refused,"
                             " concern_sum FROM languages");
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            int nd = 0;
            if (pass) {
                int k = node_of(m->id + 1, m->nn - 1, sqlite3_column_int64(st, 0));
                if (k < 0)
                    die("cluster_lang: a row names an unknown cluster %" PRId64,
                        (i64)sqlite3_column_int64(st, 0));
                nd = k + 1;
            }
            int s = strset_find(&langs, (const char *)sqlite3_column_text(st, 1)) + 1;
            bool supp = sqlite3_column_int(st, 2) != 0;
            m->pubu[(size_t)nd * (size_t)m->ns + (size_t)s] = supp ? PUB_SUPP : col_fig(st, 4, table);
            m->pub[pf(m, nd, s, 0, FC)] = supp ? PUB_SUPP : col_fig(st, 3, table);
            m->pub[pf(m, nd, s, 0, FR)] = supp ? PUB_SUPP : col_fig(st, 5, table);
            m->pub[pf(m, nd, s, 0, FK)] = supp ? PUB_SUPP : col_fig(st, 6, table);
        }
        step_done(db, st, rc);
    }
    st = prep(db, "SELECT cluster_id, lang, bucket, suppressed, conversations, refused"
                  " FROM cluster_time");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int k = node_of(m->id + 1, m->nn - 1, sqlite3_column_int64(st, 0));
        if (k < 0)
            die("cluster_time: a row names an unknown cluster %" PRId64,
                (i64)sqlite3_column_int64(st, 0));
        const char *l = (const char *)sqlite3_column_text(st, 1);
        const char *b = (const char *)sqlite3_column_text(st, 2);
        int s = l && *l ? strset_find(&langs, l) + 1 : 0;
        int t = strset_find(&months, b ? b : "") + 1;
        bool supp = sqlite3_column_int(st, 3) != 0;
        m->pub[pf(m, k + 1, s, t, FC)] = supp ? PUB_SUPP : col_fig(st, 4, "cluster_time");
        m->pub[pf(m, k + 1, s, t, FR)] = supp ? PUB_SUPP : col_fig(st, 5, "cluster_time");
    }
    step_done(db, st, rc);
    free(langs.v);
    free(months.v);
    sqlite3_close(db);
}

static void free_snapshot(struct snap *m)
{
    for (int s = 0; s < m->ns; s++)
        free(m->lang[s]);
    for (int t = 0; t < m->nt; t++)
        free(m->month[t]);
    free(m->lang);
    free(m->month);
    free(m->id);
    free(m->parent);
    free(m->cstart);
    free(m->child);
    free(m->order);
    free(m->pub);
    free(m->pubu);
}

/* ---- the system of relations ---- */

struct sys {
    const struct snap *m;
    int nv, capv;
    i64 *lo, *hi;
    unsigned char *kind, *fig;
    int *vn, *vs, *vt;
    int nr, capr;               /* rows: sum of ec[k] * var ev[k] (=, or <=) rb */
    int *rstart;
    i64 *rb;
    unsigned char *req;         /* 1 = equation, 0 = inequality */
    int ne, cape;
    int *ev, *ec;
    int *vstart, *vrows;        /* rows of each variable */
    i64 *term, *hterm;          /* per position x figure: constant >= 0, -(v+1), or T_NA */
    i64 *sterm, *hsterm;        /* per (node, slot) x figure */
    i64 *cap, *capu;            /* smallest published figure of a cell containing the position */
    int n_eq, n_le, inconsistent;
    long prop_visits;
    bool prop_budget_hit;
    int gauss_fixed, gauss_skipped, components, largest;
};

static i64 var_term(int v) { return -(i64)v - 1; }
static int term_var(i64 t) { return (int)(-t - 1); }
static bool is_var(i64 t) { return t < 0 && t != T_NA; }

static int new_var(struct sys *S, int kind, int f, int n, int s, int t, i64 lo, i64 hi)
{
    if (S->nv >= S->capv) {
        S->capv = S->capv ? 2 * S->capv : 4096;
        size_t c = (size_t)S->capv;
        S->lo = xrealloc(S->lo, c, sizeof *S->lo);
        S->hi = xrealloc(S->hi, c, sizeof *S->hi);
        S->kind = xrealloc(S->kind, c, 1);
        S->fig = xrealloc(S->fig, c, 1);
        S->vn = xrealloc(S->vn, c, sizeof *S->vn);
        S->vs = xrealloc(S->vs, c, sizeof *S->vs);
        S->vt = xrealloc(S->vt, c, sizeof *S->vt);
    }
    int v = S->nv++;
    S->lo[v] = lo;
    S->hi[v] = hi < lo ? lo : hi;
    S->kind[v] = (unsigned char)kind;
    S->fig[v] = (unsigned char)f;
    S->vn[v] = n;
    S->vs[v] = s;
    S->vt[v] = t;
    return v;
}

/* The row being built. */
static struct { int n, cap; int *v, *c; i64 b; } R;

static void row_begin(void)
{
    R.n = 0;
    R.b = 0;
}

static void row_add(i64 term, int coef)
{
    if (term == T_NA)
        return;
    if (!is_var(term)) {
        R.b -= (i64)coef * term;
        return;
    }
    if (R.n >= R.cap) {
        R.cap = R.cap ? 2 * R.cap : 64;
        R.v = xrealloc(R.v, (size_t)R.cap, sizeof *R.v);
        R.c = xrealloc(R.c, (size_t)R.cap, sizeof *R.c);
    }
    R.v[R.n] = term_var(term);
    R.c[R.n++] = coef;
}

static void report_inconsistent(struct sys *S, const char *what, int n, int s, int t, int f)
{
    if (S->inconsistent++ < 5)
        fprintf(stderr, "attack_snapshot: %s: published figures violate %s at cluster %" PRId64
                " lang %s month %s (%s)\n", g_path, what, S->m->id[n], S->m->lang[s],
                S->m->month[t], fig_name[f]);
}

static void row_end(struct sys *S, bool eq, const char *what, int n, int s, int t, int f)
{
    if (R.n == 0) {
        if (eq ? R.b != 0 : R.b < 0)
            report_inconsistent(S, what, n, s, t, f);
        return;
    }
    if (S->nr + 1 >= S->capr) {
        S->capr = S->capr ? 2 * S->capr : 4096;
        S->rstart = xrealloc(S->rstart, (size_t)S->capr + 1, sizeof *S->rstart);
        S->rb = xrealloc(S->rb, (size_t)S->capr, sizeof *S->rb);
        S->req = xrealloc(S->req, (size_t)S->capr, 1);
    }
    if (S->nr == 0)
        S->rstart[0] = 0;
    for (int k = 0; k < R.n; k++) {
        if (S->ne >= S->cape) {
            S->cape = S->cape ? 2 * S->cape : 4096;
            S->ev = xrealloc(S->ev, (size_t)S->cape, sizeof *S->ev);
            S->ec = xrealloc(S->ec, (size_t)S->cape, sizeof *S->ec);
        }
        S->ev[S->ne] = R.v[k];
        S->ec[S->ne++] = R.c[k];
    }
    S->rb[S->nr] = R.b;
    S->req[S->nr] = eq;
    S->rstart[++S->nr] = S->ne;
    if (eq)
        S->n_eq++;
    else
        S->n_le++;
}

static bool has_children(const struct snap *m, int n)
{
    return m->cstart[n + 1] > m->cstart[n];
}

static i64 min64(i64 a, i64 b) { return a < b ? a : b; }
static i64 max64(i64 a, i64 b) { return a > b ? a : b; }

/* cap: the smallest published figure of any cell containing the position (itself
 * included), following parents, the all-languages slot and the whole period. */
static void compute_caps(struct sys *S)
{
    const struct snap *m = S->m;
    size_t npos = (size_t)m->nn * (size_t)m->ns * (size_t)m->nt;
    S->cap = xmalloc(npos * NFIG, sizeof *S->cap);
    S->capu = xmalloc((size_t)m->nn * (size_t)m->ns, sizeof *S->capu);
    for (int k = 0; k < m->nn; k++) {
        int n = m->order[k], p = m->parent[n];
        for (int t = 0; t < m->nt; t++)
            for (int s = 0; s < m->ns; s++)
                for (int f = 0; f < NFIG; f++) {
                    size_t i = pf(m, n, s, t, f);
                    i64 own = m->pub[i];
                    if (own == PUB_NA) {
                        S->cap[i] = BIG;
                        continue;
                    }
                    i64 c = own >= 0 ? own : BIG;
                    if (p >= 0 && m->pub[pf(m, p, s, t, f)] != PUB_NA)
                        c = min64(c, S->cap[pf(m, p, s, t, f)]);
                    if (s > 0)
                        c = min64(c, S->cap[pf(m, n, 0, t, f)]);
                    if (t > 0)
                        c = min64(c, S->cap[pf(m, n, s, 0, f)]);
                    S->cap[i] = c;
                }
        for (int s = 0; s < m->ns; s++) {
            size_t i = (size_t)n * (size_t)m->ns + (size_t)s;
            i64 c = m->pubu[i] >= 0 ? m->pubu[i] : BIG;
            if (p >= 0)
                c = min64(c, S->capu[(size_t)p * (size_t)m->ns + (size_t)s]);
            if (s > 0)
                c = min64(c, S->capu[(size_t)n * (size_t)m->ns]);
            S->capu[i] = c;
        }
    }
}

/* The cross-figure upper bound of a position: R <= C, K <= 5C, C <= K. */
static i64 cap_of(const struct sys *S, size_t p, int f)
{
    i64 c = S->cap[p * NFIG + (size_t)f];
    i64 cc = S->cap[p * NFIG + FC];
    if (f == FR)
        c = min64(c, cc);
    else if (f == FK)
        c = min64(c, cc >= BIG / 5 ? BIG : 5 * cc);
    else if (S->cap[p * NFIG + FK] < BIG)
        c = min64(c, S->cap[p * NFIG + FK]);
    return c;
}

static void build_system(struct sys *S, const struct snap *m)
{
    memset(S, 0, sizeof *S);
    S->m = m;
    compute_caps(S);
    size_t npos = (size_t)m->nn * (size_t)m->ns * (size_t)m->nt;
    size_t nns = (size_t)m->nn * (size_t)m->ns;
    S->term = xmalloc(npos * NFIG, sizeof *S->term);
    S->hterm = xmalloc(npos * NFIG, sizeof *S->hterm);
    S->sterm = xmalloc(nns * NFIG, sizeof *S->sterm);
    S->hsterm = xmalloc(nns * NFIG, sizeof *S->hsterm);

    /* Cells: published constants, or unknowns when suppressed (or the root's auxiliaries). */
    for (int n = 0; n < m->nn; n++)
        for (int s = 0; s < m->ns; s++)
            for (int t = 0; t < m->nt; t++)
                for (int f = 0; f < NFIG; f++) {
                    size_t i = pf(m, n, s, t, f);
                    i64 pv = m->pub[i];
                    if (pv == PUB_NA)
                        S->term[i] = T_NA;
                    else if (pv >= 0)
                        S->term[i] = pv;
                    else {
                        bool supp = pv == PUB_SUPP;
                        i64 lo = supp && f != FR ? 1 : 0;
                        S->term[i] = var_term(new_var(S, supp ? K_CELL : K_AUX, f, n, s, t, lo,
                                                      cap_of(S, pos(m, n, s, t), f)));
                    }
                }
    /* Remainders of the unpublished children, under every node with published children. */
    for (int n = 0; n < m->nn; n++)
        for (int s = 0; s < m->ns; s++)
            for (int t = 0; t < m->nt; t++)
                for (int f = 0; f < NFIG; f++) {
                    size_t i = pf(m, n, s, t, f);
                    if (!has_children(m, n) || S->term[i] == T_NA)
                        S->hterm[i] = T_NA;
                    else if (S->term[i] == 0)
                        S->hterm[i] = 0;
                    else
                        S->hterm[i] = var_term(new_var(S, K_H, f, n, s, t, 0,
                                                       cap_of(S, pos(m, n, s, t), f)));
                }
    /* Slack of conversations without a timestamp, per cluster and slot (C and R). */
    for (int n = 0; n < m->nn; n++)
        for (int s = 0; s < m->ns; s++)
            for (int f = 0; f < NFIG; f++) {
                size_t i = ((size_t)n * (size_t)m->ns + (size_t)s) * NFIG + (size_t)f;
                size_t c = pf(m, n, s, 0, f);
                if (n == 0 || f == FK) {
                    S->sterm[i] = S->hsterm[i] = T_NA;
                    continue;
                }
                S->sterm[i] = S->term[c] == 0 ? 0
                    : var_term(new_var(S, K_S, f, n, s, 0, 0, cap_of(S, pos(m, n, s, 0), f)));
                if (S->hterm[c] == T_NA)
                    S->hsterm[i] = T_NA;
                else
                    S->hsterm[i] = S->hterm[c] == 0 ? 0
                        : var_term(new_var(S, K_HS, f, n, s, 0, 0, cap_of(S, pos(m, n, s, 0), f)));
            }

#define TERM(n, s, t, f) S->term[pf(m, n, s, t, f)]
#define HTERM(n, s, t, f) S->hterm[pf(m, n, s, t, f)]
#define STERM(n, s, f) S->sterm[((size_t)(n) * (size_t)m->ns + (size_t)(s)) * NFIG + (size_t)(f)]
#define HSTERM(n, s, f) S->hsterm[((size_t)(n) * (size_t)m->ns + (size_t)(s)) * NFIG + (size_t)(f)]
    for (int f = 0; f < NFIG; f++)
        for (int n = 0; n < m->nn; n++) {
            int tmax = (n == 0 || f == FK) ? 1 : m->nt;
            bool kids = has_children(m, n);
            for (int t = 0; t < tmax; t++) {
                row_begin();
                row_add(TERM(n, 0, t, f), 1);
                for (int s = 1; s < m->ns; s++)
                    row_add(TERM(n, s, t, f), -1);
                row_end(S, true, "all languages = sum of languages", n, 0, t, f);
                if (!kids)
                    continue;
                for (int s = 0; s < m->ns; s++) {
                    row_begin();
                    row_add(TERM(n, s, t, f), 1);
                    for (int j = m->cstart[n]; j < m->cstart[n + 1]; j++)
                        row_add(TERM(m->child[j], s, t, f), -1);
                    row_add(HTERM(n, s, t, f), -1);
                    row_end(S, true, "parent >= sum of children", n, s, t, f);
                }
                row_begin();
                row_add(HTERM(n, 0, t, f), 1);
                for (int s = 1; s < m->ns; s++)
                    row_add(HTERM(n, s, t, f), -1);
                row_end(S, true, "remainder languages", n, 0, t, f);
            }
            if (n == 0 || f == FK)
                continue;
            for (int s = 0; s < m->ns; s++) {
                row_begin();
                row_add(TERM(n, s, 0, f), 1);
                for (int t = 1; t < m->nt; t++)
                    row_add(TERM(n, s, t, f), -1);
                row_add(STERM(n, s, f), -1);
                row_end(S, true, "cell >= sum of its months", n, s, 0, f);
                if (kids) {
                    row_begin();
                    row_add(HTERM(n, s, 0, f), 1);
                    for (int t = 1; t < m->nt; t++)
                        row_add(HTERM(n, s, t, f), -1);
                    row_add(HSTERM(n, s, f), -1);
                    row_end(S, true, "remainder months", n, s, 0, f);
                    row_begin();
                    row_add(STERM(n, s, f), 1);
                    for (int j = m->cstart[n]; j < m->cstart[n + 1]; j++)
                        row_add(STERM(m->child[j], s, f), -1);
                    row_add(HSTERM(n, s, f), -1);
                    row_end(S, true, "undated parent >= undated children", n, s, 0, f);
                }
            }
            row_begin();
            row_add(STERM(n, 0, f), 1);
            for (int s = 1; s < m->ns; s++)
                row_add(STERM(n, s, f), -1);
            row_end(S, true, "undated languages", n, 0, 0, f);
            if (kids) {
                row_begin();
                row_add(HSTERM(n, 0, f), 1);
                for (int s = 1; s < m->ns; s++)
                    row_add(HSTERM(n, s, f), -1);
                row_end(S, true, "undated remainder languages", n, 0, 0, f);
            }
        }
    /* Cross-figure inequalities, per position: R <= C, C <= K <= 5C. */
    for (int n = 0; n < m->nn; n++)
        for (int s = 0; s < m->ns; s++)
            for (int t = 0; t < m->nt; t++)
                for (int h = 0; h < 4; h++) {
                    i64 c, r, k = T_NA;
                    if (h >= 2 && t > 0)
                        continue;
                    if (h == 0) {
                        c = TERM(n, s, t, FC), r = TERM(n, s, t, FR), k = TERM(n, s, t, FK);
                    } else if (h == 1) {
                        c = HTERM(n, s, t, FC), r = HTERM(n, s, t, FR), k = HTERM(n, s, t, FK);
                    } else if (h == 2) {
                        c = STERM(n, s, FC), r = STERM(n, s, FR);
                    } else {
                        c = HSTERM(n, s, FC), r = HSTERM(n, s, FR);
                    }
                    if (c == T_NA)
                        continue;
                    row_begin();
                    row_add(r, 1);
                    row_add(c, -1);
                    row_end(S, false, "refused <= conversations", n, s, t, FR);
                    if (k == T_NA)
                        continue;
                    row_begin();
                    row_add(c, 1);
                    row_add(k, -1);
                    row_end(S, false, "conversations <= concern_sum", n, s, t, FK);
                    row_begin();
                    row_add(k, 1);
                    row_add(c, -5);
                    row_end(S, false, "concern_sum <= 5 x conversations", n, s, t, FK);
                }
#undef TERM
#undef HTERM
#undef STERM
#undef HSTERM
    if (S->nr == 0)
        S->rstart = xrealloc(S->rstart, 1, sizeof *S->rstart), S->rstart[0] = 0;
    /* Rows of each variable. */
    S->vstart = xcalloc((size_t)S->nv + 1, sizeof *S->vstart);
    for (int e = 0; e < S->ne; e++)
        S->vstart[S->ev[e] + 1]++;
    for (int v = 0; v < S->nv; v++)
        S->vstart[v + 1] += S->vstart[v];
    S->vrows = xmalloc((size_t)S->ne, sizeof *S->vrows);
    int *fill = xcalloc((size_t)S->nv, sizeof *fill);
    for (int r = 0; r < S->nr; r++)
        for (int e = S->rstart[r]; e < S->rstart[r + 1]; e++) {
            int v = S->ev[e];
            S->vrows[S->vstart[v] + fill[v]++] = r;
        }
    free(fill);
}

static void free_system(struct sys *S)
{
    free(S->lo);
    free(S->hi);
    free(S->kind);
    free(S->fig);
    free(S->vn);
    free(S->vs);
    free(S->vt);
    free(S->rstart);
    free(S->rb);
    free(S->req);
    free(S->ev);
    free(S->ec);
    free(S->vstart);
    free(S->vrows);
    free(S->term);
    free(S->hterm);
    free(S->sterm);
    free(S->hsterm);
    free(S->cap);
    free(S->capu);
    free(R.v);
    free(R.c);
}

/* ---- (1) interval propagation ---- */

static i128 floor_div(i128 a, i128 b) /* b != 0 */
{
    i128 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

static i128 ceil_div(i128 a, i128 b)
{
    return -floor_div(-a, b);
}

static i64 clamp_big(i128 x)
{
    if (x > BIG)
        return BIG;
    if (x < -BIG)
        return -BIG;
    return (i64)x;
}

struct queue { int *q; unsigned char *in; int head, n, cap; };

static void q_push(struct queue *Q, int r)
{
    if (Q->in[r])
        return;
    Q->in[r] = 1;
    Q->q[(Q->head + Q->n) % Q->cap] = r;
    Q->n++;
}

static int q_pop(struct queue *Q)
{
    int r = Q->q[Q->head];
    Q->head = (Q->head + 1) % Q->cap;
    Q->n--;
    Q->in[r] = 0;
    return r;
}

static void infeasible(struct sys *S, int r)
{
    int v = S->ev[S->rstart[r]];
    if (S->inconsistent++ < 5)
        fprintf(stderr, "attack_snapshot: %s: the published figures admit no solution near"
                " cluster %" PRId64 " lang %s month %s (%s)\n", g_path, S->m->id[S->vn[v]],
                S->m->lang[S->vs[v]], S->m->month[S->vt[v]], fig_name[S->fig[v]]);
}

/* Narrows bounds to a fixpoint, starting from the rows in Q. */
static void propagate(struct sys *S, struct queue *Q)
{
    long budget = 400L * (S->nr + 1) + 20000000L;
    while (Q->n > 0 && !S->inconsistent) {
        if (S->prop_visits++ > budget) {
            S->prop_budget_hit = true;
            while (Q->n > 0)
                q_pop(Q);
            break;
        }
        int r = q_pop(Q);
        int a0 = S->rstart[r], a1 = S->rstart[r + 1];
        i128 b = S->rb[r], mn = 0, mx = 0;
        for (int e = a0; e < a1; e++) {
            int v = S->ev[e];
            i128 a = S->ec[e];
            mn += a > 0 ? a * S->lo[v] : a * S->hi[v];
            mx += a > 0 ? a * S->hi[v] : a * S->lo[v];
        }
        if (mn > b || (S->req[r] && mx < b)) {
            infeasible(S, r);
            return;
        }
        bool changed = false;
        for (int e = a0; e < a1; e++) {
            int v = S->ev[e];
            i128 a = S->ec[e];
            i128 mnk = a > 0 ? a * S->lo[v] : a * S->hi[v];
            i128 mxk = a > 0 ? a * S->hi[v] : a * S->lo[v];
            i128 up = b - (mn - mnk);                 /* a x <= up */
            i64 nlo = S->lo[v], nhi = S->hi[v];
            if (a > 0)
                nhi = min64(nhi, clamp_big(floor_div(up, a)));
            else
                nlo = max64(nlo, clamp_big(ceil_div(up, a)));
            if (S->req[r]) {
                i128 dn = b - (mx - mxk);             /* a x >= dn */
                if (a > 0)
                    nlo = max64(nlo, clamp_big(ceil_div(dn, a)));
                else
                    nhi = min64(nhi, clamp_big(floor_div(dn, a)));
            }
            if (nlo == S->lo[v] && nhi == S->hi[v])
                continue;
            if (nlo > nhi) {
                infeasible(S, r);
                return;
            }
            S->lo[v] = nlo;
            S->hi[v] = nhi;
            changed = true;
            for (int j = S->vstart[v]; j < S->vstart[v + 1]; j++)
                if (S->vrows[j] != r)
                    q_push(Q, S->vrows[j]);
        }
        if (changed)
            q_push(Q, r);
    }
}

/* ---- (2) exact elimination modulo p = 2^61 - 1 ---- */

#define MODP ((u64)0x1fffffffffffffffULL)

static u64 mod_norm(i64 x)
{
    i64 r = x % (i64)MODP;
    return (u64)(r < 0 ? r + (i64)MODP : r);
}

static u64 mod_mul(u64 a, u64 b)
{
    u128 z = (u128)a * b;
    u64 r = (u64)(z & MODP) + (u64)(z >> 61);
    while (r >= MODP)
        r -= MODP;
    return r;
}

static u64 mod_sub(u64 a, u64 b)
{
    return a >= b ? a - b : a + MODP - b;
}

static u64 mod_inv(u64 a)
{
    u64 r = 1, e = MODP - 2;
    while (e) {
        if (e & 1)
            r = mod_mul(r, a);
        a = mod_mul(a, a);
        e >>= 1;
    }
    return r;
}

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static u64 rng_mod(void)
{
    for (;;) {
        rng_state ^= rng_state >> 12;
        rng_state ^= rng_state << 25;
        rng_state ^= rng_state >> 27;
        u64 x = (rng_state * 0x2545F4914F6CDD1DULL) >> 3;
        if (x > 0 && x < MODP)
            return x;
    }
}

struct erow { int n, cap; int *col; u64 *val; u64 b; bool active; };
struct ilist { int n, cap; int *v; };

/* Heap of (length << 32 | row), smallest first; stale entries are skipped on pop. */
struct heap { u64 *a; int n, cap; };

static void heap_push(struct heap *h, u64 key)
{
    GROW(h->a, h->n, h->cap);
    int i = h->n++;
    while (i > 0 && h->a[(i - 1) / 2] > key) {
        h->a[i] = h->a[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->a[i] = key;
}

static u64 heap_pop(struct heap *h)
{
    u64 top = h->a[0], last = h->a[--h->n];
    int i = 0;
    for (;;) {
        int c = 2 * i + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n && h->a[c + 1] < h->a[c])
            c++;
        if (h->a[c] >= last)
            break;
        h->a[i] = h->a[c];
        i = c;
    }
    if (h->n > 0)
        h->a[i] = last;
    return top;
}

static bool row_has(const struct erow *r, int c, u64 *val)
{
    int lo = 0, hi = r->n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (r->col[mid] == c) {
            *val = r->val[mid];
            return true;
        }
        if (r->col[mid] < c)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return false;
}

#define GAUSS_MAX_ENTRIES 10000000L /* about 120 MB of row entries */

/* Eliminates one component: rows over local columns 0..nc-1. Sets det[c] = 1 and val[c]
 * for each column the equations fix. Returns -1 when the rows contradict each other, -2
 * when the component is too dense to finish (nothing is derived then). */
static int eliminate(struct erow *rows, int nr, int nc, bool *det, i64 *val)
{
    struct ilist *crows = xcalloc((size_t)nc, sizeof *crows);
    int *ccnt = xcalloc((size_t)nc, sizeof *ccnt);
    long entries = 0;
    struct heap h = {0};
    for (int r = 0; r < nr; r++) {
        rows[r].active = true;
        entries += rows[r].n;
        for (int k = 0; k < rows[r].n; k++) {
            struct ilist *l = &crows[rows[r].col[k]];
            GROW(l->v, l->n, l->cap);
            l->v[l->n++] = r;
            ccnt[rows[r].col[k]]++;
        }
        heap_push(&h, (u64)rows[r].n << 32 | (u64)r);
    }
    int *ech = xmalloc((size_t)nr, sizeof *ech), *pivot = xmalloc((size_t)nr, sizeof *pivot);
    int ne = 0, rc = 0;
    int tcap = 0;
    int *tcol = NULL;
    u64 *tval = NULL;
    while (h.n > 0 && rc == 0) {
        u64 key = heap_pop(&h);
        int r = (int)(key & 0xffffffffu);
        struct erow *pr = &rows[r];
        if (!pr->active || (u64)pr->n != key >> 32)
            continue;
        if (pr->n == 0) {
            pr->active = false;
            if (pr->b != 0)
                rc = -1;
            continue;
        }
        int c = pr->col[0];
        for (int k = 1; k < pr->n; k++)
            if (ccnt[pr->col[k]] < ccnt[c])
                c = pr->col[k];
        u64 pv = 0;
        row_has(pr, c, &pv);
        u64 pinv = mod_inv(pv);
        struct ilist *l = &crows[c];
        for (int j = 0; j < l->n && rc == 0; j++) {
            int r2 = l->v[j];
            u64 v2;
            if (r2 == r || !rows[r2].active || !row_has(&rows[r2], c, &v2))
                continue;
            struct erow *q = &rows[r2];
            u64 fct = mod_mul(v2, pinv);
            int need = q->n + pr->n;
            if (need > tcap) {
                tcap = need * 2;
                tcol = xrealloc(tcol, (size_t)tcap, sizeof *tcol);
                tval = xrealloc(tval, (size_t)tcap, sizeof *tval);
            }
            int a = 0, b = 0, m = 0;
            while (a < q->n || b < pr->n) {
                if (b >= pr->n || (a < q->n && q->col[a] < pr->col[b])) {
                    tcol[m] = q->col[a];
                    tval[m++] = q->val[a++];
                } else if (a >= q->n || pr->col[b] < q->col[a]) {
                    int cc = pr->col[b];
                    tcol[m] = cc;
                    tval[m++] = mod_sub(0, mod_mul(fct, pr->val[b++]));
                    struct ilist *cl = &crows[cc];
                    GROW(cl->v, cl->n, cl->cap);
                    cl->v[cl->n++] = r2;
                    ccnt[cc]++;
                } else {
                    u64 x = mod_sub(q->val[a], mod_mul(fct, pr->val[b]));
                    if (x != 0) {
                        tcol[m] = q->col[a];
                        tval[m++] = x;
                    } else {
                        ccnt[q->col[a]]--;
                    }
                    a++;
                    b++;
                }
            }
            entries += m - q->n;
            if (m > q->cap) {
                q->cap = m;
                q->col = xrealloc(q->col, (size_t)m, sizeof *q->col);
                q->val = xrealloc(q->val, (size_t)m, sizeof *q->val);
            }
            memcpy(q->col, tcol, (size_t)m * sizeof *tcol);
            memcpy(q->val, tval, (size_t)m * sizeof *tval);
            q->n = m;
            q->b = mod_sub(q->b, mod_mul(fct, pr->b));
            if (m == 0) {
                q->active = false;
                if (q->b != 0)
                    rc = -1;
            } else {
                heap_push(&h, (u64)m << 32 | (u64)r2);
            }
            if (entries > GAUSS_MAX_ENTRIES)
                rc = -2;
        }
        pr->active = false;
        for (int k = 0; k < pr->n; k++)
            ccnt[pr->col[k]]--;
        ech[ne] = r;
        pivot[ne++] = c;
    }
    if (rc == 0) {
        /* Back substitution: x0 a particular solution (free columns 0), y a random null
         * vector (free columns random). A column is fixed iff y is 0 there. */
        u64 *x0 = xcalloc((size_t)nc, sizeof *x0), *y = xcalloc((size_t)nc, sizeof *y);
        bool *isp = xcalloc((size_t)nc, sizeof *isp);
        for (int k = 0; k < ne; k++)
            isp[pivot[k]] = true;
        for (int c = 0; c < nc; c++)
            if (!isp[c])
                y[c] = rng_mod();
        for (int k = ne - 1; k >= 0; k--) {
            const struct erow *pr = &rows[ech[k]];
            int c = pivot[k];
            u64 sx = pr->b, sy = 0, pv = 0;
            for (int j = 0; j < pr->n; j++) {
                if (pr->col[j] == c) {
                    pv = pr->val[j];
                    continue;
                }
                sx = mod_sub(sx, mod_mul(pr->val[j], x0[pr->col[j]]));
                sy = mod_sub(sy, mod_mul(pr->val[j], y[pr->col[j]]));
            }
            u64 inv = mod_inv(pv);
            x0[c] = mod_mul(sx, inv);
            y[c] = mod_mul(sy, inv);
        }
        for (int c = 0; c < nc; c++) {
            det[c] = isp[c] && y[c] == 0;
            if (det[c])
                val[c] = x0[c] > MODP / 2 ? -(i64)(MODP - x0[c]) : (i64)x0[c];
        }
        free(x0);
        free(y);
        free(isp);
    }
    for (int c = 0; c < nc; c++)
        free(crows[c].v);
    free(crows);
    free(ccnt);
    free(h.a);
    free(ech);
    free(pivot);
    free(tcol);
    free(tval);
    return rc;
}

static int uf_find(int *up, int x)
{
    while (up[x] != x) {
        up[x] = up[up[x]];
        x = up[x];
    }
    return x;
}

/* One round: every component of unfixed unknowns, eliminated; fixed values go into the
 * bounds and their rows into Q. Returns how many unknowns it fixed. */
static int gauss_round(struct sys *S, struct queue *Q)
{
    int *up = xmalloc((size_t)S->nv, sizeof *up);
    for (int v = 0; v < S->nv; v++)
        up[v] = v;
    for (int r = 0; r < S->nr; r++) {
        if (!S->req[r])
            continue;
        int first = -1;
        for (int e = S->rstart[r]; e < S->rstart[r + 1]; e++) {
            int v = S->ev[e];
            if (S->lo[v] == S->hi[v])
                continue;
            if (first < 0)
                first = v;
            else {
                int a = uf_find(up, first), b = uf_find(up, v);
                if (a != b)
                    up[a] = b;
            }
        }
    }
    /* Components: columns numbered within each, rows grouped by component. */
    int *comp = xmalloc((size_t)S->nv, sizeof *comp), *local = xmalloc((size_t)S->nv, sizeof *local);
    int *ncols = NULL, ncomp = 0;
    int *comp_of_root = xmalloc((size_t)S->nv, sizeof *comp_of_root);
    for (int v = 0; v < S->nv; v++)
        comp_of_root[v] = -1;
    for (int v = 0; v < S->nv; v++) {
        comp[v] = -1;
        if (S->lo[v] == S->hi[v])
            continue;
        int root = uf_find(up, v);
        if (comp_of_root[root] < 0) {
            comp_of_root[root] = ncomp++;
            ncols = xrealloc(ncols, (size_t)ncomp, sizeof *ncols);
            ncols[ncomp - 1] = 0;
        }
        comp[v] = comp_of_root[root];
        local[v] = ncols[comp[v]]++;
    }
    int *nrows = xcalloc((size_t)ncomp, sizeof *nrows);
    int *rcomp = xmalloc((size_t)S->nr + 1, sizeof *rcomp);
    for (int r = 0; r < S->nr; r++) {
        rcomp[r] = -1;
        if (!S->req[r])
            continue;
        for (int e = S->rstart[r]; e < S->rstart[r + 1]; e++)
            if (comp[S->ev[e]] >= 0) {
                rcomp[r] = comp[S->ev[e]];
                break;
            }
        if (rcomp[r] >= 0)
            nrows[rcomp[r]]++;
    }
    int *rfirst = xcalloc((size_t)ncomp + 1, sizeof *rfirst);
    for (int c = 0; c < ncomp; c++)
        rfirst[c + 1] = rfirst[c] + nrows[c];
    int *rlist = xmalloc((size_t)rfirst[ncomp] + 1, sizeof *rlist);
    int *rfill = xcalloc((size_t)ncomp, sizeof *rfill);
    for (int r = 0; r < S->nr; r++)
        if (rcomp[r] >= 0)
            rlist[rfirst[rcomp[r]] + rfill[rcomp[r]]++] = r;
    int *vof = xmalloc((size_t)S->nv, sizeof *vof);
    /* Column -> variable maps, per component. */
    int *cfirst = xcalloc((size_t)ncomp + 1, sizeof *cfirst);
    for (int c = 0; c < ncomp; c++)
        cfirst[c + 1] = cfirst[c] + ncols[c];
    for (int v = 0; v < S->nv; v++)
        if (comp[v] >= 0)
            vof[cfirst[comp[v]] + local[v]] = v;

    S->components = ncomp;
    S->largest = 0;
    int fixed = 0;
    for (int c = 0; c < ncomp; c++) {
        if (ncols[c] > S->largest)
            S->largest = ncols[c];
        int nr = nrows[c], nc = ncols[c];
        if (nr == 0)
            continue;
        struct erow *rows = xcalloc((size_t)nr, sizeof *rows);
        for (int k = 0; k < nr; k++) {
            int r = rlist[rfirst[c] + k];
            struct erow *er = &rows[k];
            i64 b = S->rb[r];
            int len = S->rstart[r + 1] - S->rstart[r];
            er->col = xmalloc((size_t)len, sizeof *er->col);
            er->val = xmalloc((size_t)len, sizeof *er->val);
            er->cap = len;
            for (int e = S->rstart[r]; e < S->rstart[r + 1]; e++) {
                int v = S->ev[e];
                if (comp[v] < 0)
                    b -= (i64)S->ec[e] * S->lo[v];
                else {
                    er->col[er->n] = local[v];
                    er->val[er->n++] = mod_norm(S->ec[e]);
                }
            }
            /* Columns in increasing order (insertion sort: rows are short). */
            for (int i = 1; i < er->n; i++)
                for (int j = i; j > 0 && er->col[j - 1] > er->col[j]; j--) {
                    int tc = er->col[j];
                    er->col[j] = er->col[j - 1];
                    er->col[j - 1] = tc;
                    u64 tv = er->val[j];
                    er->val[j] = er->val[j - 1];
                    er->val[j - 1] = tv;
                }
            er->b = mod_norm(b);
        }
        bool *det = xcalloc((size_t)nc, sizeof *det);
        i64 *val = xcalloc((size_t)nc, sizeof *val);
        int rc = eliminate(rows, nr, nc, det, val);
        if (rc == -1) {
            if (S->inconsistent++ < 5)
                fprintf(stderr, "attack_snapshot: %s: the published equations contradict each"
                        " other\n", g_path);
        } else if (rc == -2) {
            S->gauss_skipped++;
        } else {
            for (int k = 0; k < nc; k++) {
                if (!det[k])
                    continue;
                int v = vof[cfirst[c] + k];
                if (val[k] < S->lo[v] || val[k] > S->hi[v]) {
                    if (S->inconsistent++ < 5)
                        fprintf(stderr, "attack_snapshot: %s: elimination gives %" PRId64
                                " outside [%" PRId64 ", %" PRId64 "] at cluster %" PRId64
                                " lang %s month %s (%s)\n", g_path, val[k], S->lo[v], S->hi[v],
                                S->m->id[S->vn[v]], S->m->lang[S->vs[v]], S->m->month[S->vt[v]],
                                fig_name[S->fig[v]]);
                    continue;
                }
                S->lo[v] = S->hi[v] = val[k];
                fixed++;
                for (int j = S->vstart[v]; j < S->vstart[v + 1]; j++)
                    q_push(Q, S->vrows[j]);
            }
        }
        for (int k = 0; k < nr; k++) {
            free(rows[k].col);
            free(rows[k].val);
        }
        free(rows);
        free(det);
        free(val);
    }
    free(up);
    free(comp);
    free(local);
    free(ncols);
    free(comp_of_root);
    free(nrows);
    free(rcomp);
    free(rfirst);
    free(rlist);
    free(rfill);
    free(vof);
    free(cfirst);
    return fixed;
}

/* ---- classification ---- */

enum { D_EXACT_C, D_NARROW, D_EXACT_R, D_EXACT_K, D_N };

struct item { int what; int n, s, t; int reason; const char *figure; i64 lo, hi; };

struct result {
    struct item *items;
    int n, cap;
    long count[D_N];
    long inherent_zeros, derived_zeros, hidden, cells;
};

static void add_item(struct result *res, int what, int n, int s, int t, int reason,
                     const char *figure, i64 lo, i64 hi)
{
    GROW(res->items, res->n, res->cap);
    res->items[res->n++] = (struct item){what, n, s, t, reason, figure, lo, hi};
    res->count[reason]++;
}

static void bounds_of(const struct sys *S, i64 term, i64 *lo, i64 *hi)
{
    if (is_var(term)) {
        *lo = S->lo[term_var(term)];
        *hi = S->hi[term_var(term)];
    } else {
        *lo = *hi = term;
    }
}

/* what: 0 = suppressed cell, 1 = remainder. */
static void classify_position(const struct sys *S, struct result *res, int what, int n, int s,
                              int t)
{
    const struct snap *m = S->m;
    const i64 *tab = what ? S->hterm : S->term;
    i64 tc = tab[pf(m, n, s, t, FC)];
    i64 clo, chi;
    bounds_of(S, tc, &clo, &chi);
    if (what == 1 && chi == 0)
        return; /* nothing hidden */
    res->hidden++;
    long before = res->n;
    if (clo == chi)
        add_item(res, what, n, s, t, D_EXACT_C, fig_name[FC], clo, chi);
    else if (clo > 0 && chi - clo < (m->min_conv + 4) / 5)
        add_item(res, what, n, s, t, D_NARROW, fig_name[FC], clo, chi);
    if (what == 0 || clo > 0) {
        for (int f = FR; f < NFIG; f++) {
            i64 tf = tab[pf(m, n, s, t, f)];
            if (tf == T_NA)
                continue;
            i64 lo, hi;
            bounds_of(S, tf, &lo, &hi);
            if (lo != hi)
                continue;
            if (lo == 0 && S->cap[pf(m, n, s, t, f)] == 0) {
                res->inherent_zeros++;
                continue;
            }
            if (lo == 0 && f == FR) {
                res->derived_zeros++;
                continue;
            }
            if (clo >= m->min_conv && clo != chi)
                continue; /* a group the conversation threshold allows to be described */
            add_item(res, what, n, s, t, f == FR ? D_EXACT_R : D_EXACT_K, fig_name[f], lo, hi);
        }
    }
    if (res->n > before)
        res->cells++;
}

static void classify(const struct sys *S, struct result *res)
{
    const struct snap *m = S->m;
    memset(res, 0, sizeof *res);
    for (int n = 0; n < m->nn; n++)
        for (int s = 0; s < m->ns; s++)
            for (int t = 0; t < m->nt; t++) {
                if (m->pub[pf(m, n, s, t, FC)] == PUB_SUPP)
                    classify_position(S, res, 0, n, s, t);
                if (is_var(S->hterm[pf(m, n, s, t, FC)]))
                    classify_position(S, res, 1, n, s, t);
            }
}

/* ---- output ---- */

static const char *const reason_name[D_N] = {"exact", "narrowed", "exact", "exact"};

static void json_str(FILE *o, const char *s)
{
    fputc('"', o);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(o, "\\%c", c);
        else if (c < 0x20)
            fprintf(o, "\\u%04x", c);
        else
            fputc(c, o);
    }
    fputc('"', o);
}

static const char *what_name(const struct item *it)
{
    if (it->what == 1)
        return "remainder";
    return it->n == 0 ? "language" : "cell";
}

static void usage(FILE *o)
{
    fprintf(o,
            "usage: attack_snapshot [--json] [--list] [--no-gauss] [--intervals] SNAPSHOT.db\n"
            "Derives every hidden figure it can from one kleio snapshot (read-only) and\n"
            "reports the disclosures (see the rule at the top of tests/tools/attack_snapshot.c).\n"
            "  --list      print each disclosed value: what cluster lang month figure lo hi reason\n"
            "              (what: cell, language total, or remainder of the unpublished\n"
            "              children of cluster; cluster 0 = the top level; lang * = all,\n"
            "              month - = whole period)\n"
            "  --json      one JSON object instead of the summary (items with --list)\n"
            "  --no-gauss  interval propagation only, without exact elimination\n"
            "  --intervals print the derived interval of every hidden value and auxiliary\n"
            "              unknown (kind cluster lang month figure lo hi), then the summary\n"
            "Exit status: 0 nothing disclosed, 1 something disclosed, 2 bad input.\n");
}

int main(int argc, char **argv)
{
    bool json = false, list = false, gauss = true, intervals = false;
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (strcmp(argv[i], "--list") == 0)
            list = true;
        else if (strcmp(argv[i], "--no-gauss") == 0)
            gauss = false;
        else if (strcmp(argv[i], "--intervals") == 0)
            intervals = true;
        else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "attack_snapshot: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        } else if (file) {
            fprintf(stderr, "attack_snapshot: one snapshot only\n");
            return 2;
        } else {
            file = argv[i];
        }
    }
    if (!file) {
        usage(stderr);
        return 2;
    }
    g_path = file;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);

    struct snap m;
    read_snapshot(file, &m);
    struct sys S;
    build_system(&S, &m);
    int unknowns = S.nv;

    struct queue Q = {xmalloc((size_t)S.nr + 1, sizeof(int)), xcalloc((size_t)S.nr + 1, 1), 0, 0,
                      S.nr + 1};
    for (int r = 0; r < S.nr; r++)
        q_push(&Q, r);
    propagate(&S, &Q);
    int rounds = 0;
    while (gauss && !S.inconsistent) {
        int fixed = gauss_round(&S, &Q);
        rounds++;
        S.gauss_fixed += fixed;
        if (fixed == 0)
            break;
        propagate(&S, &Q);
    }
    if (S.inconsistent) {
        fprintf(stderr, "attack_snapshot: %s: %d relation(s) of kleio-snapshot(5) do not hold;"
                " no derivation can be trusted\n", file, S.inconsistent);
        free(Q.q);
        free(Q.in);
        free_system(&S);
        free_snapshot(&m);
        return 2;
    }
    if (intervals) {
        static const char *const kind_name[] = {"cell", "remainder", "undated", "undated-remainder",
                                                "auxiliary"};
        for (int v = 0; v < S.nv; v++)
            printf("%s %" PRId64 " %s %s %s %" PRId64 " %" PRId64 "\n", kind_name[S.kind[v]],
                   m.id[S.vn[v]], m.lang[S.vs[v]], m.month[S.vt[v]], fig_name[S.fig[v]], S.lo[v],
                   S.hi[v]);
    }
    struct result res;
    classify(&S, &res);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    long total = 0;
    for (int k = 0; k < D_N; k++)
        total += res.count[k];

    if (json) {
        printf("{\"snapshot\":");
        json_str(stdout, file);
        printf(",\"disclosed\":%ld,\"cells\":%ld,\"exact_conversations\":%ld,"
               "\"narrowed\":%ld,\"exact_refused\":%ld,\"exact_concern_sum\":%ld,"
               "\"inherent_zeros\":%ld,\"derived_zeros\":%ld,\"hidden\":%ld,"
               "\"unknowns\":%d,\"equations\":%d,\"inequalities\":%d,\"components\":%d,"
               "\"largest_component\":%d,\"fixed_by_elimination\":%d,"
               "\"components_skipped\":%d,\"propagation_cut\":%s,\"elimination\":%s,"
               "\"min_users\":%" PRId64 ",\"min_conversations\":%" PRId64 ",\"seconds\":%.3f",
               total, res.cells, res.count[D_EXACT_C], res.count[D_NARROW], res.count[D_EXACT_R],
               res.count[D_EXACT_K], res.inherent_zeros, res.derived_zeros, res.hidden, unknowns,
               S.n_eq, S.n_le, S.components, S.largest, S.gauss_fixed, S.gauss_skipped,
               S.prop_budget_hit ? "true" : "false", gauss ? "true" : "false", m.min_users,
               m.min_conv, secs);
        if (list) {
            printf(",\"items\":[");
            for (int k = 0; k < res.n; k++) {
                const struct item *it = &res.items[k];
                printf("%s{\"what\":\"%s\",\"cluster\":", k ? "," : "", what_name(it));
                if (it->what == 0 && it->n == 0)
                    printf("null");
                else
                    printf("%" PRId64, m.id[it->n]);
                printf(",\"lang\":");
                if (it->s == 0)
                    printf("null");
                else
                    json_str(stdout, m.lang[it->s]);
                printf(",\"month\":");
                if (it->t == 0)
                    printf("null");
                else
                    json_str(stdout, m.month[it->t]);
                printf(",\"figure\":\"%s\",\"lo\":%" PRId64 ",\"hi\":%" PRId64
                       ",\"reason\":\"%s\"}", it->figure, it->lo, it->hi, reason_name[it->reason]);
            }
            printf("]");
        }
        printf("}\n");
    } else {
        printf("%ld disclosed: %ld exact conversations, %ld narrowed, %ld exact refused,"
               " %ld exact concern_sum; %ld inherent zeros, %ld derived zeros;"
               " unknowns %d, equations %d\n",
               total, res.count[D_EXACT_C], res.count[D_NARROW], res.count[D_EXACT_R],
               res.count[D_EXACT_K], res.inherent_zeros, res.derived_zeros, unknowns, S.n_eq);
        printf("  %s: %ld of %ld hidden values disclosed; %d inequalities; %s; %d components"
               " (largest %d unknowns), %d fixed by elimination in %d rounds%s%s; %.2f s\n",
               file, res.cells, res.hidden, S.n_le,
               gauss ? "propagation + elimination" : "propagation only", S.components, S.largest,
               S.gauss_fixed, rounds,
               S.gauss_skipped ? " (some components too dense: skipped)" : "",
               S.prop_budget_hit ? " (propagation cut short)" : "", secs);
        if (list) {
            printf("# what cluster lang month figure lo hi reason\n");
            for (int k = 0; k < res.n; k++) {
                const struct item *it = &res.items[k];
                printf("%s ", what_name(it));
                if (it->what == 0 && it->n == 0)
                    printf("-");
                else
                    printf("%" PRId64, m.id[it->n]);
                printf(" %s %s %s %" PRId64 " %" PRId64 " %s\n", m.lang[it->s], m.month[it->t],
                       it->figure, it->lo, it->hi, reason_name[it->reason]);
            }
        }
    }
    free(res.items);
    free(Q.q);
    free(Q.in);
    free_system(&S);
    free_snapshot(&m);
    return total > 0 ? 1 : 0;
}
