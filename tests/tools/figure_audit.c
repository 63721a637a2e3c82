/* figure_audit.c — test tool: recomputes every figure of a snapshot from the work
 * database that made it and compares, then compares every figure `kleio tree --format
 * json` shows (every level; all languages, each language alone and every pair) with the
 * truth under the definitions of kleio-browse(1), FIGURES:
 *   exact figures equal the truth (reals within their 4 significant digits), a lower
 *   bound is <= the truth, an upper bound >= it, a figure over a suppressed cell is never
 *   shown as exact, a share is truth / the parent's truth (top level: / the selection's
 *   total), a hidden row is the parent's truth minus what its children show.
 *
 *   usage: figure_audit --work WORK.db --snapshot SNAP.db [--kleio BIN] [--pairs N] [-v]
 *
 * Prints one summary line "figure_audit: N figures compared, M mismatches" (with the
 * count per class) and the first mismatches; exits 1 when there is any. */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "kleio/buf.h"
#include "kleio/mem.h"

/* ---- mismatches, by class ---- */

enum cls { C_CLUSTERS, C_CELLS, C_LANGUAGES, C_TIME, C_META, C_TREE_COUNT,
           C_TREE_USERS, C_TREE_RATE, C_TREE_SHARE, C_TREE_HIDDEN_ROW, C_TREE_LEAK,
           C_TREE_MISSING, C_TREE_PRECISION, C_N };
static const char *const cls_name[C_N] = {
    "clusters", "cluster_lang", "languages", "cluster_time", "meta",
    "tree-conversations", "tree-users", "tree-rates", "tree-shares", "tree-hidden-rows",
    "tree-hidden-shown-exact", "tree-missing-clusters", "tree-precision"};

static long compared, mismatches, by_cls[C_N];
static int verbose, shown_max = 25, n_shown;

static void check(enum cls c, bool ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void check(enum cls c, bool ok, const char *fmt, ...)
{
    compared++;
    if (ok)
        return;
    mismatches++;
    by_cls[c]++;
    if (n_shown++ < shown_max || verbose) {
        va_list ap;
        va_start(ap, fmt);
        fprintf(stderr, "mismatch [%s] ", cls_name[c]);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
        va_end(ap);
    }
}

/* ---- the truth, from the work database ---- */

typedef struct conv {
    int lang;                /* index into langs */
    int user;                /* index of the user id */
    int refused, concern;
    int month;               /* months since year 0, -1 without a timestamp */
    int deepest;             /* cluster index, -1 when in no published cluster */
} conv_row;

typedef struct cluster {
    int64_t id, parent_id;
    int parent;              /* index, -1 at the top */
    int level;
    int64_t conversations, users, refused, concern_sum;
} cluster;

static conv_row *convs;
static size_t n_convs;
static cluster *clusters;
static size_t n_clusters;
static char (*langs)[16];
static size_t n_langs;
static size_t n_users;
static int64_t min_users, min_conversations;

static int cluster_index(int64_t id)
{
    size_t lo = 0, hi = n_clusters;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (clusters[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n_clusters && clusters[lo].id == id ? (int)lo : -1;
}

static int lang_index(const char *code)
{
    for (size_t l = 0; l < n_langs; l++)
        if (strcmp(langs[l], code) == 0)
            return (int)l;
    return -1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int month_of(int64_t ts)
{
    time_t t = (time_t)ts;
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return -1;
    return (tm.tm_year + 1900) * 12 + tm.tm_mon;
}

static bool lang_in_list(const char *list, const char *code)
{
    size_t len = strlen(code);
    for (const char *p = list; *p;) {
        while (*p == ',' || *p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ',' && *e != ' ')
            e++;
        if ((size_t)(e - p) == len && len > 0 && strncmp(p, code, len) == 0)
            return true;
        p = e;
    }
    return false;
}

static int load_snapshot_clusters(sqlite3 *snap)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(snap, "SELECT id, coalesce(parent_id, 0), level, conversations, users,"
                                 " refused, concern_sum FROM clusters ORDER BY id", -1, &st,
                           NULL) != SQLITE_OK)
        return -1;
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n_clusters == cap) {
            cap = cap ? cap * 2 : 256;
            clusters = kl_reallocarray(clusters, cap, sizeof *clusters);
        }
        cluster *c = &clusters[n_clusters++];
        c->id = sqlite3_column_int64(st, 0);
        c->parent_id = sqlite3_column_int64(st, 1);
        c->level = sqlite3_column_int(st, 2);
        c->conversations = sqlite3_column_int64(st, 3);
        c->users = sqlite3_column_int64(st, 4);
        c->refused = sqlite3_column_int64(st, 5);
        c->concern_sum = sqlite3_column_int64(st, 6);
    }
    sqlite3_finalize(st);
    for (size_t i = 0; i < n_clusters; i++)
        clusters[i].parent = clusters[i].parent_id ? cluster_index(clusters[i].parent_id) : -1;
    return 0;
}

