/* scrub_name.c — personal names, found after cue phrases ("my name is", "me llamo",
 * "меня зовут", "我叫", "اسمي", …) or before closing ones ("田中と申します"), after
 * titles ("Dr. Smith") and after sign-offs ("Best regards, Anna"). Without a cue a
 * capitalised word is left alone: it is far more often a product, place or topic. */
#include <string.h>

#include "scrub_scan.h"
#include "textfold.h"

enum cue_kind {
    CUE_STRONG,   /* a name follows for sure: take it even in lowercase */
    CUE_WEAK,     /* a name may follow ("I'm", "soy", "ich bin"): only a capitalised one */
};

typedef struct name_cue {
    const char *text;
    enum cue_kind kind;
} name_cue;

static const name_cue cues[] = {
    /* English */
    {"my name is", CUE_STRONG}, {"my name's", CUE_STRONG}, {"my full name is", CUE_STRONG},
    {"my first name is", CUE_STRONG}, {"my last name is", CUE_STRONG},
    {"i am called", CUE_STRONG}, {"they call me", CUE_STRONG}, {"name:", CUE_STRONG},
    {"full name:", CUE_STRONG}, {"i'm", CUE_WEAK}, {"i am", CUE_WEAK}, {"call me", CUE_WEAK},
    {"mr.", CUE_WEAK}, {"mrs.", CUE_WEAK}, {"ms.", CUE_WEAK}, {"dr.", CUE_WEAK}, {"mr", CUE_WEAK},
    {"mrs", CUE_WEAK}, {"ms", CUE_WEAK}, {"prof.", CUE_WEAK},
    {"regards,", CUE_WEAK}, {"cheers,", CUE_WEAK}, {"sincerely,", CUE_WEAK},
    {"my wife", CUE_WEAK}, {"my husband", CUE_WEAK}, {"my son", CUE_WEAK}, {"my daughter", CUE_WEAK},
    {"my friend", CUE_WEAK}, {"my boss", CUE_WEAK}, {"my colleague", CUE_WEAK},
    {"my mother", CUE_WEAK}, {"my father", CUE_WEAK}, {"my brother", CUE_WEAK},
    {"my sister", CUE_WEAK}, {"my neighbor", CUE_WEAK}, {"my neighbour", CUE_WEAK},
    {"my partner", CUE_WEAK}, {"my girlfriend", CUE_WEAK}, {"my boyfriend", CUE_WEAK},
    {"my manager", CUE_WEAK}, {"my coworker", CUE_WEAK}, {"my landlord", CUE_WEAK},
    /* Spanish */
    {"me llamo", CUE_STRONG}, {"mi nombre es", CUE_STRONG}, {"nombre:", CUE_STRONG},
    {"soy", CUE_WEAK},
    {"atentamente,", CUE_WEAK}, {"saludos,", CUE_WEAK}, {"un saludo,", CUE_WEAK},
    {"mi esposa", CUE_WEAK}, {"mi esposo", CUE_WEAK}, {"mi marido", CUE_WEAK},
    {"mi amigo", CUE_WEAK}, {"mi amiga", CUE_WEAK}, {"mi jefe", CUE_WEAK}, {"mi hijo", CUE_WEAK},
    {"mi hija", CUE_WEAK}, {"mi hermano", CUE_WEAK}, {"mi hermana", CUE_WEAK},
    /* Catalan */
    {"em dic", CUE_STRONG}, {"el meu nom és", CUE_STRONG}, {"em diuen", CUE_STRONG},
    {"sóc", CUE_WEAK}, {"es diu", CUE_WEAK},
    /* French */
    {"je m'appelle", CUE_STRONG}, {"mon nom est", CUE_STRONG}, {"je me nomme", CUE_STRONG},
    {"nom :", CUE_STRONG}, {"nom:", CUE_STRONG}, {"je suis", CUE_WEAK}, {"moi c'est", CUE_STRONG},
    {"il s'appelle", CUE_WEAK}, {"elle s'appelle", CUE_WEAK}, {"cordialement,", CUE_WEAK},
    {"mon mari", CUE_WEAK}, {"ma femme", CUE_WEAK}, {"mon ami", CUE_WEAK}, {"mon amie", CUE_WEAK},
    {"mon patron", CUE_WEAK}, {"mon fils", CUE_WEAK}, {"ma fille", CUE_WEAK},
    /* Portuguese */
    {"meu nome é", CUE_STRONG}, {"me chamo", CUE_STRONG}, {"chamo-me", CUE_STRONG},
    {"o meu nome é", CUE_STRONG}, {"eu sou", CUE_WEAK}, {"sou", CUE_WEAK}, {"se chama", CUE_WEAK},
    {"atenciosamente,", CUE_WEAK}, {"minha esposa", CUE_WEAK}, {"meu marido", CUE_WEAK},
    {"meu amigo", CUE_WEAK}, {"minha amiga", CUE_WEAK}, {"meu chefe", CUE_WEAK},
    /* Italian */
    {"mi chiamo", CUE_STRONG}, {"il mio nome è", CUE_STRONG}, {"sono", CUE_WEAK},
    {"si chiama", CUE_WEAK}, {"cordiali saluti,", CUE_WEAK}, {"mia moglie", CUE_WEAK},
    {"mio marito", CUE_WEAK}, {"il mio amico", CUE_WEAK},
    /* German */
    {"ich heiße", CUE_STRONG}, {"ich heisse", CUE_STRONG}, {"mein name ist", CUE_STRONG},
    {"er heißt", CUE_WEAK}, {"sie heißt", CUE_WEAK},
    {"mit freundlichen grüßen,", CUE_WEAK}, {"viele grüße,", CUE_WEAK}, {"meine frau", CUE_WEAK},
    {"mein mann", CUE_WEAK}, {"mein chef", CUE_WEAK}, {"mein freund", CUE_WEAK},
    {"meine freundin", CUE_WEAK},
    /* Dutch, Afrikaans */
    {"mijn naam is", CUE_STRONG}, {"ik heet", CUE_STRONG}, {"ik ben", CUE_WEAK},
    {"met vriendelijke groet,", CUE_WEAK}, {"my naam is", CUE_STRONG}, {"ek heet", CUE_STRONG},
    {"ek is", CUE_WEAK}, {"groete,", CUE_WEAK},
    /* Polish */
    {"nazywam się", CUE_STRONG}, {"mam na imię", CUE_STRONG}, {"moje imię to", CUE_STRONG},
    {"jestem", CUE_WEAK}, {"z poważaniem,", CUE_WEAK}, {"pozdrawiam,", CUE_WEAK},
    /* Russian, Ukrainian */
    {"меня зовут", CUE_STRONG}, {"моё имя", CUE_STRONG}, {"мое имя", CUE_STRONG},
    {"его зовут", CUE_STRONG}, {"её зовут", CUE_STRONG}, {"ее зовут", CUE_STRONG},
    {"зовут", CUE_WEAK}, {"я —", CUE_WEAK}, {"с уважением,", CUE_WEAK}, {"мой муж", CUE_WEAK},
    {"моя жена", CUE_WEAK}, {"мой друг", CUE_WEAK}, {"моя подруга", CUE_WEAK},
    {"мой начальник", CUE_WEAK}, {"мене звати", CUE_STRONG}, {"мене звуть", CUE_STRONG},
    {"моє ім'я", CUE_STRONG}, {"моє ім’я", CUE_STRONG}, {"його звати", CUE_STRONG},
    {"її звати", CUE_STRONG}, {"з повагою,", CUE_WEAK}, {"мій друг", CUE_WEAK},
    {"моя дружина", CUE_WEAK}, {"мій чоловік", CUE_WEAK},
    /* Turkish */
    {"benim adım", CUE_STRONG}, {"adım", CUE_WEAK}, {"benim ismim", CUE_STRONG},
    {"ismim", CUE_STRONG}, {"ben", CUE_WEAK}, {"saygılarımla,", CUE_WEAK},
    /* Armenian, Georgian */
    {"իմ անունը", CUE_STRONG}, {"անունս", CUE_STRONG}, {"ես", CUE_WEAK},
    {"ჩემი სახელია", CUE_STRONG}, {"ჩემი სახელი არის", CUE_STRONG}, {"მე მქვია", CUE_STRONG},
    {"მქვია", CUE_STRONG},
    /* Arabic, Hindi */
    {"اسمي", CUE_STRONG}, {"إسمي", CUE_STRONG}, {"أنا اسمي", CUE_STRONG}, {"اسمه", CUE_STRONG},
    {"اسمها", CUE_STRONG}, {"يدعى", CUE_STRONG},
    {"मेरा नाम", CUE_STRONG}, {"मेरी नाम", CUE_STRONG},
    /* Chinese, Japanese, Korean, Thai */
    {"我叫", CUE_STRONG}, {"我的名字是", CUE_STRONG}, {"我的名字叫", CUE_STRONG}, {"他叫", CUE_STRONG},
    {"她叫", CUE_STRONG}, {"名叫", CUE_STRONG}, {"私の名前は", CUE_STRONG}, {"僕の名前は", CUE_STRONG},
    {"名前は", CUE_STRONG}, {"제 이름은", CUE_STRONG}, {"내 이름은", CUE_STRONG}, {"저는", CUE_WEAK},
    {"ผมชื่อ", CUE_STRONG}, {"ฉันชื่อ", CUE_STRONG}, {"ดิฉันชื่อ", CUE_STRONG},
    /* Yoruba */
    {"orúkọ mi ni", CUE_STRONG}, {"oruko mi ni", CUE_STRONG}, {"orukọ mi ni", CUE_STRONG},
    {"orúko mi ni", CUE_STRONG},
};

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
    "señor", "señora", "monsieur", "madame", NULL};

