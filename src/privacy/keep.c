/* keep.c — removing marked spans from a string and tidying the separators left behind. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/privacy.h"

/* True when chunk [s, e) has no letter, digit or non-ASCII character: what is left of a
 * cut ("'", ",", "-", "()"). */
static int only_punct(const char *s, const char *e)
{
    for (; s < e; s++)
        if (isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80)
            return 0;
    return 1;
}

static int is_trim(char c)
{
    return c == ',' || c == ';' || c == ':' || c == '-' || c == '/' || c == '&' || c == '(' ||
           c == '|' || c == '\'' || c == '"';
}

char *kl_privacy_keep(const char *text, const char *drop)
{
    size_t len = strlen(text);
    char *tmp = kl_malloc(len + 1);
    size_t k = 0;
    for (size_t i = 0; i < len; i++)
        if (!drop[i])
            tmp[k++] = text[i] == '\t' || text[i] == '\n' ? ' ' : text[i];
    tmp[k] = '\0';
    char *out = kl_malloc(k + 1);
    size_t o = 0;
    for (char *p = tmp; *p;) {
        while (*p == ' ')
            p++;
        char *e = p;
        while (*e && *e != ' ')
            e++;
        if (e > p && !only_punct(p, e)) {
            if (o > 0)
                out[o++] = ' ';
            memcpy(out + o, p, (size_t)(e - p));
            o += (size_t)(e - p);
        }
        p = e;
    }
    out[o] = '\0';
    free(tmp);
    /* A cut may leave a comma or a dash hanging at either end. */
    while (o > 0 && is_trim(out[o - 1]))
        out[--o] = '\0';
    size_t s = 0;
    while (s < o && (is_trim(out[s]) || out[s] == ' ' || out[s] == '.'))
        s++;
    memmove(out, out + s, o - s + 1);
    return out;
}
