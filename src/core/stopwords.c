/* stopwords.c — request-frame words per language (kl_stopword_is_frame) and grammar-only
 * character n-grams of unspaced scripts (kl_stopword_is_frame_ngram). */
#include "kleio/stopwords.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Lower case, as kl_tokenize leaves words; one word each (kl_tokenize splits "ajuda'm"). */
static const char *frame_words[] = {
    /* en */ "could", "would", "can", "please", "help", "need", "want", "write", "explain",
    "something", "someone", "quick", "question", "simple", "simply", "easiest", "easy", "way",
    "step", "advice", "understand", "don", "doesn", "isn", "didn", "im", "ive", "keep",
    "keeps", "really", "exactly", "first", "detailed", "short", "thing", "things", "hi",
    "hello", "thanks", "thank", "anyone", "possible", "give", "tell", "make", "know", "put",
    "together", "figure", "out", "difference", "between",
    /* es */ "puedes", "podrías", "puede", "necesito", "quiero", "ayúdame", "ayudas", "ayuda",
    "ayudar", "por", "favor", "explica", "explícame", "explicar", "escribe", "escribir",
    "redacta", "redáctame", "dame", "hazme", "haz", "cómo", "qué", "cuál", "sobre", "para",
    "con", "una", "uno", "unos", "unas", "los", "las", "del", "que", "de", "la", "el", "en",
    "mi", "mis", "me", "te", "se", "lo", "le", "es", "no", "sí", "y", "o", "al", "algo",
    "forma", "manera", "fácil", "sencilla", "rápida", "pregunta", "paso", "consejo",
    "entiendo", "sé", "hago", "hacer", "debería", "primero", "sigue", "breve", "gracias",
    "hola", "mí", "tú", "muy", "más", "como", "cual", "sería", "montar",
    /* fr */ "peux", "pouvez", "tu", "vous", "je", "moi", "aide", "aider", "aidez", "besoin",
    "veux", "voudrais", "explique", "expliquer", "expliquez", "écris", "écrire", "rédige",
    "rédiger", "donne", "donner", "fais", "faire", "comment", "quoi", "quel", "quelle",
    "pourquoi", "est", "ce", "qu", "qui", "du", "des", "le", "les", "un", "une", "et", "ou",
    "sur", "pour", "avec", "mon", "ma", "mes", "ton", "ta", "pas", "ne", "plus", "il",
    "elle", "façon", "manière", "simplement", "rapide", "étape", "conseil", "comprends",
    "sais", "merci", "bonjour", "plaît", "svp", "très", "à", "au", "aux",
    /* pt */ "pode", "podes", "você", "voce", "preciso", "quero", "ajude", "explique",
    "escreva", "escrever", "redija", "dê", "faça", "fazer", "qual", "um", "os", "as", "do",
    "da", "dos", "das", "no", "na", "meu", "minha", "e", "não", "eu", "é", "isso", "isto",
    "fácil", "simples", "passo", "seria", "dúvida", "conselho", "entendo", "sei", "obrigado", "obrigada", "olá",
    /* ca */ "pots", "podries", "pot", "necessito", "vull", "escriu", "fes", "com", "què",
    "quin", "quina", "amb", "els", "i", "em", "meva", "és", "fàcil", "senzilla", "pas",
    "consell", "entenc", "gràcies",
    /* uk */ "можеш", "можете", "мені", "мене", "потрібно", "треба", "хочу", "допоможи",
    "допоможіть", "допомогти", "поясни", "поясніть", "напиши", "напишіть", "склади", "дай",
    "зроби", "як", "що", "який", "яка", "чому", "будь", "ласка", "про", "для", "з", "і",
    "й", "в", "у", "на", "до", "не", "це", "мій", "моя", "мої", "я", "ти", "щось", "спосіб",
    "просто", "простими", "швидке", "питання", "крок", "порада", "розумію", "знаю",
    "дякую", "привіт",
    /* ru */ "можешь", "мне", "меня", "нужно", "надо", "помоги", "помогите", "помочь",
    "объясни", "объясните", "напишите", "составь", "сделай", "как", "что", "какой", "какая",
    "почему", "пожалуйста", "о", "об", "с", "и", "это", "мой", "мои", "ты", "то", "способ",
    "быстрый", "вопрос", "шаг", "совет", "понимаю", "спасибо", "привет", "бы", "мог",
    "всего", "проще", "вот",
    /* tr */ "bana", "benim", "lütfen", "yardım", "yardımcı", "eder", "misin", "mısın",
    "musun", "müsün", "olur", "olabilir", "yaz", "yazar", "yazabilir", "açıkla", "açıklar",
    "nasıl", "ne", "neden", "hangi", "için", "ile", "ve", "bir", "bu", "şu", "çok",
    "istiyorum", "ihtiyacım", "var", "yok", "hakkında", "kısa", "basit", "basitçe", "soru",
    "adım", "tavsiye", "anlamıyorum", "bilmiyorum", "teşekkürler", "merhaba", "sen", "ben",
    "mi", "mı", "mu", "mü", "de", "da", "şunu", "şey", "konuda", "olduğu",
    /* ar */ "هل", "يمكنك", "ممكن", "أريد", "اريد", "أحتاج", "احتاج", "ساعدني", "اشرح", "اكتب",
    "كيف", "ما", "ماذا", "لماذا", "من", "في", "على", "إلى", "الى", "عن", "مع", "و", "أو",
    "لا", "هذا", "هذه", "لي", "بشكل", "طريقة", "سؤال", "خطوة", "نصيحة", "أفهم", "أعرف",
    "شكرا", "مرحبا", "أن", "ان", "حول", "بسيط", "بسيطة", "من فضلك", "فضلك",
    /* hi */ "मुझे", "मेरे", "मेरा", "मेरी", "क्या", "आप", "तुम", "कैसे", "क्यों", "कृपया", "मदद",
    "करें", "करो", "कर", "सकते", "सकती", "सकता", "हैं", "है", "हूं", "हूँ", "चाहिए", "चाहता",
    "चाहती", "लिखो", "लिखें", "समझाओ", "समझाइए", "बताओ", "बताइए", "के", "की", "का", "को", "में",
    "से", "पर", "और", "या", "नहीं", "यह", "एक", "लिए", "बारे", "तरीका", "आसान", "सवाल",
    "कदम", "सलाह", "धन्यवाद", "नमस्ते", "दो", "दें",
    /* hy */ "կարող", "ես", "եք", "եմ", "է", "ինձ", "իմ", "օգնիր", "օգնեք", "օգնել",
    "բացատրիր", "բացատրեք", "գրիր", "գրեք", "տուր", "ինչպես", "ինչ", "ինչու", "որ", "որը",
    "խնդրում", "համար", "մասին", "և", "կամ", "չեմ", "ոչ", "այս", "մի", "պետք", "ուզում",
    "հարց", "քայլ", "խորհուրդ", "շնորհակալություն", "բարև",
    /* ka */ "შეგიძლია", "შეგიძლიათ", "დამეხმარე", "დამეხმარეთ", "მინდა", "მჭირდება",
    "ამიხსენი", "ამიხსენით", "დაწერე", "დამიწერე", "მომეცი", "როგორ", "რა", "რატომ",
    "რომელი", "გთხოვ", "გთხოვთ", "შესახებ", "და", "ან", "არ", "ეს", "ჩემი", "მე", "შენ",
    "არის", "კითხვა", "რომელიც", "ამას", "ეხება", "რჩევა", "მესმის", "ვიცი", "მადლობა", "გამარჯობა",
    /* af */ "kan", "jy", "u", "my", "asseblief", "nodig", "wil", "verduidelik", "skryf",
    "gee", "maak", "hoe", "wat", "waarom", "hoekom", "watter", "oor", "vir", "met", "en",
    "of", "nie", "die", "n", "is", "ek", "dit", "iets", "manier", "maklik", "eenvoudig",
    "vinnige", "vraag", "stap", "raad", "verstaan", "weet", "dankie", "hallo", "het", "moet",
    "eerste", "vra",
};

