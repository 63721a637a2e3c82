/* utf8.c — decoding, display width and sanitising of untrusted text. */
#include "kleio/utf8.h"

#include <stdlib.h>
#include <string.h>

#include "kleio/buf.h"

size_t kl_utf8_decode(const char *str, size_t len, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t need;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1; v = c & 0x1F; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2; v = c & 0x0F; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3; v = c & 0x07; min = 0x10000;
    } else {
        *cp = KL_REPLACEMENT_CHAR;
        return 1;
    }
    if (len < need + 1) {
        *cp = KL_REPLACEMENT_CHAR;
        return 1;
    }
    for (size_t i = 1; i <= need; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = KL_REPLACEMENT_CHAR;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = KL_REPLACEMENT_CHAR;
        return 1;
    }
    *cp = v;
    return need + 1;
}

size_t kl_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

bool kl_utf8_valid(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = kl_utf8_decode(s + i, len - i, &cp);
        /* A genuine U+FFFD decodes from three bytes; one byte means a bad sequence. */
        if (cp == KL_REPLACEMENT_CHAR && n == 1)
            return false;
        i += n;
    }
    return true;
}

struct range { uint32_t lo, hi; };

/* Zero-width: combining marks of the common scripts, joiners, variation selectors. */
static const struct range zero_width[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF}, {0x05C1, 0x05C2},
    {0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A}, {0x064B, 0x065F}, {0x0670, 0x0670},
    {0x06D6, 0x06DC}, {0x06DF, 0x06E4}, {0x06E7, 0x06E8}, {0x06EA, 0x06ED}, {0x0900, 0x0902},
    {0x093A, 0x093A}, {0x093C, 0x093C}, {0x0941, 0x0948}, {0x094D, 0x094D}, {0x0951, 0x0957},
    {0x0962, 0x0963}, {0x0981, 0x0981}, {0x09BC, 0x09BC}, {0x09C1, 0x09C4}, {0x09CD, 0x09CD},
    {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
    {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064}, {0x20D0, 0x20FF}, {0x302A, 0x302D},
    {0x3099, 0x309A}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

/* East Asian Wide and Fullwidth, and emoji presentation. */
static const struct range wide[] = {
    {0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC}, {0x23F0, 0x23F0},
    {0x23F3, 0x23F3}, {0x25FD, 0x25FE}, {0x2614, 0x2615}, {0x2648, 0x2653}, {0x267F, 0x267F},
    {0x2693, 0x2693}, {0x26A1, 0x26A1}, {0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5},
    {0x26CE, 0x26CE}, {0x26D4, 0x26D4}, {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5},
    {0x26FA, 0x26FA}, {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B}, {0x2728, 0x2728},
    {0x274C, 0x274C}, {0x274E, 0x274E}, {0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797},
    {0x27B0, 0x27B0}, {0x27BF, 0x27BF}, {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55},
    {0x2E80, 0x303E}, {0x3041, 0x3247}, {0x3250, 0x4DBF}, {0x4E00, 0xA4CF}, {0xA960, 0xA97F},
    {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE10, 0xFE19}, {0xFE30, 0xFE6F}, {0xFF00, 0xFF60},
    {0xFFE0, 0xFFE6}, {0x16FE0, 0x16FE4}, {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF},
    {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A},
    {0x1F200, 0x1F251}, {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB},
    {0x1F90C, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

static bool in_ranges(uint32_t cp, const struct range *r, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < r[mid].lo)
            hi = mid;
        else if (cp > r[mid].hi)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

int kl_cp_width(uint32_t cp)
{
    if (cp < 0x300)
        return 1;
    if (in_ranges(cp, zero_width, sizeof zero_width / sizeof zero_width[0]))
        return 0;
    if (in_ranges(cp, wide, sizeof wide / sizeof wide[0]))
        return 2;
    return 1;
}

size_t kl_utf8_width(const char *s)
{
    size_t len = strlen(s), i = 0, w = 0;
    while (i < len) {
        uint32_t cp;
        i += kl_utf8_decode(s + i, len - i, &cp);
        w += (size_t)kl_cp_width(cp);
    }
    return w;
}

size_t kl_utf8_fit(const char *s, size_t max_cols, size_t *cols_out)
{
    size_t len = strlen(s), i = 0, w = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = kl_utf8_decode(s + i, len - i, &cp);
        int cw = kl_cp_width(cp);
        if (cw > 0 && w + (size_t)cw > max_cols)
            break;
        w += (size_t)cw;
        i += n;
    }
    if (cols_out)
        *cols_out = w;
    return i;
}

/* Bidi embeddings, overrides and isolates can reorder what surrounds them on screen. */
static bool is_bidi_control(uint32_t cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
           cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

/* Invisible format characters: zero-width space and joiners, word joiner and invisible
 * operators, the byte-order mark, line and paragraph separators, interlinear
 * annotation, the Mongolian vowel separator and tag characters. Terminals disagree on
 * their width (some give them a column, some none), so a name holding them shifts
 * every column after it; tags can hide text. They carry no meaning on a screen. */
static bool is_invisible_format(uint32_t cp)
{
    return (cp >= 0x200B && cp <= 0x200F) || cp == 0x2028 || cp == 0x2029 ||
           (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF || cp == 0x180E ||
           (cp >= 0xFFF9 && cp <= 0xFFFB) || (cp >= 0xE0000 && cp <= 0xE007F);
}

/* Skips an escape sequence starting at s[i] == ESC; returns the index after it. */
static size_t skip_escape(const char *s, size_t len, size_t i)
{
    i++; /* ESC */
    if (i >= len)
        return i;
    unsigned char c = (unsigned char)s[i];
    if (c == '[') { /* CSI: parameters and intermediates, then a final byte 0x40-0x7E */
        i++;
        while (i < len && !((unsigned char)s[i] >= 0x40 && (unsigned char)s[i] <= 0x7E))
            i++;
        return i < len ? i + 1 : i;
    }
    if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') {
        /* OSC, DCS, SOS, PM, APC: a string ended by BEL or ST (ESC \). */
        i++;
        while (i < len) {
            if (s[i] == '\a')
                return i + 1;
            if (s[i] == '\033' && i + 1 < len && s[i + 1] == '\\')
                return i + 2;
            i++;
        }
        return i;
    }
    /* Two-byte (or charset-designation) escapes. */
    if (c >= 0x20 && c <= 0x2F && i + 1 < len)
        return i + 2;
    return i + 1;
}

char *kl_sanitize(const char *s)
{
    kl_buf out = KL_BUF_INIT;
    size_t len = strlen(s), i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0x1B) {
            i = skip_escape(s, len, i);
            continue;
        }
        if (c == '\t' || c == '\n' || c == '\r') {
            kl_buf_putc(&out, ' ');
            i++;
            continue;
        }
        if (c < 0x20 || c == 0x7F) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = kl_utf8_decode(s + i, len - i, &cp);
        if (cp >= 0x80 && cp <= 0x9F) { /* C1 controls, including CSI 0x9B */
            i += n;
            continue;
        }
        if (is_bidi_control(cp) || is_invisible_format(cp)) {
            i += n;
            continue;
        }
        char enc[4];
        size_t m = kl_utf8_encode(cp, enc);
        kl_buf_append(&out, enc, m);
        i += n;
    }
    return kl_buf_steal(&out);
}

char *kl_sanitize_fit(const char *s, size_t max_cols, bool ascii)
{
    char *clean = kl_sanitize(s);
    if (kl_utf8_width(clean) <= max_cols)
        return clean;
    if (max_cols == 0) {
        clean[0] = '\0';
        return clean;
    }
    size_t cut = kl_utf8_fit(clean, max_cols - 1, NULL);
    const char *ell = ascii ? "~" : "\xE2\x80\xA6";
    kl_buf out = KL_BUF_INIT;
    kl_buf_append(&out, clean, cut);
    kl_buf_puts(&out, ell);
    free(clean);
    return kl_buf_steal(&out);
}
