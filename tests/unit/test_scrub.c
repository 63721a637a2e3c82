/* test_scrub.c — kl_scrub: every detail type in several languages and scripts, check
 * digits that must fail, ordinary sentences that must come out unchanged, and garbage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kleio/rng.h"
#include "kleio/scrub.h"
#include "kleio/utf8.h"

typedef struct pair {
    const char *in, *out;
} pair;

static void check_pairs(const pair *p, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        char *got = kl_scrub_str(p[k].in);
        if (strcmp(got, p[k].out) != 0)
            print_error("in:   %s\nwant: %s\ngot:  %s\n", p[k].in, p[k].out, got);
        assert_string_equal(got, p[k].out);
        free(got);
    }
}

#define CHECK(table) check_pairs(table, sizeof table / sizeof *table)

static void test_email(void **state)
{
    (void)state;
    static const pair t[] = {
        {"write to john.doe+test@example.co.uk today", "write to [EMAIL] today"},
        {"Mi correo es maría.garcía@correo.es.", "Mi correo es [EMAIL]."},
        {"почта: ivan_petrov84@mail.ru", "почта: [EMAIL]"},
        {"邮箱是wang@qq.com，谢谢", "邮箱是[EMAIL]，谢谢"},
    };
    CHECK(t);
}

static void test_phone(void **state)
{
    (void)state;
    static const pair t[] = {
        {"call +1 (555) 123-4567 now", "call [PHONE] now"},
        {"Call me at 555-123-4567.", "Call me at [PHONE]."},
        {"ring +44 20 7946 0958", "ring [PHONE]"},
        {"mon portable : 06 12 34 56 78", "mon portable : [PHONE]"},
        {"звоните +7 912 345-67-89", "звоните [PHONE]"},
        {"電話は090-1234-5678です", "電話は[PHONE]です"},
        {"telefone (11) 91234-5678", "telefone [PHONE]"},
        {"my phone is 612 345 678", "my phone is [PHONE]"},
        {"Telefon: 030 12345678", "Telefon: [PHONE]"},
        {"제 번호는 010-1234-5678입니다", "제 번호는 [PHONE]입니다"},
    };
    CHECK(t);
}

static void test_url(void **state)
{
    (void)state;
    static const pair t[] = {
        {"see https://github.com/jsmith/private-repo?token=abc123", "see https://github.com/[URL]"},
        {"my profile www.facebook.com/maria.lopez.77.", "my profile www.facebook.com/[URL]."},
        {"log in at https://admin:hunter2@intranet.example.org/panel",
         "log in at https://intranet.example.org/[URL]"},
        {"see https://example.com/users/maria.lopez now", "see https://example.com/[URL] now"},
        {"https://shop.example/track?order=12345&email=a", "https://shop.example/[URL]"},
        {"reset: https://example.com/reset/8f14e45fceea167a5a36dedd4bea2543",
         "reset: https://example.com/[URL]"},
        {"https://blog.example/authors/john_smith", "https://blog.example/[URL]"},
        /* A document names no one: kept, so the request keeps its topic. */
        {"(docs at https://docs.python.org/3/library/re.html)", "(docs at https://docs.python.org/3/library/re.html)"},
        {"buy at https://cheap-watches.example/buy-now", "buy at https://cheap-watches.example/buy-now"},
        {"the site https://example.com is down", "the site https://example.com is down"},
        {"https://casino.example/?ref=10 wins", "https://casino.example/?ref=10 wins"},
    };
    CHECK(t);
}

static void test_ip(void **state)
{
    (void)state;
    static const pair t[] = {
        {"my server 192.168.1.20 refuses ssh", "my server [IP] refuses ssh"},
        {"block 10.0.0.0/8 please", "block [IP] please"},
        {"host fe80::1ff:fe23:4567:890a here", "host [IP] here"},
        {"2001:0db8:85a3:0000:0000:8a2e:0370:7334", "[IP]"},
    };
    CHECK(t);
}

static void test_card_iban(void **state)
{
    (void)state;
    static const pair t[] = {
        {"card 4111 1111 1111 1111 exp", "card [CARD] exp"},
        {"tarjeta 5500-0000-0000-0004", "tarjeta [CARD]"},
        {"amex 378282246310005.", "amex [CARD]."},
        {"IBAN GB82 WEST 1234 5698 7654 32 thanks", "IBAN [IBAN] thanks"},
        {"Konto DE89370400440532013000", "Konto [IBAN]"},
        {"virement FR14 2004 1010 0505 0001 3M02 606", "virement [IBAN]"},
    };
    CHECK(t);
}

