/* naming.c — cluster names from class-based TF-IDF over words and phrases.
 *
 * Pass 1 (documents in canonical order): weighted term frequencies per (term, cluster)
 * and per (term, sibling group). Terms are word 1-3-grams that neither start nor end
 * with a stop word, or character 2-3-grams inside runs of scripts without spaces.
 * Scores: W = tf(x,c) log(1 + A / f(x)), multiplied by PHRASE_BONUS for phrases.
 * Pass 2: for the CANDIDATES best terms of each cluster only, the distinct users (the
 * k-anonymity rule) and the term's text. Selection skips a term that shares a word with
 * one already chosen, so a name does not say "alarm, set alarm". */
#include "kleio/naming.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/buf.h"
#include "kleio/mem.h"
#include "kleio/parallel.h"
#include "kleio/rng.h"
#include "kleio/stopwords.h"
#include "kleio/tokens.h"
#include "kleio/utf8.h"

#define CANDIDATES 48
#define NAME_TERMS 3          /* terms joined into a name */
#define DESC_TERMS 3          /* terms in the description sentence */
#define MAX_NAME_WORDS 10

static const double PHRASE_BONUS[4] = {0, 1.0, 2.0, 2.5};

/* ---- a hash map from (term hash, cluster) to a double ---------------------------------- */

typedef struct entry {
    uint64_t term;
    uint32_t cl;
    uint32_t used;
    double v;
} entry;

typedef struct map {
    entry *e;
    size_t cap, len;
} map;

static size_t slot_of(const map *m, uint64_t term, uint32_t cl)
{
    size_t i = (size_t)kl_mix64(term ^ ((uint64_t)cl * 0x9e3779b97f4a7c15ULL)) & (m->cap - 1);
    while (m->e[i].used && (m->e[i].term != term || m->e[i].cl != cl))
        i = (i + 1) & (m->cap - 1);
    return i;
}

static void map_init(map *m, size_t cap)
{
    m->cap = 1;
    while (m->cap < cap)
        m->cap <<= 1;
    m->e = kl_calloc(m->cap, sizeof *m->e);
    m->len = 0;
}

static entry *map_get(map *m, uint64_t term, uint32_t cl, int create)
{
    if (create && 2 * (m->len + 1) > m->cap) {
        map old = *m;
        map_init(m, old.cap * 2);
        for (size_t i = 0; i < old.cap; i++)
            if (old.e[i].used) {
                m->e[slot_of(m, old.e[i].term, old.e[i].cl)] = old.e[i];
                m->len++;
            }
        free(old.e);
    }
    size_t i = slot_of(m, term, cl);
    if (!m->e[i].used) {
        if (!create)
            return NULL;
        m->e[i] = (entry){term, cl, 1, 0};
        m->len++;
    }
    return &m->e[i];
}

static double map_val(map *m, uint64_t term, uint32_t cl)
{
    entry *e = map_get(m, term, cl, 0);
    return e ? e->v : 0;
}

/* Words common to requests of every kind ("tell me", "I need"): fine inside a phrase,
 * not at its edges. Sorted for a binary search. */
static const char *const generic[] = {
    "again", "also", "another", "anything", "come", "dont", "find", "get", "give", "go",
    "going", "hello", "help", "hey", "hi", "know", "let", "like", "look", "make", "many",
    "much", "need", "new", "no", "not", "now", "ok", "okay", "one", "right", "say", "see",
    "show", "tell", "thank", "thanks", "very", "want", "yes",
};

static bool is_edge_word(const uint32_t *cp, size_t len)
{
    if (kl_token_is_stopword(cp, len) || kl_stopword_is_frame(cp, len))
        return true;
    return kl_token_in_sorted(cp, len, generic, sizeof generic / sizeof *generic);
}

/* ---- terms of a document ------------------------------------------------------------- */

