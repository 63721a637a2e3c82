/* text.c — display-width fitting for the explorer. */
#include "kleio/tui_text.h"

#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/utf8.h"

/* The ASCII form of s: '?' for every character that is not ASCII, nothing for
 * zero-width ones. The result is never longer than s. */
static void to_ascii(const char *s, char *out)
{
    size_t len = strlen(s), o = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += kl_utf8_decode(s + i, len - i, &cp);
        if (cp < 0x80)
            out[o++] = (char)cp;
        else if (kl_cp_width(cp) > 0)
            out[o++] = '?';
    }
    out[o] = '\0';
}

int kl_tui_fit(const char *s, int max_cols, bool ascii, char *out, size_t n)
{
    char *tmp = NULL;
    if (ascii) {
        tmp = kl_malloc(strlen(s) + 1);
        to_ascii(s, tmp);
        s = tmp;
    }
    const char *ell = ascii ? "~" : "\xe2\x80\xa6";
    size_t ell_len = strlen(ell);
    out[0] = '\0';
    if (max_cols <= 0) {
        free(tmp);
        return 0;
    }
    size_t cols;
    size_t whole = kl_utf8_width(s);
    size_t cut;
    if (whole <= (size_t)max_cols) {
        cut = kl_utf8_fit(s, (size_t)max_cols, &cols);
        ell_len = 0;
    } else {
        cut = kl_utf8_fit(s, (size_t)max_cols - 1, &cols);
    }
    /* Keep room for the ellipsis and the terminator. */
    if (cut + ell_len + 1 > n) {
        cut = kl_utf8_fit(s, (size_t)max_cols, &cols);
        while (cut + ell_len + 1 > n && cut > 0 && cols > 0)
            cut = kl_utf8_fit(s, cols - 1, &cols);
    }
    memcpy(out, s, cut);
    memcpy(out + cut, ell, ell_len);
    out[cut + ell_len] = '\0';
    free(tmp);
    return (int)cols + (ell_len ? 1 : 0);
}

int kl_tui_fit_left(const char *s, int max_cols, bool ascii, char *out, size_t n)
{
    char *tmp = NULL;
    if (ascii) {
        tmp = kl_malloc(strlen(s) + 1);
        to_ascii(s, tmp);
        s = tmp;
    }
    size_t w = kl_utf8_width(s);
    if (max_cols <= 0) {
        out[0] = '\0';
        free(tmp);
        return 0;
    }
    if (w <= (size_t)max_cols) {
        int r = kl_tui_fit(s, max_cols, false, out, n);
        free(tmp);
        return r;
    }
    /* Skip leading characters until the rest fits after the ellipsis. */
    size_t len = strlen(s), i = 0;
    while (i < len && w > (size_t)max_cols - 1) {
        uint32_t cp;
        size_t k = kl_utf8_decode(s + i, len - i, &cp);
        w -= (size_t)kl_cp_width(cp);
        i += k;
        /* do not start on a combining mark */
        while (i < len) {
            size_t k2 = kl_utf8_decode(s + i, len - i, &cp);
            if (kl_cp_width(cp) != 0)
                break;
            i += k2;
        }
    }
    const char *ell = ascii ? "~" : "\xe2\x80\xa6";
    char *joined = kl_malloc(strlen(ell) + (len - i) + 1);
    strcpy(joined, ell);
    strcat(joined, s + i);
    int r = kl_tui_fit(joined, max_cols, false, out, n);
    free(joined);
    free(tmp);
    return r;
}
