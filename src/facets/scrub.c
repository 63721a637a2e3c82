/* scrub.c — kl_scrub: one left-to-right pass trying each detector at every word start. */
#include "kleio/scrub.h"

#include <string.h>

#include "kleio/mem.h"
#include "scrub_scan.h"
#include "textfold.h"

static const char *const placeholders[KL_SCRUB_COUNT] = {
    [KL_SCRUB_EMAIL] = "[EMAIL]", [KL_SCRUB_PHONE] = "[PHONE]", [KL_SCRUB_URL] = "[URL]",
    [KL_SCRUB_IP] = "[IP]", [KL_SCRUB_CARD] = "[CARD]", [KL_SCRUB_IBAN] = "[IBAN]",
    [KL_SCRUB_ID] = "[ID]", [KL_SCRUB_ADDRESS] = "[ADDRESS]", [KL_SCRUB_NAME] = "[NAME]"};

const char *kl_scrub_placeholder(enum kl_scrub_type type)
{
    return type < KL_SCRUB_COUNT ? placeholders[type] : "[?]";
}

/* Order matters where formats overlap: a URL may hold an e-mail, an IBAN or card number
 * may look like a phone, a checksummed id beats a phone reading of the same digits. */
static bool (*const detectors[])(const char *, size_t, size_t, kl_scrub_hit *) = {
    kl_scan_url, kl_scan_email, kl_scan_ip, kl_scan_iban, kl_scan_card,
    kl_scan_id,  kl_scan_phone, kl_scan_address, kl_scan_name};

bool kl_cue_before(const char *s, size_t pos, size_t window, kl_phrases *cues)
{
    size_t from = pos > window ? pos - window : 0;
    while (from < pos && ((unsigned char)s[from] & 0xC0) == 0x80)
        from++;
    for (size_t i = from; i < pos; i++) {
        if (((unsigned char)s[i] & 0xC0) == 0x80 || !kl_word_start(s, pos, i))
            continue;
        if (kl_phrases_match(cues, s + i, pos - i, NULL))
            return true;
    }
    return false;
}

size_t kl_scrub(const char *text, size_t len, kl_buf *out, kl_scrub_counts *counts)
{
    size_t pos = 0, emitted = 0, hits = 0;
    while (pos < len) {
        unsigned char c = (unsigned char)text[pos];
        bool tried = false;
        if ((c & 0xC0) != 0x80 && c > ' ' && kl_word_start(text, len, pos)) {
            kl_scrub_hit h;
            for (size_t d = 0; d < sizeof detectors / sizeof *detectors; d++) {
                if (!detectors[d](text, len, pos, &h) || h.end <= pos || h.start < emitted)
                    continue;
                kl_buf_append(out, text + emitted, h.start - emitted);
                if (h.keep_to > h.keep_from)
                    kl_buf_append(out, text + h.keep_from, h.keep_to - h.keep_from);
                kl_buf_puts(out, placeholders[h.type]);
                if (counts)
                    counts->n[h.type]++;
                hits++;
                emitted = pos = h.end;
                tried = true;
                break;
            }
        }
        if (!tried && c >= '0' && c <= '9') {
            /* No detector took this number: its inner groups are not numbers of their
             * own ("1111 1112" inside a card-shaped number that failed Luhn). */
            while (pos < len && ((text[pos] >= '0' && text[pos] <= '9') ||
                                 ((text[pos] && strchr(" -./", text[pos])) && pos + 1 < len &&
                                  text[pos + 1] >= '0' && text[pos + 1] <= '9')))
                pos++;
        } else if (!tried) {
            pos++;
        }
    }
    kl_buf_append(out, text + emitted, len - emitted);
    if (!out->data)
        kl_buf_puts(out, "");
    return hits;
}

char *kl_scrub_str(const char *text)
{
    kl_buf b = KL_BUF_INIT;
    kl_scrub(text, strlen(text), &b, NULL);
    return kl_buf_steal(&b);
}
