/* run.c — `kleio run` orchestration: decides which stages are stale from the hashes of
 * their parameters and inputs, runs those in order, and publishes the snapshot. */
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kleio/buf.h"
#include "kleio/facets.h"
#include "kleio/facets_work.h"
#include "kleio/jobs.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/rng.h"
#include "kleio/run_options.h"
#include "kleio/snapshot.h"
#include "kleio/snapshot_meta.h"
#include "kleio/snapshot_paths.h"
#include "kleio/workdb.h"
#include "run_internal.h"

/* Bumped when a stage's code changes what it computes, so that old results are redone. */
#define RUN_CODE_VERSION 7
/* The same for the privacy stage alone (2: complementary suppression; 3: custom facets'
 * cells; 4: small clusters join their nearest sibling), whose reruns are cheap: stored runs
 * publish again without redoing the stages before it. */
#define RUN_PRIVACY_VERSION 4
/* The same for the name stage alone (2: no phrase cut inside a clause, broad words last;
 * 3: a cluster named by frame words is described too). */
#define RUN_NAME_VERSION 3
/* The deterministic hierarchy's method (2: Ward levels refined by moving children to
 * their nearest parent). */
#define RUN_HIER_VERSION 2

static uint64_t hash_u64s(const char *tag, const uint64_t *v, size_t n)
{
    uint64_t h = kl_hash_str(tag, 0x706172616d73ULL + RUN_CODE_VERSION);
    for (size_t i = 0; i < n; i++)
        h = kl_mix64(h ^ kl_mix64(v[i] + i));
    return h;
}

int run_stage_facets(run_ctx *c)
{
    sqlite3_stmt *st;
    const char *screen = c->screen_key[0] ? c->screen_key : NULL;
    if (sqlite3_prepare_v2(c->db, screen ? "SELECT count(*) FROM conversations c WHERE NOT EXISTS"
                                           " (SELECT 1 FROM facets f WHERE f.conv = c.rowid)"
                                           KL_FACETS_SCREEN_SQL
                                         : "SELECT count(*) FROM conversations c WHERE NOT EXISTS"
                                           " (SELECT 1 FROM facets f WHERE f.conv = c.rowid)",
                           -1, &st, NULL) != SQLITE_OK) {
        kl_error("%s: %s", c->p->work, sqlite3_errmsg(c->db));
        return -1;
    }
    if (screen)
        sqlite3_bind_text(st, 3, screen, -1, SQLITE_STATIC);
    int64_t missing = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    if (missing < 0) {           /* a read error here ended the run with no word */
        kl_error("%s: %s", c->p->work, sqlite3_errmsg(c->db));
        return -1;
    }
    if (missing == 0) {
        kl_info("facets: up to date");
        return 0;
    }
    kl_info("facets: %lld conversations without facets", (long long)missing);
    if (c->llm)   /* a model backend: run_llm.c */
        return run_stage_facets_model(c);
    kl_facets_work_opts o = {.work = c->p->work, .backend = "offline", .keep_raw = c->p->keep_raw,
                             .screen = screen};
    int rc = kl_facets_work(&o);
    if (rc != 0) {
        kl_error("facets: failed (status %d)", rc);
        return -1;
    }
    return 0;
}

/* The custom facets of the run: those of --custom-facets, which replace the stored ones,
 * else the stored ones. A bad file is bad input (exit status 2). */
static int run_custom_open(run_ctx *c)
{
    if (!c->p->custom_facets)
        return kl_custom_load_defs(c->db, &c->custom);
    kl_buf errs = KL_BUF_INIT;
    int rc = kl_custom_load(c->p->custom_facets, &c->custom, &errs);
    if (rc != 0) {
        fputs(kl_buf_cstr(&errs), stderr);
        kl_buf_free(&errs);
        return -2;
    }
    kl_buf_free(&errs);
    if (kl_custom_store_defs(c->db, &c->custom) != 0)
        return -1;
    kl_info("custom facets: %zu declared", c->custom.n);
    return 0;
}

