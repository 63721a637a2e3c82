/* naming.c — cluster names from class-based TF-IDF over words and phrases.
 *
 * Pass 1 (documents in canonical order): weighted term frequencies per (term, cluster)
 * and per (term, sibling group). Terms are word 1-3-grams within one clause that neither
 * start nor end with a stop word, or character 2-3-grams inside runs of scripts without
 * spaces.
 * Scores: W = tf(x,c) log(1 + A / f(x)), multiplied by PHRASE_BONUS for phrases.
 * Pass 2: for the CANDIDATES best terms of each cluster only, the distinct users (the
 * k-anonymity rule) and the term's text. Selection skips a term that shares a word with
 * one already chosen, so a name does not say "alarm, set alarm". */
#include "kleio/naming.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kleio/buf.h"
#include "kleio/mem.h"
#include "kleio/parallel.h"
#include "kleio/rng.h"
#include "kleio/stopwords.h"
#include "kleio/tokens.h"
#include "kleio/utf8.h"

#define CANDIDATES 48
/* Besides the most distinctive terms, the most widely used ones: held in reserve for a
 * cluster whose distinctive terms too few users share (a leaf of many languages). */
#define RESERVE_CANDIDATES 16
/* A cluster whose commonest language holds less than this share of it is mixed: it is
 * named by terms of the summaries' English gloss where one is eligible, so that its
 * name is in one language and says the topic its languages share. */
#define MIXED_SHARE 0.75
#define NATIVE_IN_MIXED 0.3   /* score weight of a term outside the gloss in such a cluster */
#define GLOSS_TERM 0.5        /* share of a term's uses in the gloss that makes it a gloss term */
#define NAME_TERMS 3          /* terms joined into a name */
#define DESC_TERMS 3          /* terms in the description sentence */
#define MAX_NAME_WORDS 10

static const double PHRASE_BONUS[4] = {0, 1.0, 2.0, 2.5};

/* A single word used in the corpus by GENERIC_SPAN times as many documents as the cluster
 * holds is a broad subject ("software" for a cluster of Android crashes), not what sets
 * the cluster apart: its score counts GENERIC_WEIGHT, so a distinctive phrase comes first
 * where one is shared widely enough. */
#define GENERIC_SPAN 4.0
#define GENERIC_WEIGHT 0.5

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

/* English prepositions and conjunctions the stop words leave out: a phrase that ends on
 * one ("backpacking route through") was cut before its object. Sorted. */
static const char *const function_words[] = {
    "across", "against", "along", "although", "among", "around", "because", "before",
    "behind", "below", "beside", "besides", "beyond", "both", "despite", "during", "each",
    "either", "every", "except", "instead", "near", "neither", "nor", "onto", "over",
    "per", "since", "though", "through", "throughout", "toward", "towards", "under",
    "unless", "until", "upon", "versus", "via", "whether", "while", "within", "without",
    "yet",
};

/* Words that say a value or a topic is missing ("None" in a summary of an empty turn,
 * "misc"): never a name, nor the edge of one. Sorted. */
static const char *const filler[] = {
    "etc", "everything", "general", "misc", "miscellaneous", "n", "na", "nan", "nil",
    "none", "nothing", "null", "other", "others", "stuff", "undefined", "unknown", "various",
};

static bool is_edge_word(const uint32_t *cp, size_t len, const char *lang)
{
    if (kl_token_is_stopword(cp, len) || kl_stopword_is_frame_in(cp, len, lang))
        return true;
    return kl_token_in_sorted(cp, len, generic, sizeof generic / sizeof *generic) ||
           kl_token_in_sorted(cp, len, filler, sizeof filler / sizeof *filler) ||
           kl_token_in_sorted(cp, len, function_words,
                              sizeof function_words / sizeof *function_words);
}

/* Inside a phrase, a word that opens a clause ("script that raises", "app which
 * crashes"): the phrase holds the start of a clause and not its end. Sorted. */
static const char *const clause_openers[] = {
    "because", "if", "that", "when", "where", "whether", "which", "while", "who", "whom",
    "whose",
};

