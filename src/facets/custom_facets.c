/* custom_facets.c — the declarations file of custom facets, their part of the one
 * structured facets call (schema, questions, strict check) and their work-database rows. */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/custom_facets.h"
#include "kleio/facets_llm.h"
#include "kleio/kvfile.h"
#include "kleio/log.h"
#include "kleio/mem.h"

#define QUESTION_MAX 500
#define VALUE_MAX 40
#define TEXT_MAX 300
#define FILE_MAX (256 * 1024)

static const char *const type_names[] = {"choice", "number", "text"};

const char *kl_custom_type_name(enum kl_custom_type t)
{
    return (unsigned)t < 3 ? type_names[t] : "?";
}

/* The built-in fields of the structured answer: a custom facet may not take their name. */
static const char *const reserved[] = {"language", "refusal", "concern_reason", "concern",
                                       "task", "summary", "turns", "lang", "refused"};

typedef struct parse_state {
    kl_custom_facets *cf;
    int line[KL_CUSTOM_MAX_FACETS];   /* line that declared each facet */
    bool has_type[KL_CUSTOM_MAX_FACETS], has_values[KL_CUSTOM_MAX_FACETS],
        has_range[KL_CUSTOM_MAX_FACETS];
} parse_state;

static int bad(kl_buf *errs, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int bad(kl_buf *errs, const char *file, int line, const char *fmt, ...)
{
    char msg[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    kl_buf_printf(errs, "%s:%d: %s\n", file, line, msg);
    return 1;
}

static bool valid_name(const char *s, size_t n)
{
    if (n == 0 || n >= KL_CUSTOM_NAME_MAX || !islower((unsigned char)s[0]))
        return false;
    for (size_t k = 0; k < n; k++)
        if (!islower((unsigned char)s[k]) && !isdigit((unsigned char)s[k]) && s[k] != '_')
            return false;
    for (size_t k = 0; k < sizeof reserved / sizeof reserved[0]; k++)
        if (strlen(reserved[k]) == n && strncmp(reserved[k], s, n) == 0)
            return false;
    return true;
}

/* Printable text without control characters, at most max bytes. */
static bool clean_text(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n > max)
        return false;
    for (size_t k = 0; k < n; k++)
        if ((unsigned char)s[k] < 0x20 || s[k] == 0x7f)
            return false;
    return true;
}

/* A choice value: lower-case letters, digits, space, '-' and '_' (what a column, a filter
 * and a schema enum carry without escaping). */
static bool valid_value(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > VALUE_MAX)
        return false;
    for (size_t k = 0; k < n; k++)
        if (!islower((unsigned char)s[k]) && !isdigit((unsigned char)s[k]) && !strchr(" -_", s[k]))
            return false;
    return s[0] != ' ' && s[n - 1] != ' ';
}

static bool parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v))
        return false;
    *out = v;
    return true;
}

