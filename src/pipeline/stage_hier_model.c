/* stage_hier_model.c — the levels above the leaves built by the model (Clio's method), with
 * a model backend. Level by level on the deterministic tree's schedule: the clusters below
 * are named by the model (the leaves from their summaries, parents from their children);
 * their names are embedded (embed.h) and grouped by k-means (kmeans.h) into neighbourhoods
 * of about NEIGHBOURHOOD; the model proposes parents per neighbourhood, seeing the NEARBY
 * nearest clusters outside it; when the distinct proposals are more than the level needs,
 * the model merges them in one call (merging by meaning is the model's strength: a merge by
 * shared words alone joined unrelated fields, measured on the synthetic corpus), and when
 * that answer stays unusable they are merged deterministically (kl_hier_merge: similar
 * names, exactly the count); each child is placed under one parent, ASSIGN_BATCH children
 * per call with the parents' list shuffled for each batch (the calls stream in parallel
 * through the scheduler; an answer missing a child, naming a parent not on the list or a
 * child twice is re-asked once for those children only, the others kept). When fewer parents than the level needs have
 * children (fewer distinct proposals, or parents no child chose), the most crowded parent
 * is split in two by the deterministic method until the count is met (counted), unless
 * the model's own parents are fewer than half of it. Any answer still unusable after one
 * re-ask that names its error, or fewer than half: the level is built by the deterministic
 * method instead
 * (kl_hierarchy_group on the same vectors as the hierarchy stage's), and recorded. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kleio/buf.h"
#include "kleio/embed.h"
#include "kleio/facets_llm.h"
#include "kleio/hier_model.h"
#include "kleio/hierarchy.h"
#include "kleio/kmeans.h"
#include "kleio/linalg.h"
#include "kleio/llm.h"
#include "kleio/mem.h"
#include "kleio/naming.h"
#include "kleio/rng.h"
#include "kleio/workdb.h"
#include "run_internal.h"

#define NEIGHBOURHOOD 40      /* clusters per neighbourhood (Clio: about 40) */
#define NEARBY 5              /* nearest outside clusters shown with a neighbourhood */
#define NAME_DIM 64           /* dimensions of the names' embeddings */
#define PROPOSE_FACTOR 1.5    /* proposals asked for per parent the level needs */
#define MIN_WEIGHT 1e-6       /* as the deterministic hierarchy: empty clusters stay placed */
#define HIER_TEMPERATURE 0.2
#define ASSIGN_BATCH 20       /* children placed per question */
/* An answer's room: about 40 tokens an entry (a parent's name of up to ten words). */
#define ASSIGN_MAX_TOKENS(k) (100 + 40 * (k))

/* ---- asking with a strict check, one re-ask naming the error --------------------- */

typedef int (*check_fn)(void *ctx, size_t i, const char *answer, char *err, size_t errlen);
/* The question to ask again for question i (what is still unanswered), or NULL for the
 * same question; caller frees. */
typedef char *(*again_fn)(void *ctx, size_t i);

struct asked {
    size_t failed;            /* questions without a usable answer after the re-ask */
    size_t reasked;
    char first_err[600];      /* the first failure's reason */
    int stop_rc;
    char stop_err[512];
};

static void start(run_ctx *c, enum kl_prompt_id sys, const char *schema_name,
                  const char *schema, int max_tokens, const char *q, size_t i)
{
    kl_llm_ask a = {kl_prompt(sys), q, HIER_TEMPERATURE, max_tokens, schema_name, schema,
                    (void *)(uintptr_t)i, c->p->name_model};
    kl_llm_start(c->llm, &a);
}

