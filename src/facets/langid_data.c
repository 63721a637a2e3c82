/* langid_data.c — tables for language identification (see langid_tables.h). */
#include "langid_tables.h"

const struct kl_script_range kl_langid_script_ranges[] = {
    {0x61, 0x7A, KL_SC_LATIN},          {0xAA, 0xAA, KL_SC_LATIN},
    {0xBA, 0xBA, KL_SC_LATIN},          {0xC0, 0x2AF, KL_SC_LATIN},
    {0x370, 0x3FF, KL_SC_GREEK},        {0x400, 0x52F, KL_SC_CYRILLIC},
    {0x531, 0x58F, KL_SC_ARMENIAN},     {0x590, 0x5FF, KL_SC_HEBREW},
    {0x600, 0x6FF, KL_SC_ARABIC},       {0x750, 0x77F, KL_SC_ARABIC},
    {0x780, 0x7BF, KL_SC_THAANA},       {0x8A0, 0x8FF, KL_SC_ARABIC},
    {0x900, 0x97F, KL_SC_DEVANAGARI},   {0x980, 0x9FF, KL_SC_BENGALI},
    {0xA00, 0xA7F, KL_SC_GURMUKHI},     {0xA80, 0xAFF, KL_SC_GUJARATI},
    {0xB00, 0xB7F, KL_SC_ORIYA},        {0xB80, 0xBFF, KL_SC_TAMIL},
    {0xC00, 0xC7F, KL_SC_TELUGU},       {0xC80, 0xCFF, KL_SC_KANNADA},
    {0xD00, 0xD7F, KL_SC_MALAYALAM},    {0xD80, 0xDFF, KL_SC_SINHALA},
    {0xE00, 0xE7F, KL_SC_THAI},         {0xE80, 0xEFF, KL_SC_LAO},
    {0xF00, 0xFFF, KL_SC_TIBETAN},      {0x1000, 0x109F, KL_SC_MYANMAR},
    {0x10A0, 0x10FF, KL_SC_GEORGIAN},   {0x1100, 0x11FF, KL_SC_HANGUL},
    {0x1200, 0x139F, KL_SC_ETHIOPIC},   {0x1780, 0x17FF, KL_SC_KHMER},
    {0x1800, 0x18AF, KL_SC_MONGOLIAN},  {0x1C90, 0x1CBF, KL_SC_GEORGIAN},
    {0x1E00, 0x1EFF, KL_SC_LATIN},      {0x1F00, 0x1FFF, KL_SC_GREEK},
    {0x2D00, 0x2D2F, KL_SC_GEORGIAN},   {0x3040, 0x30FF, KL_SC_KANA},
    {0x3130, 0x318F, KL_SC_HANGUL},     {0x31F0, 0x31FF, KL_SC_KANA},
    {0x3400, 0x4DBF, KL_SC_HAN},        {0x4E00, 0x9FFF, KL_SC_HAN},
    {0xAC00, 0xD7AF, KL_SC_HANGUL},     {0xF900, 0xFAFF, KL_SC_HAN},
    {0xFB50, 0xFDFF, KL_SC_ARABIC},     {0xFE70, 0xFEFF, KL_SC_ARABIC},
    {0xFF66, 0xFF9F, KL_SC_KANA},       {0x20000, 0x2FFFF, KL_SC_HAN},
};
const size_t kl_langid_script_range_count =
    sizeof kl_langid_script_ranges / sizeof kl_langid_script_ranges[0];

const char *const kl_langid_script_language[KL_SC_COUNT] = {
    [KL_SC_OTHER] = "und",     [KL_SC_LATIN] = "und",      [KL_SC_GREEK] = "el",
    [KL_SC_CYRILLIC] = "ru",   [KL_SC_ARMENIAN] = "hy",    [KL_SC_HEBREW] = "he",
    [KL_SC_ARABIC] = "ar",     [KL_SC_THAANA] = "dv",      [KL_SC_DEVANAGARI] = "hi",
    [KL_SC_BENGALI] = "bn",    [KL_SC_GURMUKHI] = "pa",    [KL_SC_GUJARATI] = "gu",
    [KL_SC_ORIYA] = "or",      [KL_SC_TAMIL] = "ta",       [KL_SC_TELUGU] = "te",
    [KL_SC_KANNADA] = "kn",    [KL_SC_MALAYALAM] = "ml",   [KL_SC_SINHALA] = "si",
    [KL_SC_THAI] = "th",       [KL_SC_LAO] = "lo",         [KL_SC_TIBETAN] = "bo",
    [KL_SC_MYANMAR] = "my",    [KL_SC_GEORGIAN] = "ka",    [KL_SC_HANGUL] = "ko",
    [KL_SC_ETHIOPIC] = "am",   [KL_SC_KHMER] = "km",       [KL_SC_MONGOLIAN] = "mn",
    [KL_SC_KANA] = "ja",       [KL_SC_HAN] = "zh",
};

/* Every language kl_langid_detect may return: the scripts' languages, the Latin-script
 * profiles and what Compact Language Detector 2 reports reliably (the languages of
 * public chat logs first among them). Sorted by code (strcmp), for a binary search. */
