/* cmd_tree.c — `kleio tree`: the hierarchy of a snapshot as text, JSON or CSV. Every
 * figure comes from figures.h, so its bound (exact, at least, at most, hidden) is the
 * explorer's; text is for people (marks, thousands), CSV and JSON for tools. */
#include <getopt.h>
#include <jansson.h>
#include <langinfo.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kleio/buf.h"
#include "kleio/commands.h"
#include "kleio/figure_rows.h"
#include "kleio/figures.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/numbers.h"
#include "kleio/tree_bylang.h"
#include "kleio/tree_custom.h"
#include "kleio/tree_model.h"
#include "kleio/utf8.h"

enum format { FMT_TEXT, FMT_JSON, FMT_CSV };

struct tree_opts {
    const char *path;
    char **langs;
    size_t nlangs;
    kl_sort_key sort;
    int ascending;
    int depth;             /* 0 = all levels */
    enum format format;
    bool ids;              /* text: an id column (CSV and JSON always have it) */
    bool by_lang;          /* one column per language (tree_bylang.h) */
    const char *facet;     /* one column per value of this custom facet (tree_custom.h) */
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kleio tree SNAPSHOT [--lang CODE[,CODE...]] [--sort KEY] [--reverse]\n"
            "                  [--depth N] [--format text|json|csv] [--ids]\n"
            "       kleio tree SNAPSHOT --by-lang [--lang CODES] [--sort KEY] [--depth N] [--format F]\n"
            "       kleio tree SNAPSHOT --facet NAME [--sort KEY] [--depth N] [--format F]\n"
            "\n"
            "Prints the cluster hierarchy of a snapshot with, per cluster: conversations,\n"
            "share, distinct users, refusal rate and mean concern (1-5).\n"
            "\n"
            "  -l, --lang CODES   figures of these languages only (ISO 639 codes, comma-separated)\n"
            "  -s, --sort KEY     conversations (default), refusal, concern or name\n"
            "  -r, --reverse      reverse the sort order\n"
            "  -d, --depth N      print N levels (default: all)\n"
            "  -f, --format F     text (default), json or csv\n"
            "  -i, --ids          text: print each cluster's id first (csv and json always do)\n"
            "      --by-lang      one column pair per language (--lang, or the 5 largest): the\n"
            "                     language's share of the cluster and its refusal rate there,\n"
            "                     + or - when over or under (two-proportion tests, Benjamini-\n"
            "                     Hochberg q <= 0.05); see kleio(1)\n"
            "      --facet NAME   the custom facet NAME (kleio-facets(5)): conversations per\n"
            "                     value and unanswered, '-' where hidden; a number facet's\n"
            "                     answered count, mean and 95%% half-width where published\n"
            "\n"
            "Share = the cluster's conversations / its parent's, in the same languages; at the\n"
            "top level, / the total of the selected languages (every conversation of the\n"
            "snapshot without --lang), conversations of hidden cells included.\n"
            "A figure is exact, a bound or hidden. Cells below the privacy thresholds are\n"
            "hidden, never a small number; a sum over languages with some cells hidden is a\n"
            "lower bound (>=52), and no rate is computed over it. With several languages,\n"
            "users is an upper bound (<=, a user may write in two). Under each level,\n"
            "'(hidden: N conversations in K clusters)' is its parent minus what it shows.\n"
            "Names are cut to the terminal's width only when printing to a terminal.\n");
}

static void split_langs(struct tree_opts *o, const char *arg)
{
    char *copy = kl_strdup(arg), *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ')
            tok++;
        if (!*tok)
            continue;
        bool dup = false; /* es,es is es: a cell summed twice would double it */
        for (size_t i = 0; i < o->nlangs && !dup; i++)
            dup = strcmp(o->langs[i], tok) == 0;
        if (dup)
            continue;
        o->langs = kl_reallocarray(o->langs, o->nlangs + 1, sizeof *o->langs);
        o->langs[o->nlangs++] = kl_strdup(tok);
    }
    free(copy);
}

