/* token_features.c — the hashed lexical features of tokenized text (tokens.h), shared by
 * the lexical embeddings (embed/features.c) and the sparse rows that name clusters
 * (cluster/sparse_text.c), so that both cut and hash text the same way. */
#include <string.h>

#include "kleio/rng.h"
#include "kleio/tokens.h"

const char *kl_text_gloss(const char *text)
{
    return text ? strstr(text, KL_GLOSS_SEPARATOR) : NULL;
}

static uint64_t hash_cps(const uint32_t *cp, size_t len, uint64_t h)
{
    for (size_t i = 0; i < len; i++)
        h = kl_mix64(h ^ cp[i]);
    return kl_mix64(h ^ len);
}

void kl_token_features(const kl_tokens *t, const kl_feature_opts *o, kl_feature_fn fn, void *ctx)
{
    uint64_t prev = 0;
    bool have_prev = false;
    for (size_t w = 0; w < t->n_words; w++) {
        const uint32_t *cp = t->cp + t->words[w].start;
        size_t len = t->words[w].len;
        size_t plen = len + 2;   /* the word padded with a space at each end */
        for (size_t st = 0; o->char_max > 0 && st < plen; st++) {
            uint64_t h = o->char_seed;
            for (int m = 1; m <= o->char_max && st + (size_t)m <= plen; m++) {
                size_t at = st + (size_t)m - 1;
                h = kl_mix64(h ^ ((at == 0 || at == plen - 1) ? ' ' : cp[at - 1]));
                if (m >= o->char_min)
                    fn(ctx, KL_FEATURE_CHAR, h);
            }
        }
        if (t->words[w].nospace) {   /* character bigrams stand in for words */
            for (size_t i = 0; i + 1 < len || (len == 1 && i == 0); i++)
                fn(ctx, KL_FEATURE_WORD, hash_cps(cp + i, len == 1 ? 1 : 2, 0x77ULL));
            have_prev = false;
            continue;
        }
        uint64_t h = hash_cps(cp, len, 0x776f7264ULL);
        if (!(o->stopwords && kl_token_is_stopword(cp, len)))
            fn(ctx, KL_FEATURE_WORD, h);
        if (o->bigrams && have_prev)
            fn(ctx, KL_FEATURE_BIGRAM, kl_mix64(prev * 31 + h));
        prev = h;
        have_prev = true;
    }
}