static void test_ids(void **state)
{
    (void)state;
    static const pair t[] = {
        {"SSN 123-45-6789.", "SSN [ID]."},
        {"mi DNI es 12345678Z", "mi DNI es [ID]"},
        {"NIE X1234567L", "NIE [ID]"},
        {"CPF 529.982.247-25", "CPF [ID]"},
        {"身份证11010519491231002X", "身份证[ID]"},
        {"TC kimlik 10000000146", "TC kimlik [ID]"},
        {"PESEL 44051401359", "PESEL [ID]"},
        {"codice fiscale RSSMRA85T10A562S", "codice fiscale [ID]"},
        {"NI number AB 12 34 56 C", "NI number [ID]"},
        {"паспорт 4510 123456", "паспорт [ID]"},
        {"passport number X12345678", "passport number [ID]"},
    };
    CHECK(t);
}

static void test_address(void **state)
{
    (void)state;
    static const pair t[] = {
        {"I live at 12 Maple Street, Springfield, IL 62704.", "I live at [ADDRESS]."},
        {"Send it to 221B Baker Street please", "Send it to [ADDRESS] please"},
        {"Vivo en Calle Mayor 5, Madrid.", "Vivo en [ADDRESS]."},
        {"j'habite 10 rue de Rivoli", "j'habite [ADDRESS]"},
        {"живу: ул. Ленина, д. 5", "живу: [ADDRESS]"},
        {"Wohnung in der Hauptstraße 5", "Wohnung in der [ADDRESS]"},
        {"Adres: Atatürk Caddesi No: 5", "Adres: [ADDRESS]"},
        {"Rua Augusta, 100", "[ADDRESS]"},
        {"Կենտրոն, Աբովյան փողոց 5", "Կենտրոն, [ADDRESS]"},
        {"მისამართი: რუსთაველის გამზირი 12", "მისამართი: [ADDRESS]"},
        {"我住在北京市朝阳区建国路88号", "我住在[ADDRESS]"},
        {"住所は東京都千代田区丸の内1-2-3です", "住所は[ADDRESS]です"},
        {"Ek woon in Kerkstraat 12", "Ek woon in [ADDRESS]"},
        {"at 1600 Pennsylvania Avenue NW, Washington, DC 20500.", "at [ADDRESS]."},
    };
    CHECK(t);
}

static void test_names(void **state)
{
    (void)state;
    static const pair t[] = {
        {"My name is John Smith and I code.", "My name is [NAME] and I code."},
        {"I'm Sarah, by the way.", "I'm [NAME], by the way."},
        {"my name is john", "my name is [NAME]"},
        {"Me llamo María José García.", "Me llamo [NAME]."},
        {"Je m'appelle Pierre Dupont.", "Je m'appelle [NAME]."},
        {"Меня зовут Иван Петров.", "Меня зовут [NAME]."},
        {"Мене звати Олена.", "Мене звати [NAME]."},
        {"Mi chiamo Giulia Rossi.", "Mi chiamo [NAME]."},
        {"Ich heiße Hans Müller.", "Ich heiße [NAME]."},
        {"Mein Name ist Klaus.", "Mein Name ist [NAME]."},
        {"Meu nome é João Silva.", "Meu nome é [NAME]."},
        {"Benim adım Ahmet Yılmaz.", "Benim adım [NAME]."},
        {"Em dic Jordi Puig.", "Em dic [NAME]."},
        {"My naam is Pieter van der Merwe.", "My naam is [NAME]."},
        {"我叫王小明，我想学编程。", "我叫[NAME]，我想学编程。"},
        {"私の名前は田中太郎です。", "私の名前は[NAME]です。"},
        {"田中と申します。", "[NAME]と申します。"},
        {"اسمي أحمد علي وأنا مهندس", "اسمي [NAME] وأنا مهندس"},
        {"मेरा नाम राहुल शर्मा है।", "मेरा नाम [NAME] है।"},
        {"Իմ անունը Արամ է։", "Իմ անունը [NAME] է։"},
        {"ჩემი სახელია გიორგი.", "ჩემი სახელია [NAME]."},
        {"제 이름은 김민수입니다", "제 이름은 [NAME]입니다"},
        {"Best regards,\nAnna Kowalska", "Best regards,\n[NAME]"},
        {"my son Bertie needs a card", "my son [NAME] needs a card"},
    };
    CHECK(t);
}