static int apply(void *ctx, const char *key, char *val, const char *file, int line, kl_buf *errs)
{
    parse_state *ps = ctx;
    kl_custom_facets *cf = ps->cf;
    if (strncmp(key, "facet.", 6) != 0)
        return bad(errs, file, line, "unknown key '%s' (keys are facet.NAME.question, .type,"
                   " .values, .range)", key);
    const char *name = key + 6, *dot = strchr(name, '.');
    if (!dot)
        return bad(errs, file, line, "'%s' names no field (facet.NAME.question, .type, .values,"
                   " .range)", key);
    size_t nlen = (size_t)(dot - name);
    if (!valid_name(name, nlen))
        return bad(errs, file, line, "'%s': a facet's name is 1 to 31 lower-case letters, digits or"
                   " '_', starting with a letter, and not a built-in field", key);
    size_t i = 0;
    while (i < cf->n && (strlen(cf->f[i].name) != nlen || strncmp(cf->f[i].name, name, nlen) != 0))
        i++;
    if (i == cf->n) {
        if (cf->n == KL_CUSTOM_MAX_FACETS)
            return bad(errs, file, line, "at most 8 custom facets; '%s' is one too many", key);
        memcpy(cf->f[i].name, name, nlen);
        cf->f[i].name[nlen] = 0;
        cf->f[i].type = KL_CUSTOM_TEXT;
        ps->line[i] = line;
        cf->n++;
    }
    kl_custom_facet *f = &cf->f[i];
    const char *field = dot + 1;
    if (strcmp(field, "question") == 0) {
        if (!clean_text(val, QUESTION_MAX))
            return bad(errs, file, line, "a question is 1 to 500 bytes of text on one line");
        free(f->question);
        f->question = kl_strdup(val);
    } else if (strcmp(field, "type") == 0) {
        int t = -1;
        for (int k = 0; k < 3; k++)
            if (strcmp(val, type_names[k]) == 0)
                t = k;
        if (t < 0)
            return bad(errs, file, line, "a type is choice, number or text, not '%s'", val);
        f->type = (enum kl_custom_type)t;
        ps->has_type[i] = true;
    } else if (strcmp(field, "values") == 0) {
        char *copy[KL_CUSTOM_MAX_VALUES] = {0};
        size_t n = 0;
        for (char *p = val; p;) {
            char *comma = strchr(p, ',');
            if (comma)
                *comma = 0;
            while (*p == ' ' || *p == '\t')
                p++;
            char *e = p + strlen(p);
            while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
                *--e = 0;
            int err = 0;
            if (!valid_value(p))
                err = bad(errs, file, line, "a choice value is 1 to 40 lower-case letters, digits,"
                          " spaces, '-' or '_', not '%s'", p);
            else if (n == KL_CUSTOM_MAX_VALUES)
                err = bad(errs, file, line, "a choice has at most 12 values");
            for (size_t k = 0; !err && k < n; k++)
                if (strcmp(copy[k], p) == 0)
                    err = bad(errs, file, line, "the value '%s' is listed twice", p);
            if (err) {
                for (size_t k = 0; k < n; k++)
                    free(copy[k]);
                return 1;
            }
            copy[n++] = kl_strdup(p);
            p = comma ? comma + 1 : NULL;
        }
        if (n < 2) {
            for (size_t k = 0; k < n; k++)
                free(copy[k]);
            return bad(errs, file, line, "a choice needs at least two values");
        }
        for (size_t k = 0; k < f->n_values; k++)
            free(f->values[k]);
        memcpy(f->values, copy, sizeof copy);
        f->n_values = n;
        ps->has_values[i] = true;
    } else if (strcmp(field, "range") == 0) {
        char *sep = strstr(val, "..");
        double lo, hi;
        if (!sep)
            return bad(errs, file, line, "a range is LO..HI, not '%s'", val);
        *sep = 0;
        if (!parse_double(val, &lo) || !parse_double(sep + 2, &hi) || !(lo < hi)) {
            *sep = '.';
            return bad(errs, file, line, "a range is LO..HI with two numbers, LO below HI, not '%s'",
                       val);
        }
        f->lo = lo;
        f->hi = hi;
        ps->has_range[i] = true;
    } else {
        return bad(errs, file, line, "unknown field '%s' (question, type, values, range)", field);
    }
    return 0;
}

int kl_custom_parse(const char *text, const char *file, kl_custom_facets *out, kl_buf *errs)
{
    memset(out, 0, sizeof *out);
    parse_state ps = {.cf = out};
    int nbad = kl_kv_parse(text, file, apply, &ps, errs);
    for (size_t i = 0; i < out->n; i++) {
        const kl_custom_facet *f = &out->f[i];
        const char *why = !f->question ? "has no question"
                          : !ps.has_type[i] ? "has no type"
                          : f->type == KL_CUSTOM_CHOICE && !ps.has_values[i] ? "is a choice without values"
                          : f->type == KL_CUSTOM_NUMBER && !ps.has_range[i] ? "is a number without a range"
                          : f->type != KL_CUSTOM_CHOICE && ps.has_values[i] ? "has values but is not a choice"
                          : f->type != KL_CUSTOM_NUMBER && ps.has_range[i] ? "has a range but is not a number"
                                                                          : NULL;
        if (why) {
            kl_buf_printf(errs, "%s:%d: facet '%s' %s\n", file, ps.line[i], f->name, why);
            nbad++;
        }
    }
    if (nbad)
        kl_custom_free(out);
    return nbad;
}

