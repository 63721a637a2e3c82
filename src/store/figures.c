/* figures.c — slices, bounds, shares and remainders of snapshot figures, and how they
 * are printed (see figures.h; the definitions are in kleio-browse(1), FIGURES). */
#include "kleio/figures.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kleio/satmath.h"

void kl_slice_init(kl_slice *s)
{
    memset(s, 0, sizeof *s);
}

void kl_slice_add(kl_slice *s, const kl_counts *cell)
{
    if (!cell)
        return; /* no row: no conversation in that language, an exact zero */
    if (cell->suppressed) {
        s->hidden++;
        return;
    }
    s->published++;
    /* saturating: counts come from a file and may be absurd */
    s->sum.conversations = kl_sat_add64(s->sum.conversations, cell->conversations);
    s->sum.users = kl_sat_add64(s->sum.users, cell->users);
    s->sum.refused = kl_sat_add64(s->sum.refused, cell->refused);
    s->sum.concern_sum = kl_sat_add64(s->sum.concern_sum, cell->concern_sum);
    if (cell->users > s->users_max)
        s->users_max = cell->users;
}

kl_counts kl_slice_result(const kl_slice *s)
{
    kl_counts c = {0};
    if (s->published == 0) {
        c.suppressed = s->hidden > 0; /* nothing at all is an exact zero */
        c.hidden_cells = s->hidden;
        return c;
    }
    c = s->sum;
    c.suppressed = false;
    c.hidden_cells = s->hidden;
    c.totals_exact = false;
    if (s->hidden > 0) {
        /* The sum of distinct users over the published cells may count a user twice and
         * misses the hidden cells' users: only the largest cell is a sure lower bound. */
        c.users = s->users_max;
        c.users_summed = false;
    } else {
        c.users_summed = s->published > 1;
    }
    return c;
}

kl_counts kl_languages_total(const kl_language *langs, size_t n, const bool *selected,
                             int64_t input_conversations, int64_t input_users,
                             const kl_counts *top_level)
{
    bool any = false;
    for (size_t l = 0; selected && l < n; l++)
        any |= selected[l];
    kl_slice s;
    kl_slice_init(&s);
    for (size_t l = 0; l < n; l++)
        if (!any || selected[l])
            kl_slice_add(&s, &langs[l].total);
    kl_counts c = kl_slice_result(&s);
    if (!any && input_conversations > 0 && input_users > 0) {
        /* Every conversation of the snapshot, hidden languages included. */
        c.suppressed = false;
        c.conversations = input_conversations;
        c.users = input_users;
        c.users_summed = false;
        c.totals_exact = true;
        /* Sums of published figures, never a difference: nothing hidden is derived. */
        if (c.hidden_cells > 0 && top_level && !top_level->suppressed &&
            top_level->hidden_cells == 0 && top_level->conversations == input_conversations) {
            c.refused = top_level->refused;
            c.concern_sum = top_level->concern_sum;
            c.hidden_cells = 0;
        }
    }
    return c;
}

static kl_fig fig(kl_bound b, double v)
{
    return (kl_fig){b, b == KL_BOUND_HIDDEN ? 0 : v};
}

kl_fig kl_fig_conversations(const kl_counts *c)
{
    if (c->suppressed)
        return fig(KL_BOUND_HIDDEN, 0);
    if (c->hidden_cells > 0 && !c->totals_exact)
        return fig(KL_BOUND_AT_LEAST, (double)c->conversations);
    return fig(KL_BOUND_EXACT, (double)c->conversations);
}

kl_fig kl_fig_users(const kl_counts *c)
{
    if (c->suppressed)
        return fig(KL_BOUND_HIDDEN, 0);
    if (c->totals_exact)
        return fig(KL_BOUND_EXACT, (double)c->users);
    if (c->hidden_cells > 0)
        return fig(KL_BOUND_AT_LEAST, (double)c->users);
    if (c->users_summed)
        return fig(KL_BOUND_AT_MOST, (double)c->users);
    return fig(KL_BOUND_EXACT, (double)c->users);
}

static kl_fig rate(const kl_counts *c, int64_t numerator)
{
    if (c->suppressed || c->hidden_cells > 0 || c->conversations <= 0)
        return fig(KL_BOUND_HIDDEN, 0);
    return fig(KL_BOUND_EXACT, (double)numerator / (double)c->conversations);
}

kl_fig kl_fig_refusal(const kl_counts *c)
{
    return rate(c, c->refused);
}

kl_fig kl_fig_concern(const kl_counts *c)
{
    return rate(c, c->concern_sum);
}

kl_fig kl_fig_share(const kl_counts *row, const kl_counts *parent)
{
    kl_fig a = kl_fig_conversations(row), b = kl_fig_conversations(parent);
    if (a.bound == KL_BOUND_HIDDEN || b.bound == KL_BOUND_HIDDEN || b.v <= 0)
        return fig(KL_BOUND_HIDDEN, 0);
    double v = a.v / b.v;
    if (a.bound == KL_BOUND_EXACT && b.bound == KL_BOUND_EXACT)
        return fig(KL_BOUND_EXACT, v);
    if (a.bound == KL_BOUND_AT_LEAST && b.bound == KL_BOUND_EXACT)
        return fig(KL_BOUND_AT_LEAST, v);
    if (a.bound == KL_BOUND_EXACT && b.bound == KL_BOUND_AT_LEAST)
        return fig(KL_BOUND_AT_MOST, v > 1 ? 1 : v); /* a bigger parent: a smaller share */
    return fig(KL_BOUND_HIDDEN, 0);                 /* both partial: no bound either way */
}

void kl_remainder_add(kl_remainder *r, const kl_counts *child)
{
    if (child->suppressed || child->hidden_cells > 0)
        r->hidden_clusters++;
    if (!child->suppressed)
        r->shown = kl_sat_add64(r->shown, child->conversations);
}

