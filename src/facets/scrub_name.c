/* scrub_name.c — personal names, found after cue phrases ("my name is", "me llamo",
 * "меня зовут", "我叫", "اسمي", …) or before closing ones ("田中と申します"), after
 * titles ("Dr. Smith") and after sign-offs ("Best regards, Anna"). Without a cue a
 * capitalised word is left alone: it is far more often a product, place or topic. */
#include <string.h>

#include "kleio/utf8.h"
#include "scrub_scan.h"
#include "textfold.h"

/* A name follows for sure: taken even in lowercase ("my name is john"). */
static const char *const strong_cues[] = {
    /* English */
    "my name is", "my name's", "my full name is", "my first name is", "my last name is",
    "i am called", "they call me", "name:", "full name:",
    /* Spanish */
    "me llamo", "mi nombre es", "nombre:",
    /* Catalan */
    "em dic", "el meu nom és", "em diuen",
    /* French */
    "je m'appelle", "mon nom est", "je me nomme", "nom :", "nom:", "moi c'est",
    /* Portuguese */
    "meu nome é", "me chamo", "chamo-me", "o meu nome é",
    /* Italian */
    "mi chiamo", "il mio nome è",
    /* German */
    "ich heiße", "ich heisse", "mein name ist",
    /* Dutch, Afrikaans */
    "mijn naam is", "ik heet", "my naam is", "ek heet",
    /* Polish */
    "nazywam się", "mam na imię", "moje imię to",
    /* Russian, Ukrainian */
    "меня зовут", "моё имя", "мое имя", "его зовут", "её зовут", "ее зовут", "мене звати",
    "мене звуть", "моє ім'я", "моє ім’я", "його звати", "її звати",
    /* Turkish */
    "benim adım", "benim ismim", "ismim",
    /* Armenian, Georgian */
    "իմ անունը", "անունս", "ჩემი სახელია", "ჩემი სახელი არის", "მე მქვია", "მქვია",
    /* Arabic, Hindi */
    "اسمي", "إسمي", "أنا اسمي", "اسمه", "اسمها", "يدعى", "मेरा नाम", "मेरी नाम",
    /* Chinese, Japanese, Korean, Thai */
    "我叫", "我的名字是", "我的名字叫", "他叫", "她叫", "名叫", "私の名前は", "僕の名前は", "名前は", "제 이름은", "내 이름은",
    "ผมชื่อ", "ฉันชื่อ", "ดิฉันชื่อ",
    /* Yoruba */
    "orúkọ mi ni", "oruko mi ni", "orukọ mi ni", "orúko mi ni",
    NULL};
static kl_phrases strong_cues_set = KL_PHRASES(strong_cues);

/* A name may follow ("I'm", "soy", "Dr."): only a capitalised one, not a common word. */
static const char *const weak_cues[] = {
    /* English */
    "i'm", "i am", "call me", "mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "prof.",
    "regards,", "cheers,", "sincerely,", "my wife", "my husband", "my son", "my daughter",
    "my friend", "my boss", "my colleague", "my mother", "my father", "my brother", "my sister",
    "my neighbor", "my neighbour", "my partner", "my girlfriend", "my boyfriend", "my manager",
    "my coworker", "my landlord",
    /* Spanish */
    "soy", "atentamente,", "saludos,", "un saludo,", "mi esposa", "mi esposo", "mi marido",
    "mi amigo", "mi amiga", "mi jefe", "mi hijo", "mi hija", "mi hermano", "mi hermana",
    /* Catalan */
    "sóc en", "sóc la", "soc en", "soc la", "sóc", "es diu",
    /* French */
    "je suis", "il s'appelle", "elle s'appelle", "cordialement,", "mon mari", "ma femme",
    "mon ami", "mon amie", "mon patron", "mon fils", "ma fille",
    /* Portuguese */
    "eu sou", "sou", "se chama", "atenciosamente,", "minha esposa", "meu marido", "meu amigo",
    "minha amiga", "meu chefe",
    /* Italian */
    "sono", "si chiama", "cordiali saluti,", "mia moglie", "mio marito", "il mio amico",
    /* German */
    "er heißt", "sie heißt", "mit freundlichen grüßen,", "viele grüße,", "meine frau",
    "mein mann", "mein chef", "mein freund", "meine freundin",
    /* Dutch, Afrikaans */
    "ik ben", "met vriendelijke groet,", "ek is", "groete,",
    /* Polish */
    "jestem", "z poważaniem,", "pozdrawiam,",
    /* Russian, Ukrainian */
    "зовут", "я —", "я", "с уважением,", "мой муж", "моя жена", "мой друг", "моя подруга",
    "мой начальник", "з повагою,", "мій друг", "моя дружина", "мій чоловік",
    /* Turkish */
    "adım", "ben", "saygılarımla,",
    /* Armenian, Georgian */
    "ես",
    /* Chinese, Japanese, Korean, Thai */
    "저는",
    NULL};
