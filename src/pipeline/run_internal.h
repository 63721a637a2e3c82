/* run_internal.h — what the stages of `kleio run` share: the corpus in memory, in the
 * seeded hash order of conversation ids, and each stage's entry point. Private to
 * src/pipeline. */
#ifndef KLEIO_RUN_INTERNAL_H
#define KLEIO_RUN_INTERNAL_H
#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "kleio/custom_facets.h"
#include "kleio/log.h"
#include "kleio/pipeline.h"
#include "kleio/privacy.h"

typedef struct run_lang { char code[16]; char *name; } run_lang;

struct kl_llm;
struct kl_llm_stats;
struct kl_cluster_name;

typedef struct run_ctx {
    sqlite3 *db;
    const kl_run_params *p;
    struct kl_llm *llm;      /* the model backend, NULL offline (run_llm.c) */
    /* The corpus: row i is the i-th conversation in seeded hash order. */
    size_t n;
    int64_t *conv;           /* conversations.rowid */
    uint32_t *user;          /* index into the run's users */
    int64_t *ts;             /* epoch seconds, INT64_MIN when unknown */
    uint16_t *lang;          /* index into langs */
    uint8_t *refused;        /* 0 none, 1 partial, 2 full */
    uint8_t *concern;        /* 1..5 */
    char **summary;
    uint8_t *task;           /* index into tasks (the facets' task type) */
    char **tasks;
    size_t n_tasks;
    size_t n_users;
    int64_t *user_first, *user_last;   /* activity span of each user */
    uint32_t *unit;          /* influence unit of each user (kl_privacy_units) */
    size_t merged_units;
    run_lang *langs;
    size_t n_langs;
    uint64_t text_key;       /* hash of (id, summary, language) of every row: what embedding sees */
    uint64_t data_key;       /* hash of every field the later stages read */
    /* The screen (screen.c): its key in run_screen, "" when none; what it is, for the meta;
     * the conversations it keeps and leaves out. */
    char screen_key[17];
    char *screen_desc;
    uint64_t screen_hash;    /* 0 when none */
    int64_t screen_in, screen_out;
    /* Loaded on demand by the stages. */
    float *X;                /* n x dim embeddings */
    int dim;
    uint32_t *leaf;          /* n leaf indices */
    size_t k;
    kl_custom_facets custom; /* declared custom facets (--custom-facets, else the stored ones) */
} run_ctx;

/* screen.c: the verdicts of the screen for the conversations without one, and the counts
 * in and out, checked against the thresholds. 0 (also without a screen), -1 failed,
 * -2 bad input (a bad regular expression, no model for a question, text gone, a screen
 * narrower than the thresholds). */
int run_screen(run_ctx *c);

/* corpus.c: only the conversations the screen keeps, when there is one. */
int run_corpus_load(run_ctx *c);
void run_ctx_free(run_ctx *c);
/* Row index of conversation rowid, or -1 (binary search over a sorted copy). */
long run_row_of(const run_ctx *c, int64_t conv);
/* The share of the rows in the most common language (0 when there are none): the
 * language mix that decides the gloss, the centring and the relabelling. */
double run_largest_language_share(const run_ctx *c);
int run_load_embeddings(run_ctx *c);
int run_load_assign(run_ctx *c);

/* The tree as stored in run_clusters, in kl_hierarchy's shape (level 0 = leaves). */
typedef struct run_tree {
    int levels;
    size_t d;
    size_t *count;
    uint32_t **parent;       /* [levels-1] */
    float **centroid;        /* [levels] count x d */
    double **size;
} run_tree;
int run_tree_load(sqlite3 *db, run_tree *t);
/* Puts back the hierarchy stage's own tree (run_hier_det) into t loaded from run_clusters,
 * which a model-built hierarchy may have rewritten (a work database from before that table
 * has none: t is left as loaded). 0, or -1 after logging (t freed). */
int run_tree_restore_det(sqlite3 *db, run_tree *t);
void run_tree_free(run_tree *t);

/* Weight of the language-independent facets of a leaf (its mix of task types, its mean
 * concern) against the unit-length lexical direction of its centroid when the hierarchy
 * groups leaves: measured on a 15-language synth corpus of 20k, top-level reconstruction
 * 0.25 without, 0.31 at 1, 0.33 at 2, 0.32 at 4. Since the summaries carry an English
 * gloss, bench/names_eval.sh (dev sets, default parameters) puts the share of conversations
 * whose top-level cluster's majority label is their own at 0.557 / 0.509 (hwu64 / synth
 * seed 11) at 2, 0.558 / 0.546 at 1, 0.553 / 0.556 at 0.5, 0.553 / 0.525 at 0.25,
 * 0.585 / 0.523 at 0: 1 keeps hwu64 and helps the multilingual corpus. */