kl_fig kl_remainder_fig(const kl_remainder *r, const kl_counts *parent)
{
    kl_fig p = kl_fig_conversations(parent);
    if (p.bound == KL_BOUND_HIDDEN || p.v - (double)r->shown <= 0)
        return fig(KL_BOUND_HIDDEN, 0);
    /* A partial parent is at least what it shows, so its remainder is at least this. */
    return fig(p.bound == KL_BOUND_EXACT ? KL_BOUND_EXACT : KL_BOUND_AT_LEAST,
               p.v - (double)r->shown);
}

/* ---- printing ---- */

/* x rounded to an integer in the direction that keeps the bound true. */
static double round_dir(double x, kl_bound b)
{
    switch (b) {
    case KL_BOUND_AT_LEAST: return floor(x);
    case KL_BOUND_AT_MOST: return ceil(x);
    default: return nearbyint(x);
    }
}

double kl_fig_round(kl_fig f, int digits)
{
    if (f.bound == KL_BOUND_HIDDEN || f.v == 0 || !isfinite(f.v) || digits < 1)
        return f.v;
    int e = (int)floor(log10(fabs(f.v)));
    int k = digits - 1 - e; /* decimal places to keep */
    /* Scale by an exact power of ten and divide back by one, so that the result is the
     * double nearest the rounded decimal (and "%.4g" prints it without noise). */
    if (k >= 0 && k <= 22) {
        double p = pow(10, k);
        return round_dir(f.v * p, f.bound) / p;
    }
    if (k < 0 && k >= -22) {
        double p = pow(10, -k);
        return round_dir(f.v / p, f.bound) * p;
    }
    return f.v;
}

const char *kl_bound_name(kl_bound b)
{
    switch (b) {
    case KL_BOUND_AT_LEAST: return "at_least";
    case KL_BOUND_AT_MOST: return "at_most";
    case KL_BOUND_HIDDEN: return "hidden";
    default: return "exact";
    }
}

const char *kl_bound_mark(kl_bound b, bool ascii)
{
    switch (b) {
    case KL_BOUND_AT_LEAST: return ascii ? ">=" : "\xe2\x89\xa5";
    case KL_BOUND_AT_MOST: return ascii ? "<=" : "\xe2\x89\xa4";
    default: return "";
    }
}

static void thousands(char *out, size_t n, long long v)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", v < 0 ? -v : v);
    size_t len = strlen(digits), o = 0;
    if (v < 0 && o + 1 < n)
        out[o++] = '-';
    for (size_t i = 0; i < len && o + 2 < n; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

void kl_fig_text_count(kl_fig f, bool thousands_sep, bool ascii, char *out, size_t n)
{
    if (f.bound == KL_BOUND_HIDDEN) {
        snprintf(out, n, "hidden");
        return;
    }
    char num[40];
    long long v = (long long)llround(f.v);
    if (thousands_sep)
        thousands(num, sizeof num, v);
    else
        snprintf(num, sizeof num, "%lld", v);
    snprintf(out, n, "%s%s", kl_bound_mark(f.bound, ascii), num);
}

void kl_fig_text_decimal(kl_fig f, int decimals, bool ascii, char *out, size_t n)
{
    if (f.bound == KL_BOUND_HIDDEN) {
        snprintf(out, n, "-");
        return;
    }
    double p = pow(10, decimals);
    double v = round_dir(f.v * p, f.bound) / p;
    snprintf(out, n, "%s%.*f", kl_bound_mark(f.bound, ascii), decimals, v);
}

void kl_fig_text_percent(kl_fig f, int decimals, bool ascii, char *out, size_t n)
{
    if (f.bound == KL_BOUND_HIDDEN) {
        snprintf(out, n, "-");
        return;
    }
    double p = pow(10, decimals);
    double v = round_dir(f.v * 100 * p, f.bound) / p;
    snprintf(out, n, "%s%.*f%%", kl_bound_mark(f.bound, ascii), decimals, v);
}

void kl_fig_plain(kl_fig f, bool integer, char *out, size_t n)
{
    if (f.bound == KL_BOUND_HIDDEN)
        snprintf(out, n, "%s", "");
    else if (integer)
        snprintf(out, n, "%lld", (long long)llround(f.v));
    else
        snprintf(out, n, "%.*g", KL_FIG_DIGITS, kl_fig_round(f, KL_FIG_DIGITS));
}

void kl_fig_hidden_label(kl_fig h, int hidden_clusters, bool thousands_sep, bool ascii,
                         char *out, size_t n)
{
    char num[48];
    kl_fig_text_count(h, thousands_sep, ascii, num, sizeof num);
    if (hidden_clusters > 0)
        snprintf(out, n, "(hidden: %s conversations in %d cluster%s)", num, hidden_clusters,
                 hidden_clusters == 1 ? "" : "s");
    else
        snprintf(out, n, "(hidden: %s conversations in unpublished clusters)", num);
}

const char *kl_fig_row_name(const char *name, bool is_other, const kl_counts *conversations,
                            bool ascii, char *out, size_t n)
{
    if (!is_other || (name && *name))
        return name ? name : "";
    kl_fig_remainder_label(kl_fig_conversations(conversations), true, ascii, out, n);
    return out;
}

void kl_fig_remainder_label(kl_fig conversations, bool thousands_sep, bool ascii, char *out,
                            size_t n)
{
    char num[48];
    kl_fig_text_count(conversations, thousands_sep, ascii, num, sizeof num);
    snprintf(out, n, "%s conversation%s in groups too small to show", num,
             conversations.bound == KL_BOUND_EXACT && conversations.v == 1 ? "" : "s");
}