typedef struct term {
    uint64_t h;
    uint32_t first, len;      /* word range [first, first+len) or code-point range */
    uint8_t nwords;           /* 1-3, or 0 for a character n-gram */
} term;

typedef struct doc_terms {
    kl_tokens tok;
    term *t;
    size_t n, cap;
    signed char *edge;        /* per word: is_edge_word, -1 until asked (each word once) */
    size_t edge_cap;
} doc_terms;

static bool word_is_edge(doc_terms *d, size_t w)
{
    if (d->edge[w] < 0) {
        const kl_word *wd = &d->tok.words[w];
        d->edge[w] = is_edge_word(d->tok.cp + wd->start, wd->len);
    }
    return d->edge[w] > 0;
}

static void add_term(doc_terms *d, uint64_t h, uint32_t first, uint32_t len, uint8_t nw)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 64;
        d->t = kl_reallocarray(d->t, d->cap, sizeof *d->t);
    }
    d->t[d->n++] = (term){h, first, len, nw};
}

static int cmp_term(const void *a, const void *b)
{
    const term *x = a, *y = b;
    return (x->h > y->h) - (x->h < y->h);
}

/* Unique terms of text (sorted by hash; each term once: presence, as users are counted). */
static void doc_extract(const char *text, doc_terms *d)
{
    d->n = 0;
    kl_tokenize(text, &d->tok);
    const kl_tokens *t = &d->tok;
    if (d->edge_cap < t->n_words) {
        d->edge_cap = t->n_words;
        d->edge = kl_reallocarray(d->edge, d->edge_cap, sizeof *d->edge);
    }
    if (t->n_words)
        memset(d->edge, -1, t->n_words);
    for (size_t w = 0; w < t->n_words; w++) {
        const kl_word *wd = &t->words[w];
        if (wd->nospace) {
            for (uint32_t n = 2; n <= 3; n++)
                for (uint32_t i = 0; i + n <= wd->len; i++) {
                    if (kl_stopword_is_frame_ngram(t->cp + wd->start + i, n))
                        continue;
                    uint64_t h = 0x636a6bULL;
                    for (uint32_t j = 0; j < n; j++)
                        h = kl_mix64(h ^ t->cp[wd->start + i + j]);
                    add_term(d, h, wd->start + i, n, 0);
                }
            continue;
        }
        uint64_t h = 0x7465726dULL;
        for (uint32_t n = 1; n <= 3 && w + n <= t->n_words; n++) {
            const kl_word *last = &t->words[w + n - 1];
            /* Fragments such as the "s" of "let's" or the letters of "u.s.d" make no
             * readable phrase. */
            if (last->nospace || (last->len < 2 && t->cp[last->start] < 0x80))
                break;
            for (uint32_t j = 0; j < last->len; j++)
                h = kl_mix64(h ^ t->cp[last->start + j]);
            h = kl_mix64(h ^ 0x20);
            if (word_is_edge(d, w) || word_is_edge(d, w + n - 1))
                continue;
            add_term(d, h, (uint32_t)w, n, (uint8_t)n);
        }
    }
    if (d->n > 1)
        qsort(d->t, d->n, sizeof *d->t, cmp_term);
    size_t u = 0;
    for (size_t i = 0; i < d->n; i++)
        if (u == 0 || d->t[u - 1].h != d->t[i].h)
            d->t[u++] = d->t[i];
    d->n = u;
}

static char *term_text(const doc_terms *d, const term *tm)
{
    kl_buf b = KL_BUF_INIT;
    char enc[4];
    const kl_tokens *t = &d->tok;
    if (tm->nwords == 0) {
        for (uint32_t j = 0; j < tm->len; j++)
            kl_buf_append(&b, enc, kl_utf8_encode(t->cp[tm->first + j], enc));
    } else {
        for (uint32_t w = tm->first; w < tm->first + tm->len; w++) {
            if (w > tm->first)
                kl_buf_putc(&b, ' ');
            for (uint32_t j = 0; j < t->words[w].len; j++)
                kl_buf_append(&b, enc, kl_utf8_encode(t->cp[t->words[w].start + j], enc));
        }
    }
    return kl_buf_steal(&b);
}