#define RUN_FACET_WEIGHT 1.0

/* Leaves for n conversations: k, or n / leaf_size rounded, within [1, n]. */
size_t run_leaf_count(const kl_run_params *p, size_t n);

/* Stages: each runs inside its own transaction and records itself in run_stages. */
int run_stage_facets(run_ctx *c);
int run_stage_embed(run_ctx *c, uint64_t ph, uint64_t ih);
/* Stores c->X, the embedding model (NULL: vectors from a server) and the language means
 * subtracted from the rows (centres: c->n_langs x c->dim, NULL: none) and records the
 * embed stage in one transaction; progress on pr when given. 0, or -1 after logging. */
int run_store_embeddings(run_ctx *c, uint64_t ph, uint64_t ih, const void *model,
                         size_t model_len, const float *centres, const char *summary,
                         kl_progress *pr);
int run_stage_cluster(run_ctx *c, uint64_t ph, uint64_t ih);
int run_stage_hierarchy(run_ctx *c, uint64_t ph, uint64_t ih);
int run_stage_name(run_ctx *c, uint64_t ph, uint64_t ih);
int run_stage_layout(run_ctx *c, uint64_t ph, uint64_t ih);
int run_stage_privacy(run_ctx *c, uint64_t ph, uint64_t ih);

/* privacy_cells.c: the published tree as the privacy stage decided it, for its cells. */
typedef struct run_pub_tree {
    size_t levels;               /* snapshot levels */
    const long *member;          /* c->n x levels: node of row i at level s, -1 below */
    const int32_t *month;        /* row -> months since year 0, -1 unknown */
    size_t n_nodes;
    const long *parent;          /* node -> parent node, -1 at the top */
    const int64_t *id;           /* node -> published cluster id */
    const uint8_t *live;         /* node -> published */
} run_pub_tree;
struct kl_sdc_report;
/* Builds every published cell (cluster x language, cluster x language slot x month,
 * language totals) and the relations between them, suppresses below the thresholds and
 * complementarily (kl_sdc_protect), and writes run_pub_lang, run_pub_time and
 * run_pub_languages. Languages whose total is below the thresholds are counted as "und"
 * when that lets "und" pass (*merged_languages says how many). 0, or -1 after logging. */
int run_privacy_cells(run_ctx *c, const run_pub_tree *pt, const kl_thresholds *th,
                      struct kl_sdc_report *rep, size_t *merged_languages);
/* privacy_custom.c: the cells of the choice and number custom facets (c->custom) over the
 * published tree, added with their relations to t (of_node: each node's all-language total
 * cell; kid_off/kids: each node's live children, as privacy_cells.c indexes them); after
 * kl_sdc_protect, write fills run_pub_custom, run_pub_custom_mean (means only where the
 * answered cell is published) and run_pub_custom_facets. NULL after logging. */
struct kl_sdc_table;
typedef struct run_custom_cells run_custom_cells;
run_custom_cells *run_custom_cells_add(run_ctx *c, const run_pub_tree *pt, struct kl_sdc_table *t,
                                       const uint32_t *of_node, const size_t *kid_off,
                                       const long *kids);
int run_custom_cells_write(run_custom_cells *cc, run_ctx *c, const run_pub_tree *pt,
                           const struct kl_sdc_table *t, size_t *suppressed, size_t *cells);
void run_custom_cells_free(run_custom_cells *cc);
/* A hash of the declarations and every stored answer (0 without custom facets): the
 * privacy stage's input. */
uint64_t run_custom_key(run_ctx *c);
/* Steps a prepared insert, then resets it and clears its bindings: 0 when it was done. */
int run_exec_bind(sqlite3_stmt *st);
/* incremental.c: embeds the conversations that have no leaf yet with the stored model and
 * assigns each to the nearest stored leaf centroid, reporting drift. Leaves c->leaf
 * complete. Returns 0, -1 on failure, -2 when there is no full run to extend. */
int run_incremental_assign(run_ctx *c, uint64_t ph, uint64_t ih);

/* stable.c: ids kept across recomputes. prepare fills run_idmap and run_lineage and keeps
 * the new membership pending under run_key; promote makes it the previous run's once the
 * snapshot carrying published_key is in place (a no-op when nothing is pending for it). */
int run_stable_prepare(sqlite3 *db, int64_t min_conversations, const char *run_key);
int run_stable_promote(sqlite3 *db, const char *published_key);
/* The snapshot_id of the snapshot the lineage of prepare is relative to, into out; "" when
 * there is none (first snapshot) or it is unknown (published before snapshot ids). */
int run_stable_previous_id(sqlite3 *db, char *out, size_t n);
/* Records the id of the snapshot written for the pending run key (promoted with it). */
int run_stable_pending_id(sqlite3 *db, const char *snapshot_id);

