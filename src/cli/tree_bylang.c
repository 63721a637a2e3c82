/* tree_bylang.c — `kleio tree --by-lang`: each cluster's share and refusal rate per
 * language, with two-proportion tests and Benjamini-Hochberg marks (tree_bylang.h). */
#include "kleio/figures.h"
#include "kleio/tree_bylang.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/buf.h"
#include "kleio/mem.h"
#include "kleio/snapshot_meta.h"
#include "kleio/stats.h"
#include "kleio/utf8.h"

/* One cluster in one language. */
struct cell {
    kl_counts c;              /* the cluster's cell in L */
    double share, share_p, share_q;       /* NAN: undefined or not tested */
    double rate, rate_others, rate_p, rate_q;
    int share_mark, rate_mark;            /* +1 over, -1 under, 0 none */
};

struct table {
    const kl_tree *t;
    size_t *rows;             /* node indices in print order */
    int *levels;
    size_t n_rows, cap;
    const char **codes;       /* the languages shown */
    const kl_language **langs;
    size_t n_langs;
    struct cell *cells;       /* [n_rows * n_langs] */
    size_t n_share_tests, n_rate_tests;
};

static void add_rows(struct table *tb, size_t parent, int level, int depth)
{
    const kl_tree *t = tb->t;
    const size_t *ids = parent == SIZE_MAX ? t->roots : t->nodes[parent].children;
    size_t n = parent == SIZE_MAX ? t->n_roots : t->nodes[parent].n_children;
    for (size_t k = 0; k < n; k++) {
        if (tb->n_rows == tb->cap) {
            tb->cap = tb->cap ? tb->cap * 2 : 64;
            tb->rows = kl_reallocarray(tb->rows, tb->cap, sizeof *tb->rows);
            tb->levels = kl_reallocarray(tb->levels, tb->cap, sizeof *tb->levels);
        }
        tb->rows[tb->n_rows] = ids[k];
        tb->levels[tb->n_rows++] = level;
        if (depth == 0 || level + 1 < depth)
            add_rows(tb, ids[k], level + 1, depth);
    }
}

static bool published(const kl_counts *c)
{
    return !c->suppressed && c->hidden_cells == 0 && c->conversations >= 0;
}

/* Reads every cell and runs the tests; BH over each kind of test. */
static int compute(kl_snapshot *s, struct table *tb, const kl_language *all, size_t n_all,
                   int64_t everything)
{
    size_t n = tb->n_rows * tb->n_langs;
    tb->cells = kl_calloc(n ? n : 1, sizeof *tb->cells);
    double *sp = kl_malloc((n ? n : 1) * sizeof *sp), *rp = kl_malloc((n ? n : 1) * sizeof *rp);
    size_t *si = kl_malloc((n ? n : 1) * sizeof *si), *ri = kl_malloc((n ? n : 1) * sizeof *ri);
    const char **others = kl_calloc(n_all ? n_all : 1, sizeof *others);
    int rc = 0;
    for (size_t r = 0; r < tb->n_rows && rc == 0; r++) {
        const kl_tree_node *nd = &tb->t->nodes[tb->rows[r]];
        const kl_counts *total = &nd->c.total;
        for (size_t j = 0; j < tb->n_langs && rc == 0; j++) {
            struct cell *x = &tb->cells[r * tb->n_langs + j];
            x->share = x->share_p = x->share_q = NAN;
            x->rate = x->rate_others = x->rate_p = x->rate_q = NAN;
            const char *code = tb->codes[j];
            if (kl_snapshot_slice(s, nd->c.id, &code, 1, &x->c) != 0) {
                rc = -1;
                break;
            }
            if (!published(&x->c))
                continue;
            if (x->c.conversations > 0)
                x->rate = (double)x->c.refused / (double)x->c.conversations;
            if (published(total) && total->conversations > 0) {
                x->share = (double)x->c.conversations / (double)total->conversations;
                const kl_counts *lt = &tb->langs[j]->total;
                int64_t k2 = lt->conversations - x->c.conversations;
                int64_t n2 = everything - total->conversations;
                if (published(lt) && k2 >= 0 && n2 > 0 && k2 <= n2) {
                    x->share_p = kl_prop_test_p(x->c.conversations, total->conversations, k2, n2,
                                                NULL);
                    sp[tb->n_share_tests] = x->share_p;
                    si[tb->n_share_tests++] = r * tb->n_langs + j;
                    double rest = (double)k2 / (double)n2;
                    x->share_mark = x->share > rest ? 1 : x->share < rest ? -1 : 0;
                }
            }
            /* The cluster's other languages: their published cells, summed. */
            size_t no = 0;
            for (size_t l = 0; l < n_all; l++)
                if (strcmp(all[l].code, code) != 0)
                    others[no++] = all[l].code;
            kl_counts oc = {0};
            if (no && kl_snapshot_slice(s, nd->c.id, others, no, &oc) != 0) {
                rc = -1;
                break;
            }
            if (x->c.conversations > 0 && !oc.suppressed && oc.conversations > 0) {
                x->rate_others = (double)oc.refused / (double)oc.conversations;
                x->rate_p = kl_prop_test_p(x->c.refused, x->c.conversations, oc.refused,
                                           oc.conversations, NULL);
                rp[tb->n_rate_tests] = x->rate_p;
                ri[tb->n_rate_tests++] = r * tb->n_langs + j;
                x->rate_mark = x->rate > x->rate_others ? 1 : x->rate < x->rate_others ? -1 : 0;
            }
        }
    }
    kl_bh_adjust(sp, tb->n_share_tests, sp);
    kl_bh_adjust(rp, tb->n_rate_tests, rp);
    for (size_t i = 0; i < tb->n_share_tests; i++) {
        struct cell *x = &tb->cells[si[i]];
        x->share_q = sp[i];
        if (!(sp[i] <= KL_BYLANG_ALPHA))
            x->share_mark = 0;
    }
    for (size_t i = 0; i < tb->n_rate_tests; i++) {
        struct cell *x = &tb->cells[ri[i]];
        x->rate_q = rp[i];
        if (!(rp[i] <= KL_BYLANG_ALPHA))
            x->rate_mark = 0;
    }
    /* cells never tested carry no mark */
    for (size_t i = 0; i < n; i++) {
        if (isnan(tb->cells[i].share_q))
            tb->cells[i].share_mark = 0;
        if (isnan(tb->cells[i].rate_q))
            tb->cells[i].rate_mark = 0;
    }
    free(others);
    free(sp);
    free(rp);
    free(si);
    free(ri);
    return rc;
}

