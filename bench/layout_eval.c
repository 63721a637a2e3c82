/* layout_eval.c — measures the map of a finished run on its work database.
 *
 *   layout_eval WORK.db [--reps N] [--threads N] [--raw] [--dump XY.f32]
 *                       [--perplexity P] [--iterations N] [--seed S] [--anneal N]
 *
 * Loads the cluster tree the run stored (run_clusters: parents, sizes, centroids), lays it
 * out again with kl_layout_build and prints the leaf trustworthiness at k = 10 (the
 * figure `kleio run` reports), the best layout time of --reps runs, and checks the
 * nesting (children inside their parent's disc, siblings apart). --anneal sets the local
 * search's annealing passes (-1: greedy only; default: by leaf count). With --raw it also
 * prints the trustworthiness of the unconstrained leaf embedding (before nesting). */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/hierarchy.h"
#include "kleio/layout.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "../src/cluster/layout_impl.h"

/* The tree as the pipeline stores it (src/pipeline/tree.c reads the same table). */
static int load_tree(const char *path, kl_hierarchy *h)
{
    memset(h, 0, sizeof *h);
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "layout_eval: %s: %s\n", path, sqlite3_errmsg(db));
        sqlite3_close(db);
        return -1;
    }
    sqlite3_stmt *st;
    int rc = -1;
    if (sqlite3_prepare_v2(db, "SELECT level, count(*) FROM run_clusters GROUP BY level ORDER BY level",
                           -1, &st, NULL) != SQLITE_OK)
        goto out;
    while (sqlite3_step(st) == SQLITE_ROW) {
        h->count = kl_reallocarray(h->count, (size_t)h->levels + 1, sizeof *h->count);
        h->count[h->levels++] = (size_t)sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    if (h->levels == 0)
        goto out;
    h->parent = kl_calloc((size_t)h->levels, sizeof *h->parent);
    h->centroid = kl_calloc((size_t)h->levels, sizeof *h->centroid);
    h->size = kl_calloc((size_t)h->levels, sizeof *h->size);
    for (int l = 0; l < h->levels; l++) {
        if (l + 1 < h->levels)              /* as kl_hierarchy_free expects */
            h->parent[l] = kl_calloc(h->count[l], sizeof **h->parent);
        h->size[l] = kl_calloc(h->count[l], sizeof **h->size);
    }
    if (sqlite3_prepare_v2(db, "SELECT level, idx, parent, size, centroid FROM run_clusters",
                           -1, &st, NULL) != SQLITE_OK)
        goto out;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int l = sqlite3_column_int(st, 0);
        size_t i = (size_t)sqlite3_column_int64(st, 1);
        if (l < 0 || l >= h->levels || i >= h->count[l])
            continue;
        if (l + 1 < h->levels)
            h->parent[l][i] = (uint32_t)sqlite3_column_int64(st, 2);
        h->size[l][i] = sqlite3_column_double(st, 3);
        size_t bytes = (size_t)sqlite3_column_bytes(st, 4);
        if (h->d == 0)
            h->d = bytes / sizeof(float);
        if (bytes != h->d * sizeof(float) || h->d == 0)
            continue;
        if (!h->centroid[l])
            h->centroid[l] = kl_calloc(h->count[l] * h->d, sizeof(float));
        memcpy(h->centroid[l] + i * h->d, sqlite3_column_blob(st, 4), bytes);
    }
    sqlite3_finalize(st);
    rc = h->d > 0 && h->centroid[0] ? 0 : -1;
out:
    if (rc != 0)
        fprintf(stderr, "layout_eval: %s: no finished run (run_clusters)\n", path);
    sqlite3_close(db);
    return rc;
}

/* Worst nesting violations: a child's disc beyond its parent's, siblings overlapping. */
static void check_nesting(const kl_hierarchy *h, const kl_layout *L, double *outside,
                          double *overlap)
{
    *outside = 0;
    *overlap = 0;
    for (int l = 0; l < L->levels; l++)
        for (size_t i = 0; i < L->count[l]; i++) {
            double x = L->xy[l][2 * i], y = L->xy[l][2 * i + 1], r = L->extent[l][i];
            if (l + 1 < L->levels) {
                uint32_t q = h->parent[l][i];
                double dx = x - L->xy[l + 1][2 * q], dy = y - L->xy[l + 1][2 * q + 1];
                *outside = fmax(*outside, sqrt(dx * dx + dy * dy) + r - L->extent[l + 1][q]);
            } else {
                *outside = fmax(*outside, fmax(fmax(r - x, x + r - 1), fmax(r - y, y + r - 1)));
            }
            for (size_t j = i + 1; j < L->count[l]; j++) {
                if (l + 1 < L->levels && h->parent[l][i] != h->parent[l][j])
                    continue;
                double dx = x - L->xy[l][2 * j], dy = y - L->xy[l][2 * j + 1];
                *overlap = fmax(*overlap, r + L->extent[l][j] - sqrt(dx * dx + dy * dy));
            }
        }
}

