/* audit.c — layer 5: the last look at every string before it is published. It removes
 * what looks like personal data (e-mail addresses, URLs, long digit sequences such as
 * phone, card and id numbers, IP addresses), scrubber placeholders that leaked through
 * ([NAME], <EMAIL>, {PHONE}), and tokens too few units used; it counts what it did. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/privacy.h"

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Whitespace-delimited chunks that are addresses. */
static size_t mark_addresses(const char *s, size_t len, char *drop)
{
    size_t hits = 0;
    for (size_t i = 0; i < len;) {
        while (i < len && is_space(s[i]))
            i++;
        size_t start = i;
        while (i < len && !is_space(s[i]))
            i++;
        if (i == start)
            continue;
        const char *at = memchr(s + start, '@', i - start);
        int email = at && memchr(at, '.', (size_t)(s + i - at)) != NULL;
        int url = 0;
        for (size_t j = start; j + 3 <= i && !url; j++)
            url = memcmp(s + j, "://", 3) == 0;
        if (i - start >= 4 && strncasecmp(s + start, "www.", 4) == 0)
            url = 1;
        if (email || url) {
            memset(drop + start, 1, i - start);
            hits++;
        }
    }
    return hits;
}

static size_t mark_placeholders(const char *s, size_t len, char *drop)
{
    size_t hits = 0;
    for (size_t i = 0; i < len; i++) {
        char close = s[i] == '[' ? ']' : s[i] == '<' ? '>' : s[i] == '{' ? '}' : 0;
        if (!close)
            continue;
        size_t j = i + 1, letters = 0;
        while (j < len && (isupper((unsigned char)s[j]) || isdigit((unsigned char)s[j]) ||
                           s[j] == '_' || s[j] == ' ')) {
            letters += isupper((unsigned char)s[j]) != 0;
            j++;
        }
        if (j < len && s[j] == close && letters >= 2) {
            memset(drop + i, 1, j + 1 - i);
            hits++;
            i = j;
        }
    }
    return hits;
}

/* Digit sequences, allowing the separators people put in phone, card and id numbers:
 * five digits or more, or four groups joined by dots (an IPv4 address). */
static size_t mark_numbers(const char *s, size_t len, char *drop)
{
    size_t hits = 0;
    for (size_t i = 0; i < len;) {
        if (!isdigit((unsigned char)s[i])) {
            i++;
            continue;
        }
        size_t start = i > 0 && s[i - 1] == '+' ? i - 1 : i;
        size_t j = i, digits = 0, dots = 0, end = i;
        while (j < len) {
            if (isdigit((unsigned char)s[j])) {
                digits++;
                j++;
                end = j;
            } else if ((s[j] == ' ' || s[j] == '-' || s[j] == '.' || s[j] == '(' || s[j] == ')' ||
                        s[j] == '/') && j + 1 < len &&
                       (isdigit((unsigned char)s[j + 1]) || s[j + 1] == '(')) {
                dots += s[j] == '.';
                j++;
            } else {
                break;
            }
        }
        if (digits >= 5 || (dots == 3 && digits >= 4)) {
            memset(drop + start, 1, end - start);
            hits++;
        }
        i = end > i ? end : i + 1;
    }
    return hits;
}

struct rare_ctx { const kl_vocab *v; size_t min_units; char *drop; size_t hits; };

static void mark_rare(const char *folded, size_t start, size_t len, void *ctx)
{
    struct rare_ctx *r = ctx;
    int all_dropped = 1;
    for (size_t i = start; i < start + len && all_dropped; i++)
        all_dropped = r->drop[i] != 0;
    if (all_dropped || kl_vocab_units(r->v, folded) >= r->min_units)
        return;
    memset(r->drop + start, 1, len);
    r->hits++;
}

static void count_token(const char *folded, size_t start, size_t len, void *ctx)
{
    (void)folded;
    (void)start;
    (void)len;
    (*(size_t *)ctx)++;
}

char *kl_audit_string(const char *s, const kl_vocab *vocab, size_t min_units,
                      kl_audit_counts *counts)
{
    size_t len = strlen(s);
    char *drop = kl_calloc(len + 1, 1);
    counts->strings++;
    counts->pii += mark_addresses(s, len, drop);
    counts->placeholders += mark_placeholders(s, len, drop);
    counts->pii += mark_numbers(s, len, drop);
    if (vocab) {
        struct rare_ctx r = {vocab, min_units, drop, 0};
        kl_tokens_each(s, mark_rare, &r);
        counts->rare += r.hits;
    }
    char *out = kl_privacy_keep(s, drop);
    free(drop);
    size_t tokens = 0;
    kl_tokens_each(out, count_token, &tokens);
    if (tokens == 0) {
        free(out);
        if (len > 0)
            counts->renamed++;
        return NULL;
    }
    return out;
}