/* A word right before a determiner is a verb ("drains its battery", "fix the sink"), one
 * right after a clause opener too ("script that raises keyerror"): a phrase that ends on
 * the first or starts on the second is a clause cut short. */
static const char *const determiners[] = {
    "a", "an", "any", "her", "his", "its", "my", "our", "some", "that", "the", "their",
    "these", "this", "those", "your",
};

static bool word_in(const kl_tokens *t, size_t w, const char *const *list, size_t n)
{
    return kl_token_in_sorted(t->cp + t->words[w].start, t->words[w].len, list, n);
}

#define WORD_IN(t, w, list) word_in(t, w, list, sizeof list / sizeof *list)

/* True when the phrase of words [w, w+n) of t (clauses marked by opens) is a fragment
 * of a clause rather than a noun phrase. */
static bool is_fragment(const kl_tokens *t, const uint8_t *opens, size_t w, size_t n)
{
    for (size_t j = 1; j + 1 < n; j++)
        if (WORD_IN(t, w + j, clause_openers))
            return true;
    if (w > 0 && !opens[w] && WORD_IN(t, w - 1, clause_openers))
        return true;
    /* Inside the phrase only after a verb's -s ("drains its battery"): "fix my script"
     * and "plan a trip" read as tasks. After it only within the clause. */
    for (size_t j = 0; j + 1 < n; j++) {
        const kl_word *a = &t->words[w + j];
        const uint32_t *end = t->cp + a->start + a->len;
        if (a->len > 2 && end[-1] == 's' && end[-2] != 's' && end[-2] != 'u' &&
            WORD_IN(t, w + j + 1, determiners))
            return true;
    }
    /* A single word before one is kept: a verb alone ("play", "book") is a task. */
    return n > 1 && w + n < t->n_words && !opens[w + n] && WORD_IN(t, w + n, determiners);
}

/* ---- terms of a document ------------------------------------------------------------- */

typedef struct term {
    uint64_t h;
    uint32_t first, len;      /* word range [first, first+len) or code-point range */
    uint8_t nwords;           /* 1-3, or 0 for a character n-gram */
    uint8_t gloss;            /* read in the summary's English gloss (concepts.h) */
} term;

typedef struct doc_terms {
    kl_tokens tok;            /* the words of every clause, back to back */
    kl_tokens part;           /* scratch: one clause */
    char *seg;                /* scratch: one clause's bytes */
    size_t seg_cap;
    term *t;
    size_t n, cap;
    signed char *edge;        /* per word: is_edge_word, -1 until asked (each word once) */
    uint8_t *opens;           /* per word: first word of a clause */
    size_t edge_cap;
    size_t gloss_word;        /* index of the gloss's first word (SIZE_MAX when none) */
    const char *lang;         /* the document's language code, NULL = unknown */
} doc_terms;

static bool word_is_edge(doc_terms *d, size_t w)
{
    if (d->edge[w] < 0) {
        const kl_word *wd = &d->tok.words[w];
        d->edge[w] = is_edge_word(d->tok.cp + wd->start, wd->len, d->lang);
    }
    return d->edge[w] > 0;
}

static void add_term(doc_terms *d, uint64_t h, uint32_t first, uint32_t len, uint8_t nw,
                     uint8_t gloss)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 64;
        d->t = kl_reallocarray(d->t, d->cap, sizeof *d->t);
    }
    d->t[d->n++] = (term){h, first, len, nw, gloss};
}

static int cmp_term(const void *a, const void *b)
{
    const term *x = a, *y = b;
    return (x->h > y->h) - (x->h < y->h);
}

/* Length of the clause separator at s (punctuation that ends a clause or a list item in
 * the scripts kleio reads, and the summary's gloss dash), 0 when there is none. */
