/* stage_embed.c — the embed stage: lexical vectors of every summary (embed.h), stored per
 * conversation together with the fitted model. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "kleio/embed.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/linalg.h"
#include "kleio/workdb.h"
#include "run_internal.h"

/* Copies of the English gloss (embed.h) for this corpus. The gloss is there so that
 * summaries in different languages meet; where one language dominates there is little to
 * bridge and its coarse topics only blur finer distinctions. Measured (leaf NMI, seeds
 * 1-3): hwu64 0.613 and banking77 0.578 with three copies, 0.638 and 0.637 with none
 * (both ~98% one language); a 15-language synth corpus of 20k (largest language 26%)
 * needs three (top-level reconstruction 53.2%, 32.8% without). So: three copies up to a
 * largest-language share of one half, fewer above, none for a one-language corpus. */
static int gloss_copies(const run_ctx *c)
{
    if (c->n == 0 || c->n_langs == 0)
        return 0;
    double other = 1.0 - run_largest_language_share(c);   /* share outside the largest */
    long copies = lround(KL_EMBED_GLOSS_DEFAULT * (other < 0.5 ? other / 0.5 : 1.0));
    return copies > 0 ? (int)copies : -1;
}

/* The second-order block (embed.h) only where the gloss is off. Its word vectors come from
 * co-occurrences inside texts, which in a corpus of many languages mostly tell the
 * languages apart: on the 15-language synth corpus of 20k, top-level reconstruction fell
 * from 56.1% to 47.9% (leaf NMI 0.721 -> 0.610) with it; on the one-language hwu64 and
 * banking77 it raises leaf NMI by 0.06-0.07 (cooc.c). */

/* Replaces the stored vectors (c->X) and embedding model (NULL when they came from a
 * server) and records the stage, in one transaction; -1 after logging the cause. */
int run_store_embeddings(run_ctx *c, uint64_t ph, uint64_t ih, const void *model,
                         size_t model_len, const float *centres, const char *summary,
                         kl_progress *pr)
{
    sqlite3_stmt *st = NULL;
    int rc = run_begin(c->db);
    if (rc == 0)
        rc = kl_db_exec(c->db, "DELETE FROM run_embeddings; DELETE FROM run_embed_model;"
                               " DELETE FROM run_embed_centre;");
    /* A statement that cannot be prepared fails the stage: it was skipped, and the stage
     * recorded as done with no vectors stored, so every later run failed with "embeddings
     * are incomplete (0 of N)" (an allocation failure, tests/e2e/test_faults.sh). */
    if (rc == 0 && sqlite3_prepare_v2(c->db, "INSERT INTO run_embed_model(id, dim, model)"
                                             " VALUES(1, ?1, ?2)", -1, &st, NULL) != SQLITE_OK)
        rc = -1;
    if (rc == 0) {
        sqlite3_bind_int(st, 1, c->dim);
        if (model)
            sqlite3_bind_blob(st, 2, model, (int)model_len, SQLITE_STATIC);
        else
            sqlite3_bind_null(st, 2);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
        sqlite3_finalize(st);
    }
    if (rc == 0 && centres && sqlite3_prepare_v2(c->db, "INSERT INTO run_embed_centre(lang, mean)"
                                                        " VALUES(?1, ?2)", -1, &st, NULL) != SQLITE_OK)
        rc = -1;
    if (rc == 0 && centres) {
        for (size_t l = 0; l < c->n_langs && rc == 0; l++) {
            sqlite3_bind_text(st, 1, c->langs[l].code, -1, SQLITE_STATIC);
            sqlite3_bind_blob(st, 2, centres + l * (size_t)c->dim,
                              (int)((size_t)c->dim * sizeof *centres), SQLITE_STATIC);
            rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
            sqlite3_reset(st);
        }
        sqlite3_finalize(st);
    }
    if (rc == 0 && sqlite3_prepare_v2(c->db, "INSERT INTO run_embeddings(conv, vec) VALUES(?1, ?2)",
                                      -1, &st, NULL) != SQLITE_OK)
        rc = -1;
    if (rc == 0) {
        size_t row_bytes = (size_t)c->dim * sizeof *c->X;
        for (size_t i = 0; i < c->n && rc == 0; i++) {
            sqlite3_bind_int64(st, 1, c->conv[i]);
            sqlite3_bind_blob(st, 2, c->X + i * (size_t)c->dim, (int)row_bytes, SQLITE_STATIC);
            rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
            sqlite3_reset(st);
            if (pr)
                kl_progress_update(pr, i + 1);
        }
        sqlite3_finalize(st);
    }
    if (rc == 0)
        rc = kl_stage_record(c->db, "embed", ph, ih, summary);
    if (rc == 0 && run_commit(c->db) == 0)
        return 0;
    kl_error("embed: %s", sqlite3_errmsg(c->db));
    run_rollback(c->db);
    return -1;
}

