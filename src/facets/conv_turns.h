/* conv_turns.h — a stored conversation (the normalised messages JSON that ingest writes)
 * read into the turns the facet extractors take. Private to src/facets: the offline
 * stage and the model stream read conversations the same way through this. */
#ifndef KLEIO_FACETS_CONV_TURNS_H
#define KLEIO_FACETS_CONV_TURNS_H
#include <jansson.h>

#include "kleio/buf.h"
#include "kleio/facets.h"

typedef struct kl_conv_turns {
    json_t *msgs;                     /* owns the strings the turns point into */
    const char **user, **assistant;
    kl_buf text;                      /* the user turns joined by blank lines */
    kl_conv conv;                     /* points into the above */
} kl_conv_turns;

/* Reads raw, a JSON array of {"role", "content"}; messages without both are skipped.
 * 0, or -1 when raw is not such an array (then there is nothing to free). id is borrowed. */
int kl_conv_turns_parse(const char *id, const char *raw, kl_conv_turns *t);
void kl_conv_turns_free(kl_conv_turns *t);

#endif