static void ask_checked(run_ctx *c, enum kl_prompt_id sys, const char *schema_name,
                        const char *schema, int max_tokens, char *const *prompts, size_t n,
                        check_fn check, again_fn reprompt, void *ctx, struct asked *out)
{
    memset(out, 0, sizeof *out);
    size_t conc = (size_t)(c->p->concurrency > 0 ? c->p->concurrency : 8) * 4, next = 0;
    unsigned char *again = kl_calloc(n + 1, 1);
    for (;;) {
        while (!out->stop_rc && next < n && kl_llm_pending(c->llm) < conc) {
            start(c, sys, schema_name, schema, max_tokens, prompts[next], next);
            next++;
        }
        if (kl_llm_pending(c->llm) == 0)
            break;
        kl_llm_done d;
        if (!kl_llm_next(c->llm, 0.5, &d))
            continue;
        size_t i = (size_t)(uintptr_t)d.tag;
        char err[600] = "";
        if ((d.rc == KL_LLM_FATAL || d.rc == KL_LLM_BUDGET) && !out->stop_rc) {
            out->stop_rc = d.rc;
            snprintf(out->stop_err, sizeof out->stop_err, "%s", d.err);
        }
        int ok = d.rc == KL_LLM_OK && check(ctx, i, d.text, err, sizeof err) == 0;
        free(d.text);
        if (ok || out->stop_rc)
            continue;
        if (d.rc != KL_LLM_OK)
            snprintf(err, sizeof err, "%s", d.err);
        if (d.rc == KL_LLM_OK && !again[i]) {
            /* A new question naming the error (the cache would give the same answer). */
            again[i] = 1;
            out->reasked++;
            kl_buf q = KL_BUF_INIT;
            char *base = reprompt ? reprompt(ctx, i) : NULL;
            kl_buf_printf(&q, "%s\n\nYour previous answer could not be used: %s. Answer again "
                              "with the JSON object only.", base ? base : prompts[i], err);
            free(base);
            start(c, sys, schema_name, schema, max_tokens, kl_buf_cstr(&q), i);
            kl_buf_free(&q);
            continue;
        }
        if (!out->failed++)
            snprintf(out->first_err, sizeof out->first_err, "%s", err);
    }
    free(again);
}

/* ---- one level --------------------------------------------------------------------- */

struct level {
    run_ctx *c;
    size_t n;                 /* children */
    size_t m;                 /* parents wanted */
    const kl_cluster_name *below;
    float *emb;               /* n x NAME_DIM name embeddings */
    size_t dim;
    /* proposals, per neighbourhood then flattened */
    size_t n_nb, *want;
    char ***pn, ***pd;
    size_t *pc;
    /* the model's merge of the proposals, and why it was not used ("" when it was) */
    char **dn, **dd;
    size_t dc;
    char merge_err[600];
    /* the merged parents */
    const char **par_name, **par_desc;
    long *assign;
    /* the assignment's batches: the children still to place in each, and its parents' order */
    size_t nb, **bkids, *bn;
    uint32_t **border;
    const char **cname, **cdesc;   /* the children's names and descriptions */
};

static int check_propose(void *ctx, size_t h, const char *answer, char *err, size_t errlen)
{
    struct level *L = ctx;
    return kl_hier_propose_parse(answer, L->want[h], &L->pn[h], &L->pd[h], &L->pc[h], err, errlen);
}

static int check_dedup(void *ctx, size_t i, const char *answer, char *err, size_t errlen)
{
    (void)i;
    struct level *L = ctx;
    return kl_hier_dedup_parse(answer, L->m, &L->dn, &L->dd, &L->dc, err, errlen);
}

/* A batch's answer: its placed children are kept, the others stay for the re-ask. */
static int check_assign(void *ctx, size_t i, const char *answer, char *err, size_t errlen)
{
    struct level *L = ctx;
    size_t nk = L->bn[i];
    long *pick = kl_malloc((nk + 1) * sizeof *pick);
    kl_hier_assign_parse(answer, nk, L->par_name, L->m, pick, err, errlen);
    size_t left = 0;
    for (size_t j = 0; j < nk; j++) {
        if (pick[j] >= 0)
            L->assign[L->bkids[i][j]] = pick[j];
        else
            L->bkids[i][left++] = L->bkids[i][j];
    }
    free(pick);
    L->bn[i] = left;
    return left ? -1 : 0;
}

static char *again_assign(void *ctx, size_t i)
{
    struct level *L = ctx;
    return kl_hier_assign_prompt(L->cname, L->cdesc, L->bkids[i], L->bn[i], L->par_name,
                                 L->par_desc, L->border[i], L->m);
}