int kl_custom_load(const char *path, kl_custom_facets *out, kl_buf *errs)
{
    memset(out, 0, sizeof *out);
    kl_buf text = KL_BUF_INIT;
    int rc = kl_kv_read(path, FILE_MAX, &text, errs) == 0 &&
             kl_custom_parse(kl_buf_cstr(&text), path, out, errs) == 0 ? 0 : -1;
    kl_buf_free(&text);
    return rc;
}

void kl_custom_free(kl_custom_facets *cf)
{
    for (size_t i = 0; i < KL_CUSTOM_MAX_FACETS; i++) {
        free(cf->f[i].question);
        for (size_t k = 0; k < cf->f[i].n_values; k++)
            free(cf->f[i].values[k]);
    }
    memset(cf, 0, sizeof *cf);
}

char *kl_custom_spec(const kl_custom_facet *f)
{
    kl_buf b = KL_BUF_INIT;
    kl_buf_printf(&b, "%s|", kl_custom_type_name(f->type));
    if (f->type == KL_CUSTOM_CHOICE)
        for (size_t k = 0; k < f->n_values; k++)
            kl_buf_printf(&b, "%s%s", k ? "," : "", f->values[k]);
    else if (f->type == KL_CUSTOM_NUMBER)
        kl_buf_printf(&b, "%.17g..%.17g", f->lo, f->hi);
    kl_buf_printf(&b, "|%s", f->question ? f->question : "");
    return kl_buf_steal(&b);
}

