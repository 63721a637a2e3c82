/* test_embed.c — lexical embeddings: shape, determinism, order independence, scripts
 * without spaces, transform and serialisation, the second-order block of word vectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/embed.h"

static const char *const corpus[] = {
    "set an alarm for seven in the morning", "wake me up at 7 am tomorrow",
    "set alarm for 6:30", "cancel my morning alarm", "remove the alarm at noon",
    "what is the weather like today", "will it rain tomorrow in paris",
    "weather forecast for the weekend", "is it going to be sunny", "how cold is it outside",
    "play some jazz music", "play my workout playlist", "next song please",
    "turn up the music volume", "play the latest podcast episode",
    "turn off the kitchen lights", "dim the lights in the bedroom", "switch the lights on",
    "明日の天気を教えて", "東京の天気はどうですか", "アラームを七時にセットして",
    "พรุ่งนี้ฝนจะตกไหม", "ตั้งนาฬิกาปลุกเจ็ดโมง", "今天天气怎么样", "明天会下雨吗",
    "book a table for two tonight", "order a pizza for delivery", "find a cheap restaurant nearby",
    "", NULL,
};
#define N (sizeof corpus / sizeof *corpus)
#define DIM 12

static double dotp(const float *a, const float *b)
{
    double s = 0;
    for (int j = 0; j < DIM; j++)
        s += (double)a[j] * b[j];
    return s;
}

static void test_rows_are_unit_and_deterministic(void **state)
{
    (void)state;
    kl_embed_params p = {.dim = DIM, .seed = 7, .threads = 2};
    float *a = malloc(N * DIM * sizeof *a), *b = malloc(N * DIM * sizeof *b);
    kl_embed_model *m1 = kl_embed_fit(corpus, N, &p, a);
    p.threads = 1;
    kl_embed_model *m2 = kl_embed_fit(corpus, N, &p, b);
    assert_non_null(m1);
    assert_int_equal(kl_embed_dim(m1), DIM);
    assert_memory_equal(a, b, N * DIM * sizeof *a);          /* whatever the threads */
    for (size_t i = 0; i + 2 < N; i++)
        assert_true(fabs(dotp(a + i * DIM, a + i * DIM) - 1) < 1e-4);
    for (size_t i = N - 2; i < N; i++)                        /* empty and NULL: zero rows */
        assert_true(dotp(a + i * DIM, a + i * DIM) == 0);
    kl_embed_free(m1);
    kl_embed_free(m2);
    free(a);
    free(b);
}

static void test_order_independent(void **state)
{
    (void)state;
    const char *rev[N];
    for (size_t i = 0; i < N; i++)
        rev[i] = corpus[N - 1 - i];
    kl_embed_params p = {.dim = DIM, .seed = 3};
    float *a = malloc(N * DIM * sizeof *a), *b = malloc(N * DIM * sizeof *b);
    kl_embed_model *m1 = kl_embed_fit(corpus, N, &p, a);
    kl_embed_model *m2 = kl_embed_fit(rev, N, &p, b);
    for (size_t i = 0; i < N; i++)
        assert_memory_equal(a + i * DIM, b + (N - 1 - i) * DIM, DIM * sizeof *a);
    kl_embed_free(m1);
    kl_embed_free(m2);
    free(a);
    free(b);
}

static void test_topics_are_close(void **state)
{
    (void)state;
    kl_embed_params p = {.dim = DIM, .seed = 1};
    float *a = malloc(N * DIM * sizeof *a);
    kl_embed_model *m = kl_embed_fit(corpus, N, &p, a);
    /* alarm vs alarm closer than alarm vs weather; the same for Japanese weather. */
    assert_true(dotp(a + 2 * DIM, a + 3 * DIM) > dotp(a + 2 * DIM, a + 7 * DIM));
    assert_true(dotp(a + 18 * DIM, a + 19 * DIM) > dotp(a + 18 * DIM, a + 10 * DIM));
    assert_true(dotp(a + 23 * DIM, a + 23 * DIM) > 0.99);     /* Chinese gets features */
    kl_embed_free(m);
    free(a);
}