static int check_langs(kl_snapshot *s, const struct tree_opts *o)
{
    kl_language *langs;
    size_t n;
    if (kl_snapshot_languages(s, &langs, &n) != 0) {
        kl_error("%s: cannot read languages", o->path);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < o->nlangs && rc == 0; i++) {
        size_t j = 0;
        while (j < n && strcmp(langs[j].code, o->langs[i]) != 0)
            j++;
        if (j == n) {
            /* The codes come from the file: sanitised like every string shown, on every
             * stream (an OSC 52 code in a code would set the terminal's clipboard). */
            kl_buf known = KL_BUF_INIT;
            for (size_t k = 0; k < n; k++) {
                char *code = kl_sanitize(langs[k].code);
                kl_buf_printf(&known, "%s%s", k ? ", " : "", code);
                free(code);
            }
            char *safe = kl_sanitize(o->langs[i]), *path = kl_sanitize(o->path);
            kl_error("%s: no language '%s' in this snapshot (it has: %s)", path, safe,
                     kl_buf_cstr(&known));
            free(safe);
            free(path);
            kl_buf_free(&known);
            rc = -1;
        }
    }
    kl_languages_free(langs, n);
    return rc;
}

/* What kl_tree_load had to mend in a damaged file, on stderr (the output stays clean). */
static void report_damage(const kl_tree *t, const char *path)
{
    char *safe = kl_sanitize(path);
    if (t->n_cycles_cut)
        kl_warn("%s: %zu parent cycle%s (cluster %lld is its own ancestor): cut, the cluster "
                "shown at the top level",
                safe, t->n_cycles_cut, t->n_cycles_cut == 1 ? "" : "s", (long long)t->cut_id);
    if (t->n_negative)
        kl_warn("%s: %zu cluster%s with negative counts (first: %lld): shown as hidden", safe,
                t->n_negative, t->n_negative == 1 ? "" : "s", (long long)t->negative_id);
    free(safe);
}

/* A cluster's name as printed (sanitised; caller frees): a remainder row says what it is. */
static char *display_name(const kl_tree_node *n, bool ascii)
{
    if (n->c.is_other && !*n->c.name) {
        char label[96];
        kl_fig_remainder_label(kl_fig_conversations(&n->fig), true, ascii, label, sizeof label);
        return kl_strdup(label);
    }
    return kl_sanitize(n->c.name);
}

/* ---- the rows to print, in order: clusters, and after each printed level its hidden
 * remainder ---- */

struct out_row {
    size_t node;             /* SIZE_MAX: the hidden remainder of `parent` */
    size_t parent;           /* node index, SIZE_MAX for the top level */
    int level;
    kl_fig hidden;
    int hidden_clusters;
};

struct rows { struct out_row *r; size_t n, cap; };

static void push(struct rows *rs, struct out_row row)
{
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? rs->cap * 2 : 64;
        rs->r = kl_reallocarray(rs->r, rs->cap, sizeof *rs->r);
    }
    rs->r[rs->n++] = row;
}

static void collect(const kl_tree *t, size_t parent, int level, int depth, struct rows *rs)
{
    const size_t *ids = parent == SIZE_MAX ? t->roots : t->nodes[parent].children;
    size_t n = parent == SIZE_MAX ? t->n_roots : t->nodes[parent].n_children;
    for (size_t k = 0; k < n; k++) {
        push(rs, (struct out_row){ids[k], parent, level, {KL_BOUND_HIDDEN, 0}, 0});
        if (depth == 0 || level + 1 < depth)
            collect(t, ids[k], level + 1, depth, rs);
    }
    int hc = 0;
    kl_fig h = kl_tree_hidden(t, parent, &hc);
    if (h.bound != KL_BOUND_HIDDEN)
        push(rs, (struct out_row){SIZE_MAX, parent, level, h, hc});
}

/* ---- text ---- */

struct text_cells { char conv[48], share[24], users[48], refusal[24], concern[24]; };

static void text_cells(const kl_tree *t, const struct out_row *row, bool ascii,
                       struct text_cells *c)
{
    memset(c, 0, sizeof *c);
    if (row->node == SIZE_MAX) {
        kl_fig_text_count(row->hidden, true, ascii, c->conv, sizeof c->conv);
        return;
    }
    const kl_counts *f = &t->nodes[row->node].fig;
    kl_fig_text_count(kl_fig_conversations(f), true, ascii, c->conv, sizeof c->conv);
    kl_fig_text_percent(kl_tree_share(t, row->node), 1, ascii, c->share, sizeof c->share);
    kl_fig_text_count(kl_fig_users(f), true, ascii, c->users, sizeof c->users);
    kl_fig_text_percent(kl_fig_refusal(f), 1, ascii, c->refusal, sizeof c->refusal);
    kl_fig_text_decimal(kl_fig_concern(f), 2, ascii, c->concern, sizeof c->concern);
}

