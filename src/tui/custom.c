/* custom.c — the explorer's custom facet column and filter (tui_custom.h). */
#include "kleio/tui_custom.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/utf8.h"

int kl_tui_custom_open(kl_tui_custom *c, kl_bulk *b)
{
    memset(c, 0, sizeof *c);
    c->sel = -1;
    sqlite3 *db = kl_bulk_db(b);
    if (kl_snap_facets_read(db, &c->facets, &c->n_facets) != 0)
        return -1;
    c->cells = kl_calloc(c->n_facets + 1, sizeof *c->cells);
    for (size_t k = 0; k < c->n_facets; k++)
        if (kl_snap_custom_read(db, &c->facets[k], &c->cells[k]) != 0) {
            kl_tui_custom_close(c);
            return -1;
        }
    return 0;
}

void kl_tui_custom_close(kl_tui_custom *c)
{
    for (size_t k = 0; c->cells && k < c->n_facets; k++)
        kl_snap_custom_free(&c->cells[k]);
    free(c->cells);
    kl_snap_facets_free(c->facets, c->n_facets);
    memset(c, 0, sizeof *c);
    c->sel = -1;
}

/* Columns of facet k: every slot of a choice, the mean of a number. */
static int columns_of(const kl_snap_facet *f)
{
    return f->number ? 1 : (int)f->n_values + 1;
}

int kl_tui_custom_count(const kl_tui_custom *c)
{
    int n = 0;
    for (size_t k = 0; k < c->n_facets; k++)
        n += columns_of(&c->facets[k]);
    return n;
}

void kl_tui_custom_step(kl_tui_custom *c, int dir)
{
    int n = kl_tui_custom_count(c);
    if (n == 0) {
        c->sel = -1;
        return;
    }
    /* -1 .. n-1 in a ring of n + 1 positions. */
    int pos = (c->sel + 1 + dir + n + 1) % (n + 1);
    c->sel = pos - 1;
    if (c->sel < 0)
        c->filter = false;
}

/* The facet and slot of the column shown (slot SIZE_MAX: a number's mean). */
static const kl_snap_custom *resolve(const kl_tui_custom *c, size_t *slot)
{
    int s = c->sel;
    for (size_t k = 0; s >= 0 && k < c->n_facets; k++) {
        int n = columns_of(&c->facets[k]);
        if (s < n) {
            *slot = c->facets[k].number ? SIZE_MAX : (size_t)s;
            return &c->cells[k];
        }
        s -= n;
    }
    return NULL;
}

void kl_tui_custom_label(const kl_tui_custom *c, char *out, size_t n)
{
    size_t slot;
    const kl_snap_custom *t = resolve(c, &slot);
    if (!t) {
        snprintf(out, n, "%s", "");
        return;
    }
    /* Names and values come from the file: sanitised as every string drawn. */
    char *name = kl_sanitize(t->f->name);
    if (slot == SIZE_MAX)
        snprintf(out, n, "%s (mean)", name);
    else if (slot == t->f->n_values)
        snprintf(out, n, "%s unanswered", name);
    else {
        char *v = kl_sanitize(t->f->values[slot]);
        snprintf(out, n, "%s = %s", name, v);
        free(v);
    }
    free(name);
}

void kl_tui_custom_text(const kl_tui_custom *c, int64_t id, char *out, size_t n)
{
    size_t slot, k;
    const kl_snap_custom *t = resolve(c, &slot);
    const int64_t *row = t ? kl_snap_custom_row(t, id, &k) : NULL;
    if (!t)
        snprintf(out, n, "%s", "");
    else if (slot == SIZE_MAX && row && t->has_mean[k])
        snprintf(out, n, "%.2f", t->mean[k]);
    else if (slot == SIZE_MAX)
        snprintf(out, n, "-");
    else if (row && row[slot] == KL_SNAP_HIDDEN)
        snprintf(out, n, "hidden");
    else
        snprintf(out, n, "%lld", (long long)(row ? row[slot] : 0));
}

double kl_tui_custom_value(const kl_tui_custom *c, int64_t id)
{
    size_t slot, k;
    const kl_snap_custom *t = resolve(c, &slot);
    const int64_t *row = t ? kl_snap_custom_row(t, id, &k) : NULL;
    if (!t)
        return NAN;
    if (slot == SIZE_MAX)
        return row && t->has_mean[k] ? t->mean[k] : NAN;
    if (row && row[slot] == KL_SNAP_HIDDEN)
        return NAN;
    return row ? (double)row[slot] : 0;
}

bool kl_tui_custom_match(const kl_tui_custom *c, int64_t id)
{
    if (c->sel < 0)
        return true;
    double v = kl_tui_custom_value(c, id);
    size_t slot;
    const kl_snap_custom *t = resolve(c, &slot);
    return t && !isnan(v) && (slot == SIZE_MAX || v > 0);
}

bool kl_tui_custom_range(const kl_tui_custom *c, double *lo, double *hi)
{
    size_t slot;
    const kl_snap_custom *t = resolve(c, &slot);
    if (!t || slot != SIZE_MAX)
        return false;
    *lo = t->f->lo;
    *hi = t->f->hi;
    return true;
}