static void test_transform_and_blob(void **state)
{
    (void)state;
    kl_embed_params p = {.dim = DIM, .seed = 5};
    float *a = malloc(N * DIM * sizeof *a), *b = malloc(N * DIM * sizeof *b);
    kl_embed_model *m = kl_embed_fit(corpus, N, &p, a);
    void *blob;
    size_t len;
    assert_int_equal(kl_embed_save(m, &blob, &len), 0);
    kl_embed_model *l = kl_embed_load(blob, len);
    assert_non_null(l);
    kl_embed_transform(l, corpus, N, b);
    for (size_t i = 0; i < N * DIM; i++)
        assert_true(fabs(a[i] - b[i]) < 1e-4);
    assert_null(kl_embed_load(blob, len - 1));                 /* truncated */
    ((char *)blob)[0] ^= 1;
    assert_null(kl_embed_load(blob, len));                     /* wrong magic */
    float unk[DIM];
    const char *novel[] = {"ΩΨΦ"};          /* no feature seen in the fit */
    kl_embed_transform(l, novel, 1, unk);
    assert_true(dotp(unk, unk) == 0);
    free(blob);
    kl_embed_free(l);
    kl_embed_free(m);
    assert_null(kl_embed_fit(corpus, 0, &p, a));
    free(a);
    free(b);
}

/* The English gloss after " — " makes summaries in different languages meet; -1 leaves it
 * out, and the loaded model embeds with the copies it was fitted with. */
static void test_gloss_copies(void **state)
{
    (void)state;
    static const char *const g[] = {
        "quiero reservar una mesa para dos esta noche \xE2\x80\x94 restaurant; food",
        "book a table for two tonight \xE2\x80\x94 restaurant; food",
        "despiértame a las siete mañana \xE2\x80\x94 alarm; time",
        "wake me up at seven tomorrow \xE2\x80\x94 alarm; time",
        "pon una alarma para las seis \xE2\x80\x94 alarm; time",
        "set an alarm for six \xE2\x80\x94 alarm; time",
        "pide una pizza a domicilio \xE2\x80\x94 restaurant, pizza; food",
        "order a pizza for delivery \xE2\x80\x94 restaurant, pizza; food",
    };
    enum { NG = sizeof g / sizeof *g };
    float a[NG * DIM], b[NG * DIM], c[NG * DIM];
    kl_embed_params p = {.dim = DIM, .seed = 2};
    kl_embed_model *with = kl_embed_fit(g, NG, &p, a);
    p.gloss_copies = -1;
    kl_embed_model *without = kl_embed_fit(g, NG, &p, b);
    /* Spanish and English restaurant requests: closer with the gloss than without. */
    assert_true(dotp(a, a + DIM) > dotp(b, b + DIM) + 0.05);
    void *blob;
    size_t len;
    assert_int_equal(kl_embed_save(without, &blob, &len), 0);
    kl_embed_model *l = kl_embed_load(blob, len);
    assert_non_null(l);
    kl_embed_transform(l, g, NG, c);
    assert_memory_equal(b, c, sizeof b);
    free(blob);
    kl_embed_free(l);
    kl_embed_free(with);
    kl_embed_free(without);
}

/* Texts that share no word meet through the second-order block when their words keep the
 * same company elsewhere: "wake" and "alarm" both co-occur with "tomorrow", "morning" and
 * "seven"; "pizza" and "delivery" with "order" and "dinner". */
static const char *const company[] = {
    "wake tomorrow morning seven", "alarm tomorrow morning seven", "wake morning early seven",
    "alarm morning early seven", "wake tomorrow early", "alarm tomorrow early",
    "pizza order dinner tonight", "delivery order dinner tonight", "pizza order dinner",
    "delivery order dinner", "pizza tonight order", "delivery tonight order",
    "wake", "alarm", "pizza", "delivery",
};
#define NC (sizeof company / sizeof *company)