/* Chinese characters that carry grammar, not topic. */
static const char han_function[] =
    "我你您他她它们的了是在吗呢吧啊请帮能可以怎么如何为什么这那个和把给不要想一下有没就都也很还需";

static const char **sorted;
static size_t n_sorted;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void build(void)
{
    n_sorted = sizeof frame_words / sizeof *frame_words;
    sorted = malloc(n_sorted * sizeof *sorted);
    if (!sorted) {
        n_sorted = 0;
        return;
    }
    memcpy(sorted, frame_words, n_sorted * sizeof *sorted);
    qsort(sorted, n_sorted, sizeof *sorted, cmp_str);
}

static size_t encode(uint32_t c, char *out)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

bool kl_stopword_is_frame(const uint32_t *cp, size_t len)
{
    char w[128];
    size_t n = 0;
    if (len == 0 || len > 30)
        return false;
    for (size_t i = 0; i < len; i++)
        n += encode(cp[i], w + n);
    w[n] = 0;
    pthread_once(&once, build);
    const char *key = w;
    return bsearch(&key, sorted, n_sorted, sizeof *sorted, cmp_str) != NULL;
}

bool kl_stopword_is_frame_ngram(const uint32_t *cp, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (cp[i] >= 0x3041 && cp[i] <= 0x309F)
            continue;                            /* hiragana: Japanese grammar */
        char c[5];
        c[encode(cp[i], c)] = 0;
        if (cp[i] < 0x3400 || !strstr(han_function, c))
            return false;
    }
    return true;
}
