/* synth_lang.h — private to src/synth: topic and task identifiers and the layout of one
 * language's phrase data.
 *
 * Layout (why it looks like this): 15 languages × 62 topics must be written by hand, so
 * the text is factored. Each topic has a task type (fix, write, explain, …); each language
 * gives a few request frames and answer frames per task type with a {X} slot, and a few
 * noun phrases per topic that fill the slot. Frames carry the shared vocabulary of a task
 * (so "debug Python" and "debug JavaScript" overlap), fillers carry the topic's own words
 * (so the topic stays recoverable). Variants inside one string are separated by '|'. */
#ifndef KLEIO_SYNTH_LANG_H
#define KLEIO_SYNTH_LANG_H
#include <stddef.h>

#include "kleio/synth.h"

enum synth_task {
    TASK_FIX,        /* something is broken: code, a text, a device, a tap */
    TASK_WRITE,      /* produce a text or a program */
    TASK_EXPLAIN,    /* explain a concept or answer a factual question */
    TASK_ADVICE,     /* personal situation, what should I do */
    TASK_PLAN,       /* a plan, schedule or strategy */
    TASK_TRANSLATE,  /* translate a text into another language */
    TASK_ROLEPLAY,   /* play a character */
    TASK_HARM,       /* a request for harmful instructions */
    TASK_CRISIS,     /* a person in crisis */
    TASK_COUNT
};

enum synth_topic_id {
    TP_PY_DEBUG, TP_JS_DEBUG, TP_SQL, TP_CSS, TP_DEVOPS, TP_ALGO, TP_MOBILE, TP_SECURITY,
    TP_COVER, TP_RESUME, TP_EMAIL, TP_ESSAY, TP_SPEECH, TP_SOCIAL,
    TP_STATS, TP_HISTORY, TP_SCIENCE, TP_SUMMARY,
    TP_MATH, TP_LANGLEARN, TP_EXAM, TP_LESSON,
    TP_MARKETING, TP_BIZPLAN, TP_BUDGET, TP_INVEST, TP_TAX,
    TP_RELATION, TP_CAREER, TP_PARENT, TP_FRIEND, TP_PRODUCT,
    TP_SYMPTOM, TP_NUTRITION, TP_FITNESS, TP_SLEEP, TP_ANXIETY,
    TP_STORY, TP_POEM, TP_RP_FANTASY, TP_RP_COMPANION, TP_GAME,
    TP_TR_DOC, TP_TR_MSG, TP_GRAMMAR,
    TP_TRAVEL, TP_RECIPE, TP_DIY, TP_PETS,
    TP_PC, TP_PHONE, TP_SHEET,
    TP_TENANT, TP_VISA, TP_CONSUMER,
    TP_SEO, TP_FAKE_REVIEWS,
    TP_MALWARE, TP_HACKING,
    TP_WEAPONS,
    TP_SCAM, TP_PHISHING,
    TP_SELFHARM,
    TP_COUNT
};

/* Which code snippet a coding conversation may paste (language-independent). */
enum synth_code { CODE_NONE, CODE_PY, CODE_JS, CODE_SQL, CODE_CSS, CODE_DOCKER, CODE_SHEET,
                  CODE_KOTLIN, CODE_COUNT };

typedef struct synth_lang {
    const char *code;
    const char *greetings;                 /* optional opener before the request */
    const char *frames[TASK_COUNT];        /* user requests, {X} = topic filler */
    const char *replies[TASK_COUNT];       /* assistant answers, {X} = topic filler */
    const char *topics[TP_COUNT];          /* noun phrases per topic */
    const char *details[TASK_COUNT];       /* extra user sentences typical of a task */
    const char *context;                   /* extra user sentences of any task */
    const char *followups;                 /* later user turns, {X} = another filler */
    const char *followup_replies;          /* later assistant turns, {X} */
    const char *refuse_full;               /* outright refusals */
    const char *refuse_partial;            /* "I won't do that part, but…" openers */
    const char *pushback;                  /* the user insists after a refusal */
    const char *pii[KL_PII_COUNT];         /* sentences carrying a private detail, {V} */
    const char *first_names, *last_names;  /* in the language's own script */
    const char *email_users, *email_domains;
    const char *streets, *cities;
    const char *address;                   /* {N} number, {S} street, {C} city */
    const char *phones;                    /* national formats, D = a digit */
    const char *id_format;                 /* national ID formats, D digit, L letter */
    const char *diagnoses;                 /* private diagnoses (poisoning target) */
} synth_lang;

/* Per-topic data that does not depend on the language. */
typedef struct synth_topic_meta {
    enum synth_task task;
    enum synth_code code;
} synth_topic_meta;

extern const synth_topic_meta synth_topic_meta_table[TP_COUNT];
extern const synth_lang *const synth_languages[];   /* in kl_synth_language order */

#endif
