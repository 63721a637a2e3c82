/* stage_embed_model.c — the embed stage with the openai backend: every summary embedded
 * by the server's embeddings API (kl_llm_embed: 64 texts a request, cached per text in the
 * work database, so a rerun sends nothing). No fitted model is stored: run_embed_model
 * keeps the dimension only. The anthropic backend has no embeddings API and keeps the
 * offline embedding (stage_embed.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/llm.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/workdb.h"
#include "run_internal.h"

/* Texts per kl_llm_embed call: large enough to keep every connection busy, small enough
 * for a progress line that moves. */
#define EMBED_CHUNK 1024

bool run_embed_remote(const run_ctx *c)
{
    return c->llm && strcmp(c->p->backend, "openai") == 0;
}

int run_stage_embed_model(run_ctx *c, uint64_t ph, uint64_t ih)
{
    kl_progress pr;
    kl_progress_start(&pr, "embed", c->n);
    kl_llm_stats since;
    kl_llm_stats_get(c->llm, &since);
    free(c->X);
    c->X = NULL;
    c->dim = 0;
    char err[512] = "";
    int rc = KL_LLM_OK;
    for (size_t at = 0; at < c->n && rc == KL_LLM_OK; at += EMBED_CHUNK) {
        size_t m = c->n - at < EMBED_CHUNK ? c->n - at : EMBED_CHUNK;
        float *rows = NULL;
        size_t dim = 0;
        rc = kl_llm_embed(c->llm, (const char *const *)c->summary + at, m, &rows, &dim, err,
                          sizeof err);
        if (rc != KL_LLM_OK)
            break;
        if (dim == 0 || dim > 65536 || (c->dim && dim != (size_t)c->dim)) {
            snprintf(err, sizeof err, "the server's vectors changed length (%zu, then %d)", dim, c->dim);
            free(rows);
            rc = KL_LLM_FAILED;
            break;
        }
        if (!c->X) {
            /* The vectors stay in memory through clustering (twice, with the smoothed
             * copy): say so before a long corpus runs the machine out of it. */
            double gb = 2.0 * (double)c->n * (double)dim * sizeof *c->X / 1e9;
            if (gb > 2.0 && !c->p->embed_dims)
                kl_warn("embed: %zu vectors of %zu dimensions need about %.1f GB while"
                        " clustering; --embed-dims 256 asks the model for shorter ones",
                        c->n, dim, gb);
            c->dim = (int)dim;
            c->X = kl_malloc(c->n * dim * sizeof *c->X);
        }
        memcpy(c->X + at * dim, rows, m * dim * sizeof *rows);
        free(rows);
        kl_progress_update(&pr, at + m);
    }
    if (rc != KL_LLM_OK) {
        kl_progress_end(&pr, "stopped");
        run_llm_fail(c, "embed", rc, err);
        free(c->X);
        c->X = NULL;
        return -1;
    }
    char usage[256], summary[512];
    run_llm_usage(c, &since, usage, sizeof usage);
    snprintf(summary, sizeof summary, "%zu summaries embedded in %d dimensions by %s (%s)", c->n,
             c->dim, run_llm_embed_model(c->p), usage);
    if (run_store_embeddings(c, ph, ih, NULL, 0, NULL, summary, NULL) != 0)
        return -1;
    kl_progress_end(&pr, "%s", summary);
    return 0;
}