static size_t clause_break(const char *s)
{
    static const char ascii[] = ".,;:!?()[]{}\"|/";
    static const char *const wide[] = {
        "\xE2\x80\x94", "\xE2\x80\x93", "\xE2\x80\xA6", "\xE3\x80\x82", "\xE3\x80\x81",
        "\xEF\xBC\x8C", "\xEF\xBC\x9B", "\xEF\xBC\x9A", "\xEF\xBC\x81", "\xEF\xBC\x9F",
        "\xEF\xBC\x88", "\xEF\xBC\x89", "\xE3\x80\x8C", "\xE3\x80\x8D", "\xC2\xAB", "\xC2\xBB",
        "\xC2\xBF", "\xC2\xA1", "\xD8\x8C", "\xD8\x9F", "\xD8\x9B", "\xE0\xA5\xA4",
    };
    if ((unsigned char)*s < 0x80)
        return *s && strchr(ascii, *s) ? 1 : 0;
    /* Called on every byte of a summary: a byte no separator starts with is answered
     * before the comparisons (a UTF-8 continuation byte never starts one). */
    if ((unsigned char)*s < 0xC0)
        return 0;
    for (size_t i = 0; i < sizeof wide / sizeof *wide; i++) {
        if (*s != wide[i][0])
            continue;
        size_t n = strlen(wide[i]);
        if (strncmp(s, wide[i], n) == 0)
            return n;
    }
    return 0;
}

/* Tokenizes text clause by clause into d->tok, marking the first word of each clause: a
 * phrase is read within a clause, never across "python, code; software". */
static void tokenize_clauses(const char *text, doc_terms *d)
{
    kl_tokens *t = &d->tok;
    t->n_cp = 0;
    t->n_words = 0;
    const char *p = text ? text : "";
    const char *gloss = kl_text_gloss(p);
    d->gloss_word = SIZE_MAX;
    size_t max = 65536;                         /* as kl_tokenize: summaries are short */
    while (*p && max > 0) {
        if (gloss && p > gloss && d->gloss_word == SIZE_MAX)
            d->gloss_word = t->n_words;
        const char *q = p;
        size_t sep = 0;
        while (*q && (size_t)(q - p) < max && (sep = clause_break(q)) == 0)
            q++;
        size_t len = (size_t)(q - p);
        if (len > 0) {
            if (d->seg_cap < len + 1) {
                d->seg_cap = 2 * len + 1;
                d->seg = kl_reallocarray(d->seg, d->seg_cap, 1);
            }
            memcpy(d->seg, p, len);
            d->seg[len] = '\0';
            kl_tokenize(d->seg, &d->part);
            if (t->cap_cp < t->n_cp + d->part.n_cp) {
                t->cap_cp = 2 * (t->n_cp + d->part.n_cp);
                t->cp = kl_reallocarray(t->cp, t->cap_cp, sizeof *t->cp);
            }
            if (t->cap_words < t->n_words + d->part.n_words) {
                t->cap_words = 2 * (t->n_words + d->part.n_words);
                t->words = kl_reallocarray(t->words, t->cap_words, sizeof *t->words);
            }
            if (d->edge_cap < t->cap_words) {
                d->edge_cap = t->cap_words;
                d->edge = kl_reallocarray(d->edge, d->edge_cap, sizeof *d->edge);
                d->opens = kl_reallocarray(d->opens, d->edge_cap, sizeof *d->opens);
            }
            if (d->part.n_cp)
                memcpy(t->cp + t->n_cp, d->part.cp, d->part.n_cp * sizeof *t->cp);
            for (size_t w = 0; w < d->part.n_words; w++) {
                kl_word wd = d->part.words[w];
                wd.start += (uint32_t)t->n_cp;
                d->opens[t->n_words] = w == 0;
                t->words[t->n_words++] = wd;
            }
            t->n_cp += d->part.n_cp;
        }
        max = max > len ? max - len : 0;
        p = q + sep;
        if (sep == 0)
            break;
    }
}

/* Code points of a word that are not combining marks: "å" written as a and a ring is one
 * letter. */
static size_t letters(const uint32_t *cp, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += !(cp[i] >= 0x0300 && cp[i] <= 0x036F);
    return n;
}