/* The snapshot's run parameters: a run restricted to some languages read only those. */
static char *run_languages(sqlite3 *snap)
{
    sqlite3_stmt *st;
    char *out = NULL;
    if (sqlite3_prepare_v2(snap, "SELECT value FROM meta WHERE key = 'params'", -1, &st, NULL) !=
        SQLITE_OK)
        return NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        json_t *p = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
        json_t *l = p ? json_object_get(p, "languages") : NULL;
        if (json_is_string(l) && *json_string_value(l))
            out = kl_strdup(json_string_value(l));
        json_decref(p);
    }
    sqlite3_finalize(st);
    return out;
}

/* The language a row is published under: languages too rare to publish on their own are
 * counted as "und" by the privacy stage (meta merged_languages, kleio-privacy(7)). */
static const char *published_lang(sqlite3_stmt *st, const char *lang)
{
    if (!st)
        return lang;
    sqlite3_bind_text(st, 1, lang, -1, SQLITE_TRANSIENT);
    bool present = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return present ? lang : "und";
}

static int load_work(sqlite3 *work, sqlite3 *snap)
{
    char *only = run_languages(snap);
    sqlite3_stmt *st, *has_lang = NULL;
    sqlite3_prepare_v2(snap, "SELECT 1 FROM languages WHERE code = ?1", -1, &has_lang, NULL);
    /* Every conversation with facets, its user, language and deepest published cluster
     * (run_pub_leaf maps leaves to the privacy stage's ids, run_idmap those to the
     * snapshot's stable ids). */
    static const char sql[] =
        "SELECT c.user_id, c.ts, f.lang, f.refused, f.concern, m.stable_id"
        " FROM conversations c JOIN facets f ON f.conv = c.rowid"
        " LEFT JOIN run_assign a ON a.conv = c.rowid"
        " LEFT JOIN run_pub_leaf l ON l.leaf = a.leaf"
        " LEFT JOIN run_idmap m ON m.pub_id = l.cluster_id";
    if (sqlite3_prepare_v2(work, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "figure_audit: work database: %s\n", sqlite3_errmsg(work));
        sqlite3_finalize(has_lang);
        free(only);
        return -1;
    }
    char **user_ids = NULL;
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *lang = (const char *)sqlite3_column_text(st, 2);
        if (only && !lang_in_list(only, lang ? lang : ""))
            continue;
        if (n_convs == cap) {
            cap = cap ? cap * 2 : 4096;
            convs = kl_reallocarray(convs, cap, sizeof *convs);
            user_ids = kl_reallocarray(user_ids, cap, sizeof *user_ids);
        }
        conv_row *c = &convs[n_convs];
        const char *u = (const char *)sqlite3_column_text(st, 0);
        user_ids[n_convs] = kl_strdup(u ? u : "");
        c->month = sqlite3_column_type(st, 1) == SQLITE_NULL ? -1
                                                              : month_of(sqlite3_column_int64(st, 1));
        const char *pub = published_lang(has_lang, lang ? lang : "und");
        int li = lang_index(pub);
        if (li < 0) {
            langs = kl_reallocarray(langs, n_langs + 1, sizeof *langs);
            snprintf(langs[n_langs], sizeof langs[0], "%s", pub);
            li = (int)n_langs++;
        }
        c->lang = li;
        c->refused = sqlite3_column_int(st, 3) != 0;
        c->concern = sqlite3_column_int(st, 4);
        c->deepest = sqlite3_column_type(st, 5) == SQLITE_NULL
                         ? -1 : cluster_index(sqlite3_column_int64(st, 5));
        n_convs++;
    }
    sqlite3_finalize(st);
    sqlite3_finalize(has_lang);
    free(only);
    /* Users numbered by their sorted ids. */
    char **sorted = kl_malloc((n_convs + 1) * sizeof *sorted);
    if (n_convs > 0)      /* user_ids is NULL when no row was read: memcpy from NULL is UB */
        memcpy(sorted, user_ids, n_convs * sizeof *sorted);
    qsort(sorted, n_convs, sizeof *sorted, cmp_str);
    size_t u = 0;
    for (size_t i = 0; i < n_convs; i++)
        if (u == 0 || strcmp(sorted[u - 1], sorted[i]) != 0)
            sorted[u++] = sorted[i];
    n_users = u;
    for (size_t i = 0; i < n_convs; i++) {
        char **hit = bsearch(&user_ids[i], sorted, u, sizeof *sorted, cmp_str);
        convs[i].user = (int)(hit - sorted);
    }
    for (size_t i = 0; i < n_convs; i++)
        free(user_ids[i]);
    free(user_ids);
    free(sorted);
    return 0;
}

