/* score_assignments.c — scores `kleio export assignments` against labels.
 *
 *   score_assignments LABELS.tsv ASSIGNMENTS.tsv
 *
 * LABELS.tsv: a header naming the columns, then one row per id (first column). The fine
 * label is the column headed `intent` (else the second column), the coarse one the column
 * headed `scenario` (none when absent), as in ../shared/data/hwu64/labels.tsv. ASSIGNMENTS.tsv: header `id leaf parent …`
 * (the export's format). Prints one line:
 *   n=N nmi=X ari=Y [top_acc=Z]
 * NMI (arithmetic normalisation) and ARI of the leaves against the fine labels; top_acc,
 * when the assignments have more than one level and the labels a coarse column: the share
 * of items whose top cluster's majority coarse label is their own. Ids missing from either
 * file are skipped (and counted on stderr). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"

typedef struct item {
    char *id;
    int fine, coarse;         /* label indexes */
    long leaf, top;           /* -1 until assigned */
} item;

typedef struct strtab {
    char **s;
    int n, cap;
} strtab;

static int intern(strtab *t, const char *s)
{
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->s[i], s) == 0)
            return i;
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->s = kl_reallocarray(t->s, (size_t)t->cap, sizeof *t->s);
    }
    t->s[t->n] = kl_strdup(s);
    return t->n++;
}

static int cmp_item(const void *a, const void *b)
{
    return strcmp(((const item *)a)->id, ((const item *)b)->id);
}

