/* kvfile.c — line reader of `key = value` files, and their file reader (kvfile.h). */
#include "kleio/kvfile.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static char *unquote(char *s)
{
    size_t n = strlen(s);
    if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0]) {
        s[n - 1] = '\0';
        s++;
    }
    return s;
}

static int parse_line(char *line, const char *file, int no, kl_kv_apply apply, void *ctx,
                      kl_buf *errs)
{
    char *s = trim(line);
    if (!*s || *s == '#' || *s == ';')
        return 0;
    char *eq = strchr(s, '=');
    if (!eq) {
        kl_buf_printf(errs, "%s:%d: expected 'key = value'\n", file, no);
        return 1;
    }
    *eq = '\0';
    return apply(ctx, trim(s), unquote(trim(eq + 1)), file, no, errs);
}

int kl_kv_parse(const char *text, const char *file, kl_kv_apply apply, void *ctx, kl_buf *errs)
{
    int nbad = 0, no = 0;
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *line = kl_strndup(p, len);
        nbad += parse_line(line, file, ++no, apply, ctx, errs);
        free(line);
        p += len + (nl ? 1 : 0);
    }
    return nbad;
}

int kl_kv_read(const char *path, size_t max, kl_buf *text, kl_buf *errs)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        int e = errno;
        kl_buf_printf(errs, "%s: %s\n", path, strerror(e));
        errno = e;   /* the caller may accept a file that does not exist */
        return -1;
    }
    size_t start = text->len;
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && text->len - start <= max)
        kl_buf_append(text, chunk, got);
    bool failed = ferror(f) != 0;
    fclose(f);
    size_t len = text->len - start;
    if (failed)
        kl_buf_printf(errs, "%s: read error\n", path);
    else if (len > max)
        kl_buf_printf(errs, "%s: longer than %zu KiB\n", path, max / 1024);
    else if (memchr(kl_buf_cstr(text) + start, 0, len))
        kl_buf_printf(errs, "%s: contains a NUL byte\n", path);
    else
        return 0;
    return -1;
}
