/* corpus.c — the conversations of a run, with their facets, loaded into memory in the
 * order of a seeded hash of their ids (never arrival order), users and languages indexed
 * in sorted order of their ids, so that nothing depends on the order of ingest. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/rng.h"
#include "run_internal.h"

struct raw_row {
    uint64_t order;
    char *id, *user_id;
    int64_t conv, ts;
    char lang[16];
    char *lang_name;
    uint8_t refused, concern;
    char *summary;
    char *task;
    uint32_t user;
    uint16_t lang_idx;
    uint8_t task_idx;
};

static int cmp_order(const void *a, const void *b)
{
    const struct raw_row *x = a, *y = b;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    return strcmp(x->id, y->id);
}

static int cmp_user_ptr(const void *a, const void *b)
{
    const struct raw_row *x = *(struct raw_row *const *)a, *y = *(struct raw_row *const *)b;
    return strcmp(x->user_id, y->user_id);
}

static int cmp_task_ptr(const void *a, const void *b)
{
    const struct raw_row *x = *(struct raw_row *const *)a, *y = *(struct raw_row *const *)b;
    return strcmp(x->task, y->task);
}

static int cmp_lang_ptr(const void *a, const void *b)
{
    const struct raw_row *x = *(struct raw_row *const *)a, *y = *(struct raw_row *const *)b;
    return strcmp(x->lang, y->lang);
}

/* True when code is in the comma-separated list (or there is no list). */
static bool lang_selected(const char *list, const char *code)
{
    if (!list || !*list)
        return true;
    size_t len = strlen(code);
    for (const char *p = list; *p;) {
        while (*p == ',' || *p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ',' && *e != ' ')
            e++;
        if ((size_t)(e - p) == len && len > 0 && strncmp(p, code, len) == 0)
            return true;
        p = e;
    }
    return false;
}

static char *col_dup(sqlite3_stmt *st, int i)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    return kl_strdup(t ? t : "");
}

