/* satmath.h — saturating arithmetic for counts read from untrusted files: a sum of
 * huge counts stops at the type's limit instead of overflowing (undefined behaviour,
 * and a negative total on screen). */
#ifndef KLEIO_SATMATH_H
#define KLEIO_SATMATH_H
#include <stdint.h>

static inline int64_t kl_sat_add64(int64_t a, int64_t b)
{
    int64_t r;
    if (__builtin_add_overflow(a, b, &r))
        return b > 0 ? INT64_MAX : INT64_MIN;
    return r;
}

static inline int32_t kl_sat_add32(int32_t a, int32_t b)
{
    int32_t r;
    if (__builtin_add_overflow(a, b, &r))
        return b > 0 ? INT32_MAX : INT32_MIN;
    return r;
}

#endif