/* Figures of one group of conversations. */
typedef struct truth {
    int64_t conversations, users, refused, concern_sum;
} truth;

/* Truth per cluster (and the selection's total) for the languages with sel[l] set. */
struct pair { int64_t key; int user; };

static int cmp_pair(const void *a, const void *b)
{
    const struct pair *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->user > y->user) - (x->user < y->user);
}

/* Distinct users per key, from (key, user) pairs. */
static void count_users(struct pair *p, size_t n, void (*put)(int64_t key, int64_t users, void *),
                        void *ctx)
{
    if (n > 1)
        qsort(p, n, sizeof *p, cmp_pair);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        int64_t users = 0;
        while (j < n && p[j].key == p[i].key) {
            if (j == i || p[j].user != p[j - 1].user)
                users++;
            j++;
        }
        put(p[i].key, users, ctx);
        i = j;
    }
}

static void put_cluster_users(int64_t key, int64_t users, void *ctx)
{
    truth *t = ctx;
    t[key].users = users;
}

/* t[n_clusters] holds the selection's total (every conversation in its languages). */
static truth *truth_for(const bool *sel)
{
    truth *t = kl_calloc(n_clusters + 1, sizeof *t);
    struct pair *p = kl_malloc((n_convs * 8 + 1) * sizeof *p);
    size_t np = 0, cap = n_convs * 8 + 1;
    for (size_t i = 0; i < n_convs; i++) {
        const conv_row *c = &convs[i];
        if (sel && !sel[c->lang])
            continue;
        for (int k = c->deepest;; k = clusters[k].parent) {
            int idx = k < 0 ? (int)n_clusters : k;
            t[idx].conversations++;
            t[idx].refused += c->refused;
            t[idx].concern_sum += c->concern;
            if (np == cap) {
                cap *= 2;
                p = kl_reallocarray(p, cap, sizeof *p);
            }
            p[np++] = (struct pair){idx, c->user};
            if (k < 0)
                break;
        }
    }
    count_users(p, np, put_cluster_users, t);
    free(p);
    return t;
}

/* ---- the snapshot's tables against the truth ---- */

/* Published figures below the thresholds: reported, not counted as mismatches (what may
 * be published is the privacy stage's decision, kleio-privacy(7); this audits figures). */
static long below_thresholds;

static void note_threshold(int64_t conversations, int64_t users)
{
    if (conversations < min_conversations || users < min_users)
        below_thresholds++;
}

static void audit_clusters(void)
{
    truth *t = truth_for(NULL);
    for (size_t i = 0; i < n_clusters; i++) {
        const cluster *c = &clusters[i];
        check(C_CLUSTERS, c->conversations == t[i].conversations,
              "cluster %lld conversations %lld, truth %lld", (long long)c->id,
              (long long)c->conversations, (long long)t[i].conversations);
        check(C_CLUSTERS, c->users == t[i].users, "cluster %lld users %lld, truth %lld",
              (long long)c->id, (long long)c->users, (long long)t[i].users);
        check(C_CLUSTERS, c->refused == t[i].refused, "cluster %lld refused %lld, truth %lld",
              (long long)c->id, (long long)c->refused, (long long)t[i].refused);
        check(C_CLUSTERS, c->concern_sum == t[i].concern_sum,
              "cluster %lld concern_sum %lld, truth %lld", (long long)c->id,
              (long long)c->concern_sum, (long long)t[i].concern_sum);
        note_threshold(c->conversations, c->users);
    }
    free(t);
}

