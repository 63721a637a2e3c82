/* kmeans_kernel.c — distance kernels: e(x, c) = ||c||^2 - 2 x.c in float.
 * The tile kernel is a GEMM micro-kernel: KM_MR rows x KM_NR centroids accumulate in 12
 * AVX registers while the centroids stream from a packed, coordinate-major panel that stays
 * in L2, so each loaded value feeds several FMAs. The AVX2+FMA code is compiled with target
 * attributes and chosen at run time (the binary still runs on CPUs without AVX2); the
 * portable code gives the same assignments up to float rounding. */
#include "kmeans_impl.h"

#include <math.h>
#include <stdlib.h>
#include "kleio/mem.h"

#if defined(__x86_64__) || defined(__i386__)
#define KM_X86 1
#include <immintrin.h>
#else
#define KM_X86 0
#endif

/* Norm given to the padding columns: e stays huge whatever the dot product. */
#define KM_PAD_NORM 1e30f

static int km_simd = -1;

void km_kernel_init(void)
{
    if (km_simd >= 0)
        return;
#if KM_X86
    __builtin_cpu_init();
    km_simd = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    km_simd = 0;
#endif
    const char *env = getenv("KLEIO_KMEANS_PORTABLE"); /* tests run both code paths */
    if (env && *env == '1')
        km_simd = 0;
}

int km_kernel_simd(void)
{
    return km_simd > 0;
}

float km_sqnorm(const float *x, size_t d)
{
    double s = 0;
    for (size_t j = 0; j < d; j++)
        s += (double)x[j] * x[j];
    return (float)s;
}

void km_pack(km_packed *P, const float *C, size_t k, size_t d)
{
    size_t kpad = (k + KM_NR - 1) / KM_NR * KM_NR;
    if (P->panel == NULL || P->kpad != kpad || P->d != d) {
        free(P->panel);
        free(P->cn);
        P->panel = kl_malloc(kpad * d * sizeof(float));
        P->cn = kl_malloc(kpad * sizeof(float));
    }
    P->k = k;
    P->kpad = kpad;
    P->d = d;
    for (size_t p = 0; p < kpad / KM_NR; p++) {
        float *dst = P->panel + p * KM_NR * d;
        for (size_t c = 0; c < KM_NR; c++) {
            size_t j = p * KM_NR + c;
            if (j < k) {
                const float *src = C + j * d;
                for (size_t q = 0; q < d; q++)
                    dst[q * KM_NR + c] = src[q];
                P->cn[j] = km_sqnorm(src, d);
            } else {
                for (size_t q = 0; q < d; q++)
                    dst[q * KM_NR + c] = 0.0f;
                P->cn[j] = KM_PAD_NORM;
            }
        }
    }
}

/* ---- portable code ---- */

static void km_tile_portable(const km_packed *P, const float *X, size_t m, float *D, size_t ldd,
                             float *G, size_t ldg)
{
    size_t d = P->d;
    for (size_t r = 0; r < m; r++) {
        const float *x = X + r * d;
        for (size_t p = 0; p < P->kpad / KM_NR; p++) {
            const float *b = P->panel + p * KM_NR * d;
            float acc[KM_NR] = {0};
            for (size_t q = 0; q < d; q++)
                for (size_t c = 0; c < KM_NR; c++)
                    acc[c] += x[q] * b[q * KM_NR + c];
            float mn = INFINITY;
            for (size_t c = 0; c < KM_NR; c++) {
                float v = P->cn[p * KM_NR + c] - 2.0f * acc[c];
                D[r * ldd + p * KM_NR + c] = v;
                mn = v < mn ? v : mn;
            }
            G[r * ldg + p] = mn;
        }
    }
}

static float km_panel_row_portable(const km_packed *P, const float *x, size_t p, float *out)
{
    const float *b = P->panel + p * KM_NR * P->d;
    float acc[KM_NR] = {0}, mn = INFINITY;
    for (size_t q = 0; q < P->d; q++)
        for (size_t c = 0; c < KM_NR; c++)
            acc[c] += x[q] * b[q * KM_NR + c];
    for (size_t c = 0; c < KM_NR; c++) {
        out[c] = P->cn[p * KM_NR + c] - 2.0f * acc[c];
        mn = out[c] < mn ? out[c] : mn;
    }
    return mn;
}

static float km_shift_bounds_portable(float *lb, const float *gdrift, size_t t)
{
    float mn = INFINITY;
    for (size_t g = 0; g < t; g++) {
        float v = lb[g] - gdrift[g];
        lb[g] = v;
        mn = v < mn ? v : mn;
    }
    return mn;
}

