/* summary.c — kl_summary: pick the most request-like sentences of the first user turns. */
#include "kleio/summary.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/buf.h"
#include "kleio/concepts.h"
#include "kleio/mem.h"
#include "kleio/scrub.h"
#include "kleio/tokens.h"
#include "kleio/utf8.h"
#include "textfold.h"

/* Words and phrases that open a request or a question (lowercase; matched at a word
 * start, anywhere in the sentence, more weight at its start). */
static const char *const request_cues[] = {
    /* en */ "can you", "could you", "would you", "will you", "please", "help me", "how do",
    "how to", "how can", "how does", "how much", "what", "why", "which", "when", "where", "who",
    "is it", "is there", "are there", "should i", "write", "create", "make", "explain",
    "give me", "i need", "i want", "i'd like", "i would like", "show me", "tell me", "generate",
    "fix", "translate", "list", "summarize", "summarise", "draft", "suggest", "recommend",
    "compare", "describe", "find", "calculate", "convert", "rewrite", "edit", "plan", "design",
    "build", "implement", "debug", "set", "play", "turn", "add", "remind", "book", "order",
    /* es, ca, pt */ "puedes", "podrías", "podrias", "cómo", "como", "qué", "que", "por qué",
    "cuál", "escribe", "necesito", "quiero", "ayúdame", "ayudame", "explica", "explícame",
    "dame", "haz", "traduce", "podries", "com", "quin", "escriu", "necessito", "vull",
    "ajuda'm", "explica'm", "você pode", "voce pode", "pode", "escreva", "preciso", "quero",
    "me ajude", "ajude", "explique", "traduza", "qual",
    /* fr, it */ "peux-tu", "pouvez-vous", "comment", "pourquoi", "quel", "quelle", "écris",
    "écrivez", "j'ai besoin", "je veux", "je voudrais", "explique", "expliquez", "aide-moi",
    "aidez-moi", "traduis", "puoi", "potresti", "come", "perché", "scrivi", "ho bisogno",
    "voglio", "vorrei", "spiega", "aiutami", "traduci",
    /* de, nl, af */ "kannst du", "können sie", "könntest du", "wie", "warum", "was ist", "welche",
    "schreib", "schreibe", "ich brauche", "ich möchte", "erkläre", "erklär", "hilf mir",
    "übersetze", "kun je", "kunt u", "hoe", "waarom", "wat", "schrijf", "ik wil", "ik heb",
    "leg uit", "help me", "vertaal", "kan jy", "kan u", "skryf", "ek wil", "ek het", "verduidelik",
    "help my", "hoekom", "wat is",
    /* pl */ "czy możesz", "czy mógłbyś", "jak", "dlaczego", "co", "napisz", "potrzebuję",
    "chcę", "wyjaśnij", "pomóż", "przetłumacz",
    /* ru, uk */ "можешь", "можете", "как", "почему", "что", "какой", "напиши", "напишите",
    "помоги", "помогите", "объясни", "объясните", "мне нужно", "хочу", "переведи", "підкажи",
    "можеш", "як", "чому", "що", "який", "допоможи", "поясни", "мені потрібно", "переклади",
    "расскажи", "розкажи", "подскажи",
    /* tr */ "nasıl", "neden", "nedir", "yazar mısın", "yaz", "yardım", "açıkla", "istiyorum",
    "lütfen", "çevir", "misin", "mısın", "musun", "müsün", "ne",
    /* ja, zh, ko, th */ "教えて", "ください", "方法", "書いて", "どう", "なぜ", "何", "ですか",
    "ますか", "请", "怎么", "如何", "帮我", "为什么", "什么", "吗", "能不能", "可以", "写一",
    "解释", "翻译", "어떻게", "써줘", "도와줘", "알려줘", "왜", "무엇", "해줘", "주세요",
    "วิธี", "ช่วย", "เขียน", "อย่างไร", "ทำไม", "อะไร",
    /* ar, hi */ "كيف", "اكتب", "ساعدني", "أريد", "هل يمكنك", "اشرح", "لماذا", "ما هو", "ما هي",
    "ترجم", "कैसे", "लिखो", "लिखें", "मदद", "चाहता", "चाहती", "बताओ", "बताएं", "कृपया", "क्या",
    "क्यों", "समझाओ",
    /* hy, ka, yo */ "ինչպես", "գրիր", "օգնիր", "ուզում եմ", "ինչու", "բացատրիր", "ինչ",
    "როგორ", "დამეხმარე", "დაწერე", "მინდა", "ახსენი", "რატომ", "რა", "bawo ni", "jọwọ",
    "kọ", "ṣe alaye", "kí ni", "ki ni", "ràn mí lọ́wọ́", "ran mi lowo", NULL};