static kl_phrases weak_cues_set = KL_PHRASES(weak_cues);

/* Capitalised words that follow "I'm", "soy", "ich bin", … without being names. */
static const char *const not_names[] = {
    "a", "an", "the", "not", "so", "sorry", "here", "back", "in", "on", "at", "from", "with",
    "just", "also", "still", "really", "very", "going", "trying", "looking", "working", "new",
    "happy", "glad", "fine", "good", "sure", "done", "ready", "ok", "okay", "interested",
    "writing", "planning", "using", "having", "getting", "building", "learning", "studying",
    "thinking", "currently", "doing", "feeling", "and", "but", "or", "if", "when", "what", "how",
    "that", "this", "it", "i", "my", "your", "you", "we", "he", "she", "they", "is", "are", "was",
    "can", "will", "please", "hello", "hi", "thanks", "thank", "about", "for", "to", "of", "by",
    "all", "any", "some", "one", "two", "no", "yes", "american", "british", "english", "french",
    "german", "spanish", "italian", "chinese", "japanese", "russian", "indian", "canadian",
    "mexican", "brazilian", "australian", "catholic", "christian", "muslim", "jewish", "hindu",
    "buddhist", "vegan", "ai", "chatgpt", "claude", "gpt", "python", "java", "javascript",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "there", "then", "now", "today", "tomorrow", "yesterday",
    "un", "una", "el", "la", "muy", "de", "en", "un", "une", "le", "très", "pas", "ein", "eine",
    "der", "die", "das", "nicht", "sehr", "een", "het", "niet", "não", "um", "uma", "il", "lo",
    "molto", "non", "я", "не", "очень", "в", "на", "bir", "çok", "en", "ve", "nie", "w", "się",
    "estudiante", "étudiant", "student", "developer", "engineer", "teacher", "doctor", "nurse",
    "manager", "designer", "programmer", "writer", "dr", "mr", "mrs", "ms", "herr", "frau",
    "señor", "señora", "monsieur", "madame", "बिल्कुल", "नया", "नई", "नयी", "यहाँ", "यहां", "ठीक",
    "खुश", "परेशान", "तैयार", "छात्र", "छात्रा", "विद्यार्थी", "शिक्षक", "डॉक्टर", "इंजीनियर", "भारतीय",
    "अकेला", "अकेली", "बीमार", "थका", "थकी", "बहुत", "काफ़ी", "काफी", "थोड़ा", "शुरुआती", "नौसिखिया",
    "एक", "भी", "तो", "सच", "पूरी", "पूरा", "घर", "सहमत", "उलझन", "मुसीबत", "करता", "करती", "रहा",
    "रही", "रहता", "रहती", "चाहता", "चाहती", "सकता", "सकती", "जाता", "जाती", "होता", "होती", "गया",
    "गई", "शुरू", "कर", "रह", "हूँ", "हूं", "طالب", "طالبة",
    "مبتدئ", "مبتدئة", "جديد", "جديدة", "هنا", "بخير", "سعيد", "سعيدة", "مهندس", "طبيب", "معلم",
    "متعب", "وحيد", "آسف", "آسفة", "مستعد", "غير", "لست", "სტუდენტი", "დამწყები", "აქ", "კარგად",
    "მასწავლებელი", "ექიმი", "ინჟინერი", "ახალი", "სრული", "ბედნიერი", "დაღლილი", NULL};
static kl_phrases not_names_set = KL_PHRASES(not_names);

