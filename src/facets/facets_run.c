/* facets_run.c — the facets stage: reads conversations without facets in batches,
 * computes their facets on worker threads, writes each batch in one transaction and
 * drops the raw text of the conversations it finished. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conv_turns.h"
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

/* raw is the normalised JSON array of {"role", "content"} written by ingest. */
static enum item_status compute_item(const kl_facets_backend *be, item *it)
{
    kl_conv_turns t;
    if (kl_conv_turns_parse(it->id, it->raw, &t) != 0)
        return ITEM_BAD_RAW;
    enum item_status st =
        kl_facets_compute(be, &t.conv, &it->row) == 0 ? ITEM_OK : ITEM_BACKEND_FAILED;
    kl_conv_turns_free(&t);
    return st;
}

/* The compute side: nthreads - 1 workers that stay for the whole stage, and the caller,
 * which first does the batch's database work (store the previous batch, load the next) and
 * then helps with what is left. Items are claimed one at a time, so a slow conversation
 * does not hold a whole slice back; each item's result depends on that item alone. */
typedef struct pool {
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    const kl_facets_backend *be;
    item *items;             /* the batch being computed */
    size_t n, next, finished;
    bool stop;
} pool;

/* Claims and computes items of the current batch until none is left; mu held on entry and
 * on return. */
static void pool_drain(pool *p)
{
    while (p->next < p->n) {
        item *it = &p->items[p->next++];
        pthread_mutex_unlock(&p->mu);
        it->status = compute_item(p->be, it);
        pthread_mutex_lock(&p->mu);
        if (++p->finished == p->n)
            pthread_cond_signal(&p->done);
    }
}

static void *pool_worker(void *arg)
{
    pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stop && p->next >= p->n)
            pthread_cond_wait(&p->work, &p->mu);
        if (p->stop)
            break;
        pool_drain(p);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Hands a batch to the workers (they start at once). */
static void pool_submit(pool *p, item *items, size_t n)
{
    pthread_mutex_lock(&p->mu);
    p->items = items;
    p->n = n;
    p->next = p->finished = 0;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->mu);
}

/* The caller's share of the batch, then the wait for the workers' last items. */
static void pool_finish(pool *p)
{
    pthread_mutex_lock(&p->mu);
    pool_drain(p);
    while (p->finished < p->n)
        pthread_cond_wait(&p->done, &p->mu);
    p->items = NULL;
    p->n = p->next = p->finished = 0;
    pthread_mutex_unlock(&p->mu);
}

