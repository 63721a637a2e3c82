/* export.c — `e`: the rows of the current view as CSV or JSON, the scripting twin of
 * what is on screen (the same slice, order and columns). The tree's rows are written by
 * figure_rows.h, as `kleio tree --format csv|json` writes them. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "kleio/figures.h"
#include "kleio/buf.h"
#include "kleio/figure_rows.h"
#include "kleio/tree_model.h"
#include "kleio/tui_app.h"
#include "kleio/tui_columns.h"

static void csv_text(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static json_t *figure(double v)
{
    return v < 0 ? json_null() : json_real(v);
}

static json_t *node_json(kl_app *a, uint32_t node)
{
    kl_tui_model *m = &a->m;
    const kl_tnode *nd = &m->nodes[node];
    const kl_counts *f = &nd->fig;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(nd->id));
    json_object_set_new(o, "parent", json_integer(nd->parent_id));
    json_object_set_new(o, "level", json_integer(nd->level));
    json_object_set_new(o, "name", json_string(nd->name));
    json_object_set_new(o, "suppressed", json_boolean(f->suppressed));
    json_object_set_new(o, "conversations", f->suppressed ? json_null() : json_integer(f->conversations));
    json_object_set_new(o, "users", f->suppressed ? json_null() : json_integer(f->users));
    kl_fig share = kl_tui_model_share(m, node);
    json_object_set_new(o, "share", figure(share.bound == KL_BOUND_HIDDEN ? -1 : share.v));
    json_object_set_new(o, "refusal_rate", figure(kl_counts_refusal_rate(f)));
    json_object_set_new(o, "mean_concern", figure(kl_counts_mean_concern(f)));
    return o;
}

/* An outlier's cluster path, "A > B > name" (ASCII separators: a file, not a screen). */
static void path_of(const kl_tui_model *m, uint32_t node, kl_buf *b)
{
    uint32_t chain[256];
    int depth = 0;
    for (uint32_t x = node; x != 0 && x != KL_TUI_NONE && depth < 256; x = m->nodes[x].parent)
        chain[depth++] = x;
    for (int i = depth - 1; i >= 0; i--)
        kl_buf_printf(b, "%s%s", m->nodes[chain[i]].name, i ? " > " : "");
}

/* Rates, differences and probabilities are plain numbers (0.149, not "14.9%"). */
static void outlier_csv(kl_app *a, FILE *f, const kl_outlier *o)
{
    const kl_tui_model *m = &a->m;
    const kl_tnode *nd = &m->nodes[o->node];
    kl_buf path = KL_BUF_INIT;
    path_of(m, o->node, &path);
    fprintf(f, "%lld,%lld,%d,", (long long)nd->id, (long long)nd->parent_id, nd->level);
    csv_text(f, nd->name);
    fputc(',', f);
    csv_text(f, kl_buf_cstr(&path));
    double concern = kl_counts_mean_concern(&nd->fig);
    fprintf(f, ",%lld,%lld,%.6f,", (long long)o->n, (long long)o->k, o->rate);
    if (concern >= 0)
        fprintf(f, "%.4f", concern);
    fprintf(f, ",%lld,%lld,%.6f,%.6f,%.6f,%.6f,%.6g,%s,%.6g,%s,", (long long)o->rest_n,
            (long long)o->rest_k, o->rest_rate, o->diff, o->lo, o->hi, o->p,
            o->exact ? "fisher" : "z", o->q,
            o->flag == KL_OUTLIER_NONE ? "none" : kl_outlier_flag_name(o->flag));
    if (o->driver != KL_TUI_NONE) {
        fprintf(f, "%lld,", (long long)m->nodes[o->driver].id);
        csv_text(f, m->nodes[o->driver].name);
    } else {
        fputc(',', f);
    }
    fputc('\n', f);
    kl_buf_free(&path);
}

static json_t *outlier_json(kl_app *a, const kl_outlier *o)
{
    const kl_tui_model *m = &a->m;
    json_t *row = node_json(a, o->node);
    kl_buf path = KL_BUF_INIT;
    path_of(m, o->node, &path);
    json_object_set_new(row, "path", json_string(kl_buf_cstr(&path)));
    kl_buf_free(&path);
    json_object_set_new(row, "refused", json_integer(o->k));
    json_object_set_new(row, "siblings_conversations", json_integer(o->rest_n));
    json_object_set_new(row, "siblings_refused", json_integer(o->rest_k));
    json_object_set_new(row, "siblings_rate", json_real(o->rest_rate));
    json_object_set_new(row, "difference", json_real(o->diff));
    json_object_set_new(row, "interval_low", json_real(o->lo));
    json_object_set_new(row, "interval_high", json_real(o->hi));
    json_object_set_new(row, "p", json_real(o->p));
    json_object_set_new(row, "p_test", json_string(o->exact ? "fisher" : "z"));
    json_object_set_new(row, "q", json_real(o->q));
    json_object_set_new(row, "flag", o->flag == KL_OUTLIER_NONE
                                         ? json_null()
                                         : json_string(kl_outlier_flag_name(o->flag)));
    json_t *driver = json_null();
    if (o->driver != KL_TUI_NONE) {
        driver = json_object();
        json_object_set_new(driver, "id", json_integer(m->nodes[o->driver].id));
        json_object_set_new(driver, "name", json_string(m->nodes[o->driver].name));
    }
    json_object_set_new(row, "driver", driver);
    return row;
}