/* Conversations with facets and no answer to a custom facet: answered neither by the
 * offline backend (no extractor: a value would be invented) nor, with a model, when their
 * facets were computed before the facet was declared and their text is gone. */
static int run_custom_fill(run_ctx *c)
{
    const char *why = c->llm ? "unanswered: the conversation's facets were computed before this"
                               " facet was declared"
                             : "unanswered: the offline backend has no extractor for a custom facet";
    long n = kl_custom_fill_unanswered(c->db, &c->custom, why);
    if (n > 0)
        kl_info("custom facets: %ld answers recorded as unanswered (%s)", n, why + 12);
    return n < 0 ? -1 : 0;
}

/* The server's URL as the snapshot may record it: without a user:password@ part or a
 * query, where a secret could hide. */
static json_t *public_url(const char *url)
{
    const char *host = strstr(url, "://");
    host = host ? host + 3 : url;
    const char *at = strchr(host, '@'), *path = host + strcspn(host, "/?#");
    kl_buf b = KL_BUF_INIT;
    kl_buf_append(&b, url, (size_t)(host - url));
    if (at && at < path)
        host = at + 1;
    kl_buf_append(&b, host, strcspn(host, "?#"));
    json_t *s = json_string(kl_buf_cstr(&b));
    kl_buf_free(&b);
    return s;
}

/* The parameters that made the snapshot, with the model connection (never the key, only
 * the name of its variable) so that the explorer can recompute against the same server;
 * which parameter is recorded how is in the table (run_options.h). */
static char *params_json(const kl_run_params *p, size_t k, size_t n)
{
    json_t *o = json_object();
    bool model = kl_run_uses_model(p);
    for (size_t i = 0; i < KL_RUN_OPT_COUNT; i++) {
        const kl_run_option *opt = &kl_run_options[i];
        json_t *v = NULL;   /* NULL: unset */
        switch ((enum kl_run_option_id)i) {
#define VALUE_INT(f) v = (f) ? json_integer((json_int_t)(f)) : NULL
#define VALUE_STR(f) v = (f) ? json_string(f) : NULL
#define VALUE_FLAG(f) v = (f) ? json_true() : NULL
#define VALUE(id, name, sh, kind, field, ...)                                                     \
        case KL_RUN_OPT_##id: VALUE_##kind(p->field); break;
            KL_RUN_OPTIONS(VALUE)
#undef VALUE
#undef VALUE_INT
#undef VALUE_STR
#undef VALUE_FLAG
        case KL_RUN_OPT_COUNT: break;
        }
        if (i == KL_RUN_OPT_BASE_URL && v) {
            json_decref(v);
            v = public_url(p->base_url);
        }
        bool keep = opt->meta == KL_RUN_META_ALWAYS ||
                    (opt->meta == KL_RUN_META_MODEL && model && v) ||
                    (opt->meta == KL_RUN_META_SET && v);
        if (keep)
            json_object_set_new(o, opt->key, v ? v : opt->kind == KL_RUN_KIND_INT ? json_integer(0)
                                                                                  : json_null());
        else
            json_decref(v);
    }
    /* The leaves actually made; an incremental run kept the stored ones, so it records
     * their count and the mean leaf size they now have, not the command line's. */
    size_t leaf_size = p->incremental && k ? (n + k / 2) / k : p->leaf_size;
    json_object_set_new(o, kl_run_options[KL_RUN_OPT_LEAF_SIZE].key, json_integer((json_int_t)leaf_size));
    json_object_set_new(o, kl_run_options[KL_RUN_OPT_K].key, json_integer((json_int_t)k));
    char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return s;
}

/* True when out already holds the snapshot of this privacy result; its snapshot_id into
 * id ("" for a snapshot from before ids). */