static kl_phrases request_cues_set = KL_PHRASES(request_cues);

/* Greetings, thanks and sign-offs: a sentence that is little else is dropped, and a
 * leading one is cut from the sentence it opens. */
static const char *const pleasantries[] = {
    "hi", "hello", "hey", "hiya", "good morning", "good afternoon", "good evening", "greetings",
    "dear", "thanks", "thank you", "thx", "ty", "regards", "cheers", "best regards",
    "kind regards", "sincerely", "ok", "okay", "great", "cool", "perfect", "sure",
    "hola", "buenos días", "buenas tardes", "buenas", "gracias", "muchas gracias", "saludos",
    "bon dia", "bona tarda", "gràcies", "moltes gràcies", "olá", "ola", "oi", "bom dia",
    "boa tarde", "obrigado", "obrigada", "bonjour", "bonsoir", "salut", "coucou", "merci",
    "merci beaucoup", "cordialement", "ciao", "buongiorno", "buonasera", "salve", "grazie",
    "hallo", "guten tag", "guten morgen", "servus", "moin", "danke", "vielen dank", "hoi",
    "goedemorgen", "goedendag", "dank je", "dank u", "bedankt", "dankie", "goeie môre",
    "cześć", "dzień dobry", "dziękuję", "dzięki", "привет", "здравствуйте", "добрый день",
    "доброе утро", "спасибо", "привіт", "вітаю", "добрий день", "дякую", "merhaba", "selam",
    "teşekkürler", "teşekkür ederim", "sağol", "こんにちは", "こんばんは", "おはよう",
    "ありがとう", "よろしくお願いします", "你好", "您好", "谢谢", "嗨", "مرحبا", "مرحباً",
    "السلام عليكم", "أهلا", "شكرا", "شكراً", "नमस्ते", "नमस्कार", "धन्यवाद", "शुक्रिया",
    "բարև", "բարեւ", "շնորհակալություն", "გამარჯობა", "მადლობა", "안녕하세요", "안녕",
    "감사합니다", "고맙습니다", "สวัสดี", "สวัสดีครับ", "สวัสดีค่ะ", "ขอบคุณ", "ẹ n lẹ",
    "bawo", "ẹ ṣé", "e se", "ẹ kú àárọ̀", "how are you", "what's up", "qué tal", "¿qué tal?",
    "ça va", "tudo bem", "e aí", "como vai", "как дела", "як справи", "ողջույն", "բարի լույս",
    "բարև ձեզ", "დილა მშვიდობისა", "სალამი", "goeiemôre", "goeiemiddag", "haai",
    "iyi günler", "günaydın", "はじめまして", "早上好", "晚上好", "下午好", "صباح الخير",
    "مساء الخير", "أهلاً", "أهلا وسهلا", "सुप्रभात", "nice to meet you", NULL};
static kl_phrases pleasantries_set = KL_PHRASES(pleasantries);

/* Personal disclosures ("I was diagnosed with …") say nothing about the request and may
 * be the most private sentence of a conversation: never preferred. */
static const char *const disclosures[] = {
    "diagnosed", "my doctor", "diagnostic", "diagnosticad", "diagnostiqu", "diagnose",
    "diagnosi", "диагноз", "діагноз", "tanısı", "teşhis", "診断", "确诊", "诊断", "تشخيص",
    "निदान", "ախտորոշ", "დიაგნოზ", "gediagnos", "zdiagnozowano", "my name", "me llamo",
    "je m'appelle", "меня зовут", "i live", "vivo en", "j'habite", "я живу", NULL};
static kl_phrases disclosures_set = KL_PHRASES(disclosures);