static int count_rows(sqlite3 *db, const char *sql, uint64_t *out, const char *screen)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    if (screen)
        sqlite3_bind_text(st, 3, screen, -1, SQLITE_STATIC);
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
    const char *scr = opts->screen;
    if (count_rows(db, "SELECT count(*) FROM facets", &stats->already, NULL) != 0 ||
        count_rows(db, scr ? "SELECT count(*) FROM conversations c WHERE NOT EXISTS "
                             "(SELECT 1 FROM facets f WHERE f.conv = c.rowid)" KL_FACETS_SCREEN_SQL
                           : "SELECT count(*) FROM conversations c WHERE NOT EXISTS "
                             "(SELECT 1 FROM facets f WHERE f.conv = c.rowid)", &todo, scr) != 0)
        return db_fail(db, "counting conversations");

    sqlite3_stmt *sel = NULL, *ins = NULL, *clear = NULL;
    if (sqlite3_prepare_v2(db, scr ? "SELECT c.rowid, c.id, c.raw FROM conversations c WHERE c.rowid > ?1 "
                                     "AND NOT EXISTS (SELECT 1 FROM facets f WHERE f.conv = c.rowid)"
                                     KL_FACETS_SCREEN_SQL " ORDER BY c.rowid LIMIT ?2"
                                   : "SELECT c.rowid, c.id, c.raw FROM conversations c WHERE c.rowid > ?1 "
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
    if (scr)
        sqlite3_bind_text(sel, 3, scr, -1, SQLITE_STATIC);

    /* Two batches in flight: one computing while the other is stored and then refilled.
     * Batches are stored whole and in rowid order, one transaction each, as before. */
    item *buf[2] = {kl_calloc(batch, sizeof(item)), kl_calloc(batch, sizeof(item))};
    size_t nb[2] = {0, 0};
    uint64_t skipped[2] = {0, 0};          /* rows of each batch without text */
    pool pl = {.be = be};
    pthread_mutex_init(&pl.mu, NULL);
    pthread_cond_init(&pl.work, NULL);
    pthread_cond_init(&pl.done, NULL);
    pthread_t tids[64];
    int workers = 0;
    for (int t = 1; t < nthreads && t < 64; t++) {
        if (pthread_create(&tids[workers], NULL, pool_worker, &pl) != 0)
            break;                         /* the caller computes what is left alone */
        workers++;
    }
    kl_progress p;
    kl_progress_start(&p, "facets", todo);
    sqlite3_int64 last = 0;
    int rc = 0, warned = 0;
    uint64_t seen = 0;
    int cur = 0;
    uint64_t before = stats->no_raw;
    rc = load_batch(db, sel, &last, batch, buf[cur], &nb[cur], stats);
    sqlite3_reset(sel);                    /* release the read before writing */
    skipped[cur] = stats->no_raw - before;
    bool more = rc == 0 && (nb[cur] > 0 || skipped[cur] > 0);
    while (more) {
        int other = 1 - cur;
        pool_submit(&pl, buf[cur], nb[cur]);
        /* Meanwhile: the batch before (computed) is stored, its buffer refilled. */
        if (nb[other] + skipped[other] > 0) {
            rc = store_batch(db, ins, clear, be, opts->keep_raw, buf[other], nb[other], stats,
                             &warned);
            free_items(buf[other], nb[other]);
            seen += nb[other] + skipped[other];
            nb[other] = skipped[other] = 0;
            if (rc == 0)
                kl_progress_update(&p, seen);
        }
        if (rc == 0) {
            before = stats->no_raw;
            rc = load_batch(db, sel, &last, batch, buf[other], &nb[other], stats);
            sqlite3_reset(sel);
            skipped[other] = stats->no_raw - before;
        }
        pool_finish(&pl);
        more = rc == 0 && (nb[other] > 0 || skipped[other] > 0);
        if (rc != 0)
            break;
        cur = other;
    }
    /* The last computed batch (the one not yet stored). */
    int pending = 1 - cur;
    if (rc == 0 && nb[pending] + skipped[pending] > 0) {
        rc = store_batch(db, ins, clear, be, opts->keep_raw, buf[pending], nb[pending], stats,
                         &warned);
        seen += nb[pending] + skipped[pending];
        if (rc == 0)
            kl_progress_update(&p, seen);
    }
    pthread_mutex_lock(&pl.mu);
    pl.stop = true;
    pthread_cond_broadcast(&pl.work);
    pthread_mutex_unlock(&pl.mu);
    for (int t = 0; t < workers; t++)
        pthread_join(tids[t], NULL);
    pthread_mutex_destroy(&pl.mu);
    pthread_cond_destroy(&pl.work);
    pthread_cond_destroy(&pl.done);
    for (int b = 0; b < 2; b++)
        free_items(buf[b], nb[b]);
    if (rc == 0 && !opts->keep_raw &&
        kl_db_exec(db, "UPDATE conversations SET raw = NULL WHERE raw IS NOT NULL AND "
                       "rowid IN (SELECT conv FROM facets)") != 0)
        rc = -1;
    kl_progress_end(&p, "%llu conversations (%llu already had facets, %llu failed, %llu without text)",
                    (unsigned long long)stats->done, (unsigned long long)stats->already,
                    (unsigned long long)stats->failed, (unsigned long long)stats->no_raw);
    if (warned > MAX_WARNINGS)
        kl_warn("%s: %d more conversations skipped", db_path(db), warned - MAX_WARNINGS);
    free(buf[0]);
    free(buf[1]);
    sqlite3_finalize(sel);
    sqlite3_finalize(ins);
    sqlite3_finalize(clear);
    return rc;
}