/* Lowercase joining words inside a full name: "María de la Cruz", "Ludwig van Beethoven". */
static const char *const joiners[] = {
    "van der", "van den", "von der", "de la", "de los", "de las", "van", "von", "de", "del",
    "la", "da", "das", "do", "dos", "di", "der",
    "den", "ter", "le", "du", "des", "bin", "ibn", "al", "el", "y", "e", "i", NULL};
static kl_phrases joiners_set = KL_PHRASES(joiners);

/* Words after a name that a strong cue in a caseless script does not take ("है", "است"). */
static const char *const name_enders[] = {
    "है", "हूँ", "हूं", "हैं", "और", "है।", "و", "وأنا", "وعمري", "عمري", "من", "في", "أنا", "هو",
    "და", "ვარ", "არის", "მე", "է", "եմ", "և", "ու", "ครับ", "ค่ะ", "คะ", "นะ", "ni", "mo", "sì",
    "and", "i", "y", "et", "und", "en", "e", "и", "і", "та", "ve", "is", "es", "est", "ist",
    "not", "no", "nie", "не", "a", "an", "the", "from", NULL};
static kl_phrases name_enders_set = KL_PHRASES(name_enders);

/* Sentence-internal punctuation and particles that end a name in unspaced scripts. */
static bool unspaced_stop(uint32_t cp)
{
    static const uint32_t stops[] = {
        0x3002, 0x3001, 0xFF0C, 0xFF01, 0xFF1F, 0xFF1A, 0xFF1B, 0xFF08, 0xFF09, 0x300C, 0x300D,
        0x7684, 0x662F, 0x3002, 0x6211, 0x4ECA, 0x5728, 0x4F4F, 0x6765, 0x4ECE, 0x5E74, 0x5C81,
        0x3067, 0x3059, 0x3068, 0x3067, 0x306F, 0x304C, 0x3092, 0x306B, 0x3082, 0x3057, 0x3057,
        0x3067, 0x3088, 0x3002, 0x0E04, 0x0E19};
    if (cp < 0x80 || !kl_cp_is_letter(cp))
        return true;
    for (size_t k = 0; k < sizeof stops / sizeof *stops; k++)
        if (stops[k] == cp && cp != 0x0E19 && cp != 0x0E04)
            return true;
    return false;
}

static bool in_list(const char *s, size_t n, size_t i, kl_phrases *set, size_t *len)
{
    size_t m = i < n ? kl_phrases_match(set, s + i, n - i, NULL) : 0;
    if (m && len)
        *len = m;
    return m > 0;
}

/* One word of a name starting at i: letters, inner hyphens and apostrophes. */
static size_t word_len(const char *s, size_t n, size_t i)
{
    size_t j = i, len;
    while (j < n && j - i < 64) {
        uint32_t c = kl_cp_at(s, n, j, &len);
        if (kl_cp_is_letter(c) && !kl_cp_is_unspaced(c))
            j += len;
        else if ((c == '-' || c == '\'' || c == 0x2019) && j > i && j + len < n &&
                 kl_cp_is_letter(kl_cp_at(s, n, j + len, NULL)))
            j += len;
        else if (c == '.' && j > i && j + 1 - i <= 2)   /* an initial: "J." */
            return j + 1 - i;
        else
            break;
    }
    return j - i;
}

/* Latin, Greek, Cyrillic and Armenian write names with a capital. */
static bool cased_script(uint32_t cp)
{
    return cp < 0x590 || (cp >= 0x1E00 && cp < 0x2000);
}

