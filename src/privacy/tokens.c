/* tokens.c — the one tokenizer of the privacy layers: words in scripts with spaces,
 * character bigrams in scripts without them, with simple case folding. The vocabulary
 * check and the auditor must cut text the same way, so both use this. */
#include <string.h>

#include "kleio/privacy.h"
#include "kleio/utf8.h"

enum cls { SEP, WORD, UNSEG };

static enum cls classify(uint32_t c)
{
    if (c < 0x80)
        return ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
                   ? WORD : SEP;
    if (c == 0xAA || c == 0xB5 || c == 0xBA)
        return WORD;
    if (c < 0xC0 || c == 0xD7 || c == 0xF7)
        return SEP;
    if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
        (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
        (c >= 0x0E00 && c <= 0x0EFF) || (c >= 0x1780 && c <= 0x17FF) ||
        (c >= 0x1000 && c <= 0x109F) || (c >= 0x20000 && c <= 0x2FFFF))
        return UNSEG;
    if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
        (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF0F) ||
        (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
        (c >= 0xFF5B && c <= 0xFF65) || c >= 0x1F000 || c == 0x060C || c == 0x061B ||
        c == 0x061F || c == 0x06D4 || c == 0x0589 || c == 0x055D || c == 0x0964 ||
        c == 0x0965 || c == 0x037E || c == 0x0387 || c == 0xFFFD)
        return SEP;
    return WORD;
}

static uint32_t fold(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 0x20;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 0x20;
    if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 &&
        c != 0x17F)
        return ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) ? (c % 2 ? c + 1 : c)
                                                                            : (c | 1);
    if (c >= 0x391 && c <= 0x3A9)
        return c + 0x20;
    if (c >= 0x410 && c <= 0x42F)
        return c + 0x20;
    if (c >= 0x400 && c <= 0x40F)
        return c + 0x50;
    if (c >= 0x531 && c <= 0x556)
        return c + 0x30;
    return c;
}

#define TOKEN_MAX 256

static void emit(const char *text, size_t start, size_t end, kl_token_fn fn, void *ctx)
{
    char folded[TOKEN_MAX + 8];
    size_t k = 0;
    for (size_t i = start; i < end && k < TOKEN_MAX;) {
        uint32_t c;
        i += kl_utf8_decode(text + i, end - i, &c);
        k += kl_utf8_encode(fold(c), folded + k);
    }
    folded[k] = '\0';
    fn(folded, start, end - start, ctx);
}

void kl_tokens_each(const char *text, kl_token_fn fn, void *ctx)
{
    size_t len = strlen(text);
    size_t i = 0;
    while (i < len) {
        uint32_t c;
        size_t step = kl_utf8_decode(text + i, len - i, &c);
        enum cls k = classify(c);
        if (k == SEP) {
            i += step;
            continue;
        }
        size_t start = i;
        if (k == WORD) {
            while (i < len) {
                step = kl_utf8_decode(text + i, len - i, &c);
                if (classify(c) != WORD)
                    break;
                i += step;
            }
            emit(text, start, i, fn, ctx);
            continue;
        }
        /* A run without spaces: each pair of neighbouring characters is a token (one
         * character alone when the run is that short). */
        size_t prev = i, n_chars = 0;
        i += step;
        n_chars = 1;
        while (i < len) {
            step = kl_utf8_decode(text + i, len - i, &c);
            if (classify(c) != UNSEG)
                break;
            emit(text, prev, i + step, fn, ctx);
            prev = i;
            i += step;
            n_chars++;
        }
        if (n_chars == 1)
            emit(text, start, i, fn, ctx);
    }
}
