/* textfold.c — simple case folding, letter classes and word boundaries over UTF-8. */
#include "textfold.h"

#include <string.h>

#include "kleio/utf8.h"

uint32_t kl_fold_cp(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
        return cp + 32;
    if (cp >= 0x100 && cp <= 0x17F) {
        if (cp == 0x130)
            return 'i';
        if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
            return (cp & 1) ? cp + 1 : cp;
        if (cp == 0x178)
            return 0xFF;
        if (cp == 0x131 || cp == 0x138 || cp == 0x149 || cp == 0x17F)
            return cp;
        return (cp & 1) ? cp : cp + 1;
    }
    if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2)
        return cp + 32;
    if (cp >= 0x400 && cp <= 0x40F)
        return cp + 80;
    if (cp >= 0x410 && cp <= 0x42F)
        return cp + 32;
    if (cp >= 0x460 && cp <= 0x4FF && !(cp >= 0x482 && cp <= 0x489))
        return (cp & 1) ? cp : cp + 1;
    if (cp >= 0x531 && cp <= 0x556)
        return cp + 48;
    return cp;
}

bool kl_cp_is_upper(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    if (cp == 0x130)
        return true;
    return kl_fold_cp(cp) != cp;
}

bool kl_cp_is_letter(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (cp < 0xC0)
        return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
    if (cp == 0xD7 || cp == 0xF7)
        return false;
    if (cp >= 0x2000 && cp <= 0x2BFF)        /* punctuation, symbols, arrows, shapes */
        return false;
    if (cp >= 0x3000 && cp <= 0x303F)        /* CJK punctuation */
        return false;
    if (cp >= 0xFF00 && cp <= 0xFF20)        /* fullwidth punctuation and digits */
        return false;
    if (cp >= 0xFE30 && cp <= 0xFE6F)
        return false;
    if (cp >= 0x1F000)                       /* emoji and pictographs */
        return false;
    switch (cp) {
    case 0x55A: case 0x55B: case 0x55C: case 0x55D: case 0x55E: case 0x55F: case 0x589:
    case 0x60C: case 0x61B: case 0x61F: case 0x66A: case 0x66B: case 0x66C: case 0x6D4:
    case 0x964: case 0x965: case 0x10FB: case 0xE2F: case 0xE5A: case 0xE5B:
    case KL_REPLACEMENT_CHAR:
        return false;
    default:
        break;
    }
    if (cp >= 0x660 && cp <= 0x669)          /* Arabic-Indic digits */
        return false;
    if (cp >= 0x966 && cp <= 0x96F)          /* Devanagari digits */
        return false;
    return true;
}

bool kl_cp_is_unspaced(uint32_t cp)
{
    return (cp >= 0x0E00 && cp <= 0x0EFF) ||   /* Thai, Lao */
           (cp >= 0x1000 && cp <= 0x109F) ||   /* Myanmar */
           (cp >= 0x1780 && cp <= 0x17FF) ||   /* Khmer */
           (cp >= 0x3040 && cp <= 0x30FF) ||   /* kana */
           (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF66 && cp <= 0xFF9F) ||
           (cp >= 0x20000 && cp <= 0x2FFFF);
}

uint32_t kl_cp_before(const char *s, size_t pos, size_t *start)
{
    if (pos == 0) {
        if (start)
            *start = 0;
        return 0;
    }
    size_t i = pos - 1;
    while (i > 0 && pos - i < 4 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    uint32_t cp;
    size_t got = kl_utf8_decode(s + i, pos - i, &cp);
    if (i + got != pos) {                     /* broken sequence: treat the byte alone */
        i = pos - 1;
        cp = KL_REPLACEMENT_CHAR;
    }
    if (start)
        *start = i;
    return cp;
}

uint32_t kl_cp_at(const char *s, size_t n, size_t pos, size_t *len)
{
    if (pos >= n) {
        if (len)
            *len = 0;
        return 0;
    }
    uint32_t cp;
    size_t got = kl_utf8_decode(s + pos, n - pos, &cp);
    if (len)
        *len = got;
    return cp;
}

static bool word_char(uint32_t cp)
{
    return kl_cp_is_letter(cp) || (cp >= '0' && cp <= '9');
}

bool kl_word_start(const char *s, size_t n, size_t pos)
{
    uint32_t prev = kl_cp_before(s, pos, NULL);
    if (!prev || !word_char(prev) || kl_cp_is_unspaced(prev))
        return true;
    return kl_cp_is_unspaced(kl_cp_at(s, n, pos, NULL));
}

bool kl_word_end(const char *s, size_t n, size_t pos)
{
    if (pos >= n)
        return true;
    uint32_t next = kl_cp_at(s, n, pos, NULL);
    if (!word_char(next) || kl_cp_is_unspaced(next))
        return true;
    uint32_t prev = kl_cp_before(s, pos, NULL);
    return prev && kl_cp_is_unspaced(prev);
}

size_t kl_fold_match(const char *s, size_t n, const char *pat)
{
    return kl_fold_match_n(s, n, pat, strlen(pat));
}

size_t kl_fold_match_n(const char *s, size_t n, const char *pat, size_t plen)
{
    size_t i = 0;
    const char *p = pat;
    const char *pend = pat + plen;
    while (p < pend) {
        if (*p == ' ') {
            if (i >= n || (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r'))
                return 0;
            while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
                i++;
            p++;
            continue;
        }
        if (i >= n)
            return 0;
        uint32_t pc, sc;
        p += kl_utf8_decode(p, (size_t)(pend - p), &pc);
        size_t got = kl_utf8_decode(s + i, n - i, &sc);
        if (kl_fold_cp(sc) != pc && !(pc == '\'' && (sc == 0x2019 || sc == 0x2BC)))
            return 0;
        i += got;
    }
    return i;
}
