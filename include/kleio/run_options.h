/* run_options.h — the parameters of `kleio run`, declared once (as tig's options.h).
 *
 * Readers, each from this table only: the option parser and `--help` (src/cli/cmd_run.c),
 * the defaults and the snapshot's `params` meta (src/pipeline), the OPTIONS section of
 * kleio-run(1) (`kleio run --options-mdoc`; tests/e2e/test_run_options.sh checks that the
 * page, --help and this table agree) and the explorer's recompute dialog (src/tui: its
 * fields, their defaults, checks and the command it starts). The table is data only: the
 * explorer reads it without reaching the pipeline.
 *
 * X(ID, option, short, kind, field of kl_run_params, default, min, max, meta, dialog, metavar,
 *   help)
 *   short: the one-letter option, or 0;
 *   kind: INT (an integer in [min, max]), STR, FLAG (no value);
 *   default: INT only (0: none, or one the help describes);
 *   meta: how the value is recorded in the snapshot's params JSON (enum kl_run_meta), under
 *   the field's name;
 *   dialog: the option in the explorer's recompute dialog (enum kl_run_dialog): EDIT(label,
 *   what an empty field shows, or NULL) a field of it, NO not there, KEEP not shown but
 *   passed on as the snapshot recorded it (EDIT and KEEP: INT and STR options only);
 *   help: one sentence; `--help` adds the default of an INT option when it is not 0. */
#ifndef KLEIO_RUN_OPTIONS_H
#define KLEIO_RUN_OPTIONS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define KL_RUN_MAX INT64_MAX

