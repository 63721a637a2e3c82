/* buf.h — a growable byte buffer, always NUL-terminated. */
#ifndef KLEIO_BUF_H
#define KLEIO_BUF_H
#include <stddef.h>

typedef struct kl_buf {
    char  *data;   /* NULL until the first append; kl_buf_cstr never returns NULL */
    size_t len;
    size_t cap;
} kl_buf;

#define KL_BUF_INIT {NULL, 0, 0}

void kl_buf_append(kl_buf *b, const void *data, size_t len);
void kl_buf_puts(kl_buf *b, const char *s);
void kl_buf_putc(kl_buf *b, char c);
void kl_buf_printf(kl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *kl_buf_cstr(const kl_buf *b);
void kl_buf_clear(kl_buf *b);            /* len = 0, keeps the allocation */
char *kl_buf_steal(kl_buf *b);           /* caller frees; b is reset */
void kl_buf_free(kl_buf *b);

#endif
