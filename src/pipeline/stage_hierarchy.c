/* stage_hierarchy.c — the hierarchy stage: levels above the leaves (hierarchy.h), stored
 * with every cluster's parent, size and centroid in run_clusters. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/hierarchy.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/workdb.h"
#include "run_internal.h"

/* Leaf sizes and centroids as the cluster stage stored them: 0, -1 when there are none,
 * -2 on a read error (said here). */
static int load_leaves(sqlite3 *db, size_t *k, size_t *d, double **size, float **cent)
{
    sqlite3_stmt *st;
    *k = 0;
    *d = 0;
    *size = NULL;
    *cent = NULL;
    if (sqlite3_prepare_v2(db, "SELECT count(*), max(length(centroid)) FROM run_leaves", -1, &st,
                           NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *k = (size_t)sqlite3_column_int64(st, 0);
        *d = (size_t)sqlite3_column_int64(st, 1) / sizeof(float);
    }
    sqlite3_finalize(st);
    if (*k == 0 || *d == 0)
        return -1;
    *size = kl_calloc(*k, sizeof **size);
    *cent = kl_calloc(*k * *d, sizeof **cent);
    if (sqlite3_prepare_v2(db, "SELECT idx, size, centroid FROM run_leaves", -1, &st, NULL) !=
        SQLITE_OK)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t j = (size_t)sqlite3_column_int64(st, 0);
        if (j >= *k || (size_t)sqlite3_column_bytes(st, 2) != *d * sizeof(float))
            continue;
        (*size)[j] = sqlite3_column_double(st, 1);
        memcpy(*cent + j * *d, sqlite3_column_blob(st, 2), *d * sizeof(float));
    }
    /* A read error is not the end of the leaves: the rest would stay empty (size 0). */
    if (rc != SQLITE_DONE) {
        kl_error("hierarchy: reading the leaves: %s", sqlite3_errmsg(db));
        sqlite3_finalize(st);
        return -2;
    }
    sqlite3_finalize(st);
    return 0;
}

float *run_hier_features(run_ctx *c, const float *cent, size_t k, size_t d, size_t *da_out)
{
    /* Leaf centroids of unit vectors are shorter the more spread their members are;
     * grouping them by direction (cosine), not by length, keeps topics together. Lexical
     * vectors of different languages barely overlap, so each leaf also carries what
     * does not depend on the language: its mix of task types and its mean concern. */
    size_t T = c->n_tasks, da = d + T + 1;
    *da_out = da;
    float *aug = kl_calloc(k * da, sizeof *aug);
    double *task_n = kl_calloc(k * (T + 1) + 1, sizeof *task_n), *concern = kl_calloc(k + 1, sizeof *concern);
    for (size_t i = 0; i < c->n; i++) {
        if (c->leaf[i] >= k)
            continue;
        task_n[(size_t)c->leaf[i] * (T + 1) + c->task[i]] += 1;
        concern[c->leaf[i]] += c->concern[i];
    }
    for (size_t j = 0; j < k; j++) {
        double norm = 0, members = 0;
        for (size_t x = 0; x < d; x++)
            norm += (double)cent[j * d + x] * cent[j * d + x];
        for (size_t x = 0; x < d; x++)
            aug[j * da + x] = norm > 0 ? (float)(cent[j * d + x] / sqrt(norm)) : 0.0f;
        for (size_t x = 0; x < T; x++)
            members += task_n[j * (T + 1) + x];
        for (size_t x = 0; x < T && members > 0; x++)
            aug[j * da + d + x] = (float)(RUN_FACET_WEIGHT * task_n[j * (T + 1) + x] / members);
        if (members > 0)
            aug[j * da + d + T] = (float)(RUN_FACET_WEIGHT * (concern[j] / members - 1) / 4);
    }
    free(task_n);
    free(concern);
    return aug;
}

int run_stage_hierarchy(run_ctx *c, uint64_t ph, uint64_t ih)
{
    kl_progress pr;
    kl_progress_start(&pr, "hierarchy", 0);
    size_t k, d;
    double *size;
    float *cent;
    int lr = load_leaves(c->db, &k, &d, &size, &cent);
    if (lr != 0) {
        if (lr == -1)
            kl_error("hierarchy: no leaves stored");
        free(size);
        free(cent);
        return -1;
    }
    if (run_load_assign(c) != 0) {
        free(size);
        free(cent);
        return -1;
    }
    size_t da;
    float *aug = run_hier_features(c, cent, k, d, &da);
    kl_hier_params hp = {0};
    hp.levels = c->p->levels;
    hp.top = c->p->top;
    hp.threads = c->p->threads;
    /* Children settle by the embedding alone: the task mix shapes the grouping, but the
     * map and a parent's coherence are judged in the embedding's space. */
    hp.refine_dims = d;
    kl_hierarchy h;
    memset(&h, 0, sizeof h);
    int built = kl_hierarchy_build(aug, size, k, da, &hp, &h);
    free(aug);
    free(size);
    free(cent);
    if (built != 0) {
        kl_error("hierarchy: cannot build the tree over %zu leaves", k);
        return -1;
    }
    sqlite3_stmt *st = NULL;
    int rc = run_begin(c->db);
    if (rc == 0)
        rc = kl_db_exec(c->db, "DELETE FROM run_clusters;");
    if (rc == 0)
        rc = sqlite3_prepare_v2(c->db, "INSERT INTO run_clusters(level, idx, parent, size, centroid)"
                                       " VALUES(?1, ?2, ?3, ?4, ?5)", -1, &st, NULL) == SQLITE_OK
                 ? 0 : -1;
    for (int l = 0; l < h.levels && rc == 0; l++)
        for (size_t i = 0; i < h.count[l] && rc == 0; i++) {
            sqlite3_bind_int(st, 1, l);
            sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
            if (l + 1 < h.levels)
                sqlite3_bind_int64(st, 3, h.parent[l][i]);
            else
                sqlite3_bind_null(st, 3);
            sqlite3_bind_double(st, 4, h.size[l][i]);
            /* Stored in the embedding space only (the map and density work there). */
            sqlite3_bind_blob(st, 5, h.centroid[l] + i * h.d, (int)(d * sizeof(float)),
                              SQLITE_STATIC);
            rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
            sqlite3_reset(st);
        }
    sqlite3_finalize(st);
    if (rc == 0)
        rc = kl_db_exec(c->db, "DELETE FROM run_hier_det; INSERT INTO run_hier_det(level, idx,"
                               " parent, size, centroid) SELECT level, idx, parent, size, centroid"
                               " FROM run_clusters;");
    char summary[160];
    int off = snprintf(summary, sizeof summary, "%d levels:", h.levels);
    for (int l = h.levels - 1; l >= 0 && off > 0 && (size_t)off < sizeof summary; l--)
        off += snprintf(summary + off, sizeof summary - (size_t)off, " %zu", h.count[l]);
    kl_hierarchy_free(&h);
    if (rc == 0)
        rc = kl_stage_record(c->db, "hierarchy", ph, ih, summary);
    if (rc == 0 && run_commit(c->db) == 0) {
        kl_progress_end(&pr, "%s clusters, top to leaves", summary);
        return 0;
    }
    kl_error("hierarchy: %s", sqlite3_errmsg(c->db));
    run_rollback(c->db);
    return -1;
}
