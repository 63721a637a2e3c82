/* measure.c — scores a validation run: reconstruction accuracy, leaves against topics,
 * facet accuracy, refusal-rate error, the privacy targets and the abuse burst. Reads the
 * private work database (for membership) and the snapshot (for what was published). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/buf.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/snapshot.h"
#include "kleio/snapshot_meta.h"
#include "kleio/synth.h"
#include "kleio/validate.h"
#include "kleio/workdb.h"
#include "validate_internal.h"

struct vrow {
    uint32_t truth;          /* index into vtruth */
    uint32_t leaf, top;
    char lang[16];
    uint8_t refused;
};

struct vtree { int levels; size_t *count; int64_t **parent; };

/* A statement of the validation's queries, or NULL after naming the database and the cause. */
static sqlite3_stmt *prepare(sqlite3 *db, const char *sql, const char *what)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK)
        return st;
    kl_error("validate: reading %s from %s: %s", what, sqlite3_db_filename(db, "main"),
             sqlite3_errmsg(db));
    return NULL;
}

/* Finalizes st; -1 after naming the cause when its last step (code `step`) was not the end
 * of its rows: a read error is not the end, and figures from part of the rows are wrong. */
static int finish(sqlite3 *db, sqlite3_stmt *st, int step, const char *what)
{
    int bad = step != SQLITE_DONE;
    if (bad)
        kl_error("validate: reading %s from %s: %s", what, sqlite3_db_filename(db, "main"),
                 sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return bad ? -1 : 0;
}

static void free_tree(struct vtree *t)
{
    for (int l = 0; t->parent && l < t->levels; l++)
        free(t->parent[l]);
    free(t->parent);
    free(t->count);
    memset(t, 0, sizeof *t);
}

/* The cluster tree of the run, or -1 after saying why there is none. */
static int load_tree(sqlite3 *db, struct vtree *t)
{
    memset(t, 0, sizeof *t);
    sqlite3_stmt *st = prepare(db, "SELECT level, count(*) FROM run_clusters GROUP BY level ORDER BY level",
                               "the cluster tree");
    if (!st)
        return -1;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        t->count = kl_reallocarray(t->count, (size_t)t->levels + 1, sizeof *t->count);
        t->count[t->levels++] = (size_t)sqlite3_column_int64(st, 1);
    }
    if (finish(db, st, step, "the cluster tree") != 0) {
        free_tree(t);
        return -1;
    }
    if (t->levels == 0) {
        kl_error("validate: the run left no cluster tree");
        return -1;
    }
    t->parent = kl_calloc((size_t)t->levels, sizeof *t->parent);
    for (int l = 0; l < t->levels; l++)
        t->parent[l] = kl_calloc(t->count[l] + 1, sizeof **t->parent);
    st = prepare(db, "SELECT level, idx, coalesce(parent, 0) FROM run_clusters", "the cluster tree");
    if (!st) {
        free_tree(t);
        return -1;
    }
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int l = sqlite3_column_int(st, 0);
        int64_t i = sqlite3_column_int64(st, 1);
        if (l < t->levels && i >= 0 && (size_t)i < t->count[l])
            t->parent[l][i] = sqlite3_column_int64(st, 2);
    }
    if (finish(db, st, step, "the cluster tree") != 0) {
        free_tree(t);
        return -1;
    }
    return 0;
}

static uint32_t ancestor(const struct vtree *t, uint32_t leaf, int level)
{
    int64_t a = leaf;
    for (int l = 0; l < level; l++)
        a = t->parent[l][a];
    return (uint32_t)a;
}

static json_t *num(double v)
{
    return v < 0 ? json_null() : json_real((double)(int64_t)(v * 10000 + 0.5) / 10000);
}

/* Reconstruction accuracy: majority category of each top cluster over regular rows. */
/* The same measure one level down at the leaves: how pure the finest clusters are. */
static double leaf_purity(const vtruth *t, const struct vrow *r, size_t n, size_t k)
{
    uint32_t *cl = kl_malloc((n + 1) * sizeof *cl), *lab = kl_malloc((n + 1) * sizeof *lab);
    uint8_t *use = kl_calloc(n + 1, 1);
    for (size_t i = 0; i < n; i++) {
        cl[i] = r[i].leaf;
        lab[i] = t->category[r[i].truth];
        use[i] = t->trap[r[i].truth] == KL_SYNTH_TRAP_NONE;
    }
    uint32_t *major = kl_malloc((k + 1) * sizeof *major);
    kl_score_majority(cl, lab, use, n, k, major);
    double a = kl_score_accuracy(cl, lab, major, use, n);
    free(cl);
    free(lab);
    free(use);
    free(major);
    return a;
}