/* One tree row (a cluster or a parent's hidden remainder) for figure_rows.h. */
/* label: room for a remainder row's name, which the returned row points into. */
static kl_fig_row tree_row(kl_app *a, size_t i, char *label, size_t label_n)
{
    kl_tui_model *m = &a->m;
    uint32_t row = a->rows[i];
    if (!kl_row_is_node(row)) {
        uint32_t parent = row & ~KL_ROW_HIDDEN;
        int k = 0;
        kl_fig h = kl_tui_model_hidden(m, parent, &k);
        return (kl_fig_row){.remainder = true, .parent = m->nodes[parent].id,
                            .level = m->nodes[parent].level + 1, .hidden = h,
                            .hidden_clusters = k};
    }
    const kl_tnode *nd = &m->nodes[row];
    return (kl_fig_row){.id = nd->id, .parent = nd->parent_id, .level = nd->level,
                        .name = kl_fig_row_name(nd->name, nd->is_other, &nd->fig, false, label,
                                                label_n),
                        .fig = &nd->fig, .share = kl_tui_model_share(m, row)};
}

long kl_export_view(kl_app *a, const char *path)
{
    size_t len = strlen(path);
    bool json = len > 5 && strcmp(path + len - 5, ".json") == 0;
    bool outliers = a->view == KL_VIEW_OUTLIERS;
    long n = 0;
    char filter[256];
    kl_tui_model_filter_label(&a->m, filter, sizeof filter);
    if (json) {
        json_t *root = json_object(), *rows = json_array();
        json_object_set_new(root, "snapshot", json_string(a->m.path));
        json_object_set_new(root, "languages", json_string(filter));
        json_object_set_new(root, "view", json_string(outliers ? "outliers" : "tree"));
        if (outliers) {
            char sentence[256];
            kl_tui_outliers_sentence(sentence, sizeof sentence, a->o_done.fdr, a->n_outliers,
                                     false);
            json_object_set_new(root, "test", json_string(sentence));
            json_object_set_new(root, "fdr", json_real(a->o_done.fdr));
            json_object_set_new(root, "min_conversations", json_integer(a->o_done.min_size));
            json_object_set_new(root, "tests", json_integer((json_int_t)a->n_outliers));
            json_object_set_new(root, "flagged", json_integer((json_int_t)a->n_flagged));
            json_object_set_new(root, "listing", json_string(kl_tui_show_names[a->o_show]));
            for (size_t i = 0; i < a->o_n_rows; i++, n++)
                json_array_append_new(rows, outlier_json(a, &a->outliers[a->o_rows[i]]));
        } else {
            for (size_t i = 0; i < a->n_rows; i++) {
                if (a->rows[i] == KL_TUI_NONE)
                    continue;
                char label[96];
                kl_fig_row r = tree_row(a, i, label, sizeof label);
                json_t *row = kl_fig_row_json(&r);
                json_object_set_new(row, "depth", json_integer(a->depth[i]));
                json_array_append_new(rows, row);
                n++;
            }
        }
        json_object_set_new(root, "rows", rows);
        int rc = json_dump_file(root, path, JSON_INDENT(2) | JSON_ENSURE_ASCII |
                                                (outliers ? 0 : KL_FIG_JSON_FLAGS));
        json_decref(root);
        if (rc != 0) {
            if (!errno)
                errno = EIO;
            return -1;
        }
        return n;
    }
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    if (outliers) {
        fputs("id,parent,level,name,path,conversations,refused,refusal_rate,mean_concern,"
              "siblings_conversations,siblings_refused,siblings_rate,difference,interval_low,"
              "interval_high,p,p_test,q,flag,driver_id,driver\n",
              f);
        for (size_t i = 0; i < a->o_n_rows; i++, n++)
            outlier_csv(a, f, &a->outliers[a->o_rows[i]]);
    } else {
        fprintf(f, "%s,depth\n", kl_fig_csv_columns);
        for (size_t i = 0; i < a->n_rows; i++) {
            if (a->rows[i] == KL_TUI_NONE)
                continue;
            char label[96];
            kl_fig_row r = tree_row(a, i, label, sizeof label);
            kl_fig_row_csv(f, &r);
            fprintf(f, ",%d\n", a->depth[i]);
            n++;
        }
    }
    if (fclose(f) != 0)
        return -1;
    return n;
}
