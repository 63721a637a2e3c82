/* layout_tsne.c — exact t-SNE of a few thousand points (the leaf centroids) into 2D.
 * Perplexity-calibrated Gaussian affinities, PCA initialisation, early exaggeration,
 * momentum with per-coordinate gains (van der Maaten & Hinton 2008). Rows are processed
 * in parallel with every sum in a fixed order, so the result does not depend on threads. */
#include "layout_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/parallel.h"
#include "kleio/rng.h"

static double sqdist(const float *a, const float *b, size_t d)
{
    double s = 0;
    for (size_t j = 0; j < d; j++) {
        double t = (double)a[j] - b[j];
        s += t * t;
    }
    return s;
}

typedef struct aff_ctx {
    const float *X;
    size_t n, d;
    double perp;
    float *P;                 /* n x n conditional affinities, row i = P(j | i) */
} aff_ctx;

static void affinity_worker(void *arg, int t, int nt)
{
    aff_ctx *a = arg;
    size_t n = a->n;
    double *D = kl_malloc(n * sizeof *D);
    double target = log(a->perp);
    for (size_t i = (size_t)t; i < n; i += (size_t)nt) {
        double dmin = INFINITY;
        for (size_t j = 0; j < n; j++) {
            D[j] = j == i ? 0 : sqdist(a->X + i * a->d, a->X + j * a->d, a->d);
            if (j != i && D[j] < dmin)
                dmin = D[j];
        }
        /* Binary search on the precision beta for the entropy log(perplexity). */
        double beta = 1, lo = 0, hi = INFINITY;
        for (int it = 0; it < 100; it++) {
            double sum = 0, hsum = 0;
            for (size_t j = 0; j < n; j++) {
                if (j == i)
                    continue;
                double pj = exp(-beta * (D[j] - dmin));
                sum += pj;
                hsum += beta * (D[j] - dmin) * pj;
            }
            double H = log(sum) + hsum / sum;
            if (fabs(H - target) < 1e-5)
                break;
            if (H > target) {
                lo = beta;
                beta = hi == INFINITY ? beta * 2 : (beta + hi) / 2;
            } else {
                hi = beta;
                beta = (beta + lo) / 2;
            }
        }
        double sum = 0;
        for (size_t j = 0; j < n; j++)
            sum += j == i ? 0 : exp(-beta * (D[j] - dmin));
        for (size_t j = 0; j < n; j++)
            a->P[i * n + j] = j == i ? 0 : (float)(exp(-beta * (D[j] - dmin)) / sum);
    }
    free(D);
}

/* Top-2 principal directions by power iteration with deflation; Y gets the scores. */
static void pca2(const float *X, size_t n, size_t d, float *Y)
{
    double *mean = kl_calloc(d, sizeof *mean);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < d; j++)
            mean[j] += X[i * d + j] / (double)n;
    double *v = kl_malloc(2 * d * sizeof *v), *u = kl_malloc(d * sizeof *u);
    double *s = kl_malloc(n * sizeof *s);
    for (int c = 0; c < 2; c++) {
        double *vc = v + (size_t)c * d;
        for (size_t j = 0; j < d; j++)
            vc[j] = 1.0 / sqrt((double)d) * ((j * 2654435761u + (size_t)c) % 7 + 1);
        for (int it = 0; it < 100; it++) {
            for (size_t i = 0; i < n; i++) {
                double acc = 0;
                for (size_t j = 0; j < d; j++)
                    acc += (X[i * d + j] - mean[j]) * vc[j];
                s[i] = acc;
            }
            memset(u, 0, d * sizeof *u);
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < d; j++)
                    u[j] += s[i] * (X[i * d + j] - mean[j]);
            if (c == 1) {                      /* deflate the first direction */
                double dot = 0;
                for (size_t j = 0; j < d; j++)
                    dot += u[j] * v[j];
                for (size_t j = 0; j < d; j++)
                    u[j] -= dot * v[j];
            }
            double norm = 0;
            for (size_t j = 0; j < d; j++)
                norm += u[j] * u[j];
            norm = sqrt(norm);
            if (norm == 0)
                break;
            for (size_t j = 0; j < d; j++)
                vc[j] = u[j] / norm;
        }
        /* Sign: the largest component positive. */
        size_t arg = 0;
        for (size_t j = 1; j < d; j++)
            if (fabs(vc[j]) > fabs(vc[arg]))
                arg = j;
        if (vc[arg] < 0)
            for (size_t j = 0; j < d; j++)
                vc[j] = -vc[j];
        for (size_t i = 0; i < n; i++) {
            double acc = 0;
            for (size_t j = 0; j < d; j++)
                acc += (X[i * d + j] - mean[j]) * vc[j];
            Y[i * 2 + (size_t)c] = (float)acc;
        }
    }
    free(mean);
    free(v);
    free(u);
    free(s);
}

typedef struct grad_ctx {
    const float *P;           /* symmetric joint affinities */
    const double *Y;
    size_t n;
    double exag;
    double *attr, *rep, *zrow;
} grad_ctx;

static void grad_worker(void *arg, int t, int nt)
{
    grad_ctx *g = arg;
    size_t n = g->n;
    for (size_t i = (size_t)t; i < n; i += (size_t)nt) {
        double ax = 0, ay = 0, rx = 0, ry = 0, z = 0;
        double yi0 = g->Y[2 * i], yi1 = g->Y[2 * i + 1];
        const float *Pi = g->P + i * n;
        for (size_t j = 0; j < n; j++) {
            if (j == i)
                continue;
            double dx = yi0 - g->Y[2 * j], dy = yi1 - g->Y[2 * j + 1];
            double q = 1 / (1 + dx * dx + dy * dy);
            z += q;
            double pq = Pi[j] * q;
            ax += pq * dx;
            ay += pq * dy;
            rx += q * q * dx;
            ry += q * q * dy;
        }
        g->attr[2 * i] = ax;
        g->attr[2 * i + 1] = ay;
        g->rep[2 * i] = rx;
        g->rep[2 * i + 1] = ry;
        g->zrow[i] = z;
    }
}

