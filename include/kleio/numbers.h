/* numbers.h — the one parser of whole decimal numbers from text (options, config files,
 * meta values, environment): the whole string must be the number, within range; and the
 * one qsort comparison of uint32_t. */
#ifndef KLEIO_NUMBERS_H
#define KLEIO_NUMBERS_H
#include <stdint.h>

/* A signed number in [min, max]: 0, or -1 (out unchanged) on anything else: empty text,
 * trailing characters, overflow, out of range. */
int kl_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);
/* An unsigned number in [min, max]; a leading '-' is refused, not wrapped. */
int kl_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/* qsort's comparison of two uint32_t, ascending. */
int kl_cmp_u32(const void *a, const void *b);

#endif
