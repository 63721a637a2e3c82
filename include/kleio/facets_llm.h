/* facets_llm.h — the model-based facets (providers "openai", "anthropic"): one
 * structured call per conversation, its strict check, and the streaming stage.
 * The stage re-scrubs every summary whatever the model wrote (facets.h). */
#ifndef KLEIO_FACETS_LLM_H
#define KLEIO_FACETS_LLM_H
#include <stdint.h>

#include "kleio/buf.h"
#include "kleio/facets.h"
#include "kleio/llm.h"

struct kl_custom_facets;

enum kl_facet_kind { KL_FACET_LANGUAGE, KL_FACET_REFUSED, KL_FACET_CONCERN, KL_FACET_TASK,
                     KL_FACET_SUMMARY, KL_FACET_KINDS };

const char *kl_facet_kind_name(enum kl_facet_kind k);

/* Readers of one value, exposed for tests: strict where the words are ambiguous. */
int kl_facets_llm_parse_concern(const char *answer);  /* 1..5; 0 when none or two numbers */
int kl_facets_llm_parse_refusal(const char *answer);  /* enum kl_refused from the first word, or -1 */
const char *kl_facets_llm_parse_task(const char *answer);       /* static, or NULL */
/* Full language name → ISO code into code[8]; returns the English name (static) or NULL. */
const char *kl_facets_llm_parse_language(const char *answer, char code[8]);

/* ---- One structured call per conversation (backend_llm_check.c, backend_llm_stream.c) ----
 * The model fills one JSON object (kl_facets_llm_schema: language, refusal, a concern
 * reason written before the concern number, concern, task, summary). Each field is
 * checked strictly; a wrong answer is asked again (at most twice) with the errors quoted,
 * and a field still wrong is taken from the offline extractor. Every field's source is
 * stored in facet_sources(conv, lang, refused, concern, task, summary): "model", or
 * "offline: <the error>" — and the row's backend/model say the model only when it
 * gave at least one field. */
extern const char kl_facets_llm_schema[];
extern const char kl_facets_llm_system[];     /* the defaults of the overridable prompts */
extern const char kl_facets_llm_questions[];

/* The prompts a user may read and replace (backend_llm_prompts.c): each is a file of
 * `kleio prompts --dump DIR`; `--prompts DIR` replaces those present. The schemas are not
 * among them: the strict check is written against them. */
enum kl_prompt_id { KL_PROMPT_FACETS_SYSTEM, KL_PROMPT_FACETS_QUESTIONS, KL_PROMPT_NAME_SYSTEM,
                    KL_PROMPT_AUDIT_SYSTEM, KL_PROMPT_HIER_PROPOSE_SYSTEM,
                    KL_PROMPT_HIER_DEDUP_SYSTEM, KL_PROMPT_HIER_ASSIGN_SYSTEM,
                    KL_PROMPT_SCREEN_SYSTEM, KL_PROMPT_COUNT };
/* The prompt in force: the override when loaded, else the default. */
const char *kl_prompt(enum kl_prompt_id id);
/* Writes every default prompt into dir (created). 0, or -1 with err. */
int kl_prompts_dump(const char *dir, char *err, size_t errlen);
/* Loads the prompt files of dir (each optional; an unknown, empty or unreadable file is an
 * error naming it). 0, or -1 with err. Not thread-safe: call before any model call. */
int kl_prompts_load(const char *dir, char *err, size_t errlen);
void kl_prompts_reset(void);

typedef struct kl_facets_llm_answer {
    char lang[8];
    const char *lang_name;    /* static */
    enum kl_refused refused;
    int concern;
    const char *task;         /* static */
    char *summary;            /* owned */
} kl_facets_llm_answer;

/* The user message: the transcript between nonce tags it cannot close, the questions,
 * and when reask is not NULL the errors of the previous answer and the attempt's number
 * (so that a second re-ask is a new question, not the cached answer). Caller frees. */
char *kl_facets_llm_prompt(const kl_conv *c, const char *reask, int attempt);
/* The same with the questions of custom facets after the built-in ones (cf NULL: none). */
char *kl_facets_llm_prompt_custom(const kl_conv *c, const struct kl_custom_facets *cf,
                                  const char *reask, int attempt);
/* Checks a structured answer: a bit (1 << kind) per wrong field, each error appended to
 * errs; a->summary is set (caller frees) only when valid. */
unsigned kl_facets_llm_check(const char *answer, kl_facets_llm_answer *a, kl_buf *errs);
/* Why a summary is refused (at least 3 words, at most 2 sentences, no name nor personal
 * detail the scrubber or the shape of a name finds), or NULL when it is fine. */
const char *kl_facets_llm_check_summary(const char *s);

typedef struct kl_facets_stream_opts {
    bool keep_raw;
    size_t in_flight;         /* conversations started and not finished, at most */
    size_t commit_rows;       /* a transaction every that many finished rows (or 2 s) */
    double progress_s;        /* a progress line every that many seconds (0: 10) */
    double price_in, price_out;  /* US dollars per 1M tokens; < 0: unknown */
    const char *model;        /* the chat model asked; NULL: the provider's configured one */
    const struct kl_custom_facets *custom;  /* asked in the same call; NULL: none */
    const char *screen;       /* NULL, or only the conversations it keeps (KL_FACETS_SCREEN_SQL) */
} kl_facets_stream_opts;

typedef struct kl_facets_stream_stats {
    uint64_t done, already, no_raw, failed, reasks;
    uint64_t fallbacks[KL_FACET_KINDS];
    uint64_t model_rows;      /* rows with at least one field from the model */
    uint64_t model_summaries; /* rows whose summary is the model's */
    uint64_t custom_answered, custom_unanswered, custom_failed;  /* custom facet values:
                                 answered; "cannot tell"; still wrong after the re-asks */
} kl_facets_stream_stats;

/* The facets stage with the model: conversations without facets stream through a bounded
 * queue into llm's one HTTP loop; rows are committed as they finish, so an interrupted run
 * repeats only the calls that were in flight. Returns 0, or -1 on a database error or when
 * the server refused us for good (kl_llm_fatal_error). */
int kl_facets_llm_stream(sqlite3 *db, kl_llm *llm, const char *backend,
                         const kl_facets_stream_opts *o, kl_facets_stream_stats *st);

#endif
