/* rng.c — xoshiro256** seeded by splitmix64; FNV-1a hashing with a splitmix finaliser. */
#include "kleio/rng.h"

#include <math.h>
#include <string.h>

uint64_t kl_mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

void kl_rng_seed(kl_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++) {
        x += 0x9e3779b97f4a7c15ULL;
        r->s[i] = kl_mix64(x);
    }
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t kl_rng_next(kl_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double kl_rng_uniform(kl_rng *r)
{
    return (double)(kl_rng_next(r) >> 11) * 0x1.0p-53;
}

uint64_t kl_rng_below(kl_rng *r, uint64_t n)
{
    /* Rejection sampling keeps the distribution exactly uniform. */
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do
        x = kl_rng_next(r);
    while (x >= limit);
    return x % n;
}

double kl_rng_normal(kl_rng *r)
{
    double u1 = kl_rng_uniform(r);
    double u2 = kl_rng_uniform(r);
    if (u1 < 1e-300)
        u1 = 1e-300;
    return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

uint64_t kl_hash64(const void *data, size_t len, uint64_t seed)
{
    const unsigned char *p = data;
    uint64_t h = 0xcbf29ce484222325ULL ^ kl_mix64(seed);
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return kl_mix64(h ^ len);
}

uint64_t kl_hash_str(const char *s, uint64_t seed)
{
    return kl_hash64(s, strlen(s), seed);
}
