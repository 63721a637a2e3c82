/* kernel.c — the dense inner loops of the embedding: y += a x, and the gathered sum
 * y = sum_k v[k] B[idx[k]] that every sparse x dense product reduces to. The gathered sum
 * keeps a strip of y in registers while it walks the entries, so each entry costs one load
 * of B per strip and no load or store of y. An AVX build of the same code (target
 * attribute, chosen at run time) doubles the width; both do a multiply then an add in the
 * same order, so their results are bit-identical and do not depend on the CPU. */
#include <string.h>

#include "embed_impl.h"

typedef float v8f __attribute__((vector_size(32)));

void emb_axpy(float *restrict y, float a, const float *restrict x, size_t n)
{
    size_t j = 0;
    for (; j + 8 <= n; j += 8) {
        v8f xv, yv;
        memcpy(&xv, x + j, sizeof xv);
        memcpy(&yv, y + j, sizeof yv);
        yv += a * xv;
        memcpy(y + j, &yv, sizeof yv);
    }
    for (; j < n; j++)
        y[j] += a * x[j];
}

#define STRIP 4               /* v8f accumulators per strip: 32 floats */

/* The body, expanded once per instruction set. The product is rounded before the add
 * (no contraction into fused multiply-adds), as in emb_axpy. */
#define GATHER_BODY                                                                        \
    size_t j = 0;                                                                          \
    for (; j + 8 * STRIP <= w; j += 8 * STRIP) {                                           \
        v8f acc[STRIP] = {{0}};                                                            \
        if (add)                                                                           \
            memcpy(acc, y + j, sizeof acc);                                                \
        for (size_t k = 0; k < n; k++) {                                                   \
            const float *b = B + (size_t)idx[k] * ldb + j;                                   \
            v8f a = {v[k], v[k], v[k], v[k], v[k], v[k], v[k], v[k]};                      \
            for (int s = 0; s < STRIP; s++) {                                              \
                v8f x;                                                                     \
                memcpy(&x, b + 8 * s, sizeof x);                                           \
                v8f p = a * x;                                                             \
                acc[s] += p;                                                               \
            }                                                                              \
        }                                                                                  \
        memcpy(y + j, acc, sizeof acc);                                                    \
    }                                                                                      \
    for (; j + 8 <= w; j += 8) {                                                           \
        v8f acc = {0};                                                                     \
        if (add)                                                                           \
            memcpy(&acc, y + j, sizeof acc);                                               \
        for (size_t k = 0; k < n; k++) {                                                   \
            v8f a = {v[k], v[k], v[k], v[k], v[k], v[k], v[k], v[k]}, x;                   \
            memcpy(&x, B + (size_t)idx[k] * ldb + j, sizeof x);                              \
            v8f p = a * x;                                                                 \
            acc += p;                                                                      \
        }                                                                                  \
        memcpy(y + j, &acc, sizeof acc);                                                   \
    }                                                                                      \
    for (; j < w; j++) {                                                                   \
        float acc = add ? y[j] : 0;                                                        \
        for (size_t k = 0; k < n; k++) {                                                   \
            float p = v[k] * B[(size_t)idx[k] * ldb + j];                                    \
            acc += p;                                                                      \
        }                                                                                  \
        y[j] = acc;                                                                        \
    }

static void gather_portable(float *restrict y, size_t w, const uint32_t *idx, const float *v,
                            size_t n, const float *restrict B, size_t ldb, int add)
{
    GATHER_BODY
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx"))) static void gather_avx(float *restrict y, size_t w,
                                                      const uint32_t *idx, const float *v,
                                                      size_t n, const float *restrict B,
                                                      size_t ldb, int add)
{
    GATHER_BODY
}

static int have_avx = -1;
#endif

static void gather(float *restrict y, size_t w, const uint32_t *idx, const float *v, size_t n,
                   const float *restrict B, size_t ldb, int add)
{
#if defined(__x86_64__) || defined(__i386__)
    if (have_avx < 0) {
        __builtin_cpu_init();
        have_avx = __builtin_cpu_supports("avx") != 0;    /* same value from every thread */
    }
    if (have_avx) {
        gather_avx(y, w, idx, v, n, B, ldb, add);
        return;
    }
#endif
    gather_portable(y, w, idx, v, n, B, ldb, add);
}

void emb_gather_sum(float *restrict y, size_t w, const uint32_t *idx, const float *v, size_t n,
                    const float *restrict B, size_t ldb)
{
    gather(y, w, idx, v, n, B, ldb, 0);
}

void emb_gather_add(float *restrict y, size_t w, const uint32_t *idx, const float *v, size_t n,
                    const float *restrict B, size_t ldb)
{
    gather(y, w, idx, v, n, B, ldb, 1);
}
