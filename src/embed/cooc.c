/* cooc.c — word vectors learnt from the corpus itself, for the second-order block of the
 * rows (tfidf.c): two words co-occur when they appear in the same text; the counts are
 * weighted by positive pointwise mutual information with the context distribution
 * smoothed to the power 0.75, and the PPMI matrix is reduced by randomized SVD to
 * cooc_dim dimensions, a word's vector being its row of U Sigma^(1/2), L2-normalised
 * (Levy, Goldberg & Dagan, "Improving distributional similarity with lessons learned from
 * word embeddings", TACL 2015: PPMI with context smoothing 0.75 and the symmetric
 * Sigma^(1/2) weighting). A text's second-order vector is the TF-IDF-weighted sum of its
 * words' vectors (the short-text representation of averaged word vectors, here from the
 * corpus's own co-occurrences), so that "wake me up at seven" and "set an alarm" meet
 * through the texts where "wake" and "alarm" keep company.
 *
 * Measured through kleio run (bench/intent_eval.sh, means of seeds 1-3): leaf NMI hwu64
 * 0.641 -> 0.713, banking77 0.636 -> 0.694, ARI 0.306 -> 0.486 and 0.302 -> 0.404, hwu64
 * top-level accuracy 0.604 -> 0.682. Variants (seed 1, hwu64 / banking77 NMI; the spread
 * of the word vectors' own seed is about 0.01): 64 dimensions at weight 1 0.712-0.722 /
 * 0.692-0.700, weight 0.5 0.711 / 0.671, weight 2 0.713 / 0.679, 32 dimensions 0.718 /
 * 0.695, 128 at weight 0.5 0.708 / 0.661, Sigma^1 0.701 / 0.662 and Sigma^0 0.709 / 0.680
 * (weights 0.5 and 1); smoothing both marginals, none, or the larger of the two
 * directions' PMI instead of their mean: 0.714-0.719 / 0.690-0.691.
 *
 * Deterministic and independent of input order: the pairs of the sample (a canonical
 * order, embed.c) are sorted before they are counted, and every sum runs in that order. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "embed_impl.h"
#include "kleio/mem.h"
#include "kleio/parallel.h"

#define MAX_TEXT_WORDS 64     /* distinct words of a text that pair up (bounds the pairs) */
#define CONTEXT_POWER 0.75    /* context distribution smoothing */
#define VEC_EXPONENT 0.5f     /* word vectors = U Sigma^e */
#define VEC_POWER_ITERS 2

typedef struct pair_ctx {
    const struct kl_embed_model *m;
    const char *const *texts;
    const uint32_t *order;
    size_t n;
    uint64_t **pairs;         /* per thread: (low column << 32 | high column), a < b */
    size_t *np;
} pair_ctx;

