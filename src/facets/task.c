/* task.c — kl_task_classify: a cheap task type from cue words in many languages. */
#include <stdbool.h>
#include <string.h>

#include "kleio/facets.h"
#include "textfold.h"

static const char *const code_cues[] = {
    "code", "coding", "python", "javascript", "typescript", "java", "c++", "c#", "rust",
    "golang", "sql", "regex", "function", "script", "compile", "compiler", "bug", "debug",
    "error", "exception", "stack trace", "api", "html", "css", "react", "docker", "git",
    "program", "programming", "algorithm", "class", "variable", "database", "query", "json",
    "código", "programa", "programación", "fonction", "programmation", "programmieren",
    "funktion", "fehler", "codice", "funzione", "programmeren", "kode", "kod", "funkcj*",
    "код", "функци*", "программ*", "ошибк*", "програм*", "помилк*", "fonksiyon", "hata",
    "コード", "プログラム", "関数", "エラー", "代码", "程序", "函数", "报错", "编程", "코드",
    "프로그램", "함수", "오류", "โค้ด", "โปรแกรม", "ฟังก์ชัน", "كود", "برمجة", "دالة", "خطأ",
    "कोड", "प्रोग्राम", "फ़ंक्शन", "կոդ", "ծրագիր", "ფუნქცი*", "კოდ*", "პროგრამ*", "kóòdù", NULL};
static kl_phrases code_cues_set = KL_PHRASES(code_cues);

static const char *const translation_cues[] = {
    "translate", "translation", "traduce", "traducir", "traducción", "traduis", "traduire",
    "traduction", "traduza", "traduzir", "tradução", "tradueix", "traducció", "übersetze",
    "übersetzen", "übersetzung", "traduci", "tradurre", "traduzione", "vertaal", "vertaling",
    "przetłumacz", "tłumaczenie", "переведи", "перевести", "перевод", "переклади",
    "перекласти", "переклад", "çevir", "tercüme", "翻訳", "翻译", "번역", "แปล", "ترجم",
    "ترجمة", "अनुवाद", "թարգմանի*", "თარგმნ*", "túmọ̀", NULL};
static kl_phrases translation_cues_set = KL_PHRASES(translation_cues);

static const char *const writing_cues[] = {
    "write", "essay", "poem", "story", "letter", "cover letter", "blog post", "article",
    "resume", "résumé", "cv", "draft", "rewrite", "paraphrase", "proofread", "lyrics",
    "escribe", "escribir", "redacta", "carta", "ensayo", "poema", "cuento", "artículo",
    "écris", "écrire", "rédige", "lettre", "poème", "histoire", "escreva", "escrever",
    "redija", "escriu", "schreib", "schreibe", "aufsatz", "gedicht",
    "scrivi", "lettera", "saggio", "schrijf", "skryf", "napisz", "wiersz",
    "напиши", "напишите", "написать", "письмо", "эссе", "статью", "стихотворение", "рассказ",
    "лист", "вірш", "yaz", "mektup", "makale", "şiir", "書いて", "作文", "手紙", "写一", "写",
    "文章", "써줘", "편지", "에세이", "เขียน", "اكتب", "رسالة", "مقال", "लिखो", "लिखें", "लिख",
    "पत्र", "निबंध", "գրիր", "նամակ", "დაწერე", "წერილი", "kọ", "lẹ́tà", NULL};
static kl_phrases writing_cues_set = KL_PHRASES(writing_cues);

static const char *const advice_cues[] = {
    "should i", "advice", "what should", "recommend", "help me decide", "is it worth",
    "consejo", "debería", "recomiendas", "conseil", "devrais", "recommandes", "conselho",
    "devo", "recomenda", "consell", "hauria", "sollte", "empfiehlst", "consiglio",
    "dovrei", "advies", "moet ik", "raad", "porada", "powinienem", "powinnam", "совет",
    "стоит ли", "посоветуй", "порада", "порадь", "чи варто", "tavsiye", "öneri", "すべき",
    "アドバイス", "おすすめ", "建议", "应该", "推荐", "조언", "추천", "해야", "คำแนะนำ",
    "ควร", "نصيحة", "أنصح", "هل يجب", "सलाह", "चाहिए", "խորհուրդ", "რჩევა", "ìmọ̀ràn", NULL};
static kl_phrases advice_cues_set = KL_PHRASES(advice_cues);

static int count(const char *s, size_t n, kl_phrases *set)
{
    return kl_phrases_count(set, s, 0, n, NULL);
}

static bool question(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '?' || (i + 2 < n && ((unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBC &&
                                          (unsigned char)s[i + 2] == 0x9F)) ||
            (i + 1 < n && (unsigned char)s[i] == 0xD8 && (unsigned char)s[i + 1] == 0x9F))
            return true;                        /* ? ？ ؟ */
    return false;
}

const char *kl_task_classify(const char *text, size_t len)
{
    if (memmem(text, len, "```", 3) || count(text, len, &code_cues_set) >= 2)
        return "code";
    if (count(text, len, &translation_cues_set) > 0)
        return "translation";
    if (count(text, len, &writing_cues_set) > 0)
        return "writing";
    if (count(text, len, &advice_cues_set) > 0)
        return "advice";
    if (question(text, len))
        return "question";
    return "other";
}
