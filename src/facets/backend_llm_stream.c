/* backend_llm_stream.c — the facets stage over a model: conversations flow from the
 * database through a bounded queue into the provider's one HTTP loop; answers are checked
 * as they arrive, asked again when wrong, and committed in small transactions. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conv_turns.h"
#include "kleio/buf.h"
#include "kleio/custom_facets.h"
#include "kleio/facets_llm.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/workdb.h"

#define TEMPERATURE 0.2
#define MAX_TOKENS 400
#define REASKS 2
#define LOAD_CHUNK 256
#define MAX_WARNINGS 10

typedef struct item {
    sqlite3_int64 rowid;
    char *id;
    kl_conv_turns turns;
    int asks;
    kl_facet_row row;
    char *src[KL_FACET_KINDS];   /* "model" or "offline: why" */
    bool any_model;
    kl_custom_answer custom[KL_CUSTOM_MAX_FACETS];
    char *csrc[KL_CUSTOM_MAX_FACETS];   /* "model", "model: cannot tell", "unanswered: why" */
    struct item *next;
} item;

static const char sources_sql[] =
    "CREATE TABLE IF NOT EXISTS facet_sources(conv INTEGER PRIMARY KEY, lang TEXT NOT NULL, "
    "refused TEXT NOT NULL, concern TEXT NOT NULL, task TEXT NOT NULL, summary TEXT NOT NULL)";

static void item_free(item *it)
{
    if (!it)
        return;
    free(it->id);
    kl_conv_turns_free(&it->turns);
    kl_facet_row_free(&it->row);
    for (int k = 0; k < KL_FACET_KINDS; k++)
        free(it->src[k]);
    kl_custom_answers_free(it->custom, KL_CUSTOM_MAX_FACETS);
    for (int k = 0; k < KL_CUSTOM_MAX_FACETS; k++)
        free(it->csrc[k]);
    free(it);
}

/* The custom facets' answers and sources: a facet still wrong after the re-asks is
 * recorded unanswered with the reason, never given an invented value. */
static void item_custom(item *it, const kl_custom_facets *cf, kl_custom_answer *ca, unsigned cbad,
                        kl_facets_stream_stats *st)
{
    for (size_t k = 0; cf && k < cf->n; k++) {
        char buf[300];
        if (cbad & (1u << k)) {
            snprintf(buf, sizeof buf, "unanswered: %s", ca[k].err[0] ? ca[k].err : "no answer");
            st->custom_failed++;
        } else if (ca[k].answered) {
            snprintf(buf, sizeof buf, "model");
            it->custom[k] = ca[k];
            ca[k].text = NULL;
            st->custom_answered++;
        } else {
            snprintf(buf, sizeof buf, "model: cannot tell");
            st->custom_unanswered++;
        }
        it->csrc[k] = kl_strdup(buf);
    }
}

/* The conversation from its stored JSON; NULL when that is not an array of messages. */
static item *item_new(sqlite3_int64 rowid, const char *id, const char *raw)
{
    item *it = kl_calloc(1, sizeof *it);
    it->rowid = rowid;
    it->id = kl_strdup(id ? id : "");
    if (kl_conv_turns_parse(it->id, raw, &it->turns) != 0) {
        free(it->id);
        free(it);
        return NULL;
    }
    return it;
}

/* kl_facets_compute over a row already filled: it only scrubs, cleans and bounds it. */
static int keep_field(void *ctx, const kl_conv *c, kl_facet_row *row)
{
    (void)ctx;
    (void)c;
    (void)row;                 /* keep_all, the first entry, copied the whole row */
    return 0;
}

static int keep_all(void *ctx, const kl_conv *c, kl_facet_row *row)
{
    const kl_facet_row *from = ctx;
    (void)c;
    *row = *from;
    row->summary = from->summary ? kl_strdup(from->summary) : NULL;
    return 0;
}

/* Fills it->row from the checked answer (a NULL answer: everything offline), each wrong
 * field from the offline extractor, and records where each came from. */
