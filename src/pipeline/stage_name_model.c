/* stage_name_model.c — the name stage with a model backend: every cluster gets a
 * model-written name and description (name_model.h), level by level from the leaves up,
 * with --concurrency calls in flight. A leaf is asked about a sample of its members'
 * summaries, chosen by a seeded hash of the conversation, against samples of its nearest
 * leaves; a parent about its children's names. An unreadable answer is asked once more;
 * after that the cluster keeps its offline name (counted). Each level's names are then
 * rated by the model's privacy auditor (a name below 3 goes back to its offline name, or
 * is withheld), before the parents are named from them; the privacy stage then audits
 * every name as it audits the offline ones. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/buf.h"
#include "kleio/facets_llm.h"
#include "kleio/linalg.h"
#include "kleio/llm.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/name_model.h"
#include "kleio/workdb.h"
#include "kleio/naming.h"
#include "kleio/rng.h"
#include "run_internal.h"

#define SAMPLE_INSIDE 50      /* member summaries shown for a leaf (Clio: up to 50) */
#define SAMPLE_OUTSIDE 50     /* nearest outside summaries shown for contrast (Clio: 50) */
#define NEIGHBOURS 5          /* nearest leaves the contrast comes from */
#define MAX_CHILDREN 40       /* children shown for a parent, biggest first */
#define NAME_TEMPERATURE 0.2
#define NAME_MAX_TOKENS 256

struct job {
    char *prompt;
    char *name, *description;  /* the model's, NULL when none was usable */
};

struct pool {
    run_ctx *c;
    struct job *jobs;
    size_t n, next, done;
    size_t unreadable, failed;
    int stop_rc;               /* KL_LLM_FATAL or KL_LLM_BUDGET once the run must stop */
    char err[512];
    kl_progress *pr;
    uint64_t pr_base;
    pthread_mutex_t mu;
};

/* One question, asked again once when the answer cannot be read. */
static void ask(struct pool *pl, struct job *j)
{
    char err[512] = "";
    for (int attempt = 0; attempt < 2; attempt++) {
        char *q = j->prompt;
        if (attempt) {
            size_t a = strlen(j->prompt), b = strlen(kl_name_model_retry);
            q = kl_malloc(a + b + 1);
            memcpy(q, j->prompt, a);
            memcpy(q + a, kl_name_model_retry, b + 1);
        }
        char *answer = NULL;
        int rc = kl_llm_chat_model(pl->c->llm, pl->c->p->name_model, kl_prompt(KL_PROMPT_NAME_SYSTEM), q, NAME_TEMPERATURE, NAME_MAX_TOKENS,
                             &answer, err, sizeof err);
        if (attempt)
            free(q);
        if (rc == KL_LLM_OK && kl_name_model_parse(answer, &j->name, &j->description) == 0) {
            free(answer);
            return;
        }
        free(answer);
        if (rc != KL_LLM_OK) {
            pthread_mutex_lock(&pl->mu);
            if (rc == KL_LLM_FATAL || rc == KL_LLM_BUDGET) {
                if (!pl->stop_rc) {
                    pl->stop_rc = rc;
                    snprintf(pl->err, sizeof pl->err, "%s", err);
                }
            } else {
                pl->failed++;
            }
            pthread_mutex_unlock(&pl->mu);
            return;
        }
    }
    pthread_mutex_lock(&pl->mu);
    pl->unreadable++;
    pthread_mutex_unlock(&pl->mu);
}

static void *worker(void *arg)
{
    struct pool *pl = arg;
    for (;;) {
        pthread_mutex_lock(&pl->mu);
        size_t i = pl->next < pl->n && !pl->stop_rc ? pl->next++ : SIZE_MAX;
        pthread_mutex_unlock(&pl->mu);
        if (i == SIZE_MAX)
            return NULL;
        ask(pl, &pl->jobs[i]);
        pthread_mutex_lock(&pl->mu);
        kl_progress_update(pl->pr, pl->pr_base + ++pl->done);
        pthread_mutex_unlock(&pl->mu);
    }
}