typedef struct sentence {
    size_t start, end;
    int score;
    size_t index;
} sentence;

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* "Hi there", "hello everyone", "thanks a lot" */
static const char *const fillers[] = {"there", "everyone", "all", "guys", "a lot", "so much",
                                      "very much", "in advance", "again", "team", "friend",
                                      "chatgpt", "claude", NULL};
static kl_phrases fillers_set = KL_PHRASES(fillers);

/* Skips leading greetings ("Hi there, ", "Hola! ") and returns the new start. */
static size_t skip_pleasantries(const char *s, size_t from, size_t to)
{
    for (int rounds = 0; rounds < 3; rounds++) {
        size_t i = from;
        while (i < to && (is_space((unsigned char)s[i]) || (s[i] && strchr(",.!:;-", s[i])) ||
                          kl_fold_match(s + i, to - i, "¿") || kl_fold_match(s + i, to - i, "¡") ||
                          kl_fold_match(s + i, to - i, "，") || kl_fold_match(s + i, to - i, "、") ||
                          kl_fold_match(s + i, to - i, "！") || kl_fold_match(s + i, to - i, "،")))
            i += ((unsigned char)s[i] < 0x80) ? 1 : ((unsigned char)s[i] < 0xE0 ? 2 : 3);
        size_t m = i < to ? kl_phrases_match(&pleasantries_set, s + i, to - i, NULL) : 0;
        if (!m)
            return rounds == 0 ? from : i;        /* keep a leading "¿" of the request */
        from = i + m;
        size_t j = from;
        while (j < to && s[j] == ' ')
            j++;
        size_t f = j < to ? kl_phrases_match(&fillers_set, s + j, to - j, NULL) : 0;
        if (f)
            from = j + f;
    }
    return from;
}

static size_t count_letters(const char *s, size_t from, size_t to)
{
    size_t letters = 0, len;
    for (size_t i = from; i < to; i += len) {
        uint32_t cp = kl_cp_at(s, to, i, &len);
        letters += kl_cp_is_letter(cp) ? (kl_cp_is_unspaced(cp) ? 3 : 1) : 0;
    }
    return letters;
}

static bool terminator(const char *s, size_t n, size_t i, size_t *len)
{
    uint32_t cp = kl_cp_at(s, n, i, len);
    switch (cp) {
    case '\n':
        return true;
    case '.': case '!': case '?': case ';':
        while (i + *len < n && (s[i + *len] && strchr(".!?", s[i + *len])))
            (*len)++;
        return i + *len >= n || is_space((unsigned char)s[i + *len]);
    case 0x3002: case 0xFF01: case 0xFF1F: case 0x061F: case 0x0964: case 0x0589: case 0x06D4:
        return true;
    default:
        return false;
    }
}

static size_t split_sentences(const char *s, size_t n, sentence **out)
{
    size_t cap = 8, count = 0, start = 0, len;
    sentence *v = kl_malloc(cap * sizeof *v);
    for (size_t i = 0; i <= n; i += len) {
        len = 1;
        if (i < n && !terminator(s, n, i, &len))
            continue;
        size_t end = (i == n || s[i] == '\n') ? i : i + len;
        size_t from = skip_pleasantries(s, start, end);
        if (count_letters(s, from, end) >= 2) {
            if (count == cap)
                v = kl_reallocarray(v, cap *= 2, sizeof *v);
            v[count] = (sentence){from, end, 0, count};
            count++;
        }
        if (i == n)
            break;
        start = i + len;
    }
    *out = v;
    return count;
}

static int score_sentence(const char *s, const sentence *st)
{
    bool first;
    int score = 0;
    int cues = kl_phrases_count(&request_cues_set, s, st->start, st->end, &first);
    score += first ? 3 : (cues > 0 ? 1 : 0);
    size_t len;
    size_t last = st->end;
    while (last > st->start && is_space((unsigned char)s[last - 1]))
        last--;
    uint32_t tail = kl_cp_before(s, last, NULL);
    if (tail == '?' || tail == 0xFF1F || tail == 0x061F || tail == 0x055E)
        score += 3;
    if (kl_phrases_count(&disclosures_set, s, st->start, st->end, NULL) > 0)
        score -= 4;
    size_t letters = count_letters(s, st->start, st->end);
    if (letters < 12)
        score -= 3;                              /* "Why not?", "Any advice?" */
    if (letters > 30)
        score += 1;
    for (size_t i = st->start; i < st->end; i += len) {
        kl_cp_at(s, st->end, i, &len);
        if (s[i] == '[' && st->end - i > 4 && s[i + 1] >= 'A' && s[i + 1] <= 'Z') {
            score -= 1;                          /* a scrubbed detail: rather another one */
            break;
        }
    }
    /* People state the request first; what follows is detail, follow-ups, filler. */
    score += st->index == 0 ? 2 : st->index == 1 ? 1 : st->index > 4 ? -2 : 0;
    return score;
}