static void pair_worker(void *arg, int t, int nt)
{
    pair_ctx *x = arg;
    unsigned long lo, hi;
    kl_parallel_slice(x->n, t, nt, &lo, &hi);
    emb_scratch s = {0};
    uint32_t cols[MAX_TEXT_WORDS];
    uint64_t *pairs = NULL;
    size_t np = 0, cap = 0;
    for (size_t p = lo; p < hi; p++) {
        emb_text_features(x->texts[x->order[p]], &s, &x->m->tune);
        size_t k = 0;
        for (size_t i = 0; i < s.n_word && k < MAX_TEXT_WORDS; i++) {
            int32_t c = x->m->col_of[s.word[i]];
            size_t j = 0;
            while (c >= 0 && j < k && cols[j] != (uint32_t)c)
                j++;
            if (c >= 0 && j == k)
                cols[k++] = (uint32_t)c;
        }
        if (np + k * k > cap) {
            cap = (np + k * k) * 2;
            pairs = kl_reallocarray(pairs, cap, sizeof *pairs);
        }
        for (size_t i = 0; i < k; i++)
            for (size_t j = 0; j < k; j++)
                if (cols[i] < cols[j])
                    pairs[np++] = (uint64_t)cols[i] << 32 | cols[j];
    }
    emb_scratch_clear(&s);
    x->pairs[t] = pairs;
    x->np[t] = np;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* The sample's word pairs, sorted (each unordered pair once per text it occurs in). */
static uint64_t *collect_pairs(const struct kl_embed_model *m, const char *const *texts,
                               const uint32_t *order, size_t ns, int threads, size_t *np)
{
    pair_ctx x = {m, texts, order, ns, kl_calloc((size_t)threads, sizeof(uint64_t *)),
                  kl_calloc((size_t)threads, sizeof(size_t))};
    kl_parallel_run(threads, pair_worker, &x);
    size_t total = 0;
    for (int t = 0; t < threads; t++)
        total += x.np[t];
    uint64_t *all = kl_malloc((total ? total : 1) * sizeof *all);
    size_t at = 0;
    for (int t = 0; t < threads; t++) {
        if (x.np[t])
            memcpy(all + at, x.pairs[t], x.np[t] * sizeof *all);
        at += x.np[t];
        free(x.pairs[t]);
    }
    free(x.pairs);
    free(x.np);
    qsort(all, total, sizeof *all, cmp_u64);
    *np = total;
    return all;
}

/* The symmetric PPMI matrix (nc x nc) of the counted pairs, by rows and by columns (the
 * same arrays' copies: the matrix is symmetric), columns ascending within each row. */
static void ppmi_matrix(const uint64_t *pair, const uint32_t *cnt, size_t nu, size_t nc,
                        emb_sparse *A)
{
    double *marg = kl_calloc(nc ? nc : 1, sizeof *marg);
    for (size_t i = 0; i < nu; i++) {
        marg[pair[i] >> 32] += cnt[i];
        marg[(uint32_t)pair[i]] += cnt[i];
    }
    double total = 0, ctx_total = 0;
    for (size_t c = 0; c < nc; c++) {
        total += marg[c];
        ctx_total += pow(marg[c], CONTEXT_POWER);
    }
    memset(A, 0, sizeof *A);
    A->n = A->ncol = nc;
    A->rp = kl_calloc(nc + 1, sizeof *A->rp);
    float *val = kl_malloc((nu ? nu : 1) * 2 * sizeof *val);
    /* PPMI(a, b) = max(0, ln(P(a, b) / (P(a) P_0.75(b)))); symmetrised by the mean of the
     * two directions, so that the matrix stays symmetric. */
    for (size_t i = 0; i < nu; i++) {
        size_t a = pair[i] >> 32, b = (uint32_t)pair[i];
        double pab = cnt[i] / total;
        double ab = log(pab / (marg[a] / total * (pow(marg[b], CONTEXT_POWER) / ctx_total)));
        double ba = log(pab / (marg[b] / total * (pow(marg[a], CONTEXT_POWER) / ctx_total)));
        double v = (ab + ba) / 2;
        val[i] = v > 0 ? (float)v : 0;
        if (val[i] > 0) {
            A->rp[a + 1]++;
            A->rp[b + 1]++;
        }
    }
    free(marg);
    for (size_t c = 0; c < nc; c++)
        A->rp[c + 1] += A->rp[c];
    size_t nnz = A->rp[nc];
    A->ci = kl_malloc((nnz ? nnz : 1) * sizeof *A->ci);
    A->rv = kl_malloc((nnz ? nnz : 1) * sizeof *A->rv);
    size_t *next = kl_malloc((nc ? nc : 1) * sizeof *next);
    memcpy(next, A->rp, nc * sizeof *next);
    /* Pairs come sorted by (a, b), a < b: row a gets b ascending, and row b gets every
     * a < b before any c > b, so each row fills in ascending column order. */
    for (size_t i = 0; i < nu; i++) {
        if (val[i] <= 0)
            continue;
        uint32_t a = (uint32_t)(pair[i] >> 32), b = (uint32_t)pair[i];
        A->ci[next[a]] = b;
        A->rv[next[a]++] = val[i];
        A->ci[next[b]] = a;
        A->rv[next[b]++] = val[i];
    }
    free(next);
    free(val);
    A->cp = kl_malloc((nc + 1) * sizeof *A->cp);
    memcpy(A->cp, A->rp, (nc + 1) * sizeof *A->cp);
    A->ri = kl_malloc((nnz ? nnz : 1) * sizeof *A->ri);
    A->cv = kl_malloc((nnz ? nnz : 1) * sizeof *A->cv);
    memcpy(A->ri, A->ci, nnz * sizeof *A->ri);
    memcpy(A->cv, A->rv, nnz * sizeof *A->cv);
}

void emb_cooc_fit(struct kl_embed_model *m, const char *const *texts, const uint32_t *order,
                  size_t ns, int threads)
{
    size_t nc = (size_t)m->ncol, dw = (size_t)m->tune.cooc_dim;
    size_t np;
    uint64_t *pair = collect_pairs(m, texts, order, ns, threads, &np);
    /* Counting the sorted pairs in place. */
    uint32_t *cnt = kl_malloc((np ? np : 1) * sizeof *cnt);
    size_t nu = 0;
    for (size_t i = 0; i < np;) {
        size_t j = i;
        while (j < np && pair[j] == pair[i])
            j++;
        pair[nu] = pair[i];
        cnt[nu++] = (uint32_t)(j - i);
        i = j;
    }
    emb_sparse A;
    ppmi_matrix(pair, cnt, nu, nc, &A);
    free(pair);
    free(cnt);
    float *P = kl_malloc((nc ? nc : 1) * dw * sizeof *P);
    emb_rsvd(&A, dw, VEC_POWER_ITERS, VEC_EXPONENT, m->seed ^ 0x636f6f63ULL, threads, P);
    m->wvec = kl_malloc((nc ? nc : 1) * dw * sizeof *m->wvec);
    emb_sparse_mul(&A, P, dw, m->wvec, threads);        /* rows of U Sigma^e */
    free(P);
    emb_sparse_free(&A);
    for (size_t c = 0; c < nc; c++) {
        float *v = m->wvec + c * dw;
        double s2 = 0;
        for (size_t j = 0; j < dw; j++)
            s2 += (double)v[j] * v[j];
        float inv = s2 > 0 ? (float)(1 / sqrt(s2)) : 0;
        for (size_t j = 0; j < dw; j++)
            v[j] *= inv;
    }
}