static char *name_text(const char *name, const char *desc)
{
    kl_buf b = KL_BUF_INIT;
    kl_buf_printf(&b, "%s. %s", name ? name : "", desc ? desc : "");
    return kl_buf_steal(&b);
}

/* Embeds texts[0..n) into n x *dim floats (the offline lexical embedding). */
static float *embed_texts(run_ctx *c, char **texts, size_t n, size_t *dim)
{
    kl_embed_params ep = {0};
    ep.dim = NAME_DIM;
    ep.seed = c->p->seed;
    ep.threads = c->p->threads;
    ep.gloss_copies = -1;
    float *out = kl_calloc(n * NAME_DIM + 1, sizeof *out);
    kl_embed_model *em = kl_embed_fit((const char *const *)texts, n, &ep, out);
    *dim = em ? (size_t)kl_embed_dim(em) : NAME_DIM;
    kl_embed_free(em);
    return out;
}

/* Neighbourhoods of the level's names and the model's proposals for each (L->pn, pd, pc):
 * 0, -1 with the reason in why, or the KL_LLM_FATAL / KL_LLM_BUDGET that stops the run. */
static int propose(struct level *L, int level, char *why, size_t whylen, size_t *calls_re)
{
    run_ctx *c = L->c;
    size_t n = L->n, m = L->m;
    char **texts = kl_calloc(n + 1, sizeof *texts);
    size_t named = 0;
    for (size_t i = 0; i < n; i++) {
        texts[i] = name_text(L->below[i].name, L->below[i].description);
        named += L->below[i].name[0] != '\0';
    }
    if (named == 0) {
        snprintf(why, whylen, "no cluster of level %d has a model name", level - 1);
        for (size_t i = 0; i < n; i++)
            free(texts[i]);
        free(texts);
        return -1;
    }
    L->emb = embed_texts(c, texts, n, &L->dim);
    for (size_t i = 0; i < n; i++)
        free(texts[i]);
    free(texts);
    /* Neighbourhoods. */
    size_t K = (n + NEIGHBOURHOOD / 2) / NEIGHBOURHOOD;
    K = K < 1 ? 1 : K;
    uint32_t *nb = kl_calloc(n + 1, sizeof *nb);
    if (K > 1) {
        kl_kmeans_params kp = {0};
        kp.k = K;
        kp.seed = c->p->seed ^ (uint64_t)level;
        kp.threads = c->p->threads;
        kl_kmeans_result kr;
        if (kl_kmeans_fit(L->emb, n, L->dim, &kp, &kr) == 0) {
            memcpy(nb, kr.assign, n * sizeof *nb);
            kl_kmeans_result_free(&kr);
        } else {
            K = 1;
        }
    }
    L->n_nb = K;
    L->want = kl_calloc(K + 1, sizeof *L->want);
    L->pn = kl_calloc(K + 1, sizeof *L->pn);
    L->pd = kl_calloc(K + 1, sizeof *L->pd);
    L->pc = kl_calloc(K + 1, sizeof *L->pc);
    char **prompts = kl_calloc(K + 1, sizeof *prompts);
    size_t *mem = kl_malloc((n + 1) * sizeof *mem);
    const char **mn = kl_malloc((n + 1) * sizeof *mn), **md = kl_malloc((n + 1) * sizeof *md);
    double *cent = kl_calloc(L->dim + 1, sizeof *cent);
    float *centf = kl_calloc(L->dim + 1, sizeof *centf);
    for (size_t h = 0; h < K; h++) {
        size_t cnt = 0;
        memset(cent, 0, L->dim * sizeof *cent);
        for (size_t i = 0; i < n; i++)
            if (nb[i] == h) {
                mem[cnt] = i;
                mn[cnt] = L->below[i].name;
                md[cnt++] = L->below[i].description;
                for (size_t x = 0; x < L->dim; x++)
                    cent[x] += L->emb[i * L->dim + x];
            }
        for (size_t x = 0; x < L->dim; x++)
            centf[x] = cnt ? (float)(cent[x] / (double)cnt) : 0.0f;
        /* The NEARBY clusters outside nearest to the neighbourhood's mean. */
        size_t near[NEARBY], nn = 0;
        double nd[NEARBY];
        for (size_t i = 0; i < n; i++) {
            if (nb[i] == h)
                continue;
            kl_nearest_offer(nd, near, NEARBY, &nn, kl_dist2(L->emb + i * L->dim, centf, L->dim), i);
        }
        const char *nn_n[NEARBY], *nn_d[NEARBY];
        for (size_t q = 0; q < nn; q++) {
            nn_n[q] = L->below[near[q]].name;
            nn_d[q] = L->below[near[q]].description;
        }
        double w = PROPOSE_FACTOR * (double)m * (double)cnt / (double)n;
        L->want[h] = w < 1 ? 1 : (size_t)llround(w);
        prompts[h] = cnt ? kl_hier_propose_prompt(mn, md, cnt, nn_n, nn_d, nn, L->want[h]) : NULL;
    }
    free(cent);
    free(centf);
    free(mem);
    free(mn);
    free(md);
    free(nb);
    /* Empty neighbourhoods (k-means repairs them, but be sure) get no question. */
    size_t ask_n = 0;
    for (size_t h = 0; h < K; h++)
        if (prompts[h]) {
            L->want[ask_n] = L->want[h];
            prompts[ask_n++] = prompts[h];
        }
    struct asked as;
    ask_checked(c, KL_PROMPT_HIER_PROPOSE_SYSTEM, "parents", kl_hier_propose_schema, 1500,
                prompts, ask_n, check_propose, NULL, L, &as);
    for (size_t h = 0; h < ask_n; h++)
        free(prompts[h]);
    free(prompts);
    *calls_re += as.reasked;
    if (as.stop_rc) {
        snprintf(why, whylen, "%s", as.stop_err);
        return as.stop_rc;
    }
    if (as.failed) {
        snprintf(why, whylen, "proposals of %zu neighbourhood(s) unusable: %s", as.failed,
                 as.first_err);
        return -1;
    }
    return 0;
}