/* Unique terms of text (sorted by hash; each term once: presence, as users are counted). */
static void doc_extract(const char *text, const char *lang, doc_terms *d)
{
    d->lang = lang;
    d->n = 0;
    tokenize_clauses(text, d);
    const kl_tokens *t = &d->tok;
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
                    add_term(d, h, wd->start + i, n, 0, 0);
                }
            continue;
        }
        uint64_t h = 0x7465726dULL;
        for (uint32_t n = 1; n <= 3 && w + n <= t->n_words; n++) {
            const kl_word *last = &t->words[w + n - 1];
            /* Fragments such as the "s" of "let's", the letters of "u.s.d" or a lone
             * "å" make no readable phrase, and a phrase does not run into the next
             * clause. */
            if (last->nospace || letters(t->cp + last->start, last->len) < 2 ||
                (n > 1 && d->opens[w + n - 1]))
                break;
            for (uint32_t j = 0; j < last->len; j++)
                h = kl_mix64(h ^ t->cp[last->start + j]);
            h = kl_mix64(h ^ 0x20);
            if (word_is_edge(d, w) || word_is_edge(d, w + n - 1) || is_fragment(t, d->opens, w, n))
                continue;
            add_term(d, h, (uint32_t)w, n, (uint8_t)n, w >= d->gloss_word);
        }
    }
    if (d->n > 1)
        qsort(d->t, d->n, sizeof *d->t, cmp_term);
    size_t u = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (u == 0 || d->t[u - 1].h != d->t[i].h)
            d->t[u++] = d->t[i];
        else
            d->t[u - 1].gloss |= d->t[i].gloss;   /* in the wording and in the gloss */
    }
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
    double tf;                /* weighted documents of the cluster using the term */
    uint8_t nwords;
    uint8_t reserve;          /* from the pool by coverage: ranked after every other */
    size_t users;
    double gloss_tf;          /* weighted documents using it in their English gloss */
    char *text;
} cand;

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->reserve != y->reserve)
        return x->reserve < y->reserve ? -1 : 1;
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

/* s with its first letter upper-cased (ASCII: other scripts are left as written). */
static char *capitalised(const char *s)
{
    char *t = kl_strdup(s);
    if (t[0] >= 'a' && t[0] <= 'z')
        t[0] = (char)(t[0] - 'a' + 'A');
    return t;
}

/* A name from one or two phrases: "Alarm" or "Weather forecast and rain". */
static char *name_of(const char *first, const char *second)
{
    kl_buf b = KL_BUF_INIT;
    char *c = capitalised(first);
    kl_buf_puts(&b, c);
    free(c);
    if (second) {
        kl_buf_puts(&b, " " KL_NAMING_DESC_JOIN " ");
        kl_buf_puts(&b, second);
    }
    char *r = kl_buf_steal(&b);
    return r ? r : kl_strdup("");
}

/* "x", "x and y", "x, y and z" into b. */
static void put_list(kl_buf *b, char *const *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            kl_buf_puts(b, i + 1 == n ? " " KL_NAMING_DESC_JOIN " " : ", ");
        kl_buf_puts(b, items[i]);
    }
}

/* A second phrase joins the name when the first leaves much of the cluster unsaid and at
 * least this share of the cluster uses the second. */
#define FIRST_ENOUGH 0.5
#define SECOND_SHARE 0.25
#define REP_TERMS 3           /* representative phrases in the description */
#define DIST_TERMS 2          /* distinctive phrases in its second sentence */

/* Representative first: the most used, a phrase counting as much as its bonus says. */
static int cmp_tf(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    double u = x->tf * PHRASE_BONUS[x->nwords ? x->nwords : 2];
    double v = y->tf * PHRASE_BONUS[y->nwords ? y->nwords : 2];
    if (u != v)
        return u > v ? -1 : 1;
    return cmp_cand(a, b);
}

/* Fills out from ranked eligible candidates (sorted by score, texts owned by cands); cw is
 * the cluster's weighted number of documents. The terms are chosen as in maximal marginal
 * relevance with word overlap as the redundancy: the best remaining term that shares no
 * word with one already taken. */
