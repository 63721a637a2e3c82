/* synth.h — the synthetic corpus generator and its taxonomy (ground truth for validation).
 * The generator is streaming: conversation i is a pure function of (options, i), so memory
 * stays constant whatever N is, and the same options give the same bytes. Users and
 * organisations are derived by hashing, never stored. `kleio validate` reuses this in
 * process: it generates, runs the pipeline blind, and compares against the truth records.
 * Contract: the taxonomy accessors are read-only static data, safe from any thread; a
 * generator handle belongs to one thread. */
#ifndef KLEIO_SYNTH_H
#define KLEIO_SYNTH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "kleio/buf.h"

/* ---- taxonomy ---------------------------------------------------------------------- */
typedef struct kl_synth_topic {
    const char *key;         /* stable identifier, e.g. "python_debugging" */
    const char *name;        /* English display name */
    size_t category;         /* index into the categories */
    int concern;             /* 1 (fine) … 5 (needs immediate review) */
    double weight;           /* relative share of regular conversations (time-averaged) */
    double trend;            /* share multiplier goes 1-trend/2 → 1+trend/2 over the range */
    double p_full;           /* probability the assistant refuses outright */
    double p_partial;        /* probability the assistant refuses in part */
} kl_synth_topic;

size_t kl_synth_category_count(void);
const char *kl_synth_category_key(size_t c);
const char *kl_synth_category_name(size_t c);
bool kl_synth_category_concerning(size_t c);   /* harmful-use categories (spam, malware, …) */

size_t kl_synth_topic_count(void);
const kl_synth_topic *kl_synth_topic_at(size_t t);
/* Index of a topic or category by key, or -1. */
long kl_synth_topic_find(const char *key);
long kl_synth_category_find(const char *key);

/* The 15 languages: ISO 639-1 codes and English names, in a fixed order. */
size_t kl_synth_language_count(void);
const char *kl_synth_language_code(size_t l);
const char *kl_synth_language_name(size_t l);
double kl_synth_language_weight(size_t l);     /* default share before --languages */
long kl_synth_language_find(const char *code);

/* ---- generator --------------------------------------------------------------------- */
typedef struct kl_synth_opts {
    uint64_t n;              /* conversations, traps included */
    uint64_t seed;
    uint64_t users;          /* size of the regular user pool; 0 → n/8 (at least 1) */
    uint32_t lang_mask;      /* bit l set → language l allowed; 0 → all */
    time_t from, to;         /* timestamps fall in [from, to); to > from */
} kl_synth_opts;

/* Fills defaults: seed 1, all languages, 2026-01-01 to 2026-07-01 (UTC). */
void kl_synth_opts_default(kl_synth_opts *o);

enum kl_synth_trap { KL_SYNTH_TRAP_NONE = 0, KL_SYNTH_TRAP_BURST, KL_SYNTH_TRAP_POISON,
                     KL_SYNTH_TRAP_POISON_TARGET };
enum kl_synth_pii { KL_PII_NAME = 0, KL_PII_EMAIL, KL_PII_PHONE, KL_PII_ADDRESS,
                    KL_PII_ID_NUMBER, KL_PII_CARD, KL_PII_DIAGNOSIS, KL_PII_COUNT };
const char *kl_synth_trap_name(enum kl_synth_trap t);   /* "none", "burst", "poison", … */
const char *kl_synth_pii_name(enum kl_synth_pii p);     /* "name", "email", "phone", … */

#define KL_SYNTH_MAX_TURNS 6
#define KL_SYNTH_MAX_PII 4

/* One generated conversation. All strings point into the generator and stay valid until
 * the next kl_synth_next or kl_synth_close. */
typedef struct kl_synth_conv {
    char id[24], user_id[24], org_id[24], timestamp[24];
    time_t time;
    size_t n_messages;                        /* 2 per turn: user, assistant */
    const char *role[2 * KL_SYNTH_MAX_TURNS];
    const char *content[2 * KL_SYNTH_MAX_TURNS];
    /* truth */
    size_t topic, language;
    int refused;                               /* enum kl_refused: 0 none, 1 partial, 2 full */
    int concern;
    enum kl_synth_trap trap;
    size_t n_pii;
    enum kl_synth_pii pii_type[KL_SYNTH_MAX_PII];
    const char *pii_value[KL_SYNTH_MAX_PII];   /* exact string as it appears in the text */
    bool mixed;                                /* code or English terms mixed in */
} kl_synth_conv;

typedef struct kl_synth_gen kl_synth_gen;

/* Returns NULL and a one-line cause in err when the options are unusable. */
kl_synth_gen *kl_synth_open(const kl_synth_opts *o, char *err, size_t errlen);
/* Generates conversation i (0 ≤ i < n); any order, same result. */
const kl_synth_conv *kl_synth_get(kl_synth_gen *g, uint64_t i);
void kl_synth_close(kl_synth_gen *g);

/* The options in force, defaults resolved (users = the actual regular pool size). */
const kl_synth_opts *kl_synth_options(const kl_synth_gen *g);

/* Share of regular conversations that carry planted private details. */
#define KL_SYNTH_PII_RATE 0.06

/* Trap layout for these options (how many, and which index is the poisoning target;
 * target is UINT64_MAX when the corpus is too small to carry traps). */
typedef struct kl_synth_traps {
    uint64_t burst_first, burst_count;
    uint64_t poison_count, poison_target;
} kl_synth_traps;
void kl_synth_traps_layout(kl_synth_gen *g, kl_synth_traps *out);

/* Intended share of topic t among regular (non-trap) conversations, and of language l. */
double kl_synth_topic_share(kl_synth_gen *g, size_t t);
double kl_synth_language_share(kl_synth_gen *g, size_t l);

/* Serialisation: one line each, newline-terminated, appended to out. */
void kl_synth_conv_json(const kl_synth_conv *c, kl_buf *out);
void kl_synth_truth_json(const kl_synth_conv *c, kl_buf *out);
/* The truth file's first line: format, options, taxonomy, intended distribution, traps. */
void kl_synth_header_json(kl_synth_gen *g, kl_buf *out);

#endif