/* Appends s right-aligned (or left) in w display columns, padding by width, not bytes. */
static void put_cell(kl_buf *b, const char *s, size_t w, bool right)
{
    size_t sw = kl_utf8_width(s);
    size_t pad = sw < w ? w - sw : 0;
    if (right)
        kl_buf_printf(b, "%*s%s", (int)pad, "", s);
    else
        kl_buf_printf(b, "%s%*s", s, (int)pad, "");
}

/* Prints the line without its trailing blanks (a hidden row has no rates). */
static void put_line(kl_buf *b)
{
    const char *s = kl_buf_cstr(b);
    size_t len = strlen(s);
    while (len > 0 && s[len - 1] == ' ')
        len--;
    printf("%.*s\n", (int)len, s);
    kl_buf_clear(b);
}

static char *row_name(const kl_tree *t, const struct out_row *row, bool ascii)
{
    if (row->node == SIZE_MAX) {
        char label[160];
        kl_fig_hidden_label(row->hidden, row->hidden_clusters, true, ascii, label, sizeof label);
        return kl_strdup(label);
    }
    return display_name(&t->nodes[row->node], ascii);
}

#define COL_CONV 10
#define COL_SHARE 7
#define COL_USERS 9
#define COL_RATE 8
#define COL_CONCERN 8
#define NAME_MIN 16

static int terminal_columns(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    const char *c = getenv("COLUMNS");
    int v = c ? atoi(c) : 0;
    return v > 0 ? v : 80;
}

static void print_text(const kl_tree *t, const struct rows *rs, bool ids, bool ascii)
{
    bool tty = isatty(STDOUT_FILENO) != 0;
    char **names = kl_calloc(rs->n ? rs->n : 1, sizeof *names);
    size_t name_w = strlen("CLUSTER"), id_w = strlen("ID");
    for (size_t i = 0; i < rs->n; i++) {
        names[i] = row_name(t, &rs->r[i], ascii);
        size_t w = (size_t)rs->r[i].level * 2 + kl_utf8_width(names[i]);
        if (w > name_w)
            name_w = w;
        if (ids && rs->r[i].node != SIZE_MAX) {
            char idbuf[32];
            size_t l = (size_t)snprintf(idbuf, sizeof idbuf, "%lld",
                                        (long long)t->nodes[rs->r[i].node].c.id);
            if (l > id_w)
                id_w = l;
        }
    }
    if (tty) {
        /* On a terminal the names give way so that a row fits on one line; anywhere
         * else (a pipe, a file) they are never cut. */
        int figures = COL_CONV + COL_SHARE + COL_USERS + COL_RATE + COL_CONCERN + 5 +
                      (ids ? (int)id_w + 1 : 0);
        int avail = terminal_columns() - figures;
        if (avail < NAME_MIN)
            avail = NAME_MIN;
        if (name_w > (size_t)avail)
            name_w = (size_t)avail;
    }
    kl_buf line = KL_BUF_INIT;
    if (ids) {
        put_cell(&line, "ID", id_w, true);
        kl_buf_putc(&line, ' ');
    }
    put_cell(&line, "CLUSTER", name_w, false);
    kl_buf_printf(&line, " %*s %*s %*s %*s %*s", COL_CONV, "CONVS", COL_SHARE, "SHARE",
                  COL_USERS, "USERS", COL_RATE, "REFUSAL", COL_CONCERN, "CONCERN");
    put_line(&line);
    for (size_t i = 0; i < rs->n; i++) {
        const struct out_row *row = &rs->r[i];
        struct text_cells c;
        text_cells(t, row, ascii, &c);
        if (ids) {
            char idbuf[32] = "";
            if (row->node != SIZE_MAX)
                snprintf(idbuf, sizeof idbuf, "%lld", (long long)t->nodes[row->node].c.id);
            put_cell(&line, idbuf, id_w, true);
            kl_buf_putc(&line, ' ');
        }
        size_t indent = (size_t)row->level * 2;
        if (indent > name_w)
            indent = name_w;
        kl_buf_printf(&line, "%*s", (int)indent, "");
        char *name = names[i];
        if (tty && kl_utf8_width(name) > name_w - indent) {
            char *cut = kl_sanitize_fit(name, name_w - indent, ascii);
            free(names[i]);
            names[i] = name = cut;
        }
        put_cell(&line, name, name_w - indent, false);
        const struct { const char *text; size_t w; } cells[] = {
            {c.conv, COL_CONV}, {c.share, COL_SHARE}, {c.users, COL_USERS},
            {c.refusal, COL_RATE}, {c.concern, COL_CONCERN},
        };
        for (size_t k = 0; k < sizeof cells / sizeof cells[0]; k++) {
            kl_buf_putc(&line, ' ');
            put_cell(&line, cells[k].text, cells[k].w, true);
        }
        put_line(&line);
    }
    kl_buf_free(&line);
    for (size_t i = 0; i < rs->n; i++)
        free(names[i]);
    free(names);
}

