/* diff.c — comparing two snapshots' clusters (see diff.h). */
#include "kleio/diff.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/stats.h"
#include "kleio/utf8.h"

const char *const kl_diff_kind_names[KL_DIFF_N] = {"new",    "gone",   "grown",   "shrunk",
                                                   "split",  "merged", "renamed", "refusal"};

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
    while (sqlite3_step(st) == SQLITE_ROW) {
        *out = kl_reallocarray(*out, *n + 1, sizeof **out);
        (*out)[(*n)++] = (kl_lineage_row){sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                                          sqlite3_column_int64(st, 2)};
    }
    sqlite3_finalize(st);
    return 0;
}

static const kl_cluster *find(const kl_cluster *c, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (c[i].id == id)
            return &c[i];
    return NULL;
}

static void emit(kl_diff *d, int kind, const kl_cluster *c, const char *detail)
{
    d->counts[kind]++;
    d->items = kl_reallocarray(d->items, d->n + 1, sizeof *d->items);
    kl_diff_item *it = &d->items[d->n++];
    it->kind = kind;
    it->id = c->id;
    it->level = c->level;
    it->name = kl_sanitize(c->is_other && !*c->name ? "(other)" : c->name);
    snprintf(it->detail, sizeof it->detail, "%s", detail);
}

static double rate(const kl_cluster *c)
{
    return c->total.conversations > 0 ? (double)c->total.refused / (double)c->total.conversations : 0;
}

/* Ids of the lineage rows whose `key` column equals id, as "6, 9"; returns how many. */
static size_t lineage_list(const kl_lineage_row *lin, size_t nlin, int64_t id, bool by_previous,
                           char *list, size_t n)
{
    size_t count = 0;
    list[0] = '\0';
    for (size_t k = 0; k < nlin; k++) {
        if ((by_previous ? lin[k].previous : lin[k].cluster) != id)
            continue;
        count++;
        size_t len = strlen(list);
        snprintf(list + len, n - len, "%s%lld", count > 1 ? ", " : "",
                 (long long)(by_previous ? lin[k].cluster : lin[k].previous));
    }
    return count;
}

static void compare_kept(kl_diff *d, const kl_cluster *o1, const kl_cluster *n1, double change)
{
    char detail[256];
    double a = (double)o1->total.conversations, b = (double)n1->total.conversations;
    if (a > 0 && (b - a) / a >= change) {
        snprintf(detail, sizeof detail, "%.0f -> %.0f (+%.0f%%)", a, b, 100 * (b - a) / a);
        emit(d, KL_DIFF_GROWN, n1, detail);
    } else if (a > 0 && (a - b) / a >= change) {
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
        snprintf(detail, sizeof detail, "refusal %.1f%% -> %.1f%%", 100 * rate(o1), 100 * rate(n1));
        emit(d, KL_DIFF_REFUSAL, n1, detail);
    }
}

void kl_diff_compute(const kl_cluster *oc, size_t on, const kl_cluster *nc, size_t nn,
                     const kl_lineage_row *lin, size_t nlin, double change, kl_diff *d)
{
    memset(d, 0, sizeof *d);
    char detail[256], list[160];
    for (size_t i = 0; i < nn; i++) {
        const kl_cluster *n1 = &nc[i], *o1 = find(oc, on, n1->id);
        if (o1) {
            compare_kept(d, o1, n1, change);
            continue;
        }
        snprintf(detail, sizeof detail, "%lld conversations", (long long)n1->total.conversations);
        emit(d, KL_DIFF_NEW, n1, detail);
    }
    for (size_t i = 0; i < on; i++) {
        const kl_cluster *o1 = &oc[i];
        size_t heirs = lineage_list(lin, nlin, o1->id, true, list, sizeof list);
        if (heirs >= 2) {
            snprintf(detail, sizeof detail, "split into %s", list);
            emit(d, KL_DIFF_SPLIT, o1, detail);
        }
        if (!find(nc, nn, o1->id)) {
            snprintf(detail, sizeof detail, "%lld conversations%s%s",
                     (long long)o1->total.conversations, heirs ? ", went to " : "", list);
            emit(d, KL_DIFF_GONE, o1, detail);
        }
    }
    for (size_t i = 0; i < nn; i++) {
        if (lineage_list(lin, nlin, nc[i].id, false, list, sizeof list) >= 2) {
            snprintf(detail, sizeof detail, "merged from %s", list);
            emit(d, KL_DIFF_MERGED, &nc[i], detail);
        }
    }
}

int kl_diff_snapshots(kl_snapshot *old, kl_snapshot *new, double change, kl_diff *out)
{
    kl_cluster *oc = NULL, *nc = NULL;
    size_t on = 0, nn = 0, nlin = 0;
    kl_lineage_row *lin = NULL;
    int rc = 0;
    memset(out, 0, sizeof *out);
    if (kl_snapshot_clusters(old, &oc, &on) != 0 || kl_snapshot_clusters(new, &nc, &nn) != 0 ||
        kl_diff_lineage(new, &lin, &nlin) != 0)
        rc = -1;
    else
        kl_diff_compute(oc, on, nc, nn, lin, nlin, change, out);
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