/* Splits line (modified in place) at tabs into at most max fields; returns the count. */
static int split_tabs(char *line, char **f, int max)
{
    line[strcspn(line, "\r\n")] = '\0';
    int n = 0;
    char *p = line;
    while (n < max) {
        f[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

/* Entropy-style terms of a contingency table with nr x nc cells. */
static double xlogx(double x)
{
    return x > 0 ? x * log(x) : 0;
}

static double comb2(double x)
{
    return x * (x - 1) / 2;
}

/* Compacts arbitrary non-negative ids into 0..m-1 (in place); returns m. */
static int compact(long *v, size_t n)
{
    long max = -1;
    for (size_t i = 0; i < n; i++)
        if (v[i] > max)
            max = v[i];
    long *map = kl_malloc((size_t)(max + 1) * sizeof *map + 1);
    for (long i = 0; i <= max; i++)
        map[i] = -1;
    int m = 0;
    for (size_t i = 0; i < n; i++) {
        if (map[v[i]] < 0)
            map[v[i]] = m++;
        v[i] = map[v[i]];
    }
    free(map);
    return m;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: score_assignments LABELS.tsv ASSIGNMENTS.tsv\n");
        return 2;
    }
    FILE *lf = fopen(argv[1], "r"), *af = fopen(argv[2], "r");
    if (!lf || !af) {
        fprintf(stderr, "score_assignments: cannot open %s\n", !lf ? argv[1] : argv[2]);
        return 1;
    }
    char *line = NULL;
    size_t cap = 0;
    item *it = NULL;
    size_t n = 0, ncap = 0;
    strtab fine = {0}, coarse = {0};
    int fine_col = 1, coarse_col = -1, has_coarse = 0;
    for (int ln = 0; getline(&line, &cap, lf) > 0; ln++) {
        char *f[8];
        int nf = split_tabs(line, f, 8);
        if (ln == 0) {
            for (int i = 1; i < nf; i++) {
                if (strcmp(f[i], "intent") == 0)
                    fine_col = i;
                if (strcmp(f[i], "scenario") == 0)
                    coarse_col = i;
            }
            has_coarse = coarse_col > 0;
            continue;
        }
        if (nf <= fine_col || nf <= coarse_col)
            continue;
        if (n == ncap) {
            ncap = ncap ? ncap * 2 : 1024;
            it = kl_reallocarray(it, ncap, sizeof *it);
        }
        it[n].id = kl_strdup(f[0]);
        it[n].coarse = has_coarse ? intern(&coarse, f[coarse_col]) : 0;
        it[n].fine = intern(&fine, f[fine_col]);
        it[n].leaf = it[n].top = -1;
        n++;
    }
    fclose(lf);
    qsort(it, n, sizeof *it, cmp_item);
    int levels = 0;
    size_t unknown = 0;
    for (int ln = 0; getline(&line, &cap, af) > 0; ln++) {
        char *f[16];
        int nf = split_tabs(line, f, 16);
        if (ln == 0) {
            levels = nf - 1;
            continue;
        }
        if (nf < 2)
            continue;
        item key = {.id = f[0]};
        item *x = bsearch(&key, it, n, sizeof *it, cmp_item);
        if (!x) {
            unknown++;
            continue;
        }
        x->leaf = strtol(f[1], NULL, 10);
        x->top = strtol(f[nf - 1], NULL, 10);
    }
    fclose(af);
    free(line);
    /* Keep the labelled and assigned items only. */
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (it[i].leaf >= 0 && it[i].top >= 0)
            it[m++] = it[i];
        else
            free(it[i].id);
    }
    if (unknown || m < n)
        fprintf(stderr, "score_assignments: %zu assigned ids without a label, %zu labels without"
                        " an assignment\n", unknown, n - m);
    if (m == 0) {
        fprintf(stderr, "score_assignments: nothing to score\n");
        return 1;
    }
    long *leaf = kl_malloc(m * sizeof *leaf), *top = kl_malloc(m * sizeof *top);
    for (size_t i = 0; i < m; i++) {
        leaf[i] = it[i].leaf;
        top[i] = it[i].top;
    }
    int nl = compact(leaf, m), nt = compact(top, m);
    /* Contingency of leaves x fine labels. */
    double *ct = kl_calloc((size_t)nl * (size_t)fine.n, sizeof *ct);
    double *rs = kl_calloc((size_t)nl, sizeof *rs), *cs = kl_calloc((size_t)fine.n, sizeof *cs);
    for (size_t i = 0; i < m; i++) {
        ct[(size_t)leaf[i] * (size_t)fine.n + (size_t)it[i].fine] += 1;
        rs[leaf[i]] += 1;
        cs[it[i].fine] += 1;
    }
    double N = (double)m, mi = 0, hu = 0, hv = 0, sij = 0, sa = 0, sb = 0;
    for (int a = 0; a < nl; a++) {
        hu -= xlogx(rs[a] / N);
        sa += comb2(rs[a]);
        for (int b = 0; b < fine.n; b++) {
            double c = ct[(size_t)a * (size_t)fine.n + (size_t)b];
            if (c > 0)
                mi += c / N * log(c * N / (rs[a] * cs[b]));
            sij += comb2(c);
        }
    }
    for (int b = 0; b < fine.n; b++) {
        hv -= xlogx(cs[b] / N);
        sb += comb2(cs[b]);
    }
    double nmi = hu + hv > 0 ? mi / ((hu + hv) / 2) : 1;
    double expected = sa * sb / comb2(N), maxi = (sa + sb) / 2;
    double ari = maxi - expected != 0 ? (sij - expected) / (maxi - expected) : 1;
    printf("n=%zu nmi=%.4f ari=%.4f", m, nmi, ari);
    if (levels > 1 && has_coarse) {
        /* Majority coarse label of each top cluster. */
        int *cnt = kl_calloc((size_t)nt * (size_t)coarse.n, sizeof *cnt);
        for (size_t i = 0; i < m; i++)
            cnt[(size_t)top[i] * (size_t)coarse.n + (size_t)it[i].coarse]++;
        size_t ok = 0;
        for (int t = 0; t < nt; t++) {
            int best = 0;
            for (int b = 0; b < coarse.n; b++)
                if (cnt[(size_t)t * (size_t)coarse.n + (size_t)b] > best)
                    best = cnt[(size_t)t * (size_t)coarse.n + (size_t)b];
            ok += (size_t)best;
        }
        printf(" top_acc=%.4f", (double)ok / N);
        free(cnt);
    }
    printf("\n");
    for (size_t i = 0; i < m; i++)
        free(it[i].id);
    free(it);
    free(leaf);
    free(top);
    free(ct);
    free(rs);
    free(cs);
    for (int i = 0; i < fine.n; i++)
        free(fine.s[i]);
    for (int i = 0; i < coarse.n; i++)
        free(coarse.s[i]);
    free(fine.s);
    free(coarse.s);
    return 0;
}
