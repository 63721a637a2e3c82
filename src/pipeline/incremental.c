/* incremental.c — `kleio run --incremental`: conversations ingested since the last full
 * run are embedded with the stored model and assigned to the nearest stored leaf centroid;
 * the tree, names and layout stay as they are, and the privacy stage then recounts every
 * aggregate. Drift is measured against the angular distances of the original members to their own
 * centroids, on a sample taken in seeded hash order. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/embed.h"
#include "kleio/kmeans.h"
#include "kleio/linalg.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/workdb.h"
#include "run_internal.h"

/* Original members whose distance to their centroid sets the "far" line. */
#define INCR_SAMPLE 4000
/* A new conversation is far when it lies beyond this quantile of the members' distances… */
#define INCR_FAR_QUANTILE 0.95
/* …and a full recompute is advised when more than this share of new ones are far. */
#define INCR_DRIFT_ADVICE 0.25

/* Drift is judged by angle, not length: a text with few known features embeds to a short
 * vector that sits close to every centroid in Euclidean terms while matching none. A zero
 * vector (no known feature) is as far as can be. */
static double cos_dist(const float *a, const float *b, int d)
{
    double ab = 0, aa = 0, bb = 0;
    for (int j = 0; j < d; j++) {
        ab += (double)a[j] * (double)b[j];
        aa += (double)a[j] * (double)a[j];
        bb += (double)b[j] * (double)b[j];
    }
    return aa > 0 && bb > 0 ? 1.0 - ab / sqrt(aa * bb) : 2.0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void *blob_copy(sqlite3_stmt *st, int col, size_t *len)
{
    *len = (size_t)sqlite3_column_bytes(st, col);
    void *b = kl_malloc(*len ? *len : 1);
    if (*len)
        memcpy(b, sqlite3_column_blob(st, col), *len);
    return b;
}

/* Leaf of every row, UINT32_MAX for rows not yet assigned. */
static int load_partial_assign(run_ctx *c)
{
    c->leaf = kl_malloc((c->n ? c->n : 1) * sizeof *c->leaf);
    memset(c->leaf, 0xff, (c->n ? c->n : 1) * sizeof *c->leaf);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(c->db, "SELECT conv, leaf FROM run_assign", -1, &st, NULL) != SQLITE_OK)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long row = run_row_of(c, sqlite3_column_int64(st, 0));
        if (row >= 0)
            c->leaf[row] = (uint32_t)sqlite3_column_int64(st, 1);
    }
    /* A read error is not the end: the rows after it would be assigned again as new. */
    if (rc != SQLITE_DONE)
        kl_error("%s: %s", c->p->work, sqlite3_errmsg(c->db));
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static float *load_centroids(run_ctx *c, size_t *k)
{
    sqlite3_stmt *st;
    *k = 0;
    if (sqlite3_prepare_v2(c->db, "SELECT idx, centroid FROM run_leaves ORDER BY idx", -1, &st,
                           NULL) != SQLITE_OK)
        return NULL;
    float *C = NULL;
    size_t row_bytes = (size_t)c->dim * sizeof(float);
    bool ok = true;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (sqlite3_column_int64(st, 0) != (int64_t)*k ||
            (size_t)sqlite3_column_bytes(st, 1) != row_bytes) {
            ok = false;
            break;
        }
        C = kl_reallocarray(C, *k + 1, row_bytes);
        memcpy(C + *k * (size_t)c->dim, sqlite3_column_blob(st, 1), row_bytes);
        (*k)++;
    }
    if (ok && rc != SQLITE_DONE) { /* a read error would leave the later leaves out */
        kl_error("%s: %s", c->p->work, sqlite3_errmsg(c->db));
        ok = false;
    }
    sqlite3_finalize(st);
    if (!ok || *k == 0) {
        free(C);
        return NULL;
    }
    return C;
}

/* New rows are centred as the full run centred its rows (stage_embed.c): minus their
 * language's stored mean, then unit length. A language the full run did not see has no
 * mean, and its rows stay as embedded (unit length already). */