/* For the crash tests: sleeps for a minute at the named point (a stage name, "publish"
 * before the rename, "promote" after it) when KLEIO_TEST_STALL_STAGE names it. */
void run_test_stall(const char *point);

/* run_llm.c: the model backend of a run (kleio-backends(7)). open: NULL c->llm offline;
 * -1 with one error line when the provider cannot start (exit status 2). */
int run_llm_open(run_ctx *c);
void run_llm_close(run_ctx *c);
/* Facets of the conversations without them, through the model. */
int run_stage_facets_model(run_ctx *c);
/* The snapshot's facet_sources: per facet field, how many of the run's conversations have
 * it from the model and how many from the offline extractor (facet_sources, else the
 * row's backend), as JSON; both null where the smaller is below the conversation
 * threshold. NULL after logging a read error. Caller frees. */
char *run_llm_facet_sources(run_ctx *c);
/* The snapshot's name_model: the model, "offline" when it named nothing, or both with
 * their counts (from run_name_model, written by the name stage). */
void run_llm_name_model(run_ctx *c, char *out, size_t outlen);
/* "calls, cache hits, retries, tokens in/out, cost" of the calls since *since (which is
 * then updated) into out. */
void run_llm_usage(run_ctx *c, struct kl_llm_stats *since, char *out, size_t outlen);
/* After a failed call: one error line naming the stage and the cause. */
void run_llm_fail(run_ctx *c, const char *stage, int rc, const char *err);
/* Values that distinguish the model results a stage depends on, mixed into its
 * parameter hash (0 when the stage computes offline, so offline hashes stay as they were). */
uint64_t run_llm_embed_tag(const kl_run_params *p);
uint64_t run_llm_name_tag(const kl_run_params *p);
/* Provenance: the models really used, for the snapshot's meta. */
const char *run_llm_embed_model(const kl_run_params *p);
const char *run_llm_chat_model(const kl_run_params *p);
/* The model(s) that wrote the run's summaries, from the facets table
 * ("offline-extractive" for the offline extractor; several are listed with counts). */
int run_llm_summary_model(run_ctx *c, char *out, size_t outlen); /* -1: read error, said */

/* stage_embed_model.c: true when the embed stage asks the server (openai). */
bool run_embed_remote(const run_ctx *c);
int run_stage_embed_model(run_ctx *c, uint64_t ph, uint64_t ih);

/* stage_name_model.c: replaces the offline names of every level (names[l][i], level 0 =
 * leaves) by model-written ones where the model answered usably; appends what it did to
 * note. Returns 0, or -1 when the run must stop (fatal error, budget spent). */
int run_name_model(run_ctx *c, const run_tree *t, struct kl_cluster_name **names, char *note,
                   size_t note_len);

/* The same questions one level at a time, for the model-built hierarchy (whose answers
 * the name stage then finds in the cache): the leaves' names, and the names of level l's
 * parents from their children's names below[] (level l - 1). out[i] gets a name and a
 * description ("" when no usable answer; caller frees). 0, or the KL_LLM_FATAL /
 * KL_LLM_BUDGET that stops the run (err says why). */
int run_name_model_leaves(run_ctx *c, const run_tree *t, struct kl_cluster_name *out, char *err,
                          size_t errlen);
int run_name_model_parents(run_ctx *c, const run_tree *t, int l,
                           const struct kl_cluster_name *below, struct kl_cluster_name *out,
                           char *err, size_t errlen);

/* stage_hier_model.c: with a model backend, rebuilds the levels above the leaves of t by
 * Clio's method (hier_model.h): names, neighbourhoods, proposals, merge, assignment,
 * renaming; a level whose answers stay unusable after one re-ask is built by the
 * deterministic method instead (kl_hierarchy_group), and recorded. Keeps t's counts;
 * rewrites t's parents, sizes and centroids, records the outcome in run_hier_model and
 * appends it to note. 0, or -1 when the run must stop (the cause logged). */
int run_hier_model(run_ctx *c, run_tree *t, char *note, size_t note_len);
/* The snapshot's hierarchy meta value ("" when no model hierarchy was attempted). */
void run_hier_model_meta(run_ctx *c, char *out, size_t outlen);
/* True when the model builds the levels above the leaves: a model backend and --hierarchy
 * not deterministic. */
bool run_hier_by_model(const run_ctx *c);
/* stage_hierarchy.c: the vectors the deterministic hierarchy groups leaves by (unit
 * centroid direction, task mix and mean concern), k x *da; NULL on failure. */
float *run_hier_features(run_ctx *c, const float *cent, size_t k, size_t d, size_t *da);

/* Transactions with one error line on failure. */
int run_begin(sqlite3 *db);
int run_commit(sqlite3 *db);
void run_rollback(sqlite3 *db);

#endif
