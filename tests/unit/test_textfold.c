/* test_textfold.c — case and diacritic folding of single code points. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "kleio/privacy.h"
#include "kleio/textfold.h"
#include "kleio/tokens.h"
#include "kleio/utf8.h"

static void test_lower(void **state)
{
    (void)state;
    assert_int_equal(kl_fold_lower('A'), 'a');
    assert_int_equal(kl_fold_lower(0xC9), 0xE9);     /* É → é */
    assert_int_equal(kl_fold_lower(0x141), 0x142);   /* Ł → ł */
    assert_int_equal(kl_fold_lower(0x130), 'i');     /* İ → i */
    assert_int_equal(kl_fold_lower(0x1ECC), 0x1ECD); /* Ọ → ọ */
    assert_int_equal(kl_fold_lower(0x416), 0x436);   /* Ж → ж */
    assert_int_equal(kl_fold_lower(0x404), 0x454);   /* Є → є */
    assert_int_equal(kl_fold_lower(0x391), 0x3B1);   /* Α → α */
    assert_int_equal(kl_fold_lower(0x531), 0x561);   /* Ա → ա */
    assert_int_equal(kl_fold_lower(0xFF21), 'a');    /* fullwidth Ａ */
    assert_int_equal(kl_fold_lower(0x4E2D), 0x4E2D); /* 中 unchanged */
}

static void test_base(void **state)
{
    (void)state;
    assert_int_equal(kl_fold_base(0xC9), 'e');       /* É */
    assert_int_equal(kl_fold_base(0xF1), 'n');       /* ñ */
    assert_int_equal(kl_fold_base(0x10D), 'c');      /* č */
    assert_int_equal(kl_fold_base(0x142), 'l');      /* ł */
    assert_int_equal(kl_fold_base(0x131), 'i');      /* ı */
    assert_int_equal(kl_fold_base(0x1E62), 's');     /* Ṣ */
    assert_int_equal(kl_fold_base(0x1EB9), 'e');     /* ẹ */
    assert_int_equal(kl_fold_base(0x451), 0x435);    /* ё → е */
    assert_int_equal(kl_fold_base(0x2019), '\'');    /* ’ */
    assert_int_equal(kl_fold_base(0x201C), '"');     /* “ */
    assert_int_equal(kl_fold_base(0x2014), '-');     /* — */
    assert_int_equal(kl_fold_base(0x623), 0x627);    /* أ → ا */
    assert_int_equal(kl_fold_base(0xFF0C), ',');     /* ， */
    assert_int_equal(kl_fold_base(0xD7), 0xD7);      /* × is not a letter */
}

static void test_marks(void **state)
{
    (void)state;
    assert_true(kl_fold_is_mark(0x301));   /* combining acute */
    assert_true(kl_fold_is_mark(0x64E));   /* Arabic fatha */
    assert_true(kl_fold_is_mark(0x200B));  /* zero-width space */
    assert_false(kl_fold_is_mark(0xE34));  /* Thai vowel sign: spells the word */
    assert_false(kl_fold_is_mark('a'));
}

/* One set of classes: digits continue words but are not letters, script punctuation
 * separates words, unspaced scripts are words too. */
static void test_classes(void **state)
{
    (void)state;
    assert_true(kl_cp_is_word('7') && !kl_cp_is_letter('7'));
    assert_true(kl_cp_is_word(0x663) && !kl_cp_is_letter(0x663));     /* Arabic-Indic 3 */
    assert_true(kl_cp_is_letter(0x1EB9) && kl_cp_is_letter(0x3B1));   /* ẹ, α */
    assert_false(kl_cp_is_word(0x60C));                                /* Arabic comma */
    assert_false(kl_cp_is_word(0x589));                                /* Armenian full stop */
    assert_false(kl_cp_is_word(0x1F600));                              /* emoji */
    assert_true(kl_cp_is_word(0x20000) && kl_cp_is_unspaced(0x20000)); /* CJK ext B */
    assert_true(kl_cp_is_unspaced(0xFF71) && !kl_cp_is_unspaced('a')); /* halfwidth kana */
    assert_int_equal(kl_fold_lower(0xFF13), '3');                      /* fullwidth digit */
}

struct collected { char words[8][32]; int n; };

static void collect(const char *tok, size_t at, size_t len, void *ctx)
{
    (void)at;
    (void)len;
    struct collected *c = ctx;
    if (c->n < 8)
        strncpy(c->words[c->n++], tok, 31);
}

/* The embedding tokenizer and the privacy tokenizer cut and fold the same words. */
static void test_tokenizers_agree(void **state)
{
    (void)state;
    const char *text = "ΑΘΗΝΑ،Ẹ̀KỌ́ Ｒｅｐｏｒｔ２";
    kl_tokens t = KL_TOKENS_INIT;
    kl_tokenize(text, &t);
    struct collected c = {.n = 0};
    kl_tokens_each(text, collect, &c);
    assert_int_equal((int)t.n_words, c.n);
    for (int w = 0; w < c.n; w++) {
        char buf[64];
        size_t k = 0;
        for (uint32_t i = 0; i < t.words[w].len; i++) {
            k += kl_utf8_encode(t.cp[t.words[w].start + i], buf + k);
        }
        buf[k] = 0;
        assert_string_equal(buf, c.words[w]);
    }
    assert_string_equal(c.words[0], "αθηνα");
    assert_string_equal(c.words[1], "ẹ̀kọ́");
    assert_string_equal(c.words[2], "report2");
    kl_tokens_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lower),
        cmocka_unit_test(test_base),
        cmocka_unit_test(test_marks),
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_tokenizers_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
