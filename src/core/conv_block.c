/* conv_block.c — a conversation's text between nonce tags (conv_block.h). */
#include "kleio/conv_block.h"

#include <stdio.h>
#include <string.h>

#include "kleio/rng.h"

void kl_conv_put_cut(kl_buf *b, const char *s, size_t max, const char *mark)
{
    size_t n = strlen(s);
    if (n <= max) {
        kl_buf_append(b, s, n);
        return;
    }
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)   /* s[n] continues a character */
        n--;
    kl_buf_append(b, s, n);
    if (mark)
        kl_buf_puts(b, mark);
}

void kl_conv_block(kl_buf *b, const char *text, uint64_t seed)
{
    char tag[48];
    uint64_t h = kl_hash_str(text, seed);
    do {
        snprintf(tag, sizeof tag, "conversation-%016llx", (unsigned long long)h);
        h = kl_mix64(h + 1);
    } while (strstr(text, tag));
    kl_buf_printf(b, "The conversation is between <%s> and </%s>.\n\n<%s>\n", tag, tag, tag);
    kl_buf_puts(b, text);
    kl_buf_printf(b, "</%s>\n\n", tag);
}
