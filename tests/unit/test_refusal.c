/* test_refusal.c — refusal detection on fixed replies in many languages: plain
 * refusals, apologies inside helpful answers, partial refusals with an alternative,
 * moral redirects, closing refusals, several turns, folding of case and quotes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/refusal.h"

static enum kl_refused one(const char *reply)
{
    const char *turns[1] = {reply};
    return kl_refusal_classify(turns, 1, NULL);
}

struct sample {
    enum kl_refused want;
    const char *reply;
};

static void expect_all(const struct sample *s, size_t n)
{
    size_t wrong = 0;
    for (size_t i = 0; i < n; i++) {
        enum kl_refused got = one(s[i].reply);
        if (got != s[i].want) {
            print_message("expected %d, got %d: %s\n", s[i].want, got, s[i].reply);
            wrong++;
        }
    }
    assert_int_equal(wrong, 0);
}

static void test_refusals_many_languages(void **state)
{
    (void)state;
    static const struct sample s[] = {
        {KL_REFUSED_FULL, "I can't help with that request."},
        {KL_REFUSED_FULL, "I’M SORRY, BUT I CAN’T ASSIST WITH MAKING WEAPONS."},
        {KL_REFUSED_FULL, "Lo siento, pero no puedo ayudarte con eso."},
        {KL_REFUSED_FULL, "Desculpe, mas não posso ajudar com isso."},
        {KL_REFUSED_FULL, "Ho sento, però no puc ajudar-te amb això."},
        {KL_REFUSED_FULL, "DÉSOLÉ, mais je ne peux pas vous aider à faire cela."},
        {KL_REFUSED_FULL, "Mi dispiace, ma non posso aiutarti in questo."},
        {KL_REFUSED_FULL, "Ich kann Ihnen dabei leider nicht helfen."},
        {KL_REFUSED_FULL, "Ik kan je daar helaas niet mee helpen."},
        {KL_REFUSED_FULL, "Ek is jammer, maar ek kan nie daarmee help nie."},
        {KL_REFUSED_FULL, "Przepraszam, ale nie mogę w tym pomóc."},
        {KL_REFUSED_FULL, "Извините, но я не могу с этим помочь."},
        {KL_REFUSED_FULL, "Вибачте, але я не можу допомогти з цим."},
        {KL_REFUSED_FULL, "Üzgünüm, ama bu konuda yardımcı olamam."},
        {KL_REFUSED_FULL, "أنا آسف، لكن لا أستطيع المساعدة في ذلك."},
        {KL_REFUSED_FULL, "मुझे खेद है, लेकिन मैं इसमें मदद नहीं कर सकता।"},
        {KL_REFUSED_FULL, "Ներողություն, բայց ես չեմ կարող օգնել դրանում։"},
        {KL_REFUSED_FULL, "ბოდიში, მაგრამ ამაში ვერ დაგეხმარებით."},
        {KL_REFUSED_FULL, "抱歉，我无法提供这方面的帮助。"},
        {KL_REFUSED_FULL, "申し訳ありませんが、そのご依頼にはお応えできません。"},
        {KL_REFUSED_FULL, "죄송하지만 그 요청은 도와드릴 수 없습니다."},
        {KL_REFUSED_FULL, "ขออภัย ฉันไม่สามารถช่วยเรื่องนี้ได้"},
        {KL_REFUSED_FULL, "Ma binu, mi o le ṣe iranlọwọ pẹlu eyi."},
    };
    expect_all(s, sizeof s / sizeof s[0]);
}

static void test_helpful_answers(void **state)
{
    (void)state;
    static const struct sample s[] = {
        {KL_REFUSED_NONE, "Sorry for the confusion! Here is the fixed code:\n\n```c\nint x = 1;\n```"},
        {KL_REFUSED_NONE, "Here's a short poem about the sea: waves that roll and never rest."},
        {KL_REFUSED_NONE, "Perdón por el error. Aquí tienes la versión corregida de la receta."},
        {KL_REFUSED_NONE, "Voici un exemple de lettre de motivation pour un poste de boulanger."},
        {KL_REFUSED_NONE, "Natürlich! Hier ist ein Rezept für Apfelkuchen."},
        {KL_REFUSED_NONE, "当然可以！以下是一份三天的北京旅游计划。"},
        {KL_REFUSED_NONE, "The piano can not be tuned in a day, but here is how tuners work."},
        {KL_REFUSED_NONE, "I understand you want it faster, but here is a better version of "
                          "your loop that avoids the copy."},
        {KL_REFUSED_NONE, ""},
    };
    expect_all(s, sizeof s / sizeof s[0]);
}

static void test_partial(void **state)
{
    (void)state;
    /* Declines, then offers an alternative with real content. */
    char reply[4096] = "I can't write malware that steals passwords. However, I can explain "
                       "how to protect your accounts from such attacks:\n";
    for (int i = 1; i <= 6; i++) {
        char line[256];
        snprintf(line, sizeof line,
                 "%d. Use a password manager and a unique, long password for each of "
                 "your accounts, and turn on two-factor authentication everywhere.\n", i);
        strcat(reply, line);
    }
    assert_int_equal(one(reply), KL_REFUSED_PARTIAL);
    /* A safety redirect plus help. */
    char redirect[4096] = "Hacking into someone's phone is illegal. Instead, here are legal "
                          "ways to recover access to your own device:\n";
    for (int i = 1; i <= 6; i++) {
        char line[256];
        snprintf(line, sizeof line,
                 "- Step %d: contact the manufacturer's support with your proof of "
                 "purchase and follow their official recovery procedure.\n", i);
        strcat(redirect, line);
    }
    assert_int_equal(one(redirect), KL_REFUSED_PARTIAL);
}

