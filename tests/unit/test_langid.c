/* test_langid.c — language identification on fixed sentences in many languages and
 * scripts, short requests, the confusions of close relatives (no/da/sv, sr/hr, id/ms,
 * pt), names inside other scripts, code and URLs, undetermined text, whole
 * conversations, and a missing profile directory. The sentences are written for
 * these tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kleio/langid.h"
#include "../../src/facets/langid_tables.h"

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

/* Languages of public chat logs beyond kleio's first fifteen. */
static void test_sentences_more(void **state)
{
    (void)state;
    static const struct sample s[] = {
        {"sv", "Kan du hjälpa mig att skriva ett brev till min hyresvärd om värmen?"},
        {"da", "Kan du hjælpe mig med at skrive et brev til min udlejer om varmen?"},
        {"no", "Kan du hjelpe meg å skrive et brev til utleieren min om oppvarmingen?"},
        {"fi", "Voitko auttaa minua kirjoittamaan kirjeen vuokranantajalleni lämmityksestä?"},
        {"et", "Kas sa saad mind aidata kirjutada kirja minu üürileandjale kütte kohta?"},
        {"lv", "Vai tu vari man palīdzēt uzrakstīt vēstuli manam izīrētājam par apkuri?"},
        {"lt", "Ar gali man padėti parašyti laišką mano nuomotojui apie šildymą?"},
        {"sl", "Mi lahko pomagaš napisati pismo najemodajalcu glede ogrevanja?"},
        {"hr", "Možeš li mi pomoći napisati pismo stanodavcu o grijanju? Gdje da počnem?"},
        {"sr", "Da li možeš da mi pomogneš da napišem pismo stanodavcu o grejanju?"},
        {"sk", "Môžeš mi pomôcť napísať list prenajímateľovi ohľadom kúrenia?"},
        {"cs", "Můžeš mi pomoct napsat dopis pronajímateli ohledně topení?"},
        {"hu", "Segítenél levelet írni a főbérlőmnek a fűtésről?"},
        {"ro", "Mă poți ajuta să scriu o scrisoare proprietarului despre încălzire?"},
        {"id", "Bisakah kamu membantu saya menulis surat kepada pemilik kontrakan tentang pemanas?"},
        {"ms", "Bolehkah awak bantu saya menulis surat kepada tuan rumah? Saya mahu hantar esok."},
        {"tl", "Puwede mo ba akong tulungan na sumulat ng liham sa may-ari ng bahay?"},
        {"sw", "Unaweza kunisaidia kuandika barua kwa mwenye nyumba kuhusu joto?"},
        {"vi", "Bạn có thể giúp tôi viết thư cho chủ nhà về việc sưởi ấm không?"},
        {"az", "Ev sahibimə istilik haqqında məktub yazmağa kömək edə bilərsənmi?"},
        {"uz", "Uy egasiga isitish haqida xat yozishga yordam bera olasizmi?"},
        {"sr", "Да ли можеш да ми помогнеш да напишем писмо станодавцу о грејању?"},
        {"mk", "Ќе ми помогнеш ли да напишам писмо до сопственикот на станот?"},
        {"kk", "Үй иесіне жылу туралы хат жазуға көмектесе аласың ба?"},
        {"be", "Ці можаш ты дапамагчы мне напісаць ліст пра ацяпленне ў кватэры?"},
        {"ur", "کیا آپ میرے مالک مکان کو خط لکھنے میں میری مدد کر سکتے ہیں؟"},
        {"bn", "আপনি কি আমাকে বাড়িওয়ালাকে একটি চিঠি লিখতে সাহায্য করতে পারবেন?"},
        {"ta", "வீட்டு உரிமையாளருக்கு கடிதம் எழுத எனக்கு உதவ முடியுமா?"},
        {"te", "ఇంటి యజమానికి ఉత్తరం రాయడానికి మీరు నాకు సహాయం చేయగలరా?"},
        {"mr", "घरमालकाला पत्र लिहिण्यासाठी तुम्ही मला मदत करू शकाल का? मला उद्या ते पाठवायचे आहे."},
    };
    expect_all(s, sizeof s / sizeof s[0]);
}

/* Close relatives told apart by their own words and spellings, in requests as short
 * as people type them. */
