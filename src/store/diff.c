/* diff.c — comparing two snapshots' clusters (see diff.h). */
#include "kleio/figures.h"
#include "kleio/diff.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/snapshot_meta.h"
#include "kleio/stats.h"
#include "kleio/utf8.h"

const char *const kl_diff_kind_names[KL_DIFF_N] = {"new",    "gone",   "grown",   "shrunk",
                                                   "split",  "merged", "renamed", "refusal"};
const char *const kl_diff_link_names[KL_DIFF_LINK_N] = {"unlinked", "same", "forward",
                                                        "backward"};

int kl_diff_lineage(kl_snapshot *s, kl_lineage_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st;
    /* Snapshots written before lineage existed simply have none. */
    if (sqlite3_prepare_v2(kl_snapshot_db(s),
                           "SELECT cluster_id, previous_id, shared FROM lineage ORDER BY 1, 2", -1,
                           &st, NULL) != SQLITE_OK)
        return 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *out = kl_reallocarray(*out, *n + 1, sizeof **out);
        (*out)[(*n)++] = (kl_lineage_row){sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                                          sqlite3_column_int64(st, 2)};
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) { /* a read error: part of the lineage would mislink the rest */
        free(*out);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

kl_diff_link kl_diff_link_of(const char *old_id, const char *old_prev, const char *new_id,
                             const char *new_prev)
{
#define SET(s) ((s) && *(s))
    if (SET(old_id) && SET(new_id) && strcmp(old_id, new_id) == 0)
        return KL_DIFF_SAME;
    if (SET(new_prev) && SET(old_id) && strcmp(new_prev, old_id) == 0)
        return KL_DIFF_FORWARD;
    if (SET(old_prev) && SET(new_id) && strcmp(old_prev, new_id) == 0)
        return KL_DIFF_BACKWARD;
    return KL_DIFF_UNLINKED;
#undef SET
}

const char *kl_diff_link_note(kl_diff_link link)
{
    switch (link) {
    case KL_DIFF_SAME: return "both files are the same snapshot (equal snapshot_id)";
    case KL_DIFF_UNLINKED:
        return "not consecutive snapshots (neither is the other's previous_snapshot_id): "
               "clusters are matched by id only; split and merge detection needs consecutive "
               "snapshots of one work database";
    default: return NULL;
    }
}

void kl_diff_lineage_reverse(kl_lineage_row *lin, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int64_t t = lin[i].cluster;
        lin[i].cluster = lin[i].previous;
        lin[i].previous = t;
    }
}

/* Clusters sorted by id, for lookups in O(log n) on snapshots of many thousand clusters. */
typedef struct { int64_t id; size_t at; } by_id;

static int by_id_cmp(const void *a, const void *b)
{
    int64_t x = ((const by_id *)a)->id, y = ((const by_id *)b)->id;
    return (x > y) - (x < y);
}

static by_id *index_clusters(const kl_cluster *c, size_t n)
{
    by_id *ix = kl_calloc(n ? n : 1, sizeof *ix);
    for (size_t i = 0; i < n; i++)
        ix[i] = (by_id){c[i].id, i};
    qsort(ix, n, sizeof *ix, by_id_cmp);
    return ix;
}

static const kl_cluster *find(const kl_cluster *c, const by_id *ix, size_t n, int64_t id)
{
    by_id key = {id, 0};
    const by_id *hit = n ? bsearch(&key, ix, n, sizeof *ix, by_id_cmp) : NULL;
    return hit ? &c[hit->at] : NULL;
}

static void emit(kl_diff *d, int kind, const kl_cluster *c, const char *detail)
{
    d->counts[kind]++;
    d->items = kl_reallocarray(d->items, d->n + 1, sizeof *d->items);
    kl_diff_item *it = &d->items[d->n++];
    it->kind = kind;
    it->id = c->id;
    it->level = c->level;
    char label[96];
    it->name = kl_sanitize(kl_fig_row_name(c->name, c->is_other, &c->total, false, label,
                                           sizeof label));
    snprintf(it->detail, sizeof it->detail, "%s", detail);
}

static double rate(const kl_cluster *c)
{
    return c->total.conversations > 0 ? (double)c->total.refused / (double)c->total.conversations : 0;
}