/* Lowercase joining words inside a full name: "María de la Cruz", "Ludwig van Beethoven". */
static const char *const joiners[] = {
    "van der", "van den", "von der", "de la", "de los", "de las", "van", "von", "de", "del",
    "la", "da", "das", "do", "dos", "di", "der",
    "den", "ter", "le", "du", "des", "bin", "ibn", "al", "el", "y", "e", "i", NULL};

/* Words after a name that a strong cue in a caseless script does not take ("है", "است"). */
static const char *const name_enders[] = {
    "है", "हूँ", "हूं", "हैं", "और", "है।", "و", "وأنا", "وعمري", "عمري", "من", "في", "أنا", "هو",
    "და", "ვარ", "არის", "მე", "է", "եմ", "և", "ու", "ครับ", "ค่ะ", "คะ", "นะ", "ni", "mo", "sì",
    "and", "i", "y", "et", "und", "en", "e", "и", "і", "та", "ve", "is", "es", "est", "ist",
    "not", "no", "nie", "не", "a", "an", "the", "from", NULL};

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

static bool in_list(const char *s, size_t n, size_t i, const char *const *list, size_t *len)
{
    for (size_t k = 0; list[k]; k++) {
        size_t m = kl_fold_match(s + i, n - i, list[k]);
        if (m && kl_word_end(s, n, i + m)) {
            if (len)
                *len = m;
            return true;
        }
    }
    return false;
}