/* One published-or-suppressed row against its truth; figures NULL when suppressed. */
static void audit_row(enum cls cl, const char *what, sqlite3_stmt *st, int first, bool users,
                      const truth *tr)
{
    bool supp = sqlite3_column_int(st, first) != 0;
    int nfig = users ? 4 : 2;
    if (supp) {
        bool nulls = true;
        for (int k = 0; k < nfig; k++)
            nulls &= sqlite3_column_type(st, first + 1 + k) == SQLITE_NULL;
        check(cl, nulls, "%s: suppressed but carries figures", what);
        check(cl, tr->conversations > 0, "%s: a suppressed row for nothing", what);
        return;
    }
    int64_t conv = sqlite3_column_int64(st, first + 1);
    check(cl, conv == tr->conversations, "%s: conversations %lld, truth %lld", what,
          (long long)conv, (long long)tr->conversations);
    if (users) {
        int64_t u = sqlite3_column_int64(st, first + 2), r = sqlite3_column_int64(st, first + 3),
                cs = sqlite3_column_int64(st, first + 4);
        check(cl, u == tr->users, "%s: users %lld, truth %lld", what, (long long)u,
              (long long)tr->users);
        check(cl, r == tr->refused, "%s: refused %lld, truth %lld", what, (long long)r,
              (long long)tr->refused);
        check(cl, cs == tr->concern_sum, "%s: concern_sum %lld, truth %lld", what, (long long)cs,
              (long long)tr->concern_sum);
        note_threshold(conv, u);
    } else {
        int64_t r = sqlite3_column_int64(st, first + 2);
        check(cl, r == tr->refused, "%s: refused %lld, truth %lld", what, (long long)r,
              (long long)tr->refused);
    }
}

static truth **lang_truth;   /* [n_langs] per cluster + total */
static bool **suppressed;    /* [n_langs][n_clusters]: the snapshot's cell is suppressed */
static bool *lang_suppressed;

static void audit_cells(sqlite3 *snap)
{
    lang_truth = kl_calloc(n_langs, sizeof *lang_truth);
    suppressed = kl_calloc(n_langs, sizeof *suppressed);
    lang_suppressed = kl_calloc(n_langs, sizeof *lang_suppressed);
    bool *sel = kl_calloc(n_langs, sizeof *sel);
    for (size_t l = 0; l < n_langs; l++) {
        memset(sel, 0, n_langs * sizeof *sel);
        sel[l] = true;
        lang_truth[l] = truth_for(sel);
        suppressed[l] = kl_calloc(n_clusters + 1, sizeof **suppressed);
    }
    free(sel);
    /* Every truth cell must have a row: a missing row reads as an exact zero. */
    bool **seen = kl_calloc(n_langs, sizeof *seen);
    for (size_t l = 0; l < n_langs; l++)
        seen[l] = kl_calloc(n_clusters + 1, sizeof **seen);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(snap, "SELECT cluster_id, lang, suppressed, conversations, users, refused,"
                             " concern_sum FROM cluster_lang", -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
        int ci = cluster_index(sqlite3_column_int64(st, 0));
        const char *code = (const char *)sqlite3_column_text(st, 1);
        int li = lang_index(code ? code : "");
        char what[96];
        snprintf(what, sizeof what, "cell %lld/%s", (long long)sqlite3_column_int64(st, 0),
                 code ? code : "");
        static const truth none = {0, 0, 0, 0};
        check(C_CELLS, ci >= 0 && li >= 0, "%s: no such cluster or language", what);
        audit_row(C_CELLS, what, st, 2, true, ci >= 0 && li >= 0 ? &lang_truth[li][ci] : &none);
        if (ci >= 0 && li >= 0) {
            seen[li][ci] = true;
            suppressed[li][ci] = sqlite3_column_int(st, 2) != 0;
        }
    }
    sqlite3_finalize(st);
    for (size_t l = 0; l < n_langs; l++)
        for (size_t i = 0; i < n_clusters; i++)
            check(C_CELLS, seen[l][i] || lang_truth[l][i].conversations == 0,
                  "cell %lld/%s: %lld conversations but no row", (long long)clusters[i].id,
                  langs[l], (long long)lang_truth[l][i].conversations);
    bool *lseen = kl_calloc(n_langs, sizeof *lseen);
    sqlite3_prepare_v2(snap, "SELECT code, suppressed, conversations, users, refused, concern_sum"
                             " FROM languages", -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(st, 0);
        int li = lang_index(code ? code : "");
        char what[64];
        snprintf(what, sizeof what, "language %s", code ? code : "");
        static const truth none = {0, 0, 0, 0};
        check(C_LANGUAGES, li >= 0, "%s: not in the corpus", what);
        audit_row(C_LANGUAGES, what, st, 1, true, li >= 0 ? &lang_truth[li][n_clusters] : &none);
        if (li >= 0) {
            lseen[li] = true;
            lang_suppressed[li] = sqlite3_column_int(st, 1) != 0;
        }
    }
    sqlite3_finalize(st);
    for (size_t l = 0; l < n_langs; l++)
        check(C_LANGUAGES, lseen[l], "language %s: in the corpus, not in the snapshot", langs[l]);
    free(lseen);
    for (size_t l = 0; l < n_langs; l++)
        free(seen[l]);
    free(seen);
}

