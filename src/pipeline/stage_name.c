/* stage_name.c — the name stage: leaves named from their summaries against their siblings,
 * parents from their children (naming.h). Privacy: influence units stand for users, so
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

int run_stage_name(run_ctx *c, uint64_t ph, uint64_t ih)
{
    run_tree t;
    if (run_load_assign(c) != 0 || run_tree_load(c->db, &t) != 0)
        return -1;
    kl_progress pr;
    kl_progress_start(&pr, "name", (uint64_t)t.levels);
    int L = t.levels;
    uint32_t *unit = kl_malloc((c->n + 1) * sizeof *unit);
    uint64_t *unit64 = kl_malloc((c->n + 1) * sizeof *unit64);
    float *weight = kl_malloc((c->n + 1) * sizeof *weight);
    for (size_t i = 0; i < c->n; i++) {
        unit[i] = c->unit[c->user[i]];
        unit64[i] = unit[i];
    }
    kl_privacy_weights(c->leaf, unit, c->n, weight);
    kl_naming_params np = {0};
    np.min_users = (size_t)(c->p->min_users > 0 ? c->p->min_users : 1);
    np.max_words = 10;
    kl_cluster_name **names = kl_calloc((size_t)L, sizeof *names);
    names[0] = kl_calloc(t.count[0], sizeof **names);
    kl_naming_docs docs = {(const char *const *)c->summary, c->n, c->leaf, unit64, weight,
                           t.count[0], L > 1 ? t.parent[0] : NULL};
    int rc = kl_naming_from_docs(&docs, &np, names[0]);
    kl_progress_update(&pr, 1);
    for (int l = 1; l < L && rc == 0; l++) {
        names[l] = kl_calloc(t.count[l], sizeof **names);
        rc = kl_naming_parents(names[l - 1], t.parent[l - 1], t.size[l - 1], t.count[l - 1],
                               t.count[l], l + 1 < L ? t.parent[l] : NULL, &np, names[l]);
        kl_progress_update(&pr, (uint64_t)l + 1);
    }
    free(unit);
    free(unit64);
    free(weight);
    char note[512] = "";
    if (rc == 0 && c->llm && run_name_model(c, &t, names, note, sizeof note) != 0)
        rc = -2;   /* a model backend (stage_name_model.c) that must stop; the cause is logged */
    size_t unnamed = 0, total = 0;
    sqlite3_stmt *st = NULL;
    if (rc == 0)
        rc = run_begin(c->db);
    if (rc == 0)
        rc = sqlite3_prepare_v2(c->db, "UPDATE run_clusters SET name = ?3, description = ?4"
                                       " WHERE level = ?1 AND idx = ?2", -1, &st, NULL) == SQLITE_OK
                 ? 0 : -1;
    for (int l = 0; l < L && rc == 0; l++)
        for (size_t i = 0; i < t.count[l] && rc == 0; i++) {
            sqlite3_bind_int(st, 1, l);
            sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
            sqlite3_bind_text(st, 3, names[l][i].name, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 4, names[l][i].description, -1, SQLITE_STATIC);
            rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
            sqlite3_reset(st);
            unnamed += names[l][i].name[0] == '\0';
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
    char summary[768];
    snprintf(summary, sizeof summary, "%zu clusters named, %zu without an eligible term%s", total,
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