static bool published_already(const char *out, const char *run_key, char *id, size_t n)
{
    char err[256];
    kl_snapshot *s = kl_snapshot_open(out, err, sizeof err);
    if (!s)
        return false;
    const char *k = kl_snapshot_meta(s, KL_META(RUN_KEY));
    const char *sid = kl_snapshot_meta(s, KL_META(SNAPSHOT_ID));
    bool same = k && strcmp(k, run_key) == 0;
    snprintf(id, n, "%s", sid ? sid : "");
    kl_snapshot_close(s);
    return same;
}

/* Inside a job (kleio jobs exec), the job's row records which snapshot it left at out. */
static void record_job_result(run_ctx *c, const char *snapshot_id)
{
    int64_t job = kl_job_id_from_env();
    if (job > 0 && *snapshot_id && kl_job_record_result(c->db, job, snapshot_id) != 0)
        kl_warn("publish: cannot record the snapshot of job %lld: %s", (long long)job,
                sqlite3_errmsg(c->db));
}

static int publish(run_ctx *c, uint64_t key, size_t k)
{
    char run_key[17];
    snprintf(run_key, sizeof run_key, "%016llx", (unsigned long long)key);
    char id[KL_SNAPSHOT_ID_LEN + 1] = "";
    if (published_already(c->p->out, run_key, id, sizeof id)) {
        kl_info("publish: %s is up to date", c->p->out);
        int rc = run_stable_promote(c->db, run_key);
        if (rc == 0)
            record_job_result(c, id);
        return rc;
    }
    double t0 = kl_now();
    char *params = params_json(c->p, k, c->n);
    char users[24], convs[24], created[32], grid[8];
    snprintf(users, sizeof users, "%lld", (long long)c->p->min_users);
    snprintf(convs, sizeof convs, "%lld", (long long)c->p->min_conversations);
    snprintf(grid, sizeof grid, "%d", KL_RUN_DENSITY_GRID);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
    /* Relative to the snapshot when beside or below it: a copied directory recomputes
     * into its own work database. */
    char *work_db = kl_snapshot_work_db_record(c->p->work, c->p->out);
    char summary_model[256];
    if (run_llm_summary_model(c, summary_model, sizeof summary_model) != 0) {
        free(work_db);
        free(params);
        return -1;
    }
    char name_model[256] = "";
    char hier_model[1024] = "";
    char *sources = NULL;
    if (c->llm) {
        run_llm_name_model(c, name_model, sizeof name_model);
        run_hier_model_meta(c, hier_model, sizeof hier_model);
        if (!(sources = run_llm_facet_sources(c))) {
            free(work_db);
            free(params);
            return -1;
        }
    }
    char screened_in[24], screened_out[24];
    snprintf(screened_in, sizeof screened_in, "%lld", (long long)c->screen_in);
    snprintf(screened_out, sizeof screened_out, "%lld", (long long)c->screen_out);
    /* The fixed rows, then those of a model backend and a screen, then the NULL that ends
     * the list: room for all of them. */
    const char *meta[2 * 11 + 2 * 3 + 2 * 3 + 1] = {
        KL_META(CREATED_AT), created,
        KL_META(BACKEND), c->llm ? c->p->backend : "offline",
        KL_META(SUMMARY_MODEL), summary_model,
        KL_META(EMBED_MODEL), run_embed_remote(c) ? run_llm_embed_model(c->p) : "offline-tfidf-lsa",
        KL_META(PARAMS), params,
        KL_META(MIN_USERS), users,
        KL_META(MIN_CONVERSATIONS), convs,
        KL_META(TIME_BUCKET), "month",
        KL_META(WORK_DB), work_db,
        KL_META(DENSITY_GRID), grid,
        KL_META(RUN_KEY), run_key,
    };
    size_t m = 0;
    while (meta[m])
        m++;
    if (c->llm) {
        meta[m++] = KL_META(NAME_MODEL);
        meta[m++] = name_model;
        meta[m++] = KL_META(FACET_SOURCES);
        meta[m++] = sources;
    }
    if (c->llm && *hier_model) {
        meta[m++] = KL_META(HIERARCHY);
        meta[m++] = hier_model;
    }
    if (c->screen_desc) {   /* both sides passed the thresholds (screen.c) */
        meta[m++] = KL_META(SCREEN);
        meta[m++] = c->screen_desc;
        meta[m++] = KL_META(SCREENED_IN);
        meta[m++] = screened_in;
        meta[m++] = KL_META(SCREENED_OUT);
        meta[m++] = screened_out;
    }
    int rc = kl_publish_snapshot(c->db, c->p->out, c->p->min_conversations, run_key, meta, id);
    free(sources);
    free(work_db);
    free(params);
    if (rc == 0) {
        kl_info("publish: %s (%.1fs)", c->p->out, kl_now() - t0);
        record_job_result(c, id);
    }
    return rc;
}