#define KL_RUN_OPTIONS(X)                                                                          \
    X(WORK, "work", 'w', STR, work, 0, 0, 0, NONE, NO, "PATH",                                     \
      "the work database (from kleio ingest)")                                                     \
    X(OUT, "out", 'o', STR, out, 0, 0, 0, NONE, NO, "PATH",                                        \
      "the snapshot to write (replaced atomically)")                                               \
    X(LEAF_SIZE, "leaf-size", 0, INT, leaf_size, 100, 1, KL_RUN_MAX, ALWAYS,                       \
      EDIT("Leaf size", NULL), "N", "about N conversations per leaf cluster")                      \
    X(K, "k", 0, INT, k, 0, 1, KL_RUN_MAX, ALWAYS, NO, "K",                                        \
      "exactly K leaf clusters (overrides --leaf-size)")                                           \
    X(LEVELS, "levels", 0, INT, levels, 3, 1, 8, ALWAYS, EDIT("Levels", NULL), "N",                \
      "levels including the leaves")                                                               \
    X(TOP, "top", 0, INT, top, 10, 1, KL_RUN_MAX, ALWAYS, EDIT("Top clusters", NULL), "N",         \
      "clusters at the top level")                                                                 \
    X(MIN_USERS, "min-users", 0, INT, min_users, 25, 1, KL_RUN_MAX, ALWAYS,                        \
      EDIT("Min users", NULL), "N", "distinct users a published group needs")                      \
    X(MIN_CONVERSATIONS, "min-conversations", 0, INT, min_conversations, 50, 1, KL_RUN_MAX,        \
      ALWAYS, EDIT("Min conversations", NULL), "N", "conversations a published group needs")       \
    X(SEED, "seed", 0, INT, seed, 1, 0, KL_RUN_MAX, ALWAYS, EDIT("Seed", NULL), "S",               \
      "random seed")                                                                               \
    X(DIM, "dim", 0, INT, dim, 256, 2, 4096, ALWAYS, KEEP, "N", "embedding dimensions")            \
    X(LANGUAGES, "languages", 0, STR, languages, 0, 0, 0, ALWAYS, EDIT("Languages", "(all)"),      \
      "LIST", "only these language codes (comma-separated)")                                       \
    X(KEEP_RAW, "keep-raw", 0, FLAG, keep_raw, 0, 0, 0, NONE, NO, NULL,                            \
      "keep raw conversation text after facets")                                                   \
    X(THREADS, "threads", 0, INT, threads, 0, 0, 256, NONE, NO, "N",                               \
      "worker threads (default: online CPUs)")                                                     \
    X(INCREMENTAL, "incremental", 0, FLAG, incremental, 0, 0, 0, SET, NO, NULL,                    \
      "assign conversations ingested since the last full run to the nearest existing leaf"         \
      " (no re-clustering), recount and publish; warns when drift calls for a full run")           \
    X(BACKEND, "backend", 0, STR, backend, 0, 0, 0, NONE, EDIT("Backend", NULL), "NAME",           \
      "offline (default), openai or anthropic: a model writes missing facets and names the"        \
      " clusters; openai also embeds (anthropic embeds offline); kleio-backends(7)")               \
    X(BASE_URL, "base-url", 0, STR, base_url, 0, 0, 0, MODEL, EDIT("Server", "(default)"), "URL",  \
      "the server (default: the provider's hosted API)")                                           \
    X(MODEL, "model", 0, STR, model, 0, 0, 0, MODEL, EDIT("Chat model", "(default)"), "NAME",      \
      "chat model (default gpt-4o-mini, claude-3-5-haiku-latest)")                                 \
    X(EMBED_MODEL, "embed-model", 0, STR, embed_model, 0, 0, 0, MODEL,                             \
      EDIT("Embed model", "(default)"), "NAME",                                                    \
      "embedding model, openai (default text-embedding-3-small)")                                  \
    X(EMBED_DIMS, "embed-dims", 0, INT, embed_dims, 0, 1, 65536, MODEL, KEEP, "N",                 \
      "ask the embedding model for N dimensions (default: its own length; 256 keeps the"           \
      " vectors of 1M conversations near 1 GB)")                                                   \
    X(API_KEY_ENV, "api-key-env", 0, STR, api_key_env, 0, 0, 0, MODEL, NO, "VAR",                  \
      "variable holding the key (default OPENAI_API_KEY, ANTHROPIC_API_KEY); the key is never"     \
      " stored")                                                                                   \
    X(CONCURRENCY, "concurrency", 0, INT, concurrency, 8, 1, 64, NONE, NO, "N",                    \
      "model calls in flight at once")                                                             \
    X(MAX_CALLS, "max-calls", 0, INT, max_calls, 0, 1, KL_RUN_MAX, NONE, NO, "N",                  \
      "calls the whole run may make; a run that needs more stops before publishing and the"        \
      " next run goes on")                                                                         \
    X(TIMEOUT, "timeout", 0, INT, timeout, 120, 1, 3600, NONE, NO, "SECONDS",                      \
      "time limit of one call")                                                                    \
    X(PRICE, "price", 0, STR, price, 0, 0, 0, NONE, NO, "IN,OUT",                                  \
      "US dollars per million input and output tokens of the chat model, for the cost estimate")   \
    X(RPM, "rpm", 0, INT, rpm, 0, 1, KL_RUN_MAX, NONE, NO, "N",                                    \
      "requests per minute the client allows itself (default: no limit)")                          \
    X(TPM, "tpm", 0, INT, tpm, 0, 1, KL_RUN_MAX, NONE, NO, "N",                                    \
      "tokens per minute the client allows itself (default: no limit)")                            \
    X(PROMPTS, "prompts", 0, STR, prompts, 0, 0, 0, NONE, NO, "DIR",                               \
      "read the prompts sent to the model from the files in DIR (see kleio prompts)")              \
    X(FACETS_MODEL, "facets-model", 0, STR, facets_model, 0, 0, 0, MODEL, NO, "NAME",              \
      "chat model of the facets stage (default: the chat model)")                                  \
    X(NAME_MODEL, "name-model", 0, STR, name_model, 0, 0, 0, MODEL, NO, "NAME",                    \
      "chat model that names the clusters (default: the chat model)")                              \
    X(AUDIT_MODEL, "audit-model", 0, STR, audit_model, 0, 0, 0, MODEL, NO, "NAME",                 \
      "chat model of the names' privacy audit (default: the chat model)")                          \
    X(EMBED_URL, "embed-url", 0, STR, embed_url, 0, 0, 0, MODEL, NO, "URL",                        \
      "an OpenAI-compatible server for the embeddings only (default: --base-url)")                 \
    X(HIERARCHY, "hierarchy", 0, STR, hierarchy, 0, 0, 0, MODEL, EDIT("Hierarchy", "(default)"),   \
      "METHOD",                                                                                    \
      "how the levels above the leaves are built with a model backend: model (the default: the"    \
      " model proposes and places the parents, kleio-backends(7)) or deterministic (as offline)")  \
    X(CUSTOM_FACETS, "custom-facets", 0, STR, custom_facets, 0, 0, 0, NONE, NO, "FILE",            \
      "declare the custom facets of kleio-facets(5) (replacing those the work database keeps;"     \
      " an empty file drops them)")                                                                \
    X(SCREEN_REGEX, "screen-regex", 0, STR, screen_regex, 0, 0, 0, SET,                            \
      EDIT("Screen regex", "(none)"), "RE",                                                        \
      "study only the conversations with a user turn that the extended regular expression RE"      \
      " matches (any case; offline)")                                                              \
    X(SCREEN_QUESTION, "screen-question", 0, STR, screen_question, 0, 0, 0, SET,                   \
      EDIT("Screen question", "(none)"), "TEXT",                                                   \
      "study only the conversations for which the model answers yes to the question TEXT"          \
      " (one call each, cached)")