int run_corpus_load(run_ctx *c)
{
    static const char sql[] =
        "SELECT c.rowid, c.id, c.user_id, c.ts, f.lang, f.lang_name, f.refused, f.concern,"
        " f.summary, coalesce(f.task, '') FROM conversations c JOIN facets f ON f.conv = c.rowid"
        " WHERE ?1 IS NULL OR EXISTS (SELECT 1 FROM run_screen s WHERE s.screen = ?1"
        " AND s.conv = c.rowid AND s.pass = 1)";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) {
        kl_error("%s: %s", c->p->work, sqlite3_errmsg(c->db));
        return -1;
    }
    if (c->screen_key[0])
        sqlite3_bind_text(st, 1, c->screen_key, -1, SQLITE_STATIC);
    struct raw_row *rows = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *lang = (const char *)sqlite3_column_text(st, 4);
        if (!lang_selected(c->p->languages, lang ? lang : ""))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 4096;
            rows = kl_reallocarray(rows, cap, sizeof *rows);
        }
        struct raw_row *r = &rows[n++];
        memset(r, 0, sizeof *r);
        r->conv = sqlite3_column_int64(st, 0);
        r->id = col_dup(st, 1);
        r->user_id = col_dup(st, 2);
        r->ts = sqlite3_column_type(st, 3) == SQLITE_NULL ? INT64_MIN : sqlite3_column_int64(st, 3);
        snprintf(r->lang, sizeof r->lang, "%s", lang ? lang : "und");
        r->lang_name = col_dup(st, 5);
        r->refused = (uint8_t)sqlite3_column_int(st, 6);
        r->concern = (uint8_t)sqlite3_column_int(st, 7);
        r->summary = col_dup(st, 8);
        r->task = col_dup(st, 9);
        r->order = kl_hash_str(r->id, c->p->seed);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        kl_error("%s: %s", c->p->work, sqlite3_errmsg(c->db));
        for (size_t i = 0; i < n; i++) {
            free(rows[i].id);
            free(rows[i].user_id);
            free(rows[i].lang_name);
            free(rows[i].summary);
            free(rows[i].task);
        }
        free(rows);
        return -1;
    }
    if (n > 1)
        qsort(rows, n, sizeof *rows, cmp_order);

    /* Users and languages, numbered in sorted order of their ids. */
    struct raw_row **by = kl_malloc((n ? n : 1) * sizeof *by);
    for (size_t i = 0; i < n; i++)
        by[i] = &rows[i];
    qsort(by, n, sizeof *by, cmp_user_ptr);
    size_t users = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && strcmp(by[i]->user_id, by[i - 1]->user_id) != 0)
            users++;
        by[i]->user = (uint32_t)users;
    }
    c->n_users = n ? users + 1 : 0;
    qsort(by, n, sizeof *by, cmp_lang_ptr);
    c->langs = NULL;
    c->n_langs = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || strcmp(by[i]->lang, by[i - 1]->lang) != 0) {
            c->langs = kl_reallocarray(c->langs, c->n_langs + 1, sizeof *c->langs);
            run_lang *l = &c->langs[c->n_langs++];
            snprintf(l->code, sizeof l->code, "%s", by[i]->lang);
            l->name = kl_strdup(by[i]->lang_name);
        }
        by[i]->lang_idx = (uint16_t)(c->n_langs - 1);
    }
    /* Task types, at most 255 of them (the rest share the last index). */
    qsort(by, n, sizeof *by, cmp_task_ptr);
    c->tasks = NULL;
    c->n_tasks = 0;
    for (size_t i = 0; i < n; i++) {
        if ((i == 0 || strcmp(by[i]->task, by[i - 1]->task) != 0) && c->n_tasks < 255) {
            c->tasks = kl_reallocarray(c->tasks, c->n_tasks + 1, sizeof *c->tasks);
            c->tasks[c->n_tasks++] = kl_strdup(by[i]->task);
        }
        by[i]->task_idx = (uint8_t)(c->n_tasks - 1);
    }
    free(by);

    c->n = n;
    c->conv = kl_malloc((n ? n : 1) * sizeof *c->conv);
    c->user = kl_malloc((n ? n : 1) * sizeof *c->user);
    c->ts = kl_malloc((n ? n : 1) * sizeof *c->ts);
    c->lang = kl_malloc((n ? n : 1) * sizeof *c->lang);
    c->refused = kl_malloc(n ? n : 1);
    c->concern = kl_malloc(n ? n : 1);
    c->summary = kl_malloc((n ? n : 1) * sizeof *c->summary);
    c->task = kl_malloc(n ? n : 1);
    c->user_first = kl_malloc((c->n_users ? c->n_users : 1) * sizeof *c->user_first);
    c->user_last = kl_malloc((c->n_users ? c->n_users : 1) * sizeof *c->user_last);
    for (size_t u = 0; u < c->n_users; u++) {
        c->user_first[u] = INT64_MAX;
        c->user_last[u] = INT64_MIN;
    }
    uint64_t text_key = 0, data_key = 0;
    for (size_t i = 0; i < n; i++) {
        struct raw_row *r = &rows[i];
        c->conv[i] = r->conv;
        c->user[i] = r->user;
        c->ts[i] = r->ts;
        c->lang[i] = r->lang_idx;
        c->refused[i] = r->refused;
        c->concern[i] = r->concern;
        c->summary[i] = r->summary;
        c->task[i] = r->task_idx;
        if (r->ts != INT64_MIN) {
            if (r->ts < c->user_first[r->user])
                c->user_first[r->user] = r->ts;
            if (r->ts > c->user_last[r->user])
                c->user_last[r->user] = r->ts;
        }
        uint64_t h_id = kl_hash_str(r->id, 0x6964), h_sum = kl_hash_str(r->summary, 0x73756d);
        /* what embedding sees: the language decides the gloss and the centring too */
        text_key += kl_mix64(h_id ^ kl_mix64(h_sum ^ kl_hash_str(r->lang, 0x6c616e67)));
        uint64_t h = h_id;
        h = kl_mix64(h ^ kl_hash_str(r->user_id, 0x75736572));
        h = kl_mix64(h ^ (uint64_t)r->ts);
        h = kl_mix64(h ^ kl_hash_str(r->lang, 0x6c616e67));
        h = kl_mix64(h ^ ((uint64_t)r->refused << 8 | r->concern));
        h = kl_mix64(h ^ kl_hash_str(r->task, 0x7461736b));
        data_key += kl_mix64(h ^ h_sum);
        free(r->id);
        free(r->user_id);
        free(r->lang_name);
        free(r->task);
    }
    free(rows);
    /* Users without a timestamp: an unknown span is never "fresh". */
    for (size_t u = 0; u < c->n_users; u++)
        if (c->user_first[u] == INT64_MAX) {
            c->user_first[u] = 0;
            c->user_last[u] = INT64_MAX / 2;
        }
    c->text_key = kl_mix64(text_key ^ n);
    c->data_key = kl_mix64(data_key ^ n);
    c->unit = kl_malloc((c->n_users ? c->n_users : 1) * sizeof *c->unit);
    c->merged_units = kl_privacy_units(c->user_first, c->user_last, c->n_users,
                                       KL_PRIVACY_BURST_WINDOW, c->unit);
    return 0;
}

struct conv_row { int64_t conv; uint32_t row; };

static int cmp_conv_row(const void *a, const void *b)
{
    const struct conv_row *x = a, *y = b;
    return (x->conv > y->conv) - (x->conv < y->conv);
}

/* A sorted (rowid, row) index, built on first use. */
static struct conv_row *conv_index;
static size_t conv_index_n;
static const run_ctx *conv_index_owner;

