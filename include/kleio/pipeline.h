/* pipeline.h — `kleio run`: facets → embed → cluster → hierarchy → name → layout →
 * privacy → publish, resumable stage by stage (see kleio-run(1)).
 *
 * Every stage keeps its results in the work database, in tables named run_*, together
 * with a hash of the parameters that made them and of its inputs (run_stages). A stage
 * whose parameters and inputs are unchanged is skipped; a stage's input hash is the key of
 * the stage before it, so a changed parameter reruns that stage and all that follow.
 * Rows are processed in the order of a seeded hash of the conversation id, never in
 * arrival order, so that a run depends on the seed and the data, not on ingest order.
 *
 * Writers: only this module writes run_* tables; the publish stage writes the snapshot. */
#ifndef KLEIO_PIPELINE_H
#define KLEIO_PIPELINE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

/* Side of the per-cluster density grids in the snapshot (meta density_grid). */
#define KL_RUN_DENSITY_GRID 16

/* The fields of the options are named, defaulted and limited in run_options.h. */
typedef struct kl_run_params {
    const char *work;            /* work database path */
    const char *out;             /* snapshot path */
    size_t leaf_size;            /* conversations per leaf */
    size_t k;                    /* leaves; overrides leaf_size when > 0 */
    int levels;                  /* levels including the leaves */
    size_t top;                  /* clusters at the top */
    int64_t min_users;
    int64_t min_conversations;
    uint64_t seed;
    int dim;                     /* embedding dimensions */
    const char *languages;       /* comma-separated language codes, or NULL for all */
    bool keep_raw;               /* passed to the facets stage */
    int threads;                 /* 0 = online CPUs */
    bool incremental;            /* assign new conversations to the stored leaves only */
    /* The backend (kleio-backends(7)): NULL or "offline", "openai", "anthropic". A model
     * backend writes missing facets and names the clusters with the model; "openai" also
     * embeds through the embeddings API ("anthropic" has none: offline embeddings). The
     * key is read from the environment variable only, never stored. */
    const char *backend;
    const char *base_url;        /* NULL: the provider's hosted API */
    const char *model;           /* chat model; NULL: the provider's default */
    const char *embed_model;     /* NULL: text-embedding-3-small */
    int embed_dims;              /* 0: the model's length; else asked of the server */
    const char *api_key_env;     /* NULL: OPENAI_API_KEY or ANTHROPIC_API_KEY */
    int concurrency;             /* calls in flight */
    uint64_t max_calls;          /* calls the whole run may make; 0: no limit */
    int timeout;                 /* seconds per call */
    const char *price;           /* "IN,OUT" US dollars per 1M tokens; NULL: the built-in list */
    int64_t rpm, tpm;            /* client-side limits per minute; 0: none */
    const char *prompts;         /* a directory of prompt files; NULL: the built-in ones */
    const char *facets_model, *name_model, *audit_model;  /* per stage; NULL: model */
    const char *embed_url;       /* the embeddings server; NULL: base_url */
    const char *custom_facets;   /* a declarations file (kleio-facets(5)); NULL: the stored ones */
    const char *hierarchy;       /* "model", "deterministic"; NULL: model with a model backend */
    /* The screen (screen.h), at most one: NULL none. Screened-out conversations stay in the
     * work database and out of the run. */
    const char *screen_regex, *screen_question;
} kl_run_params;

/* True when p asks for a model backend (not offline). */
bool kl_run_uses_model(const kl_run_params *p);

/* Fills the defaults (run_options.h). */
void kl_run_params_init(kl_run_params *p);

/* Runs every stage that is not up to date and publishes p->out. Returns an exit status
 * (0, 1 failed, 2 bad input), see commands.h. */
int kl_run(const kl_run_params *p);

/* `kleio export assignments`: per conversation of the last run, a TSV row of its id, its
 * leaf and every ancestor's global id (outp, NULL: standard output). An exit status: 0,
 * 1 no run yet or a write error, 2 the work database cannot be opened. */
int kl_run_export_assignments(const char *work, const char *outp);

/* Creates the run_* tables when missing. */
int kl_run_schema(sqlite3 *db);

/* ---- stage records (run_stages) ---- */

/* True when stage `name` finished with these parameter and input hashes. */
bool kl_stage_fresh(sqlite3 *db, const char *name, uint64_t params_hash, uint64_t input_hash);
/* Records that `name` finished (inside the caller's transaction). */
int kl_stage_record(sqlite3 *db, const char *name, uint64_t params_hash, uint64_t input_hash,
                    const char *summary);
/* The key a stage passes to the stages after it. */
uint64_t kl_stage_key(const char *name, uint64_t params_hash, uint64_t input_hash);

/* ---- the publish stage ---- */

/* Writes the snapshot from the run_pub_* tables (filled by the privacy stage) into a
 * temporary file beside `out`, syncs it and renames it over `out`. Cluster ids are kept
 * from the work database's previous snapshot where memberships match, and the lineage
 * table records shared members rounded down to a multiple of min_conversations. run_key
 * identifies this result (meta run_key). extra_meta is a NULL-terminated list of key,
 * value pairs added to meta. The snapshot's meta also gets snapshot_id (its content hash)
 * and previous_snapshot_id (the snapshot the lineage is relative to); published_id, when
 * not NULL, receives the snapshot_id (KL_SNAPSHOT_ID_LEN + 1 bytes). Returns 0 or -1
 * (logged). */
int kl_publish_snapshot(sqlite3 *work, const char *out, int64_t min_conversations,
                        const char *run_key, const char *const *extra_meta, char *published_id);

#endif