int run_stage_embed(run_ctx *c, uint64_t ph, uint64_t ih)
{
    if (run_embed_remote(c))   /* the openai backend: stage_embed_model.c */
        return run_stage_embed_model(c, ph, ih);
    kl_progress pr;
    kl_progress_start(&pr, "embed", c->n);
    kl_embed_params ep = {0};
    ep.dim = c->p->dim;
    ep.seed = c->p->seed;
    ep.threads = c->p->threads;
    ep.gloss_copies = gloss_copies(c);
    ep.cooc_dim = ep.gloss_copies > 0 ? -1 : 0;
    free(c->X);
    c->X = kl_malloc(c->n * (size_t)(c->p->dim > 0 ? c->p->dim : 256) * sizeof *c->X);
    kl_embed_model *m = kl_embed_fit((const char *const *)c->summary, c->n, &ep, c->X);
    if (!m) {
        kl_error("embed: nothing to embed");
        return -1;
    }
    c->dim = kl_embed_dim(m);
    void *blob = NULL;
    size_t blob_len = 0;
    int rc = kl_embed_save(m, &blob, &blob_len);
    kl_embed_free(m);
    if (rc != 0) {
        kl_error("embed: cannot serialise the model");
        return -1;
    }
    /* Multilingual corpora (the gloss rule's): each language's mean row is subtracted, so
     * that what a language's summaries share (script, request frames) does not pull them
     * together across topics; a statement of language-neutrality as in Libovický et al.,
     * "On the Language Neutrality of Pre-trained Multilingual Representations" (2020).
     * Measured on synth 20k (seeds 1, 2): leaf NMI 0.721/0.723 -> 0.749/0.747, accuracy
     * at the leaves 81.8/82.4% -> 84.4/83.5%, worst language 44.9/46.1% -> 50.3/49.1%;
     * centring after the neighbour smoothing instead gained half as much. On hwu64 (one
     * language) it was neutral (NMI +0.004, top-level -0.015), hence the gate. */
    float *centres = NULL;
    if (ep.gloss_copies > 0) {
        centres = kl_malloc(c->n_langs * (size_t)c->dim * sizeof *centres);
        kl_centre_groups(c->X, c->n, (size_t)c->dim, c->lang, c->n_langs, centres);
    }
    char summary[192];
    snprintf(summary, sizeof summary,
             "%zu summaries embedded in %d dimensions (gloss x%d%s, word vectors %s)%s", c->n,
             c->dim, ep.gloss_copies > 0 ? ep.gloss_copies : 0,
             centres ? ", centred per language" : "", ep.cooc_dim < 0 ? "off" : "on",
             c->llm ? " offline (the anthropic backend has no embeddings API)" : "");
    rc = run_store_embeddings(c, ph, ih, blob, blob_len, centres, summary, &pr);
    free(centres);
    free(blob);
    if (rc != 0)
        return -1;
    kl_progress_end(&pr, "%s", summary);
    return 0;
}