/* cluster_time: conversations and refused per cluster, language ("" all) and month. */
struct tkey { int cluster, lang, month; };
struct tcell { struct tkey k; int64_t conv, refused; bool seen; };

static int cmp_tkey(const void *a, const void *b)
{
    const struct tkey *x = a, *y = b;
    if (x->cluster != y->cluster)
        return x->cluster < y->cluster ? -1 : 1;
    if (x->lang != y->lang)
        return x->lang < y->lang ? -1 : 1;
    return (x->month > y->month) - (x->month < y->month);
}

static void audit_time(sqlite3 *snap)
{
    size_t cap = n_convs * 16 + 1, n = 0;
    struct tcell *cells = kl_malloc(cap * sizeof *cells);
    for (size_t i = 0; i < n_convs; i++) {
        const conv_row *c = &convs[i];
        if (c->month < 0)
            continue;
        for (int k = c->deepest; k >= 0; k = clusters[k].parent)
            for (int all = 0; all < 2; all++) {
                if (n == cap) {
                    cap *= 2;
                    cells = kl_reallocarray(cells, cap, sizeof *cells);
                }
                cells[n++] = (struct tcell){{k, all ? -1 : c->lang, c->month}, 1, c->refused, false};
            }
    }
    qsort(cells, n, sizeof *cells, cmp_tkey);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m > 0 && cmp_tkey(&cells[m - 1].k, &cells[i].k) == 0) {
            cells[m - 1].conv += cells[i].conv;
            cells[m - 1].refused += cells[i].refused;
        } else {
            cells[m++] = cells[i];
        }
    }
    sqlite3_stmt *st;
    sqlite3_prepare_v2(snap, "SELECT cluster_id, lang, bucket, suppressed, conversations, refused"
                             " FROM cluster_time", -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(st, 1);
        const char *bucket = (const char *)sqlite3_column_text(st, 2);
        int y = 0, mo = 0;
        if (bucket)
            sscanf(bucket, "%d-%d", &y, &mo);
        struct tkey k = {cluster_index(sqlite3_column_int64(st, 0)),
                         code && *code ? lang_index(code) : -1, y * 12 + mo - 1};
        char what[96];
        snprintf(what, sizeof what, "bucket %lld/%s/%s", (long long)sqlite3_column_int64(st, 0),
                 code && *code ? code : "all", bucket ? bucket : "");
        struct tcell *hit = bsearch(&k, cells, m, sizeof *cells, cmp_tkey);
        truth tr = {hit ? hit->conv : 0, 0, hit ? hit->refused : 0, 0};
        if (hit)
            hit->seen = true;
        audit_row(C_TIME, what, st, 3, false, &tr);
    }
    sqlite3_finalize(st);
    for (size_t i = 0; i < m; i++)
        check(C_TIME, cells[i].seen, "bucket %lld/%s/month %d: %lld conversations but no row",
              (long long)clusters[cells[i].k.cluster].id,
              cells[i].k.lang < 0 ? "all" : langs[cells[i].k.lang], cells[i].k.month,
              (long long)cells[i].conv);
    free(cells);
}

