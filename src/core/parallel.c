/* parallel.c — a minimal fork-join on pthreads for the numeric stages. */
#include "kleio/parallel.h"

#include <pthread.h>
#include <unistd.h>

#define MAX_THREADS 64

int kl_threads_resolve(int threads)
{
    if (threads <= 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 ? (int)n : 1;
    }
    return threads > MAX_THREADS ? MAX_THREADS : threads;
}

typedef struct job {
    void (*fn)(void *ctx, int t, int nt);
    void *ctx;
    int t, nt;
} job;

static void *trampoline(void *arg)
{
    job *j = arg;
    j->fn(j->ctx, j->t, j->nt);
    return NULL;
}

void kl_parallel_run(int nthreads, void (*fn)(void *ctx, int t, int nthreads), void *ctx)
{
    if (nthreads < 1)
        nthreads = 1;
    if (nthreads > MAX_THREADS)
        nthreads = MAX_THREADS;
    pthread_t tid[MAX_THREADS];
    job jobs[MAX_THREADS];
    int started = 0;
    for (int t = 1; t < nthreads; t++) {
        jobs[t] = (job){fn, ctx, t, nthreads};
        if (pthread_create(&tid[t], NULL, trampoline, &jobs[t]) != 0)
            break;
        started = t;
    }
    /* If a thread could not start, the caller's thread does its share (and any later). */
    for (int t = started + 1; t < nthreads; t++)
        if (t != 0)
            fn(ctx, t, nthreads);
    fn(ctx, 0, nthreads);
    for (int t = 1; t <= started; t++)
        pthread_join(tid[t], NULL);
}

void kl_parallel_slice(unsigned long n, int t, int nt, unsigned long *lo, unsigned long *hi)
{
    *lo = n * (unsigned long)t / (unsigned long)nt;
    *hi = n * (unsigned long)(t + 1) / (unsigned long)nt;
}
