/* backend_llm_parse.c — reading one value from a model's words: markdown, quotes and
 * punctuation are tolerated, an answer that says two things is not read at all. */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kleio/buf.h"
#include "kleio/facets_llm.h"
#include "kleio/langid.h"
#include "kleio/mem.h"

/* Skips white space and decoration (markdown emphasis, quotes, list marks). */
static const char *skip_decor(const char *s)
{
    while (*s && (isspace((unsigned char)*s) || strchr("*_`\"'>#-:", *s)))
        s++;
    return s;
}

/* The first non-empty line of s, decorated ends trimmed, lower-cased into out. */
static void first_line(const char *s, char *out, size_t outlen, bool lower)
{
    s = skip_decor(s);
    size_t n = 0;
    while (s[n] && s[n] != '\n' && n + 1 < outlen)
        n++;
    while (n > 0 && (isspace((unsigned char)s[n - 1]) || strchr("*_`\"'.!", s[n - 1])))
        n--;
    for (size_t k = 0; k < n; k++)
        out[k] = lower ? (char)tolower((unsigned char)s[k]) : s[k];
    out[n] = 0;
}

/* Blanks every occurrence of w in line (the scale a model may quote). */
static void blank(char *line, const char *w)
{
    size_t n = strlen(w);
    for (char *p = strstr(line, w); p; p = strstr(p + n, w))
        memset(p, ' ', n);
}

int kl_facets_llm_parse_concern(const char *answer)
{
    char line[256];
    first_line(answer, line, sizeof line, true);
    /* "On a scale from 1 to 5, this is a 4.": the scale is not the answer. */
    static const char *const scale[] = {"1 to 5", "1-5", "1 and 5", "1 through 5", "out of 5",
                                        "/5", "/ 5"};
    for (size_t k = 0; k < sizeof scale / sizeof scale[0]; k++)
        blank(line, scale[k]);
    int found = 0;
    for (const char *p = line; *p; p++) {
        if (!isdigit((unsigned char)*p))
            continue;
        /* "4", "Score: 3/5", "4 - very concerning"; not "10", "4.5", nor two numbers. */
        if (isdigit((unsigned char)p[1]) || (p[1] == '.' && isdigit((unsigned char)p[2])))
            return 0;
        int v = *p >= '1' && *p <= '5' ? *p - '0' : 0;
        if (!v || (found && found != v))
            return 0;
        found = v;
    }
    return found;
}

/* Position of the first whole-word occurrence of w in s, or NULL. */
static const char *find_word(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = strstr(s, w); p; p = strstr(p + 1, w))
        if ((p == s || !isalpha((unsigned char)p[-1])) && !isalpha((unsigned char)p[n]))
            return p;
    return NULL;
}

/* Index into words of the earliest whole word found in line, or -1. */
static int earliest_word(const char *line, const char *const *words, size_t n)
{
    const char *best = NULL;
    int at = -1;
    for (size_t k = 0; k < n; k++) {
        const char *p = find_word(line, words[k]);
        if (p && (!best || p < best)) {
            best = p;
            at = (int)k;
        }
    }
    return at;
}

int kl_facets_llm_parse_refusal(const char *answer)
{
    /* Only an answer that starts with its word: "No, the assistant fully declined" says
     * both no and fully, and is not read at all. */
    static const char *const words[] = {"none", "partial", "full", "partially", "fully"};
    static const int values[] = {KL_REFUSED_NONE, KL_REFUSED_PARTIAL, KL_REFUSED_FULL,
                                 KL_REFUSED_PARTIAL, KL_REFUSED_FULL};
    char line[256];
    first_line(answer, line, sizeof line, true);
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        size_t n = strlen(words[k]);
        if (strncmp(line, words[k], n) == 0 && !isalpha((unsigned char)line[n]))
            return values[k];
    }
    return -1;
}

const char *kl_facets_llm_parse_task(const char *answer)
{
    static const char *const tasks[] = {"code", "writing", "translation", "advice", "question", "other"};
    char line[256];
    first_line(answer, line, sizeof line, true);
    int k = earliest_word(line, tasks, sizeof tasks / sizeof tasks[0]);
    return k < 0 ? NULL : tasks[k];
}

/* English names (and common alternatives) of human languages → ISO 639 codes. Names
 * for codes the offline identifier knows come from kl_langid_name. */
