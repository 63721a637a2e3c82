/* langid_cues.c — function words and letters that separate close Latin-script
 * languages, applied on top of the n-gram costs. Short requests ("Wie kann ich …",
 * "Hoe maak ik …") are decided by these words more than by their few n-grams. */
#include <string.h>

#include "langid_profile.h"
#include "langid_tables.h"

/* Weight of the share of words that are function words of a language, and of a
 * letter only one candidate language uses, in the units of the n-gram cost. */
#define WORD_WEIGHT 1.2
#define LETTER_WEIGHT 0.8
/* Candidates outside the languages kleio is built for pay this much more: they
 * must win clearly, so that a short English request is not called Danish. */
#define OTHER_PRIOR 0.2
#define SLOTS 2048u

struct cue_words {
    const char *code;
    const char *words; /* space separated, folded the way text is */
};

static const struct cue_words k_words[] = {
    {"en", "the and of to is are you your for with that this how what can from about which "
           "would could should my me i it be an not do does in at give list "
           "write explain describe create generate provide tell make help detailed "
           "please all set what's whats check remove cancel delete next today tomorrow "
           "stop show find play turn off get need want have has was were will there "
           "their they we our us he she his her them time day week new old some any "
           "much many more most other also just like know who when where why"},
    {"de", "der die das und ist nicht ich sie mit für ein eine einen wie zu den dem des auf "
           "sich auch oder wird kann können über von im zum zur wir man "
           "schreibe schreiben erkläre erklären beschreibe erstelle erstellen gib in was "
           "sind welche gibt es meinem meine mir mich einige könnte möchte"},
    {"nl", "de het een van niet ik je voor zijn naar mijn deze dit wordt hebben worden hoe "
           "wat kan om er ook bij uit maak schrijf geef zou kunnen leg beschrijf "
           "genereer ontwikkelen die beste manier mensen welke welk tekst noem vertel "
           "alstublieft"},
    {"af", "nie vir jy ek hierdie skryf n sy jou gee sal verduidelik beskryf ons hulle "
           "baie kry moet"},
    {"es", "el los las del que y en por para con una un es cómo qué está sobre sus su se lo "
           "puedo escribe escribir explica explicar crea crear dame genera generar "
           "proporciona más soy tengo quiero cómo dónde cuáles algunos algunas muy pero "
           "también desde hasta dígame ayúdame escriba describir redactar paso mis "
           "sus hacer puede gustaría formas"},
    {"pt", "o os as do da dos das que em um uma é não para com como você sobre seu sua ao "
           "na no pelo posso escreva escrever explique explicar descreva crie criar "
           "dê gere forneça eu meu minha meus quero tenho fazer também muito mas"},
    {"ca", "el els les del que i en per amb una un és com què sobre seu seva al la això "
           "aquest puc escriu escriure descriu dona"},
    {"fr", "le les des du de et est un une pour avec comment que qui je vous ne pas sur "
           "dans au aux ce cette écris écrire explique expliquez décris crée créer "
           "donne génère fournis je mon ma mes suis veux peux faire aussi très mais "
           "quels quelles sont il y a ai où puis tant rédiger rédigez générer concevoir"},
    {"it", "il lo gli del della che e è un una per con come non di sul nella alla sono "
           "questo posso scrivi scrivere spiega spiegare descrivi crea creare dammi "
           "genera generare fornisci fornire dimmi descrivere dare modi dei delle "
           "degli gli istruzioni sono voglio vorrei posso mio mia miei fare anche"},
    {"ro", "și în de la cu pe care este pentru un o nu să ce din"},
    {"pl", "i w z na nie się jak to do że jest czy co dla aby oraz mogę napisz wyjaśnij opisz stwórz podaj"},
    {"tr", "ve bir bu için ile nasıl ne da de mi çok olan"},
    {"yo", "ti ni si awọn ati fun lati bi kan o mo ṣe ẹ wa"},
    {"sv", "och att det som är för en ett med på jag inte hur vad"},
    {"da", "og at det som er for en et med på jeg ikke hvordan hvad"},
    {"nb", "og at det som er for en et med på jeg ikke hvordan hva"},
    {"id", "dan yang untuk dengan di ini itu dari cara apa bagaimana saya"},
    {"vi", "và của là có cho không những một các"},
    {"sw", "na ya wa kwa ni la katika za kuhusu jinsi"},
    {"fi", "ja on ei se että kuinka miten mikä"},
    {"cs", "a je se na že jak pro to které"},
    {"sk", "a je sa na že ako pre to ktoré"},
    {"hu", "a az és hogy nem egy van"},
    {"hr", "i je se na da kako za to koji"},
};

