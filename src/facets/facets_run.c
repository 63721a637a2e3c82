/* facets_run.c — the facets stage: reads conversations without facets in batches,
 * computes their facets on worker threads, writes each batch in one transaction and
 * drops the raw text of the conversations it finished. */
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kleio/buf.h"
#include "kleio/facets.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/scrub.h"
#include "kleio/summary.h"

#define MAX_WARNINGS 10

void kl_facet_row_free(kl_facet_row *row)
{
    free(row->summary);
    row->summary = NULL;
}

int kl_facets_compute(const kl_facets_backend *be, const kl_conv *c, kl_facet_row *row)
{
    memset(row, 0, sizeof *row);
    strcpy(row->lang, "und");
    row->lang_name = "Undetermined";
    row->concern = 1;
    row->task = "other";
    row->turns = (int)c->n_user;
    if (be->language(be->ctx, c, row) != 0 || be->refused(be->ctx, c, row) != 0 ||
        be->concern(be->ctx, c, row) != 0 || be->task(be->ctx, c, row) != 0 ||
        be->summary(be->ctx, c, row) != 0) {
        kl_facet_row_free(row);
        return -1;
    }
    /* Whatever wrote the summary, what is stored is scrubbed and clean. */
    kl_buf b = KL_BUF_INIT;
    const char *raw = row->summary ? row->summary : "";
    kl_scrub(raw, strlen(raw), &b, NULL);
    free(row->summary);
    row->summary = kl_summary_clean(kl_buf_cstr(&b), KL_SUMMARY_MAX);
    kl_buf_free(&b);
    if (row->concern < 1)
        row->concern = 1;
    if (row->concern > 5)
        row->concern = 5;
    if (!row->lang[0])
        strcpy(row->lang, "und");
    if (!row->lang_name)
        row->lang_name = "Undetermined";
    if (!row->task)
        row->task = "other";
    return 0;
}

enum item_status { ITEM_OK, ITEM_BAD_RAW, ITEM_BACKEND_FAILED };

typedef struct item {
    sqlite3_int64 rowid;
    char *id;
    char *raw;
    kl_facet_row row;
    enum item_status status;
} item;

typedef struct work {
    const kl_facets_backend *be;
    item *items;
    size_t n;
    int nthreads;
    int tid;
} work;

/* raw is the normalised JSON array of {"role", "content"} written by ingest. */
static enum item_status compute_item(const kl_facets_backend *be, item *it)
{
    json_error_t jerr;
    json_t *msgs = json_loads(it->raw, 0, &jerr);
    if (!msgs || !json_is_array(msgs)) {
        json_decref(msgs);
        return ITEM_BAD_RAW;
    }
    size_t n = json_array_size(msgs), nu = 0, na = 0;
    const char **user = kl_calloc(n + 1, sizeof *user);
    const char **assistant = kl_calloc(n + 1, sizeof *assistant);
    kl_buf text = KL_BUF_INIT;
    for (size_t k = 0; k < n; k++) {
        json_t *m = json_array_get(msgs, k);
        const char *role = json_string_value(json_object_get(m, "role"));
        const char *content = json_string_value(json_object_get(m, "content"));
        if (!role || !content)
            continue;
        if (strcmp(role, "user") == 0) {
            if (nu)
                kl_buf_puts(&text, "\n\n");
            kl_buf_puts(&text, content);
            user[nu++] = content;
        } else if (strcmp(role, "assistant") == 0) {
            assistant[na++] = content;
        }
    }
    kl_conv c = {it->id, user, nu, assistant, na, kl_buf_cstr(&text), text.len};
    enum item_status st = kl_facets_compute(be, &c, &it->row) == 0 ? ITEM_OK : ITEM_BACKEND_FAILED;
    kl_buf_free(&text);
    free(user);
    free(assistant);
    json_decref(msgs);
    return st;
}

static void *worker(void *arg)
{
    work *w = arg;
    for (size_t k = (size_t)w->tid; k < w->n; k += (size_t)w->nthreads)
        w->items[k].status = compute_item(w->be, &w->items[k]);
    return NULL;
}

static void compute_batch(const kl_facets_backend *be, item *items, size_t n, int nthreads)
{
    if (nthreads > (int)n)
        nthreads = n ? (int)n : 1;
    pthread_t tids[64];
    work ws[64];
    if (nthreads > 64)
        nthreads = 64;
    int started = 0;
    for (int t = 1; t < nthreads; t++) {
        ws[t] = (work){be, items, n, nthreads, t};
        if (pthread_create(&tids[t], NULL, worker, &ws[t]) != 0)
            break;
        started = t;
    }
    /* Whatever could not be handed to a thread is done here. */
    int total = started + 1;
    for (int t = total; t < nthreads; t++) {
        ws[0] = (work){be, items, n, nthreads, t};
        worker(&ws[0]);
    }
    ws[0] = (work){be, items, n, nthreads, 0};
    worker(&ws[0]);
    for (int t = 1; t <= started; t++)
        pthread_join(tids[t], NULL);
}

static int count_rows(sqlite3 *db, const char *sql, uint64_t *out)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

static const char *db_path(sqlite3 *db)
{
    const char *p = sqlite3_db_filename(db, "main");
    return p && *p ? p : "(work database)";
}

static int db_fail(sqlite3 *db, const char *what)
{
    kl_error("%s: %s: %s", db_path(db), what, sqlite3_errmsg(db));
    return -1;
}