static void test_close_relatives(void **state)
{
    (void)state;
    static const struct sample s[] = {
        {"no", "Skru av alle alarmer i morgen"},
        {"no", "Hva blir været i morgen?"},
        {"no", "Kva blir vêret i morgon?"},
        {"da", "Sluk alle alarmer i morgen tidlig"},
        {"da", "Hvad bliver vejret i morgen?"},
        {"sv", "Stäng av alla larm i morgon"},
        {"sv", "Hur blir vädret i morgon?"},
        {"sr", "Podseti me sutra u osam da kupim hleb"},
        {"hr", "Podsjeti me sutra u osam da kupim kruh"},
        {"id", "Tolong nyalakan lampu kamar sekarang"},
        {"ms", "Boleh awak padamkan lampu bilik sekarang?"},
        {"pt", "Você pode me lembrar de comprar pão amanhã?"},
        {"pt", "Podes lembrar-me de comprar pão amanhã?"},
        {"es", "¿Puedes recordarme comprar pan mañana?"},
        {"nl", "Zet een wekker om zeven uur morgenochtend"},
        {"af", "Sit asseblief 'n wekker vir sewe-uur môreoggend"},
        {"lt", "Įjunk žadintuvą septintą valandą"},
        {"kk", "Ертеңгі ауа райы қандай болады?"},
    };
    expect_all(s, sizeof s / sizeof s[0]);
}

/* English titles and names do not make a request English; English needs its own
 * words. */
static void test_names_are_not_english(void **state)
{
    (void)state;
    static const struct sample s[] = {
        {"zh", "帮我播放 Taylor Swift 的 Love Story"},
        {"zh", "把 Blinding Lights 加到我的 workout 歌单"},
        {"ar", "شغل أغنية Shape of You لـ Ed Sheeran"},
        {"ja", "Spotify で Yesterday を再生して"},
        {"ko", "Netflix 에서 Squid Game 틀어줘"},
        {"it", "Metti la canzone Bohemian Rhapsody dei Queen"},
        {"de", "Spiel das Album Abbey Road von den Beatles"},
        {"da", "Afspil Here Comes the Sun af The Beatles"},
        {"tr", "The Lord of the Rings filmini bul"},
        {"en", "Play Despacito by Luis Fonsi"},
        {"en", "Snooze the alarm"},
        {"en", "what's the weather like in Oslo tomorrow"},
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
        {"fr", "Pourquoi ce code plante-t-il ?\n```python\nfor item in items:\n    print(item.name)"
               "\n```\nje ne comprends pas pourquoi"},
        {"zh", "我的邮箱是zhang.wei@example.com，请帮我写一封求职信。"},
        {"de", "Was macht `std::move(x)` genau, und warum ist `x` danach leer?"},
    };
    expect_all(s, sizeof s / sizeof s[0]);
}

/* A long paste of code before the question: the question decides. */
static void test_code_before_question(void **state)
{
    (void)state;
    char text[12000];
    size_t o = (size_t)snprintf(text, sizeof text, "```python\n");
    while (o < 9000)
        o += (size_t)snprintf(text + o, sizeof text - o,
                              "def handler(event, context):\n    return process(event)\n");
    snprintf(text + o, sizeof text - o,
             "```\nPourquoi cette fonction ne renvoie-t-elle rien quand je l'appelle ?");
    kl_lang_guess g;
    kl_langid_detect(text, strlen(text), &g);
    assert_string_equal(g.code, "fr");
}