static void compose(cand *c, size_t nc, double cw, const kl_naming_params *p,
                    kl_cluster_name *out)
{
    int max_words = p && p->max_words > 0 ? p->max_words : MAX_NAME_WORDS;
    if (max_words > MAX_NAME_WORDS)
        max_words = MAX_NAME_WORDS;
    size_t max_terms = p && p->max_terms > 0 ? (size_t)p->max_terms : 8;
    out->terms = kl_calloc(max_terms, sizeof *out->terms);
    out->score = kl_calloc(max_terms, sizeof *out->score);
    out->share = kl_calloc(max_terms, sizeof *out->share);
    out->n_terms = 0;
    for (size_t i = 0; i < nc && out->n_terms < max_terms; i++) {
        int dup = 0;
        for (size_t j = 0; j < out->n_terms && !dup; j++)
            dup = overlaps(out->terms[j], c[i].text);
        if (dup || count_words(c[i].text) > (size_t)max_words)
            continue;
        out->terms[out->n_terms] = kl_strdup(c[i].text);
        out->share[out->n_terms] = cw > 0 ? c[i].tf / cw : 0;
        out->score[out->n_terms++] = c[i].score;
    }
    if (out->n_terms == 0) {
        out->name = kl_strdup("");
        out->description = kl_strdup("");
        return;
    }
    /* The name: the most distinctive phrase, and a second that covers a real share of what
     * the first leaves out. */
    const char *second = NULL;
    size_t w0 = count_words(out->terms[0]);
    for (size_t i = 1; i < out->n_terms && !second && out->share[0] < FIRST_ENOUGH; i++)
        if (out->share[i] >= SECOND_SHARE && w0 + 1 + count_words(out->terms[i]) <= (size_t)max_words)
            second = out->terms[i];
    out->name = name_of(out->terms[0], second);
    /* The description: what most members share, then what sets the cluster apart. */
    char *rep[REP_TERMS], *dist[DIST_TERMS];
    size_t nr = 0, ndist = 0;
    cand *by_tf = kl_malloc((nc ? nc : 1) * sizeof *by_tf);
    memcpy(by_tf, c, nc * sizeof *by_tf);
    if (nc > 1)
        qsort(by_tf, nc, sizeof *by_tf, cmp_tf);
    for (size_t i = 0; i < nc && nr < REP_TERMS; i++) {
        int dup = count_words(by_tf[i].text) > (size_t)max_words;
        for (size_t j = 0; j < nr && !dup; j++)
            dup = overlaps(rep[j], by_tf[i].text);
        if (!dup)
            rep[nr++] = by_tf[i].text;
    }
    free(by_tf);
    for (size_t i = 0; i < out->n_terms && ndist < DIST_TERMS; i++) {
        int dup = 0;
        for (size_t j = 0; j < nr && !dup; j++)
            dup = overlaps(rep[j], out->terms[i]);
        if (!dup)
            dist[ndist++] = out->terms[i];
    }
    kl_buf desc = KL_BUF_INIT;
    kl_buf_puts(&desc, KL_NAMING_DESC_LEAD " ");
    put_list(&desc, rep, nr);
    kl_buf_putc(&desc, '.');
    if (ndist > 0) {
        kl_buf_puts(&desc, " " KL_NAMING_DESC_CONTRAST " ");
        put_list(&desc, dist, ndist);
        kl_buf_putc(&desc, '.');
    }
    out->description = kl_buf_steal(&desc);
    if (!out->description)
        out->description = kl_strdup("");
}

/* True when phrase p contains the words of q in a row ("recipe for bread" ⊃ "bread"). */
static int contains_words(const char *p, const char *q)
{
    size_t n = strlen(q);
    for (const char *s = strstr(p, q); s; s = strstr(s + 1, q))
        if ((s == p || s[-1] == ' ') && (s[n] == '\0' || s[n] == ' '))
            return 1;
    return 0;
}

/* A phrase stands for its words only when it covers most of their uses: "recipe for
 * bread" in a cluster of recipes of every kind is one narrow case, and "recipe" the name.
 * Drops (frees) such phrases among c[0..m); returns the new count. */
#define PHRASE_COVER 0.6
static size_t drop_narrow_phrases(cand *c, size_t m)
{
    uint8_t *narrow = kl_calloc(m + 1, 1);   /* decided on the whole set, then compacted */
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < m && !narrow[i] && c[i].nwords > 1; j++)
            narrow[i] = j != i && c[j].nwords != 0 && c[j].nwords < c[i].nwords &&
                        c[i].tf < PHRASE_COVER * c[j].tf && contains_words(c[i].text, c[j].text);
    size_t out = 0;
    for (size_t i = 0; i < m; i++) {
        if (narrow[i])
            free(c[i].text);
        else
            c[out++] = c[i];
    }
    free(narrow);
    return out;
}

