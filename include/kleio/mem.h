/* mem.h — allocation that never returns NULL.
 * Out of memory is not recoverable in kleio's batch tools: these print one line and exit(3). */
#ifndef KLEIO_MEM_H
#define KLEIO_MEM_H
#include <stddef.h>

void *kl_malloc(size_t size);
void *kl_calloc(size_t count, size_t size);
/* realloc with overflow-checked count * size. */
void *kl_reallocarray(void *ptr, size_t count, size_t size);
char *kl_strdup(const char *s);
char *kl_strndup(const char *s, size_t n);
/* For a library that reports out of memory itself (jansson, SQLite): the same line, exit(3). */
_Noreturn void kl_out_of_memory(size_t size);
/* A function run once before the out-of-memory line and the exit (NULL: none): the explorer
 * gives the terminal back, so that the line is seen and the shell echoes again. */
void kl_mem_on_exit(void (*fn)(void));

#endif