static void test_undetermined(void **state)
{
    (void)state;
    static const char *const texts[] = {"",   "12345 678", "!!! ??? ...", "x = f(y_2);",
                                        "ok", "12:30",     "\xF0\x9F\x91\x8D",
                                        "```\nprint(1)\n```",
                                        /* two writing systems in equal measure */
                                        "Привет, как твои дела сегодня? 你好，你今天过得怎么样？"};
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
    assert_string_equal(kl_langid_name("no"), "Norwegian");
    assert_string_equal(kl_langid_name("sr"), "Serbian");
    assert_string_equal(kl_langid_name("und"), "Undetermined");
    assert_string_equal(kl_langid_name("zu"), "Zulu");
    assert_string_equal(kl_langid_name("af"), "Afrikaans");
    assert_string_equal(kl_langid_name("uz"), "Uzbek");
    static const char *const codes[] = {"da", "sv", "no", "fi", "lt", "lv", "et", "sr", "hr",
                                        "sl", "sk", "cs", "hu", "ro", "bg", "el", "he", "fa",
                                        "ur", "bn", "ta", "te", "mr", "vi", "id", "ms", "tl",
                                        "sw", "kk", "uz", "az", "ceb", "haw", "hmn"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        assert_non_null(kl_langid_name(codes[i]));
    /* The table is searched by halves: every entry must be found, the 60 and more
     * languages of public chat logs among them. */
    assert_true(kl_langid_name_count >= 100);
    for (size_t i = 0; i < kl_langid_name_count; i++)
        assert_ptr_equal(kl_langid_name(kl_langid_names[i].code), kl_langid_names[i].name);
    assert_null(kl_langid_name("xx"));
    assert_null(kl_langid_name(NULL));
    kl_lang_guess g;
    kl_langid_detect("Bonjour, comment allez-vous aujourd'hui ?", 42, &g);
    assert_string_equal(g.name, "French");
}

/* A conversation's language comes from all its user turns, weighed by length: a
 * greeting does not decide; two languages in equal measure are "und". */
static void test_conversation(void **state)
{
    (void)state;
    kl_lang_guess g;
    const char *greet_de[] = {"hi!", "Kannst du mir bitte helfen, einen Brief an meinen "
                                     "Vermieter wegen der Heizung zu schreiben?"};
    kl_langid_detect_turns(greet_de, 2, &g);
    assert_string_equal(g.code, "de");
    const char *greet_fr[] = {"Hello", "Bonjour, je voudrais réserver une table pour deux "
                                       "personnes ce soir.", "merci"};
    kl_langid_detect_turns(greet_fr, 3, &g);
    assert_string_equal(g.code, "fr");
    const char *mixed[] = {"Peux-tu m'aider à écrire une lettre de motivation pour un poste "
                           "d'ingénieur dans une entreprise de logiciels ?",
                           "Kannst du mir helfen, ein Bewerbungsschreiben für eine Stelle als "
                           "Ingenieur bei einer Softwarefirma zu schreiben?"};
    kl_langid_detect_turns(mixed, 2, &g);
    assert_string_equal(g.code, "und");
    const char *relatives[] = {"Hvordan blir været i Bergen i helgen?", "Og hva med Oslo?",
                               "Takk, og neste uke?"};
    kl_langid_detect_turns(relatives, 3, &g);
    assert_string_equal(g.code, "no");
    /* Pasted code weighs nothing: the question in the next turn decides. */
    const char *code_first[] = {"```js\nwhile (i < items.length) { total += items[i].price; }\n"
                                "console.log(total);\n```\nhere is my code, see below",
                                "Peux-tu m'expliquer pourquoi cette boucle ne s'arrête jamais et "
                                "comment la corriger proprement ?"};
    kl_langid_detect_turns(code_first, 2, &g);
    assert_string_equal(g.code, "fr");
    const char *nothing[] = {"ok", NULL, "👍"};
    kl_langid_detect_turns(nothing, 3, &g);
    assert_string_equal(g.code, "und");
    kl_langid_detect_turns(NULL, 0, &g);
    assert_string_equal(g.code, "und");
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
        buf[n > 0 ? n - 1 : 0] = 0;
        const char *turns[] = {buf, buf + n / 2, "ok"};
        kl_langid_detect_turns(turns, 3, &g);
        assert_non_null(g.name);
        assert_true(g.confidence >= 0.0 && g.confidence <= 1.0);
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
        cmocka_unit_test_setup(test_sentences_more, setup),
        cmocka_unit_test_setup(test_close_relatives, setup),
        cmocka_unit_test_setup(test_names_are_not_english, setup),
        cmocka_unit_test_setup(test_short_requests, setup),
        cmocka_unit_test_setup(test_conversation, setup),
        cmocka_unit_test_setup(test_code_and_urls_are_ignored, setup),
        cmocka_unit_test_setup(test_code_before_question, setup),
        cmocka_unit_test_setup(test_undetermined, setup),
        cmocka_unit_test_setup(test_names, setup),
        cmocka_unit_test_setup(test_garbage, setup),
    };
    /* The failure case runs first, in a child, before this process loads profiles. */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