/* Fewer parents with children (q) than the level's m_all: the most crowded parent is split
 * in two by the deterministic method (on feat, da wide) until the count is met. */
static void complete_by_splits(struct level *L, const float *feat, size_t da, size_t q,
                               size_t m_all, size_t *repaired)
{
    size_t n = L->n;
    size_t *kids = kl_calloc(m_all + 1, sizeof *kids), *who = kl_malloc((n + 1) * sizeof *who);
    float *sub = kl_malloc((n * da + 1) * sizeof *sub);
    uint32_t *half = kl_malloc((n + 1) * sizeof *half);
    for (size_t i = 0; i < n; i++)
        kids[L->assign[i]]++;
    for (; q < m_all; q++) {
        size_t big = 0;
        for (size_t g = 1; g < q; g++)
            if (kids[g] > kids[big])
                big = g;
        size_t cnt = 0;
        for (size_t i = 0; i < n; i++)
            if ((size_t)L->assign[i] == big) {
                memcpy(sub + cnt * da, feat + i * da, da * sizeof *sub);
                who[cnt++] = i;
            }
        if (cnt < 4 || kl_hierarchy_group(sub, cnt, da, 2, L->c->p->threads, half) != 0) {
            /* Two or three children: the last one starts the new parent. */
            for (size_t j = 0; j < cnt; j++)
                half[j] = j + 1 == cnt;
        }
        for (size_t j = 0; j < cnt; j++)
            if (half[j]) {
                L->assign[who[j]] = (long)q;
                kids[big]--;
                kids[q]++;
            }
        (*repaired)++;
    }
    free(kids);
    free(who);
    free(sub);
    free(half);
}

/* The model's parents for one level into parent[0..n); 0, -1 with the reason in why, or the
 * KL_LLM_FATAL / KL_LLM_BUDGET that stops the run (said in why). */