/* Takes the name after a cue at i; returns its end or 0. */
static size_t take_name(const char *s, size_t n, size_t i, bool strong)
{
    size_t len;
    uint32_t cp = kl_cp_at(s, n, i, &len);
    if (!kl_cp_is_letter(cp))
        return 0;
    if (kl_cp_is_unspaced(cp)) {
        if (!strong)
            return 0;
        size_t j = i, chars = 0;
        while (j < n && chars < 5) {
            uint32_t c = kl_cp_at(s, n, j, &len);
            if (!kl_cp_is_unspaced(c) || unspaced_stop(c))
                break;
            j += len;
            chars++;
        }
        return chars ? j : 0;
    }
    bool cased = cased_script(cp);
    if (!cased && !strong)
        return 0;
    if (cp >= 0xAC00 && cp <= 0xD7AF) {
        /* Korean: the name carries its copula or quotative ("김민수입니다"). */
        static const char *const endings[] = {"입니다", "이에요", "예요", "이고", "이며", "이라고",
                                              "라고", "씨", "이야", "야"};
        size_t w = word_len(s, n, i);
        for (size_t k = 0; k < sizeof endings / sizeof *endings; k++) {
            size_t el = strlen(endings[k]);
            if (w > el && memcmp(s + i + w - el, endings[k], el) == 0)
                return i + w - el;
        }
        return i + w;
    }
    if (cased && !kl_cp_is_upper(cp)) {
        if (!strong || in_list(s, n, i, &not_names_set, NULL) || in_list(s, n, i, &name_enders_set, NULL))
            return 0;
        return i + word_len(s, n, i);                     /* "my name is john": first name */
    }
    if (in_list(s, n, i, &not_names_set, NULL) || in_list(s, n, i, &name_enders_set, NULL))
        return 0;
    if (cased && !strong) {
        /* "I'm OK", "I'm USA-based": a name has lowercase letters after its capital. */
        size_t w = word_len(s, n, i);
        uint32_t second = kl_cp_at(s, n, i + len, NULL);
        if (w < 2 || kl_cp_is_upper(second) || !kl_cp_is_letter(second))
            return 0;
    }
    size_t end = 0, j = i;
    for (int words = 0; words < 4 && j < n; words++) {
        size_t jl;
        if (words > 0 && cased && in_list(s, n, j, &joiners_set, &jl)) {
            size_t after = j + jl;
            while (after < n && s[after] == ' ')
                after++;
            if (after < n && kl_cp_is_upper(kl_cp_at(s, n, after, NULL))) {
                j = after;
                continue;
            }
            break;
        }
        uint32_t c = kl_cp_at(s, n, j, NULL);
        if (!kl_cp_is_letter(c) || kl_cp_is_unspaced(c))
            break;
        if (words > 0 && (in_list(s, n, j, &name_enders_set, NULL) || in_list(s, n, j, &not_names_set, NULL)))
            break;
        if (words > 0 && cased && !kl_cp_is_upper(c))
            break;
        if (!cased && words >= 2)
            break;
        size_t w = word_len(s, n, j);
        if (!w)
            break;
        end = j + w;
        j = end;
        if (j < n && s[j] == ' ')
            j++;
        else
            break;
    }
    return end;
}

/* A name before a closing cue: "田中と申します", "김민수라고 합니다". */
static size_t name_before_cue(const char *s, size_t n, size_t pos, size_t *name_end)
{
    static const char *const closers[] = {"と申します", "といいます", "と言います", "と申す",
                                          "라고 합니다", "이라고 합니다", "라고 해요", "이라고 해요"};
    size_t len;
    uint32_t cp = kl_cp_at(s, n, pos, &len);
    if (!kl_cp_is_letter(cp) || cp < 0x1100 || unspaced_stop(cp))
        return 0;
    uint32_t before = kl_cp_before(s, pos, NULL);
    if (kl_cp_is_letter(before) && !unspaced_stop(before) && before >= 0x1100)
        return 0;
    size_t j = pos, chars = 0;
    while (j < n && chars < 6) {
        for (size_t k = 0; k < sizeof closers / sizeof *closers; k++) {
            size_t m = kl_fold_match(s + j, n - j, closers[k]);
            if (m && chars > 0) {
                *name_end = j;
                return j + m;
            }
        }
        uint32_t c = kl_cp_at(s, n, j, &len);
        if (!kl_cp_is_letter(c) || unspaced_stop(c) || c < 0x1100)
            break;
        j += len;
        chars++;
    }
    return 0;
}

/* Chinese family names (the most common ones): after "我是" ("I am") a name is told from
 * a noun ("我是学生", "I am a student") by its first character. */
static const char chinese_surnames[] =
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤欧";

static bool sentence_end(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] == ' ')
        i++;
    if (i >= n)
        return true;
    uint32_t cp = kl_cp_at(s, n, i, NULL);
    return cp == '.' || cp == '!' || cp == '?' || cp == '\n' || cp == 0x061F || cp == 0x06D4 ||
           cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF0C || cp == ',' || cp == 0x0964;
}