static void km_dist_list_portable(const float *x, const float *C, const float *cn, size_t d,
                                  const uint32_t *idx, size_t cnt, float *out)
{
    for (size_t i = 0; i < cnt; i++) {
        const float *c = C + (size_t)idx[i] * d;
        float acc = 0;
        for (size_t q = 0; q < d; q++)
            acc += x[q] * c[q];
        out[i] = cn[idx[i]] - 2.0f * acc;
    }
}

static float km_dist_one_portable(const float *x, const float *c, float cn, size_t d)
{
    float acc = 0;
    for (size_t q = 0; q < d; q++)
        acc += x[q] * c[q];
    return cn - 2.0f * acc;
}

static double km_acc_row_portable(double *acc, const float *x, double w, size_t d)
{
    double x2 = 0;
    for (size_t q = 0; q < d; q++) {
        double v = x[q];
        acc[q] += w * v;
        x2 += v * v;
    }
    return x2;
}

/* ---- AVX2 + FMA ---- */
#if KM_X86

#define KM_AVX __attribute__((target("avx2,fma")))

KM_AVX static inline float km_hmin(__m256 a, __m256 b)
{
    __m256 v = _mm256_min_ps(a, b);
    __m128 s = _mm_min_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_min_ps(s, _mm_movehl_ps(s, s));
    s = _mm_min_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

KM_AVX static void km_tile_avx2(const km_packed *P, const float *X, size_t m, float *D, size_t ldd,
                                float *G, size_t ldg)
{
    size_t d = P->d;
    /* Short row blocks reuse row 0 so the kernel always runs KM_MR rows; extra results are
     * dropped. */
    const float *x0 = X;
    const float *x1 = X + (m > 1 ? 1 : 0) * d;
    const float *x2 = X + (m > 2 ? 2 : 0) * d;
    const float *x3 = X + (m > 3 ? 3 : 0) * d;
    const float *x4 = X + (m > 4 ? 4 : 0) * d;
    const float *x5 = X + (m > 5 ? 5 : 0) * d;
    const __m256 m2 = _mm256_set1_ps(-2.0f);
    for (size_t p = 0; p < P->kpad / KM_NR; p++) {
        const float *b = P->panel + p * KM_NR * d;
        __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
        __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
        __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
        __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
        __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
        __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
        for (size_t q = 0; q < d; q++) {
            __m256 b0 = _mm256_loadu_ps(b + q * KM_NR);
            __m256 b1 = _mm256_loadu_ps(b + q * KM_NR + 8);
            __m256 a = _mm256_broadcast_ss(x0 + q);
            c00 = _mm256_fmadd_ps(a, b0, c00);
            c01 = _mm256_fmadd_ps(a, b1, c01);
            a = _mm256_broadcast_ss(x1 + q);
            c10 = _mm256_fmadd_ps(a, b0, c10);
            c11 = _mm256_fmadd_ps(a, b1, c11);
            a = _mm256_broadcast_ss(x2 + q);
            c20 = _mm256_fmadd_ps(a, b0, c20);
            c21 = _mm256_fmadd_ps(a, b1, c21);
            a = _mm256_broadcast_ss(x3 + q);
            c30 = _mm256_fmadd_ps(a, b0, c30);
            c31 = _mm256_fmadd_ps(a, b1, c31);
            a = _mm256_broadcast_ss(x4 + q);
            c40 = _mm256_fmadd_ps(a, b0, c40);
            c41 = _mm256_fmadd_ps(a, b1, c41);
            a = _mm256_broadcast_ss(x5 + q);
            c50 = _mm256_fmadd_ps(a, b0, c50);
            c51 = _mm256_fmadd_ps(a, b1, c51);
        }
        const __m256 n0 = _mm256_loadu_ps(P->cn + p * KM_NR);
        const __m256 n1 = _mm256_loadu_ps(P->cn + p * KM_NR + 8);
        float *o = D + p * KM_NR;
#define KM_STORE(r, lo, hi)                                                   \
    if (m > (r)) {                                                            \
        __m256 v0 = _mm256_fmadd_ps(m2, lo, n0), v1 = _mm256_fmadd_ps(m2, hi, n1); \
        _mm256_storeu_ps(o + (r) * ldd, v0);                                  \
        _mm256_storeu_ps(o + (r) * ldd + 8, v1);                              \
        G[(r) * ldg + p] = km_hmin(v0, v1);                                   \
    }
        KM_STORE(0, c00, c01)
        KM_STORE(1, c10, c11)
        KM_STORE(2, c20, c21)
        KM_STORE(3, c30, c31)
        KM_STORE(4, c40, c41)
        KM_STORE(5, c50, c51)
#undef KM_STORE
    }
}

KM_AVX static inline float km_hsum(__m256 v)
{
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

KM_AVX static float km_shift_bounds_avx2(float *lb, const float *gdrift, size_t t)
{
    __m256 mn = _mm256_set1_ps(INFINITY);
    size_t g = 0;
    for (; g + 8 <= t; g += 8) {
        __m256 v = _mm256_sub_ps(_mm256_loadu_ps(lb + g), _mm256_loadu_ps(gdrift + g));
        _mm256_storeu_ps(lb + g, v);
        mn = _mm256_min_ps(mn, v);
    }
    float m = km_hmin(mn, mn);
    for (; g < t; g++) {
        float v = lb[g] - gdrift[g];
        lb[g] = v;
        m = v < m ? v : m;
    }
    return m;
}

/* One row against one panel: two accumulators, no horizontal sums. */
KM_AVX static float km_panel_row_avx2(const km_packed *P, const float *x, size_t p, float *out)
{
    const float *b = P->panel + p * KM_NR * P->d;
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    __m256 t0 = _mm256_setzero_ps(), t1 = _mm256_setzero_ps();
    size_t q = 0, d = P->d;
    for (; q + 2 <= d; q += 2) {
        __m256 a = _mm256_broadcast_ss(x + q), c = _mm256_broadcast_ss(x + q + 1);
        s0 = _mm256_fmadd_ps(a, _mm256_loadu_ps(b + q * KM_NR), s0);
        s1 = _mm256_fmadd_ps(a, _mm256_loadu_ps(b + q * KM_NR + 8), s1);
        t0 = _mm256_fmadd_ps(c, _mm256_loadu_ps(b + (q + 1) * KM_NR), t0);
        t1 = _mm256_fmadd_ps(c, _mm256_loadu_ps(b + (q + 1) * KM_NR + 8), t1);
    }
    if (q < d) {
        __m256 a = _mm256_broadcast_ss(x + q);
        s0 = _mm256_fmadd_ps(a, _mm256_loadu_ps(b + q * KM_NR), s0);
        s1 = _mm256_fmadd_ps(a, _mm256_loadu_ps(b + q * KM_NR + 8), s1);
    }
    const __m256 m2 = _mm256_set1_ps(-2.0f);
    __m256 v0 = _mm256_fmadd_ps(m2, _mm256_add_ps(s0, t0), _mm256_loadu_ps(P->cn + p * KM_NR));
    __m256 v1 = _mm256_fmadd_ps(m2, _mm256_add_ps(s1, t1), _mm256_loadu_ps(P->cn + p * KM_NR + 8));
    _mm256_storeu_ps(out, v0);
    _mm256_storeu_ps(out + 8, v1);
    return km_hmin(v0, v1);
}

/* Eight centroids at a time share each load of x; their sums are reduced together. */
KM_AVX static void km_dist_list_avx2(const float *x, const float *C, const float *cn, size_t d,
                                     const uint32_t *idx, size_t cnt, float *out)
{
    size_t d8 = d & ~(size_t)7;
    size_t i = 0;
    float sums[8];
    for (; i + 8 <= cnt; i += 8) {
        const float *c[8];
        for (int r = 0; r < 8; r++)
            c[r] = C + (size_t)idx[i + (size_t)r] * d;
        __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
        __m256 s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
        __m256 s4 = _mm256_setzero_ps(), s5 = _mm256_setzero_ps();
        __m256 s6 = _mm256_setzero_ps(), s7 = _mm256_setzero_ps();
        for (size_t q = 0; q < d8; q += 8) {
            __m256 xv = _mm256_loadu_ps(x + q);
            s0 = _mm256_fmadd_ps(xv, _mm256_loadu_ps(c[0] + q), s0);
            s1 = _mm256_fmadd_ps(xv, _mm256_loadu_ps(c[1] + q), s1);
            s2 = _mm256_fmadd_ps(xv, _mm256_loadu_ps(c[2] + q), s2);
            s3 = _mm256_fmadd_ps(xv, _mm256_loadu_ps(c[3] + q), s3);
            s4 = _mm256_fmadd_ps(xv, _mm256_loadu_ps(c[4] + q), s4);
            s5 = _mm256_fmadd_ps(xv, _mm256_loadu_ps(c[5] + q), s5);
            s6 = _mm256_fmadd_ps(xv, _mm256_loadu_ps(c[6] + q), s6);
            s7 = _mm256_fmadd_ps(xv, _mm256_loadu_ps(c[7] + q), s7);
        }
        __m256 h0 = _mm256_hadd_ps(_mm256_hadd_ps(s0, s1), _mm256_hadd_ps(s2, s3));
        __m256 h1 = _mm256_hadd_ps(_mm256_hadd_ps(s4, s5), _mm256_hadd_ps(s6, s7));
        __m256 tot = _mm256_add_ps(_mm256_permute2f128_ps(h0, h1, 0x20),
                                   _mm256_permute2f128_ps(h0, h1, 0x31));
        _mm256_storeu_ps(sums, tot);
        for (int r = 0; r < 8; r++) {
            float v = sums[r];
            for (size_t q = d8; q < d; q++)
                v += x[q] * c[r][q];
            out[i + (size_t)r] = cn[idx[i + (size_t)r]] - 2.0f * v;
        }
    }
    for (; i < cnt; i++) {
        const float *a = C + (size_t)idx[i] * d;
        __m256 s0 = _mm256_setzero_ps();
        for (size_t q = 0; q < d8; q += 8)
            s0 = _mm256_fmadd_ps(_mm256_loadu_ps(x + q), _mm256_loadu_ps(a + q), s0);
        float t0 = km_hsum(s0);
        for (size_t q = d8; q < d; q++)
            t0 += x[q] * a[q];
        out[i] = cn[idx[i]] - 2.0f * t0;
    }
}

/* One row of km_dist_list_avx2, with the sum order of a row inside a group of eight
 * (grouped) or of a row in the tail: the same bits as the list would give. */
KM_AVX static float km_dist_one_avx2(const float *x, const float *c, float cn, size_t d,
                                     int grouped)
{
    size_t d8 = d & ~(size_t)7;
    __m256 s0 = _mm256_setzero_ps();
    for (size_t q = 0; q < d8; q += 8)
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(x + q), _mm256_loadu_ps(c + q), s0);
    float v;
    if (grouped) {
        float l[8];
        _mm256_storeu_ps(l, s0);
        v = ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]));
    } else {
        v = km_hsum(s0);
    }
    for (size_t q = d8; q < d; q++)
        v += x[q] * c[q];
    return cn - 2.0f * v;
}

