/* screen.c — the screener stage of `kleio run` (screen.h): a verdict for every
 * conversation that has none for this screen, then the counts in and out, which must pass
 * the privacy thresholds on both sides before anything is published. */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/buf.h"
#include "kleio/facets_llm.h"
#include "kleio/llm.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/rng.h"
#include "kleio/screen.h"
#include "kleio/workdb.h"
#include "run_internal.h"

/* Verdicts in run_screen.pass. */
enum { SCREEN_OUT = 0, SCREEN_IN = 1, SCREEN_UNCLEAR = 2 };

typedef struct screen {
    run_ctx *c;
    regex_t re;
    bool have_re;
    sqlite3_stmt *sel, *ins;
    int64_t last;                  /* the rowid read last */
    size_t in_chunk;               /* rows read since the statement started */
    bool exhausted;
    uint64_t no_raw, unreadable, judged, failed, unclear, over_budget;
    char first_bad[128];           /* the id of the first unreadable conversation */
    /* Verdicts not yet written: written in short transactions, never one held while the
     * model is asked (the call cache writes to the same database). */
    int64_t *conv;
    uint8_t *pass;
    size_t n, cap;
} screen;

/* The screen's key: what the verdicts depend on (the question's model and instructions). */
static void screen_key(const kl_run_params *p, char out[17], kl_buf *desc)
{
    uint64_t h;
    if (p->screen_regex) {
        h = kl_hash_str(p->screen_regex, 0x7265676578ULL);
        kl_buf_printf(desc, "regex: %s", p->screen_regex);
    } else {
        const char *model = p->facets_model ? p->facets_model : run_llm_chat_model(p);
        h = kl_hash_str(p->screen_question, 0x7175657374ULL);
        h = kl_hash_str(model, h ^ kl_hash_str(p->backend, 0x6265));
        h = kl_hash_str(kl_prompt(KL_PROMPT_SCREEN_SYSTEM), h);
        kl_buf_printf(desc, "question: %s", p->screen_question);
    }
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static bool turn_matches(const char *turn, void *arg)
{
    return regexec((const regex_t *)arg, turn, 0, NULL, 0) == 0;
}

static int flush(screen *s)
{
    if (s->n == 0)
        return 0;
    if (run_begin(s->c->db) != 0)
        return -1;
    for (size_t i = 0; i < s->n; i++) {
        sqlite3_bind_text(s->ins, 1, s->c->screen_key, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s->ins, 2, s->conv[i]);
        sqlite3_bind_int(s->ins, 3, s->pass[i]);
        int rc = sqlite3_step(s->ins);
        sqlite3_reset(s->ins);
        if (rc != SQLITE_DONE) {
            kl_error("screen: %s: %s", s->c->p->work, sqlite3_errmsg(s->c->db));
            run_rollback(s->c->db);
            return -1;
        }
    }
    s->n = 0;
    return run_commit(s->c->db);
}

static int put_verdict(screen *s, int64_t conv, int pass)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 1024;
        s->conv = kl_reallocarray(s->conv, s->cap, sizeof *s->conv);
        s->pass = kl_reallocarray(s->pass, s->cap, sizeof *s->pass);
    }
    s->conv[s->n] = conv;
    s->pass[s->n++] = (uint8_t)pass;
    s->judged++;
    return s->n >= 4096 ? flush(s) : 0;
}

/* The next conversation without a verdict that has its text: 1 with its rowid and a
 * borrowed raw (valid until the next call), 0 at the end, -1 on a read error. */
static int next_row(screen *s, int64_t *conv, const char **raw)
{
    for (;;) {
        if (s->exhausted)
            return 0;
        int rc = sqlite3_step(s->sel);
        if (rc == SQLITE_DONE) {
            /* A chunk ends: the next one starts after the last rowid read, until one is empty. */
            sqlite3_reset(s->sel);
            if (s->in_chunk == 0) {
                s->exhausted = true;
                return 0;
            }
            s->in_chunk = 0;
            sqlite3_bind_int64(s->sel, 2, s->last);
            continue;
        }
        if (rc != SQLITE_ROW) {
            kl_error("screen: %s: %s", s->c->p->work, sqlite3_errmsg(s->c->db));
            return -1;
        }
        s->last = sqlite3_column_int64(s->sel, 0);
        s->in_chunk++;
        if (sqlite3_column_type(s->sel, 2) == SQLITE_NULL) {
            s->no_raw++;
            continue;
        }
        *conv = s->last;
        *raw = (const char *)sqlite3_column_text(s->sel, 2);
        return 1;
    }
}

static void note_unreadable(screen *s)
{
    if (!s->unreadable++)
        snprintf(s->first_bad, sizeof s->first_bad, "%s",
                 (const char *)sqlite3_column_text(s->sel, 1));
}

