/* fuzz_ingest.c — libFuzzer target: one JSON line of any shape through kl_ingest_parse.
 * Every accepted conversation must have an id, a user id, a user turn and a normalised
 * form that is itself valid JSON; a rejection must name a cause and a detail. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kl_conv c;
    char err[512];
    enum kl_ingest_cause cause = kl_ingest_parse((const char *)data, size, &c, err, sizeof err);
    if (cause != KL_CAUSE_NONE) {
        if (cause >= KL_CAUSE_COUNT || err[0] == '\0' || strlen(err) >= sizeof err)
            abort();
        return 0;
    }
    if (!c.id || !c.user_id || !c.raw || c.user_turns < 1 || c.n_messages < c.user_turns ||
        strlen(c.content_hash) != 64)
        abort();
    json_error_t jerr;
    json_t *raw = json_loads(c.raw, 0, &jerr);
    if (!raw || !json_is_array(raw) || json_array_size(raw) != (size_t)c.n_messages)
        abort();
    json_decref(raw);
    kl_conv_free(&c);
    return 0;
}