static int item_finish(item *it, const kl_facets_llm_answer *a, unsigned bad, const char *why,
                       kl_facets_stream_stats *st)
{
    const kl_facets_backend *off = kl_facets_offline();
    kl_facet_row r;
    memset(&r, 0, sizeof r);
    strcpy(r.lang, "und");
    r.lang_name = "Undetermined";
    r.concern = 1;
    r.task = "other";
    r.turns = (int)it->turns.conv.n_user;
    if (!(bad & (1u << KL_FACET_LANGUAGE))) {
        memcpy(r.lang, a->lang, sizeof r.lang);
        r.lang_name = a->lang_name;
    } else if (off->language(off->ctx, &it->turns.conv, &r) != 0)
        return -1;
    if (!(bad & (1u << KL_FACET_REFUSED)))
        r.refused = it->turns.conv.n_assistant ? a->refused : KL_REFUSED_NONE;
    else if (off->refused(off->ctx, &it->turns.conv, &r) != 0)
        return -1;
    if (!(bad & (1u << KL_FACET_CONCERN)))
        r.concern = a->concern;
    else if (off->concern(off->ctx, &it->turns.conv, &r) != 0)
        return -1;
    if (!(bad & (1u << KL_FACET_TASK)))
        r.task = a->task;
    else if (off->task(off->ctx, &it->turns.conv, &r) != 0)
        return -1;
    if (!(bad & (1u << KL_FACET_SUMMARY)))
        r.summary = kl_strdup(a->summary);
    else if (off->summary(off->ctx, &it->turns.conv, &r) != 0) {
        free(r.summary);
        return -1;
    }
    /* The stage's own guarantee (scrubbed, clean, in range) over the filled row. */
    kl_facets_backend fixed = {.name = "", .model = "", .ctx = &r, .language = keep_all,
                               .refused = keep_field, .concern = keep_field, .task = keep_field,
                               .summary = keep_field};
    int rc = kl_facets_compute(&fixed, &it->turns.conv, &it->row);
    free(r.summary);
    if (rc != 0)
        return -1;
    for (int k = 0; k < KL_FACET_KINDS; k++) {
        if (bad & (1u << k)) {
            char buf[300];
            snprintf(buf, sizeof buf, "offline: %s", why && *why ? why : "no answer");
            it->src[k] = kl_strdup(buf);
            st->fallbacks[k]++;
        } else {
            it->src[k] = kl_strdup("model");
            it->any_model = true;
        }
    }
    if (it->any_model)
        st->model_rows++;
    if (!(bad & (1u << KL_FACET_SUMMARY)))
        st->model_summaries++;
    return 0;
}

typedef struct stream {
    sqlite3 *db;
    kl_llm *llm;
    const char *backend;
    const kl_facets_stream_opts *o;
    kl_facets_stream_stats *st;
    sqlite3_stmt *sel, *ins, *src, *clear, *cins;
    const kl_custom_facets *cf;  /* NULL or with n > 0 */
    char *schema;                /* the built-in schema with the custom facets' properties */
    item *ready, **ready_tail;   /* loaded, not started */
    size_t n_ready;
    item *done, **done_tail;     /* finished, not committed */
    size_t n_done;
    sqlite3_int64 last;
    bool exhausted;
    int warned;
} stream;

static int db_fail(sqlite3 *db, const char *what)
{
    const char *p = sqlite3_db_filename(db, "main");
    kl_error("%s: %s: %s", p && *p ? p : "(work database)", what, sqlite3_errmsg(db));
    return -1;
}

/* Loads the next chunk of conversations without facets into the ready list. */
static int load_more(stream *s)
{
    sqlite3_reset(s->sel);
    sqlite3_bind_int64(s->sel, 1, s->last);
    sqlite3_bind_int64(s->sel, 2, LOAD_CHUNK);
    int rc, rows = 0;
    while ((rc = sqlite3_step(s->sel)) == SQLITE_ROW) {
        rows++;
        s->last = sqlite3_column_int64(s->sel, 0);
        const char *id = (const char *)sqlite3_column_text(s->sel, 1);
        const char *raw = (const char *)sqlite3_column_text(s->sel, 2);
        if (!raw) {
            s->st->no_raw++;
            continue;
        }
        item *it = item_new(s->last, id, raw);
        if (!it) {
            s->st->failed++;
            if (s->warned++ < MAX_WARNINGS)
                kl_warn("conversation %s: stored text is not a JSON array of messages; skipped", id);
            continue;
        }
        *s->ready_tail = it;
        s->ready_tail = &it->next;
        s->n_ready++;
    }
    sqlite3_reset(s->sel);                 /* release the read before writing */
    if (rc != SQLITE_DONE)
        return db_fail(s->db, "reading conversations");
    if (rows < LOAD_CHUNK)
        s->exhausted = true;
    return 0;
}