struct cue_letters {
    const char *code;
    uint32_t letters[12];
};

/* Letters that, among the candidates, one language writes. */
static const struct cue_letters k_letters[] = {
    {"yo", {0x1EB9, 0x1ECD, 0x1E63, 0}},                       /* ẹ ọ ṣ */
    {"tr", {0x131, 0x11F, 0x15F, 0}},                          /* ı ğ ş */
    {"pl", {0x142, 0x105, 0x119, 0x15B, 0x17C, 0x17A, 0x107, 0}}, /* ł ą ę ś ż ź ć */
    {"pt", {0xE3, 0xF5, 0}},                                    /* ã õ */
    {"es", {0xF1, 0}},                                          /* ñ */
    {"de", {0xDF, 0}},                                          /* ß */
    {"ro", {0x103, 0x219, 0x21B, 0x163, 0}},                    /* ă ș ț ţ */
    {"vi", {0x1B0, 0x1A1, 0x111, 0}},                           /* ư ơ đ */
};

static uint64_t s_key[SLOTS];
static uint64_t s_mask[SLOTS];
static int s_letter_profile[sizeof k_letters / sizeof k_letters[0]];

static uint64_t word_hash(const uint32_t *w, size_t k)
{
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < k; i++) {
        h ^= w[i];
        h *= 1099511628211ull;
    }
    return h | 1; /* 0 marks an empty slot */
}

static int profile_of(const char *code)
{
    for (size_t p = 0; p < kl_langid_latin_count; p++)
        if (strcmp(kl_langid_latin_codes[p], code) == 0)
            return (int)p;
    return -1;
}

static void word_add(uint64_t key, int p)
{
    uint32_t i = (uint32_t)key & (SLOTS - 1);
    while (s_key[i] && s_key[i] != key)
        i = (i + 1) & (SLOTS - 1);
    s_key[i] = key;
    s_mask[i] |= 1ull << p;
}

static uint64_t word_mask(uint64_t key)
{
    uint32_t i = (uint32_t)key & (SLOTS - 1);
    while (s_key[i]) {
        if (s_key[i] == key)
            return s_mask[i];
        i = (i + 1) & (SLOTS - 1);
    }
    return 0;
}

void kl_langid_cues_build(void)
{
    for (size_t l = 0; l < sizeof k_words / sizeof k_words[0]; l++) {
        int p = profile_of(k_words[l].code);
        if (p < 0)
            continue;
        uint32_t cps[512];
        size_t n = kl_langid_fold_letters(k_words[l].words, strlen(k_words[l].words), cps, 512);
        size_t s = 0;
        for (size_t i = 0; i <= n; i++)
            if (i == n || cps[i] == ' ') {
                if (i > s)
                    word_add(word_hash(cps + s, i - s), p);
                s = i + 1;
            }
    }
    for (size_t l = 0; l < sizeof k_letters / sizeof k_letters[0]; l++)
        s_letter_profile[l] = profile_of(k_letters[l].code);
}

void kl_langid_adjust_cues(const uint32_t *cps, size_t n, double *cost)
{
    unsigned matches[KL_LANGID_MAX_PROFILES] = {0};
    unsigned words = 0;
    size_t s = 0;
    for (size_t i = 0; i <= n; i++)
        if (i == n || cps[i] == ' ') {
            if (i > s) {
                words++;
                uint64_t m = word_mask(word_hash(cps + s, i - s));
                for (size_t p = 0; m && p < kl_langid_latin_count; p++)
                    if (m & (1ull << p))
                        matches[p]++;
            }
            s = i + 1;
        }
    if (words == 0)
        return;
    for (size_t p = 0; p < kl_langid_latin_count; p++)
        cost[p] -= WORD_WEIGHT * (double)matches[p] / (double)words -
                   (p < kl_langid_core_count ? 0.0 : OTHER_PRIOR);
    for (size_t l = 0; l < sizeof k_letters / sizeof k_letters[0]; l++) {
        int p = s_letter_profile[l];
        if (p < 0)
            continue;
        for (size_t i = 0; i < n; i++) {
            const uint32_t *c;
            for (c = k_letters[l].letters; *c && *c != cps[i]; c++)
                ;
            if (*c) {
                cost[p] -= LETTER_WEIGHT;
                break;
            }
        }
    }
}