static int run_locked(const kl_run_params *p);

int kl_run(const kl_run_params *p)
{
    char err[512];
    int64_t job = kl_job_id_from_env();
    if (job > 0 && kl_job_report_begin(p->work, job) != 0)
        return 1;
    int status = 1;
    int lock = kl_run_lock_acquire(p->work, job, err, sizeof err);
    if (lock < 0) {
        kl_error("%s", err);
    } else {
        status = run_locked(p);
        kl_run_lock_release(lock);
    }
    if (job > 0)
        kl_job_report_end();
    return status;
}

/* The whole run, under the work database's run lock. */
static int run_locked(const kl_run_params *p)
{
    char err[512];
    sqlite3 *db = kl_workdb_open(p->work, 0, err, sizeof err);
    if (!db) {
        kl_error("%s", err);
        return 2;
    }
    run_ctx c;
    memset(&c, 0, sizeof c);
    c.db = db;
    c.p = p;
    int status = 1;
    if (run_llm_open(&c) != 0) {
        status = 2;
        goto done;
    }
    if (kl_run_schema(db) != 0)
        goto done;
    int src = run_screen(&c);   /* before the facets: the conversations' text is still there */
    if (src != 0) {
        status = src == -2 ? 2 : 1;
        goto done;
    }
    int crc = run_custom_open(&c);
    if (crc != 0) {
        status = crc == -2 ? 2 : 1;
        goto done;
    }
    if (run_stage_facets(&c) != 0 || run_custom_fill(&c) != 0)
        goto done;
    double t0 = kl_now();
    if (run_corpus_load(&c) != 0)
        goto done;
    if (c.n == 0) {
        kl_error("%s: no conversations with facets%s", p->work,
                 p->languages ? " in the languages asked for" : "");
        status = 2;
        goto done;
    }
    kl_info("load: %zu conversations, %zu users, %zu languages (%.1fs)", c.n, c.n_users, c.n_langs,
            kl_now() - t0);

    size_t k = run_leaf_count(p, c.n);
    uint64_t v_embed[] = {(uint64_t)p->dim, p->seed};
    uint64_t v_cluster[] = {(uint64_t)k, p->seed};
    uint64_t v_hier[] = {(uint64_t)p->levels, (uint64_t)p->top, (uint64_t)(RUN_FACET_WEIGHT * 1000),
                         RUN_HIER_VERSION};
    uint64_t v_name[] = {(uint64_t)p->min_users, RUN_NAME_VERSION};
    uint64_t v_layout[] = {p->seed, KL_RUN_DENSITY_GRID};
    uint64_t v_priv[] = {(uint64_t)p->min_users, (uint64_t)p->min_conversations,
                         KL_PRIVACY_BURST_WINDOW, RUN_PRIVACY_VERSION};
    struct {
        const char *name;
        uint64_t ph, ih;
        int (*fn)(run_ctx *, uint64_t, uint64_t);
    } st[6] = {
        {"embed", hash_u64s("embed", v_embed, 2), c.text_key, run_stage_embed},
        {"cluster", hash_u64s("cluster", v_cluster, 2), 0, run_stage_cluster},
        {"hierarchy", hash_u64s("hierarchy", v_hier, 4), 0, run_stage_hierarchy},
        {"name", hash_u64s("name", v_name, 2), 0, run_stage_name},
        {"layout", hash_u64s("layout", v_layout, 2), 0, run_stage_layout},
        {"privacy", hash_u64s("privacy", v_priv, 4), 0, run_stage_privacy},
    };
    /* A model backend changes what embed and name compute (0 offline: hashes unchanged). */
    if (run_llm_embed_tag(p))
        st[0].ph = kl_mix64(st[0].ph ^ run_llm_embed_tag(p));
    if (run_llm_name_tag(p))
        st[3].ph = kl_mix64(st[3].ph ^ run_llm_name_tag(p));
    /* A model backend with the deterministic tree: the name stage builds no levels. */
    if (c.llm && !run_hier_by_model(&c))
        st[3].ph = kl_mix64(st[3].ph ^ 0x64657465726dULL);
    uint64_t key[6];
    key[0] = kl_stage_key(st[0].name, st[0].ph, st[0].ih);
    st[1].ih = key[0];
    key[1] = kl_stage_key(st[1].name, st[1].ph, st[1].ih);
    st[2].ih = kl_mix64(key[1] ^ c.data_key);   /* leaves are grouped by their facets too */
    key[2] = kl_stage_key(st[2].name, st[2].ph, st[2].ih);
    st[3].ih = kl_mix64(key[2] ^ c.data_key);
    key[3] = kl_stage_key(st[3].name, st[3].ph, st[3].ih);
    /* With a model the name stage rebuilds the levels above the leaves: the layout reads them. */
    st[4].ih = c.llm ? key[3] : key[2];
    key[4] = kl_stage_key(st[4].name, st[4].ph, st[4].ih);
    uint64_t custom_key = run_custom_key(&c);
    st[5].ih = kl_mix64(key[3] ^ kl_mix64(key[4] ^ c.data_key));
    if (custom_key)   /* 0 without custom facets: the hashes of runs without them stay */
        st[5].ih = kl_mix64(st[5].ih ^ custom_key);
    if (c.screen_hash)   /* the snapshot names its screen */
        st[5].ih = kl_mix64(st[5].ih ^ c.screen_hash);
    key[5] = kl_stage_key(st[5].name, st[5].ph, st[5].ih);

    if (p->incremental) {
        /* New conversations join the stored leaves; only the counts are redone. */
        int rc = run_incremental_assign(&c, hash_u64s("assign", NULL, 0), c.data_key);
        if (rc != 0) {
            status = rc == -2 ? 2 : 1;
            goto done;
        }
        st[5].ih = kl_mix64(c.data_key ^ 0x696e6372656dULL);
        if (custom_key)
            st[5].ih = kl_mix64(st[5].ih ^ custom_key);
        if (c.screen_hash)
            st[5].ih = kl_mix64(st[5].ih ^ c.screen_hash);
        if (kl_stage_fresh(db, "privacy", st[5].ph, st[5].ih))
            kl_info("privacy: up to date");
        else if (run_stage_privacy(&c, st[5].ph, st[5].ih) != 0)
            goto done;
        if (publish(&c, kl_stage_key("privacy", st[5].ph, st[5].ih), c.k) != 0)
            goto done;
        status = 0;
        goto done;
    }
    for (int i = 0; i < 6; i++) {
        /* Naming and privacy need no vectors: their memory (1 GB at 1M conversations) goes
         * back before them, which keeps naming's own tables off the peak; the layout stage
         * in between reads the vectors again. */
        if (i == 3 || i == 5) {
            free(c.X);
            c.X = NULL;
        }
        if (kl_stage_fresh(db, st[i].name, st[i].ph, st[i].ih)) {
            kl_info("%s: up to date", st[i].name);
            continue;
        }
        if (st[i].fn(&c, st[i].ph, st[i].ih) != 0)
            goto done;
    }
    if (publish(&c, key[5], k) != 0)
        goto done;
    status = 0;
done:
    run_llm_close(&c);
    run_ctx_free(&c);
    kl_workdb_close(db);
    return status;
}