/* ---- CSV and JSON (figure_rows.h) ---- */

static kl_fig_row cluster_row(const kl_tree *t, size_t node, int level, const char *name)
{
    const kl_tree_node *nd = &t->nodes[node];
    return (kl_fig_row){.id = nd->c.id, .parent = nd->c.parent, .level = level, .name = name,
                        .fig = &nd->fig, .share = kl_tree_share(t, node)};
}

static kl_fig_row remainder_row(const kl_tree *t, size_t parent, int level, kl_fig h, int k)
{
    return (kl_fig_row){.remainder = true, .level = level, .hidden = h, .hidden_clusters = k,
                        .parent = parent == SIZE_MAX ? 0 : t->nodes[parent].c.id};
}

static void print_csv(const kl_tree *t, const struct rows *rs)
{
    printf("%s\n", kl_fig_csv_columns);
    for (size_t i = 0; i < rs->n; i++) {
        const struct out_row *row = &rs->r[i];
        if (row->node == SIZE_MAX) {
            kl_fig_row r = remainder_row(t, row->parent, row->level, row->hidden,
                                         row->hidden_clusters);
            kl_fig_row_csv(stdout, &r);
        } else {
            char *name = display_name(&t->nodes[row->node], false);
            kl_fig_row r = cluster_row(t, row->node, row->level, name);
            kl_fig_row_csv(stdout, &r);
            free(name);
        }
        putchar('\n');
    }
}

static json_t *json_rows(const kl_tree *t, size_t parent, int level, int depth)
{
    const size_t *ids = parent == SIZE_MAX ? t->roots : t->nodes[parent].children;
    size_t n = parent == SIZE_MAX ? t->n_roots : t->nodes[parent].n_children;
    json_t *arr = json_array();
    for (size_t k = 0; k < n; k++) {
        size_t i = ids[k];
        const kl_tree_node *nd = &t->nodes[i];
        char *name = display_name(nd, false);
        char *desc = kl_sanitize(nd->c.description);
        kl_fig_row r = cluster_row(t, i, level, name);
        json_t *o = kl_fig_row_json(&r);
        json_object_set_new(o, "description", json_string(desc));
        json_object_set_new(o, "other", json_boolean(nd->c.is_other));
        if (depth == 0 || level + 1 < depth)
            json_object_set_new(o, "children", json_rows(t, i, level + 1, depth));
        json_array_append_new(arr, o);
        free(name);
        free(desc);
    }
    int hc = 0;
    kl_fig h = kl_tree_hidden(t, parent, &hc);
    if (h.bound != KL_BOUND_HIDDEN) {
        kl_fig_row r = remainder_row(t, parent, level, h, hc);
        json_array_append_new(arr, kl_fig_row_json(&r));
    }
    return arr;
}

