/* facets_work.h — `kleio facets` over a whole work database: opens it, sets up the
 * backend (offline, or a model through net/), computes the facets of every conversation
 * without them (kl_facets_run) and reports. The pipeline's facets stage calls it too.
 * And `kleio export facets`. */
#ifndef KLEIO_FACETS_WORK_H
#define KLEIO_FACETS_WORK_H
#include <stdbool.h>
#include <stddef.h>

#include "kleio/llm.h"

typedef struct kl_facets_work_opts {
    const char *work;          /* the work database; must exist */
    const char *backend;       /* "offline" (or NULL), "openai", "anthropic" */
    kl_llm_config llm;         /* model backends: provider, URL, model, key variable, budget,
                                  concurrency and timeout (cache_db is set to work) */
    bool keep_raw;             /* keep conversations.raw after facets exist */
    size_t batch;              /* conversations per transaction; 0: 500 (64 with a model) */
    int threads;               /* offline workers; 0: processors, at most 64 */
    const char *screen;        /* NULL, or only the conversations this screen keeps (facets.h) */
    const char *price;         /* model backends: "IN,OUT" US dollars per 1M tokens (kl_llm_price);
                                  NULL: the list price of the model, if known */
    const char *prompts;       /* model backends: a directory of prompt files (kl_prompts_load) */
    const char *custom_facets; /* a kleio-facets(5) file whose facets replace those the work
                                  database declares; NULL: ask the declared ones */
} kl_facets_work_opts;

/* Returns an exit status (commands.h): 0 done, 1 a database or server error or unreadable
 * conversations (named on stderr), 2 bad input (no such work database, bad backend, a bad
 * custom facets file: its errors on stderr). */
int kl_facets_work(const kl_facets_work_opts *o);

/* `kleio export facets`: one row per conversation with facets (id, lang, refused,
 * concern, turns, summary) as TSV (fields escaped) or JSON Lines, into output (NULL:
 * standard output). Returns an exit status: 0, 1 a database or write error, 2 no such
 * work database. */
int kl_facets_export(const char *work, const char *output, bool jsonl);

#endif