/* ---- canonical order ------------------------------------------------------------------ */

typedef struct okey {
    uint64_t h;
    const char *s;
    uint64_t user;
    size_t idx;
} okey;

static int cmp_okey(const void *a, const void *b)
{
    const okey *x = a, *y = b;
    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    int c = strcmp(x->s, y->s);
    if (c)
        return c;
    return (x->user > y->user) - (x->user < y->user);
}

/* ---- selection and wording ------------------------------------------------------------- */

typedef struct cand {
    uint64_t h;
    double score;
    uint8_t nwords;
    size_t users;
    char *text;
} cand;

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return 0;
}

static size_t count_words(const char *s)
{
    size_t n = 0;
    int in = 0;
    for (; *s; s++) {
        if (*s == ' ')
            in = 0;
        else if (!in) {
            in = 1;
            n++;
        }
    }
    return n;
}

/* True when a and b share a word (or, for character n-grams, overlap as strings). */
static int overlaps(const char *a, const char *b)
{
    if (strstr(a, b) || strstr(b, a))
        return 1;
    const char *p = a;
    while (*p) {
        size_t len = strcspn(p, " ");
        const char *q = b;
        while (*q) {
            size_t lq = strcspn(q, " ");
            if (lq == len && memcmp(p, q, len) == 0)
                return 1;
            q += lq;
            while (*q == ' ')
                q++;
        }
        p += len;
        while (*p == ' ')
            p++;
    }
    return 0;
}

/* Fills out from ranked eligible candidates (sorted by score, texts owned by cands). */
static void compose(cand *c, size_t nc, const kl_naming_params *p, kl_cluster_name *out)
{
    int max_words = p && p->max_words > 0 ? p->max_words : MAX_NAME_WORDS;
    if (max_words > MAX_NAME_WORDS)
        max_words = MAX_NAME_WORDS;
    size_t max_terms = p && p->max_terms > 0 ? (size_t)p->max_terms : 8;
    out->terms = kl_calloc(max_terms, sizeof *out->terms);
    out->score = kl_calloc(max_terms, sizeof *out->score);
    out->n_terms = 0;
    for (size_t i = 0; i < nc && out->n_terms < max_terms; i++) {
        int dup = 0;
        for (size_t j = 0; j < out->n_terms && !dup; j++)
            dup = overlaps(out->terms[j], c[i].text);
        if (dup)
            continue;
        out->terms[out->n_terms] = kl_strdup(c[i].text);
        out->score[out->n_terms++] = c[i].score;
    }
    kl_buf name = KL_BUF_INIT, desc = KL_BUF_INIT;
    size_t words = 0;
    for (size_t i = 0; i < out->n_terms && i < NAME_TERMS; i++) {
        size_t w = count_words(out->terms[i]);
        if (words + w > (size_t)max_words)
            continue;
        if (words > 0)
            kl_buf_puts(&name, ", ");
        kl_buf_puts(&name, out->terms[i]);
        words += w;
    }
    size_t nd = out->n_terms < DESC_TERMS ? out->n_terms : DESC_TERMS;
    if (nd > 0) {
        kl_buf_puts(&desc, KL_NAMING_DESC_LEAD " ");
        for (size_t i = 0; i < nd; i++) {
            if (i > 0)
                kl_buf_puts(&desc, i + 1 == nd ? " " KL_NAMING_DESC_JOIN " " : ", ");
            kl_buf_puts(&desc, out->terms[i]);
        }
        kl_buf_putc(&desc, '.');
    }
    out->name = kl_buf_steal(&name);
    out->description = kl_buf_steal(&desc);
    if (!out->name)
        out->name = kl_strdup("");
    if (!out->description)
        out->description = kl_strdup("");
}