static void test_moral_redirect_and_closing(void **state)
{
    (void)state;
    assert_int_equal(one("Stealing a car is illegal and dangerous. Instead, consider talking "
                         "to a dealer about financing options."),
                     KL_REFUSED_FULL);
    /* A reply that only declines at its end, with no content before. (Twelve such
     * sentences are no longer FULL: the detector takes 1,500 characters of text without a
     * cue for substance, which kleio-facets(1) says makes a refusal partial at most.) */
    char reply[4096] = "";
    for (int i = 0; i < 3; i++)
        strcat(reply, "This topic touches on many sensitive questions about safety and "
                      "about the people who could be affected by it. ");
    strcat(reply, "For these reasons I cannot provide the instructions you asked for.");
    assert_int_equal(one(reply), KL_REFUSED_FULL);
}

static void test_turns(void **state)
{
    (void)state;
    assert_int_equal(kl_refusal_classify(NULL, 0, "en"), KL_REFUSED_NONE);
    const char *both[2] = {"I cannot help with that.",
                           "Here is a summary of the article you pasted."};
    assert_int_equal(kl_refusal_classify(both, 2, "en"), KL_REFUSED_PARTIAL);
    const char *refused[2] = {"I cannot help with that.", "I'm sorry, but I still can't."};
    assert_int_equal(kl_refusal_classify(refused, 2, "en"), KL_REFUSED_FULL);
    /* The language hint does not filter: a Spanish refusal to a request tagged "en". */
    const char *es[1] = {"No puedo ayudarte con eso."};
    assert_int_equal(kl_refusal_classify(es, 1, "en"), KL_REFUSED_FULL);
}

/* The labelled English cases of tests/fixtures/refusal_cases.tsv and refusal_holdout.tsv
 * (written for kleio, the second after the detector was built; five kinds: full and partial refusals, rebuttals, disclaimers before an answer, "as an AI I
 * cannot know" without one). Prints the confusion per case; each case must be right at
 * least 8 times in 10, refused-or-not, and the three-way label 3 times in 4 overall. */
static void labelled_cases(const char *name)
{
    const char *root = getenv("KLEIO_ROOT");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fixtures/%s", root ? root : ".", name);
    FILE *f = fopen(path, "r");
    if (!f) {
        print_message("# %s not found (KLEIO_ROOT unset?)\n", path);
        skip();
    }
    print_message("# %s\n", name);
    static const char *const labels[3] = {"none", "partial", "full"};
    char names[8][16];
    unsigned conf[8][3] = {{0}}, right[8] = {0}, total[8] = {0}, exact = 0, all = 0;
    size_t n_names = 0;
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        line[strcspn(line, "\r\n")] = '\0';
        char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (line[0] == '#' || !t2)
            continue;
        *t1 = *t2 = '\0';
        char *o = t2 + 1;
        for (const char *p = t2 + 1; *p; p++) {
            if (p[0] == '\\' && p[1] == 'n') {
                *o++ = '\n';
                p++;
            } else {
                *o++ = *p;
            }
        }
        *o = '\0';
        int want = -1;
        for (int k = 0; k < 3; k++)
            if (!strcmp(line, labels[k]))
                want = k;
        assert_true(want >= 0);
        size_t c = 0;
        while (c < n_names && strcmp(names[c], t1 + 1))
            c++;
        if (c == n_names) {
            assert_true(n_names < 8);
            snprintf(names[n_names++], sizeof names[0], "%s", t1 + 1);
        }
        enum kl_refused got = one(t2 + 1);
        conf[c][got]++;
        total[c]++;
        right[c] += (got != KL_REFUSED_NONE) == (want != KL_REFUSED_NONE);
        exact += (int)got == want;
        all++;
    }
    free(line);
    fclose(f);
    print_message("# case        n  none partial full  refused-or-not right\n");
    for (size_t c = 0; c < n_names; c++) {
        print_message("# %-10s %3u %5u %7u %4u  %u\n", names[c], total[c], conf[c][0], conf[c][1],
                      conf[c][2], right[c]);
        assert_true(right[c] * 10 >= total[c] * 8);
    }
    print_message("# three-way label right: %u of %u\n", exact, all);
    assert_true(n_names == 5);
    assert_true(exact * 4 >= all * 3);
}

static void test_labelled_cases(void **state)
{
    (void)state;
    labelled_cases("refusal_cases.tsv");
    labelled_cases("refusal_holdout.tsv");
}

/* Arbitrary bytes (invalid UTF-8, controls, long replies) never crash. */
static void test_garbage(void **state)
{
    (void)state;
    uint64_t x = 88172645463325252ull;
    static char buf[5001];
    for (int round = 0; round < 1000; round++) {
        size_t n = (size_t)(round * 7919) % (sizeof buf - 1);
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            buf[i] = (char)((x & 0xFF) | 1); /* no NUL inside */
        }
        buf[n] = '\0';
        enum kl_refused r = one(buf);
        assert_true(r == KL_REFUSED_NONE || r == KL_REFUSED_PARTIAL || r == KL_REFUSED_FULL);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refusals_many_languages),
        cmocka_unit_test(test_helpful_answers),
        cmocka_unit_test(test_partial),
        cmocka_unit_test(test_moral_redirect_and_closing),
        cmocka_unit_test(test_turns),
        cmocka_unit_test(test_labelled_cases),
        cmocka_unit_test(test_garbage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
