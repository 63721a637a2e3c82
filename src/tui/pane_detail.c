/* pane_detail.c — the detail pane: one cluster's figures with intervals against its
 * siblings, its language mix and over-representation, its trend, and provenance. */
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/figures.h"
#include "kleio/mem.h"
#include "kleio/stats.h"
#include "kleio/tree_model.h"
#include "kleio/tui_app.h"
#include "kleio/tui_keys.h"
#include "kleio/tui_text.h"
#include "kleio/utf8.h"

#define LABEL_W 11
#define MIX_NAME_W 16

struct mix_row { const char *code, *name; kl_counts c; bool selected; size_t lang; };

static int compare_mix(const void *p, const void *q)
{
    const struct mix_row *a = p, *b = q;
    int64_t x = a->c.suppressed ? -1 : a->c.conversations;
    int64_t y = b->c.suppressed ? -1 : b->c.conversations;
    return x < y ? 1 : x > y ? -1 : strcmp(a->code, b->code);
}

/* Highest refusal rate first; a language whose rate is hidden or not computed sorts
 * last (its place would otherwise hint at it), then by share as above. */
static int compare_mix_refusal(const void *p, const void *q)
{
    const struct mix_row *a = p, *b = q;
    double x = a->c.suppressed ? -1 : kl_counts_refusal_rate(&a->c);
    double y = b->c.suppressed ? -1 : kl_counts_refusal_rate(&b->c);
    if ((x < 0) != (y < 0))
        return x < 0 ? 1 : -1;
    if (x >= 0 && x != y)
        return x < y ? 1 : -1;
    return compare_mix(p, q);
}

int kl_detail_act(kl_app *a, int action)
{
    if (action != KL_ACT_MIX_ORDER)
        return KL_KEY_IGNORED;
    a->mix_by_refusal = !a->mix_by_refusal;
    kl_app_message(a, false, "Languages in the detail pane by %s",
                   a->mix_by_refusal ? "refusal rate" : "share");
    return KL_KEY_HANDLED;
}

static void label(const kl_app *a, int y, int x, const char *text)
{
    kl_app_put(a, y, x, LABEL_W, text, KL_EL_ACCENT);
}

/* A horizontal bar of frac * w cells with eighth-cell resolution. */
static void bar(const kl_app *a, double frac, int w, char *out, size_t n)
{
    static const char *const eighths[8] = {"", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d",
                                           "\xe2\x96\x8c", "\xe2\x96\x8b", "\xe2\x96\x8a",
                                           "\xe2\x96\x89"};
    frac = frac < 0 ? 0 : frac > 1 ? 1 : frac;
    int units = (int)(frac * w * 8 + 0.5);
    size_t o = 0;
    out[0] = '\0';
    for (int i = 0; i < units / 8 && o + 4 < n; i++) {
        const char *g = a->ascii ? "#" : "\xe2\x96\x88";
        memcpy(out + o, g, strlen(g));
        o += strlen(g);
    }
    if (!a->ascii && units % 8 && o + 4 < n) {
        memcpy(out + o, eighths[units % 8], 3);
        o += 3;
    }
    out[o] = '\0';
}

