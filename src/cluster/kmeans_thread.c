/* kmeans_thread.c — one task on several threads.
 * Threads are started per pass (a few dozen times per fit): the cost (tens of microseconds)
 * is nothing next to a pass, and no pool outlives the call. Results never depend on which
 * thread did what: the tasks either own disjoint outputs or merge integers. */
#include "kmeans_impl.h"

#include <pthread.h>

#define KM_MAX_THREADS 64

typedef struct km_job {
    km_task_fn fn;
    void *ctx;
    int tid;
} km_job;

static void *km_thread_main(void *arg)
{
    km_job *j = arg;
    j->fn(j->ctx, j->tid);
    return NULL;
}

void km_run_parallel(int nthreads, km_task_fn fn, void *ctx)
{
    if (nthreads > KM_MAX_THREADS)
        nthreads = KM_MAX_THREADS;
    pthread_t th[KM_MAX_THREADS];
    km_job jobs[KM_MAX_THREADS];
    int started[KM_MAX_THREADS] = {0};
    for (int t = 1; t < nthreads; t++) {
        jobs[t] = (km_job){fn, ctx, t};
        started[t] = pthread_create(&th[t], NULL, km_thread_main, &jobs[t]) == 0;
    }
    fn(ctx, 0);
    for (int t = 1; t < nthreads; t++) {
        if (started[t])
            pthread_join(th[t], NULL);
        else
            fn(ctx, t); /* no thread to spare: the caller does that share too */
    }
}
