/* tree_custom.c — `kleio tree --facet NAME` (tree_custom.h). */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/buf.h"
#include "kleio/mem.h"
#include "kleio/tree_custom.h"
#include "kleio/utf8.h"

struct walk {
    const kl_tree *t;
    const kl_snap_custom *c;
    int depth, format;
    FILE *out;
    json_t *json;
};

/* One figure as text: "-" hidden, else the count (0 where the cluster has no row). */
static void fig_text(int64_t v, char *buf, size_t n)
{
    if (v == KL_SNAP_HIDDEN)
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%lld", (long long)v);
}

static json_t *fig_json(int64_t v)
{
    return v == KL_SNAP_HIDDEN ? json_null() : json_integer((json_int_t)v);
}

/* A CSV field: quoted, with quotes doubled (names are untrusted text). */
static void csv_field(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void row(struct walk *w, size_t node, int level, json_t *arr)
{
    const kl_tree_node *nd = &w->t->nodes[node];
    const kl_snap_custom *c = w->c;
    size_t k;
    const int64_t *r = kl_snap_custom_row(c, nd->c.id, &k);
    char *name = kl_sanitize(nd->c.name);
    bool mean = c->f->number && r && c->has_mean[k];
    if (w->format == KL_TREE_CUSTOM_TEXT) {
        kl_buf line = KL_BUF_INIT;
        kl_buf_printf(&line, "%*s%s", level * 2, "", name);
        size_t wd = kl_utf8_width(kl_buf_cstr(&line));
        kl_buf_printf(&line, "%*s", wd < 40 ? (int)(40 - wd) : 1, "");
        kl_buf_printf(&line, " %10lld", (long long)nd->c.total.conversations);
        for (size_t s = 0; s < c->slots; s++) {
            char b[32];
            fig_text(r ? r[s] : 0, b, sizeof b);
            kl_buf_printf(&line, " %10s", b);
        }
        if (c->f->number) {
            if (mean)
                kl_buf_printf(&line, " %10.2f %8.2f", c->mean[k], c->ci[k]);
            else
                kl_buf_printf(&line, " %10s %8s", "-", "-");
        }
        fprintf(w->out, "%s\n", kl_buf_cstr(&line));
        kl_buf_free(&line);
    } else if (w->format == KL_TREE_CUSTOM_CSV) {
        fprintf(w->out, "%lld,%lld,%d,", (long long)nd->c.id, (long long)nd->c.parent, level);
        csv_field(w->out, name);
        fprintf(w->out, ",%lld", (long long)nd->c.total.conversations);
        for (size_t s = 0; s < c->slots; s++) {
            int64_t v = r ? r[s] : 0;
            if (v == KL_SNAP_HIDDEN)
                fputc(',', w->out);
            else
                fprintf(w->out, ",%lld", (long long)v);
        }
        if (c->f->number) {
            if (mean)
                fprintf(w->out, ",%.6g,%.6g", c->mean[k], c->ci[k]);
            else
                fputs(",,", w->out);
        }
        fputc('\n', w->out);
    } else {
        json_t *o = json_pack("{s:I, s:I, s:i, s:s, s:I}", "id", (json_int_t)nd->c.id, "parent",
                              (json_int_t)nd->c.parent, "level", level, "name", name,
                              "conversations", (json_int_t)nd->c.total.conversations);
        json_t *vals = json_object();
        for (size_t s = 0; s + 1 < c->slots; s++)
            json_object_set_new(vals, c->f->values[s], fig_json(r ? r[s] : 0));
        json_object_set_new(o, "values", vals);
        json_object_set_new(o, "unanswered", fig_json(r ? r[c->slots - 1] : 0));
        if (c->f->number) {
            json_object_set_new(o, "mean", mean ? json_real(c->mean[k]) : json_null());
            json_object_set_new(o, "ci95", mean ? json_real(c->ci[k]) : json_null());
        }
        json_array_append_new(arr, o);
        if (w->depth == 0 || level + 1 < w->depth) {
            json_t *kids = json_array();
            for (size_t j = 0; j < nd->n_children; j++)
                row(w, nd->children[j], level + 1, kids);
            json_object_set_new(o, "children", kids);
        }
        free(name);
        return;
    }
    free(name);
    if (w->depth == 0 || level + 1 < w->depth)
        for (size_t j = 0; j < nd->n_children; j++)
            row(w, nd->children[j], level + 1, arr);
}

int kl_tree_custom(kl_snapshot *s, const kl_tree *t, const kl_snap_facet *f, int depth, int format,
                   FILE *out)
{
    kl_snap_custom c;
    if (kl_snap_custom_read(kl_snapshot_db(s), f, &c) != 0) {
        kl_snap_custom_free(&c);
        return -1;
    }
    struct walk w = {t, &c, depth, format, out, NULL};
    char *fname = kl_sanitize(f->name);
    if (format == KL_TREE_CUSTOM_TEXT) {
        char *q = kl_sanitize(f->question);
        fprintf(out, "%s: %s\n", fname, q);
        free(q);
        kl_buf h = KL_BUF_INIT;
        kl_buf_printf(&h, "%-40s %10s", "CLUSTER", "CONVS");
        for (size_t k = 0; k < f->n_values; k++) {
            char *v = kl_sanitize(f->values[k]);
            kl_buf_printf(&h, " %10.10s", v);
            free(v);
        }
        kl_buf_printf(&h, " %10s", "UNANSWERED");
        if (f->number)
            kl_buf_printf(&h, " %10s %8s", "MEAN", "CI95");
        fprintf(out, "%s\n", kl_buf_cstr(&h));
        kl_buf_free(&h);
        for (size_t j = 0; j < t->n_roots; j++)
            row(&w, t->roots[j], 0, NULL);
        kl_buf line = KL_BUF_INIT;
        kl_buf_printf(&line, "%-40s %10s", "(all conversations)", "");
        for (size_t k = 0; k < c.slots; k++) {
            char b[32];
            fig_text(c.total[k], b, sizeof b);
            kl_buf_printf(&line, " %10s", b);
        }
        fprintf(out, "%s\n", kl_buf_cstr(&line));
        kl_buf_free(&line);
    } else if (format == KL_TREE_CUSTOM_CSV) {
        fputs("id,parent,level,name,conversations", out);
        for (size_t k = 0; k < f->n_values; k++) {
            fputc(',', out);
            char *v = kl_sanitize(f->values[k]);
            csv_field(out, v);
            free(v);
        }
        fputs(",unanswered", out);
        if (f->number)
            fputs(",mean,ci95", out);
        fputc('\n', out);
        for (size_t j = 0; j < t->n_roots; j++)
            row(&w, t->roots[j], 0, NULL);
    } else {
        json_t *arr = json_array(), *vals = json_array(), *tot = json_object();
        for (size_t k = 0; k < f->n_values; k++) {
            json_array_append_new(vals, json_string(f->values[k]));
            json_object_set_new(tot, f->values[k], fig_json(c.total[k]));
        }
        json_object_set_new(tot, "", fig_json(c.total[c.slots - 1]));
        for (size_t j = 0; j < t->n_roots; j++)
            row(&w, t->roots[j], 0, arr);
        json_t *root = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "facet", f->name, "type",
                                 f->number ? "number" : "choice", "question", f->question,
                                 "values", vals, "total", tot, "clusters", arr);
        json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', out);
        json_decref(root);
    }
    free(fname);
    kl_snap_custom_free(&c);
    return 0;
}
