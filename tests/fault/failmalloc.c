/* failmalloc.c — LD_PRELOAD shim for fault injection: the Nth allocation fails.
 *
 *   FAILMALLOC_N=N      malloc/calloc/realloc/posix_memalign call number N (from 1,
 *                       counted from the first call in the process) returns NULL once;
 *                       0 or unset: nothing fails (use it to count)
 *   FAILMALLOC_COUNT=F  at exit, the number of calls made is written to file F
 *
 * The counter is shared by all threads. Only the one call fails, as when a large request
 * is refused while small ones still succeed; a program must then report and stop (or
 * recover), never crash. Built by tests/e2e/test_faults.sh; not for sanitizer builds,
 * whose runtime owns malloc. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void *__libc_malloc(size_t size);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t size);
void *__libc_memalign(size_t align, size_t size);

static unsigned long fail_at;
static unsigned long calls;
static int configured;

static void configure(void)
{
    const char *n = getenv("FAILMALLOC_N");
    fail_at = n ? strtoul(n, NULL, 10) : 0;
    __atomic_store_n(&configured, 1, __ATOMIC_RELEASE);
}

/* True when this call is the one to fail. */
static int fail_now(void)
{
    if (!__atomic_load_n(&configured, __ATOMIC_ACQUIRE))
        configure();
    unsigned long k = __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED);
    return fail_at != 0 && k == fail_at;
}

void *malloc(size_t size)
{
    if (fail_now()) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
    if (fail_now()) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
    if (fail_now()) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_realloc(p, size);
}

int posix_memalign(void **out, size_t align, size_t size)
{
    if (fail_now())
        return ENOMEM;
    void *p = __libc_memalign(align, size);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}

/* Written with write(2): stdio would allocate. */
__attribute__((destructor)) static void report(void)
{
    const char *f = getenv("FAILMALLOC_COUNT");
    if (!f)
        return;
    char line[32];
    int n = snprintf(line, sizeof line, "%lu\n", __atomic_load_n(&calls, __ATOMIC_RELAXED));
    int fd = open(f, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0) {
        if (write(fd, line, (size_t)n) != n)
            (void)0;
        close(fd);
    }
}