static int model_level(struct level *L, int level, const float *feat, size_t da, uint32_t *parent,
                       char *why, size_t whylen, size_t *calls_re, size_t *repaired)
{
    run_ctx *c = L->c;
    size_t n = L->n, m = L->m, K;
    int prc = propose(L, level, why, whylen, calls_re);
    if (prc != 0)
        return prc;
    K = L->n_nb;
    struct asked as;
    size_t P = 0;
    for (size_t h = 0; h < K; h++)
        P += L->pc[h];
    if (P == 0) {
        snprintf(why, whylen, "no proposal");
        return -1;
    }
    size_t m_all = m;
    char **pn = kl_calloc(P + 1, sizeof *pn), **pd = kl_calloc(P + 1, sizeof *pd);
    char **pt = kl_calloc(P + 1, sizeof *pt);
    size_t p = 0;
    for (size_t h = 0; h < K; h++)
        for (size_t q = 0; q < L->pc[h]; q++) {
            pn[p] = L->pn[h][q];
            pd[p] = L->pd[h][q];
            pt[p] = name_text(pn[p], pd[p]);
            p++;
        }
    /* The distinct proposals. More than the level needs: the model merges them (one call),
     * else (its answer unusable after the re-ask) the deterministic merge of similar names.
     * Fewer parents than needed either way: the level is completed by splits below. */
    const char **un = kl_malloc((P + 1) * sizeof *un), **ud = kl_malloc((P + 1) * sizeof *ud);
    size_t distinct = 0;
    for (size_t i = 0; i < P; i++) {
        size_t j = 0;
        while (j < i && strcasecmp(pn[j], pn[i]) != 0)
            j++;
        if (j == i) {
            un[distinct] = pn[i];
            ud[distinct++] = pd[i];
        }
    }
    if (distinct > m) {
        char *dq = kl_hier_dedup_prompt(un, ud, distinct, m);
        ask_checked(c, KL_PROMPT_HIER_DEDUP_SYSTEM, "parents", kl_hier_propose_schema, 4000, &dq,
                    1, check_dedup, NULL, L, &as);
        free(dq);
        *calls_re += as.reasked;
        if (as.stop_rc) {
            snprintf(why, whylen, "%s", as.stop_err);
            for (size_t j = 0; j < P; j++)
                free(pt[j]);
            free(pt);
            free(pn);
            free(pd);
            free(un);
            free(ud);
            return as.stop_rc;
        }
        if (as.failed)
            snprintf(L->merge_err, sizeof L->merge_err, "%s", as.first_err);
    }
    free(un);
    free(ud);
    size_t pdim;
    float *pe = NULL;
    uint32_t *grp = NULL, *rep = NULL;
    if (L->dc) {
        m = L->dc;
        L->par_name = kl_malloc((m + 1) * sizeof *L->par_name);
        L->par_desc = kl_malloc((m + 1) * sizeof *L->par_desc);
        for (size_t g = 0; g < m; g++) {
            L->par_name[g] = L->dn[g];
            L->par_desc[g] = L->dd[g];
        }
    } else {
        m = distinct < m ? distinct : m;
        pe = embed_texts(c, pt, P, &pdim);
        grp = kl_malloc((P + 1) * sizeof *grp);
        rep = kl_malloc((m + 1) * sizeof *rep);
        kl_hier_merge((const char *const *)pn, pe, P, pdim, m, grp, rep);
        L->par_name = kl_malloc((m + 1) * sizeof *L->par_name);
        L->par_desc = kl_malloc((m + 1) * sizeof *L->par_desc);
        for (size_t g = 0; g < m; g++) {
            L->par_name[g] = pn[rep[g]];
            L->par_desc[g] = pd[rep[g]];
        }
    }
    L->m = m;                 /* the parents the children choose from */
    /* Assignment: ASSIGN_BATCH children per question, the parents in an order drawn for
     * each batch (one list per batch: a list per child would repeat the parents for every
     * child, the cost batching saves, and a fresh order per batch still spreads the
     * position bias over the parents). */
    L->assign = kl_malloc((n + 1) * sizeof *L->assign);
    L->cname = kl_malloc((n + 1) * sizeof *L->cname);
    L->cdesc = kl_malloc((n + 1) * sizeof *L->cdesc);
    for (size_t i = 0; i < n; i++) {
        L->assign[i] = -1;
        L->cname[i] = L->below[i].name;
        L->cdesc[i] = L->below[i].description;
    }
    size_t nb = (n + ASSIGN_BATCH - 1) / ASSIGN_BATCH;
    L->bkids = kl_calloc(nb + 1, sizeof *L->bkids);
    L->bn = kl_calloc(nb + 1, sizeof *L->bn);
    L->border = kl_calloc(nb + 1, sizeof *L->border);
    L->nb = nb;
    char **aq = kl_calloc(nb + 1, sizeof *aq);
    for (size_t b = 0; b < nb; b++) {
        size_t lo = b * ASSIGN_BATCH, hi = lo + ASSIGN_BATCH < n ? lo + ASSIGN_BATCH : n;
        L->bkids[b] = kl_malloc((hi - lo + 1) * sizeof **L->bkids);
        for (size_t i = lo; i < hi; i++)
            L->bkids[b][L->bn[b]++] = i;
        uint32_t *order = L->border[b] = kl_malloc((m + 1) * sizeof *order);
        for (size_t g = 0; g < m; g++)
            order[g] = (uint32_t)g;
        uint64_t s = kl_mix64(c->p->seed ^ kl_mix64(((uint64_t)level << 32) ^ b ^ 0x73687566ULL));
        for (size_t g = m; g > 1; g--) {
            s = kl_mix64(s + g);
            size_t r = (size_t)(s % g);
            uint32_t t = order[g - 1];
            order[g - 1] = order[r];
            order[r] = t;
        }
        aq[b] = kl_hier_assign_prompt(L->cname, L->cdesc, L->bkids[b], L->bn[b], L->par_name,
                                      L->par_desc, order, m);
    }
    ask_checked(c, KL_PROMPT_HIER_ASSIGN_SYSTEM, "assignments", kl_hier_assign_schema,
                ASSIGN_MAX_TOKENS(ASSIGN_BATCH), aq, nb, check_assign, again_assign, L, &as);
    for (size_t b = 0; b < nb; b++)
        free(aq[b]);
    free(aq);
    size_t unplaced = 0;
    for (size_t i = 0; i < n; i++)
        unplaced += L->assign[i] < 0;
    *calls_re += as.reasked;
    int rc = 0;
    if (as.stop_rc) {
        snprintf(why, whylen, "%s", as.stop_err);
        rc = as.stop_rc;
    } else if (as.failed) {
        snprintf(why, whylen, "%zu child(ren) not placed: %s", unplaced, as.first_err);
        rc = -1;
    }
    /* Parents no child chose are dropped; fewer left than the level needs are completed
     * by splits, unless the model's own parents are fewer than half of it. */
    size_t *kids = kl_calloc(m_all + 1, sizeof *kids), *id = kl_calloc(m_all + 1, sizeof *id);
    size_t q = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        kids[L->assign[i]]++;
    for (size_t g = 0; g < m && rc == 0; g++)
        id[g] = kids[g] ? q++ : SIZE_MAX;
    if (rc == 0 && q * 2 < m_all) {
        snprintf(why, whylen, "%zu of the %zu parents have a child (%zu proposals)", q, m_all, P);
        rc = -1;
    }
    for (size_t i = 0; i < n && rc == 0; i++)
        L->assign[i] = (long)id[L->assign[i]];
    if (rc == 0)
        complete_by_splits(L, feat, da, q, m_all, repaired);
    free(id);
    free(kids);
    for (size_t i = 0; i < n && rc == 0; i++)
        parent[i] = (uint32_t)L->assign[i];
    for (size_t j = 0; j < P; j++)
        free(pt[j]);
    free(pt);
    free(pe);
    free(grp);
    free(rep);
    free(pn);
    free(pd);
    return rc;
}

