/* mem.c — allocation that exits on failure instead of returning NULL. */
#include "kleio/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void (*on_exit_fn)(void);

void kl_mem_on_exit(void (*fn)(void))
{
    on_exit_fn = fn;
}

_Noreturn void kl_out_of_memory(size_t size)
{
    void (*fn)(void) = on_exit_fn;
    on_exit_fn = NULL;   /* once, even if fn itself runs out */
    if (fn)
        fn();
    if (size)
        fprintf(stderr, "kleio: out of memory (allocating %zu bytes)\n", size);
    else
        fputs("kleio: out of memory\n", stderr);
    exit(3);
}

void *kl_malloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        kl_out_of_memory(size);
    return p;
}

void *kl_calloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        kl_out_of_memory(count * size);
    return p;
}

void *kl_reallocarray(void *ptr, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        kl_out_of_memory(SIZE_MAX);
    size_t bytes = count * size;
    void *p = realloc(ptr, bytes ? bytes : 1);
    if (!p)
        kl_out_of_memory(bytes);
    return p;
}

char *kl_strdup(const char *s)
{
    return kl_strndup(s, strlen(s));
}

char *kl_strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = kl_malloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}