static void print_json(const kl_tree *t, const struct tree_opts *o)
{
    json_t *root = json_object();
    json_t *filter = json_array();
    for (size_t i = 0; i < o->nlangs; i++)
        json_array_append_new(filter, json_string(o->langs[i]));
    json_object_set_new(root, "snapshot", json_string(o->path));
    json_object_set_new(root, "languages", filter);
    json_object_set_new(root, "min_users", json_integer(t->min_users));
    json_object_set_new(root, "min_conversations", json_integer(t->min_conversations));
    /* The top level's parent, the denominator of its shares. */
    kl_fig conv = kl_fig_conversations(&t->root_fig), users = kl_fig_users(&t->root_fig);
    json_t *total = json_object();
    json_object_set_new(total, "conversations", conv.bound == KL_BOUND_HIDDEN
                                                    ? json_null() : json_integer((json_int_t)conv.v));
    json_object_set_new(total, "conversations_bound", json_string(kl_bound_name(conv.bound)));
    json_object_set_new(total, "users", users.bound == KL_BOUND_HIDDEN
                                            ? json_null() : json_integer((json_int_t)users.v));
    json_object_set_new(total, "users_bound", json_string(kl_bound_name(users.bound)));
    json_object_set_new(root, "total", total);
    json_object_set_new(root, "clusters", json_rows(t, SIZE_MAX, 0, o->depth));
    json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | KL_FIG_JSON_FLAGS);
    putchar('\n');
    json_decref(root);
}

/* --by-lang: the tree without a filter, each language a column pair. */
static int by_lang(kl_snapshot *s, const struct tree_opts *o)
{
    kl_tree t;
    if (kl_tree_load(s, NULL, 0, &t) != 0) {
        kl_error("%s: cannot read the cluster tree: %s", o->path, sqlite3_errmsg(kl_snapshot_db(s)));
        return 1;
    }
    report_damage(&t, o->path);
    kl_tree_sort(&t, o->sort, o->sort == KL_SORT_NAME ? o->ascending : !o->ascending);
    setlocale(LC_CTYPE, "");
    kl_bylang_opts bo = {
        .langs = (const char *const *)o->langs, .nlangs = o->nlangs, .depth = o->depth,
        .format = o->format == FMT_JSON ? KL_BYLANG_JSON
                  : o->format == FMT_CSV ? KL_BYLANG_CSV
                                         : KL_BYLANG_TEXT,
        .ascii = strcmp(nl_langinfo(CODESET), "UTF-8") != 0,
        .width = isatty(STDOUT_FILENO) ? terminal_columns() : 0,
    };
    int rc = kl_tree_by_lang(s, &t, &bo, stdout);
    if (rc != 0)
        kl_error("%s: cannot read the language cells: %s", o->path,
                 sqlite3_errmsg(kl_snapshot_db(s)));
    kl_tree_free(&t);
    return rc == 0 ? 0 : 1;
}

static int parse_args(int argc, char **argv, struct tree_opts *o)
{
    static const struct option longopts[] = {
        {"lang", required_argument, NULL, 'l'},   {"sort", required_argument, NULL, 's'},
        {"reverse", no_argument, NULL, 'r'},      {"depth", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'}, {"ids", no_argument, NULL, 'i'},
        {"help", no_argument, NULL, 'h'},         {"by-lang", no_argument, NULL, 'B'},
        {"facet", required_argument, NULL, 'F'},
        {NULL, 0, NULL, 0},
    };
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "l:s:rd:f:ih", longopts, NULL)) != -1) {
        switch (c) {
        case 'l': split_langs(o, optarg); break;
        case 's':
            if (kl_sort_key_parse(optarg, &o->sort) != 0) {
                kl_error("tree: unknown sort key '%s' (conversations, refusal, concern, name)", optarg);
                return 2;
            }
            break;
        case 'r': o->ascending = 1; break;
        case 'd': {
            int64_t d;
            if (kl_parse_i64(optarg, 1, 1000, &d) != 0) {
                kl_error("tree: --depth wants a positive number, not '%s'", optarg);
                return 2;
            }
            o->depth = (int)d;
            break;
        }
        case 'f':
            if (strcmp(optarg, "text") == 0) o->format = FMT_TEXT;
            else if (strcmp(optarg, "json") == 0) o->format = FMT_JSON;
            else if (strcmp(optarg, "csv") == 0) o->format = FMT_CSV;
            else {
                kl_error("tree: unknown format '%s' (text, json, csv)", optarg);
                return 2;
            }
            break;
        case 'i': o->ids = true; break;
        case 'B': o->by_lang = true; break;
        case 'F': o->facet = optarg; break;
        case 'h': usage(stdout); return -1;
        default: usage(stderr); return 2;
        }
    }
    if (optind != argc - 1) {
        usage(stderr);
        return 2;
    }
    o->path = argv[optind];
    if (o->facet && (o->by_lang || o->nlangs)) {
        /* Custom facets are published per cluster, not per language. */
        kl_error("tree: --facet shows all languages; it takes neither --lang nor --by-lang");
        return 2;
    }
    return 0;
}

