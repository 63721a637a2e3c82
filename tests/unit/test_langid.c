/* test_langid.c — language identification on fixed sentences in many languages and
 * scripts, short requests, code and URLs, names, and a missing profile directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kleio/langid.h"

struct sample {
    const char *code;
    const char *text;
};

static void expect_all(const struct sample *s, size_t n)
{
    size_t wrong = 0;
    for (size_t i = 0; i < n; i++) {
        kl_lang_guess g;
        kl_langid_detect(s[i].text, strlen(s[i].text), &g);
        if (strcmp(g.code, s[i].code) != 0) {
            print_message("expected %s, got %s: %s\n", s[i].code, g.code, s[i].text);
            wrong++;
        }
        assert_non_null(g.name);
        assert_true(g.confidence >= 0.0 && g.confidence <= 1.0);
    }
    assert_int_equal(wrong, 0);
}

static int setup(void **state)
{
    (void)state;
    return kl_langid_init();
}

static void test_sentences_latin(void **state)
{
    (void)state;
    static const struct sample s[] = {
        {"en", "Could you help me plan a birthday party for my daughter next weekend?"},
        {"de", "Kannst du mir helfen, einen Geburtstag für meine Tochter zu planen?"},
        {"es", "¿Puedes ayudarme a planificar la fiesta de cumpleaños de mi hija?"},
        {"pt", "Você pode me ajudar a planejar a festa de aniversário da minha filha?"},
        {"ca", "Em pots ajudar a planificar la festa d'aniversari de la meva filla?"},
        {"fr", "Peux-tu m'aider à organiser la fête d'anniversaire de ma fille ?"},
        {"it", "Puoi aiutarmi a organizzare la festa di compleanno di mia figlia?"},
        {"nl", "Kun je me helpen met het plannen van het verjaardagsfeest van mijn dochter?"},
        {"af", "Kan jy my help om my dogter se verjaarsdagpartytjie te beplan?"},
        {"pl", "Czy możesz mi pomóc zaplanować przyjęcie urodzinowe mojej córki?"},
        {"tr", "Kızımın doğum günü partisini planlamama yardım eder misin?"},
        {"yo", "Ṣe o le ran mi lọwọ lati ṣeto ayẹyẹ ọjọ ibi ọmọbinrin mi?"},
    };
    expect_all(s, sizeof s / sizeof s[0]);
}

static void test_sentences_other_scripts(void **state)
{
    (void)state;
    static const struct sample s[] = {
        {"ru", "Помоги мне спланировать день рождения дочери в эти выходные."},
        {"uk", "Допоможи мені спланувати день народження доньки цими вихідними."},
        {"bg", "Помогни ми да планирам рождения ден на дъщеря си през уикенда."},
        {"ar", "هل يمكنك مساعدتي في التخطيط لحفلة عيد ميلاد ابنتي؟"},
        {"fa", "می‌توانی به من کمک کنی جشن تولد دخترم را برنامه‌ریزی کنم؟"},
        {"hi", "क्या आप मेरी बेटी की जन्मदिन पार्टी की योजना बनाने में मदद कर सकते हैं?"},
        {"hy", "Կարո՞ղ ես օգնել ինձ պլանավորել աղջկաս ծննդյան խնջույքը։"},
        {"ka", "შეგიძლია დამეხმარო ჩემი ქალიშვილის დაბადების დღის დაგეგმვაში?"},
        {"ja", "娘の誕生日パーティーの計画を手伝ってもらえますか？"},
        {"zh", "你能帮我策划一下我女儿的生日派对吗？"},
        {"ko", "딸의 생일 파티 계획을 도와줄 수 있나요?"},
        {"th", "คุณช่วยฉันวางแผนงานวันเกิดของลูกสาวได้ไหม"},
        {"el", "Μπορείς να με βοηθήσεις να οργανώσω το πάρτι γενεθλίων της κόρης μου;"},
        {"he", "תוכל לעזור לי לתכנן את מסיבת יום ההולדת של הבת שלי?"},
    };
    expect_all(s, sizeof s / sizeof s[0]);
}

/* Requests of about 35 characters: the length of many real prompts. */
static void test_short_requests(void **state)
{
    (void)state;
    static const struct sample s[] = {
        {"en", "Write a poem about the sea"},
        {"de", "Schreibe ein Gedicht über das Meer"},
        {"es", "Escribe un poema sobre el mar"},
        {"pt", "Escreva um poema sobre o mar"},
        {"fr", "Écris un poème sur la mer"},
        {"it", "Scrivi una poesia sul mare"},
        {"nl", "Schrijf een gedicht over de zee"},
        {"pl", "Napisz wiersz o morzu"},
        {"ru", "Напиши стихотворение о море"},
        {"zh", "写一首关于大海的诗"},
        {"ja", "海についての詩を書いて"},
    };
    expect_all(s, sizeof s / sizeof s[0]);
}