static void centre_new_rows(run_ctx *c, const size_t *rows, size_t n_new, float *X)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(c->db, "SELECT mean FROM run_embed_centre WHERE lang = ?1", -1, &st,
                           NULL) != SQLITE_OK)
        return;
    size_t d = (size_t)c->dim;
    float **mean = kl_calloc(c->n_langs ? c->n_langs : 1, sizeof *mean);
    bool any = false;
    for (size_t l = 0; l < c->n_langs; l++) {
        sqlite3_bind_text(st, 1, c->langs[l].code, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW && (size_t)sqlite3_column_bytes(st, 0) == d * sizeof(float)) {
            mean[l] = kl_malloc(d * sizeof(float));
            memcpy(mean[l], sqlite3_column_blob(st, 0), d * sizeof(float));
            any = true;
        }
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    for (size_t j = 0; any && j < n_new; j++)
        if (mean[c->lang[rows[j]]])
            kl_centre_row(X + j * d, d, mean[c->lang[rows[j]]]);
    for (size_t l = 0; l < c->n_langs; l++)
        free(mean[l]);
    free(mean);
}

/* The INCR_FAR_QUANTILE of the distances of sampled original members to their centroid. */
static double far_line(run_ctx *c, const float *C, size_t k)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(c->db, "SELECT vec FROM run_embeddings WHERE conv = ?1", -1, &st, NULL) !=
        SQLITE_OK)
        return INFINITY;
    double *d = kl_malloc(INCR_SAMPLE * sizeof *d);
    size_t m = 0;
    size_t row_bytes = (size_t)c->dim * sizeof(float);
    for (size_t i = 0; i < c->n && m < INCR_SAMPLE; i++) {
        if (c->leaf[i] >= k)
            continue;
        sqlite3_bind_int64(st, 1, c->conv[i]);
        if (sqlite3_step(st) == SQLITE_ROW && (size_t)sqlite3_column_bytes(st, 0) == row_bytes)
            d[m++] = cos_dist((const float *)sqlite3_column_blob(st, 0),
                           C + (size_t)c->leaf[i] * (size_t)c->dim, c->dim);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    double line = INFINITY;
    if (m > 0) {
        qsort(d, m, sizeof *d, cmp_double);
        line = d[(size_t)(INCR_FAR_QUANTILE * (double)(m - 1))];
    }
    free(d);
    return line;
}