/* One word of a name starting at i: letters, inner hyphens and apostrophes. */
static size_t word_len(const char *s, size_t n, size_t i)
{
    size_t j = i, len;
    while (j < n) {
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
static size_t take_name(const char *s, size_t n, size_t i, enum cue_kind kind)
{
    size_t len;
    uint32_t cp = kl_cp_at(s, n, i, &len);
    if (!kl_cp_is_letter(cp))
        return 0;
    if (kl_cp_is_unspaced(cp)) {
        if (kind != CUE_STRONG)
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
    if (!cased && kind == CUE_WEAK)
        return 0;
    if (cased && !kl_cp_is_upper(cp)) {
        if (kind != CUE_STRONG || in_list(s, n, i, not_names, NULL) || in_list(s, n, i, name_enders, NULL))
            return 0;
        return i + word_len(s, n, i);                     /* "my name is john": first name */
    }
    if (in_list(s, n, i, not_names, NULL) || in_list(s, n, i, name_enders, NULL))
        return 0;
    if (cased && kind == CUE_WEAK) {
        /* "I'm OK", "I'm USA-based": a name has lowercase letters after its capital. */
        size_t w = word_len(s, n, i);
        uint32_t second = kl_cp_at(s, n, i + len, NULL);
        if (w < 2 || kl_cp_is_upper(second) || !kl_cp_is_letter(second))
            return 0;
    }
    size_t end = 0, j = i;
    for (int words = 0; words < 4 && j < n; words++) {
        size_t jl;
        if (words > 0 && cased && in_list(s, n, j, joiners, &jl)) {
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
        if (words > 0 && (in_list(s, n, j, name_enders, NULL) || in_list(s, n, j, not_names, NULL)))
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

bool kl_scan_name(const char *s, size_t n, size_t pos, kl_scrub_hit *h)
{
    size_t name_end;
    if ((unsigned char)s[pos] >= 0xE1 && name_before_cue(s, n, pos, &name_end)) {
        *h = (kl_scrub_hit){pos, name_end, 0, 0, KL_PII_NAME};
        return true;
    }
    for (size_t c = 0; c < sizeof cues / sizeof *cues; c++) {
        size_t m = kl_fold_match(s + pos, n - pos, cues[c].text);
        if (!m)
            continue;
        char last = cues[c].text[strlen(cues[c].text) - 1];
        bool punct_end = last == ':' || last == ',' || last == '.';
        if (!punct_end && !kl_cp_is_unspaced(kl_cp_before(s, pos + m, NULL)) &&
            !kl_word_end(s, n, pos + m))
            continue;
        size_t i = pos + m;
        while (i < n && (s[i] == ' ' || s[i] == ':' || s[i] == '"' || s[i] == '\n' || s[i] == '\r' ||
                         s[i] == '-' || s[i] == '\t'))
            i++;
        size_t end = take_name(s, n, i, cues[c].kind);
        if (!end)
            continue;
        *h = (kl_scrub_hit){i, end, 0, 0, KL_PII_NAME};
        return true;
    }
    return false;
}
