/* stage_layout.c — the layout stage: map positions and regions of every cluster and a
 * density grid for shading (layout.h); reports the trustworthiness of the leaf layout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/layout.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/workdb.h"
#include "run_internal.h"

/* The trustworthiness figure is averaged over at most TRUST_SAMPLE leaves (exact below:
 * a few seconds at 10,000 leaves) and skipped above TRUST_MAX_LEAVES. */
#define TRUST_SAMPLE 2000
#define TRUST_MAX_LEAVES 50000

int run_stage_layout(run_ctx *c, uint64_t ph, uint64_t ih)
{
    run_tree t;
    if (run_load_assign(c) != 0 || run_load_embeddings(c) != 0 || run_tree_load(c->db, &t) != 0)
        return -1;
    kl_progress pr;
    kl_progress_start(&pr, "layout", 0);
    kl_hierarchy h = {t.levels, t.d, t.count, t.parent, t.centroid, t.size};
    kl_layout_params lp = {0};
    lp.seed = c->p->seed;
    lp.threads = c->p->threads;
    kl_layout L;
    memset(&L, 0, sizeof L);
    if (kl_layout_build(&h, &lp, &L) != 0) {
        kl_error("layout: cannot lay out the tree");
        run_tree_free(&t);
        return -1;
    }
    uint8_t **grids = NULL;
    int side = KL_RUN_DENSITY_GRID;
    int rc = kl_layout_density(&L, &h, c->X, c->n, c->leaf, side, &grids, NULL);
    double trust = -1;
    size_t leaves = t.count[0];
    if (t.count[0] > 10 && t.count[0] <= TRUST_MAX_LEAVES)
        trust = kl_layout_trustworthiness_sampled(t.centroid[0], t.count[0], t.d, L.xy[0], 10,
                                                  TRUST_SAMPLE);
    sqlite3_stmt *st = NULL;
    if (rc == 0)
        rc = run_begin(c->db);
    if (rc == 0)
        rc = sqlite3_prepare_v2(c->db, "UPDATE run_clusters SET x = ?3, y = ?4, extent = ?5,"
                                       " density = ?6 WHERE level = ?1 AND idx = ?2", -1, &st,
                                NULL) == SQLITE_OK ? 0 : -1;
    for (int l = 0; l < t.levels && rc == 0; l++)
        for (size_t i = 0; i < t.count[l] && rc == 0; i++) {
            sqlite3_bind_int(st, 1, l);
            sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
            sqlite3_bind_double(st, 3, L.xy[l][2 * i]);
            sqlite3_bind_double(st, 4, L.xy[l][2 * i + 1]);
            sqlite3_bind_double(st, 5, L.extent[l][i]);
            if (grids)
                sqlite3_bind_blob(st, 6, grids[l] + i * (size_t)side * (size_t)side,
                                  side * side, SQLITE_STATIC);
            rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
            sqlite3_reset(st);
        }
    sqlite3_finalize(st);
    if (grids) {
        for (int l = 0; l < t.levels; l++)
            free(grids[l]);
        free(grids);
    }
    kl_layout_free(&L);
    run_tree_free(&t);
    char summary[160];
    if (trust >= 0)
        snprintf(summary, sizeof summary, "%d levels placed; leaf trustworthiness@10 %.3f%s",
                 h.levels, trust, leaves > TRUST_SAMPLE ? " (sampled)" : "");
    else
        snprintf(summary, sizeof summary, "%d levels placed", h.levels);
    if (rc == 0)
        rc = kl_stage_record(c->db, "layout", ph, ih, summary);
    if (rc == 0 && run_commit(c->db) == 0) {
        kl_progress_end(&pr, "%s", summary);
        return 0;
    }
    kl_error("layout: %s", sqlite3_errmsg(c->db));
    run_rollback(c->db);
    return -1;
}
