/* conv_block.h — a conversation as a model is shown it: turns cut on a character boundary,
 * and the transcript between tags that nothing inside it can close (the facets call and the
 * screen's question both send it). */
#ifndef KLEIO_CONV_BLOCK_H
#define KLEIO_CONV_BLOCK_H
#include <stddef.h>
#include <stdint.h>

#include "kleio/buf.h"

/* Appends s cut to at most max bytes, never inside a UTF-8 character; when something was
 * cut, mark follows (NULL: nothing). */
void kl_conv_put_cut(kl_buf *b, const char *s, size_t max, const char *mark);

/* Appends "The conversation is between <T> and </T>.\n\n<T>\n" TEXT "</T>\n\n", where T is
 * "conversation-" and 16 hex digits that text does not contain, found from a hash of text
 * and seed: the same text and seed, the same bytes (answers stay cached). */
void kl_conv_block(kl_buf *b, const char *text, uint64_t seed);

#endif