static const struct lang_alias {
    const char *name, *code;
} aliases[] = {
    {"afrikaans", "af"}, {"albanian", "sq"}, {"amharic", "am"}, {"arabic", "ar"},
    {"armenian", "hy"}, {"azerbaijani", "az"}, {"basque", "eu"}, {"belarusian", "be"},
    {"bengali", "bn"}, {"bangla", "bn"}, {"bosnian", "bs"}, {"bulgarian", "bg"},
    {"burmese", "my"}, {"cantonese", "yue"}, {"catalan", "ca"}, {"chinese", "zh"},
    {"mandarin", "zh"}, {"mandarin chinese", "zh"}, {"simplified chinese", "zh"},
    {"traditional chinese", "zh"}, {"croatian", "hr"}, {"czech", "cs"}, {"danish", "da"},
    {"dhivehi", "dv"}, {"dutch", "nl"}, {"flemish", "nl"}, {"english", "en"},
    {"esperanto", "eo"}, {"estonian", "et"}, {"filipino", "tl"}, {"tagalog", "tl"},
    {"finnish", "fi"}, {"french", "fr"}, {"galician", "gl"}, {"georgian", "ka"},
    {"german", "de"}, {"greek", "el"}, {"gujarati", "gu"}, {"haitian creole", "ht"},
    {"hausa", "ha"}, {"hebrew", "he"}, {"hindi", "hi"}, {"hungarian", "hu"},
    {"icelandic", "is"}, {"igbo", "ig"}, {"indonesian", "id"}, {"irish", "ga"},
    {"italian", "it"}, {"japanese", "ja"}, {"javanese", "jv"}, {"kannada", "kn"},
    {"kazakh", "kk"}, {"khmer", "km"}, {"korean", "ko"}, {"kurdish", "ku"}, {"lao", "lo"},
    {"latin", "la"}, {"latvian", "lv"}, {"lithuanian", "lt"}, {"macedonian", "mk"},
    {"malay", "ms"}, {"malayalam", "ml"}, {"marathi", "mr"}, {"mongolian", "mn"},
    {"nepali", "ne"}, {"norwegian", "no"}, {"norwegian bokmål", "no"}, {"bokmål", "no"},
    {"norwegian nynorsk", "no"}, {"nynorsk", "no"},
    {"odia", "or"}, {"oriya", "or"}, {"pashto", "ps"}, {"persian", "fa"}, {"farsi", "fa"},
    {"polish", "pl"}, {"portuguese", "pt"}, {"brazilian portuguese", "pt"},
    {"punjabi", "pa"}, {"romanian", "ro"}, {"russian", "ru"}, {"serbian", "sr"},
    {"sinhala", "si"}, {"slovak", "sk"}, {"slovenian", "sl"}, {"somali", "so"},
    {"spanish", "es"}, {"castilian", "es"}, {"swahili", "sw"}, {"swedish", "sv"},
    {"tamil", "ta"}, {"telugu", "te"}, {"thai", "th"}, {"tibetan", "bo"}, {"turkish", "tr"},
    {"ukrainian", "uk"}, {"urdu", "ur"}, {"uzbek", "uz"}, {"vietnamese", "vi"},
    {"welsh", "cy"}, {"xhosa", "xh"}, {"yoruba", "yo"}, {"zulu", "zu"},
};

const char *kl_facets_llm_parse_language(const char *answer, char code[8])
{
    char line[128];
    first_line(answer, line, sizeof line, true);
    /* "Spanish, with some English", "Spanish (Mexico)", "Spanish and English": the first. */
    size_t n = strcspn(line, ",;/(\n");
    const char *and = strstr(line, " and ");
    if (and && (size_t)(and - line) < n)
        n = (size_t)(and - line);
    line[n] = 0;
    const char *lead[] = {"language: ", "the language is ", "the user writes in ", "primarily "};
    char *s = line;
    for (size_t k = 0; k < sizeof lead / sizeof lead[0]; k++)
        if (strncmp(s, lead[k], strlen(lead[k])) == 0)
            s += strlen(lead[k]);
    while (*s == ' ')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '.'))
        *--e = 0;
    for (size_t k = 0; k < sizeof aliases / sizeof aliases[0]; k++) {
        if (strcmp(s, aliases[k].name) != 0)
            continue;
        strcpy(code, aliases[k].code);
        const char *name = kl_langid_name(code);
        /* A static English name: the offline one, else the first table spelling. */
        if (name)
            return name;
        static const struct { const char *code, *name; } extra[] = {
            {"sq", "Albanian"}, {"az", "Azerbaijani"}, {"eu", "Basque"}, {"bs", "Bosnian"},
            {"yue", "Cantonese"}, {"eo", "Esperanto"}, {"tl", "Tagalog"}, {"gl", "Galician"},
            {"ht", "Haitian Creole"}, {"ha", "Hausa"}, {"is", "Icelandic"}, {"ig", "Igbo"},
            {"ga", "Irish"}, {"jv", "Javanese"}, {"ku", "Kurdish"}, {"la", "Latin"},
            {"lv", "Latvian"}, {"lt", "Lithuanian"}, {"ms", "Malay"}, {"mr", "Marathi"},
            {"ne", "Nepali"}, {"ps", "Pashto"}, {"sl", "Slovenian"}, {"so", "Somali"},
            {"uz", "Uzbek"}, {"cy", "Welsh"}, {"xh", "Xhosa"}, {"zu", "Zulu"},
        };
        for (size_t x = 0; x < sizeof extra / sizeof extra[0]; x++)
            if (strcmp(extra[x].code, code) == 0)
                return extra[x].name;
        return "Undetermined";
    }
    code[0] = 0;
    return NULL;
}