static int64_t meta_int(sqlite3 *snap, const char *key, int64_t dflt)
{
    sqlite3_stmt *st;
    int64_t v = dflt;
    if (sqlite3_prepare_v2(snap, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL) != SQLITE_OK)
        return dflt;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* ---- what `kleio tree --format json` shows ---- */

/* How far a shown real may be from the truth it rounds: half a unit of its 4th
 * significant digit. */
static double tolerance(double truth_v)
{
    if (truth_v == 0)
        return 1e-12;
    double e = floor(log10(fabs(truth_v)));
    return 0.5 * pow(10, e - 3) * (1 + 1e-9) + 1e-15;
}

static const char *bound_of(json_t *row, const char *key)
{
    char k[64];
    snprintf(k, sizeof k, "%s_bound", key);
    json_t *b = json_object_get(row, k);
    return json_is_string(b) ? json_string_value(b) : "exact"; /* older output: no bounds */
}

/* A shown figure against the truth, under its bound. integer: counts. */
static void check_fig(enum cls cl, const char *sel, json_t *row, const char *key, double truth_v,
                      bool defined, bool integer, const char *bound)
{
    json_t *v = json_object_get(row, key);
    json_t *id = json_object_get(row, "id");
    long long cid = json_is_integer(id) ? (long long)json_integer_value(id) : 0;
    if (!v || json_is_null(v)) {
        /* hidden: nothing to compare; a hidden figure is never wrong */
        compared++;
        return;
    }
    double shown = json_number_value(v);
    if (!defined) {
        check(cl, false, "[%s] cluster %lld %s: %g shown where the truth is undefined", sel, cid,
              key, shown);
        return;
    }
    double tol = integer ? 1e-9 : tolerance(truth_v);
    bool ok;
    if (strcmp(bound, "at_least") == 0)
        ok = shown <= truth_v + tol;
    else if (strcmp(bound, "at_most") == 0)
        ok = shown >= truth_v - tol;
    else if (strcmp(bound, "hidden") == 0)
        ok = false; /* a hidden bound with a value */
    else
        ok = fabs(shown - truth_v) <= tol;
    /* Right to a fixed number of decimals (4, 2 for concern) but short of 4 significant
     * digits: a precision mismatch, told apart from a wrong figure. */
    double fixed = strcmp(key, "mean_concern") == 0 ? 0.5e-2 : 0.5e-4;
    if (!ok && !integer && strcmp(bound, "exact") == 0 && fabs(shown - truth_v) <= fixed + 1e-12)
        cl = C_TREE_PRECISION;
    check(cl, ok, "[%s] cluster %lld %s: shown %s%.10g, truth %.10g", sel, cid, key,
          strcmp(bound, "exact") == 0 ? "" : bound, shown, truth_v);
}

struct tree_ctx {
    const char *label;       /* the selection, for messages */
    const bool *sel;         /* NULL: every language */
    truth *t;                /* per cluster + total */
    bool *listed;
};

/* True when the selection covers a suppressed cell of cluster ci. */
static bool covers_hidden(const struct tree_ctx *x, int ci)
{
    for (size_t l = 0; l < n_langs; l++)
        if (x->sel && x->sel[l] && suppressed[l][ci])
            return true;
    return false;
}

static void check_rows(struct tree_ctx *x, json_t *arr, int parent)
{
    const truth *pt = &x->t[parent < 0 ? (int)n_clusters : parent];
    int64_t shown_children = 0;
    size_t i;
    json_t *row;
    json_array_foreach(arr, i, row) {
        json_t *kind = json_object_get(row, "kind");
        if (json_is_string(kind) && strcmp(json_string_value(kind), "hidden") == 0)
            continue;
        json_t *c = json_object_get(row, "conversations");
        if (json_is_integer(c))
            shown_children += json_integer_value(c);
        int ci = cluster_index(json_integer_value(json_object_get(row, "id")));
        if (ci < 0) {
            check(C_TREE_MISSING, false, "[%s] a cluster the snapshot does not have", x->label);
            continue;
        }
        check(C_TREE_MISSING, !x->listed[ci], "[%s] cluster %lld listed twice", x->label,
              (long long)clusters[ci].id);
        check(C_TREE_MISSING, clusters[ci].parent == parent, "[%s] cluster %lld under the wrong parent",
              x->label, (long long)clusters[ci].id);
        x->listed[ci] = true;
        const truth *tr = &x->t[ci];
        check_fig(C_TREE_COUNT, x->label, row, "conversations", (double)tr->conversations, true,
                  true, bound_of(row, "conversations"));
        check_fig(C_TREE_USERS, x->label, row, "users", (double)tr->users, true, true,
                  bound_of(row, "users"));
        bool def = tr->conversations > 0;
        check_fig(C_TREE_RATE, x->label, row, "refusal_rate",
                  def ? (double)tr->refused / (double)tr->conversations : 0, def, false, "exact");
        check_fig(C_TREE_RATE, x->label, row, "mean_concern",
                  def ? (double)tr->concern_sum / (double)tr->conversations : 0, def, false, "exact");
        bool sdef = pt->conversations > 0;
        check_fig(C_TREE_SHARE, x->label, row, "share",
                  sdef ? (double)tr->conversations / (double)pt->conversations : 0, sdef, false,
                  bound_of(row, "share"));
        /* A figure over a suppressed cell is hidden or a bound, never exact. */
        if (covers_hidden(x, ci)) {
            json_t *cv = json_object_get(row, "conversations");
            check(C_TREE_LEAK, json_is_null(cv) || strcmp(bound_of(row, "conversations"), "exact") != 0,
                  "[%s] cluster %lld: %lld conversations shown as exact over a suppressed cell",
                  x->label, (long long)clusters[ci].id, (long long)json_integer_value(cv));
            /* …and no rate is computed over the published part alone. */
            static const char *const rates[] = {"refusal_rate", "mean_concern"};
            for (int k = 0; k < 2; k++) {
                json_t *rv = json_object_get(row, rates[k]);
                check(C_TREE_RATE, !rv || json_is_null(rv),
                      "[%s] cluster %lld: %s %g computed over a partial sum", x->label,
                      (long long)clusters[ci].id, rates[k], json_number_value(rv));
            }
        }
        json_t *kids = json_object_get(row, "children");
        if (json_is_array(kids))
            check_rows(x, kids, ci);
    }
    json_array_foreach(arr, i, row) {
        json_t *kind = json_object_get(row, "kind");
        if (!json_is_string(kind) || strcmp(json_string_value(kind), "hidden") != 0)
            continue;
        /* parent's truth minus what the children show */
        check_fig(C_TREE_HIDDEN_ROW, x->label, row, "conversations",
                  (double)(pt->conversations - shown_children), true, true,
                  bound_of(row, "conversations"));
    }
}

static int audit_tree(const char *kleio, const char *snapshot, const char *lang_list,
                      const bool *sel)
{
    kl_buf cmd = KL_BUF_INIT;
    kl_buf_printf(&cmd, "'%s' tree '%s' --format json", kleio, snapshot);
    if (lang_list)
        kl_buf_printf(&cmd, " --lang '%s'", lang_list);
    FILE *p = popen(kl_buf_cstr(&cmd), "r");
    if (!p) {
        kl_buf_free(&cmd);
        return -1;
    }
    json_error_t jerr;
    json_t *root = json_loadf(p, 0, &jerr);
    int status = pclose(p);
    if (!root || status != 0) {
        fprintf(stderr, "figure_audit: %s: %s\n", kl_buf_cstr(&cmd), root ? "failed" : jerr.text);
        kl_buf_free(&cmd);
        json_decref(root);
        return -1;
    }
    kl_buf_free(&cmd);
    struct tree_ctx x = {lang_list ? lang_list : "all", sel, truth_for(sel), NULL};
    x.listed = kl_calloc(n_clusters + 1, sizeof *x.listed);
    json_t *total = json_object_get(root, "total");
    if (total) {
        truth *tt = &x.t[n_clusters];
        json_t *row = total;
        check_fig(C_TREE_COUNT, x.label, row, "conversations", (double)tt->conversations, true,
                  true, bound_of(row, "conversations"));
        check_fig(C_TREE_USERS, x.label, row, "users", (double)tt->users, true, true,
                  bound_of(row, "users"));
    }
    check_rows(&x, json_object_get(root, "clusters"), -1);
    for (size_t i = 0; i < n_clusters; i++)
        check(C_TREE_MISSING, x.listed[i], "[%s] cluster %lld is not in the tree", x.label,
              (long long)clusters[i].id);
    free(x.listed);
    free(x.t);
    json_decref(root);
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"work", required_argument, NULL, 'w'},  {"snapshot", required_argument, NULL, 's'},
        {"kleio", required_argument, NULL, 'k'}, {"pairs", required_argument, NULL, 'p'},
        {"verbose", no_argument, NULL, 'v'},     {NULL, 0, NULL, 0},
    };
    const char *work_path = NULL, *snap_path = NULL, *kleio = NULL;
    long max_pairs = -1;
    int c;
    while ((c = getopt_long(argc, argv, "w:s:k:p:v", longopts, NULL)) != -1) {
        switch (c) {
        case 'w': work_path = optarg; break;
        case 's': snap_path = optarg; break;
        case 'k': kleio = optarg; break;
        case 'p': max_pairs = atol(optarg); break;
        case 'v': verbose = 1; break;
        default:
            fprintf(stderr, "usage: figure_audit --work W.db --snapshot S.db [--kleio BIN]"
                            " [--pairs N] [-v]\n");
            return 2;
        }
    }
    if (!work_path || !snap_path) {
        fprintf(stderr, "usage: figure_audit --work W.db --snapshot S.db [--kleio BIN]\n");
        return 2;
    }
    sqlite3 *work = NULL, *snap = NULL;
    if (sqlite3_open_v2(work_path, &work, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_open_v2(snap_path, &snap, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "figure_audit: cannot open %s or %s\n", work_path, snap_path);
        return 2;
    }
    min_users = meta_int(snap, "min_users", 0);
    min_conversations = meta_int(snap, "min_conversations", 0);
    if (load_snapshot_clusters(snap) != 0 || load_work(work, snap) != 0)
        return 2;
    /* Languages of the snapshot that the corpus lacks still get a truth (of zero). */
    sqlite3_stmt *st;
    sqlite3_prepare_v2(snap, "SELECT code FROM languages ORDER BY code", -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(st, 0);
        if (code && lang_index(code) < 0) {
            langs = kl_reallocarray(langs, n_langs + 1, sizeof *langs);
            snprintf(langs[n_langs++], sizeof langs[0], "%s", code);
        }
    }
    sqlite3_finalize(st);

    audit_clusters();
    audit_cells(snap);
    audit_time(snap);
    check(C_META, meta_int(snap, "input_conversations", -1) == (int64_t)n_convs,
          "meta input_conversations %lld, truth %zu",
          (long long)meta_int(snap, "input_conversations", -1), n_convs);
    check(C_META, meta_int(snap, "input_users", -1) == (int64_t)n_users,
          "meta input_users %lld, truth %zu", (long long)meta_int(snap, "input_users", -1), n_users);
    long table_figures = compared;

    long selections = 0;
    if (kleio) {
        bool *sel = kl_calloc(n_langs, sizeof *sel);
        int rc = audit_tree(kleio, snap_path, NULL, NULL);
        selections++;
        long pairs = 0;
        for (size_t a = 0; a < n_langs && rc == 0; a++) {
            memset(sel, 0, n_langs * sizeof *sel);
            sel[a] = true;
            rc = audit_tree(kleio, snap_path, langs[a], sel);
            selections++;
            for (size_t b = a + 1; b < n_langs && rc == 0; b++) {
                if (max_pairs >= 0 && pairs >= max_pairs)
                    break;
                char list[40];
                snprintf(list, sizeof list, "%s,%s", langs[a], langs[b]);
                sel[b] = true;
                rc = audit_tree(kleio, snap_path, list, sel);
                sel[b] = false;
                selections++;
                pairs++;
            }
        }
        free(sel);
        if (rc != 0)
            return 2;
    }
    long hidden_cells = 0, hidden_big = 0;
    for (size_t l = 0; l < n_langs; l++)
        for (size_t i = 0; i < n_clusters; i++)
            if (suppressed[l][i]) {
                hidden_cells++;
                hidden_big += lang_truth[l][i].conversations >= min_conversations;
            }
    printf("figure_audit: %s: %zu conversations, %zu clusters, %zu languages; %ld figures compared"
           " (%ld in the snapshot's tables, %ld shown by kleio tree over %ld language"
           " selections), %ld mismatches\n",
           snap_path, n_convs, n_clusters, n_langs, compared, table_figures,
           compared - table_figures, selections, mismatches);
    printf("figure_audit: suppressed cluster_lang cells: %ld, of which %ld hold %lld or more"
           " conversations (a \"<%lld\" would misstate them); published figures below the"
           " thresholds: %ld\n",
           hidden_cells, hidden_big, (long long)min_conversations, (long long)min_conversations,
           below_thresholds);
    if (mismatches) {
        printf("figure_audit: mismatches by class:");
        for (int k = 0; k < C_N; k++)
            if (by_cls[k])
                printf(" %s %ld", cls_name[k], by_cls[k]);
        printf("\n");
    }
    sqlite3_close(work);
    sqlite3_close(snap);
    return mismatches ? 1 : 0;
}