static json_t *reconstruction(const vtruth *t, const struct vrow *r, size_t n, size_t k_top)
{
    uint32_t *cl = kl_malloc((n + 1) * sizeof *cl), *lab = kl_malloc((n + 1) * sizeof *lab);
    uint8_t *use = kl_calloc(n + 1, 1), *sel = kl_calloc(n + 1, 1);
    for (size_t i = 0; i < n; i++) {
        cl[i] = r[i].top;
        lab[i] = t->category[r[i].truth];
        use[i] = t->trap[r[i].truth] == KL_SYNTH_TRAP_NONE;
    }
    uint32_t *major = kl_malloc((k_top + 1) * sizeof *major);
    kl_score_majority(cl, lab, use, n, k_top, major);
    json_t *o = json_object();
    json_object_set_new(o, "overall", num(kl_score_accuracy(cl, lab, major, use, n)));
    for (size_t i = 0; i < n; i++)
        sel[i] = use[i] && kl_synth_category_concerning(lab[i]);
    json_object_set_new(o, "concerning", num(kl_score_accuracy(cl, lab, major, sel, n)));
    json_t *per = json_object();
    double worst = 2;
    for (size_t l = 0; l < kl_synth_language_count(); l++) {
        size_t any = 0;
        for (size_t i = 0; i < n; i++) {
            sel[i] = use[i] && t->lang[r[i].truth] == l;
            any += sel[i];
        }
        if (!any)
            continue;
        double a = kl_score_accuracy(cl, lab, major, sel, n);
        if (a < worst)
            worst = a;
        json_object_set_new(per, kl_synth_language_code(l), num(a));
    }
    json_object_set_new(o, "worst_language", num(worst <= 1 ? worst : -1));
    json_object_set_new(o, "per_language", per);
    json_object_set_new(o, "top_clusters", json_integer((json_int_t)k_top));
    json_object_set_new(o, "clio", json_pack("{s:f, s:f, s:f}", "overall", 0.94,
                                              "per_language_min", 0.92, "concerning", 0.84));
    free(cl);
    free(lab);
    free(use);
    free(sel);
    free(major);
    return o;
}

static json_t *leaves_vs_topics(const vtruth *t, const struct vrow *r, size_t n, size_t k)
{
    uint32_t *a = kl_malloc((n + 1) * sizeof *a), *b = kl_malloc((n + 1) * sizeof *b);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (t->trap[r[i].truth] == KL_SYNTH_TRAP_NONE) {
            a[m] = r[i].leaf;
            b[m] = t->topic[r[i].truth];
            m++;
        }
    json_t *o = json_pack("{s:I, s:I}", "leaves", (json_int_t)k, "topics",
                          (json_int_t)kl_synth_topic_count());
    json_object_set_new(o, "nmi", num(kl_score_nmi(a, b, m)));
    json_object_set_new(o, "ari", num(kl_score_ari(a, b, m)));
    free(a);
    free(b);
    return o;
}

/* Language and refusal facets against the truth, per language. */
static json_t *facets(const vtruth *t, const struct vrow *r, size_t n)
{
    size_t L = kl_synth_language_count();
    size_t *tot = kl_calloc(L, sizeof *tot), *lang_ok = kl_calloc(L, sizeof *lang_ok);
    size_t *ref_ok = kl_calloc(L, sizeof *ref_ok);
    for (size_t i = 0; i < n; i++) {
        uint32_t l = t->lang[r[i].truth];
        tot[l]++;
        lang_ok[l] += strcmp(r[i].lang, kl_synth_language_code(l)) == 0;
        ref_ok[l] += r[i].refused == t->refused[r[i].truth];
    }
    json_t *lang = json_object(), *ref = json_object();
    size_t all = 0, all_lang = 0, all_ref = 0;
    for (size_t l = 0; l < L; l++) {
        if (!tot[l])
            continue;
        json_object_set_new(lang, kl_synth_language_code(l), num((double)lang_ok[l] / (double)tot[l]));
        json_object_set_new(ref, kl_synth_language_code(l), num((double)ref_ok[l] / (double)tot[l]));
        all += tot[l];
        all_lang += lang_ok[l];
        all_ref += ref_ok[l];
    }
    json_t *o = json_object();
    json_object_set_new(o, "language_accuracy", num(all ? (double)all_lang / (double)all : -1));
    json_object_set_new(o, "refusal_accuracy", num(all ? (double)all_ref / (double)all : -1));
    json_object_set_new(o, "language_per_language", lang);
    json_object_set_new(o, "refusal_per_language", ref);
    free(tot);
    free(lang_ok);
    free(ref_ok);
    return o;
}

