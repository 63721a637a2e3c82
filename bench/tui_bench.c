/* tui_bench.c — the explorer's speed on a big snapshot, measured on the real binary.
 *
 *   tui_bench [--kleio PATH] [--snapshot PATH] [--runs N] [--clusters N] [--languages N]
 *
 * Generates (once, then reuses) a snapshot of 20,000 clusters in three levels with cells
 * for 60 languages and twelve monthly buckets, through kl_snapshot_create. Then runs
 * `kleio browse --bench-frames SNAPSHOT` N times: the binary draws real frames into a
 * 200x60 virtual screen and prints its timings; this program adds the process start-up (it
 * notes the monotonic clock at spawn) and reports medians (and bests, for a busy machine)
 * against the targets:
 * first frame < 50 ms, language filter change or sort < 10 ms, memory < 50 MB. Exits 1
 * when a target is missed. */
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kleio/log.h"
#include "kleio/rng.h"
#include "kleio/snapshot.h"

/* environ comes from unistd.h under _GNU_SOURCE. */


static int exec_or_die(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "tui_bench: %s\n", msg);
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int generate(const char *path, int n_clusters, int n_langs)
{
    char err[512];
    sqlite3 *db = kl_snapshot_create(path, err, sizeof err);
    if (!db) {
        fprintf(stderr, "tui_bench: %s\n", err);
        return -1;
    }
    double t0 = kl_now();
    exec_or_die(db, "PRAGMA synchronous=OFF; BEGIN");
    const int side = 16;
    char grid_side[8];
    snprintf(grid_side, sizeof grid_side, "%d", side);
    kl_snapshot_put_meta(db, "created_at", "2026-11-26T00:00:00Z");
    kl_snapshot_put_meta(db, "backend", "offline");
    kl_snapshot_put_meta(db, "min_users", "5");
    kl_snapshot_put_meta(db, "min_conversations", "10");
    kl_snapshot_put_meta(db, "density_grid", grid_side);
    kl_snapshot_put_meta(db, "time_bucket", "month");
    sqlite3_stmt *cl, *cell, *tm, *lang;
    sqlite3_prepare_v2(db,
                       "INSERT INTO clusters(id, parent_id, level, name, description, x, y, extent,"
                       " conversations, users, refused, concern_sum, density)"
                       " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
                       -1, &cl, NULL);
    sqlite3_prepare_v2(db,
                       "INSERT INTO cluster_lang(cluster_id, lang, suppressed, conversations,"
                       " users, refused, concern_sum) VALUES(?1,?2,?3,?4,?5,?6,?7)",
                       -1, &cell, NULL);
    sqlite3_prepare_v2(db,
                       "INSERT INTO cluster_time(cluster_id, lang, bucket, suppressed,"
                       " conversations, refused) VALUES(?1,?2,?3,?4,?5,?6)",
                       -1, &tm, NULL);
    sqlite3_prepare_v2(db,
                       "INSERT INTO languages(code, name, suppressed, conversations, users,"
                       " refused, concern_sum) VALUES(?1,?2,0,?3,?4,?5,?6)",
                       -1, &lang, NULL);
    kl_rng r;
    kl_rng_seed(&r, 42);
    /* Three levels: 25 top clusters, 30 children each, the rest as leaves. */
    int n_top = 25, n_mid = 25 * 30, n_leaf = n_clusters - n_top - n_mid;
    double *lang_w = calloc((size_t)n_langs, sizeof *lang_w);
    int64_t (*lang_tot)[4] = calloc((size_t)n_langs, sizeof *lang_tot);
    double wsum = 0;
    for (int l = 0; l < n_langs; l++)
        wsum += lang_w[l] = 1.0 / (l + 1); /* Zipf-like language mix */
    double *cx = calloc((size_t)n_clusters + 1, sizeof *cx), *cy = calloc((size_t)n_clusters + 1, sizeof *cy);
    unsigned char grid[16 * 16];
    for (int id = 1; id <= n_clusters; id++) {
        int level = id <= n_top ? 0 : id <= n_top + n_mid ? 1 : 2;
        int parent = level == 0 ? 0 : level == 1 ? 1 + (id - n_top - 1) / 30
                                                 : n_top + 1 + (id - n_top - n_mid - 1) % n_mid;
        double ext = level == 0 ? 0.1 : level == 1 ? 0.02 : 0.004;
        double px = parent ? cx[parent] : 0.5, py = parent ? cy[parent] : 0.5;
        double pe = level == 0 ? 0.4 : level == 1 ? 0.1 : 0.02;
        cx[id] = px + (kl_rng_uniform(&r) - 0.5) * 1.6 * pe;
        cy[id] = py + (kl_rng_uniform(&r) - 0.5) * 1.6 * pe;
        int64_t conv = level == 0 ? 40000 : level == 1 ? 1300 : 50 + (int64_t)kl_rng_below(&r, 100);
        double rr = 0.02 + 0.3 * pow(kl_rng_uniform(&r), 4);
        char name[96], desc[160];
        snprintf(name, sizeof name, "Cluster %d of level %d about topic %llu", id, level,
                 (unsigned long long)kl_rng_below(&r, 100000));
        snprintf(desc, sizeof desc, "Generated description for cluster %d, for timing only.", id);
        sqlite3_bind_int64(cl, 1, id);
        if (parent)
            sqlite3_bind_int64(cl, 2, parent);
        else
            sqlite3_bind_null(cl, 2);
        sqlite3_bind_int(cl, 3, level);
        sqlite3_bind_text(cl, 4, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(cl, 5, desc, -1, SQLITE_TRANSIENT);
        sqlite3_bind_double(cl, 6, cx[id]);
        sqlite3_bind_double(cl, 7, cy[id]);
        sqlite3_bind_double(cl, 8, ext);
        sqlite3_bind_int64(cl, 9, conv);
        sqlite3_bind_int64(cl, 10, conv / 3);
        sqlite3_bind_int64(cl, 11, (int64_t)(conv * rr));
        sqlite3_bind_int64(cl, 12, conv * 2);
        if (level < 2) {
            for (int i = 0; i < side * side; i++)
                grid[i] = (unsigned char)kl_rng_below(&r, 256);
            sqlite3_bind_blob(cl, 13, grid, side * side, SQLITE_TRANSIENT);
        } else {
            sqlite3_bind_null(cl, 13);
        }
        sqlite3_step(cl);
        sqlite3_reset(cl);
        sqlite3_clear_bindings(cl);
        for (int l = 0; l < n_langs; l++) {
            char code[8];
            snprintf(code, sizeof code, "l%02d", l);
            int64_t lc = (int64_t)(conv * lang_w[l] / wsum);
            bool supp = lc < 10 || lc / 3 < 5;
            sqlite3_bind_int64(cell, 1, id);
            sqlite3_bind_text(cell, 2, code, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(cell, 3, supp);
            if (!supp) {
                sqlite3_bind_int64(cell, 4, lc);
                sqlite3_bind_int64(cell, 5, lc / 3);
                sqlite3_bind_int64(cell, 6, (int64_t)(lc * rr));
                sqlite3_bind_int64(cell, 7, lc * 2);
            }
            sqlite3_step(cell);
            sqlite3_reset(cell);
            sqlite3_clear_bindings(cell);
            if (level == 0) {
                lang_tot[l][0] += lc;
                lang_tot[l][1] += lc / 3;
                lang_tot[l][2] += (int64_t)(lc * rr);
                lang_tot[l][3] += lc * 2;
            }
        }
        for (int b = 0; b < 12; b++) {
            char bucket[16];
            snprintf(bucket, sizeof bucket, "2026-%02d-01", b + 1);
            for (int l = -1; l < 2; l++) {
                char code[8] = "";
                if (l >= 0)
                    snprintf(code, sizeof code, "l%02d", l);
                int64_t tc = conv / 12 * (l < 0 ? 1 : 1) / (l < 0 ? 1 : 2 + l);
                bool supp = tc < 10;
                sqlite3_bind_int64(tm, 1, id);
                sqlite3_bind_text(tm, 2, code, -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(tm, 3, bucket, -1, SQLITE_TRANSIENT);
                sqlite3_bind_int(tm, 4, supp);
                if (!supp) {
                    sqlite3_bind_int64(tm, 5, tc);
                    sqlite3_bind_int64(tm, 6, (int64_t)(tc * rr));
                }
                sqlite3_step(tm);
                sqlite3_reset(tm);
                sqlite3_clear_bindings(tm);
            }
        }
    }
    for (int l = 0; l < n_langs; l++) {
        char code[8], name[32];
        snprintf(code, sizeof code, "l%02d", l);
        snprintf(name, sizeof name, "Language %d", l);
        sqlite3_bind_text(lang, 1, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(lang, 2, name, -1, SQLITE_TRANSIENT);
        for (int k = 0; k < 4; k++)
            sqlite3_bind_int64(lang, 3 + k, lang_tot[l][k]);
        sqlite3_step(lang);
        sqlite3_reset(lang);
    }
    sqlite3_finalize(cl);
    sqlite3_finalize(cell);
    sqlite3_finalize(tm);
    sqlite3_finalize(lang);
    int rc = exec_or_die(db, "COMMIT");
    sqlite3_close(db);
    free(lang_w);
    free(lang_tot);
    free(cx);
    free(cy);
    fprintf(stderr, "tui_bench: generated %s (%d clusters, %d leaves, %d languages) in %.1f s\n",
            path, n_clusters, n_leaf, n_langs, kl_now() - t0);
    return rc;
}

enum { M_FIRST, M_FIRST_SPAWN, M_OPEN, M_AFTER_OPEN, M_FILTER, M_SORT, M_RSS, M_LOAD, M_OUTLIERS, M_SEARCH, M_VALID, M_N };
static const char *const metric_names[M_N] = {
    "first frame (in process)", "first frame (from spawn)", "open (cheap checks)",
    "first frame after open", "worst filter change",
    "worst sort", "resident memory (MB)", "background load", "outliers view", "search all", "full check (background)"};

static int run_once(const char *kleio, const char *snap, double out[M_N])
{
    char log[] = "/tmp/kleio-bench-XXXXXX";
    int fd = mkstemp(log);
    if (fd < 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fd, STDERR_FILENO);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", 0, 0);
    char *argv[] = {(char *)kleio, (char *)"browse", (char *)"--bench-frames", (char *)snap, NULL};
    pid_t pid;
    double spawned = kl_now();
    if (posix_spawn(&pid, kleio, &fa, NULL, argv, environ) != 0) {
        close(fd);
        unlink(log);
        return -1;
    }
    int status;
    waitpid(pid, &status, 0);
    posix_spawn_file_actions_destroy(&fa);
    close(fd);
    FILE *f = fopen(log, "r");
    char line[512];
    double mono = 0, rss = 0;
    for (int i = 0; i < M_N; i++)
        out[i] = NAN;
    while (f && fgets(line, sizeof line, f)) {
        double v;
        if (sscanf(line, "first_frame_ms=%lf first_frame_mono=%lf", &out[M_FIRST], &mono) == 2)
            out[M_FIRST_SPAWN] = (mono - spawned) * 1000;
        else if (sscanf(line, "worst_filter_ms=%lf worst_sort_ms=%lf", &out[M_FILTER], &out[M_SORT]) == 2)
            ;
        else if (sscanf(line, "rss_kib=%lf", &rss) == 1)
            out[M_RSS] = rss / 1024;
        else if (sscanf(line, "open_ms=%lf", &v) == 1)
            out[M_OPEN] = v;
        else if (sscanf(line, "background_load_ms=%lf", &v) == 1)
            out[M_LOAD] = v;
        else if (sscanf(line, "outliers_ms=%lf", &v) == 1)
            out[M_OUTLIERS] = v;
        else if (sscanf(line, "search_all_ms=%lf", &v) == 1)
            out[M_SEARCH] = v;
        else if (sscanf(line, "validation_ms=%lf", &v) == 1)
            out[M_VALID] = v;
        if (getenv("TUI_BENCH_VERBOSE"))
            fputs(line, stderr);
    }
    if (f)
        fclose(f);
    out[M_AFTER_OPEN] = out[M_FIRST] - out[M_OPEN];
    unlink(log);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    const char *kleio = "build/kleio", *snap = "build/bench/tui_bench.db";
    int runs = 5, n_clusters = 20000, n_langs = 60;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--kleio"))
            kleio = argv[i + 1];
        else if (!strcmp(argv[i], "--snapshot"))
            snap = argv[i + 1];
        else if (!strcmp(argv[i], "--runs"))
            runs = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--clusters"))
            n_clusters = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--languages"))
            n_langs = atoi(argv[i + 1]);
        else {
            fprintf(stderr, "usage: tui_bench [--kleio PATH] [--snapshot PATH] [--runs N]"
                            " [--clusters N] [--languages N]\n");
            return 2;
        }
    }
    if (runs < 1 || runs > 100 || n_clusters < 1000 || n_langs < 1 || n_langs > 100) {
        fprintf(stderr, "tui_bench: runs 1-100, clusters >= 1000, languages 1-100\n");
        return 2;
    }
    /* A wide virtual screen: tree, map and detail all drawn, the most work per frame. */
    setenv("COLUMNS", "200", 1);
    setenv("LINES", "60", 1);
    struct stat sb;
    if (stat(snap, &sb) != 0 && generate(snap, n_clusters, n_langs) != 0)
        return 1;
    double (*m)[M_N] = calloc((size_t)runs, sizeof *m);
    for (int r = 0; r < runs; r++) {
        if (run_once(kleio, snap, m[r]) != 0) {
            fprintf(stderr, "tui_bench: %s browse --bench-frames %s failed\n", kleio, snap);
            free(m);
            return 1;
        }
    }
    double med[M_N];
    printf("kleio browse on %s, %d runs:        median       best\n", snap, runs);
    for (int k = 0; k < M_N; k++) {
        double *v = calloc((size_t)runs, sizeof *v);
        for (int r = 0; r < runs; r++)
            v[r] = m[r][k];
        qsort(v, (size_t)runs, sizeof *v, compare_double);
        med[k] = v[runs / 2];
        printf("  %-26s %9.2f %9.2f %s\n", metric_names[k], med[k], v[0], k == M_RSS ? "MB" : "ms");
        free(v);
    }
    free(m);
    bool ok = med[M_FIRST_SPAWN] < 50 && med[M_FILTER] < 10 && med[M_SORT] < 10 && med[M_RSS] < 50;
    printf("targets (first frame < 50 ms, filter/sort < 10 ms, memory < 50 MB): %s\n",
           ok ? "met" : "MISSED");
    if (med[M_OPEN] > 25)
        printf("note: %.0f ms of the first frame is opening the file; the explorer's own work is "
               "%.1f ms\n", med[M_OPEN], med[M_AFTER_OPEN]);
    return ok ? 0 : 1;
}
