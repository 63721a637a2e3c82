/* bylang_stats.c — two-proportion tests per cluster and language, Benjamini-Hochberg
 * over each kind of test (bylang_stats.h). */
#include "kleio/bylang_stats.h"

#include <math.h>
#include <stdlib.h>

#include "kleio/mem.h"
#include "kleio/stats.h"

bool kl_bylang_published(const kl_counts *c)
{
    return !c->suppressed && c->hidden_cells == 0 && c->conversations >= 0;
}

/* q values back into the cells; a figure whose q is over alpha loses its mark. */
static void adjust(kl_bylang_cell *cells, double *p, const size_t *idx, size_t n, bool share)
{
    kl_bh_adjust(p, n, p);
    for (size_t i = 0; i < n; i++) {
        kl_bylang_cell *x = &cells[idx[i]];
        if (share) {
            x->share_q = p[i];
            if (!(p[i] <= KL_BYLANG_ALPHA))
                x->share_mark = 0;
        } else {
            x->rate_q = p[i];
            if (!(p[i] <= KL_BYLANG_ALPHA))
                x->rate_mark = 0;
        }
    }
}

void kl_bylang_compute(kl_bylang_cell *cells, size_t n_rows, size_t n_langs,
                       const kl_counts *const *row_totals, const kl_counts *const *lang_totals,
                       int64_t everything, size_t *n_share_tests, size_t *n_rate_tests)
{
    size_t n = n_rows * n_langs, ns = 0, nr = 0;
    double *sp = kl_malloc((n ? n : 1) * sizeof *sp), *rp = kl_malloc((n ? n : 1) * sizeof *rp);
    size_t *si = kl_malloc((n ? n : 1) * sizeof *si), *ri = kl_malloc((n ? n : 1) * sizeof *ri);
    for (size_t r = 0; r < n_rows; r++) {
        const kl_counts *total = row_totals[r];
        for (size_t j = 0; j < n_langs; j++) {
            kl_bylang_cell *x = &cells[r * n_langs + j];
            x->share = x->share_p = x->share_q = NAN;
            x->rate = x->rate_others = x->rate_p = x->rate_q = NAN;
            x->share_mark = x->rate_mark = 0;
            if (!kl_bylang_published(&x->c))
                continue;
            if (x->c.conversations > 0)
                x->rate = (double)x->c.refused / (double)x->c.conversations;
            if (kl_bylang_published(total) && total->conversations > 0) {
                x->share = (double)x->c.conversations / (double)total->conversations;
                const kl_counts *lt = lang_totals[j];
                int64_t k2 = lt->conversations - x->c.conversations;
                int64_t n2 = everything - total->conversations;
                if (kl_bylang_published(lt) && k2 >= 0 && n2 > 0 && k2 <= n2) {
                    x->share_p = kl_prop_test_p(x->c.conversations, total->conversations, k2, n2,
                                                NULL);
                    sp[ns] = x->share_p;
                    si[ns++] = r * n_langs + j;
                    double rest = (double)k2 / (double)n2;
                    x->share_mark = x->share > rest ? 1 : x->share < rest ? -1 : 0;
                }
            }
            const kl_counts *oc = &x->others;
            if (x->c.conversations > 0 && !oc->suppressed && oc->conversations > 0) {
                x->rate_others = (double)oc->refused / (double)oc->conversations;
                x->rate_p = kl_prop_test_p(x->c.refused, x->c.conversations, oc->refused,
                                           oc->conversations, NULL);
                rp[nr] = x->rate_p;
                ri[nr++] = r * n_langs + j;
                x->rate_mark = x->rate > x->rate_others ? 1 : x->rate < x->rate_others ? -1 : 0;
            }
        }
    }
    adjust(cells, sp, si, ns, true);
    adjust(cells, rp, ri, nr, false);
    /* cells never tested carry no mark */
    for (size_t i = 0; i < n; i++) {
        if (isnan(cells[i].share_q))
            cells[i].share_mark = 0;
        if (isnan(cells[i].rate_q))
            cells[i].rate_mark = 0;
    }
    free(sp);
    free(rp);
    free(si);
    free(ri);
    *n_share_tests = ns;
    *n_rate_tests = nr;
}