void kl_detail_draw(const kl_app *a, kl_rect r, uint32_t node)
{
    if (r.w < 10 || r.h <= 0)
        return;
    const kl_tui_model *m = &a->m;
    const kl_tnode *nd = &m->nodes[node];
    const kl_counts *f = &nd->fig;
    int x = r.x + 1, w = kl_sat_sub(r.w, 2), y = r.y, bottom = r.y + r.h;
    int vx = x + LABEL_W, vw = kl_sat_sub(w, LABEL_W);
    char line[512], tmp[256];

    kl_app_put(a, y++, x, w, nd->is_other && !*nd->name ? "(other: unnamed remainder)" : nd->name,
               KL_EL_BREADCRUMB);
    /* The description, wrapped over at most two lines. */
    if (*nd->desc && y < bottom) {
        const char *d = nd->desc;
        for (int i = 0; i < 2 && *d && y < bottom; i++) {
            size_t cols, cut = kl_utf8_fit(d, (size_t)w, &cols);
            if (d[cut] && i == 0) {
                size_t sp = cut;
                while (sp > 0 && d[sp] != ' ')
                    sp--;
                if (sp > 0)
                    cut = sp;
            }
            char *piece = kl_strndup(d, i == 1 ? strlen(d) : cut);
            kl_app_put(a, y++, x, w, piece, KL_EL_DIM);
            free(piece);
            d += cut;
            while (*d == ' ')
                d++;
            if (i == 1)
                break;
        }
    }
    if (y < bottom && (nd->flags & KL_CLUSTER_BURST))
        kl_app_put(a, y++, x, w, "Burst: many new accounts in one time window (coordinated use?)",
                   KL_EL_WARN);
    if (y >= bottom)
        return;
    label(a, y, x, "Volume");
    if (f->suppressed) {
        /* Below the thresholds, or hidden to protect a cell that is: the reader must not
         * learn which. */
        snprintf(line, sizeof line, "hidden by the privacy rules (thresholds %lld users, %lld "
                 "conversations, and their cover)", (long long)m->min_users,
                 (long long)m->min_conversations);
        kl_app_put(a, y++, vx, vw, line, KL_EL_DIM);
    } else {
        /* Every figure with its bound: "≥52 conversations · ≥30 users · ≥13.1% of parent". */
        kl_fig share = kl_tui_model_share(m, node);
        char conv[48], users[48], pct[32];
        kl_fig_text_count(kl_fig_conversations(f), false, a->ascii, conv, sizeof conv);
        kl_fig_text_count(kl_fig_users(f), false, a->ascii, users, sizeof users);
        kl_fig_text_percent(share, 1, a->ascii, pct, sizeof pct);
        snprintf(tmp, sizeof tmp, " %s %s of %s", kl_app_glyph(a, "\xc2\xb7", "-"), pct,
                 nd->parent == KL_TUI_NONE || nd->parent == 0 ? "all" : "parent");
        snprintf(line, sizeof line, "%s conversations %s %s users%s", conv,
                 kl_app_glyph(a, "\xc2\xb7", "-"), users,
                 share.bound != KL_BOUND_HIDDEN && node ? tmp : "");
        kl_app_put(a, y++, vx, vw, line, KL_EL_NORMAL);
    }
    if (y < bottom && !f->suppressed && f->hidden_cells > 0) {
        /* Name the hidden cells: the sums above leave them out, so they are lower bounds. */
        kl_buf codes = KL_BUF_INIT;
        for (size_t l = 0; l < m->n_langs; l++)
            if (m->selected[l] && m->lang_cells && m->lang_cells[l] &&
                m->lang_cells[l][node].conv == KL_CELL_HIDDEN)
                kl_buf_printf(&codes, "%s%s", kl_buf_cstr(&codes)[0] ? ", " : "", m->langs[l].code);
        snprintf(line, sizeof line, "%s hidden: figures are lower bounds, rates not computed",
                 kl_buf_cstr(&codes)[0] ? kl_buf_cstr(&codes) : "some languages");
        kl_buf_free(&codes);
        label(a, y, x, "Partial");
        kl_app_put(a, y++, vx, vw, line, KL_EL_WARN);
    }
    if (y >= bottom)
        return;
    label(a, y, x, "Refusal");
    double rate = kl_counts_refusal_rate(f);
    kl_outlier t;
    const char *no_rate = !f->suppressed && f->hidden_cells > 0 ? "- (not computed over a partial sum)"
                                                                : "-";
    if (rate < 0) {
        kl_app_put(a, y++, vx, vw, no_rate, KL_EL_DIM);
    } else {
        double lo, hi;
        kl_wilson95(f->refused, f->conversations, &lo, &hi);
        snprintf(line, sizeof line, "%.1f%% [%.1f%s%.1f]", 100 * rate, 100 * lo,
                 kl_app_glyph(a, "\xe2\x80\x93", "-"), 100 * hi);
        kl_app_put(a, y++, vx, vw, line, KL_EL_NORMAL);
        /* Against the siblings (the parent without this cluster), as the outliers view
         * tests it; its verdict only when that view's list, adjusted for the number of
         * tests, is current: one interval alone is not a finding among hundreds. */
        if (y < bottom && kl_tui_outlier_test(m, node, &t)) {
            label(a, y, x, " siblings");
            snprintf(line, sizeof line, "%.1f%% %s %+.1f points [%+.1f, %+.1f]  ",
                     100 * t.rest_rate, kl_app_glyph(a, "\xc2\xb7", "-"), 100 * t.diff,
                     100 * t.lo, 100 * t.hi);
            int used = kl_app_put(a, y, vx, vw, line, KL_EL_DIM);
            const kl_outlier *o = kl_outliers_lookup(a, node);
            if (o) {
                char verdict[64], q[32];
                kl_tui_outliers_format_p(o->q, q, sizeof q);
                snprintf(verdict, sizeof verdict, "%s q %s",
                         o->flag == KL_OUTLIER_NONE ? "not flagged," : kl_outlier_flag_name(o->flag),
                         q);
                int el = o->flag == KL_OUTLIER_OVER    ? KL_EL_OVER
                         : o->flag == KL_OUTLIER_UNDER ? KL_EL_UNDER
                         : o->flag == KL_OUTLIER_NONE  ? KL_EL_DIM
                                                       : KL_EL_WARN;
                kl_app_put(a, y, vx + used, kl_sat_sub(vw, used), verdict, el);
            }
            y++;
        }
        if (y >= bottom)
            return;
    }
    label(a, y, x, "Concern");
    double concern = kl_counts_mean_concern(f);
    if (concern < 0) {
        kl_app_put(a, y++, vx, vw, no_rate, KL_EL_DIM);
    } else {
        snprintf(line, sizeof line, "%.2f of 5", concern);
        kl_app_put_attr(a, y++, vx, vw, line, kl_app_grad_attr(a, (concern - 1) / 4, false));
    }
    if (y >= bottom)
        return;
    label(a, y, x, "Trend");
    const int32_t *pts;
    size_t n = kl_tui_model_series_cached(m, node, &pts);
    size_t hidden_pts = 0;
    for (size_t i = 0; i < n; i++)
        hidden_pts += pts[i] < 0;
    if (n == 0) {
        kl_app_put(a, y++, vx, vw, "no time buckets", KL_EL_DIM);
    } else if (hidden_pts == n) {
        /* a blank sparkline would look like no data: say why it is blank */
        snprintf(tmp, sizeof tmp, "all %zu buckets hidden (below the privacy thresholds)", n);
        kl_app_put(a, y++, vx, vw, tmp, KL_EL_DIM);
    } else {
        kl_app_sparkline(a, pts, n, vw > 40 ? 40 : vw, line, sizeof line);
        int used = kl_app_put(a, y, vx, vw, line, KL_EL_SPARK);
        double g = kl_tui_model_growth_cached(m, node);
        tmp[0] = '\0';
        if (!isnan(g))
            snprintf(tmp, sizeof tmp, " %+.0f%% over %zu buckets", 100 * g, n);
        if (hidden_pts)
            snprintf(tmp + strlen(tmp), sizeof tmp - strlen(tmp), " %s %zu hidden (gaps)",
                     kl_app_glyph(a, "\xc2\xb7", "-"), hidden_pts);
        kl_app_put(a, y, vx + used, kl_sat_sub(vw, used), tmp, KL_EL_DIM);
        y++;
    }

    /* Language mix: rows left after keeping two lines for provenance, and one each for
     * the facets' sources and the screen when the snapshot has them and the pane room. */
    int prov_lines = r.h >= 14 ? 2 : r.h >= 10 ? 1 : 0;
    bool show_facets = m->facet_sources && r.h >= 17, show_screen = m->screen && r.h >= 18;
    prov_lines += 2 * show_facets + show_screen;
    int mix_rows = bottom - y - prov_lines - 1;
    if (mix_rows > 0) {
        struct mix_row rows[KL_TUI_MAX_MIX];
        const kl_tui_mix *cm;
        int n_mix = kl_tui_model_mix(m, node, &cm);
        for (int i = 0; i < n_mix; i++) {
            const kl_language *lg = &m->langs[cm[i].lang];
            rows[i] = (struct mix_row){lg->code, lg->name, cm[i].c, m->selected[cm[i].lang],
                                       cm[i].lang};
        }
        if (n_mix > 1)   /* rows[] holds n_mix written entries; fewer than two need no order */
            qsort(rows, (size_t)n_mix, sizeof rows[0],
                  a->mix_by_refusal ? compare_mix_refusal : compare_mix);
        label(a, y, x, "Languages");
        /* the order first: it is what a narrow pane must still say */
        kl_app_put(a, y++, vx, vw,
                   a->mix_by_refusal ? "by refusal (b: by share) \xc2\xb7 share, over-repr., refusal"
                                     : "by share (b: by refusal) \xc2\xb7 share, over-representation",
                   KL_EL_DIM);
        int bx = x + 1 + MIX_NAME_W + 1, bw = kl_sat_sub(w, 2 + MIX_NAME_W);
        int bar_w = bw > 60 ? 20 : bw > 36 ? 12 : 6;
        for (int i = 0; i < n_mix && i < mix_rows; i++) {
            const struct mix_row *row = &rows[i];
            int el = row->selected ? KL_EL_MATCH : KL_EL_NORMAL;
            snprintf(tmp, sizeof tmp, "%-3s %s", row->code, row->name);
            kl_app_put(a, y, x + 1, MIX_NAME_W, tmp, el);
            if (row->c.suppressed || nd->total.conversations <= 0) {
                /* Not "<threshold": a cell hidden to protect another may be large. */
                kl_app_put(a, y++, bx, bw, "hidden", KL_EL_DIM);
                continue;
            }
            double share = (double)row->c.conversations / (double)nd->total.conversations;
            bar(a, share, bar_w, line, sizeof line);
            kl_app_put(a, y, bx, bar_w, line, KL_EL_BAR);
            size_t li = row->lang;
            /* The language's share of every conversation (hidden languages included). */
            kl_fig all = kl_fig_conversations(&m->nodes[0].total);
            double overall = li < m->n_langs && all.bound == KL_BOUND_EXACT && all.v > 0 &&
                                     !m->langs[li].total.suppressed
                                 ? (double)m->langs[li].total.conversations / all.v
                                 : -1;
            if (overall > 0)
                snprintf(tmp, sizeof tmp, "%5.1f%%  %s%.2f", 100 * share,
                         kl_app_glyph(a, "\xc3\x97", "x"), share / overall);
            else
                snprintf(tmp, sizeof tmp, "%5.1f%%", 100 * share);
            int el2 = overall > 0 && share / overall >= 1.5 ? KL_EL_WARN : KL_EL_NORMAL;
            int used = kl_app_put(a, y, bx + bar_w + 1, kl_sat_sub(bw, bar_w + 1), tmp, el2);
            if (a->mix_by_refusal) {
                /* the figure the rows are ordered by */
                double rr = kl_counts_refusal_rate(&row->c);
                int room = kl_sat_sub(bw, bar_w + 1 + used);
                bool tight = room < 12; /* the header names the order: the rate alone fits */
                if (rr >= 0)
                    snprintf(tmp, sizeof tmp, tight ? "  %.1f%%" : "  %.1f%% ref.", 100 * rr);
                else
                    snprintf(tmp, sizeof tmp, tight ? "  -" : "  ref. -");
                kl_app_put(a, y, bx + bar_w + 1 + used, room, tmp, KL_EL_DIM);
            }
            y++;
        }
    }
    /* Provenance of the snapshot, at the bottom. */
    if (prov_lines > 0) {
        const char *created = m->created_at, *backend = m->backend;
        snprintf(line, sizeof line, "%s %s thresholds %lld users, %lld conv. %s %s",
                 backend ? backend : "?", kl_app_glyph(a, "\xc2\xb7", "-"),
                 (long long)m->min_users, (long long)m->min_conversations,
                 kl_app_glyph(a, "\xc2\xb7", "-"), created ? created : "?");
        int py = bottom - prov_lines;
        label(a, py, x, "Snapshot");
        kl_app_put(a, py, vx, vw, line, KL_EL_DIM);
        if (prov_lines > 1) {
            snprintf(line, sizeof line,
                     "%lld conversations from %lld users %s suppressed: %lld clusters, %lld cells",
                     (long long)m->input_conversations, (long long)m->input_users,
                     kl_app_glyph(a, "\xc2\xb7", "-"),
                     (long long)m->suppressed_clusters, (long long)m->suppressed_cells);
            kl_app_put(a, py + 1, vx, vw, line, KL_EL_DIM);
        }
        py += 2;
        if (show_facets) {   /* over two lines, cut after a field */
            label(a, py, x, "Facets");
            const char *s = m->facet_sources;
            for (int i = 0; i < 2 && *s; i++) {
                size_t cols, cut = kl_utf8_fit(s, (size_t)vw, &cols);
                if (s[cut] && i == 0) {
                    size_t sp = cut;
                    while (sp > 0 && s[sp] != ',')
                        sp--;
                    if (sp > 0)
                        cut = sp + 1;
                }
                char *piece = kl_strndup(s, i == 1 ? strlen(s) : cut);
                kl_app_put(a, py + i, vx, vw, piece, KL_EL_DIM);
                free(piece);
                s += cut;
                while (*s == ' ')
                    s++;
            }
            py += 2;
        }
        if (show_screen) {
            label(a, py, x, "Screen");
            kl_app_put(a, py++, vx, vw, m->screen, KL_EL_DIM);
        }
    }
}