/* Scores of every (term, cluster): tf log(1 + A / f), by sibling group. */
static double ctfidf(double tf, double A, double f, uint8_t nwords)
{
    return f > 0 ? tf * log(1 + A / f) * PHRASE_BONUS[nwords ? nwords : 2] : 0;
}

/* Documents are read in chunks: their terms are extracted on every core (each document's
 * terms depend on it alone), then added up on one thread in the canonical order. */
#define CHUNK_DOCS 2048

typedef struct chunk {
    const okey *ord;          /* documents r0 .. r0 + n of the canonical order */
    size_t r0, n;
    const uint8_t *skip;      /* per document: not counted (no cluster, no weight) */
    doc_terms *dt;            /* CHUNK_DOCS slots */
} chunk;

static void chunk_worker(void *arg, int t, int nt)
{
    chunk *ch = arg;
    unsigned long lo, hi;
    kl_parallel_slice(ch->n, t, nt, &lo, &hi);
    for (size_t q = lo; q < hi; q++)
        if (!ch->skip[ch->r0 + q])
            doc_extract(ch->ord[ch->r0 + q].s, &ch->dt[q]);
}

static void doc_terms_free(doc_terms *d)
{
    kl_tokens_free(&d->tok);
    free(d->t);
    free(d->edge);
}