/* Asks every job's question, concurrency at a time. */
static void ask_all(struct pool *pl)
{
    int nt = pl->c->p->concurrency > 0 ? pl->c->p->concurrency : 8;
    if ((size_t)nt > pl->n)
        nt = (int)pl->n;
    pthread_t *th = kl_calloc((size_t)nt + 1, sizeof *th);
    int started = 0;
    for (int i = 0; i < nt; i++)
        if (pthread_create(&th[i], NULL, worker, pl) == 0)
            started++;
        else
            break;
    if (started == 0)
        worker(pl);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    free(th);
}

struct ranked { uint64_t key; size_t row; };

static int cmp_ranked(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

/* Members of every leaf in seeded hash order: rows first[j] .. first[j+1] of order. */
static struct ranked *leaf_members(const run_ctx *c, size_t k, size_t **first_out)
{
    struct ranked *order = kl_malloc((c->n + 1) * sizeof *order);
    size_t *first = kl_calloc(k + 2, sizeof *first);
    for (size_t i = 0; i < c->n; i++)
        if (c->leaf[i] < k)
            first[c->leaf[i] + 1]++;
    for (size_t j = 0; j < k; j++)
        first[j + 1] += first[j];
    size_t *fill = kl_malloc((k + 1) * sizeof *fill);
    memcpy(fill, first, (k + 1) * sizeof *fill);
    for (size_t i = 0; i < c->n; i++)
        if (c->leaf[i] < k)
            order[fill[c->leaf[i]]++] = (struct ranked){
                kl_mix64((uint64_t)c->conv[i] ^ kl_mix64(c->p->seed + 0x6e616d65ULL)), i};
    free(fill);
    for (size_t j = 0; j < k; j++)
        qsort(order + first[j], first[j + 1] - first[j], sizeof *order, cmp_ranked);
    *first_out = first;
    return order;
}

/* Up to max distinct summaries of leaf j, in sample order, appended to out. */
static size_t sample(const run_ctx *c, const struct ranked *order, const size_t *first, size_t j,
                     size_t max, const char **out, size_t have)
{
    size_t got = 0;
    for (size_t r = first[j]; r < first[j + 1] && got < max; r++) {
        const char *s = c->summary[order[r].row];
        if (!s || !*s)
            continue;
        bool dup = false;
        for (size_t q = 0; q < have + got && !dup; q++)
            dup = strcmp(out[q], s) == 0;
        if (!dup)
            out[have + got++] = s;
    }
    return got;
}

/* The NEIGHBOURS leaves nearest to leaf j by centroid (the next ones by index when the
 * tree holds no centroids). */
static size_t nearest(const run_tree *t, size_t j, size_t *out)
{
    size_t k = t->count[0], m = 0;
    double best[NEIGHBOURS];
    for (size_t o = 0; o < k; o++) {
        if (o == j)
            continue;
        double d = 0;
        if (t->d && t->centroid[0])
            for (size_t x = 0; x < t->d; x++) {
                double diff = (double)t->centroid[0][j * t->d + x] - t->centroid[0][o * t->d + x];
                d += diff * diff;
            }
        else
            d = (double)((o + k - j) % k);
        kl_nearest_offer(best, out, NEIGHBOURS, &m, d, o);
    }
    return m;
}

static void leaf_prompts(const run_ctx *c, const run_tree *t, struct job *jobs)
{
    size_t k = t->count[0], *first;
    struct ranked *order = leaf_members(c, k, &first);
    const char *in[SAMPLE_INSIDE], *out[SAMPLE_OUTSIDE];
    size_t per = (SAMPLE_OUTSIDE + NEIGHBOURS - 1) / NEIGHBOURS;
    for (size_t j = 0; j < k; j++) {
        size_t n_in = sample(c, order, first, j, SAMPLE_INSIDE, in, 0);
        size_t nb[NEIGHBOURS], m = nearest(t, j, nb), n_out = 0;
        for (size_t q = 0; q < m && n_out < SAMPLE_OUTSIDE; q++)
            n_out += sample(c, order, first, nb[q],
                            per < SAMPLE_OUTSIDE - n_out ? per : SAMPLE_OUTSIDE - n_out, out, n_out);
        jobs[j].prompt = kl_name_model_leaf_prompt(in, n_in, out, n_out);
    }
    free(order);
    free(first);
}

struct child { double size; size_t idx; };

static int cmp_child(const void *a, const void *b)
{
    const struct child *x = a, *y = b;
    if (x->size != y->size)
        return x->size > y->size ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static void parent_prompts(const run_tree *t, int l, const kl_cluster_name *below,
                           struct job *jobs)
{
    size_t nc = t->count[l - 1];
    struct child *ch = kl_malloc((nc + 1) * sizeof *ch);
    const char **nm = kl_malloc((MAX_CHILDREN + 1) * sizeof *nm);
    const char **ds = kl_malloc((MAX_CHILDREN + 1) * sizeof *ds);
    for (size_t i = 0; i < t->count[l]; i++) {
        size_t m = 0;
        for (size_t q = 0; q < nc; q++)
            if (t->parent[l - 1][q] == i)
                ch[m++] = (struct child){t->size[l - 1][q], q};
        qsort(ch, m, sizeof *ch, cmp_child);
        size_t shown = 0;
        for (size_t q = 0; q < m && shown < MAX_CHILDREN; q++)
            if (below[ch[q].idx].name[0]) {
                nm[shown] = below[ch[q].idx].name;
                ds[shown++] = below[ch[q].idx].description;
            }
        jobs[i].prompt = shown ? kl_name_model_parent_prompt(nm, ds, shown) : NULL;
    }
    free(ch);
    free(nm);
    free(ds);
}

struct audit {
    size_t rated, renamed, withheld, unreadable;
};

/* The model's privacy audit of one level's names (kl_name_audit_*), all in flight at once
 * through the streaming calls. A name rated below 3, or whose audit cannot be read after
 * two more asks, is replaced by the offline one (offline[i], when the model wrote it); an
 * offline name rated below 3 is withheld (""). Returns 0, or the KL_LLM_FATAL / KL_LLM_BUDGET that stops the run. */
static int audit_level(run_ctx *c, kl_cluster_name *names, size_t n, kl_cluster_name *offline,
                       struct audit *au, char *err, size_t errlen)
{
    int conc = c->p->concurrency > 0 ? c->p->concurrency : 8;
    size_t next = 0;
    int *asks = kl_calloc(n + 1, sizeof *asks);
    int rc = 0;
    for (;;) {
        while (!rc && next < n && kl_llm_pending(c->llm) < (size_t)conc * 4) {
            size_t i = next++;
            if (!names[i].name[0])
                continue;
            char *q = kl_name_audit_prompt(names[i].name, names[i].description);
            kl_llm_ask a = {kl_prompt(KL_PROMPT_AUDIT_SYSTEM), q, 0.0, 300, "name_audit", kl_name_audit_schema,
                            (void *)(uintptr_t)i, c->p->audit_model};
            kl_llm_start(c->llm, &a);
            free(q);
        }
        if (kl_llm_pending(c->llm) == 0)
            break;
        kl_llm_done d;
        if (!kl_llm_next(c->llm, 0.5, &d))
            continue;
        size_t i = (size_t)(uintptr_t)d.tag;
        if ((d.rc == KL_LLM_FATAL || d.rc == KL_LLM_BUDGET) && !rc) {
            rc = d.rc;
            snprintf(err, errlen, "%s", d.err);
        }
        /* No audit (a failed call) counts as a failed audit: the name is not published. */
        int rating = d.rc == KL_LLM_OK ? kl_name_audit_parse(d.text) : 0;
        free(d.text);
        if (!rating && d.rc == KL_LLM_OK && asks[i] < 2) {
            /* A new question (the attempt is in it), so the cache does not answer it. */
            asks[i]++;
            kl_buf q = KL_BUF_INIT;
            char *p = kl_name_audit_prompt(names[i].name, names[i].description);
            kl_buf_printf(&q, "%s\n\nYour previous answer could not be read (attempt %d): answer "
                          "with the JSON object only.", p, asks[i] + 1);
            free(p);
            kl_llm_ask a = {kl_prompt(KL_PROMPT_AUDIT_SYSTEM), kl_buf_cstr(&q), 0.0, 300, "name_audit",
                            kl_name_audit_schema, (void *)(uintptr_t)i, c->p->audit_model};
            kl_llm_start(c->llm, &a);
            kl_buf_free(&q);
            continue;
        }
        if (!rating)
            au->unreadable++;
        else
            au->rated++;
        /* An offline name whose audit could not be read stays: the auditor only ever
         * makes the result more cautious than the offline path. */
        if (rating >= 3 || (!rating && !offline[i].name))
            continue;
        if (offline[i].name) {
            free(names[i].name);
            free(names[i].description);
            names[i].name = offline[i].name;
            names[i].description = offline[i].description;
            offline[i].name = offline[i].description = NULL;
            au->renamed++;
        } else {
            names[i].name[0] = '\0';
            names[i].description[0] = '\0';
            au->withheld++;
        }
    }
    free(asks);
    return rc;
}

/* Asks jobs[0..n) (those with a prompt), concurrency at a time, with a progress line. */
static int ask_jobs(run_ctx *c, const char *what, struct job *jobs, size_t n, char *err,
                    size_t errlen)
{
    kl_progress pr;
    kl_progress_start(&pr, what, n);
    struct job *ask = kl_calloc(n + 1, sizeof *ask);
    size_t *idx = kl_malloc((n + 1) * sizeof *idx), m = 0;
    for (size_t i = 0; i < n; i++)
        if (jobs[i].prompt) {
            idx[m] = i;
            ask[m++] = jobs[i];
        }
    struct pool pl;
    memset(&pl, 0, sizeof pl);
    pl.c = c;
    pl.pr = &pr;
    pl.jobs = ask;
    pl.n = m;
    pthread_mutex_init(&pl.mu, NULL);
    ask_all(&pl);
    pthread_mutex_destroy(&pl.mu);
    for (size_t q = 0; q < m; q++)
        jobs[idx[q]] = ask[q];
    free(ask);
    free(idx);
    kl_progress_end(&pr, "%zu asked", m);
    if (pl.stop_rc)
        snprintf(err, errlen, "%s", pl.err);
    return pl.stop_rc;
}

/* Moves the answers of jobs into out (name and description "" when none). */
static void take_answers(struct job *jobs, size_t n, kl_cluster_name *out)
{
    for (size_t i = 0; i < n; i++) {
        out[i].name = jobs[i].name ? jobs[i].name : kl_strdup("");
        out[i].description = jobs[i].description ? jobs[i].description : kl_strdup("");
        free(jobs[i].prompt);
    }
}

int run_name_model_leaves(run_ctx *c, const run_tree *t, kl_cluster_name *out, char *err,
                          size_t errlen)
{
    size_t n = t->count[0];
    struct job *jobs = kl_calloc(n + 1, sizeof *jobs);
    leaf_prompts(c, t, jobs);
    int rc = ask_jobs(c, "hierarchy: leaf names", jobs, n, err, errlen);
    take_answers(jobs, n, out);
    free(jobs);
    return rc;
}

int run_name_model_parents(run_ctx *c, const run_tree *t, int l, const kl_cluster_name *below,
                           kl_cluster_name *out, char *err, size_t errlen)
{
    size_t n = t->count[l];
    struct job *jobs = kl_calloc(n + 1, sizeof *jobs);
    parent_prompts(t, l, below, jobs);
    int rc = ask_jobs(c, "hierarchy: parent names", jobs, n, err, errlen);
    take_answers(jobs, n, out);
    free(jobs);
    return rc;
}

int run_name_model(run_ctx *c, const run_tree *t, kl_cluster_name **names, char *note,
                   size_t note_len)
{
    struct audit au = {0, 0, 0, 0};
    char audit_err[512] = "";
    size_t total = 0;
    for (int l = 0; l < t->levels; l++)
        total += t->count[l];
    kl_progress pr;
    kl_progress_start(&pr, "name (model)", total);
    kl_llm_stats since;
    kl_llm_stats_get(c->llm, &since);
    struct pool pl;
    memset(&pl, 0, sizeof pl);
    pl.c = c;
    pl.pr = &pr;
    pthread_mutex_init(&pl.mu, NULL);
    size_t named = 0, kept = 0;
    for (int l = 0; l < t->levels && !pl.stop_rc; l++) {
        size_t n = t->count[l];
        struct job *jobs = kl_calloc(n + 1, sizeof *jobs);
        if (l == 0)
            leaf_prompts(c, t, jobs);
        else
            parent_prompts(t, l, names[l - 1], jobs);
        /* Only the clusters with a question: compact them to the front. */
        size_t *idx = kl_malloc((n + 1) * sizeof *idx), m = 0;
        for (size_t i = 0; i < n; i++)
            if (jobs[i].prompt)
                idx[m++] = i;
        struct job *ask_jobs = kl_calloc(m + 1, sizeof *ask_jobs);
        for (size_t q = 0; q < m; q++)
            ask_jobs[q] = jobs[idx[q]];
        pl.jobs = ask_jobs;
        pl.n = m;
        pl.next = 0;
        ask_all(&pl);
        pl.pr_base += n - m;
        kl_cluster_name *offline = kl_calloc(n + 1, sizeof *offline);
        for (size_t q = 0; q < m; q++) {
            kl_cluster_name *cn = &names[l][idx[q]];
            if (ask_jobs[q].name) {
                offline[idx[q]].name = cn->name;       /* kept for the audit's fallback */
                offline[idx[q]].description = cn->description;
                cn->name = ask_jobs[q].name;
                cn->description = ask_jobs[q].description;
                named++;
            } else {
                kept++;
            }
            free(ask_jobs[q].prompt);
        }
        kept += n - m;
        if (!pl.stop_rc) {
            size_t before = au.renamed;
            int arc = audit_level(c, names[l], n, offline, &au, audit_err, sizeof audit_err);
            named -= au.renamed - before;
            kept += au.renamed - before;
            if (arc) {
                pl.stop_rc = arc;
                snprintf(pl.err, sizeof pl.err, "%s", audit_err);
            }
        }
        for (size_t i = 0; i < n; i++) {
            free(offline[i].name);
            free(offline[i].description);
        }
        free(offline);
        free(ask_jobs);
        free(idx);
        free(jobs);
    }
    pthread_mutex_destroy(&pl.mu);
    if (pl.stop_rc) {
        kl_progress_end(&pr, "stopped");
        run_llm_fail(c, "name", pl.stop_rc, pl.err);
        return -1;
    }
    /* What the snapshot's name_model says: the model only when it named something. */
    sqlite3_stmt *st;
    if (kl_db_exec(c->db, "CREATE TABLE IF NOT EXISTS run_name_model(id INTEGER PRIMARY KEY "
                          "CHECK (id = 1), model TEXT NOT NULL, named INTEGER NOT NULL, kept "
                          "INTEGER NOT NULL)") == 0 &&
        sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO run_name_model(id, model, named, kept) "
                                  "VALUES(1, ?, ?, ?)", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, c->p->name_model ? c->p->name_model : kl_llm_model(c->llm), -1,
                          SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)named);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)kept);
        sqlite3_step(st);
        sqlite3_finalize(st);
    }
    char usage[256];
    run_llm_usage(c, &since, usage, sizeof usage);
    snprintf(note, note_len, "; %zu named by %s, %zu kept their offline name (%zu unreadable"
             " answers, %zu failed calls); audit: %zu rated, %zu renamed offline, %zu withheld, %zu"
             " unreadable; %s", named, c->p->name_model ? c->p->name_model : kl_llm_model(c->llm), kept, pl.unreadable, pl.failed,
             au.rated, au.renamed, au.withheld, au.unreadable, usage);
    kl_progress_end(&pr, "%zu clusters named by the model", named);
    return 0;
}
