/* columns.c — formatting and sort values of the tree columns. */
#include "kleio/tui_columns.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kleio/tree_model.h"

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
                                  "users, refusal, concern, trend)", word);
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

void kl_tui_column_text(const kl_tui_model *m, uint32_t node, int col, char *out, size_t n)
{
    const kl_counts *f = &m->nodes[node].fig;
    bool supp = f->suppressed;
    switch (col) {
    case KL_COL_CONV:
        if (supp)
            snprintf(out, n, "<%lld", (long long)m->min_conversations);
        else
            snprintf(out, n, "%lld", (long long)f->conversations);
        return;
    case KL_COL_USERS:
        if (supp)
            snprintf(out, n, "<%lld", (long long)m->min_users);
        else
            snprintf(out, n, "%lld", (long long)f->users);
        return;
    case KL_COL_SHARE: {
        double s = kl_tui_model_share(m, node);
        if (s < 0)
            snprintf(out, n, "-");
        else
            snprintf(out, n, "%.1f%%", 100 * s);
        return;
    }
    case KL_COL_REFUSAL: {
        double r = kl_counts_refusal_rate(f);
        if (r < 0)
            snprintf(out, n, "-");
        else
            snprintf(out, n, "%.1f%%", 100 * r);
        return;
    }
    case KL_COL_CONCERN: {
        double c = kl_counts_mean_concern(f);
        if (c < 0)
            snprintf(out, n, "-");
        else
            snprintf(out, n, "%.2f", c);
        return;
    }
    default:
        snprintf(out, n, "%s", "");
    }
}

double kl_tui_column_value(kl_tui_model *m, uint32_t node, int col)
{
    const kl_counts *f = &m->nodes[node].fig;
    switch (col) {
    case KL_COL_CONV: return f->suppressed ? -1 : (double)f->conversations;
    case KL_COL_USERS: return f->suppressed ? -1 : (double)f->users;
    case KL_COL_SHARE: return kl_tui_model_share(m, node);
    case KL_COL_REFUSAL: return kl_counts_refusal_rate(f);
    case KL_COL_CONCERN: return kl_counts_mean_concern(f);
    case KL_COL_TREND: {
        double g = kl_tui_model_growth(m, node);
        return isnan(g) ? -HUGE_VAL : g;
    }
    default: return 0;
    }
}
