/* synth_pii.h — private to src/synth: values for planted private details. */
#ifndef KLEIO_SYNTH_PII_H
#define KLEIO_SYNTH_PII_H
#include <stdbool.h>

#include "kleio/buf.h"
#include "kleio/rng.h"
#include "kleio/synth.h"
#include "synth_lang.h"

/* Appends a value of the given type in the language's national conventions: a name in its
 * own script, an e-mail, a phone number in a national format, a street address, a national
 * ID number, a payment card number with a valid Luhn check digit, or a diagnosis. */
void synth_pii_value(kl_buf *out, kl_rng *r, const synth_lang *L, enum kl_synth_pii type);

/* True when the digits of s (other characters ignored) pass the Luhn check. */
bool synth_luhn_valid(const char *s);

#endif
