/* custom_facets.h — facets a user declares in a file (kleio-facets(5)): a question and a
 * type, answered by the model in the same structured call as the built-in facets.
 *
 *   facet.NAME.question = QUESTION          (required)
 *   facet.NAME.type     = choice | number | text
 *   facet.NAME.values   = a, b, c           (choice: 2 to KL_CUSTOM_MAX_VALUES values)
 *   facet.NAME.range    = LO..HI            (number)
 *
 * Writers: the facets stage writes custom_facet_values (one row per conversation and
 * facet: the answer, or NULLs and the reason it is unanswered); a run writes
 * custom_facet_defs (the declarations the values answer; a changed declaration drops its
 * values). The privacy stage publishes choice and number facets as aggregates only, through
 * the disclosure control; text answers stay in the work database. */
#ifndef KLEIO_CUSTOM_FACETS_H
#define KLEIO_CUSTOM_FACETS_H
#include <stdbool.h>
#include <stddef.h>
#include <sqlite3.h>

#include "kleio/buf.h"

#define KL_CUSTOM_MAX_FACETS 8
#define KL_CUSTOM_MAX_VALUES 12
#define KL_CUSTOM_NAME_MAX 32

enum kl_custom_type { KL_CUSTOM_CHOICE, KL_CUSTOM_NUMBER, KL_CUSTOM_TEXT };

typedef struct kl_custom_facet {
    char name[KL_CUSTOM_NAME_MAX];
    enum kl_custom_type type;
    char *question;
    char *values[KL_CUSTOM_MAX_VALUES];   /* choice */
    size_t n_values;
    double lo, hi;                        /* number */
} kl_custom_facet;

typedef struct kl_custom_facets {
    kl_custom_facet f[KL_CUSTOM_MAX_FACETS];
    size_t n;
} kl_custom_facets;

const char *kl_custom_type_name(enum kl_custom_type t);

/* Parses the text of a declarations file (named file in messages). Returns the number of
 * errors, each "FILE:LINE: cause" (or "FILE: cause" for a facet left incomplete) on its own
 * line in errs; on errors *out is left empty. */
int kl_custom_parse(const char *text, const char *file, kl_custom_facets *out, kl_buf *errs);
/* Reads and parses path (a file without facets declares none); 0, or -1 with the errors
 * in errs. */
int kl_custom_load(const char *path, kl_custom_facets *out, kl_buf *errs);
void kl_custom_free(kl_custom_facets *cf);

/* The declaration as one line ("choice|a,b,c" / "number|0..10" / "text|"), which a changed
 * declaration changes. Caller frees. */
char *kl_custom_spec(const kl_custom_facet *f);

/* ---- with the model (one structured call) ---- */
/* schema (a JSON object schema) with every facet added as a required property: a choice as
 * an enum, a number as a number (or null: "cannot tell") within its range, a text as a
 * string (or null). Caller frees; NULL when schema is not a JSON object. */
char *kl_custom_schema(const kl_custom_facets *cf, const char *schema);
/* The questions' lines appended to the built-in questions. */
void kl_custom_questions(const kl_custom_facets *cf, kl_buf *b);

typedef struct kl_custom_answer {
    bool answered;
    char *text;       /* choice value or text (owned); NULL for a number */
    double number;
    char err[160];    /* when wrong: why, as the model is told */
} kl_custom_answer;

/* Checks the facets of a structured answer: bit k set when facet k is wrong, its error
 * appended to errs ("; " between). A null where allowed is a valid "cannot tell"
 * (answered false). out[k] is filled for every facet; free with kl_custom_answers_free. */
unsigned kl_custom_check(const kl_custom_facets *cf, const char *answer, kl_custom_answer *out,
                         kl_buf *errs);
void kl_custom_answers_free(kl_custom_answer *a, size_t n);

/* ---- the work database ---- */
extern const char kl_custom_schema_sql[];
/* Records the declarations of a run: creates the tables, drops the values of facets whose
 * declaration changed or that are no longer declared, and stores cf. 0, or -1 logged. */
int kl_custom_store_defs(sqlite3 *db, const kl_custom_facets *cf);
/* The stored declarations (none when the tables do not exist). 0, or -1 logged. */
int kl_custom_load_defs(sqlite3 *db, kl_custom_facets *out);
/* Gives every conversation with facets but without a row for a declared facet an
 * unanswered row with reason (e.g. the offline backend has no extractor for it). Returns
 * the rows added, or -1 logged. */
long kl_custom_fill_unanswered(sqlite3 *db, const kl_custom_facets *cf, const char *reason);

#endif
