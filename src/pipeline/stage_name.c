/* stage_name.c — the name stage: every level named from the summaries under each cluster
 * against its siblings, then made distinct top down (naming.h). Privacy: influence units stand for users, so
 * fresh accounts created together count once towards a term's k-anonymity; each unit's
 * documents in a leaf share one unit of weight, so no one dominates the ranking. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/naming.h"
#include "kleio/workdb.h"
#include "run_internal.h"

/* The commonest task type of each cluster of level l (pointers into c->tasks), for the
 * names of clusters without an eligible phrase. */
static const char **common_tasks(const run_ctx *c, const run_tree *t, int l)
{
    size_t k = t->count[l], T = c->n_tasks;
    const char **out = kl_calloc(k + 1, sizeof *out);
    if (T == 0)
        return out;
    uint32_t *n = kl_calloc(k * T + 1, sizeof *n);
    for (size_t i = 0; i < c->n; i++) {
        uint32_t a = c->leaf[i];
        for (int s = 0; s < l && a != UINT32_MAX; s++)
            a = a < t->count[s] ? t->parent[s][a] : UINT32_MAX;
        if (a < k && c->task[i] < T)
            n[(size_t)a * T + c->task[i]]++;
    }
    for (size_t a = 0; a < k; a++) {
        size_t best = 0;
        for (size_t x = 1; x < T; x++)
            if (n[a * T + x] > n[a * T + best])
                best = x;
        out[a] = n[a * T + best] > 0 ? c->tasks[best] : NULL;
    }
    free(n);
    return out;
}

int run_stage_name(run_ctx *c, uint64_t ph, uint64_t ih)
{
    run_tree t;
    if (run_load_assign(c) != 0 || run_tree_load(c->db, &t) != 0 ||
        run_tree_restore_det(c->db, &t) != 0)
        return -1;
    /* With a model, the levels above the leaves are the model's (Clio's method), built
     * from the names before the names of the final tree are written. */
    char note[1024] = "";
    if (run_hier_by_model(c) && run_hier_model(c, &t, note, sizeof note) != 0) {
        run_tree_free(&t);
        return -1;
    }
    kl_progress pr;
    kl_progress_start(&pr, "name", (uint64_t)t.levels);
    size_t unnamed = 0;
    int L = t.levels;
    uint32_t *unit = kl_malloc((c->n + 1) * sizeof *unit);
    uint64_t *unit64 = kl_malloc((c->n + 1) * sizeof *unit64);
    float *weight = kl_malloc((c->n + 1) * sizeof *weight);
    for (size_t i = 0; i < c->n; i++) {
        unit[i] = c->unit[c->user[i]];
        unit64[i] = unit[i];
    }
    kl_naming_params np = {0};
    np.min_users = (size_t)(c->p->min_users > 0 ? c->p->min_users : 1);
    np.max_words = 10;
    const char **codes = kl_calloc(c->n_langs + 1, sizeof *codes);
    for (size_t i = 0; i < c->n_langs; i++)
        codes[i] = c->langs[i].code;
    kl_cluster_name **names = kl_calloc((size_t)L, sizeof *names);
    /* Every level is named from the documents under it: a parent's phrases are what its
     * children's members share, each child counting with its size. */
    uint32_t *at = kl_malloc((c->n + 1) * sizeof *at);
    memcpy(at, c->leaf, c->n * sizeof *at);
    int rc = 0;
    for (int l = 0; l < L && rc == 0; l++) {
        if (l > 0)
            for (size_t i = 0; i < c->n; i++)
                at[i] = at[i] < t.count[l - 1] ? t.parent[l - 1][at[i]] : UINT32_MAX;
        kl_privacy_weights(at, unit, c->n, weight);
        names[l] = kl_calloc(t.count[l], sizeof **names);
        kl_naming_docs docs = {(const char *const *)c->summary, c->n, at, unit64, weight,
                               t.count[l], l + 1 < L ? t.parent[l] : NULL, c->lang, codes};
        rc = kl_naming_from_docs(&docs, &np, names[l]);
        kl_progress_update(&pr, (uint64_t)l + 1);
    }
    /* Top down, so that a child is compared with its parent's final name. */
    for (int l = L - 1; l >= 0 && rc == 0; l--) {
        const char **pname = NULL;
        if (l + 1 < L) {
            pname = kl_calloc(t.count[l], sizeof *pname);
            for (size_t i = 0; i < t.count[l]; i++)
                pname[i] = names[l + 1][t.parent[l][i]].name;
        }
        const char **task = common_tasks(c, &t, l);
        size_t unnamed_here = 0;
        for (size_t i = 0; i < t.count[l]; i++)
            unnamed_here += names[l][i].name[0] == '\0';
        unnamed += unnamed_here;
        kl_naming_distinct(names[l], t.count[l], l + 1 < L ? t.parent[l] : NULL, t.size[l], pname,
                           task);
        free(pname);
        free(task);
    }
    free(at);
    free(codes);
    free(unit);
    free(unit64);
    free(weight);
    if (rc == 0 && c->llm && run_name_model(c, &t, names, note + strlen(note), sizeof note - strlen(note)) != 0)
        rc = -2;   /* a model backend (stage_name_model.c) that must stop; the cause is logged */
    size_t total = 0;
    sqlite3_stmt *st = NULL;
    if (rc == 0)
        rc = run_begin(c->db);
    if (rc == 0)
        rc = sqlite3_prepare_v2(c->db, "UPDATE run_clusters SET name = ?3, description = ?4,"
                                       " parent = ?5, size = ?6, centroid = coalesce(?7, centroid)"
                                       " WHERE level = ?1 AND idx = ?2", -1, &st, NULL) == SQLITE_OK
                 ? 0 : -1;
    for (int l = 0; l < L && rc == 0; l++)
        for (size_t i = 0; i < t.count[l] && rc == 0; i++) {
            sqlite3_bind_int(st, 1, l);
            sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
            sqlite3_bind_text(st, 3, names[l][i].name, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 4, names[l][i].description, -1, SQLITE_STATIC);
            /* The tree as this stage leaves it (the model's hierarchy rewrites it). */
            if (l + 1 < L)
                sqlite3_bind_int64(st, 5, t.parent[l][i]);
            else
                sqlite3_bind_null(st, 5);
            sqlite3_bind_double(st, 6, t.size[l][i]);
            if (t.d && t.centroid[l])
                sqlite3_bind_blob(st, 7, t.centroid[l] + i * t.d, (int)(t.d * sizeof(float)),
                                  SQLITE_STATIC);
            else
                sqlite3_bind_null(st, 7);
            rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
            sqlite3_reset(st);
            total++;
        }
    sqlite3_finalize(st);
    for (int l = 0; l < L; l++)
        if (names[l]) {
            kl_cluster_name_free(names[l], t.count[l]);
            free(names[l]);
        }
    free(names);
    run_tree_free(&t);
    char summary[1536];
    snprintf(summary, sizeof summary, "%zu clusters named, %zu without an eligible phrase%s", total,
             unnamed, note);
    if (rc == 0)
        rc = kl_stage_record(c->db, "name", ph, ih, summary);
    if (rc == 0 && run_commit(c->db) == 0) {
        kl_progress_end(&pr, "%s", summary);
        return 0;
    }
    if (rc != -2)
        kl_error("name: %s", sqlite3_errmsg(c->db));
    run_rollback(c->db);
    return -1;
}
