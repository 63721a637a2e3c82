/* cmd_diff.c — `kleio diff OLD NEW`: what changed between two snapshots. Reads the two
 * snapshots only; splits and merges come from NEW's lineage table. */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/commands.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/snapshot.h"
#include "kleio/stats.h"
#include "kleio/utf8.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kleio diff OLD.db NEW.db [--change FRACTION] [--format text|json]\n"
            "\n"
            "Lists clusters that are new, gone, grown, shrunk, split, merged or renamed, and\n"
            "refusal rates that moved beyond their 95%% intervals, between two snapshots.\n"
            "Cluster ids are kept across recomputes of one work database, so the same id\n"
            "means the same group of conversations.\n"
            "\n"
            "  -c, --change F   relative change in conversations that counts as grown or\n"
            "                   shrunk (default 0.2)\n"
            "  -f, --format F   text (default) or json\n");
}

typedef struct lineage_row { int64_t cluster, previous, shared; } lineage_row;

static int load_lineage(kl_snapshot *s, lineage_row **out, size_t *n)
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
        (*out)[(*n)++] = (lineage_row){sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
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

struct diff_out {
    int json;
    json_t *items;
    size_t counts[8];
};

enum { D_NEW, D_GONE, D_GROWN, D_SHRUNK, D_SPLIT, D_MERGED, D_RENAMED, D_REFUSAL };
static const char *const kind_names[] = {"new", "gone", "grown", "shrunk", "split", "merged",
                                         "renamed", "refusal"};

static void emit(struct diff_out *d, int kind, const kl_cluster *c, const char *detail)
{
    d->counts[kind]++;
    char *name = kl_sanitize(c->is_other && !*c->name ? "(other)" : c->name);
    if (d->json) {
        json_t *o = json_object();
        json_object_set_new(o, "change", json_string(kind_names[kind]));
        json_object_set_new(o, "id", json_integer(c->id));
        json_object_set_new(o, "level", json_integer(c->level));
        json_object_set_new(o, "name", json_string(name));
        json_object_set_new(o, "detail", json_string(detail));
        json_array_append_new(d->items, o);
    } else {
        char *shown = kl_sanitize_fit(name, 44, false);
        size_t w = kl_utf8_width(shown);
        printf("%-8s %6lld  %s%*s  %s\n", kind_names[kind], (long long)c->id, shown,
               (int)(w < 44 ? 44 - w : 0), "", detail);
        free(shown);
    }
    free(name);
}

static double rate(const kl_cluster *c)
{
    return c->total.conversations > 0 ? (double)c->total.refused / (double)c->total.conversations : 0;
}

int cmd_diff(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"change", required_argument, NULL, 'c'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    double change = 0.2;
    int json = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:f:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': {
            char *end;
            change = strtod(optarg, &end);
            if (*end || !(change > 0 && change < 10)) {
                kl_error("diff: --change wants a fraction such as 0.2, not '%s'", optarg);
                return 2;
            }
            break;
        }
        case 'f':
            if (strcmp(optarg, "json") == 0) json = 1;
            else if (strcmp(optarg, "text") != 0) {
                kl_error("diff: unknown format '%s' (text, json)", optarg);
                return 2;
            }
            break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (argc - optind != 2) {
        usage(stderr);
        return 2;
    }
    char err[1024];
    kl_snapshot *old = kl_snapshot_open(argv[optind], err, sizeof err);
    if (!old) {
        fprintf(stderr, "kleio: %s\n", err);
        return KL_EXIT_BAD_SNAPSHOT;
    }
    kl_snapshot *new = kl_snapshot_open(argv[optind + 1], err, sizeof err);
    if (!new) {
        fprintf(stderr, "kleio: %s\n", err);
        kl_snapshot_close(old);
        return KL_EXIT_BAD_SNAPSHOT;
    }
    kl_cluster *oc = NULL, *nc = NULL;
    size_t on = 0, nn = 0;
    lineage_row *lin = NULL;
    size_t nlin = 0;
    int rc = 0;
    if (kl_snapshot_clusters(old, &oc, &on) != 0 || kl_snapshot_clusters(new, &nc, &nn) != 0 ||
        load_lineage(new, &lin, &nlin) != 0) {
        kl_error("diff: cannot read the clusters");
        rc = 1;
        goto done;
    }
    struct diff_out d = {.json = json, .items = json ? json_array() : NULL};
    char detail[256];
    for (size_t i = 0; i < nn; i++) {
        const kl_cluster *n1 = &nc[i], *o1 = find(oc, on, n1->id);
        if (!o1) {
            snprintf(detail, sizeof detail, "%lld conversations", (long long)n1->total.conversations);
            emit(&d, D_NEW, n1, detail);
            continue;
        }
        double a = (double)o1->total.conversations, b = (double)n1->total.conversations;
        if (a > 0 && (b - a) / a >= change) {
            snprintf(detail, sizeof detail, "%.0f -> %.0f (+%.0f%%)", a, b, 100 * (b - a) / a);
            emit(&d, D_GROWN, n1, detail);
        } else if (a > 0 && (a - b) / a >= change) {
            snprintf(detail, sizeof detail, "%.0f -> %.0f (-%.0f%%)", a, b, 100 * (a - b) / a);
            emit(&d, D_SHRUNK, n1, detail);
        }
        if (strcmp(o1->name, n1->name) != 0) {
            char *was = kl_sanitize_fit(o1->name, 60, false);
            snprintf(detail, sizeof detail, "was \"%s\"", was);
            free(was);
            emit(&d, D_RENAMED, n1, detail);
        }
        double lo_a, hi_a, lo_b, hi_b;
        kl_wilson95(o1->total.refused, o1->total.conversations, &lo_a, &hi_a);
        kl_wilson95(n1->total.refused, n1->total.conversations, &lo_b, &hi_b);
        if ((lo_b > hi_a || hi_b < lo_a) && fabs(rate(n1) - rate(o1)) >= 0.02) {
            snprintf(detail, sizeof detail, "refusal %.1f%% -> %.1f%%", 100 * rate(o1), 100 * rate(n1));
            emit(&d, D_REFUSAL, n1, detail);
        }
    }
    for (size_t i = 0; i < on; i++) {
        const kl_cluster *o1 = &oc[i];
        size_t heirs = 0;
        char list[160] = "";
        for (size_t k = 0; k < nlin; k++) {
            if (lin[k].previous != o1->id)
                continue;
            heirs++;
            size_t len = strlen(list);
            snprintf(list + len, sizeof list - len, "%s%lld", heirs > 1 ? ", " : "", (long long)lin[k].cluster);
        }
        if (heirs >= 2) {
            snprintf(detail, sizeof detail, "split into %s", list);
            emit(&d, D_SPLIT, o1, detail);
        }
        if (!find(nc, nn, o1->id)) {
            snprintf(detail, sizeof detail, "%lld conversations%s%s", (long long)o1->total.conversations,
                     heirs ? ", went to " : "", list);
            emit(&d, D_GONE, o1, detail);
        }
    }
    for (size_t i = 0; i < nn; i++) {
        size_t sources = 0;
        char list[160] = "";
        for (size_t k = 0; k < nlin; k++) {
            if (lin[k].cluster != nc[i].id)
                continue;
            sources++;
            size_t len = strlen(list);
            snprintf(list + len, sizeof list - len, "%s%lld", sources > 1 ? ", " : "", (long long)lin[k].previous);
        }
        if (sources >= 2) {
            snprintf(detail, sizeof detail, "merged from %s", list);
            emit(&d, D_MERGED, &nc[i], detail);
        }
    }
    if (json) {
        json_t *root = json_object();
        json_object_set_new(root, "old", json_string(argv[optind]));
        json_object_set_new(root, "new", json_string(argv[optind + 1]));
        json_t *summary = json_object();
        for (int k = 0; k < 8; k++)
            json_object_set_new(summary, kind_names[k], json_integer((json_int_t)d.counts[k]));
        json_object_set_new(root, "summary", summary);
        json_object_set_new(root, "changes", d.items);
        json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        putchar('\n');
        json_decref(root);
    } else {
        printf("%zu new, %zu gone, %zu grown, %zu shrunk, %zu split, %zu merged, %zu renamed, "
               "%zu refusal changes\n",
               d.counts[D_NEW], d.counts[D_GONE], d.counts[D_GROWN], d.counts[D_SHRUNK],
               d.counts[D_SPLIT], d.counts[D_MERGED], d.counts[D_RENAMED], d.counts[D_REFUSAL]);
    }
done:
    free(lin);
    kl_clusters_free(oc, on);
    kl_clusters_free(nc, nn);
    kl_snapshot_close(old);
    kl_snapshot_close(new);
    return rc;
}
