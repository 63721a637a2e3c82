/* columns.c — formatting and sort values of the tree columns. */
#include "kleio/tui_columns.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kleio/figures.h"
#include "kleio/tree_model.h"
#include "kleio/utf8.h"

const kl_tui_column kl_tui_columns[KL_COL_N] = {
#define X(id, cfg, title, width, right, desc) [KL_COL_##id] = {cfg, title, width, right, desc},
    KL_TUI_COLUMNS(X)
#undef X
};

int kl_tui_column_find(const char *name)
{
    for (int i = 0; i < KL_COL_N; i++)
        if (strcmp(kl_tui_columns[i].config_name, name) == 0)
            return i;
    return -1;
}

int kl_tui_columns_parse(const char *list, int *out, char *err, size_t errlen)
{
    int n = 0;
    bool seen[KL_COL_N] = {false};
    const char *p = list;
    while (*p) {
        while (*p == ' ' || *p == ',' || *p == '\t')
            p++;
        if (!*p)
            break;
        const char *start = p;
        while (*p && *p != ',' && *p != ' ' && *p != '\t')
            p++;
        char word[32];
        snprintf(word, sizeof word, "%.*s", (int)(p - start), start);
        int c = kl_tui_column_find(word);
        if (c < 0) {
            snprintf(err, errlen, "unknown column '%s' (known: name, conversations, share, "
                                  "users, refusal, concern, trend, facet)", word);
            return -1;
        }
        if (!seen[c]) {
            seen[c] = true;
            out[n++] = c;
        }
    }
    if (!seen[KL_COL_NAME]) {
        memmove(out + 1, out, (size_t)n * sizeof *out);
        out[0] = KL_COL_NAME;
        n++;
    }
    return n;
}

void kl_tui_column_text(const kl_tui_model *m, uint32_t node, int col, bool ascii, char *out,
                        size_t n)
{
    const kl_counts *f = &m->nodes[node].fig;
    switch (col) {
    case KL_COL_CONV: kl_fig_text_count(kl_fig_conversations(f), false, ascii, out, n); return;
    case KL_COL_USERS: kl_fig_text_count(kl_fig_users(f), false, ascii, out, n); return;
    case KL_COL_SHARE:
    case KL_COL_REFUSAL: {
        /* One decimal, or none when a bound's mark would not fit ("≥30%", still floored). */
        kl_fig v = col == KL_COL_SHARE ? kl_tui_model_share(m, node) : kl_fig_refusal(f);
        kl_fig_text_percent(v, 1, ascii, out, n);
        if (kl_utf8_width(out) > (size_t)kl_tui_columns[col].width)
            kl_fig_text_percent(v, 0, ascii, out, n);
        return;
    }
    case KL_COL_CONCERN: kl_fig_text_decimal(kl_fig_concern(f), 2, ascii, out, n); return;
    case KL_COL_FACET: kl_tui_custom_text(&m->custom, m->nodes[node].id, out, n); return;
    default: snprintf(out, n, "%s", "");
    }
}

/* A bound sorts by its value; a hidden figure lowest. */
/* NAN for a hidden figure: the sort puts it last whatever the direction. */
static double sort_value(kl_fig f)
{
    return f.bound == KL_BOUND_HIDDEN ? NAN : f.v;
}

double kl_tui_column_value(kl_tui_model *m, uint32_t node, int col)
{
    const kl_counts *f = &m->nodes[node].fig;
    switch (col) {
    case KL_COL_CONV: return sort_value(kl_fig_conversations(f));
    case KL_COL_USERS: return sort_value(kl_fig_users(f));
    case KL_COL_SHARE: return sort_value(kl_tui_model_share(m, node));
    case KL_COL_REFUSAL: return sort_value(kl_fig_refusal(f));
    case KL_COL_CONCERN: return sort_value(kl_fig_concern(f));
    case KL_COL_FACET: return node ? kl_tui_custom_value(&m->custom, m->nodes[node].id) : NAN;
    case KL_COL_TREND: {
        return kl_tui_model_growth(m, node); /* NAN when undefined: last */
    }
    default: return 0;
    }
}
