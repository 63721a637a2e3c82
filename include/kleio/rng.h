/* rng.h — deterministic random numbers and hashing.
 * Every random choice in kleio flows from an explicit seed through these, so that a run
 * is reproducible and independent of input order (shuffle by hash, not by arrival). */
#ifndef KLEIO_RNG_H
#define KLEIO_RNG_H
#include <stddef.h>
#include <stdint.h>

typedef struct kl_rng { uint64_t s[4]; } kl_rng;   /* xoshiro256** */

void kl_rng_seed(kl_rng *r, uint64_t seed);
uint64_t kl_rng_next(kl_rng *r);
double kl_rng_uniform(kl_rng *r);                  /* [0, 1) */
uint64_t kl_rng_below(kl_rng *r, uint64_t n);      /* [0, n), unbiased; n > 0 */
double kl_rng_normal(kl_rng *r);                   /* standard normal */

uint64_t kl_mix64(uint64_t x);                     /* splitmix64 finaliser */
uint64_t kl_hash64(const void *data, size_t len, uint64_t seed);
uint64_t kl_hash_str(const char *s, uint64_t seed);

#endif