static int by_score(const void *a, const void *b)
{
    const sentence *x = a, *y = b;
    if (x->score != y->score)
        return y->score - x->score;
    return x->index < y->index ? -1 : x->index > y->index;
}

static int by_index(const void *a, const void *b)
{
    const sentence *x = a, *y = b;
    return x->index < y->index ? -1 : x->index > y->index;
}

static size_t cp_count(const char *s, size_t from, size_t to)
{
    size_t count = 0;
    for (size_t i = from; i < to; i++)
        count += ((unsigned char)s[i] & 0xC0) != 0x80;
    return count;
}

/* Drops fenced code blocks (keeping their language tag) and returns whether any existed. */
static bool strip_code(const char *text, kl_buf *out, kl_buf *tags)
{
    bool code = false;
    const char *p = text;
    for (;;) {
        const char *fence = strstr(p, "```");
        if (!fence) {
            kl_buf_puts(out, p);
            break;
        }
        code = true;
        kl_buf_append(out, p, (size_t)(fence - p));
        kl_buf_putc(out, '\n');
        const char *tag = fence + 3, *tag_end = tag;
        while ((*tag_end >= 'a' && *tag_end <= 'z') || (*tag_end >= 'A' && *tag_end <= 'Z') ||
               *tag_end == '+' || *tag_end == '#')
            tag_end++;
        if (tag_end > tag && tag_end - tag < 16 && !strstr(kl_buf_cstr(tags), "code")) {
            kl_buf_append(tags, tag, (size_t)(tag_end - tag));
            kl_buf_puts(tags, " code");
        }
        const char *close = strstr(tag_end, "```");
        if (!close)
            break;
        p = close + 3;
    }
    return code;
}

/* Summarises s[0..n) (already scrubbed) into out; returns the best sentence's score. */
static int pick(const char *s, size_t n, kl_buf *out)
{
    sentence *v;
    size_t count = split_sentences(s, n, &v);
    if (count == 0) {
        free(v);
        return -100;
    }
    for (size_t k = 0; k < count; k++)
        v[k].score = score_sentence(s, &v[k]);
    /* A short generic question ("What should I check first?", "Can you make a schedule?")
     * needs the sentence next to it, which usually names the topic. */
    sentence *order = kl_malloc(count * sizeof *order);
    memcpy(order, v, count * sizeof *order);
    qsort(v, count, sizeof *v, by_score);
    int best = v[0].score;
    size_t keep = 1, budget = cp_count(s, v[0].start, v[0].end);
    size_t context = count;                      /* index of the neighbour to keep, if any */
    if (count_letters(s, v[0].start, v[0].end) < 40) {
        size_t b = v[0].index, around[2] = {b > 0 ? b - 1 : count, b + 1};
        int cbest = -2;                          /* the one before wins a tie */
        for (int c = 0; c < 2; c++) {
            size_t nb = around[c];
            if (nb < count && order[nb].score >= 0 && order[nb].score > cbest &&
                count_letters(s, order[nb].start, order[nb].end) >= 12) {
                cbest = order[nb].score;
                context = nb;
            }
        }
    }
    for (size_t k = 1; k < count && budget < KL_SUMMARY_MAX * 2 / 3; k++) {
        size_t c = cp_count(s, v[k].start, v[k].end);
        bool strong = v[k].score >= best - 2 && v[k].score >= 2 &&
                      count_letters(s, v[k].start, v[k].end) >= 12;
        if (!(v[k].index == context || strong) || budget + c + 1 > KL_SUMMARY_MAX)
            continue;
        v[keep++] = v[k];
        budget += c + 1;
    }
    free(order);
    qsort(v, keep, sizeof *v, by_index);
    for (size_t k = 0; k < keep; k++) {
        if (k)
            kl_buf_putc(out, ' ');
        kl_buf_append(out, s + v[k].start, v[k].end - v[k].start);
    }
    free(v);
    return best;
}

