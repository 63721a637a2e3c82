/* parallel.h — fork-join over a fixed number of POSIX threads.
 * Work is split by the caller by thread index (static partitions), so results never depend
 * on thread timing; callers that reduce in parallel use a fixed number of partial sums
 * (independent of the thread count) added in a fixed order. */
#ifndef KLEIO_PARALLEL_H
#define KLEIO_PARALLEL_H

/* threads <= 0 gives the number of online CPUs (at least 1, at most 64). */
int kl_threads_resolve(int threads);

/* Runs fn(ctx, t, nthreads) for t = 0..nthreads-1 (t = 0 on the calling thread) and
 * waits for all. */
void kl_parallel_run(int nthreads, void (*fn)(void *ctx, int t, int nthreads), void *ctx);

/* The slice [*lo, *hi) of n items that worker t of nt handles. */
void kl_parallel_slice(unsigned long n, int t, int nt, unsigned long *lo, unsigned long *hi);

#endif