/* Keeps in pool (at most RESERVE_CANDIDATES, *m of them) the most used terms offered. */
static void reserve_offer(cand *pool, size_t *m, cand c)
{
    if (*m < RESERVE_CANDIDATES) {
        pool[(*m)++] = c;
        return;
    }
    size_t worst = 0;
    for (size_t j = 1; j < *m; j++)
        if (pool[j].tf < pool[worst].tf || (pool[j].tf == pool[worst].tf && pool[j].h > pool[worst].h))
            worst = j;
    if (c.tf > pool[worst].tf || (c.tf == pool[worst].tf && c.h < pool[worst].h))
        pool[worst] = c;
}

/* Per cluster: does its commonest language hold less than MIXED_SHARE of its documents?
 * All false without languages. */
static uint8_t *mixed_clusters(const kl_naming_docs *docs, const uint8_t *skip, const okey *ord)
{
    size_t k = docs->k;
    uint8_t *mixed = kl_calloc(k, 1);
    if (!docs->lang)
        return mixed;
    map lm;                                     /* (language, cluster) -> documents */
    map_init(&lm, 256);
    double *tot = kl_calloc(k, sizeof *tot), *top = kl_calloc(k, sizeof *top);
    for (size_t r = 0; r < docs->n; r++) {
        if (skip[r])
            continue;
        size_t i = ord[r].idx;
        uint32_t c = docs->cluster[i];
        double v = ++map_get(&lm, docs->lang[i], c, 1)->v;
        tot[c] += 1;
        if (v > top[c])
            top[c] = v;
    }
    for (size_t c = 0; c < k; c++)
        mixed[c] = tot[c] > 0 && top[c] < MIXED_SHARE * tot[c];
    free(lm.e);
    free(tot);
    free(top);
    return mixed;
}

/* Scores of every (term, cluster): tf log(1 + A / f), by sibling group. */
static double ctfidf(double tf, double A, double f, uint8_t nwords)
{
    return f > 0 ? tf * log(1 + A / f) * PHRASE_BONUS[nwords ? nwords : 2] : 0;
}

/* Documents are read in chunks: their terms are extracted on every core (each document's
 * terms depend on it alone), then added up on one thread in the canonical order. */
#define CHUNK_DOCS 2048

/* The language code of document i, NULL when unknown. */
static const char *lang_of(const kl_naming_docs *docs, size_t i)
{
    return docs->lang && docs->lang_code ? docs->lang_code[docs->lang[i]] : NULL;
}

typedef struct chunk {
    const kl_naming_docs *docs;
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
            doc_extract(ch->ord[ch->r0 + q].s, lang_of(ch->docs, ch->ord[ch->r0 + q].idx),
                        &ch->dt[q]);
}

