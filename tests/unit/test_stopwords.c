/* test_stopwords.c — request-frame words are recognised in several languages, topical
 * words are not; grammar-only n-grams of unspaced scripts are recognised. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kleio/stopwords.h"
#include "kleio/tokens.h"

/* Tokenizes text and asks about its first word (or all of it as one n-gram). */
static bool frame(const char *text, bool ngram)
{
    kl_tokens t = KL_TOKENS_INIT;
    kl_tokenize(text, &t);
    assert_true(t.n_words >= 1);
    const kl_word *w = &t.words[0];
    bool r = ngram ? kl_stopword_is_frame_ngram(t.cp + w->start, w->len)
                   : kl_stopword_is_frame(t.cp + w->start, w->len);
    kl_tokens_free(&t);
    return r;
}

static void test_frame_words(void **state)
{
    (void)state;
    const char *yes[] = {"Puedes", "necesito", "pouvez", "Помоги", "мені", "lütfen", "ساعدني",
                         "कृपया", "օգնիր", "დამეხმარე", "asseblief", "please"};
    for (size_t k = 0; k < sizeof yes / sizeof *yes; k++) {
        if (!frame(yes[k], false))
            print_error("not a frame word: %s\n", yes[k]);
        assert_true(frame(yes[k], false));
    }
    const char *no[] = {"python", "receta", "résumé", "вирус", "वायरस", "malware", "recipe"};
    for (size_t k = 0; k < sizeof no / sizeof *no; k++)
        assert_false(frame(no[k], false));
}

/* Openers, pronouns and auxiliaries of the languages with a table since names were read
 * on multilingual data: each word is recognised, the topic words beside it are not. */
static void test_frame_words_more_languages(void **state)
{
    (void)state;
    const char *yes[] = {
        "Wie", "kann", "ich", "Können", "Sie", "mir",          /* de */
        "Cuáles", "puedo", "dónde",                             /* es */
        "Jak", "mogę", "czy", "napisz",                         /* pl */
        "Pouvez", "puis", "écrivez",                            /* fr */
        "Posso", "potresti", "della", "scrivi",                 /* it */
        "Hoe", "kan", "ik", "mijn",                             /* nl */
        "как", "мне", "создай",                                 /* ru */
        "mo", "ni", "ṣe", "bawo",                               /* yo */
        "어떻게", "방법은",                                      /* ko */
        "hvordan", "korleis", "hur", "bagaimana", "kaip", "kako", "қалай",
    };
    for (size_t k = 0; k < sizeof yes / sizeof *yes; k++) {
        if (!frame(yes[k], false))
            print_error("not a frame word: %s\n", yes[k]);
        assert_true(frame(yes[k], false));
    }
    /* English topic words left out of other languages' tables, and topics. */
    const char *no[] = {"son", "ai", "war", "bet", "Schadsoftware", "złośliwe", "heroína",
                        "vaccino", "oogun", "бомба", "악성코드", "computer"};
    for (size_t k = 0; k < sizeof no / sizeof *no; k++) {
        if (frame(no[k], false))
            print_error("a frame word: %s\n", no[k]);
        assert_false(frame(no[k], false));
    }
}

/* Words of one language that are English topic words elsewhere: frames only where the
 * document's language is known to be that one. */
static void test_frame_in_language(void **state)
{
    (void)state;
    static const struct { const char *word, *lang; bool frame; } c[] = {
        {"man", "de", true}, {"man", NULL, false}, {"man", "en", false},
        {"fun", "yo", true}, {"fun", NULL, false}, {"ai", "fr", true}, {"ai", "en", false},
        {"war", "de", true}, {"war", "en", false}, {"kann", NULL, true}, {"kann", "en", true},
    };
    for (size_t k = 0; k < sizeof c / sizeof *c; k++) {
        kl_tokens t = KL_TOKENS_INIT;
        kl_tokenize(c[k].word, &t);
        bool r = kl_stopword_is_frame_in(t.cp, t.words[0].len, c[k].lang);
        kl_tokens_free(&t);
        if (r != c[k].frame)
            print_error("%s in %s: %d\n", c[k].word, c[k].lang ? c[k].lang : "?", r);
        assert_true(r == c[k].frame);
    }
}

static void test_frame_ngrams(void **state)
{
    (void)state;
    assert_true(frame("ください", true));
    assert_true(frame("请帮我", true));
    assert_false(frame("レシピ", true));
    assert_false(frame("数据库", true));
    assert_false(frame("ウイルス", true));
    assert_true(frame("ウイルスを", true));       /* a particle at its edge */
    assert_true(frame("を使", true));
    assert_true(frame("方法", true));            /* Han request frames, matched whole */
    assert_true(frame("编写", true));
    assert_false(frame("法律", true));           /* 法 alone is law */
    assert_true(frame("อย่าง", true));           /* Thai inside "how" */
    assert_false(frame("ยาเสพติด", true));       /* drugs */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frame_words),
        cmocka_unit_test(test_frame_words_more_languages),
        cmocka_unit_test(test_frame_in_language),
        cmocka_unit_test(test_frame_ngrams),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
