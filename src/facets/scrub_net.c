/* scrub_net.c — e-mail addresses, URLs and IP addresses. */
#include <string.h>

#include "scrub_scan.h"
#include "textfold.h"

static bool ascii_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool hexdig(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* A domain label character: ASCII alnum, '-', or any non-ASCII letter (IDN). */
static size_t domain_char(const char *s, size_t n, size_t i)
{
    if (ascii_alnum(s[i]) || s[i] == '-')
        return 1;
    if ((unsigned char)s[i] >= 0x80) {
        size_t len;
        uint32_t cp = kl_cp_at(s, n, i, &len);
        if (kl_cp_is_letter(cp) && !kl_cp_is_unspaced(cp))
            return len;
    }
    return 0;
}

/* Scans a dotted domain from i; returns its end (trailing dot excluded) and whether it
 * has at least two labels with an alphabetic top-level label of two or more letters. */
static size_t scan_domain(const char *s, size_t n, size_t i, bool *ok)
{
    size_t end = i, last_label = i, labels = 0;
    *ok = false;
    while (i < n) {
        size_t label = i, k;
        while (i < n && (k = domain_char(s, n, i)) > 0)
            i += k;
        if (i == label)
            break;
        labels++;
        last_label = label;
        end = i;
        if (i + 1 < n && s[i] == '.' && domain_char(s, n, i + 1))
            i++;
        else
            break;
    }
    if (labels >= 2 && end - last_label >= 2) {
        *ok = true;
        for (size_t k = last_label; k < end; k++)
            if (s[k] >= '0' && s[k] <= '9')
                *ok = false;
    }
    return end;
}

bool kl_scan_email(const char *s, size_t n, size_t pos, kl_scrub_hit *h)
{
    size_t i = pos;
    while (i < n && (ascii_alnum(s[i]) || strchr("._%+-'", s[i]) ||
                     ((unsigned char)s[i] >= 0x80 && domain_char(s, n, i))))
        i += (unsigned char)s[i] >= 0x80 ? domain_char(s, n, i) : 1;
    if (i == pos || i >= n || s[i] != '@' || s[pos] == '.')
        return false;
    bool ok;
    size_t end = scan_domain(s, n, i + 1, &ok);
    if (!ok)
        return false;
    *h = (kl_scrub_hit){pos, end, 0, 0, KL_PII_EMAIL};
    return true;
}

/* Where a URL stops: white space, quotes and angle brackets, and non-ASCII punctuation. */
static bool url_char(const char *s, size_t n, size_t i, size_t *len)
{
    unsigned char c = (unsigned char)s[i];
    *len = 1;
    if (c < 0x80)
        return c > ' ' && c != '"' && c != '<' && c != '>' && c != '`' && c != 0x7F;
    uint32_t cp = kl_cp_at(s, n, i, len);
    return kl_cp_is_letter(cp);
}

bool kl_scan_url(const char *s, size_t n, size_t pos, kl_scrub_hit *h)
{
    static const char *const schemes[] = {"https://", "http://", "ftp://", "www.", NULL};
    size_t head = 0;
    for (int k = 0; schemes[k] && !head; k++)
        head = kl_fold_match(s + pos, n - pos, schemes[k]);
    if (!head)
        return false;
    bool www = s[pos + head - 1] == '.';
    size_t hoststart = www ? pos : pos + head;
    size_t end = pos + head, len;
    while (end < n && url_char(s, n, end, &len))
        end += len;
    /* Trailing punctuation belongs to the sentence, as does an unbalanced bracket. */
    while (end > pos + head && strchr(".,;:!?'*", s[end - 1]))
        end--;
    while (end > pos + head && strchr(")]}", s[end - 1])) {
        char open = s[end - 1] == ')' ? '(' : s[end - 1] == ']' ? '[' : '{';
        size_t opens = 0, closes = 0;
        for (size_t k = pos; k < end; k++) {
            opens += s[k] == open;
            closes += s[k] == s[end - 1];
        }
        if (closes <= opens)
            break;
        end--;
        while (end > pos + head && strchr(".,;:!?'*", s[end - 1]))
            end--;
    }
    /* Authority: up to the first '/', '?' or '#'; user info before an '@' is personal. */
    size_t auth_end = hoststart;
    while (auth_end < end && s[auth_end] != '/' && s[auth_end] != '?' && s[auth_end] != '#')
        auth_end++;
    size_t host = hoststart;
    for (size_t k = hoststart; k < auth_end; k++)
        if (s[k] == '@')
            host = k + 1;
    bool ok;
    size_t host_end = scan_domain(s, n, host, &ok);
    if (host_end == host || host_end > auth_end)
        return false;
    if (!ok && !(host_end > host && s[host] >= '0' && s[host] <= '9'))
        return false;
    bool userinfo = host != hoststart;
    size_t rest = auth_end;
    if (rest < end && s[rest] == '/')
        rest++;
    if (rest >= end && !userinfo)
        return false;                     /* a bare host says nothing about anyone */
    *h = (kl_scrub_hit){www ? pos : hoststart, end, host, rest, KL_PII_URL};
    return true;
}

static size_t scan_octet(const char *s, size_t n, size_t i, int *val)
{
    size_t k = 0;
    int v = 0;
    while (i + k < n && k < 3 && s[i + k] >= '0' && s[i + k] <= '9')
        v = v * 10 + (s[i + k++] - '0');
    *val = v;
    return k;
}

static bool scan_ipv4(const char *s, size_t n, size_t pos, kl_scrub_hit *h)
{
    size_t i = pos;
    for (int part = 0; part < 4; part++) {
        int v;
        size_t k = scan_octet(s, n, i, &v);
        if (k == 0 || v > 255)
            return false;
        i += k;
        if (part < 3) {
            if (i >= n || s[i] != '.')
                return false;
            i++;
        }
    }
    if (i < n && (ascii_alnum(s[i]) || (s[i] == '.' && i + 1 < n && ascii_alnum(s[i + 1]))))
        return false;
    if (pos > 0 && s[pos - 1] == '.')
        return false;
    if (i + 1 < n && s[i] == '/' && s[i + 1] >= '0' && s[i + 1] <= '9') {  /* CIDR */
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
    }
    *h = (kl_scrub_hit){pos, i, 0, 0, KL_PII_IP};
    return true;
}

static bool scan_ipv6(const char *s, size_t n, size_t pos, kl_scrub_hit *h)
{
    size_t i = pos, groups = 0, long_groups = 0, gaps = 0;
    bool has_digit = false;
    while (i < n) {
        size_t k = 0;
        while (i + k < n && k < 5 && hexdig(s[i + k])) {
            has_digit |= s[i + k] >= '0' && s[i + k] <= '9';
            k++;
        }
        if (k > 4)
            return false;
        if (k) {
            groups++;
            long_groups += k >= 3;
            i += k;
        }
        if (i < n && s[i] == ':') {
            if (i + 1 < n && s[i + 1] == ':') {
                if (gaps++)
                    return false;
                i += 2;
            } else if (k) {
                i++;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    while (i > pos && s[i - 1] == ':' && !(i >= 2 && s[i - 2] == ':'))
        i--;                                  /* "fe80::1:" at a sentence end */
    if (i < n && (ascii_alnum(s[i]) || s[i] == ':'))
        return false;
    bool full = groups == 8 && !gaps;
    bool compressed = gaps == 1 && groups >= 2 && groups <= 7 && long_groups >= 1;
    if (!(full || compressed) || !has_digit)
        return false;
    *h = (kl_scrub_hit){pos, i, 0, 0, KL_PII_IP};
    return true;
}

bool kl_scan_ip(const char *s, size_t n, size_t pos, kl_scrub_hit *h)
{
    if (s[pos] >= '0' && s[pos] <= '9' && scan_ipv4(s, n, pos, h))
        return true;
    return (hexdig(s[pos]) || s[pos] == ':') && scan_ipv6(s, n, pos, h);
}