static void level_free(struct level *L)
{
    for (size_t h = 0; h < L->n_nb; h++) {
        for (size_t q = 0; q < L->pc[h]; q++) {
            free(L->pn[h][q]);
            free(L->pd[h][q]);
        }
        free(L->pn[h]);
        free(L->pd[h]);
    }
    free(L->pn);
    free(L->pd);
    free(L->pc);
    free(L->want);
    free(L->emb);
    for (size_t g = 0; g < L->dc; g++) {
        free(L->dn[g]);
        free(L->dd[g]);
    }
    free(L->dn);
    free(L->dd);
    free(L->par_name);
    free(L->par_desc);
    free(L->assign);
    for (size_t b = 0; b < L->nb; b++) {
        free(L->bkids[b]);
        free(L->border[b]);
    }
    free(L->bkids);
    free(L->bn);
    free(L->border);
    free(L->cname);
    free(L->cdesc);
}

static void names_free(kl_cluster_name *nm, size_t n)
{
    for (size_t i = 0; nm && i < n; i++) {
        free(nm[i].name);
        free(nm[i].description);
    }
    free(nm);
}

static void record(run_ctx *c, const char *model, int by_model, int fallback, const char *detail)
{
    sqlite3_stmt *st;
    if (kl_db_exec(c->db, "CREATE TABLE IF NOT EXISTS run_hier_model(id INTEGER PRIMARY KEY "
                          "CHECK (id = 1), model TEXT NOT NULL, by_model INTEGER NOT NULL, "
                          "fallback INTEGER NOT NULL, detail TEXT NOT NULL)") != 0 ||
        sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO run_hier_model(id, model, by_model, "
                                  "fallback, detail) VALUES(1, ?, ?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_text(st, 1, model, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, by_model);
    sqlite3_bind_int(st, 3, fallback);
    sqlite3_bind_text(st, 4, detail, -1, SQLITE_TRANSIENT);
    sqlite3_step(st);
    sqlite3_finalize(st);
}

void run_hier_model_meta(run_ctx *c, char *out, size_t outlen)
{
    *out = '\0';
    if (!run_hier_by_model(c))   /* a record of an earlier run with the model */
        return;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(c->db, "SELECT model, by_model, fallback, detail FROM run_hier_model "
                                  "WHERE id = 1", -1, &st, NULL) != SQLITE_OK)
        return;
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(out, outlen, "%s: %d of %d levels by the model; %s",
                 (const char *)sqlite3_column_text(st, 0), sqlite3_column_int(st, 1),
                 sqlite3_column_int(st, 1) + sqlite3_column_int(st, 2),
                 (const char *)sqlite3_column_text(st, 3));
    sqlite3_finalize(st);
}

bool run_hier_by_model(const run_ctx *c)
{
    return c->llm && !(c->p->hierarchy && strcmp(c->p->hierarchy, "deterministic") == 0);
}

int run_hier_model(run_ctx *c, run_tree *t, char *note, size_t note_len)
{
    const char *model = c->p->name_model ? c->p->name_model : kl_llm_model(c->llm);
    /* No record of an earlier run may outlive this one. */
    if (kl_db_exec(c->db, "DROP TABLE IF EXISTS run_hier_model") != 0)
        return -1;
    if (t->levels < 2 || !t->d)
        return 0;
    kl_llm_stats since;
    kl_llm_stats_get(c->llm, &since);
    char err[1400] = "";
    size_t n0 = t->count[0];
    kl_cluster_name *below = kl_calloc(n0 + 1, sizeof *below);
    size_t below_n = n0;
    int rc = run_name_model_leaves(c, t, below, err, sizeof err);
    size_t da;
    float *feat = rc ? NULL : run_hier_features(c, t->centroid[0], n0, t->d, &da);
    double *fsize = kl_malloc((n0 + 1) * sizeof *fsize);
    memcpy(fsize, t->size[0], n0 * sizeof *fsize);
    kl_buf detail = KL_BUF_INIT;
    int by_model = 0, fallback = 0;
    size_t reasked = 0;
    for (int l = 1; l < t->levels && rc == 0; l++) {
        size_t n = t->count[l - 1], m = t->count[l];
        uint32_t *parent = kl_malloc((n + 1) * sizeof *parent);
        struct level L;
        memset(&L, 0, sizeof L);
        L.c = c;
        L.n = n;
        L.m = m;
        L.below = below;
        char why[1400] = "";
        size_t repaired = 0;
        kl_progress pr;
        kl_progress_start(&pr, "hierarchy (model)", 0);
        int mr = model_level(&L, l, feat, da, parent, why, sizeof why, &reasked, &repaired);
        char merge_err[600];
        snprintf(merge_err, sizeof merge_err, "%s", L.merge_err);
        level_free(&L);
        if (mr == KL_LLM_FATAL || mr == KL_LLM_BUDGET) {
            kl_progress_end(&pr, "stopped");
            snprintf(err, sizeof err, "%s", why);
            rc = mr;
            free(parent);
            break;
        }
        if (mr != 0) {
            /* The deterministic method for this level, on the same vectors as the stage's. */
            kl_warn("hierarchy: level %d by the deterministic method: %s", l, why);
            if (kl_hierarchy_group(feat, n, da, m, c->p->threads, parent) != 0) {
                kl_error("hierarchy: cannot group %zu clusters into %zu", n, m);
                rc = -1;
                free(parent);
                break;
            }
            fallback++;
            kl_buf_printf(&detail, "%slevel %d deterministic (%s)", detail.len ? ", " : "", l, why);
        } else {
            by_model++;
            kl_buf_printf(&detail, "%slevel %d model", detail.len ? ", " : "", l);
            if (*merge_err)
                kl_buf_printf(&detail, " (proposals merged by similar names: %s)", merge_err);
            if (repaired)
                kl_buf_printf(&detail, " (%zu parents split off)", repaired);
        }
        kl_progress_end(&pr, "level %d: %zu clusters under %zu parents%s", l, n, m,
                        mr ? " (deterministic)" : "");
        /* The level's sizes, features and centroids: size-weighted means, as the
         * deterministic hierarchy computes them. */
        free(t->parent[l - 1]);
        t->parent[l - 1] = parent;
        double *acc = kl_calloc(m * da + 1, sizeof *acc), *ws = kl_calloc(m + 1, sizeof *ws);
        double *nsize = kl_calloc(m + 1, sizeof *nsize);
        for (size_t i = 0; i < n; i++) {
            uint32_t q = parent[i];
            double we = fsize[i] > MIN_WEIGHT ? fsize[i] : MIN_WEIGHT;
            nsize[q] += fsize[i];
            ws[q] += we;
            for (size_t x = 0; x < da; x++)
                acc[q * da + x] += we * feat[i * da + x];
        }
        float *nfeat = kl_malloc((m * da + 1) * sizeof *nfeat);
        for (size_t q = 0; q < m; q++)
            for (size_t x = 0; x < da; x++)
                nfeat[q * da + x] = (float)(acc[q * da + x] / ws[q]);
        for (size_t q = 0; q < m; q++) {
            t->size[l][q] = nsize[q];
            memcpy(t->centroid[l] + q * t->d, nfeat + q * da, t->d * sizeof(float));
        }
        free(acc);
        free(ws);
        free(feat);
        free(fsize);
        feat = nfeat;
        fsize = nsize;
        /* The parents' names from their actual children, for the level above. */
        if (l + 1 < t->levels) {
            kl_cluster_name *up = kl_calloc(m + 1, sizeof *up);
            rc = run_name_model_parents(c, t, l, below, up, err, sizeof err);
            names_free(below, below_n);
            below = up;
            below_n = m;
        }
    }
    names_free(below, below_n);
    free(feat);
    free(fsize);
    if (rc != 0) {
        if (rc == KL_LLM_FATAL || rc == KL_LLM_BUDGET)
            run_llm_fail(c, "hierarchy", rc, err);
        kl_buf_free(&detail);
        return -1;
    }
    record(c, model, by_model, fallback, kl_buf_cstr(&detail));
    char usage[256];
    run_llm_usage(c, &since, usage, sizeof usage);
    size_t off = strlen(note);
    snprintf(note + off, note_len - off, "; hierarchy by %s: %s (%zu re-asks); %s", model,
             kl_buf_cstr(&detail), reasked, usage);
    kl_buf_free(&detail);
    return 0;
}