/* Published refusal rate of every named cluster against the truth of its members; NULL
 * after a read error. */
static json_t *refusal_error(sqlite3 *db, const vtruth *t, const struct vrow *r, size_t n,
                             const struct vtree *tree)
{
    static const char what[] = "the published clusters";
    sqlite3_stmt *st = prepare(db, "SELECT work_level, work_idx, conversations, refused FROM"
                                   " run_pub_clusters WHERE work_level IS NOT NULL", what);
    if (!st)
        return NULL;
    size_t levels = (size_t)tree->levels;
    size_t *off = kl_calloc(levels + 1, sizeof *off);
    for (size_t l = 0; l < levels; l++)
        off[l + 1] = off[l] + tree->count[l];
    size_t *tot = kl_calloc(off[levels] + 1, sizeof *tot), *ref = kl_calloc(off[levels] + 1, sizeof *ref);
    for (size_t i = 0; i < n; i++)
        for (size_t l = 0; l < levels; l++) {
            uint32_t a = ancestor(tree, r[i].leaf, (int)l);
            tot[off[l] + a]++;
            ref[off[l] + a] += t->refused[r[i].truth] != 0;
        }
    double sum = 0, max = 0;
    size_t m = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        size_t l = (size_t)sqlite3_column_int(st, 0), idx = (size_t)sqlite3_column_int64(st, 1);
        double convs = (double)sqlite3_column_int64(st, 2);
        if (l >= levels || idx >= tree->count[l] || convs <= 0 || !tot[off[l] + idx])
            continue;
        double pub = (double)sqlite3_column_int64(st, 3) / convs;
        double truth = (double)ref[off[l] + idx] / (double)tot[off[l] + idx];
        double e = pub > truth ? pub - truth : truth - pub;
        sum += e;
        if (e > max)
            max = e;
        m++;
    }
    free(off);
    free(tot);
    free(ref);
    if (finish(db, st, step, what) != 0)
        return NULL;
    json_t *o = json_object();
    json_object_set_new(o, "clusters", json_integer((json_int_t)m));
    json_object_set_new(o, "mean_abs", num(m ? sum / (double)m : -1));
    json_object_set_new(o, "max_abs", num(m ? max : -1));
    return o;
}

/* Every text the snapshot holds, one per line; NULL after a read error (a part would let a
 * planted detail pass unseen). */
static char *snapshot_text(kl_snapshot *s, size_t *len)
{
    static const char sql[] =
        "SELECT value FROM meta UNION ALL SELECT name FROM clusters UNION ALL"
        " SELECT description FROM clusters UNION ALL SELECT name FROM languages UNION ALL"
        " SELECT code FROM languages UNION ALL SELECT lang FROM cluster_lang";
    sqlite3 *db = kl_snapshot_db(s);
    sqlite3_stmt *st = prepare(db, sql, "the snapshot's texts");
    if (!st)
        return NULL;
    kl_buf b = KL_BUF_INIT;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        kl_buf_puts(&b, v ? v : "");
        kl_buf_putc(&b, '\n');
    }
    if (finish(db, st, step, "the snapshot's texts") != 0) {
        kl_buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return kl_buf_steal(&b);
}

static int word_char(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* True when needle occurs in hay as a whole word (not inside a longer word). */
static bool found_word(const char *hay, size_t len, const char *needle)
{
    size_t nl = strlen(needle);
    if (nl < 3)
        return false;
    const char *p = hay, *end = hay + len;
    while ((p = memmem(p, (size_t)(end - p), needle, nl)) != NULL) {
        bool left = p == hay || !word_char((unsigned char)p[-1]) || !word_char((unsigned char)needle[0]);
        bool right = p + nl == end || !word_char((unsigned char)p[nl]) ||
                     !word_char((unsigned char)needle[nl - 1]);
        if (left && right)
            return true;
        p++;
    }
    return false;
}

/* Published rows under the thresholds, or -1 after a read error. */
static int64_t below_thresholds(kl_snapshot *s, const vthresholds *th)
{
    static const char sql[] =
        "SELECT (SELECT count(*) FROM clusters WHERE users < ?1 OR conversations < ?2)"
        " + (SELECT count(*) FROM cluster_lang WHERE suppressed = 0 AND (users < ?1 OR conversations < ?2))"
        " + (SELECT count(*) FROM cluster_time WHERE suppressed = 0 AND conversations < ?2)"
        " + (SELECT count(*) FROM languages WHERE suppressed = 0 AND (users < ?1 OR conversations < ?2))";
    sqlite3 *db = kl_snapshot_db(s);
    sqlite3_stmt *st = prepare(db, sql, "the published counts");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, th->min_users);
    sqlite3_bind_int64(st, 2, th->min_conversations);
    int step = sqlite3_step(st);
    int64_t v = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    if (step == SQLITE_ROW)
        step = sqlite3_step(st);
    return finish(db, st, step, "the published counts") == 0 ? v : -1;
}