char *kl_custom_schema(const kl_custom_facets *cf, const char *schema)
{
    json_t *o = json_loads(schema, 0, NULL);
    json_t *props = json_object_get(o, "properties"), *req = json_object_get(o, "required");
    if (!json_is_object(props) || !json_is_array(req)) {
        json_decref(o);
        return NULL;
    }
    for (size_t i = 0; i < cf->n; i++) {
        const kl_custom_facet *f = &cf->f[i];
        json_t *p;
        if (f->type == KL_CUSTOM_CHOICE) {
            json_t *e = json_array();
            for (size_t k = 0; k < f->n_values; k++)
                json_array_append_new(e, json_string(f->values[k]));
            p = json_pack("{s:s, s:o}", "type", "string", "enum", e);
        } else if (f->type == KL_CUSTOM_NUMBER) {
            p = json_pack("{s:[s,s], s:f, s:f}", "type", "number", "null", "minimum", f->lo,
                          "maximum", f->hi);
        } else {
            p = json_pack("{s:[s,s]}", "type", "string", "null");
        }
        json_object_set_new(props, f->name, p);
        json_array_append_new(req, json_string(f->name));
    }
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

void kl_custom_questions(const kl_custom_facets *cf, kl_buf *b)
{
    for (size_t i = 0; i < cf->n; i++) {
        const kl_custom_facet *f = &cf->f[i];
        kl_buf_printf(b, "\n- %s: %s", f->name, f->question);
        if (f->type == KL_CUSTOM_CHOICE) {
            kl_buf_puts(b, " Answer with exactly one of:");
            for (size_t k = 0; k < f->n_values; k++)
                kl_buf_printf(b, "%s %s", k ? "," : "", f->values[k]);
            kl_buf_puts(b, ".");
        } else if (f->type == KL_CUSTOM_NUMBER) {
            kl_buf_printf(b, " Answer with a number from %g to %g, or null if the conversation does"
                          " not tell.", f->lo, f->hi);
        } else {
            kl_buf_puts(b, " Answer in one sentence in general terms, without names or personal"
                           " details, or null if the conversation does not tell.");
        }
    }
}

static void add_err(kl_buf *errs, kl_custom_answer *a, const char *name, const char *e)
{
    snprintf(a->err, sizeof a->err, "%s", e);
    if (errs->len)
        kl_buf_puts(errs, "; ");
    kl_buf_printf(errs, "%s: %s", name, e);
}

unsigned kl_custom_check(const kl_custom_facets *cf, const char *answer, kl_custom_answer *out,
                         kl_buf *errs)
{
    memset(out, 0, cf->n * sizeof *out);
    json_t *o = json_loads(answer, 0, NULL);
    unsigned bad = 0;
    for (size_t i = 0; i < cf->n; i++) {
        const kl_custom_facet *f = &cf->f[i];
        json_t *v = json_object_get(o, f->name);
        if (f->type == KL_CUSTOM_CHOICE) {
            const char *s = json_string_value(v);
            size_t k = 0;
            while (s && k < f->n_values && strcmp(s, f->values[k]) != 0)
                k++;
            if (!s || k == f->n_values) {
                bad |= 1u << i;
                kl_buf b = KL_BUF_INIT;
                kl_buf_puts(&b, "must be one of");
                for (size_t j = 0; j < f->n_values; j++)
                    kl_buf_printf(&b, "%s %s", j ? "," : "", f->values[j]);
                add_err(errs, &out[i], f->name, kl_buf_cstr(&b));
                kl_buf_free(&b);
            } else {
                out[i].answered = true;
                out[i].text = kl_strdup(f->values[k]);
            }
        } else if (json_is_null(v)) {
            continue;   /* "cannot tell": valid, unanswered */
        } else if (f->type == KL_CUSTOM_NUMBER) {
            double x = json_number_value(v);
            if (!json_is_number(v) || !isfinite(x) || x < f->lo || x > f->hi) {
                bad |= 1u << i;
                char e[128];
                snprintf(e, sizeof e, "must be a number from %g to %g, or null", f->lo, f->hi);
                add_err(errs, &out[i], f->name, e);
            } else {
                out[i].answered = true;
                out[i].number = x;
            }
        } else {
            const char *s = json_string_value(v);
            /* A private note, never published, but held to the summary's rules all the same. */
            const char *why = !s ? "must be a string or null"
                              : strlen(s) > TEXT_MAX ? "must be at most 300 bytes"
                                                     : kl_facets_llm_check_summary(s);
            if (why) {
                bad |= 1u << i;
                /* The summary's reasons start with "summary: ". */
                add_err(errs, &out[i], f->name, strncmp(why, "summary: ", 9) == 0 ? why + 9 : why);
            } else {
                out[i].answered = true;
                out[i].text = kl_strdup(s);
            }
        }
    }
    json_decref(o);
    return bad;
}

void kl_custom_answers_free(kl_custom_answer *a, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        free(a[k].text);
        a[k].text = NULL;
    }
}

const char kl_custom_schema_sql[] =
    "CREATE TABLE IF NOT EXISTS custom_facet_defs(name TEXT PRIMARY KEY, pos INTEGER NOT NULL,"
    " type TEXT NOT NULL, question TEXT NOT NULL, spec TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS custom_facet_values(conv INTEGER NOT NULL, facet TEXT NOT NULL,"
    " value TEXT, number REAL, source TEXT NOT NULL, PRIMARY KEY(conv, facet));";

static int db_fail(sqlite3 *db, const char *what)
{
    const char *p = sqlite3_db_filename(db, "main");
    kl_error("%s: %s: %s", p && *p ? p : "(work database)", what, sqlite3_errmsg(db));
    return -1;
}

