/* stats.h — small statistics shared by the explorer, diff and validation. */
#ifndef KLEIO_STATS_H
#define KLEIO_STATS_H
#include <stdint.h>

/* 95% Wilson score interval for k successes out of n (n > 0); [0,1] when n == 0. */
void kl_wilson95(int64_t k, int64_t n, double *lo, double *hi);

#endif
