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
#include "kleio/bylang_stats.h"
#include "kleio/mem.h"
#include "kleio/snapshot_meta.h"
#include "kleio/stats.h"
#include "kleio/utf8.h"

struct table {
    const kl_tree *t;
    size_t *rows;             /* node indices in print order */
    int *levels;
    size_t n_rows, cap;
    const char **codes;       /* the languages shown */
    const kl_language **langs;
    size_t n_langs;
    kl_bylang_cell *cells;    /* [n_rows * n_langs] */
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

/* Reads every cell (and the rest of its cluster) and runs the tests (bylang_stats.h). */
static int compute(kl_snapshot *s, struct table *tb, const kl_language *all, size_t n_all,
                   int64_t everything)
{
    size_t n = tb->n_rows * tb->n_langs;
    tb->cells = kl_calloc(n ? n : 1, sizeof *tb->cells);
    const char **others = kl_calloc(n_all ? n_all : 1, sizeof *others);
    const kl_counts **row_totals = kl_calloc(tb->n_rows ? tb->n_rows : 1, sizeof *row_totals);
    const kl_counts **lang_totals = kl_calloc(tb->n_langs ? tb->n_langs : 1, sizeof *lang_totals);
    for (size_t j = 0; j < tb->n_langs; j++)
        lang_totals[j] = &tb->langs[j]->total;
    int rc = 0;
    for (size_t r = 0; r < tb->n_rows && rc == 0; r++) {
        const kl_tree_node *nd = &tb->t->nodes[tb->rows[r]];
        row_totals[r] = &nd->c.total;
        for (size_t j = 0; j < tb->n_langs && rc == 0; j++) {
            kl_bylang_cell *x = &tb->cells[r * tb->n_langs + j];
            const char *code = tb->codes[j];
            if (kl_snapshot_slice(s, nd->c.id, &code, 1, &x->c) != 0) {
                rc = -1;
                break;
            }
            if (!kl_bylang_published(&x->c))
                continue;
            /* The cluster's other languages: their published cells, summed. */
            size_t no = 0;
            for (size_t l = 0; l < n_all; l++)
                if (strcmp(all[l].code, code) != 0)
                    others[no++] = all[l].code;
            if (no && kl_snapshot_slice(s, nd->c.id, others, no, &x->others) != 0)
                rc = -1;
        }
    }
    if (rc == 0)
        kl_bylang_compute(tb->cells, tb->n_rows, tb->n_langs, row_totals, lang_totals,
                          everything, &tb->n_share_tests, &tb->n_rate_tests);
    free(others);
    free(row_totals);
    free(lang_totals);
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
            const kl_bylang_cell *x = &tb->cells[r * tb->n_langs + j];
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
            const kl_bylang_cell *x = &tb->cells[r * tb->n_langs + j];
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
            const kl_bylang_cell *x = &tb->cells[r * tb->n_langs + j];
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