KM_AVX static double km_acc_row_avx2(double *acc, const float *x, double w, size_t d)
{
    size_t d4 = d & ~(size_t)3;
    __m256d wv = _mm256_set1_pd(w), s = _mm256_setzero_pd();
    for (size_t q = 0; q < d4; q += 4) {
        __m256d v = _mm256_cvtps_pd(_mm_loadu_ps(x + q));
        _mm256_storeu_pd(acc + q, _mm256_fmadd_pd(wv, v, _mm256_loadu_pd(acc + q)));
        s = _mm256_fmadd_pd(v, v, s);
    }
    __m128d h = _mm_add_pd(_mm256_castpd256_pd128(s), _mm256_extractf128_pd(s, 1));
    double x2 = _mm_cvtsd_f64(_mm_add_sd(h, _mm_unpackhi_pd(h, h)));
    for (size_t q = d4; q < d; q++) {
        double v = x[q];
        acc[q] += w * v;
        x2 += v * v;
    }
    return x2;
}
#endif

double km_acc_row(double *acc, const float *x, double w, size_t d)
{
#if KM_X86
    if (km_simd > 0)
        return km_acc_row_avx2(acc, x, w, d);
#endif
    return km_acc_row_portable(acc, x, w, d);
}

void km_tile(const km_packed *P, const float *X, size_t m, float *D, size_t ldd, float *G,
             size_t ldg)
{
#if KM_X86
    if (km_simd > 0) {
        km_tile_avx2(P, X, m, D, ldd, G, ldg);
        return;
    }
#endif
    km_tile_portable(P, X, m, D, ldd, G, ldg);
}

float km_shift_bounds(float *lb, const float *gdrift, size_t t)
{
#if KM_X86
    if (km_simd > 0)
        return km_shift_bounds_avx2(lb, gdrift, t);
#endif
    return km_shift_bounds_portable(lb, gdrift, t);
}

float km_panel_row(const km_packed *P, const float *x, size_t p, float *out)
{
#if KM_X86
    if (km_simd > 0)
        return km_panel_row_avx2(P, x, p, out);
#endif
    return km_panel_row_portable(P, x, p, out);
}

float km_dist_one(const float *x, const float *c, float cn, size_t d, int grouped)
{
#if KM_X86
    if (km_simd > 0)
        return km_dist_one_avx2(x, c, cn, d, grouped);
#endif
    (void)grouped; /* the portable list sums every row in one order */
    return km_dist_one_portable(x, c, cn, d);
}

void km_dist_list(const float *x, const float *C, const float *cn, size_t d,
                  const uint32_t *idx, size_t cnt, float *out)
{
#if KM_X86
    if (km_simd > 0) {
        km_dist_list_avx2(x, C, cn, d, idx, cnt, out);
        return;
    }
#endif
    km_dist_list_portable(x, C, cn, d, idx, cnt, out);
}