static int screen_regex(screen *s)
{
    int64_t conv;
    const char *raw;
    int rc;
    while ((rc = next_row(s, &conv, &raw)) == 1) {
        int m = kl_screen_user_turns(raw, turn_matches, &s->re);
        if (m < 0) {
            note_unreadable(s);
            continue;
        }
        if (put_verdict(s, conv, m ? SCREEN_IN : SCREEN_OUT) != 0)
            return -1;
    }
    return rc;
}

/* One finished question: its verdict, or counted as failed (asked again by a rerun). */
static int screen_answer(screen *s, kl_llm_done *d)
{
    int64_t conv = (int64_t)(intptr_t)d->tag;
    if (d->rc != KL_LLM_OK) {
        s->failed++;
        s->over_budget += d->rc == KL_LLM_BUDGET;
        return 0;
    }
    int v = kl_screen_parse(d->text);
    free(d->text);
    if (v < 0)
        s->unclear++;
    return put_verdict(s, conv, v < 0 ? SCREEN_UNCLEAR : v ? SCREEN_IN : SCREEN_OUT);
}

static int screen_question(screen *s, kl_progress *pr)
{
    kl_llm *llm = s->c->llm;
    int conc = s->c->p->concurrency > 0 ? s->c->p->concurrency : 8;
    size_t bound = (size_t)conc * 4;
    int rc = 0;
    double last_commit = kl_now();
    for (;;) {
        bool fatal = kl_llm_fatal_error(llm)[0] != 0;
        while (!fatal && rc == 0 && kl_llm_pending(llm) < bound) {
            int64_t conv;
            const char *raw;
            int r = next_row(s, &conv, &raw);
            if (r < 0)
                rc = -1;
            if (r != 1)
                break;
            char *user = kl_screen_prompt(raw, s->c->p->screen_question);
            if (!user) {
                note_unreadable(s);
                continue;
            }
            kl_llm_ask a = {.system = kl_prompt(KL_PROMPT_SCREEN_SYSTEM), .user = user,
                            .temperature = 0, .max_tokens = 16, .schema_name = "screen",
                            .schema = kl_screen_schema, .tag = (void *)(intptr_t)conv,
                            .model = s->c->p->facets_model};
            kl_llm_start(llm, &a);   /* the request is built here: user can go */
            free(user);
        }
        if (kl_llm_pending(llm) == 0)
            break;
        kl_llm_done d;
        if (kl_llm_next(llm, 0.5, &d)) {
            if (rc == 0)
                rc = screen_answer(s, &d);
            else
                free(d.text);
        }
        kl_progress_update(pr, s->judged);
        if (rc == 0 && kl_now() - last_commit >= 2) {
            /* Answers are kept as they come: an interrupted run asks only the rest. */
            rc = flush(s);
            last_commit = kl_now();
        }
    }
    return rc;
}

/* Conversations and users in and out of the screen. -1 on a read error. */
static int screen_counts(run_ctx *c, int64_t conv[2], int64_t users[2])
{
    sqlite3_stmt *st;
    conv[0] = conv[1] = users[0] = users[1] = 0;
    if (sqlite3_prepare_v2(c->db, "SELECT s.pass = 1, count(*), count(DISTINCT c.user_id)"
                                  " FROM run_screen s JOIN conversations c ON c.rowid = s.conv"
                                  " WHERE s.screen = ?1 GROUP BY 1", -1, &st, NULL) != SQLITE_OK) {
        kl_error("screen: %s: %s", c->p->work, sqlite3_errmsg(c->db));
        return -1;
    }
    sqlite3_bind_text(st, 1, c->screen_key, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int in = sqlite3_column_int(st, 0) ? 1 : 0;
        conv[in] = sqlite3_column_int64(st, 1);
        users[in] = sqlite3_column_int64(st, 2);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        kl_error("screen: %s: %s", c->p->work, sqlite3_errmsg(c->db));
        return -1;
    }
    return 0;
}

/* Both sides of the screen pass the thresholds (the side left out may be empty): a screen
 * is a string the analyst chooses, and one that keeps, or leaves out, a handful of people
 * would tell who they are by the published counts, or by their difference from a run
 * without the screen. */
static int screen_check(run_ctx *c, const int64_t conv[2], const int64_t users[2])
{
    const kl_run_params *p = c->p;
    static const char *const side[2] = {"leaves out", "keeps"};
    for (int in = 1; in >= 0; in--) {
        if (in == 0 && conv[0] == 0)
            continue;
        if (conv[in] < p->min_conversations || users[in] < p->min_users) {
            kl_error("screen: the screen %s %lld conversations of %lld users, fewer than the"
                     " thresholds (--min-conversations %lld, --min-users %lld): a screen this"
                     " narrow could single people out, so nothing is published",
                     side[in], (long long)conv[in], (long long)users[in],
                     (long long)p->min_conversations, (long long)p->min_users);
            return -1;
        }
    }
    return 0;
}