/* The lineage between the two sides, sorted by (key, other) so that each cluster's rows
 * are one run: by old cluster (its heirs) or by new cluster (its sources). */
typedef struct { int64_t key, other; } link_row;

static int link_cmp(const void *a, const void *b)
{
    const link_row *x = a, *y = b;
    if (x->key != y->key)
        return (x->key > y->key) - (x->key < y->key);
    return (x->other > y->other) - (x->other < y->other);
}

/* The others of key's rows, as "6, 9" (at most what fits, then "and N more"); how many. */
static size_t link_list(const link_row *rows, size_t n, int64_t key, char *list, size_t len)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (rows[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t count = 0, shown = 0;
    list[0] = '\0';
    for (size_t k = lo; k < n && rows[k].key == key; k++) {
        count++;
        size_t used = strlen(list);
        if (used + 48 < len) {
            snprintf(list + used, len - used, "%s%lld", shown ? ", " : "", (long long)rows[k].other);
            shown++;
        }
    }
    if (shown < count) {
        size_t used = strlen(list);
        snprintf(list + used, len - used, " and %zu more", count - shown);
    }
    return count;
}

static void compare_kept(kl_diff *d, const kl_cluster *o1, const kl_cluster *n1, double change)
{
    char detail[256];
    double a = (double)o1->total.conversations, b = (double)n1->total.conversations;
    /* By ratio, the same threshold both ways: A -> B is grown exactly when B -> A is shrunk. */
    if (b > a && b >= a * (1 + change)) {
        if (a > 0)
            snprintf(detail, sizeof detail, "%.0f -> %.0f (+%.0f%%)", a, b, 100 * (b - a) / a);
        else
            snprintf(detail, sizeof detail, "%.0f -> %.0f", a, b);
        emit(d, KL_DIFF_GROWN, n1, detail);
    } else if (a > b && a >= b * (1 + change)) {
        snprintf(detail, sizeof detail, "%.0f -> %.0f (-%.0f%%)", a, b, 100 * (a - b) / a);
        emit(d, KL_DIFF_SHRUNK, n1, detail);
    }
    if (strcmp(o1->name, n1->name) != 0) {
        char *was = kl_sanitize_fit(o1->name, 60, false);
        snprintf(detail, sizeof detail, "was \"%s\"", was);
        free(was);
        emit(d, KL_DIFF_RENAMED, n1, detail);
    }
    double lo_a, hi_a, lo_b, hi_b;
    kl_wilson95(o1->total.refused, o1->total.conversations, &lo_a, &hi_a);
    kl_wilson95(n1->total.refused, n1->total.conversations, &lo_b, &hi_b);
    if ((lo_b > hi_a || hi_b < lo_a) && fabs(rate(n1) - rate(o1)) >= 0.02) {
        snprintf(detail, sizeof detail, "refusal %s %.1f%% -> %.1f%%",
                 rate(n1) > rate(o1) ? "up" : "down", 100 * rate(o1), 100 * rate(n1));
        emit(d, KL_DIFF_REFUSAL, n1, detail);
    }
}

void kl_diff_compute(const kl_cluster *oc, size_t on, const kl_cluster *nc, size_t nn,
                     const kl_lineage_row *lin, size_t nlin, kl_diff_link link, double change,
                     kl_diff *d)
{
    memset(d, 0, sizeof *d);
    d->link = link;
    if ((on && !oc) || (nn && !nc)) /* a count without its rows: nothing to compare */
        return;
    by_id *oix = index_clusters(oc, on), *nix = index_clusters(nc, nn);
    /* Lineage only between the two snapshots it links, and only rows whose clusters are
     * on their sides: heirs sorted by old cluster, sources by new cluster. */
    bool linked = link == KL_DIFF_FORWARD || link == KL_DIFF_BACKWARD;
    link_row *heirs = kl_calloc(nlin ? nlin : 1, sizeof *heirs);
    link_row *sources = kl_calloc(nlin ? nlin : 1, sizeof *sources);
    size_t nl = 0;
    for (size_t k = 0; linked && k < nlin; k++) {
        if (!find(nc, nix, nn, lin[k].cluster) || !find(oc, oix, on, lin[k].previous))
            continue;
        heirs[nl] = (link_row){lin[k].previous, lin[k].cluster};
        sources[nl++] = (link_row){lin[k].cluster, lin[k].previous};
    }
    qsort(heirs, nl, sizeof *heirs, link_cmp);
    qsort(sources, nl, sizeof *sources, link_cmp);

    char detail[256], list[160];
    for (size_t i = 0; i < nn; i++) {
        const kl_cluster *n1 = &nc[i], *o1 = find(oc, oix, on, n1->id);
        if (o1) {
            compare_kept(d, o1, n1, change);
            continue;
        }
        size_t from = link_list(sources, nl, n1->id, list, sizeof list);
        snprintf(detail, sizeof detail, "%lld conversations%s%s",
                 (long long)n1->total.conversations, from ? ", came from " : "", list);
        emit(d, KL_DIFF_NEW, n1, detail);
    }
    for (size_t i = 0; i < on; i++) {
        const kl_cluster *o1 = &oc[i];
        size_t to = link_list(heirs, nl, o1->id, list, sizeof list);
        if (to >= 2) {
            snprintf(detail, sizeof detail, "split into %s", list);
            emit(d, KL_DIFF_SPLIT, o1, detail);
        }
        if (!find(nc, nix, nn, o1->id)) {
            snprintf(detail, sizeof detail, "%lld conversations%s%s",
                     (long long)o1->total.conversations, to ? ", went to " : "", list);
            emit(d, KL_DIFF_GONE, o1, detail);
        }
    }
    for (size_t i = 0; i < nn; i++) {
        if (link_list(sources, nl, nc[i].id, list, sizeof list) >= 2) {
            snprintf(detail, sizeof detail, "merged from %s", list);
            emit(d, KL_DIFF_MERGED, &nc[i], detail);
        }
    }
    free(heirs);
    free(sources);
    free(oix);
    free(nix);
}

int kl_diff_snapshots(kl_snapshot *old, kl_snapshot *new, double change, kl_diff *out)
{
    kl_cluster *oc = NULL, *nc = NULL;
    size_t on = 0, nn = 0, nlin = 0;
    kl_lineage_row *lin = NULL;
    int rc = 0;
    memset(out, 0, sizeof *out);
    kl_diff_link link = kl_diff_link_of(
        kl_snapshot_meta(old, KL_META(SNAPSHOT_ID)), kl_snapshot_meta(old, KL_META(PREVIOUS_SNAPSHOT_ID)),
        kl_snapshot_meta(new, KL_META(SNAPSHOT_ID)), kl_snapshot_meta(new, KL_META(PREVIOUS_SNAPSHOT_ID)));
    if (kl_snapshot_clusters(old, &oc, &on) != 0 || kl_snapshot_clusters(new, &nc, &nn) != 0)
        rc = -1;
    else if (link == KL_DIFF_FORWARD)
        rc = kl_diff_lineage(new, &lin, &nlin);
    else if (link == KL_DIFF_BACKWARD && (rc = kl_diff_lineage(old, &lin, &nlin)) == 0)
        kl_diff_lineage_reverse(lin, nlin);
    if (rc == 0)
        kl_diff_compute(oc, on, nc, nn, lin, nlin, link, change, out);
    free(lin);
    kl_clusters_free(oc, on);
    kl_clusters_free(nc, nn);
    return rc;
}

void kl_diff_summary(const kl_diff *d, char *out, size_t n)
{
    snprintf(out, n,
             "%zu new, %zu gone, %zu grown, %zu shrunk, %zu split, %zu merged, %zu renamed, "
             "%zu refusal changes",
             d->counts[KL_DIFF_NEW], d->counts[KL_DIFF_GONE], d->counts[KL_DIFF_GROWN],
             d->counts[KL_DIFF_SHRUNK], d->counts[KL_DIFF_SPLIT], d->counts[KL_DIFF_MERGED],
             d->counts[KL_DIFF_RENAMED], d->counts[KL_DIFF_REFUSAL]);
}

void kl_diff_free(kl_diff *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->items[i].name);
    free(d->items);
    memset(d, 0, sizeof *d);
}