static void doc_terms_free(doc_terms *d)
{
    kl_tokens_free(&d->tok);
    kl_tokens_free(&d->part);
    free(d->seg);
    free(d->t);
    free(d->edge);
    free(d->opens);
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
    double *cw = kl_calloc(k, sizeof *cw);                 /* weighted documents per cluster */
    size_t *gclusters = kl_calloc(ngroups, sizeof *gclusters);
    for (size_t c = 0; c < k; c++)
        gclusters[grp[c]]++;

    /* Pass 1: frequencies (each document counts a term once, with its weight). */
    map tf, gf, df;                 /* per (term, cluster), (term, group), (term, 0) */
    map_init(&tf, 1024);
    map_init(&gf, 1024);
    map_init(&df, 1024);
    uint8_t *skip = kl_malloc(n ? n : 1);
    for (size_t r = 0; r < n; r++) {
        size_t i = ord[r].idx;
        double w = docs->weight ? docs->weight[i] : 1.0;
        skip[r] = docs->cluster[i] >= k || !(w > 0);
    }
    int threads = kl_threads_resolve(0);
    doc_terms *dt = kl_calloc(CHUNK_DOCS, sizeof *dt);
    chunk ch = {docs, ord, 0, 0, skip, dt};
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
            cw[c] += w;
            for (size_t j = 0; j < d->n; j++) {
                map_get(&tf, d->t[j].h, c, 1)->v += w;
                map_get(&gf, d->t[j].h, grp[c], 1)->v += w;
                map_get(&df, d->t[j].h, 0, 1)->v += w;
                gtotal[grp[c]] += w;
            }
        }
    }
    /* Candidates: the best CANDIDATES terms of each cluster. */
    cand **cands = kl_calloc(k, sizeof *cands);
    size_t *ncand = kl_calloc(k, sizeof *ncand);
    cand **reserve = kl_calloc(k, sizeof *reserve);
    size_t *nres = kl_calloc(k, sizeof *nres);
    for (size_t c = 0; c < k; c++) {
        cands[c] = kl_calloc(CANDIDATES + RESERVE_CANDIDATES, sizeof **cands);
        reserve[c] = kl_calloc(RESERVE_CANDIDATES, sizeof **reserve);
    }
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
            pool[m] = (cand){e->term, sc, e->v, 0, 0, 0, 0, NULL};
            ncand[c] = m + 1;
        } else {
            size_t worst = 0;
            for (size_t j = 1; j < m; j++)
                if (cmp_cand(&pool[j], &pool[worst]) > 0)
                    worst = j;
            cand nc = {e->term, sc, e->v, 0, 0, 0, 0, NULL};
            if (cmp_cand(&nc, &pool[worst]) < 0) {
                cand evicted = pool[worst];
                pool[worst] = nc;
                reserve_offer(reserve[c], &nres[c], evicted);
            } else {
                reserve_offer(reserve[c], &nres[c], nc);
            }
        }
    }
    for (size_t c = 0; c < k; c++) {
        for (size_t j = 0; j < nres[c]; j++) {
            reserve[c][j].reserve = 1;
            cands[c][ncand[c]++] = reserve[c][j];
        }
        free(reserve[c]);
    }
    free(reserve);
    free(nres);
    uint8_t *mixed = mixed_clusters(docs, skip, ord);
    /* Pass 2: distinct users and texts of the candidates. */
    map cidx;                                   /* (term, cluster) -> candidate slot + 1 */
    map_init(&cidx, 4 * k * (CANDIDATES + RESERVE_CANDIDATES) + 16);
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
                if (d->t[j].gloss)
                    cd->gloss_tf += docs->weight ? docs->weight[i] : 1.0;
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
                if (cd->nwords == 1 && map_val(&df, cd->h, 0) >= GENERIC_SPAN * cw[c])
                    cd->score *= GENERIC_WEIGHT;
                if (mixed[c] && !(cd->gloss_tf >= GLOSS_TERM * cd->tf))
                    cd->score *= NATIVE_IN_MIXED;
                cands[c][m++] = *cd;
            } else {
                free(cd->text);
            }
        }
        m = drop_narrow_phrases(cands[c], m);
        if (m > 1)
            qsort(cands[c], m, sizeof *cands[c], cmp_cand);
        compose(cands[c], m, cw[c], p, &out[c]);
        for (size_t j = 0; j < m; j++)
            free(cands[c][j].text);
        free(cands[c]);
    }
    free(cands);
    free(ncand);
    free(mixed);
    free(seen.e);
    free(cidx.e);
    free(tf.e);
    free(gf.e);
    free(df.e);
    for (size_t q = 0; q < CHUNK_DOCS; q++)
        doc_terms_free(&dt[q]);
    free(dt);
    free(skip);
    free(gtotal);
    free(cw);
    free(gclusters);
    free(grp);
    free(ord);
    return 0;
}

/* ---- the distinctness pass ------------------------------------------------------------ */

/* Frame-word names of a cluster without a usable term, by its commonest task type. */
#define FALLBACK_VARIANTS 4
static const char *fallback_name(const char *task, int variant)
{
    static const struct { const char *task, *noun; } nouns[] = {
        {"advice", "advice requests"}, {"code", "code requests"},
        {"question", "questions"}, {"translation", "translation requests"},
        {"writing", "writing requests"},
    };
    static char buf[64];
    const char *noun = "requests";
    for (size_t i = 0; task && i < sizeof nouns / sizeof *nouns; i++)
        if (strcmp(task, nouns[i].task) == 0)
            noun = nouns[i].noun;
    static const char *const lead[FALLBACK_VARIANTS] = {"Other", "More", "Further", "Remaining"};
    snprintf(buf, sizeof buf, "%s %s", lead[variant < FALLBACK_VARIANTS ? variant : 0], noun);
    return buf;
}

