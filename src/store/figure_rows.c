/* figure_rows.c — CSV and JSON rows of figures for tools (figure_rows.h). */
#include "kleio/figure_rows.h"

#include <math.h>
#include <string.h>

const char kl_fig_csv_columns[] =
    "kind,id,parent,level,name,conversations,conversations_bound,share,share_bound,users,"
    "users_bound,refusal_rate,mean_concern,hidden_cells,hidden_clusters";

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

static void csv_fig(FILE *f, kl_fig v, bool integer, bool with_bound)
{
    char text[48];
    kl_fig_plain(v, integer, text, sizeof text);
    fprintf(f, ",%s", text);
    if (with_bound)
        fprintf(f, ",%s", kl_bound_name(v.bound));
}

void kl_fig_row_csv(FILE *f, const kl_fig_row *r)
{
    static const kl_fig hidden = {KL_BOUND_HIDDEN, 0};
    if (r->remainder) {
        char label[160];
        kl_fig_hidden_label(r->hidden, r->hidden_clusters, false, true, label, sizeof label);
        fprintf(f, "hidden,,%lld,%d,", (long long)r->parent, r->level);
        csv_text(f, label);
        csv_fig(f, r->hidden, true, true);
        csv_fig(f, hidden, false, true);
        csv_fig(f, hidden, true, true);
        fprintf(f, ",,,,%d", r->hidden_clusters);
        return;
    }
    const kl_counts *c = r->fig;
    fprintf(f, "cluster,%lld,%lld,%d,", (long long)r->id, (long long)r->parent, r->level);
    csv_text(f, r->name ? r->name : "");
    csv_fig(f, kl_fig_conversations(c), true, true);
    csv_fig(f, r->share, false, true);
    csv_fig(f, kl_fig_users(c), true, true);
    csv_fig(f, kl_fig_refusal(c), false, false);
    csv_fig(f, kl_fig_concern(c), false, false);
    fprintf(f, ",%d,", (int)c->hidden_cells);
}

static void json_fig(json_t *o, const char *key, kl_fig f, bool integer, bool with_bound)
{
    json_t *v;
    if (f.bound == KL_BOUND_HIDDEN)
        v = json_null();
    else if (integer)
        v = json_integer((json_int_t)llround(f.v));
    else
        v = json_real(kl_fig_round(f, KL_FIG_DIGITS));
    json_object_set_new(o, key, v);
    if (with_bound) {
        char bk[64];
        snprintf(bk, sizeof bk, "%s_bound", key);
        json_object_set_new(o, bk, json_string(kl_bound_name(f.bound)));
    }
}

json_t *kl_fig_row_json(const kl_fig_row *r)
{
    json_t *o = json_object();
    if (r->remainder) {
        char label[160];
        kl_fig_hidden_label(r->hidden, r->hidden_clusters, false, true, label, sizeof label);
        json_object_set_new(o, "kind", json_string("hidden"));
        json_object_set_new(o, "parent", json_integer(r->parent));
        json_object_set_new(o, "level", json_integer(r->level));
        json_object_set_new(o, "name", json_string(label));
        json_fig(o, "conversations", r->hidden, true, true);
        json_object_set_new(o, "hidden_clusters", json_integer(r->hidden_clusters));
        return o;
    }
    const kl_counts *c = r->fig;
    json_object_set_new(o, "kind", json_string("cluster"));
    json_object_set_new(o, "id", json_integer(r->id));
    json_object_set_new(o, "parent", json_integer(r->parent));
    json_object_set_new(o, "level", json_integer(r->level));
    json_object_set_new(o, "name", json_string(r->name ? r->name : ""));
    json_object_set_new(o, "suppressed", json_boolean(c->suppressed));
    json_object_set_new(o, "partial", json_boolean(!c->suppressed && c->hidden_cells > 0));
    json_object_set_new(o, "hidden_cells", json_integer(c->hidden_cells));
    json_fig(o, "conversations", kl_fig_conversations(c), true, true);
    json_fig(o, "share", r->share, false, true);
    json_fig(o, "users", kl_fig_users(c), true, true);
    json_fig(o, "refusal_rate", kl_fig_refusal(c), false, false);
    json_fig(o, "mean_concern", kl_fig_concern(c), false, false);
    return o;
}