/* --facet NAME: the tree without a filter, the facet's values as columns. */
static int by_facet(kl_snapshot *s, const struct tree_opts *o)
{
    kl_snap_facet *fs;
    size_t n;
    if (kl_snap_facets_read(kl_snapshot_db(s), &fs, &n) != 0) {
        kl_error("%s: cannot read the custom facets", o->path);
        return 1;
    }
    const kl_snap_facet *f = kl_snap_facet_find(fs, n, o->facet);
    if (!f) {
        kl_buf known = KL_BUF_INIT;
        for (size_t k = 0; k < n; k++) {
            char *v = kl_sanitize(fs[k].name);
            kl_buf_printf(&known, "%s%s", k ? ", " : "", v);
            free(v);
        }
        char *safe = kl_sanitize(o->facet), *path = kl_sanitize(o->path);
        kl_error("%s: no custom facet '%s' in this snapshot (%s%s)", path, safe,
                 n ? "it has: " : "it has none", kl_buf_cstr(&known));
        free(safe);
        free(path);
        kl_buf_free(&known);
        kl_snap_facets_free(fs, n);
        return 2;
    }
    kl_tree t;
    int rc = 0;
    if (kl_tree_load(s, NULL, 0, &t) != 0) {
        kl_error("%s: cannot read the cluster tree: %s", o->path, sqlite3_errmsg(kl_snapshot_db(s)));
        kl_snap_facets_free(fs, n);
        return 1;
    }
    report_damage(&t, o->path);
    kl_tree_sort(&t, o->sort, o->sort == KL_SORT_NAME ? o->ascending : !o->ascending);
    setlocale(LC_CTYPE, "");
    int fmt = o->format == FMT_JSON ? KL_TREE_CUSTOM_JSON
              : o->format == FMT_CSV ? KL_TREE_CUSTOM_CSV : KL_TREE_CUSTOM_TEXT;
    if (kl_tree_custom(s, &t, f, o->depth, fmt, stdout) != 0) {
        kl_error("%s: cannot read the custom facet cells: %s", o->path,
                 sqlite3_errmsg(kl_snapshot_db(s)));
        rc = 1;
    }
    kl_tree_free(&t);
    kl_snap_facets_free(fs, n);
    return rc;
}

int cmd_tree(int argc, char **argv)
{
    struct tree_opts o = {.sort = KL_SORT_CONVERSATIONS};
    int rc = parse_args(argc, argv, &o);
    if (rc != 0) {
        for (size_t i = 0; i < o.nlangs; i++)
            free(o.langs[i]);
        free(o.langs);
        return rc < 0 ? 0 : rc;
    }
    char err[512];
    kl_snapshot *s = kl_snapshot_open(o.path, err, sizeof err);
    kl_tree t;
    if (!s) {
        fprintf(stderr, "kleio: %s\n", err);
        rc = KL_EXIT_BAD_SNAPSHOT;
    } else if (check_langs(s, &o) != 0) {
        rc = 2;
    } else if (o.by_lang) {
        rc = by_lang(s, &o);
    } else if (o.facet) {
        rc = by_facet(s, &o);
    } else if (kl_tree_load(s, (const char *const *)o.langs, o.nlangs, &t) != 0) {
        kl_error("%s: cannot read the cluster tree: %s", o.path, sqlite3_errmsg(kl_snapshot_db(s)));
        rc = 1;
    } else {
        report_damage(&t, o.path);
        int desc = o.sort == KL_SORT_NAME ? o.ascending : !o.ascending;
        kl_tree_sort(&t, o.sort, desc);
        if (o.format == FMT_JSON) {
            print_json(&t, &o);
        } else {
            struct rows rs = {0};
            collect(&t, SIZE_MAX, 0, o.depth, &rs);
            if (o.format == FMT_CSV) {
                print_csv(&t, &rs);
            } else {
                /* Only the character type: numbers keep their C decimal point. */
                setlocale(LC_CTYPE, "");
                bool ascii = strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
                print_text(&t, &rs, o.ids, ascii);
            }
            free(rs.r);
        }
        kl_tree_free(&t);
    }
    kl_snapshot_close(s);
    for (size_t i = 0; i < o.nlangs; i++)
        free(o.langs[i]);
    free(o.langs);
    return rc;
}
