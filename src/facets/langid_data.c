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

const struct kl_lang_name kl_langid_names[] = {
    {"af", "Afrikaans"},  {"am", "Amharic"},    {"ar", "Arabic"},     {"be", "Belarusian"},
    {"bg", "Bulgarian"},  {"bn", "Bengali"},    {"bo", "Tibetan"},    {"ca", "Catalan"},
    {"cs", "Czech"},      {"da", "Danish"},     {"de", "German"},     {"dv", "Dhivehi"},
    {"el", "Greek"},      {"en", "English"},    {"es", "Spanish"},    {"et", "Estonian"},
    {"fa", "Persian"},    {"fi", "Finnish"},    {"fr", "French"},     {"gu", "Gujarati"},
    {"he", "Hebrew"},     {"hi", "Hindi"},      {"hr", "Croatian"},   {"hu", "Hungarian"},
    {"hy", "Armenian"},   {"id", "Indonesian"}, {"it", "Italian"},    {"ja", "Japanese"},
    {"ka", "Georgian"},   {"kk", "Kazakh"},     {"km", "Khmer"},      {"kn", "Kannada"},
    {"ko", "Korean"},     {"lo", "Lao"},        {"mk", "Macedonian"}, {"ml", "Malayalam"},
    {"mn", "Mongolian"},  {"my", "Burmese"},    {"nb", "Norwegian Bokmål"},
    {"nl", "Dutch"},      {"or", "Odia"},       {"pa", "Punjabi"},    {"pl", "Polish"},
    {"pt", "Portuguese"}, {"ro", "Romanian"},   {"ru", "Russian"},    {"si", "Sinhala"},
    {"sk", "Slovak"},     {"sr", "Serbian"},    {"sv", "Swedish"},    {"sw", "Swahili"},
    {"ta", "Tamil"},      {"te", "Telugu"},     {"th", "Thai"},       {"tr", "Turkish"},
    {"uk", "Ukrainian"},  {"ur", "Urdu"},       {"vi", "Vietnamese"}, {"yo", "Yoruba"},
    {"zh", "Mandarin Chinese"}, {"und", "Undetermined"}, {NULL, NULL},
};

const char *const kl_langid_latin_codes[] = {
    "en", "de", "es", "fr", "it", "nl", "pl", "yo", "pt", "ca", "tr", "af",
    "ro", "sv", "da", "nb", "fi", "cs", "sk", "hu", "id", "vi", "sw", "hr",
};
const size_t kl_langid_core_count = 12;
const size_t kl_langid_spanish = 2;
const size_t kl_langid_latin_count =
    sizeof kl_langid_latin_codes / sizeof kl_langid_latin_codes[0];