enum kl_run_option_id {
#define KL_RUN_OPTION_ID(id, ...) KL_RUN_OPT_##id,
    KL_RUN_OPTIONS(KL_RUN_OPTION_ID)
#undef KL_RUN_OPTION_ID
    KL_RUN_OPT_COUNT
};

enum kl_run_kind { KL_RUN_KIND_INT, KL_RUN_KIND_STR, KL_RUN_KIND_FLAG };

/* How an option is recorded in the snapshot's params JSON, under its meta key (the option
 * name with '_' for '-'): NONE not at all (paths, machine-dependent settings, the
 * backend, which has its own meta row); ALWAYS always (a STR unset as null); MODEL only
 * with a model backend and when set; SET only when set (flags: true). */
enum kl_run_meta { KL_RUN_META_NONE, KL_RUN_META_ALWAYS, KL_RUN_META_MODEL, KL_RUN_META_SET };

/* The recompute dialog's use of an option: a field (EDIT; in the table's order, the backend
 * first), carried from the snapshot's params without being shown (KEEP), or none (NO). */
enum kl_run_dialog { KL_RUN_DIALOG_NO, KL_RUN_DIALOG_EDIT, KL_RUN_DIALOG_KEEP };

typedef struct kl_run_option {
    const char *name;          /* the long option, without "--" */
    char short_name;           /* 0: none */
    const char *key;           /* its key in the params JSON */
    enum kl_run_kind kind;
    int64_t dflt, min, max;    /* INT */
    enum kl_run_meta meta;
    enum kl_run_dialog dialog;
    const char *label;         /* EDIT: the field's label in the dialog */
    const char *empty;         /* EDIT: what an empty field shows ("(all)"), or NULL */
    const char *metavar;       /* NULL for a FLAG */
    const char *help;
} kl_run_option;

extern const kl_run_option kl_run_options[KL_RUN_OPT_COUNT];

/* The option named name (without "--"), or NULL. */
const kl_run_option *kl_run_option_find(const char *name);
/* Parses an INT option's value: 0, or -1 with err saying what was wanted ("--levels must be
 * between 1 and 8, not 'x'"). */
int kl_run_option_int(const kl_run_option *o, const char *arg, int64_t *out, char *err, size_t n);
/* The options as `--help` lists them ("  --leaf-size N   about N …"), wrapped at 80 columns. */
void kl_run_options_help(FILE *out);
/* The OPTIONS section of kleio-run(1) in mdoc, from .Sh OPTIONS to the list's end. */
void kl_run_options_mdoc(FILE *out);

#endif