int run_incremental_assign(run_ctx *c, uint64_t ph, uint64_t ih)
{
    if (load_partial_assign(c) != 0)
        return -1;
    size_t n_new = 0;
    for (size_t i = 0; i < c->n; i++)
        n_new += c->leaf[i] == UINT32_MAX;
    kl_progress pr;
    kl_progress_start(&pr, "assign", n_new);

    sqlite3_stmt *st;
    kl_embed_model *m = NULL;
    if (sqlite3_prepare_v2(c->db, "SELECT dim, model FROM run_embed_model WHERE id = 1", -1, &st,
                           NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        c->dim = sqlite3_column_int(st, 0);
        size_t len;
        void *blob = blob_copy(st, 1, &len);
        m = kl_embed_load(blob, len);
        free(blob);
    }
    sqlite3_finalize(st);
    size_t k = 0;
    float *C = m ? load_centroids(c, &k) : NULL;
    if (!m || !C || kl_embed_dim(m) != c->dim) {
        kl_error("%s: no complete full run to extend; run kleio run without --incremental first",
                 c->p->work);
        kl_embed_free(m);
        free(C);
        return -2;
    }
    double line = far_line(c, C, k);

    size_t *rows = kl_malloc((n_new ? n_new : 1) * sizeof *rows);
    const char **texts = kl_malloc((n_new ? n_new : 1) * sizeof *texts);
    size_t j = 0;
    for (size_t i = 0; i < c->n; i++)
        if (c->leaf[i] == UINT32_MAX) {
            rows[j] = i;
            texts[j++] = c->summary[i] ? c->summary[i] : "";
        }
    float *X = kl_malloc((n_new ? n_new : 1) * (size_t)c->dim * sizeof *X);
    kl_embed_transform(m, texts, n_new, X);
    kl_embed_free(m);
    centre_new_rows(c, rows, n_new, X);
    uint32_t *near = kl_malloc((n_new ? n_new : 1) * sizeof *near);
    /* k >= 1 and dim >= 1 were checked above, so the search cannot refuse them. */
    if (kl_kmeans_nearest(C, k, X, n_new, (size_t)c->dim, c->p->threads, near, NULL) != 0) {
        kl_error("%s: assign: %zu leaves of %d dimensions cannot be searched", c->p->work, k, c->dim);
        free(near);
        free(C);
        free(texts);
        free(X);
        free(rows);
        return -1;
    }
    size_t far = 0;
    for (j = 0; j < n_new; j++) {
        const float *x = X + j * (size_t)c->dim;
        c->leaf[rows[j]] = near[j];
        far += cos_dist(x, C + (size_t)near[j] * (size_t)c->dim, c->dim) > line;
    }
    kl_progress_update(&pr, n_new);
    free(near);
    free(C);
    free(texts);

    sqlite3_stmt *ins_e = NULL, *ins_a = NULL;
    int rc = run_begin(c->db);
    if (rc == 0)
        rc = sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO run_embeddings(conv, vec) VALUES(?1, ?2)",
                                -1, &ins_e, NULL) == SQLITE_OK &&
             sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO run_assign(conv, leaf) VALUES(?1, ?2)",
                                -1, &ins_a, NULL) == SQLITE_OK ? 0 : -1;
    for (j = 0; j < n_new && rc == 0; j++) {
        size_t i = rows[j];
        sqlite3_bind_int64(ins_e, 1, c->conv[i]);
        sqlite3_bind_blob(ins_e, 2, X + j * (size_t)c->dim, (int)((size_t)c->dim * sizeof(float)),
                          SQLITE_STATIC);
        sqlite3_bind_int64(ins_a, 1, c->conv[i]);
        sqlite3_bind_int64(ins_a, 2, c->leaf[i]);
        rc = sqlite3_step(ins_e) == SQLITE_DONE && sqlite3_step(ins_a) == SQLITE_DONE ? 0 : -1;
        sqlite3_reset(ins_e);
        sqlite3_reset(ins_a);
    }
    sqlite3_finalize(ins_e);
    sqlite3_finalize(ins_a);
    free(X);
    free(rows);
    c->k = k;
    double share = n_new ? (double)far / (double)n_new : 0.0;
    char summary[200];
    if (isinf(line)) /* no member to measure by: a shard fresh from kleio shard */
        snprintf(summary, sizeof summary, "%zu new conversations assigned to %zu leaves; drift"
                 " not measured (no conversation here had a leaf before)", n_new, k);
    else
        snprintf(summary, sizeof summary,
                 "%zu new conversations assigned to %zu leaves; drift %.1f%% beyond the members'"
                 " %.0fth percentile distance", n_new, k, 100.0 * share, 100.0 * INCR_FAR_QUANTILE);
    if (rc == 0)
        rc = kl_stage_record(c->db, "assign", ph, ih, summary);
    if (rc != 0 || run_commit(c->db) != 0) {
        kl_error("assign: %s", sqlite3_errmsg(c->db));
        run_rollback(c->db);
        return -1;
    }
    kl_progress_end(&pr, "%s", summary);
    if (share > INCR_DRIFT_ADVICE)
        kl_warn("assign: %.0f%% of the new conversations are far from every cluster (more than"
                " %.0f%%): the clusters no longer describe the data well; run a full recompute"
                " (kleio run without --incremental)", 100.0 * share, 100.0 * INCR_DRIFT_ADVICE);
    return 0;
}
