/* failmalloc.c — LD_PRELOAD shim for fault injection: the Nth allocation fails.
 *
 *   FAILMALLOC_N=N      malloc/calloc/realloc/posix_memalign call number N (from 1,
 *                       counted from the first call in the process) returns NULL once;
 *                       0 or unset: nothing fails (use it to count)
 *   FAILMALLOC_COUNT=F  at exit, the number of calls made is written to file F
 *   FAILMALLOC_SPARE=A,B  calls made directly from a shared object whose file name holds
 *                       one of these words are neither failed nor counted: a library that
 *                       does not survive its own failed allocations (ncurses's tiparm
 *                       dereferences the NULL) is not what the sweep tests; only the
 *                       direct caller is seen, so a libc function that allocates for
 *                       such a library (strdup) is spared by naming libc too
 *
 * The counter is shared by all threads. Only the one call fails, as when a large request
 * is refused while small ones still succeed; a program must then report and stop (or
 * recover), never crash. Built by tests/e2e/test_faults.sh; not for sanitizer builds,
 * whose runtime owns malloc. */
#define _GNU_SOURCE
#include <dlfcn.h>
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
static const char *spare;   /* FAILMALLOC_SPARE, or NULL */
static __thread int in_dladdr;

static void configure(void)
{
    const char *n = getenv("FAILMALLOC_N");
    fail_at = n ? strtoul(n, NULL, 10) : 0;
    spare = getenv("FAILMALLOC_SPARE");
    __atomic_store_n(&configured, 1, __ATOMIC_RELEASE);
}

/* True when the allocation was asked for by code in a spared shared object. */
static int spared(const void *caller)
{
    if (!spare || !*spare || in_dladdr)
        return 0;
    in_dladdr = 1;
    Dl_info info;
    int found = dladdr(caller, &info) && info.dli_fname;
    in_dladdr = 0;
    if (!found)
        return 0;
    for (const char *w = spare; *w;) {
        size_t len = strcspn(w, ",");
        for (const char *f = info.dli_fname; len && *f; f++)
            if (strncmp(f, w, len) == 0)
                return 1;
        w += len + (w[len] == ',');
    }
    return 0;
}

/* True when this call is the one to fail. */
static int fail_now(const void *caller)
{
    if (!__atomic_load_n(&configured, __ATOMIC_ACQUIRE))
        configure();
    if (spared(caller))
        return 0;
    unsigned long k = __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED);
    return fail_at != 0 && k == fail_at;
}

void *malloc(size_t size)
{
    if (fail_now(__builtin_return_address(0))) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
    if (fail_now(__builtin_return_address(0))) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
    if (fail_now(__builtin_return_address(0))) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_realloc(p, size);
}

int posix_memalign(void **out, size_t align, size_t size)
{
    if (fail_now(__builtin_return_address(0)))
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