static void test_second_order(void **state)
{
    (void)state;
    float a[NC * DIM], b[NC * DIM], c[NC * DIM];
    kl_embed_params p = {.dim = DIM, .seed = 4, .threads = 2};
    kl_embed_model *with = kl_embed_fit(company, NC, &p, a);
    p.cooc_dim = -1;
    kl_embed_model *without = kl_embed_fit(company, NC, &p, b);
    const float *wake = a + 12 * DIM, *alarm = a + 13 * DIM, *pizza = a + 14 * DIM;
    /* "wake" vs "alarm" (no shared word, no shared character n-gram worth the name):
     * closer with the word vectors than without, and closer than "wake" vs "pizza". */
    assert_true(dotp(wake, alarm) > dotp(b + 12 * DIM, b + 13 * DIM) + 0.1);
    assert_true(dotp(wake, alarm) > dotp(wake, pizza) + 0.1);
    /* Rows stay unit; one thread gives the same bits; a loaded model re-embeds them. */
    for (size_t i = 0; i < NC; i++)
        assert_true(fabs(dotp(a + i * DIM, a + i * DIM) - 1) < 1e-4);
    p.cooc_dim = 0;
    p.threads = 1;
    kl_embed_model *one = kl_embed_fit(company, NC, &p, c);
    assert_memory_equal(a, c, sizeof a);
    void *blob;
    size_t len;
    assert_int_equal(kl_embed_save(with, &blob, &len), 0);
    kl_embed_model *l = kl_embed_load(blob, len);
    assert_non_null(l);
    kl_embed_transform(l, company, NC, c);
    for (size_t i = 0; i < NC * DIM; i++)
        assert_true(fabs(a[i] - c[i]) < 1e-4);
    assert_null(kl_embed_load(blob, len - 4));                 /* truncated word vectors */
    free(blob);
    kl_embed_free(l);
    kl_embed_free(one);
    kl_embed_free(with);
    kl_embed_free(without);
}

/* A model saved before the second-order block (format 002: the same header without its
 * two last fields, no word vectors) still loads and embeds as it did. */
static void test_loads_format_002(void **state)
{
    (void)state;
    float a[NC * DIM], b[NC * DIM];
    kl_embed_params p = {.dim = DIM, .seed = 6, .cooc_dim = -1};
    kl_embed_model *m = kl_embed_fit(company, NC, &p, a);
    void *blob;
    size_t len;
    assert_int_equal(kl_embed_save(m, &blob, &len), 0);
    /* 003 without word vectors = 002 plus 8 header bytes (cooc_dim, cooc_weight) after
     * the 56 of 002. */
    enum { H002 = 56, EXTRA = 8 };
    unsigned char *old = malloc(len - EXTRA);
    memcpy(old, blob, H002);
    memcpy(old, "KLEMB002", 8);
    memcpy(old + H002, (unsigned char *)blob + H002 + EXTRA, len - H002 - EXTRA);
    kl_embed_model *l = kl_embed_load(old, len - EXTRA);
    assert_non_null(l);
    kl_embed_transform(l, company, NC, b);
    assert_memory_equal(a, b, sizeof a);
    memcpy(old, "KLEMB009", 8);
    assert_null(kl_embed_load(old, len - EXTRA));              /* unknown version */
    free(old);
    free(blob);
    kl_embed_free(l);
    kl_embed_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_are_unit_and_deterministic),
        cmocka_unit_test(test_order_independent),
        cmocka_unit_test(test_topics_are_close),
        cmocka_unit_test(test_transform_and_blob),
        cmocka_unit_test(test_gloss_copies),
        cmocka_unit_test(test_second_order),
        cmocka_unit_test(test_loads_format_002),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
