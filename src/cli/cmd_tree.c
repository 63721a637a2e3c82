/* cmd_tree.c — `kleio tree`: the hierarchy of a snapshot as text, JSON or CSV. */
#include <getopt.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/buf.h"
#include "kleio/commands.h"
#include "kleio/log.h"
#include "kleio/mem.h"
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
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kleio tree SNAPSHOT [--lang CODE[,CODE...]] [--sort KEY] [--reverse]\n"
            "                  [--depth N] [--format text|json|csv]\n"
            "\n"
            "Prints the cluster hierarchy of a snapshot with, per cluster: conversations,\n"
            "share of the parent, distinct users, refusal rate and mean concern (1-5).\n"
            "\n"
            "  -l, --lang CODES   figures of these languages only (ISO 639 codes, comma-separated)\n"
            "  -s, --sort KEY     conversations (default), refusal, concern or name\n"
            "  -r, --reverse      reverse the sort order\n"
            "  -d, --depth N      print N levels (default: all)\n"
            "  -f, --format F     text (default), json or csv\n"
            "\n"
            "Cells below the snapshot's privacy thresholds print <k (k the threshold).\n"
            "With several languages, users is an upper bound (a user may write in two).\n");
}

static void split_langs(struct tree_opts *o, const char *arg)
{
    char *copy = kl_strdup(arg), *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ')
            tok++;
        if (!*tok)
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
            kl_buf known = KL_BUF_INIT;
            for (size_t k = 0; k < n; k++)
                kl_buf_printf(&known, "%s%s", k ? ", " : "", langs[k].code);
            char *safe = kl_sanitize(o->langs[i]);
            kl_error("%s: no language '%s' in this snapshot (it has: %s)", o->path, safe,
                     kl_buf_cstr(&known));
            free(safe);
            kl_buf_free(&known);
            rc = -1;
        }
    }
    kl_languages_free(langs, n);
    return rc;
}

/* Formats an integer with thousands separators. */
static void fmt_count(char *out, size_t n, int64_t v)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", (long long)v);
    size_t len = strlen(digits), o = 0;
    for (size_t i = 0; i < len && o + 2 < n; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

struct row_cells {
    char conv[32], share[16], users[32], refusal[16], concern[16];
};

static void make_cells(const kl_tree *t, size_t i, struct row_cells *r, int thousands)
{
    const kl_counts *f = &t->nodes[i].fig;
    if (f->suppressed) {
        snprintf(r->conv, sizeof r->conv, "<%lld", (long long)t->min_conversations);
        snprintf(r->users, sizeof r->users, "<%lld", (long long)t->min_users);
        strcpy(r->share, "-");
        strcpy(r->refusal, "-");
        strcpy(r->concern, "-");
        return;
    }
    if (thousands) {
        fmt_count(r->conv, sizeof r->conv, f->conversations);
        fmt_count(r->users, sizeof r->users, f->users);
    } else {
        snprintf(r->conv, sizeof r->conv, "%lld", (long long)f->conversations);
        snprintf(r->users, sizeof r->users, "%lld", (long long)f->users);
    }
    double share = kl_tree_share(t, i), rate = kl_counts_refusal_rate(f),
           concern = kl_counts_mean_concern(f);
    if (share < 0) strcpy(r->share, "-");
    else snprintf(r->share, sizeof r->share, "%.1f%%", 100.0 * share);
    if (rate < 0) strcpy(r->refusal, "-");
    else snprintf(r->refusal, sizeof r->refusal, "%.1f%%", 100.0 * rate);
    if (concern < 0) strcpy(r->concern, "-");
    else snprintf(r->concern, sizeof r->concern, "%.2f", concern);
}

static const char *display_name(const kl_tree_node *n)
{
    if (n->c.is_other && !*n->c.name)
        return "(other)";
    return n->c.name;
}

#define NAME_COLS 50

static void print_text_rows(const kl_tree *t, const size_t *ids, size_t n, int level, int depth)
{
    for (size_t k = 0; k < n; k++) {
        size_t i = ids[k];
        const kl_tree_node *nd = &t->nodes[i];
        struct row_cells r;
        make_cells(t, i, &r, 1);
        size_t indent = (size_t)level * 2;
        size_t avail = indent < NAME_COLS - 8 ? NAME_COLS - indent : 8;
        char *name = kl_sanitize_fit(display_name(nd), avail, false);
        size_t w = kl_utf8_width(name);
        printf("%*s%s%*s %9s %6s %7s %8s %7s\n", (int)indent, "", name, (int)(avail - w), "",
               r.conv, r.share, r.users, r.refusal, r.concern);
        free(name);
        if (depth == 0 || level + 1 < depth)
            print_text_rows(t, nd->children, nd->n_children, level + 1, depth);
    }
}

static void csv_field(const char *s)
{
    char *clean = kl_sanitize(s);
    putchar('"');
    for (const char *p = clean; *p; p++) {
        if (*p == '"')
            putchar('"');
        putchar(*p);
    }
    putchar('"');
    free(clean);
}

static void print_csv_rows(const kl_tree *t, const size_t *ids, size_t n, int level, int depth)
{
    for (size_t k = 0; k < n; k++) {
        size_t i = ids[k];
        const kl_tree_node *nd = &t->nodes[i];
        struct row_cells r;
        make_cells(t, i, &r, 0);
        printf("%lld,%lld,%d,", (long long)nd->c.id, (long long)nd->c.parent, level);
        csv_field(display_name(nd));
        printf(",%s,%s,%s,%s,%s\n", r.conv, r.share, r.users, r.refusal, r.concern);
        if (depth == 0 || level + 1 < depth)
            print_csv_rows(t, nd->children, nd->n_children, level + 1, depth);
    }
}

static json_t *json_figure(double v, int digits)
{
    if (v < 0)
        return json_null();
    double scale = digits == 4 ? 1e4 : 1e2;
    return json_real((double)(long long)(v * scale + 0.5) / scale);
}

static json_t *json_rows(const kl_tree *t, const size_t *ids, size_t n, int level, int depth)
{
    json_t *arr = json_array();
    for (size_t k = 0; k < n; k++) {
        size_t i = ids[k];
        const kl_tree_node *nd = &t->nodes[i];
        const kl_counts *f = &nd->fig;
        char *name = kl_sanitize(display_name(nd));
        char *desc = kl_sanitize(nd->c.description);
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(nd->c.id));
        json_object_set_new(o, "level", json_integer(level));
        json_object_set_new(o, "name", json_string(name));
        json_object_set_new(o, "description", json_string(desc));
        json_object_set_new(o, "other", json_boolean(nd->c.is_other));
        json_object_set_new(o, "suppressed", json_boolean(f->suppressed));
        if (f->suppressed) {
            json_object_set_new(o, "conversations", json_null());
            json_object_set_new(o, "users", json_null());
            json_object_set_new(o, "below_conversations", json_integer(t->min_conversations));
            json_object_set_new(o, "below_users", json_integer(t->min_users));
        } else {
            json_object_set_new(o, "conversations", json_integer(f->conversations));
            json_object_set_new(o, "users", json_integer(f->users));
        }
        json_object_set_new(o, "share", json_figure(kl_tree_share(t, i), 4));
        json_object_set_new(o, "refusal_rate", json_figure(kl_counts_refusal_rate(f), 4));
        json_object_set_new(o, "mean_concern", json_figure(kl_counts_mean_concern(f), 2));
        if (depth == 0 || level + 1 < depth)
            json_object_set_new(o, "children",
                                json_rows(t, nd->children, nd->n_children, level + 1, depth));
        json_array_append_new(arr, o);
        free(name);
        free(desc);
    }
    return arr;
}