int main(int argc, char **argv)
{
    const char *path = NULL;
    int reps = 1, threads = 0, raw = 0, iterations = 0, anneal = 0;
    double perplexity = 0;
    uint64_t seed = 1;
    const char *dump = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--reps") && i + 1 < argc)
            reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--perplexity") && i + 1 < argc)
            perplexity = atof(argv[++i]);
        else if (!strcmp(argv[i], "--iterations") && i + 1 < argc)
            iterations = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--anneal") && i + 1 < argc)
            anneal = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--dump") && i + 1 < argc)
            dump = argv[++i];
        else if (!strcmp(argv[i], "--raw"))
            raw = 1;
        else if (argv[i][0] != '-' && !path)
            path = argv[i];
        else {
            fprintf(stderr, "usage: layout_eval WORK.db [--reps N] [--threads N] [--raw] [--dump XY.f32]\n"
                    "                   [--perplexity P] [--iterations N] [--seed S] [--anneal N]\n");
            return 2;
        }
    }
    if (!path) {
        fprintf(stderr, "usage: layout_eval WORK.db [--reps N] [--threads N] [--raw] [--dump XY.f32]\n"
                    "                   [--perplexity P] [--iterations N] [--seed S] [--anneal N]\n");
        return 2;
    }
    kl_hierarchy h;
    if (load_tree(path, &h) != 0)
        return 1;
    size_t k = h.count[0];
    printf("%s: %zu leaves, %d levels (", path, k, h.levels);
    for (int l = h.levels - 1; l >= 0; l--)
        printf("%zu%s", h.count[l], l ? " " : ")");
    printf(", d %zu\n", h.d);
    kl_layout_params lp = {.seed = seed, .threads = threads, .perplexity = perplexity,
                           .iterations = iterations, .anneal = anneal};
    double best = INFINITY;
    kl_layout L;
    memset(&L, 0, sizeof L);
    for (int r = 0; r < (reps > 0 ? reps : 1); r++) {
        kl_layout_free(&L);
        double t0 = kl_now();
        if (kl_layout_build(&h, &lp, &L) != 0) {
            fprintf(stderr, "layout_eval: kl_layout_build failed\n");
            return 1;
        }
        best = fmin(best, kl_now() - t0);
    }
    double outside, overlap;
    check_nesting(&h, &L, &outside, &overlap);
    double trust = kl_layout_trustworthiness(h.centroid[0], k, h.d, L.xy[0], 10);
    printf("  layout %.2fs  trust@10 %.3f  worst outside-parent %.2g  worst sibling overlap %.2g\n",
           best, trust, outside, overlap);
    /* How much of each parent's disc its children cover (the map's legibility). */
    printf("  children cover of parent disc (mean):");
    for (int l = 0; l < L.levels; l++) {
        double cover = 0, area = 0;
        if (l + 1 < L.levels) {
            for (size_t i = 0; i < L.count[l]; i++)
                cover += (double)L.extent[l][i] * L.extent[l][i];
            for (size_t q = 0; q < L.count[l + 1]; q++)
                area += (double)L.extent[l + 1][q] * L.extent[l + 1][q];
        } else {
            for (size_t i = 0; i < L.count[l]; i++)
                cover += M_PI * (double)L.extent[l][i] * L.extent[l][i];
            area = 1;
        }
        printf(" level %d %.2f%s", l, cover / area, l + 1 < L.levels ? "," : " (of the square)\n");
    }
    if (dump) {                               /* leaf centres, float32 x y per leaf */
        FILE *f = fopen(dump, "wb");
        if (!f || fwrite(L.xy[0], sizeof(float), 2 * k, f) != 2 * k)
            fprintf(stderr, "layout_eval: cannot write %s\n", dump);
        if (f)
            fclose(f);
    }
    if (raw) {
        float *Y = kl_malloc(k * 2 * sizeof *Y);
        double t0 = kl_now();
        kl_layout_leaf_map(&h, &lp, Y);
        double t = kl_now() - t0;
        printf("  leaf map alone %.2fs  trust@10 %.3f\n", t,
               kl_layout_trustworthiness(h.centroid[0], k, h.d, Y, 10));
        free(Y);
    }
    kl_layout_free(&L);
    kl_hierarchy_free(&h);
    return 0;
}
