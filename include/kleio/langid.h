/* langid.h — offline language identification of user text.
 * Contract: deterministic, thread-safe after kl_langid_init, no network. Codes are
 * ISO 639-1 where one exists (en, es, zh, …), else ISO 639-3; "und" when undetermined
 * (empty text, only digits/punctuation/code). */
#ifndef KLEIO_LANGID_H
#define KLEIO_LANGID_H
#include <stddef.h>

typedef struct kl_lang_guess {
    char code[8];            /* "en", "zh", "und" */
    const char *name;        /* English name, static storage: "English", "Mandarin Chinese" */
    double confidence;       /* 0..1 */
} kl_lang_guess;

/* Loads models once; returns 0, or -1 with a message logged. Safe to call repeatedly.
 * With glibc it also keeps freed heap up to 16 MB in the process (mallopt), so that
 * Compact Language Detector 2's per-call buffers do not cost page faults. */
int kl_langid_init(void);
/* Identifies the language of text[0..len). Always fills out (possibly "und"). */
void kl_langid_detect(const char *text, size_t len, kl_lang_guess *out);
/* The language of a conversation from all its user turns (n of them, NULL entries
 * skipped): each turn votes with its length and the confidence of its guess, so a
 * greeting does not decide; "und" when no turn can be told, or when two languages
 * share the turns about equally. */
void kl_langid_detect_turns(const char *const *turns, size_t n, kl_lang_guess *out);
/* English name of a code, or NULL when unknown. */
const char *kl_langid_name(const char *code);

#endif