/* Loads up to batch conversations without facets after *last; returns how many. */
static int load_batch(sqlite3 *db, sqlite3_stmt *sel, sqlite3_int64 *last, size_t batch,
                      item *items, size_t *n, kl_facets_stats *stats)
{
    *n = 0;
    sqlite3_reset(sel);
    sqlite3_bind_int64(sel, 1, *last);
    sqlite3_bind_int64(sel, 2, (sqlite3_int64)batch);
    int rc;
    while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
        sqlite3_int64 rowid = sqlite3_column_int64(sel, 0);
        *last = rowid;
        const char *id = (const char *)sqlite3_column_text(sel, 1);
        const char *raw = (const char *)sqlite3_column_text(sel, 2);
        if (!raw) {
            stats->no_raw++;
            continue;
        }
        items[*n] = (item){.rowid = rowid, .id = kl_strdup(id ? id : ""), .raw = kl_strdup(raw)};
        (*n)++;
    }
    return rc == SQLITE_DONE ? 0 : db_fail(db, "reading conversations");
}

static int store_batch(sqlite3 *db, sqlite3_stmt *ins, sqlite3_stmt *clear, const kl_facets_backend *be,
                       bool keep_raw, item *items, size_t n, kl_facets_stats *stats, int *warned)
{
    if (kl_db_exec(db, "BEGIN IMMEDIATE") != 0)
        return -1;
    sqlite3_int64 now = (sqlite3_int64)time(NULL);
    for (size_t k = 0; k < n; k++) {
        item *it = &items[k];
        if (it->status != ITEM_OK) {
            stats->failed++;
            if ((*warned)++ < MAX_WARNINGS)
                kl_warn("%s: conversation %s: %s; skipped", db_path(db), it->id,
                        it->status == ITEM_BAD_RAW ? "stored text is not a JSON array of messages"
                                                   : "the backend could not compute its facets");
            continue;
        }
        const kl_facet_row *r = &it->row;
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, it->rowid);
        sqlite3_bind_text(ins, 2, r->lang, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, r->lang_name, -1, SQLITE_STATIC);
        sqlite3_bind_int(ins, 4, (int)r->refused);
        sqlite3_bind_int(ins, 5, r->concern);
        sqlite3_bind_int(ins, 6, r->turns);
        sqlite3_bind_text(ins, 7, r->task, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 8, r->summary, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 9, be->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 10, be->model ? be->model : "", -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 11, now);
        if (sqlite3_step(ins) != SQLITE_DONE)
            goto fail;
        if (!keep_raw) {
            sqlite3_reset(clear);
            sqlite3_bind_int64(clear, 1, it->rowid);
            if (sqlite3_step(clear) != SQLITE_DONE)
                goto fail;
        }
        stats->done++;
    }
    return kl_db_exec(db, "COMMIT");
fail:
    db_fail(db, "writing facets");
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

static void free_items(item *items, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        free(items[k].id);
        free(items[k].raw);
        kl_facet_row_free(&items[k].row);
    }
}

int kl_facets_run(sqlite3 *db, const kl_facets_backend *be, const kl_facets_opts *opts,
                  kl_facets_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    size_t batch = opts->batch ? opts->batch : 500;
    int nthreads = opts->threads > 0 ? opts->threads : 1;
    uint64_t todo = 0;
    if (count_rows(db, "SELECT count(*) FROM facets", &stats->already) != 0 ||
        count_rows(db, "SELECT count(*) FROM conversations c WHERE NOT EXISTS "
                       "(SELECT 1 FROM facets f WHERE f.conv = c.rowid)", &todo) != 0)
        return db_fail(db, "counting conversations");

    sqlite3_stmt *sel = NULL, *ins = NULL, *clear = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT c.rowid, c.id, c.raw FROM conversations c WHERE c.rowid > ?1 "
                           "AND NOT EXISTS (SELECT 1 FROM facets f WHERE f.conv = c.rowid) "
                           "ORDER BY c.rowid LIMIT ?2", -1, &sel, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO facets(conv, lang, lang_name, refused, concern, turns, task, "
                           "summary, backend, model, created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
                           -1, &ins, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "UPDATE conversations SET raw = NULL WHERE rowid = ?", -1, &clear,
                           NULL) != SQLITE_OK) {
        db_fail(db, "preparing the facets stage");
        sqlite3_finalize(sel);
        sqlite3_finalize(ins);
        sqlite3_finalize(clear);
        return -1;
    }

    item *items = kl_calloc(batch, sizeof *items);
    kl_progress p;
    kl_progress_start(&p, "facets", todo);
    sqlite3_int64 last = 0;
    int rc = 0, warned = 0;
    uint64_t seen = 0;
    for (;;) {
        size_t n = 0;
        uint64_t before = stats->no_raw;
        if (load_batch(db, sel, &last, batch, items, &n, stats) != 0) {
            rc = -1;
            break;
        }
        sqlite3_reset(sel);                    /* release the read before writing */
        if (n == 0 && stats->no_raw == before)
            break;
        compute_batch(be, items, n, nthreads);
        rc = store_batch(db, ins, clear, be, opts->keep_raw, items, n, stats, &warned);
        free_items(items, n);
        if (rc != 0)
            break;
        seen += n + (stats->no_raw - before);
        kl_progress_update(&p, seen);
    }
    if (rc == 0 && !opts->keep_raw &&
        kl_db_exec(db, "UPDATE conversations SET raw = NULL WHERE raw IS NOT NULL AND "
                       "rowid IN (SELECT conv FROM facets)") != 0)
        rc = -1;
    kl_progress_end(&p, "%llu conversations (%llu already had facets, %llu failed, %llu without text)",
                    (unsigned long long)stats->done, (unsigned long long)stats->already,
                    (unsigned long long)stats->failed, (unsigned long long)stats->no_raw);
    if (warned > MAX_WARNINGS)
        kl_warn("%s: %d more conversations skipped", db_path(db), warned - MAX_WARNINGS);
    free(items);
    sqlite3_finalize(sel);
    sqlite3_finalize(ins);
    sqlite3_finalize(clear);
    return rc;
}
