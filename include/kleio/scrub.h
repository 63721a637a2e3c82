/* scrub.h — replaces personal details in free text with typed placeholders.
 *
 * Every text the facets stage stores (the summary above all) passes through kl_scrub.
 * Detected: e-mail addresses, phone numbers (international and national formats), the
 * personal part of URLs (a path or query naming someone or carrying a token, user info;
 * the host is kept), IPv4/IPv6
 * addresses, payment card numbers (Luhn), IBANs (mod-97), national identity numbers
 * with a checksum or a cue word (US SSN, Spanish DNI/NIE, Brazilian CPF, Chinese
 * resident id, Turkish TCKN, Polish PESEL, Italian codice fiscale, UK NINO, Indian
 * Aadhaar, …), street addresses (number and street word in many languages) and names
 * after cue phrases ("my name is", "me llamo", "меня зовут", "我叫", …).
 *
 * Recall is preferred to precision where a check digit or a cue exists; bare numbers
 * and capitalised words without a cue are left alone so that ordinary requests
 * ("set an alarm for 7 30", "compare Python and Go") keep their meaning.
 * Contract: deterministic, thread-safe (no state), never fails; output is valid UTF-8
 * whenever the input is. */
#ifndef KLEIO_SCRUB_H
#define KLEIO_SCRUB_H
#include <stddef.h>

#include "kleio/buf.h"

enum kl_scrub_type {
    KL_SCRUB_EMAIL, KL_SCRUB_PHONE, KL_SCRUB_URL, KL_SCRUB_IP, KL_SCRUB_CARD, KL_SCRUB_IBAN,
    KL_SCRUB_ID, KL_SCRUB_ADDRESS, KL_SCRUB_NAME, KL_SCRUB_COUNT
};

typedef struct kl_scrub_counts {
    unsigned n[KL_SCRUB_COUNT];     /* replacements made, by type (accumulated) */
} kl_scrub_counts;

/* Appends text[0..len) to out with each detected detail replaced by its placeholder.
 * counts, when not NULL, is incremented. Returns the number of replacements. */
size_t kl_scrub(const char *text, size_t len, kl_buf *out, kl_scrub_counts *counts);
/* Convenience: scrubs a NUL-terminated string into a new one. Caller frees. */
char *kl_scrub_str(const char *text);
/* "[EMAIL]", "[PHONE]", … */
const char *kl_scrub_placeholder(enum kl_scrub_type type);

#endif
