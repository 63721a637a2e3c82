/* kvfile.c — line reader of `key = value` files (kvfile.h). */
#include "kleio/kvfile.h"

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