/* Ordinary requests: nothing private was written, nothing may change. */
static void test_no_false_positives(void **state)
{
    (void)state;
    static const char *const ok[] = {
        "set an alarm for 7 30 tomorrow morning",
        "It costs 1 000 000 dollars and 2.500.000 pesos.",
        "The meeting is on 2024-01-15 at 10:30.",
        "Pi is 3.14159265 and e is 2.71828.",
        "I'm 25 years old and I'm looking for a job.",
        "I'm American, I'm sorry, I'm not sure.",
        "Transfer 1500 euros to my savings account.",
        "what's the weather in New York?",
        "Upgrade from version 1.2.3 to 10.0.1 please",
        "Explain std::vector and std::map in C++.",
        "Why does my card 1234 not work abroad?",
        "Compare Python and Go for a REST API.",
        "Ich bin Student und brauche Hilfe mit Mathe.",
        "Soy estudiante y quiero aprender inglés.",
        "Я хочу выучить Python за 3 месяца.",
        "我想学习Python编程，需要多长时间？",
        "東京から大阪まで新幹線で何時間かかりますか？",
        "أريد أن أتعلم البرمجة بلغة بايثون",
        "मैं पायथन सीखना चाहता हूँ",
        "Top 10 tips for 2025: number 3 will surprise you",
        "My order 123456 has not arrived after 2 weeks.",
        "Add 3 cups of flour and bake at 180 degrees for 25 minutes.",
        "Call mom and tell her I'll be late",
        "This is Python code, named after Monty Python.",
        "The ratio is 16:9 and the score was 3-2.",
        "Check https://example.com for details.",
        "=SUMIFS(C:C, A:A, \">=2026-01-01\") for my tax id sheet",
        "मैं शुरू करता हूँ, मैं बिल्कुल नया हूँ",
        "Dit werk nie, ek het al 1234567 keer probeer",
        "count 1 2 3 4 5 6 7 8 9 10 out loud",
    };
    for (size_t k = 0; k < sizeof ok / sizeof *ok; k++) {
        char *got = kl_scrub_str(ok[k]);
        if (strcmp(got, ok[k]) != 0)
            print_error("changed: %s\n    got: %s\n", ok[k], got);
        assert_string_equal(got, ok[k]);
        free(got);
    }
}

/* Numbers of the right shape with a wrong check digit are not identifiers. */
static void test_checksums_must_pass(void **state)
{
    (void)state;
    static const char *const ok[] = {
        "card 4111 1111 1111 1112 exp",
        "IBAN GB82 WEST 1234 5698 7654 33 thanks",
        "code 12345678A here",
        "ref 11010519491231002Y",
    };
    for (size_t k = 0; k < sizeof ok / sizeof *ok; k++) {
        char *got = kl_scrub_str(ok[k]);
        assert_string_equal(got, ok[k]);
        free(got);
    }
}

static void test_counts(void **state)
{
    (void)state;
    const char *text = "Me llamo Ana, mail ana@x.es, tel +34 612 345 678, IBAN ES9121000418450200051332.";
    kl_buf b = KL_BUF_INIT;
    kl_scrub_counts c = {{0}};
    size_t n = kl_scrub(text, strlen(text), &b, &c);
    assert_int_equal(n, 4);
    assert_int_equal(c.n[KL_SCRUB_NAME], 1);
    assert_int_equal(c.n[KL_SCRUB_EMAIL], 1);
    assert_int_equal(c.n[KL_SCRUB_PHONE], 1);
    assert_int_equal(c.n[KL_SCRUB_IBAN], 1);
    assert_string_equal(kl_buf_cstr(&b), "Me llamo [NAME], mail [EMAIL], tel [PHONE], IBAN [IBAN].");
    kl_buf_free(&b);
    assert_string_equal(kl_scrub_placeholder(KL_SCRUB_ADDRESS), "[ADDRESS]");
}

/* Random bytes and random UTF-8: never a crash, valid UTF-8 in, valid UTF-8 out. */
static void test_garbage(void **state)
{
    (void)state;
    kl_rng r;
    kl_rng_seed(&r, 42);
    static const char *const atoms[] = {"1", "2", "-", " ", "+", "(", ")", "@", ".", "a", "Z",
                                        "é", "ж", "中", "ש", "/", ":", "my name is ", "Calle ",
                                        "\n", "X", "0", "9", ",", "ул. ", "号", "https://"};
    char raw[256];
    for (int round = 0; round < 3000; round++) {
        size_t len = (size_t)kl_rng_below(&r, sizeof raw);
        for (size_t k = 0; k < len; k++)
            raw[k] = (char)kl_rng_below(&r, 256);
        kl_buf b = KL_BUF_INIT;
        kl_scrub(raw, len, &b, NULL);
        kl_buf_free(&b);

        kl_buf in = KL_BUF_INIT, out = KL_BUF_INIT;
        size_t parts = (size_t)kl_rng_below(&r, 40);
        for (size_t k = 0; k < parts; k++)
            kl_buf_puts(&in, atoms[kl_rng_below(&r, sizeof atoms / sizeof *atoms)]);
        kl_scrub(kl_buf_cstr(&in), in.len, &out, NULL);
        assert_true(kl_utf8_valid(kl_buf_cstr(&out), out.len));
        kl_buf_free(&in);
        kl_buf_free(&out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_email),        cmocka_unit_test(test_phone),
        cmocka_unit_test(test_url),          cmocka_unit_test(test_ip),
        cmocka_unit_test(test_card_iban),    cmocka_unit_test(test_ids),
        cmocka_unit_test(test_address),      cmocka_unit_test(test_names),
        cmocka_unit_test(test_no_false_positives),
        cmocka_unit_test(test_checksums_must_pass),
        cmocka_unit_test(test_counts),       cmocka_unit_test(test_garbage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