/* The row's name, or a remainder row's label written into label[96]. */
static const char *name_of(const kl_tree_node *nd, char *label)
{
    return kl_fig_row_name(nd->c.name, nd->c.is_other, &nd->fig, false, label, 96);
}

static const char *mark_char(int m)
{
    return m > 0 ? "+" : m < 0 ? "-" : " ";
}

static const char *mark_word(int m)
{
    return m > 0 ? "over" : m < 0 ? "under" : "";
}

/* ---- text ---- */

#define SHARE_W 10
#define RATE_W 9

static void pad(kl_buf *b, const char *s, int w, bool right)
{
    int sw = (int)kl_utf8_width(s);
    if (right)
        for (int i = sw; i < w; i++)
            kl_buf_putc(b, ' ');
    kl_buf_puts(b, s);
    if (!right)
        for (int i = sw; i < w; i++)
            kl_buf_putc(b, ' ');
}

static void percent(double v, int mark, char *out, size_t n)
{
    if (isnan(v))
        snprintf(out, n, "-");
    else
        snprintf(out, n, "%.1f%%%s", 100 * v, mark_char(mark));
}

static void print_text(const struct table *tb, const kl_bylang_opts *o, FILE *out)
{
    int name_w = 7;
    for (size_t r = 0; r < tb->n_rows; r++) {
        char label[96];
        char *safe = kl_sanitize(name_of(&tb->t->nodes[tb->rows[r]], label));
        int w = 2 * tb->levels[r] + (int)kl_utf8_width(safe);
        name_w = w > name_w ? w : name_w;
        free(safe);
    }
    int cols_w = (int)tb->n_langs * (1 + SHARE_W + RATE_W);
    if (o->width > 0 && name_w + cols_w > o->width)
        name_w = o->width - cols_w > 16 ? o->width - cols_w : 16;
    kl_buf b = KL_BUF_INIT;
    pad(&b, "CLUSTER", name_w, false);
    char head[64];
    for (size_t j = 0; j < tb->n_langs; j++) {
        char *code = kl_sanitize(tb->codes[j]);
        snprintf(head, sizeof head, "%.4s SHARE", code);
        kl_buf_putc(&b, ' ');
        pad(&b, head, SHARE_W, true);
        pad(&b, "REFUSAL", RATE_W, true);
        free(code);
    }
    fprintf(out, "%s\n", kl_buf_cstr(&b));
    for (size_t r = 0; r < tb->n_rows; r++) {
        kl_buf_clear(&b);
        for (int i = 0; i < tb->levels[r]; i++)
            kl_buf_puts(&b, "  ");
        char label[96];
        char *name = kl_sanitize_fit(name_of(&tb->t->nodes[tb->rows[r]], label),
                                     (size_t)(name_w - 2 * tb->levels[r]), o->ascii);
        pad(&b, name, name_w - 2 * tb->levels[r], false);
        free(name);
        for (size_t j = 0; j < tb->n_langs; j++) {
            const struct cell *x = &tb->cells[r * tb->n_langs + j];
            char sh[32], rt[32];
            if (x->c.suppressed) {
                snprintf(sh, sizeof sh, "hidden ");
                snprintf(rt, sizeof rt, "- ");
            } else {
                percent(x->share, x->share_mark, sh, sizeof sh);
                percent(x->rate, x->rate_mark, rt, sizeof rt);
                if (isnan(x->share))
                    snprintf(sh, sizeof sh, "- ");
                if (isnan(x->rate))
                    snprintf(rt, sizeof rt, "- ");
            }
            kl_buf_putc(&b, ' ');
            pad(&b, sh, SHARE_W, true);
            pad(&b, rt, RATE_W, true);
        }
        while (b.len && kl_buf_cstr(&b)[b.len - 1] == ' ')
            b.len--; /* no trailing blanks */
        fprintf(out, "%.*s\n", (int)b.len, kl_buf_cstr(&b));
    }
    fprintf(out,
            "\nSHARE: the language's share of the cluster; REFUSAL: the cluster's refusal rate in "
            "it.\n+/-: over/under-represented against the language's share outside the cluster "
            "(%zu tests), or refusing more/less than the cluster's other languages (%zu tests); "
            "Benjamini-Hochberg q <= %.2f in each family.\n",
            tb->n_share_tests, tb->n_rate_tests, KL_BYLANG_ALPHA);
    kl_buf_free(&b);
}