static int parse_args(int argc, char **argv, struct tree_opts *o)
{
    static const struct option longopts[] = {
        {"lang", required_argument, NULL, 'l'},   {"sort", required_argument, NULL, 's'},
        {"reverse", no_argument, NULL, 'r'},      {"depth", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "l:s:rd:f:h", longopts, NULL)) != -1) {
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
            char *end;
            long d = strtol(optarg, &end, 10);
            if (*end || d < 1 || d > 1000) {
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
        case 'h': usage(stdout); return -1;
        default: usage(stderr); return 2;
        }
    }
    if (optind != argc - 1) {
        usage(stderr);
        return 2;
    }
    o->path = argv[optind];
    return 0;
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
    } else if (kl_tree_load(s, (const char *const *)o.langs, o.nlangs, &t) != 0) {
        kl_error("%s: cannot read the cluster tree: %s", o.path, sqlite3_errmsg(kl_snapshot_db(s)));
        rc = 1;
    } else {
        int desc = o.sort == KL_SORT_NAME ? o.ascending : !o.ascending;
        kl_tree_sort(&t, o.sort, desc);
        if (o.format == FMT_TEXT) {
            printf("%-*s %9s %6s %7s %8s %7s\n", NAME_COLS, "CLUSTER", "CONVS", "SHARE", "USERS",
                   "REFUSAL", "CONCERN");
            print_text_rows(&t, t.roots, t.n_roots, 0, o.depth);
        } else if (o.format == FMT_CSV) {
            printf("id,parent,level,name,conversations,share,users,refusal_rate,mean_concern\n");
            print_csv_rows(&t, t.roots, t.n_roots, 0, o.depth);
        } else {
            json_t *root = json_object();
            json_t *filter = json_array();
            for (size_t i = 0; i < o.nlangs; i++)
                json_array_append_new(filter, json_string(o.langs[i]));
            json_object_set_new(root, "snapshot", json_string(o.path));
            json_object_set_new(root, "languages", filter);
            json_object_set_new(root, "min_users", json_integer(t.min_users));
            json_object_set_new(root, "min_conversations", json_integer(t.min_conversations));
            json_object_set_new(root, "clusters", json_rows(&t, t.roots, t.n_roots, 0, o.depth));
            json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
            putchar('\n');
            json_decref(root);
        }
        kl_tree_free(&t);
    }
    kl_snapshot_close(s);
    for (size_t i = 0; i < o.nlangs; i++)
        free(o.langs[i]);
    free(o.langs);
    return rc;
}