/* True at the start of the text or after punctuation (", أنا …"), not inside a clause. */
static bool after_pause(const char *s, size_t pos)
{
    size_t i = pos;
    while (i > 0 && s[i - 1] == ' ')
        i--;
    uint32_t prev = kl_cp_before(s, i, NULL);
    return prev == 0 || !kl_cp_is_letter(prev);
}

/* "मैं अमित यादव हूँ", "أنا محمد العلي.", "მე ვარ გიორგი.", "我是王伟。": a pronoun and a
 * copula around one or two words. In caseless scripts the frame is the evidence. */
static bool framed_name(const char *s, size_t n, size_t pos, kl_scrub_hit *h)
{
    static const struct {
        const char *cue;
        const char *closer;       /* NULL: a sentence end closes the frame */
    } frames[] = {{"मैं", "हूँ"}, {"मैं", "हूं"}, {"أنا", NULL}, {"მე ვარ", NULL}};
    size_t m = kl_fold_match(s + pos, n - pos, "我是");
    if (m) {
        size_t i = pos + m, len, chars = 0, j = i;
        uint32_t first = kl_cp_at(s, n, i, &len);
        char enc[4];
        size_t el = kl_utf8_encode(first, enc);
        enc[el < 4 ? el : 3] = 0;
        if (first < 0x4E00 || !memmem(chinese_surnames, sizeof chinese_surnames - 1, enc, el))
            return false;
        while (j < n && chars < 4 && kl_cp_is_unspaced(kl_cp_at(s, n, j, &len)) &&
               !unspaced_stop(kl_cp_at(s, n, j, NULL))) {
            j += len;
            chars++;
        }
        if (chars < 2 || chars > 3 || !sentence_end(s, n, j))
            return false;
        *h = (kl_scrub_hit){i, j, 0, 0, KL_SCRUB_NAME};
        return true;
    }
    for (size_t f = 0; f < sizeof frames / sizeof *frames; f++) {
        m = kl_fold_match(s + pos, n - pos, frames[f].cue);
        if (!m || !kl_word_end(s, n, pos + m))
            continue;
        if (!frames[f].closer && !after_pause(s, pos))
            continue;                       /* "مما أنا …": a clause, not an introduction */
        size_t i = pos + m;
        while (i < n && s[i] == ' ')
            i++;
        size_t j = i, end = 0;
        for (int words = 0; words < 2; words++) {
            size_t w = word_len(s, n, j);
            if (!w || in_list(s, n, j, &name_enders_set, NULL) || in_list(s, n, j, &not_names_set, NULL))
                break;
            end = j + w;
            j = end;
            while (j < n && s[j] == ' ')
                j++;
            size_t c = frames[f].closer ? kl_fold_match(s + j, n - j, frames[f].closer) : 0;
            if (c ? kl_word_end(s, n, j + c) : (!frames[f].closer && sentence_end(s, n, end))) {
                *h = (kl_scrub_hit){i, end, 0, 0, KL_SCRUB_NAME};
                return true;
            }
        }
    }
    return false;
}

bool kl_scan_name(const char *s, size_t n, size_t pos, kl_scrub_hit *h)
{
    if ((unsigned char)s[pos] >= 0xD8 && framed_name(s, n, pos, h))
        return true;
    size_t name_end;
    if ((unsigned char)s[pos] >= 0xE1 && name_before_cue(s, n, pos, &name_end)) {
        *h = (kl_scrub_hit){pos, name_end, 0, 0, KL_SCRUB_NAME};
        return true;
    }
    for (int strong = 1; strong >= 0; strong--) {
        size_t m = kl_phrases_match(strong ? &strong_cues_set : &weak_cues_set, s + pos, n - pos, NULL);
        if (!m)
            continue;
        size_t i = pos + m;
        while (i < n && (s[i] == ' ' || s[i] == ':' || s[i] == '"' || s[i] == '\n' || s[i] == '\r' ||
                         s[i] == '-' || s[i] == '\t'))
            i++;
        size_t end = take_name(s, n, i, strong);
        if (!end)
            continue;
        *h = (kl_scrub_hit){i, end, 0, 0, KL_SCRUB_NAME};
        return true;
    }
    return false;
}