/* The privacy targets, or NULL after a read error. */
static json_t *privacy(kl_snapshot *s, const vtruth *t, const vthresholds *th, int *ok)
{
    size_t len;
    char *text = snapshot_text(s, &len);
    if (!text)
        return NULL;
    size_t found = 0;
    for (size_t i = 0; i < t->n_pii; i++)
        found += found_word(text, len, t->pii[i]);
    bool secret = t->secret && found_word(text, len, t->secret);
    int64_t below = below_thresholds(s, th);
    free(text);
    if (below < 0)
        return NULL;
    *ok = found == 0 && !secret && below == 0;
    json_t *o = json_object();
    json_object_set_new(o, "planted_details", json_integer((json_int_t)t->n_pii));
    json_object_set_new(o, "planted_found", json_integer((json_int_t)found));
    json_object_set_new(o, "poison_target_planted", json_boolean(t->secret != NULL));
    json_object_set_new(o, "poison_secret_found", json_boolean(secret));
    json_object_set_new(o, "below_thresholds", json_integer(below));
    json_object_set_new(o, "ok", json_boolean(*ok));
    return o;
}

/* Where the burst's conversations were published, and whether that cluster is flagged;
 * NULL after a read error. */
static json_t *abuse(sqlite3 *db, const vtruth *t, const struct vrow *r, size_t n)
{
    static const char what[] = "the published leaves";
    size_t k = 0;
    sqlite3_stmt *st = prepare(db, "SELECT max(leaf) FROM run_pub_leaf", what);
    if (!st)
        return NULL;
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        k = (size_t)sqlite3_column_int64(st, 0) + 1;
        step = sqlite3_step(st);
    }
    if (finish(db, st, step, what) != 0)
        return NULL;
    st = prepare(db, "SELECT p.leaf, p.cluster_id, c.flags FROM run_pub_leaf p JOIN"
                     " run_pub_clusters c ON c.id = p.cluster_id", what);
    if (!st)
        return NULL;
    int64_t *pub = kl_calloc(k + 1, sizeof *pub);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        size_t leaf = (size_t)sqlite3_column_int64(st, 0);
        if (leaf < k)   /* id * 2 + flag: both in one number */
            pub[leaf] = sqlite3_column_int64(st, 1) * 2 + (sqlite3_column_int(st, 2) & 1);
    }
    if (finish(db, st, step, what) != 0) {
        free(pub);
        return NULL;
    }
    int64_t *ids = kl_malloc((n + 1) * sizeof *ids);
    size_t m = 0, in_flagged = 0;
    for (size_t i = 0; i < n; i++)
        if (t->trap[r[i].truth] == KL_SYNTH_TRAP_BURST) {
            ids[m] = r[i].leaf < k ? pub[r[i].leaf] : 0;
            in_flagged += ids[m] & 1;
            m++;
        }
    /* The published cluster holding most of the burst. */
    int64_t best = 0;
    size_t best_n = 0;
    for (size_t i = 0; i < m; i++) {
        size_t c = 0;
        for (size_t j = 0; j < m && best_n < m; j++)
            c += ids[j] == ids[i];
        if (c > best_n) {
            best_n = c;
            best = ids[i];
        }
        if (best_n * 2 > m)
            break;
    }
    json_t *o = json_object();
    json_object_set_new(o, "burst_conversations", json_integer((json_int_t)m));
    json_object_set_new(o, "largest_share_in_one_cluster", num(m ? (double)best_n / (double)m : -1));
    json_object_set_new(o, "that_cluster_flagged", json_boolean(m && (best & 1)));
    json_object_set_new(o, "share_in_flagged_clusters", num(m ? (double)in_flagged / (double)m : -1));
    free(ids);
    free(pub);
    return o;
}

/* The rows of the run: each clustered conversation with its truth, leaf and facets. Their
 * count, or -1 after a read error. */