char *kl_summary(const char *const *turns, size_t n_turns)
{
    kl_buf prose = KL_BUF_INIT, tags = KL_BUF_INIT, scrubbed = KL_BUF_INIT, picked = KL_BUF_INIT;
    size_t limit = n_turns < 3 ? n_turns : 3;
    for (size_t t = 0; t < limit; t++) {
        if (!turns[t])
            continue;
        strip_code(turns[t], &prose, &tags);
        kl_buf_putc(&prose, '\n');
        kl_buf_clear(&scrubbed);
        kl_buf_clear(&picked);
        kl_scrub(prose.data, prose.len, &scrubbed, NULL);
        int best = pick(scrubbed.data, scrubbed.len, &picked);
        if (best >= 2 && cp_count(picked.data ? picked.data : "", 0, picked.len) >= 20)
            break;
    }
    /* The English gloss: topics named in the kept sentences first, then in the rest of
     * the scrubbed turns. It holds lexicon terms only, never words of the text. */
    kl_buf_putc(&picked, ' ');
    kl_buf_append(&picked, tags.data ? tags.data : "", tags.len);
    char *gloss = kl_concepts_gloss(kl_buf_cstr(&picked), kl_buf_cstr(&scrubbed));
    picked.len -= tags.len + 1;
    if (picked.data)
        picked.data[picked.len] = 0;
    size_t gloss_cp = cp_count(gloss, 0, strlen(gloss));
    size_t room = gloss_cp ? KL_SUMMARY_MAX - gloss_cp - 3 : KL_SUMMARY_MAX;
    if (tags.len && picked.len < room - 20) {
        kl_buf_puts(&picked, " (");
        kl_buf_append(&picked, tags.data, tags.len);
        kl_buf_putc(&picked, ')');
    }
    /* The joined text is scrubbed once more: two kept sentences side by side could form
     * a pattern (digits of one next to the other's) that neither formed alone. */
    kl_buf_clear(&scrubbed);
    kl_scrub(kl_buf_cstr(&picked), picked.len, &scrubbed, NULL);
    char *out = kl_summary_clean(kl_buf_cstr(&scrubbed), room);
    if (gloss_cp) {
        kl_buf b = KL_BUF_INIT;
        kl_buf_puts(&b, out);
        kl_buf_puts(&b, b.len ? KL_GLOSS_SEPARATOR : "");
        kl_buf_puts(&b, gloss);
        free(out);
        out = kl_buf_steal(&b);
    }
    free(gloss);
    kl_buf_free(&prose);
    kl_buf_free(&tags);
    kl_buf_free(&scrubbed);
    kl_buf_free(&picked);
    return out;
}

char *kl_summary_clean(const char *text, size_t max_cp)
{
    char *safe = kl_sanitize(text);
    kl_buf b = KL_BUF_INIT;
    size_t cps = 0, last_space = 0, len;
    bool space = false, cut = false;
    size_t n = strlen(safe);
    for (size_t i = 0; i < n; i += len) {
        uint32_t cp = kl_cp_at(safe, n, i, &len);
        if (cp == ' ' || cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A) ||
            cp == 0x202F || cp == 0x205F) {
            space = b.len > 0;
            continue;
        }
        if (cps + (space ? 1 : 0) + 1 > max_cp - 1) {
            cut = true;
            break;
        }
        if (space) {
            last_space = b.len;
            kl_buf_putc(&b, ' ');
            cps++;
            space = false;
        }
        kl_buf_append(&b, safe + i, len);
        cps++;
    }
    if (cut) {
        if (last_space > b.len / 2)
            b.len = last_space;
        while (b.len > 0 && strchr(" ,;:-", b.data[b.len - 1]))
            b.len--;
        if (b.data)
            b.data[b.len] = 0;
        kl_buf_puts(&b, "…");
    }
    free(safe);
    if (!b.data)
        kl_buf_puts(&b, "");
    return kl_buf_steal(&b);
}
