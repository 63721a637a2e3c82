/* linalg.c — cyclic Jacobi eigen-solver for small symmetric matrices, squared distances,
 * and centring rows on their group's mean. */
#include "kleio/linalg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"

static double offdiag_norm(const double *A, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            s += A[i * n + j] * A[i * n + j];
    return s;
}

void kl_sym_eigen(double *A, size_t n, double *evals, double *evecs)
{
    double *V = kl_calloc(n * n, sizeof *V);
    for (size_t i = 0; i < n; i++)
        V[i * n + i] = 1;
    double total = 0;
    for (size_t i = 0; i < n * n; i++)
        total += A[i] * A[i];
    for (int sweep = 0; sweep < 60; sweep++) {
        if (offdiag_norm(A, n) <= 1e-30 * total || total == 0)
            break;
        for (size_t p = 0; p < n; p++) {
            for (size_t q = p + 1; q < n; q++) {
                double apq = A[p * n + q];
                if (fabs(apq) < 1e-300)
                    continue;
                double app = A[p * n + p], aqq = A[q * n + q];
                double theta = (aqq - app) / (2 * apq);
                double t = (theta >= 0 ? 1.0 : -1.0) / (fabs(theta) + sqrt(theta * theta + 1));
                double c = 1 / sqrt(t * t + 1), s = t * c;
                for (size_t k = 0; k < n; k++) {          /* rotate columns p, q */
                    double akp = A[k * n + p], akq = A[k * n + q];
                    A[k * n + p] = c * akp - s * akq;
                    A[k * n + q] = s * akp + c * akq;
                }
                for (size_t k = 0; k < n; k++) {          /* rotate rows p, q */
                    double apk = A[p * n + k], aqk = A[q * n + k];
                    A[p * n + k] = c * apk - s * aqk;
                    A[q * n + k] = s * apk + c * aqk;
                }
                for (size_t k = 0; k < n; k++) {
                    double vkp = V[k * n + p], vkq = V[k * n + q];
                    V[k * n + p] = c * vkp - s * vkq;
                    V[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    /* Selection sort by decreasing eigenvalue (n is small), then fix signs. */
    size_t *order = kl_malloc(n * sizeof *order);
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = 0; i < n; i++) {
        size_t best = i;
        for (size_t j = i + 1; j < n; j++)
            if (A[order[j] * n + order[j]] > A[order[best] * n + order[best]])
                best = j;
        size_t tmp = order[i];
        order[i] = order[best];
        order[best] = tmp;
    }
    for (size_t j = 0; j < n; j++) {
        size_t src = order[j];
        evals[j] = A[src * n + src];
        size_t arg = 0;
        for (size_t k = 1; k < n; k++)
            if (fabs(V[k * n + src]) > fabs(V[arg * n + src]))
                arg = k;
        double sign = V[arg * n + src] < 0 ? -1 : 1;
        for (size_t k = 0; k < n; k++)
            evecs[k * n + j] = sign * V[k * n + src];
    }
    free(order);
    free(V);
}

double kl_dist2(const float *a, const float *b, size_t d)
{
    double s = 0;
    for (size_t q = 0; q < d; q++) {
        double e = (double)a[q] - (double)b[q];
        s += e * e;
    }
    return s;
}

void kl_nearest_offer(double *dist, size_t *ids, size_t k, size_t *n, double d, size_t id)
{
    size_t at = *n;
    if (at == k) {
        if (d >= dist[k - 1])
            return;
        at = k - 1;   /* the farthest kept makes room */
    } else {
        (*n)++;
    }
    while (at > 0 && dist[at - 1] > d) {
        dist[at] = dist[at - 1];
        ids[at] = ids[at - 1];
        at--;
    }
    dist[at] = d;
    ids[at] = id;
}

void kl_centre_row(float *x, size_t d, const float *mean)
{
    double ss = 0;
    for (size_t q = 0; q < d; q++) {
        if (mean)
            x[q] -= mean[q];
        ss += (double)x[q] * x[q];
    }
    float inv = ss > 0 ? (float)(1.0 / sqrt(ss)) : 0.0f;
    for (size_t q = 0; q < d; q++)
        x[q] *= inv;
}

void kl_centre_groups(float *X, size_t n, size_t d, const uint16_t *group, size_t n_groups,
                      float *means)
{
    size_t cells = n_groups * d;
    double *sum = kl_calloc(cells ? cells : 1, sizeof *sum);
    size_t *count = kl_calloc(n_groups ? n_groups : 1, sizeof *count);
    for (size_t i = 0; i < n; i++) {
        double *s = sum + (size_t)group[i] * d;
        const float *x = X + i * d;
        count[group[i]]++;
        for (size_t q = 0; q < d; q++)
            s[q] += x[q];
    }
    float *mean = kl_malloc((cells ? cells : 1) * sizeof *mean);
    for (size_t g = 0; g < n_groups; g++)
        for (size_t q = 0; q < d; q++)
            mean[g * d + q] = count[g] ? (float)(sum[g * d + q] / (double)count[g]) : 0.0f;
    for (size_t i = 0; i < n; i++)
        kl_centre_row(X + i * d, d, mean + (size_t)group[i] * d);
    if (means)
        memcpy(means, mean, cells * sizeof *mean);
    free(mean);
    free(count);
    free(sum);
}
