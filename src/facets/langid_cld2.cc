// langid_cld2.cc — the one C++ file of kleio: Compact Language Detector 2 (Google,
// Apache-2.0, Debian's libcld2) has only a C++ interface (namespace CLD2, C++
// types in its signatures), so this shim calls it and hands plain C structs to
// langid.c. Keep it this small: everything else of language identification is C.
#include <cstdio>  // compact_lang_det.h uses FILE without including it
#include <cstring>

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include "langid_cld2.h"

// CLD2's codes that differ from the ones kleio reports.
static const char *map_code(CLD2::Language lang)
{
    switch (lang) {
    case CLD2::UNKNOWN_LANGUAGE:
    case CLD2::TG_UNKNOWN_LANGUAGE:
        return "";
    case CLD2::HEBREW:
        return "he";
    case CLD2::JAVANESE:
        return "jv";
    case CLD2::CHINESE_T:
        return "zh";
    case CLD2::NORWEGIAN:
    case CLD2::NORWEGIAN_N:
        return "no";
    default:
        return CLD2::LanguageCode(lang);
    }
}

extern "C" void kl_cld2_detect(const char *text, size_t len, kl_cld2_guess *out)
{
    std::memset(out, 0, sizeof *out);
    if (len == 0 || len > static_cast<size_t>(1) << 30)
        return;
    CLD2::CLDHints hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
    CLD2::Language lang3[KL_CLD2_TOP];
    int percent3[KL_CLD2_TOP];
    double score3[KL_CLD2_TOP];
    int text_bytes = 0;
    bool reliable = false;
    try {
        // First without best effort: CLD2's reliability is only meaningful then (with
        // it, nearly every answer is flagged reliable). When that finds nothing, the
        // best-effort guess follows, marked unreliable.
        CLD2::ExtDetectLanguageSummary(text, static_cast<int>(len), true, &hints, 0, lang3,
                                       percent3, score3, nullptr, &text_bytes, &reliable);
        if (lang3[0] == CLD2::UNKNOWN_LANGUAGE) {
            CLD2::ExtDetectLanguageSummary(text, static_cast<int>(len), true, &hints,
                                           CLD2::kCLDFlagBestEffort, lang3, percent3, score3,
                                           nullptr, &text_bytes, &reliable);
            reliable = false;
        }
    } catch (...) { // no C++ exception may cross into C frames
        return;
    }
    for (int i = 0; i < KL_CLD2_TOP; i++) {
        const char *code = map_code(lang3[i]);
        if (!code || std::strlen(code) >= sizeof out->code[i])
            code = "";
        std::memcpy(out->code[i], code, std::strlen(code) + 1);
        out->percent[i] = code[0] ? percent3[i] : 0;
    }
    out->text_bytes = text_bytes;
    out->reliable = reliable;
}
