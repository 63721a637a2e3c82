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
    size_t end = i, last_label = i, labels = 0, start = i;
    *ok = false;
    while (i < n && i - start < 255) {                /* RFC 1035: at most 255 bytes */
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
    while (i < n && i - pos < 64 && (ascii_alnum(s[i]) || (s[i] && strchr("._%+-'", s[i])) ||
                     ((unsigned char)s[i] >= 0x80 && domain_char(s, n, i))))
        i += (unsigned char)s[i] >= 0x80 ? domain_char(s, n, i) : 1;
    if (i == pos || i >= n || s[i] != '@' || s[pos] == '.')
        return false;
    bool ok;
    size_t end = scan_domain(s, n, i + 1, &ok);
    if (!ok)
        return false;
    *h = (kl_scrub_hit){pos, end, 0, 0, KL_SCRUB_EMAIL};
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

/* Sites whose first path segment is a person ("github.com/jsmith"). */
static const char *const profile_hosts[] = {
    "facebook.com", "fb.com", "instagram.com", "twitter.com", "x.com", "linkedin.com",
    "github.com", "gitlab.com", "tiktok.com", "youtube.com", "vk.com", "t.me", "medium.com",
    "reddit.com", "pinterest.com", "snapchat.com", "wa.me", "threads.net", "bsky.app",
    "mastodon.social", "onlyfans.com", "patreon.com", "twitch.tv", "soundcloud.com",
    "flickr.com", "tumblr.com", "ok.ru", "telegram.me", "about.me", "behance.net", NULL};
/* Path segments after which comes a person or an account. */
static const char *const profile_segments[] = {
    "user", "users", "u", "profile", "profiles", "people", "member", "members", "in", "author",
    "authors", "account", "accounts", "id", "customer", "customers", "patient", "patients", NULL};
/* File extensions: "re.html" is a document, "maria.lopez" a person. */
static const char *const extensions[] = {
    "html", "htm", "php", "asp", "aspx", "jsp", "pdf", "png", "jpg", "jpeg", "gif", "svg", "webp",
    "js", "css", "txt", "md", "json", "xml", "csv", "zip", "gz", "tar", "py", "rs", "go", "c",
    "h", "cpp", "java", "rb", "sh", "yml", "yaml", "toml", "ipynb", "mp3", "mp4", "doc", "docx",
    "xls", "xlsx", "ppt", "pptx", "exe", "dmg", "deb", "rpm", "io", "org", "com", "net", NULL};

static bool in_words(const char *w, size_t len, const char *const *list)
{
    for (size_t k = 0; list[k]; k++)
        if (strlen(list[k]) == len && kl_fold_match(w, len, list[k]) == len)
            return true;
    return false;
}

static bool profile_host(const char *s, size_t host, size_t host_end)
{
    for (size_t k = 0; profile_hosts[k]; k++) {
        size_t l = strlen(profile_hosts[k]);
        if (host_end - host < l || kl_fold_match(s + host_end - l, l, profile_hosts[k]) != l)
            continue;
        if (host_end - host == l || s[host_end - l - 1] == '.')
            return true;
    }
    return false;
}

/* Does one path segment carry a person or a secret? */
static bool personal_segment(const char *seg, size_t len, bool after_profile)
{
    if (len == 0)
        return false;
    if (after_profile || seg[0] == '~' || memchr(seg, '@', len))
        return true;
    size_t digits = 0, letters = 0, joins = 0, last_dot = len;
    for (size_t k = 0; k < len; k++) {
        char c = seg[k];
        digits += c >= '0' && c <= '9';
        letters += ((c | 32) >= 'a' && (c | 32) <= 'z') || (unsigned char)c >= 0x80;
        if (c == '.' || c == '_') {
            joins++;
            if (c == '.')
                last_dot = k;
        }
    }
    if (digits >= 5 || (len >= 16 && digits && letters))
        return true;                       /* ids, numbers, tokens */
    if (joins && digits == 0 && (last_dot == len || !in_words(seg + last_dot + 1, len - last_dot - 1, extensions)))
        return true;                       /* "maria.lopez", "john_smith" */
    return false;
}

/* Query keys that carry a person or a secret. */
static const char *const personal_keys[] = {
    "email", "mail", "e-mail", "user", "username", "login", "name", "first", "last", "token",
    "access_token", "key", "apikey", "api_key", "session", "sid", "auth", "password", "pass",
    "pwd", "phone", "tel", "mobile", "id", "uid", "userid", "user_id", "account", "code", "ssn",
    "address", "signature", "sig", NULL};

/* A query carries someone when a key says so, or a value is long or numeric enough to be
 * an id or a token ("?ref=10" is neither). */
static bool personal_query(const char *s, size_t from, size_t end)
{
    for (size_t i = from; i < end;) {
        size_t eq = i, amp;
        while (eq < end && s[eq] != '=' && s[eq] != '&' && s[eq] != '#')
            eq++;
        amp = eq;
        while (amp < end && s[amp] != '&' && s[amp] != '#')
            amp++;
        if (eq < amp && s[eq] == '=') {
            if (in_words(s + i, eq - i, personal_keys) || personal_segment(s + eq + 1, amp - eq - 1, false) ||
                memchr(s + eq + 1, '@', amp - eq - 1) || memchr(s + eq + 1, '%', amp - eq - 1))
                return true;
            size_t digits = 0;
            for (size_t k = eq + 1; k < amp; k++)
                digits += s[k] >= '0' && s[k] <= '9';
            if (digits >= 4 || amp - eq - 1 >= 12)
                return true;
        }
        if (amp >= end || s[amp] == '#')
            break;
        i = amp + 1;
    }
    return false;
}

/* Whether the part of a URL after its host names someone or carries a token. */
static bool personal_path(const char *s, size_t from, size_t end, bool profile)
{
    size_t path_end = from;
    while (path_end < end && s[path_end] != '?' && s[path_end] != '#')
        path_end++;
    if (path_end < end && s[path_end] == '?' && personal_query(s, path_end + 1, end))
        return true;
    if (profile && path_end > from)
        return true;
    bool after_profile = false;
    for (size_t i = from; i < path_end;) {
        size_t j = i;
        while (j < path_end && s[j] != '/')
            j++;
        if (personal_segment(s + i, j - i, after_profile))
            return true;
        after_profile = in_words(s + i, j - i, profile_segments);
        i = j + 1;
    }
    return false;
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
    while (end < n && end - pos < 2048 && url_char(s, n, end, &len))
        end += len;
    /* Trailing punctuation belongs to the sentence, as does an unbalanced bracket. */
    while (end > pos + head && (s[end - 1] && strchr(".,;:!?'*", s[end - 1])))
        end--;
    while (end > pos + head && (s[end - 1] && strchr(")]}", s[end - 1]))) {
        char open = s[end - 1] == ')' ? '(' : s[end - 1] == ']' ? '[' : '{';
        size_t opens = 0, closes = 0;
        for (size_t k = pos; k < end; k++) {
            opens += s[k] == open;
            closes += s[k] == s[end - 1];
        }
        if (closes <= opens)
            break;
        end--;
        while (end > pos + head && (s[end - 1] && strchr(".,;:!?'*", s[end - 1])))
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
    if (!userinfo && (rest >= end || !personal_path(s, rest, end, profile_host(s, host, host_end))))
        return false;                     /* a host, or a document on it, names no one */
    *h = (kl_scrub_hit){www ? pos : hoststart, end, host, rest, KL_SCRUB_URL};
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
    *h = (kl_scrub_hit){pos, i, 0, 0, KL_SCRUB_IP};
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
    *h = (kl_scrub_hit){pos, i, 0, 0, KL_SCRUB_IP};
    return true;
}

bool kl_scan_ip(const char *s, size_t n, size_t pos, kl_scrub_hit *h)
{
    if (s[pos] >= '0' && s[pos] <= '9' && scan_ipv4(s, n, pos, h))
        return true;
    return (hexdig(s[pos]) || s[pos] == ':') && scan_ipv6(s, n, pos, h);
}