const struct kl_lang_name kl_langid_names[] = {
    {"af", "Afrikaans"},   {"am", "Amharic"},     {"ar", "Arabic"},      {"as", "Assamese"},
    {"az", "Azerbaijani"}, {"be", "Belarusian"},  {"bg", "Bulgarian"},   {"bn", "Bengali"},
    {"bo", "Tibetan"},     {"bs", "Bosnian"},     {"ca", "Catalan"},     {"ceb", "Cebuano"},
    {"cs", "Czech"},       {"cy", "Welsh"},       {"da", "Danish"},      {"de", "German"},
    {"dv", "Dhivehi"},     {"el", "Greek"},       {"en", "English"},     {"eo", "Esperanto"},
    {"es", "Spanish"},     {"et", "Estonian"},    {"eu", "Basque"},      {"fa", "Persian"},
    {"fi", "Finnish"},     {"fr", "French"},      {"fy", "Western Frisian"},
    {"ga", "Irish"},       {"gd", "Scottish Gaelic"}, {"gl", "Galician"}, {"gu", "Gujarati"},
    {"ha", "Hausa"},       {"haw", "Hawaiian"},   {"he", "Hebrew"},      {"hi", "Hindi"},
    {"hmn", "Hmong"},      {"hr", "Croatian"},    {"ht", "Haitian Creole"},
    {"hu", "Hungarian"},   {"hy", "Armenian"},    {"id", "Indonesian"},  {"ig", "Igbo"},
    {"is", "Icelandic"},   {"it", "Italian"},     {"ja", "Japanese"},    {"jv", "Javanese"},
    {"ka", "Georgian"},    {"kk", "Kazakh"},      {"km", "Khmer"},       {"kn", "Kannada"},
    {"ko", "Korean"},      {"ku", "Kurdish"},     {"ky", "Kyrgyz"},      {"la", "Latin"},
    {"lb", "Luxembourgish"}, {"lo", "Lao"},       {"lt", "Lithuanian"},  {"lv", "Latvian"},
    {"mg", "Malagasy"},    {"mi", "Maori"},       {"mk", "Macedonian"},  {"ml", "Malayalam"},
    {"mn", "Mongolian"},   {"mr", "Marathi"},     {"ms", "Malay"},       {"mt", "Maltese"},
    {"my", "Burmese"},     {"ne", "Nepali"},      {"nl", "Dutch"},       {"no", "Norwegian"},
    {"ny", "Chichewa"},    {"or", "Odia"},        {"pa", "Punjabi"},     {"pl", "Polish"},
    {"ps", "Pashto"},      {"pt", "Portuguese"},  {"ro", "Romanian"},    {"ru", "Russian"},
    {"rw", "Kinyarwanda"}, {"sa", "Sanskrit"},    {"sd", "Sindhi"},      {"si", "Sinhala"},
    {"sk", "Slovak"},      {"sl", "Slovenian"},   {"sm", "Samoan"},      {"sn", "Shona"},
    {"so", "Somali"},      {"sq", "Albanian"},    {"sr", "Serbian"},     {"st", "Sesotho"},
    {"su", "Sundanese"},   {"sv", "Swedish"},     {"sw", "Swahili"},     {"ta", "Tamil"},
    {"te", "Telugu"},      {"tg", "Tajik"},       {"th", "Thai"},        {"ti", "Tigrinya"},
    {"tk", "Turkmen"},     {"tl", "Tagalog"},     {"tr", "Turkish"},     {"tt", "Tatar"},
    {"ug", "Uyghur"},      {"uk", "Ukrainian"},   {"und", "Undetermined"},
    {"ur", "Urdu"},        {"uz", "Uzbek"},
    {"vi", "Vietnamese"},  {"xh", "Xhosa"},       {"yi", "Yiddish"},     {"yo", "Yoruba"},
    {"zh", "Mandarin Chinese"}, {"zu", "Zulu"},   {NULL, NULL},
};
const size_t kl_langid_name_count = sizeof kl_langid_names / sizeof kl_langid_names[0] - 1;

/* libexttextcat fingerprint → the code reported, whether CLD2's default tables know
 * the language, and its tier: 0 for the languages most common in public chat logs
 * (the WildChat and LMSYS-Chat language tables), 1 for less common ones, 2 for rare
 * ones, which must win more clearly. English first: its prior applies to profile 0. */
const struct kl_latin_profile kl_langid_latin[] = {
    {"en", "en", true, 0}, {"de", "de", true, 0}, {"es", "es", true, 0}, {"fr", "fr", true, 0},
    {"it", "it", true, 0}, {"nl", "nl", true, 0}, {"pl", "pl", true, 0}, {"yo", "yo", false, 2},
    {"pt", "pt", true, 0}, {"ca", "ca", true, 1}, {"tr", "tr", true, 0}, {"af", "af", true, 2},
    {"id", "id", true, 0}, {"vi", "vi", true, 0}, {"ro", "ro", true, 1}, {"sv", "sv", true, 1},
    {"da", "da", true, 1}, {"nb", "no", true, 1}, {"nn", "no", true, 1}, {"fi", "fi", true, 1},
    {"cs", "cs", true, 1}, {"sk", "sk", true, 1}, {"hu", "hu", true, 1}, {"hr", "hr", true, 1},
    {"sr-Latn", "sr", true, 1}, {"lt", "lt", true, 1}, {"lv", "lv", true, 1},
    {"et", "et", true, 1}, {"sl", "sl", true, 1}, {"ms", "ms", true, 1}, {"tl", "tl", true, 1},
    {"sw", "sw", true, 2}, {"az", "az", true, 2}, {"uz", "uz", true, 2}, {"sq", "sq", true, 2},
    {"is", "is", true, 2}, {"ga", "ga", true, 2}, {"cy", "cy", true, 2}, {"eu", "eu", true, 2},
    {"gl", "gl", true, 2}, {"mt", "mt", true, 2}, {"eo", "eo", false, 2},
    {"la", "la", false, 2},
};
const size_t kl_langid_spanish = 2;
const size_t kl_langid_latin_count = sizeof kl_langid_latin / sizeof kl_langid_latin[0];
