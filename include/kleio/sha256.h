/* sha256.h — SHA-256 (FIPS 180-4) for content addressing: dedup keys and stable ids
 * that must not collide across billions of items, where a 64-bit hash would. */
#ifndef KLEIO_SHA256_H
#define KLEIO_SHA256_H
#include <stddef.h>
#include <stdint.h>

typedef struct kl_sha256 {
    uint32_t h[8];
    uint64_t bytes;          /* total length hashed so far */
    unsigned char block[64];
    size_t used;             /* bytes waiting in block */
} kl_sha256;

void kl_sha256_init(kl_sha256 *s);
void kl_sha256_update(kl_sha256 *s, const void *data, size_t len);
void kl_sha256_final(kl_sha256 *s, unsigned char out[32]);
/* Lower-case hex of the digest of data[0..len) into out (65 bytes with the NUL). */
void kl_sha256_hex(const void *data, size_t len, char out[65]);

#endif