static void start(stream *s, item *it, const char *reask)
{
    char *prompt = kl_facets_llm_prompt_custom(&it->turns.conv, s->cf, reask, it->asks + 1);
    kl_llm_ask a = {kl_prompt(KL_PROMPT_FACETS_SYSTEM), prompt, TEMPERATURE,
                    MAX_TOKENS + (s->cf ? 60 * (int)s->cf->n : 0), "conversation_facets",
                    s->schema ? s->schema : kl_facets_llm_schema, it, s->o->model};
    kl_llm_start(s->llm, &a);
    free(prompt);
}

static int commit(stream *s)
{
    if (!s->n_done)
        return 0;
    if (kl_db_exec(s->db, "BEGIN IMMEDIATE") != 0)
        return -1;
    sqlite3_int64 now = (sqlite3_int64)time(NULL);
    const char *model = s->o->model ? s->o->model : kl_llm_model(s->llm);
    for (item *it = s->done; it; it = it->next) {
        const kl_facet_row *r = &it->row;
        sqlite3_reset(s->ins);
        sqlite3_bind_int64(s->ins, 1, it->rowid);
        sqlite3_bind_text(s->ins, 2, r->lang, -1, SQLITE_STATIC);
        sqlite3_bind_text(s->ins, 3, r->lang_name, -1, SQLITE_STATIC);
        sqlite3_bind_int(s->ins, 4, (int)r->refused);
        sqlite3_bind_int(s->ins, 5, r->concern);
        sqlite3_bind_int(s->ins, 6, r->turns);
        sqlite3_bind_text(s->ins, 7, r->task, -1, SQLITE_STATIC);
        sqlite3_bind_text(s->ins, 8, r->summary, -1, SQLITE_STATIC);
        /* Honest provenance: a row the model gave nothing to is the offline extractor's. */
        sqlite3_bind_text(s->ins, 9, it->any_model ? s->backend : "offline", -1, SQLITE_STATIC);
        sqlite3_bind_text(s->ins, 10, it->any_model ? model : "", -1, SQLITE_STATIC);
        sqlite3_bind_int64(s->ins, 11, now);
        if (sqlite3_step(s->ins) != SQLITE_DONE)
            goto fail;
        sqlite3_reset(s->src);
        sqlite3_bind_int64(s->src, 1, it->rowid);
        for (int k = 0; k < KL_FACET_KINDS; k++)
            sqlite3_bind_text(s->src, 2 + k, it->src[k], -1, SQLITE_STATIC);
        if (sqlite3_step(s->src) != SQLITE_DONE)
            goto fail;
        for (size_t k = 0; s->cf && k < s->cf->n; k++) {
            const kl_custom_answer *ca = &it->custom[k];
            sqlite3_reset(s->cins);
            sqlite3_bind_int64(s->cins, 1, it->rowid);
            sqlite3_bind_text(s->cins, 2, s->cf->f[k].name, -1, SQLITE_STATIC);
            if (ca->answered && ca->text)
                sqlite3_bind_text(s->cins, 3, ca->text, -1, SQLITE_STATIC);
            else
                sqlite3_bind_null(s->cins, 3);
            if (ca->answered && !ca->text)
                sqlite3_bind_double(s->cins, 4, ca->number);
            else
                sqlite3_bind_null(s->cins, 4);
            sqlite3_bind_text(s->cins, 5, it->csrc[k], -1, SQLITE_STATIC);
            if (sqlite3_step(s->cins) != SQLITE_DONE)
                goto fail;
        }
        if (!s->o->keep_raw) {
            sqlite3_reset(s->clear);
            sqlite3_bind_int64(s->clear, 1, it->rowid);
            if (sqlite3_step(s->clear) != SQLITE_DONE)
                goto fail;
        }
        s->st->done++;
    }
    if (kl_db_exec(s->db, "COMMIT") != 0)
        return -1;
    while (s->done) {
        item *n = s->done->next;
        item_free(s->done);
        s->done = n;
    }
    s->done_tail = &s->done;
    s->n_done = 0;
    return 0;
fail:
    db_fail(s->db, "writing facets");
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

/* One finished call: checked, maybe asked again, else finished into the done list. */
static void handle(stream *s, kl_llm_done *d)
{
    item *it = d->tag;
    if (d->rc != KL_LLM_OK) {
        /* No answer: the conversation is left without facets for a later run. */
        s->st->failed++;
        item_free(it);
        return;
    }
    kl_facets_llm_answer a;
    kl_buf errs = KL_BUF_INIT, cerrs = KL_BUF_INIT;
    unsigned bad = kl_facets_llm_check(d->text, &a, &errs);
    kl_custom_answer ca[KL_CUSTOM_MAX_FACETS];
    size_t nc = s->cf ? s->cf->n : 0;
    unsigned cbad = nc ? kl_custom_check(s->cf, d->text, ca, &cerrs) : 0;
    free(d->text);
    d->text = NULL;
    if ((bad || cbad) && it->asks < REASKS) {
        it->asks++;
        s->st->reasks++;
        if (cerrs.len)
            kl_buf_printf(&errs, "%s%s", errs.len ? "; " : "", kl_buf_cstr(&cerrs));
        start(s, it, kl_buf_cstr(&errs));
        free(a.summary);
        kl_custom_answers_free(ca, nc);
        kl_buf_free(&errs);
        kl_buf_free(&cerrs);
        return;
    }
    item_custom(it, s->cf, ca, cbad, s->st);
    kl_custom_answers_free(ca, nc);
    kl_buf_free(&cerrs);
    if (item_finish(it, &a, bad, kl_buf_cstr(&errs), s->st) != 0) {
        s->st->failed++;
        item_free(it);
    } else {
        it->next = NULL;
        *s->done_tail = it;
        s->done_tail = &it->next;
        s->n_done++;
    }
    free(a.summary);
    kl_buf_free(&errs);
}

static void progress_line(stream *s, double t0)
{
    kl_llm_stats ls;
    kl_llm_stats_get(s->llm, &ls);
    char cost[64] = "cost unknown (give --price IN,OUT)";
    if (s->o->price_in >= 0 && s->o->price_out >= 0)
        snprintf(cost, sizeof cost, "estimated cost $%.4f",
                 ((double)ls.tokens_in * s->o->price_in + (double)ls.tokens_out * s->o->price_out) / 1e6);
    double dt = kl_now() - t0;
    kl_info("facets: %llu done in %.0fs: %llu calls (%.1f/s), %llu retries, %llu cache hits, %llu "
            "failures, %llu tokens in, %llu out, %s", (unsigned long long)s->st->done, dt,
            (unsigned long long)ls.calls, dt > 0 ? (double)ls.calls / dt : 0.0,
            (unsigned long long)ls.retries, (unsigned long long)ls.cache_hits,
            (unsigned long long)ls.failures, (unsigned long long)ls.tokens_in,
            (unsigned long long)ls.tokens_out, cost);
}

int kl_facets_llm_stream(sqlite3 *db, kl_llm *llm, const char *backend,
                         const kl_facets_stream_opts *o, kl_facets_stream_stats *st)
{
    memset(st, 0, sizeof *st);
    if (!kl_facets_offline())
        return -1;
    stream s = {.db = db, .llm = llm, .backend = backend, .o = o, .st = st};
    if (o->custom && o->custom->n) {
        s.cf = o->custom;
        s.schema = kl_custom_schema(s.cf, kl_facets_llm_schema);
        if (!s.schema)
            return -1;
    }
    s.ready_tail = &s.ready;
    s.done_tail = &s.done;
    size_t bound = o->in_flight ? o->in_flight : 16;
    size_t commit_rows = o->commit_rows ? o->commit_rows : 64;
    double every = o->progress_s > 0 ? o->progress_s : 10;
    sqlite3_stmt *cnt = NULL;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM facets", -1, &cnt, NULL) == SQLITE_OK &&
        sqlite3_step(cnt) == SQLITE_ROW)
        st->already = (uint64_t)sqlite3_column_int64(cnt, 0);
    sqlite3_finalize(cnt);
    if (kl_db_exec(db, sources_sql) != 0 ||
        sqlite3_prepare_v2(db, o->screen ? "SELECT c.rowid, c.id, c.raw FROM conversations c WHERE"
                                           " c.rowid > ?1 AND NOT EXISTS (SELECT 1 FROM facets f"
                                           " WHERE f.conv = c.rowid)" KL_FACETS_SCREEN_SQL
                                           " ORDER BY c.rowid LIMIT ?2"
                                         : "SELECT c.rowid, c.id, c.raw FROM conversations c WHERE"
                                           " c.rowid > ?1 AND NOT EXISTS (SELECT 1 FROM facets f"
                                           " WHERE f.conv = c.rowid) ORDER BY c.rowid LIMIT ?2",
                           -1, &s.sel, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO facets(conv, lang, lang_name, refused, concern, turns, task, "
                           "summary, backend, model, created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
                           -1, &s.ins, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO facet_sources(conv, lang, refused, concern, "
                               "task, summary) VALUES(?,?,?,?,?,?)", -1, &s.src, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "UPDATE conversations SET raw = NULL WHERE rowid = ?", -1, &s.clear,
                           NULL) != SQLITE_OK ||
        kl_db_exec(db, kl_custom_schema_sql) != 0 ||
        sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO custom_facet_values(conv, facet, value, number,"
                               " source) VALUES(?,?,?,?,?)", -1, &s.cins, NULL) != SQLITE_OK) {
        db_fail(db, "preparing the facets stage");
        sqlite3_finalize(s.sel);
        sqlite3_finalize(s.ins);
        sqlite3_finalize(s.src);
        sqlite3_finalize(s.clear);
        sqlite3_finalize(s.cins);
        free(s.schema);
        return -1;
    }
    if (o->screen)
        sqlite3_bind_text(s.sel, 3, o->screen, -1, SQLITE_STATIC);
    double t0 = kl_now(), last_commit = t0, last_progress = t0;
    int rc = 0;
    for (;;) {
        bool fatal = kl_llm_fatal_error(llm)[0] != 0;
        /* Keep the queue full: start conversations while fewer than bound are in flight. */
        while (!fatal && rc == 0 && kl_llm_pending(llm) < bound) {
            if (!s.ready && !s.exhausted)
                rc = load_more(&s);
            if (!s.ready)
                break;
            item *it = s.ready;
            s.ready = it->next;
            if (!s.ready)
                s.ready_tail = &s.ready;
            s.n_ready--;
            it->next = NULL;
            start(&s, it, NULL);
        }
        if (kl_llm_pending(llm) == 0)
            break;
        kl_llm_done d;
        if (kl_llm_next(llm, 0.5, &d))
            handle(&s, &d);
        double now = kl_now();
        if (rc == 0 && (s.n_done >= commit_rows || (s.n_done && now - last_commit >= 2))) {
            rc = commit(&s);
            last_commit = now;
        }
        if (now - last_progress >= every) {
            progress_line(&s, t0);
            last_progress = now;
        }
        if (rc != 0 && kl_llm_pending(llm) == 0)
            break;
    }
    if (rc == 0)
        rc = commit(&s);
    while (s.ready) {
        item *n = s.ready->next;
        item_free(s.ready);
        s.ready = n;
    }
    while (s.done) {
        item *n = s.done->next;
        item_free(s.done);
        s.done = n;
    }
    if (rc == 0 && !o->keep_raw &&
        kl_db_exec(db, "UPDATE conversations SET raw = NULL WHERE raw IS NOT NULL AND "
                       "rowid IN (SELECT conv FROM facets)") != 0)
        rc = -1;
    progress_line(&s, t0);
    sqlite3_finalize(s.sel);
    sqlite3_finalize(s.ins);
    sqlite3_finalize(s.src);
    sqlite3_finalize(s.clear);
    sqlite3_finalize(s.cins);
    free(s.schema);
    return rc != 0 || kl_llm_fatal_error(llm)[0] ? -1 : 0;
}