void run_ctx_free(run_ctx *c)
{
    kl_custom_free(&c->custom);
    free(conv_index);
    conv_index = NULL;
    conv_index_n = 0;
    conv_index_owner = NULL;
    for (size_t i = 0; i < c->n; i++)
        free(c->summary[i]);
    for (size_t i = 0; i < c->n_langs; i++)
        free(c->langs[i].name);
    for (size_t i = 0; i < c->n_tasks; i++)
        free(c->tasks[i]);
    free(c->tasks);
    free(c->task);
    free(c->langs);
    free(c->screen_desc);
    c->screen_desc = NULL;
    free(c->conv);
    free(c->user);
    free(c->ts);
    free(c->lang);
    free(c->refused);
    free(c->concern);
    free(c->summary);
    free(c->user_first);
    free(c->user_last);
    free(c->unit);
    free(c->X);
    free(c->leaf);
}

double run_largest_language_share(const run_ctx *c)
{
    if (c->n == 0 || c->n_langs == 0)
        return 0;
    size_t *count = kl_calloc(c->n_langs, sizeof *count), top = 0;
    for (size_t i = 0; i < c->n; i++)
        count[c->lang[i]]++;
    for (size_t l = 0; l < c->n_langs; l++)
        top = count[l] > top ? count[l] : top;
    free(count);
    return (double)top / (double)c->n;
}

long run_row_of(const run_ctx *c, int64_t conv)
{
    if (conv_index_owner != c || conv_index_n != c->n) {
        free(conv_index);
        conv_index = kl_malloc((c->n ? c->n : 1) * sizeof *conv_index);
        for (size_t i = 0; i < c->n; i++)
            conv_index[i] = (struct conv_row){c->conv[i], (uint32_t)i};
        qsort(conv_index, c->n, sizeof *conv_index, cmp_conv_row);
        conv_index_n = c->n;
        conv_index_owner = c;
    }
    struct conv_row key = {conv, 0};
    struct conv_row *hit = bsearch(&key, conv_index, c->n, sizeof *conv_index, cmp_conv_row);
    return hit ? (long)hit->row : -1;
}

int run_load_embeddings(run_ctx *c)
{
    if (c->X)
        return 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(c->db, "SELECT dim FROM run_embed_model WHERE id = 1", -1, &st, NULL) !=
        SQLITE_OK)
        return -1;
    c->dim = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    if (c->dim <= 0) {
        kl_error("%s: no embeddings stored; rerun without changes to rebuild them", c->p->work);
        return -1;
    }
    c->X = kl_calloc(c->n ? c->n : 1, (size_t)c->dim * sizeof *c->X);
    if (sqlite3_prepare_v2(c->db, "SELECT conv, vec FROM run_embeddings", -1, &st, NULL) != SQLITE_OK) {
        kl_error("%s: %s", c->p->work, sqlite3_errmsg(c->db));
        return -1;
    }
    size_t found = 0;
    size_t row_bytes = (size_t)c->dim * sizeof *c->X;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long row = run_row_of(c, sqlite3_column_int64(st, 0));
        if (row < 0 || (size_t)sqlite3_column_bytes(st, 1) != row_bytes)
            continue;
        memcpy(c->X + (size_t)row * (size_t)c->dim, sqlite3_column_blob(st, 1), row_bytes);
        found++;
    }
    /* A failed step is not the end of the rows: it read as "embeddings are incomplete"
     * when the cause was memory or the disk (tests/e2e/test_faults.sh). */
    if (rc != SQLITE_DONE) {
        kl_error("%s: %s", c->p->work, sqlite3_errmsg(c->db));
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    if (found != c->n) {
        kl_error("%s: embeddings are incomplete (%zu of %zu)", c->p->work, found, c->n);
        return -1;
    }
    return 0;
}

int run_load_assign(run_ctx *c)
{
    if (c->leaf)
        return 0;
    c->leaf = kl_malloc((c->n ? c->n : 1) * sizeof *c->leaf);
    memset(c->leaf, 0xff, (c->n ? c->n : 1) * sizeof *c->leaf);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(c->db, "SELECT conv, leaf FROM run_assign", -1, &st, NULL) != SQLITE_OK) {
        kl_error("%s: %s", c->p->work, sqlite3_errmsg(c->db));
        return -1;
    }
    size_t found = 0;
    uint32_t max_leaf = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long row = run_row_of(c, sqlite3_column_int64(st, 0));
        if (row < 0)
            continue;
        c->leaf[row] = (uint32_t)sqlite3_column_int64(st, 1);
        if (c->leaf[row] > max_leaf)
            max_leaf = c->leaf[row];
        found++;
    }
    if (rc != SQLITE_DONE) {     /* as in run_load_embeddings */
        kl_error("%s: %s", c->p->work, sqlite3_errmsg(c->db));
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    if (found != c->n) {
        kl_error("%s: leaf assignments are incomplete (%zu of %zu)", c->p->work, found, c->n);
        return -1;
    }
    c->k = c->n ? (size_t)max_leaf + 1 : 0;
    return 0;
}