void kl_layout_tsne(const float *X, size_t n, size_t d, double perplexity, int iterations,
                    int threads, float *out)
{
    kl_layout_tsne_grouped(X, n, d, perplexity, iterations, threads, NULL, 0, 0, out);
}

/* Means of the current positions per group (group g of level c: group[c * n + i]). */
static void group_means(const double *Y, size_t n, const uint32_t *group, int ngl,
                        double *mean, double *cnt, size_t maxg)
{
    for (int c = 0; c < ngl; c++) {
        double *m = mean + (size_t)c * maxg * 2, *w = cnt + (size_t)c * maxg;
        memset(m, 0, maxg * 2 * sizeof *m);
        memset(w, 0, maxg * sizeof *w);
        for (size_t i = 0; i < n; i++) {
            uint32_t g = group[(size_t)c * n + i];
            m[2 * g] += Y[2 * i];
            m[2 * g + 1] += Y[2 * i + 1];
            w[g] += 1;
        }
        for (size_t g = 0; g < maxg; g++)
            if (w[g] > 0) {
                m[2 * g] /= w[g];
                m[2 * g + 1] /= w[g];
            }
    }
}

void kl_layout_tsne_grouped(const float *X, size_t n, size_t d, double perplexity,
                            int iterations, int threads, const uint32_t *group, int ngl,
                            double pull, float *out)
{
    if (n <= 2) {
        for (size_t i = 0; i < n; i++) {
            out[2 * i] = (float)i;
            out[2 * i + 1] = 0;
        }
        return;
    }
    if (perplexity > (double)(n - 1) / 3)
        perplexity = (double)(n - 1) / 3;
    if (perplexity < 1)
        perplexity = 1;
    float *P = kl_malloc(n * n * sizeof *P);
    aff_ctx a = {X, n, d, perplexity, P};
    kl_parallel_run(threads, affinity_worker, &a);
    for (size_t i = 0; i < n; i++)                 /* symmetrise, normalise */
        for (size_t j = i + 1; j < n; j++) {
            float v = (P[i * n + j] + P[j * n + i]) / (float)(2 * n);
            P[i * n + j] = P[j * n + i] = v;
        }
    float *init = kl_malloc(n * 2 * sizeof *init);
    pca2(X, n, d, init);
    double sd = 0;
    for (size_t i = 0; i < n; i++)
        sd += (double)init[2 * i] * init[2 * i];
    sd = sqrt(sd / (double)n);
    double *Y = kl_malloc(n * 2 * sizeof *Y), *vel = kl_calloc(n * 2, sizeof *vel);
    double *gain = kl_malloc(n * 2 * sizeof *gain);
    for (size_t i = 0; i < 2 * n; i++) {
        Y[i] = sd > 0 ? init[i] / sd * 1e-4 : 0;
        gain[i] = 1;
    }
    if (sd == 0) {                                 /* all centroids equal: a seeded spread */
        kl_rng r;
        kl_rng_seed(&r, n);
        for (size_t i = 0; i < 2 * n; i++)
            Y[i] = kl_rng_normal(&r) * 1e-4;
    }
    free(init);
    grad_ctx g = {P, Y, n, 12, kl_malloc(2 * n * sizeof(double)), kl_malloc(2 * n * sizeof(double)),
                  kl_malloc(n * sizeof(double))};
    double eta = (double)n / 12 > 50 ? (double)n / 12 : 50;
    size_t maxg = 0;
    for (size_t i = 0; group && i < n * (size_t)ngl; i++)
        if (group[i] + (size_t)1 > maxg)
            maxg = group[i] + (size_t)1;
    double *gmean = maxg ? kl_malloc((size_t)ngl * maxg * 2 * sizeof *gmean) : NULL;
    double *gcnt = maxg ? kl_malloc((size_t)ngl * maxg * sizeof *gcnt) : NULL;
    int stop_exag = iterations / 3 < 250 ? iterations / 3 : 250;
    for (int it = 0; it < iterations; it++) {
        g.exag = it < stop_exag ? 12 : 1;
        double mom = it < stop_exag ? 0.5 : 0.8;
        kl_parallel_run(threads, grad_worker, &g);
        double Z = 0;
        for (size_t i = 0; i < n; i++)
            Z += g.zrow[i];
        int pulling = maxg && it >= stop_exag;
        if (pulling)
            group_means(Y, n, group, ngl, gmean, gcnt, maxg);
        for (size_t i = 0; i < 2 * n; i++) {
            double grad = 4 * (g.exag * g.attr[i] - g.rep[i] / Z);
            for (int c = 0; pulling && c < ngl; c++) {
                uint32_t gi = group[(size_t)c * n + i / 2];
                grad += pull / (double)n * (Y[i] - gmean[((size_t)c * maxg + gi) * 2 + i % 2]);
            }
            gain[i] = (grad > 0) != (vel[i] > 0) ? gain[i] + 0.2 : gain[i] * 0.8;
            if (gain[i] < 0.01)
                gain[i] = 0.01;
            vel[i] = mom * vel[i] - eta * gain[i] * grad;
            Y[i] += vel[i];
        }
    }
    for (size_t i = 0; i < 2 * n; i++)
        out[i] = (float)Y[i];
    free(gmean);
    free(gcnt);
    free(g.attr);
    free(g.rep);
    free(g.zrow);
    free(Y);
    free(vel);
    free(gain);
    free(P);
}
