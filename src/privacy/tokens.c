/* tokens.c — the one tokenizer of the privacy layers: words in scripts with spaces,
 * character bigrams in scripts without them, with the text layer's case folding and
 * character classes (textfold.h). The vocabulary check and the auditor must cut text the
 * same way, so both use this. */
#include <string.h>

#include "kleio/privacy.h"
#include "kleio/textfold.h"
#include "kleio/utf8.h"

enum cls { SEP, WORD, UNSEG };

static enum cls classify(uint32_t c)
{
    if (!kl_cp_is_word(c))
        return SEP;
    return kl_cp_is_unspaced(c) ? UNSEG : WORD;
}

#define TOKEN_MAX 256

static void emit(const char *text, size_t start, size_t end, kl_token_fn fn, void *ctx)
{
    char folded[TOKEN_MAX + 8];
    size_t k = 0;
    for (size_t i = start; i < end && k < TOKEN_MAX;) {
        uint32_t c;
        i += kl_utf8_decode(text + i, end - i, &c);
        k += kl_utf8_encode(kl_fold_lower(c), folded + k);
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