static void test_code_and_urls_are_ignored(void **state)
{
    (void)state;
    static const struct sample s[] = {
        {"es", "¿Por qué falla esta función? def f(x): return x[0] + y_1 "
               "https://example.com/a/b?q=1 nada funciona cuando la llamo"},
        {"de", "Warum stürzt mein Programm ab? std::vector<int> v; v.at(3) = 42; "
               "siehe www.example.org/fehler bitte erklären"},
    };
    expect_all(s, sizeof s / sizeof s[0]);
}

static void test_undetermined(void **state)
{
    (void)state;
    static const char *const texts[] = {"", "12345 678", "!!! ??? ...", "x = f(y_2);"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        kl_lang_guess g;
        kl_langid_detect(texts[i], strlen(texts[i]), &g);
        assert_string_equal(g.code, "und");
        assert_true(g.confidence == 0.0);
    }
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(kl_langid_name("zh"), "Mandarin Chinese");
    assert_string_equal(kl_langid_name("en"), "English");
    assert_string_equal(kl_langid_name("hy"), "Armenian");
    assert_string_equal(kl_langid_name("af"), "Afrikaans");
    assert_null(kl_langid_name("xx"));
    assert_null(kl_langid_name(NULL));
    kl_lang_guess g;
    kl_langid_detect("Bonjour, comment allez-vous aujourd'hui ?", 42, &g);
    assert_string_equal(g.name, "French");
}

/* Arbitrary bytes (invalid UTF-8, NULs, controls) never crash and give a code. */
static void test_garbage(void **state)
{
    (void)state;
    uint64_t x = 88172645463325252ull;
    char buf[3000];
    for (int round = 0; round < 2000; round++) {
        size_t n = (size_t)(round * 7919) % sizeof buf;
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            buf[i] = (char)(x & 0xFF);
        }
        kl_lang_guess g;
        kl_langid_detect(buf, n, &g);
        assert_non_null(g.name);
        assert_true(strlen(g.code) >= 2);
    }
}

/* Without the fingerprints, init must fail (in a child: init runs once per process). */
static void test_missing_profiles_fail(void **state)
{
    (void)state;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        setenv("KLEIO_LANGID_DIR", "/nonexistent/kleio-profiles", 1);
        _exit(kl_langid_init() == -1 ? 0 : 1);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_profiles_fail),
        cmocka_unit_test_setup(test_sentences_latin, setup),
        cmocka_unit_test_setup(test_sentences_other_scripts, setup),
        cmocka_unit_test_setup(test_short_requests, setup),
        cmocka_unit_test_setup(test_code_and_urls_are_ignored, setup),
        cmocka_unit_test_setup(test_undetermined, setup),
        cmocka_unit_test_setup(test_names, setup),
        cmocka_unit_test_setup(test_garbage, setup),
    };
    /* The failure case runs first, in a child, before this process loads profiles. */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