/* ---- CSV and JSON: plain numbers ---- */

static void csv_field(FILE *out, const char *s)
{
    char *safe = kl_sanitize(s);
    fputc('"', out);
    for (const char *p = safe; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
    free(safe);
}

static void csv_num(FILE *out, double v)
{
    if (isnan(v))
        fputs(",", out);
    else
        fprintf(out, ",%.6g", v);
}

static void print_csv(const struct table *tb, FILE *out)
{
    fputs("id,parent,level,name", out);
    for (size_t j = 0; j < tb->n_langs; j++) {
        char *c = kl_sanitize(tb->codes[j]);
        fprintf(out,
                ",%s_conversations,%s_share,%s_share_p,%s_share_q,%s_share_mark,%s_refusal_rate,"
                "%s_others_refusal_rate,%s_refusal_p,%s_refusal_q,%s_refusal_mark",
                c, c, c, c, c, c, c, c, c, c);
        free(c);
    }
    fputc('\n', out);
    for (size_t r = 0; r < tb->n_rows; r++) {
        const kl_tree_node *nd = &tb->t->nodes[tb->rows[r]];
        fprintf(out, "%lld,", (long long)nd->c.id);
        if (nd->parent != SIZE_MAX)
            fprintf(out, "%lld", (long long)tb->t->nodes[nd->parent].c.id);
        fprintf(out, ",%d,", tb->levels[r]);
        char label[96];
        csv_field(out, name_of(nd, label));
        for (size_t j = 0; j < tb->n_langs; j++) {
            const struct cell *x = &tb->cells[r * tb->n_langs + j];
            if (x->c.suppressed)
                fputs(",hidden", out);
            else
                fprintf(out, ",%lld", (long long)x->c.conversations);
            csv_num(out, x->share);
            csv_num(out, x->share_p);
            csv_num(out, x->share_q);
            fprintf(out, ",%s", mark_word(x->share_mark));
            csv_num(out, x->rate);
            csv_num(out, x->rate_others);
            csv_num(out, x->rate_p);
            csv_num(out, x->rate_q);
            fprintf(out, ",%s", mark_word(x->rate_mark));
        }
        fputc('\n', out);
    }
}

static json_t *jnum(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

static json_t *jmark(int m)
{
    return m ? json_string(mark_word(m)) : json_null();
}

static void print_json(const struct table *tb, FILE *out)
{
    json_t *root = json_object(), *langs = json_array(), *rows = json_array();
    for (size_t j = 0; j < tb->n_langs; j++) {
        char *c = kl_sanitize(tb->codes[j]);
        json_array_append_new(langs, json_string(c));
        free(c);
    }
    json_object_set_new(root, "languages", langs);
    json_object_set_new(root, "alpha", json_real(KL_BYLANG_ALPHA));
    json_object_set_new(root, "share_tests", json_integer((json_int_t)tb->n_share_tests));
    json_object_set_new(root, "refusal_tests", json_integer((json_int_t)tb->n_rate_tests));
    for (size_t r = 0; r < tb->n_rows; r++) {
        const kl_tree_node *nd = &tb->t->nodes[tb->rows[r]];
        json_t *row = json_object(), *per = json_object();
        char label[96];
        char *name = kl_sanitize(name_of(nd, label));
        json_object_set_new(row, "id", json_integer((json_int_t)nd->c.id));
        json_object_set_new(row, "parent", nd->parent == SIZE_MAX
                                               ? json_null()
                                               : json_integer((json_int_t)tb->t->nodes[nd->parent].c.id));
        json_object_set_new(row, "level", json_integer(tb->levels[r]));
        json_object_set_new(row, "name", json_string(name));
        free(name);
        for (size_t j = 0; j < tb->n_langs; j++) {
            const struct cell *x = &tb->cells[r * tb->n_langs + j];
            json_t *c = json_object();
            json_object_set_new(c, "hidden", json_boolean(x->c.suppressed));
            json_object_set_new(c, "conversations",
                                x->c.suppressed ? json_null()
                                                : json_integer((json_int_t)x->c.conversations));
            json_object_set_new(c, "share", jnum(x->share));
            json_object_set_new(c, "share_p", jnum(x->share_p));
            json_object_set_new(c, "share_q", jnum(x->share_q));
            json_object_set_new(c, "share_mark", jmark(x->share_mark));
            json_object_set_new(c, "refusal_rate", jnum(x->rate));
            json_object_set_new(c, "others_refusal_rate", jnum(x->rate_others));
            json_object_set_new(c, "refusal_p", jnum(x->rate_p));
            json_object_set_new(c, "refusal_q", jnum(x->rate_q));
            json_object_set_new(c, "refusal_mark", jmark(x->rate_mark));
            char *code = kl_sanitize(tb->codes[j]);
            json_object_set_new(per, code, c);
            free(code);
        }
        json_object_set_new(row, "languages", per);
        json_array_append_new(rows, row);
    }
    json_object_set_new(root, "clusters", rows);
    json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    fputc('\n', out);
    json_decref(root);
}

int kl_tree_by_lang(kl_snapshot *s, const kl_tree *t, const kl_bylang_opts *o, FILE *out)
{
    kl_language *all;
    size_t n_all;
    if (kl_snapshot_languages(s, &all, &n_all) != 0)
        return -1;
    struct table tb = {.t = t};
    tb.codes = kl_calloc(n_all + o->nlangs + 1, sizeof *tb.codes);
    tb.langs = kl_calloc(n_all + o->nlangs + 1, sizeof *tb.langs);
    if (o->nlangs) {
        for (size_t i = 0; i < o->nlangs; i++)
            for (size_t l = 0; l < n_all; l++)
                if (strcmp(all[l].code, o->langs[i]) == 0) {
                    tb.codes[tb.n_langs] = all[l].code;
                    tb.langs[tb.n_langs++] = &all[l];
                }
    } else {
        /* the languages table lists published languages first, largest first */
        for (size_t l = 0; l < n_all && tb.n_langs < KL_BYLANG_DEFAULT_LANGS; l++)
            if (!all[l].total.suppressed) {
                tb.codes[tb.n_langs] = all[l].code;
                tb.langs[tb.n_langs++] = &all[l];
            }
    }
    int64_t everything = kl_snapshot_meta_int(s, KL_META(INPUT_CONVERSATIONS), 0);
    if (everything <= 0)
        everything = t->root_fig.conversations;
    add_rows(&tb, SIZE_MAX, 0, o->depth);
    int rc = compute(s, &tb, all, n_all, everything);
    if (rc == 0) {
        if (o->format == KL_BYLANG_CSV)
            print_csv(&tb, out);
        else if (o->format == KL_BYLANG_JSON)
            print_json(&tb, out);
        else
            print_text(&tb, o, out);
    }
    free(tb.cells);
    free(tb.rows);
    free(tb.levels);
    free(tb.codes);
    free(tb.langs);
    kl_languages_free(all, n_all);
    return rc;
}