int kl_custom_store_defs(sqlite3 *db, const kl_custom_facets *cf)
{
    if (sqlite3_exec(db, kl_custom_schema_sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(db, "creating the custom facet tables");
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(db, "storing custom facets");
    sqlite3_stmt *sel = NULL, *dv = NULL, *ins = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT name, spec FROM custom_facet_defs", -1, &sel, NULL) ||
             sqlite3_prepare_v2(db, "DELETE FROM custom_facet_values WHERE facet = ?", -1, &dv, NULL) ||
             sqlite3_prepare_v2(db, "INSERT INTO custom_facet_defs(name, pos, type, question, spec)"
                                    " VALUES(?,?,?,?,?)", -1, &ins, NULL) ? -1 : 0;
    /* Values answer the declaration they were asked under: a changed one starts afresh. */
    while (rc == 0 && sqlite3_step(sel) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(sel, 0);
        const char *spec = (const char *)sqlite3_column_text(sel, 1);
        bool same = false;
        for (size_t i = 0; i < cf->n && name && spec; i++)
            if (strcmp(cf->f[i].name, name) == 0) {
                char *s = kl_custom_spec(&cf->f[i]);
                same = strcmp(s, spec) == 0;
                free(s);
            }
        if (!same) {
            sqlite3_bind_text(dv, 1, name ? name : "", -1, SQLITE_TRANSIENT);
            rc = sqlite3_step(dv) == SQLITE_DONE ? 0 : -1;
            sqlite3_reset(dv);
        }
    }
    sqlite3_finalize(sel);
    if (rc == 0)
        rc = sqlite3_exec(db, "DELETE FROM custom_facet_defs", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < cf->n; i++) {
        char *spec = kl_custom_spec(&cf->f[i]);
        sqlite3_bind_text(ins, 1, cf->f[i].name, -1, SQLITE_STATIC);
        sqlite3_bind_int(ins, 2, (int)i);
        sqlite3_bind_text(ins, 3, kl_custom_type_name(cf->f[i].type), -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 4, cf->f[i].question, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 5, spec, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(ins) == SQLITE_DONE ? 0 : -1;
        sqlite3_reset(ins);
        free(spec);
    }
    sqlite3_finalize(dv);
    sqlite3_finalize(ins);
    if (rc == 0 && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
        return 0;
    db_fail(db, "storing custom facets");
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

long kl_custom_fill_unanswered(sqlite3 *db, const kl_custom_facets *cf, const char *reason)
{
    if (cf->n == 0)
        return 0;
    if (sqlite3_exec(db, kl_custom_schema_sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(db, "creating the custom facet tables");
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO custom_facet_values(conv, facet, source)"
                               " SELECT conv, ?1, ?2 FROM facets", -1, &st, NULL) != SQLITE_OK)
        return db_fail(db, "recording unanswered custom facets");
    long added = 0;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < cf->n; i++) {
        sqlite3_bind_text(st, 1, cf->f[i].name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
        added += sqlite3_changes(db);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    if (rc != 0)
        return db_fail(db, "recording unanswered custom facets");
    return added;
}

int kl_custom_load_defs(sqlite3 *db, kl_custom_facets *out)
{
    memset(out, 0, sizeof *out);
    if (sqlite3_exec(db, kl_custom_schema_sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(db, "creating the custom facet tables");
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT name, spec FROM custom_facet_defs ORDER BY pos", -1, &st,
                           NULL) != SQLITE_OK)
        return db_fail(db, "reading custom facets");
    /* Each stored spec is a declaration in one line: turned back into the file's lines, it
     * goes through the one parser, so a damaged row is an error, not a guess. */
    kl_buf text = KL_BUF_INIT;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        const char *spec = (const char *)sqlite3_column_text(st, 1);
        const char *a = spec ? strchr(spec, '|') : NULL, *b = a ? strchr(a + 1, '|') : NULL;
        if (!name || !a || !b) {
            kl_buf_printf(&text, "damaged row\n");   /* reported by the parser */
            continue;
        }
        kl_buf_printf(&text, "facet.%s.type = %.*s\n", name, (int)(a - spec), spec);
        kl_buf_printf(&text, "facet.%s.question = %s\n", name, b + 1);
        if (b > a + 1)
            kl_buf_printf(&text, "facet.%s.%s = %.*s\n", name,
                          strncmp(spec, "choice", 6) == 0 ? "values" : "range", (int)(b - a - 1), a + 1);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        kl_buf_free(&text);
        return db_fail(db, "reading custom facets");
    }
    kl_buf errs = KL_BUF_INIT;
    int bad = text.len ? kl_custom_parse(kl_buf_cstr(&text), "custom_facet_defs", out, &errs) : 0;
    if (bad)
        kl_error("%s", kl_buf_cstr(&errs));
    kl_buf_free(&text);
    kl_buf_free(&errs);
    return bad ? -1 : 0;
}