int run_screen(run_ctx *c)
{
    const kl_run_params *p = c->p;
    if (!p->screen_regex && !p->screen_question)
        return 0;
    kl_buf desc = KL_BUF_INIT;
    screen_key(p, c->screen_key, &desc);
    c->screen_desc = kl_buf_steal(&desc);
    c->screen_hash = kl_hash_str(c->screen_key, 0x736372);
    screen s = {.c = c};
    if (p->screen_regex) {
        int e = regcomp(&s.re, p->screen_regex, REG_EXTENDED | REG_ICASE | REG_NOSUB);
        if (e != 0) {
            char msg[256];
            regerror(e, &s.re, msg, sizeof msg);
            kl_error("run: --screen-regex '%s': %s", p->screen_regex, msg);
            return -2;
        }
        s.have_re = true;
    }
    if (p->screen_question && !c->llm) {
        kl_error("run: --screen-question needs a model to answer it (--backend openai or"
                 " anthropic); --screen-regex screens offline");
        return -2;
    }
    int rc = -1;
    kl_progress pr;
    double t0 = kl_now();
    kl_llm_stats since;
    if (c->llm)
        kl_llm_stats_get(c->llm, &since);
    if (sqlite3_prepare_v2(c->db, "SELECT c.rowid, c.id, c.raw FROM conversations c WHERE c.rowid > ?2"
                                  " AND NOT EXISTS (SELECT 1 FROM run_screen s WHERE s.screen = ?1"
                                  " AND s.conv = c.rowid) ORDER BY c.rowid LIMIT 512",
                           -1, &s.sel, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO run_screen(screen, conv, pass)"
                                  " VALUES(?1, ?2, ?3)", -1, &s.ins, NULL) != SQLITE_OK) {
        kl_error("screen: %s: %s", p->work, sqlite3_errmsg(c->db));
        goto out;
    }
    sqlite3_bind_text(s.sel, 1, c->screen_key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s.sel, 2, 0);
    kl_progress_start(&pr, "screen", 0);
    int r = s.have_re ? screen_regex(&s) : screen_question(&s, &pr);
    if (flush(&s) != 0 || r != 0)
        goto out;
    char usage[256] = "";
    if (c->llm && p->screen_question)
        run_llm_usage(c, &since, usage, sizeof usage);
    kl_progress_end(&pr, "%s: %llu conversations judged%s%s%s", c->screen_desc,
                    (unsigned long long)s.judged, s.unclear ? ", some unclear" : "",
                    *usage ? "; " : "", usage);
    if (s.unclear)
        kl_warn("screen: %llu answers were neither yes nor no: those conversations are left out",
                (unsigned long long)s.unclear);
    if (c->llm && p->screen_question && (kl_llm_fatal_error(c->llm)[0] || s.failed)) {
        if (kl_llm_fatal_error(c->llm)[0] || s.over_budget)
            run_llm_fail(c, "screen", s.over_budget ? KL_LLM_BUDGET : KL_LLM_FATAL, NULL);
        else
            kl_error("screen: %llu conversations got no answer; a rerun asks again for them only",
                     (unsigned long long)s.failed);
        goto out;
    }
    if (s.unreadable) {
        kl_error("screen: %llu conversations cannot be read (the first: %s)",
                 (unsigned long long)s.unreadable, s.first_bad);
        goto out;
    }
    if (s.no_raw) {
        /* Their text went after their facets: a new screen cannot see them. */
        kl_error("screen: %llu conversations have no text left to screen: it is dropped once"
                 " their facets exist, so a new screen needs a work database ingested again, or"
                 " runs made with --keep-raw",
                 (unsigned long long)s.no_raw);
        rc = -2;
        goto out;
    }
    int64_t conv[2], users[2];
    if (screen_counts(c, conv, users) != 0)
        goto out;
    c->screen_in = conv[1];
    c->screen_out = conv[0];
    kl_info("screen: %lld conversations in, %lld out (%.1fs)", (long long)conv[1],
            (long long)conv[0], kl_now() - t0);
    rc = screen_check(c, conv, users) == 0 ? 0 : -2;
out:
    sqlite3_finalize(s.sel);
    sqlite3_finalize(s.ins);
    free(s.conv);
    free(s.pass);
    if (s.have_re)
        regfree(&s.re);
    return rc;
}
