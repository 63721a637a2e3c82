/* export.c — `e`: the rows of the current view as CSV or JSON, the scripting twin of
 * what is on screen (the same slice, order and columns). */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

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
    json_object_set_new(o, "share", figure(kl_tui_model_share(m, node)));
    json_object_set_new(o, "refusal_rate", figure(kl_counts_refusal_rate(f)));
    json_object_set_new(o, "mean_concern", figure(kl_counts_mean_concern(f)));
    return o;
}

static void csv_node(kl_app *a, FILE *f, uint32_t node)
{
    kl_tui_model *m = &a->m;
    const kl_tnode *nd = &m->nodes[node];
    fprintf(f, "%lld,%lld,%d,", (long long)nd->id, (long long)nd->parent_id, nd->level);
    csv_text(f, nd->name);
    static const int cols[] = {KL_COL_CONV, KL_COL_SHARE, KL_COL_USERS, KL_COL_REFUSAL,
                               KL_COL_CONCERN};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        char cell[64];
        kl_tui_column_text(m, node, cols[i], cell, sizeof cell);
        fprintf(f, ",%s", cell);
    }
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
            for (size_t i = 0; i < a->n_outliers; i++, n++) {
                const kl_outlier *o = &a->outliers[i];
                json_t *row = node_json(a, o->node);
                json_object_set_new(row, "parent_rate", json_real(o->parent_rate));
                json_object_set_new(row, "interval_low", json_real(o->lo));
                json_object_set_new(row, "interval_high", json_real(o->hi));
                json_object_set_new(row, "z", json_real(o->z));
                json_object_set_new(row, "flag", json_string(kl_outlier_flag_name(o->flag)));
                json_array_append_new(rows, row);
            }
        } else {
            for (size_t i = 0; i < a->n_rows; i++) {
                if (a->rows[i] == KL_TUI_NONE)
                    continue;
                json_t *row = node_json(a, a->rows[i]);
                json_object_set_new(row, "depth", json_integer(a->depth[i]));
                json_array_append_new(rows, row);
                n++;
            }
        }
        json_object_set_new(root, "rows", rows);
        int rc = json_dump_file(root, path, JSON_INDENT(2) | JSON_ENSURE_ASCII);
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
    fprintf(f, "id,parent,level,name,conversations,share,users,refusal_rate,mean_concern%s\n",
            outliers ? ",parent_rate,interval_low,interval_high,z,flag" : ",depth");
    if (outliers) {
        for (size_t i = 0; i < a->n_outliers; i++, n++) {
            const kl_outlier *o = &a->outliers[i];
            csv_node(a, f, o->node);
            fprintf(f, ",%.4f,%.4f,%.4f,%.3f,%s\n", o->parent_rate, o->lo, o->hi, o->z,
                    kl_outlier_flag_name(o->flag));
        }
    } else {
        for (size_t i = 0; i < a->n_rows; i++) {
            if (a->rows[i] == KL_TUI_NONE)
                continue;
            csv_node(a, f, a->rows[i]);
            fprintf(f, ",%d\n", a->depth[i]);
            n++;
        }
    }
    if (fclose(f) != 0)
        return -1;
    return n;
}