int kl_naming_from_docs(const kl_naming_docs *docs, const kl_naming_params *p,
                        kl_cluster_name *out)
{
    if (!docs || !out || docs->k == 0 || (docs->n > 0 && (!docs->texts || !docs->cluster)))
        return -1;
    size_t n = docs->n, k = docs->k;
    size_t min_users = p && p->min_users > 0 ? p->min_users : 1;
    okey *ord = kl_malloc((n ? n : 1) * sizeof *ord);
    for (size_t i = 0; i < n; i++) {
        ord[i].s = docs->texts[i] ? docs->texts[i] : "";
        ord[i].h = kl_hash_str(ord[i].s, 0x6e616d65ULL);
        ord[i].user = docs->user ? docs->user[i] : i;
        ord[i].idx = i;
    }
    if (n > 1)
        qsort(ord, n, sizeof *ord, cmp_okey);
    uint32_t *grp = kl_malloc(k * sizeof *grp);
    uint32_t ngroups = 1;
    for (size_t c = 0; c < k; c++) {
        grp[c] = docs->group ? docs->group[c] : 0;
        if (grp[c] + 1 > ngroups)
            ngroups = grp[c] + 1;
    }
    double *gtotal = kl_calloc(ngroups, sizeof *gtotal);   /* term occurrences per group */
    size_t *gclusters = kl_calloc(ngroups, sizeof *gclusters);
    for (size_t c = 0; c < k; c++)
        gclusters[grp[c]]++;

    /* Pass 1: frequencies (each document counts a term once, with its weight). */
    map tf, gf;
    map_init(&tf, 1024);
    map_init(&gf, 1024);
    uint8_t *skip = kl_malloc(n ? n : 1);
    for (size_t r = 0; r < n; r++) {
        size_t i = ord[r].idx;
        double w = docs->weight ? docs->weight[i] : 1.0;
        skip[r] = docs->cluster[i] >= k || !(w > 0);
    }
    int threads = kl_threads_resolve(0);
    doc_terms *dt = kl_calloc(CHUNK_DOCS, sizeof *dt);
    chunk ch = {ord, 0, 0, skip, dt};
    for (ch.r0 = 0; ch.r0 < n; ch.r0 += CHUNK_DOCS) {
        ch.n = n - ch.r0 < CHUNK_DOCS ? n - ch.r0 : CHUNK_DOCS;
        kl_parallel_run(threads, chunk_worker, &ch);
        for (size_t q = 0; q < ch.n; q++) {
            size_t r = ch.r0 + q, i = ord[r].idx;
            if (skip[r])
                continue;
            uint32_t c = docs->cluster[i];
            double w = docs->weight ? docs->weight[i] : 1.0;
            const doc_terms *d = &dt[q];
            for (size_t j = 0; j < d->n; j++) {
                map_get(&tf, d->t[j].h, c, 1)->v += w;
                map_get(&gf, d->t[j].h, grp[c], 1)->v += w;
                gtotal[grp[c]] += w;
            }
        }
    }
    /* Candidates: the best CANDIDATES terms of each cluster. */
    cand **cands = kl_calloc(k, sizeof *cands);
    size_t *ncand = kl_calloc(k, sizeof *ncand);
    for (size_t c = 0; c < k; c++)
        cands[c] = kl_calloc(CANDIDATES, sizeof **cands);
    /* Phrase length is needed for the bonus: recover it in pass 2; until then rank with
     * the plain score and keep a wider pool. */
    for (size_t s = 0; s < tf.cap; s++) {
        entry *e = &tf.e[s];
        if (!e->used)
            continue;
        uint32_t c = e->cl, g = grp[c];
        double A = gtotal[g] / (double)gclusters[g];
        double f = map_val(&gf, e->term, g);
        double sc = ctfidf(e->v, A, f, 1);
        cand *pool = cands[c];
        size_t m = ncand[c];
        if (m < CANDIDATES) {
            pool[m] = (cand){e->term, sc, 0, 0, NULL};
            ncand[c] = m + 1;
        } else {
            size_t worst = 0;
            for (size_t j = 1; j < m; j++)
                if (cmp_cand(&pool[j], &pool[worst]) > 0)
                    worst = j;
            cand nc = {e->term, sc, 0, 0, NULL};
            if (cmp_cand(&nc, &pool[worst]) < 0)
                pool[worst] = nc;
        }
    }
    /* Pass 2: distinct users and texts of the candidates. */
    map cidx;                                   /* (term, cluster) -> candidate slot + 1 */
    map_init(&cidx, 4 * k * CANDIDATES + 16);
    for (size_t c = 0; c < k; c++)
        for (size_t j = 0; j < ncand[c]; j++)
            map_get(&cidx, cands[c][j].h, (uint32_t)c, 1)->v = (double)(j + 1);
    map seen;                                   /* (term ^ user, cluster) seen */
    map_init(&seen, 1024);
    for (ch.r0 = 0; ch.r0 < n; ch.r0 += CHUNK_DOCS) {
        ch.n = n - ch.r0 < CHUNK_DOCS ? n - ch.r0 : CHUNK_DOCS;
        kl_parallel_run(threads, chunk_worker, &ch);
        for (size_t q = 0; q < ch.n; q++) {
            size_t r = ch.r0 + q, i = ord[r].idx;
            if (skip[r])
                continue;
            uint32_t c = docs->cluster[i];
            const doc_terms *d = &dt[q];
            for (size_t j = 0; j < d->n; j++) {
                entry *e = map_get(&cidx, d->t[j].h, c, 0);
                if (!e)
                    continue;
                cand *cd = &cands[c][(size_t)e->v - 1];
                if (!cd->text) {
                    cd->text = term_text(d, &d->t[j]);
                    cd->nwords = d->t[j].nwords;
                }
                uint64_t key = kl_mix64(d->t[j].h ^ kl_mix64(ord[r].user + 1));
                entry *u = map_get(&seen, key, c, 1);
                if (u->v == 0) {
                    u->v = 1;
                    cd->users++;
                }
            }
        }
    }
    for (size_t c = 0; c < k; c++) {
        size_t m = 0;
        for (size_t j = 0; j < ncand[c]; j++) {
            cand *cd = &cands[c][j];
            if (cd->text && cd->users >= min_users) {
                cd->score *= PHRASE_BONUS[cd->nwords ? cd->nwords : 2];
                cands[c][m++] = *cd;
            } else {
                free(cd->text);
            }
        }
        if (m > 1)
            qsort(cands[c], m, sizeof *cands[c], cmp_cand);
        compose(cands[c], m, p, &out[c]);
        for (size_t j = 0; j < m; j++)
            free(cands[c][j].text);
        free(cands[c]);
    }
    free(cands);
    free(ncand);
    free(seen.e);
    free(cidx.e);
    free(tf.e);
    free(gf.e);
    for (size_t q = 0; q < CHUNK_DOCS; q++)
        doc_terms_free(&dt[q]);
    free(dt);
    free(skip);
    free(gtotal);
    free(gclusters);
    free(grp);
    free(ord);
    return 0;
}