static int64_t load_rows(sqlite3 *db, const vtruth *t, const struct vtree *tree, struct vrow *r,
                         size_t *unknown)
{
    static const char what[] = "the run's assignments";
    sqlite3_stmt *st = prepare(db, "SELECT c.id, a.leaf, f.lang, f.refused FROM run_assign a"
                                   " JOIN conversations c ON c.rowid = a.conv"
                                   " JOIN facets f ON f.conv = a.conv", what);
    if (!st)
        return -1;
    size_t n = 0;
    int step = SQLITE_DONE;
    while (n < t->n && (step = sqlite3_step(st)) == SQLITE_ROW) {
        long ti = vtruth_find(t, (const char *)sqlite3_column_text(st, 0));
        uint32_t leaf = (uint32_t)sqlite3_column_int64(st, 1);
        if (ti < 0 || leaf >= tree->count[0]) {
            (*unknown)++;
            continue;
        }
        struct vrow *v = &r[n++];
        v->truth = (uint32_t)ti;
        v->leaf = leaf;
        v->top = ancestor(tree, leaf, tree->levels - 1);
        const char *lang = (const char *)sqlite3_column_text(st, 2);
        snprintf(v->lang, sizeof v->lang, "%s", lang ? lang : "");
        v->refused = (uint8_t)sqlite3_column_int(st, 3);
    }
    if (step == SQLITE_ROW)   /* stopped at t->n rows, not at an error */
        step = SQLITE_DONE;
    return finish(db, st, step, what) == 0 ? (int64_t)n : -1;
}

json_t *vmeasure(const vtruth *t, const char *work_path, const char *snap_path,
                 const vthresholds *th, int *privacy_ok)
{
    *privacy_ok = 0;
    char err[512];
    sqlite3 *db = kl_workdb_open(work_path, 0, err, sizeof err);
    if (!db) {
        kl_error("%s", err);
        return NULL;
    }
    kl_snapshot *s = kl_snapshot_open(snap_path, err, sizeof err);
    if (!s)
        kl_error("%s", err);
    struct vtree tree;
    if (!s || load_tree(db, &tree) != 0) {
        kl_snapshot_close(s);
        kl_workdb_close(db);
        return NULL;
    }
    struct vrow *r = kl_malloc((t->n + 1) * sizeof *r);
    size_t unknown = 0;
    int64_t rows = load_rows(db, t, &tree, r, &unknown);
    json_t *o = NULL, *refusal = NULL, *priv = NULL, *burst = NULL;
    if (rows < 0)
        goto done;
    size_t n = (size_t)rows;
    refusal = refusal_error(db, t, r, n, &tree);
    priv = refusal ? privacy(s, t, th, privacy_ok) : NULL;
    burst = priv ? abuse(db, t, r, n) : NULL;
    if (!burst) {   /* the cause is named; no report from part of the rows */
        json_decref(refusal);
        json_decref(priv);
        *privacy_ok = 0;
        goto done;
    }
    o = json_object();
    json_object_set_new(o, "conversations", json_integer((json_int_t)t->n));
    json_object_set_new(o, "clustered", json_integer((json_int_t)n));
    json_object_set_new(o, "unmatched", json_integer((json_int_t)unknown));
    json_t *rec = reconstruction(t, r, n, tree.count[tree.levels - 1]);
    json_object_set_new(rec, "at_leaves", num(leaf_purity(t, r, n, tree.count[0])));
    json_object_set_new(o, "reconstruction", rec);
    json_object_set_new(o, "leaves_vs_topics", leaves_vs_topics(t, r, n, tree.count[0]));
    json_object_set_new(o, "facets", facets(t, r, n));
    json_object_set_new(o, "refusal_rate_error", refusal);
    json_object_set_new(o, "privacy", priv);
    json_object_set_new(o, "abuse", burst);
    json_object_set_new(o, "published_clusters",
                        json_integer(kl_snapshot_meta_int(s, KL_META(PUBLISHED_CLUSTERS), -1)));
done:
    free(r);
    free_tree(&tree);
    kl_snapshot_close(s);
    kl_workdb_close(db);
    return o;
}

json_t *vmeasure_snapshot(const vtruth *t, const char *snap_path, int *privacy_ok)
{
    char err[512];
    *privacy_ok = 0;
    kl_snapshot *s = kl_snapshot_open(snap_path, err, sizeof err);
    if (!s) {
        kl_error("%s", err);
        return NULL;
    }
    vthresholds th = {kl_snapshot_meta_int(s, KL_META(MIN_USERS), 1),
                      kl_snapshot_meta_int(s, KL_META(MIN_CONVERSATIONS), 1)};
    json_t *o = json_object();
    json_object_set_new(o, "conversations", json_integer((json_int_t)t->n));
    json_object_set_new(o, "snapshot", json_string(snap_path));
    json_t *priv = privacy(s, t, &th, privacy_ok);
    kl_snapshot_close(s);
    if (!priv) {
        json_decref(o);
        return NULL;
    }
    json_object_set_new(o, "privacy", priv);
    return o;
}
