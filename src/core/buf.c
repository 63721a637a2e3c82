/* buf.c — growable NUL-terminated byte buffer. */
#include "kleio/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"

static void reserve(kl_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    b->data = kl_reallocarray(b->data, cap, 1);
    b->cap = cap;
}

void kl_buf_append(kl_buf *b, const void *data, size_t len)
{
    reserve(b, len);
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void kl_buf_puts(kl_buf *b, const char *s)
{
    kl_buf_append(b, s, strlen(s));
}

void kl_buf_putc(kl_buf *b, char c)
{
    kl_buf_append(b, &c, 1);
}

void kl_buf_printf(kl_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        kl_buf_append(b, small, (size_t)n);
        return;
    }
    reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

const char *kl_buf_cstr(const kl_buf *b)
{
    return b->data ? b->data : "";
}

void kl_buf_clear(kl_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

char *kl_buf_steal(kl_buf *b)
{
    char *s = b->data ? b->data : kl_strdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

void kl_buf_free(kl_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