int kl_naming_parents(const kl_cluster_name *children, const uint32_t *parent,
                      const double *child_size, size_t n_children, size_t n_parents,
                      const uint32_t *pgroup, const kl_naming_params *p, kl_cluster_name *out)
{
    if (!children || !parent || !out || n_parents == 0)
        return -1;
    /* Parent term mass: size-weighted sum of the children's scores, keyed by the text. */
    map pm, gm;
    map_init(&pm, 256);
    map_init(&gm, 256);
    uint32_t ngroups = 1;
    for (size_t q = 0; q < n_parents; q++)
        if (pgroup && pgroup[q] + 1 > ngroups)
            ngroups = pgroup[q] + 1;
    double *gtotal = kl_calloc(ngroups, sizeof *gtotal);
    size_t *gcount = kl_calloc(ngroups, sizeof *gcount);
    for (size_t q = 0; q < n_parents; q++)
        gcount[pgroup ? pgroup[q] : 0]++;
    for (size_t c = 0; c < n_children; c++) {
        uint32_t q = parent[c];
        if (q >= n_parents)
            continue;
        uint32_t g = pgroup ? pgroup[q] : 0;
        double s = child_size ? child_size[c] : 1.0;
        for (size_t j = 0; j < children[c].n_terms; j++) {
            uint64_t h = kl_hash_str(children[c].terms[j], 0x706172ULL);
            double v = s * children[c].score[j];
            map_get(&pm, h, q, 1)->v += v;
            map_get(&gm, h, g, 1)->v += v;
            gtotal[g] += v;
        }
    }
    for (size_t q = 0; q < n_parents; q++) {
        uint32_t g = pgroup ? pgroup[q] : 0;
        double A = gtotal[g] / (double)gcount[g];
        size_t cap = 16, m = 0;
        cand *cs = kl_malloc(cap * sizeof *cs);
        for (size_t c = 0; c < n_children; c++) {
            if (parent[c] != q)
                continue;
            for (size_t j = 0; j < children[c].n_terms; j++) {
                uint64_t h = kl_hash_str(children[c].terms[j], 0x706172ULL);
                int dup = 0;
                for (size_t i = 0; i < m && !dup; i++)
                    dup = cs[i].h == h;
                if (dup)
                    continue;
                if (m == cap) {
                    cap *= 2;
                    cs = kl_reallocarray(cs, cap, sizeof *cs);
                }
                double tfq = map_val(&pm, h, (uint32_t)q);
                double f = map_val(&gm, h, g);
                cs[m++] = (cand){h, f > 0 ? tfq * log(1 + A / f) : 0, 1, 0, children[c].terms[j]};
            }
        }
        if (m > 1)
            qsort(cs, m, sizeof *cs, cmp_cand);
        compose(cs, m, p, &out[q]);
        free(cs);
    }
    free(gtotal);
    free(gcount);
    free(pm.e);
    free(gm.e);
    return 0;
}

void kl_cluster_name_free(kl_cluster_name *names, size_t k)
{
    if (!names)
        return;
    for (size_t c = 0; c < k; c++) {
        free(names[c].name);
        free(names[c].description);
        for (size_t j = 0; j < names[c].n_terms; j++)
            free(names[c].terms[j]);
        free(names[c].terms);
        free(names[c].score);
        memset(&names[c], 0, sizeof names[c]);
    }
}