/* Pairs of terms tried before frame words, among the first PAIR_TERMS terms. */
#define PAIR_TERMS 4

/* The q-th pair (i < j, in order (0,1), (0,2), (1,2), (0,3), ...) of the first np terms
 * of n, as a name: "Malware and phishing". */
static char *pair_name(const kl_cluster_name *n, size_t np, size_t q)
{
    for (size_t j = 1; j < np; j++)
        for (size_t i = 0; i < j; i++, q--)
            if (q == 0)
                return name_of(n->terms[i], n->terms[j]);
    return kl_strdup("");
}

static int same_name(const char *a, const char *b)
{
    return a && b && strcasecmp(a, b) == 0;
}

static const double *sort_size;    /* qsort has no context argument */
static const uint32_t *sort_group;

static int cmp_by_group_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    uint32_t gx = sort_group ? sort_group[x] : 0, gy = sort_group ? sort_group[y] : 0;
    if (gx != gy)
        return gx < gy ? -1 : 1;
    double sx = sort_size ? sort_size[x] : 0, sy = sort_size ? sort_size[y] : 0;
    if (sx != sy)
        return sx > sy ? -1 : 1;
    return (x > y) - (x < y);
}

void kl_naming_distinct(kl_cluster_name *names, size_t k, const uint32_t *group,
                        const double *size, const char *const *parent_name,
                        const char *const *task)
{
    if (!names || k == 0)
        return;
    size_t *ord = kl_malloc(k * sizeof *ord);
    for (size_t c = 0; c < k; c++)
        ord[c] = c;
    sort_size = size;
    sort_group = group;
    qsort(ord, k, sizeof *ord, cmp_by_group_size);
    size_t g0 = 0;                      /* first member of the current group in ord */
    for (size_t r = 0; r < k; r++) {
        size_t c = ord[r];
        if (r > 0 && group && group[c] != group[ord[r - 1]])
            g0 = r;
        const char *pn = parent_name ? parent_name[c] : NULL;
        /* Options in order: the name as composed, each ranked term alone, two terms
         * joined (the first PAIR_TERMS), frame words. */
        size_t nt = names[c].n_terms, np = nt < PAIR_TERMS ? nt : PAIR_TERMS;
        size_t n_pairs = np * (np - (np > 0)) / 2;
        size_t n_opt = 1 + nt + n_pairs + FALLBACK_VARIANTS;
        char *pick = NULL;
        for (size_t o = 0; o < n_opt && !pick; o++) {
            char *cand_name;
            if (o == 0)
                cand_name = kl_strdup(names[c].name ? names[c].name : "");
            else if (o <= nt)
                cand_name = capitalised(names[c].terms[o - 1]);
            else if (o <= nt + n_pairs)
                cand_name = pair_name(&names[c], np, o - 1 - nt);
            else
                cand_name = kl_strdup(fallback_name(task ? task[c] : NULL,
                                                    (int)(o - 1 - nt - n_pairs)));
            int ok = cand_name[0] != '\0' && !same_name(cand_name, pn);
            for (size_t q = g0; q < r && ok; q++)
                ok = !same_name(cand_name, names[ord[q]].name);
            if (ok)
                pick = cand_name;
            else
                free(cand_name);
        }
        if (!pick)    /* every option taken: keep what it had, or the first frame name */
            pick = kl_strdup(names[c].name && names[c].name[0] ? names[c].name
                                                                : fallback_name(NULL, 0));
        free(names[c].name);
        names[c].name = pick;
        if (!names[c].description || !names[c].description[0]) {
            free(names[c].description);
            names[c].description = kl_strdup(KL_NAMING_DESC_UNNAMED);
        }
    }
    free(ord);
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
        free(names[c].share);
        memset(&names[c], 0, sizeof names[c]);
    }
}
