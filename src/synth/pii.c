/* pii.c — planted private details. Every value is built from the language's own lists
 * and formats so that a scrubber has to cope with several national conventions. */
#include <string.h>

#include "synth_pii.h"

static void put_variant(kl_buf *out, const char *list, kl_rng *r)
{
    size_t n = 1;
    for (const char *p = list; *p; p++)
        n += *p == '|';
    size_t k = (size_t)kl_rng_below(r, n);
    const char *p = list;
    while (k-- > 0)
        p = strchr(p, '|') + 1;
    const char *end = strchr(p, '|');
    kl_buf_append(out, p, end ? (size_t)(end - p) : strlen(p));
}

/* Appends one '|'-variant of a pattern with D → random digit and L → random capital. */
static void put_pattern(kl_buf *out, const char *list, kl_rng *r)
{
    kl_buf tmp = KL_BUF_INIT;
    put_variant(&tmp, list, r);
    for (const char *p = kl_buf_cstr(&tmp); *p; p++) {
        if (*p == 'D')
            kl_buf_putc(out, (char)('0' + kl_rng_below(r, 10)));
        else if (*p == 'L')
            kl_buf_putc(out, (char)('A' + kl_rng_below(r, 26)));
        else
            kl_buf_putc(out, *p);
    }
    kl_buf_free(&tmp);
}

bool synth_luhn_valid(const char *s)
{
    int sum = 0, n = 0;
    for (size_t k = strlen(s); k-- > 0;) {
        if (s[k] < '0' || s[k] > '9')
            continue;
        int d = s[k] - '0';
        if (n++ % 2 == 1) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return n > 0 && sum % 10 == 0;
}

/* The Luhn check digit for d[0..n). */
static int luhn_digit(const int *d, int n)
{
    int sum = 0;
    for (int k = n - 1, dbl = 1; k >= 0; k--, dbl = !dbl) {
        int v = dbl ? d[k] * 2 : d[k];
        sum += v > 9 ? v - 9 : v;
    }
    return (10 - sum % 10) % 10;
}

/* Rewrites the check characters of the national ID formats that have one (Spanish DNI and
 * NIE, Brazilian CPF, South African ID, Turkish T.C. number, French NIR, Chinese resident
 * ID), so that a scrubber which validates checksums sees valid numbers. */
static void fix_id_checksum(char *s, const char *lang)
{
    int pos[32], d[32], n = 0;
    size_t len = strlen(s);
    for (size_t k = 0; k < len && n < 32; k++)
        if (s[k] >= '0' && s[k] <= '9') {
            pos[n] = (int)k;
            d[n++] = s[k] - '0';
        }
    if ((strcmp(lang, "es") == 0 || strcmp(lang, "ca") == 0) && n >= 7) {
        long num = 0;   /* the NIE's leading X counts as 0 */
        for (int k = 0; k < n; k++)
            num = num * 10 + d[k];
        s[len - 1] = "TRWAGMYFPDXBNJZSQVHLCKE"[num % 23];
    } else if (strcmp(lang, "pt") == 0 && n == 11) {
        for (int c = 9; c <= 10; c++) {
            int sum = 0;
            for (int k = 0; k < c; k++)
                sum += d[k] * (c + 1 - k);
            d[c] = sum * 10 % 11 % 10;
        }
    } else if (strcmp(lang, "af") == 0 && n == 13) {
        d[12] = luhn_digit(d, 12);
    } else if (strcmp(lang, "tr") == 0 && n == 11) {
        d[0] = 1 + d[0] % 9;   /* never starts with 0 */
        int odd = d[0] + d[2] + d[4] + d[6] + d[8], even = d[1] + d[3] + d[5] + d[7];
        d[9] = ((odd * 7 - even) % 10 + 10) % 10;
        int sum = 0;
        for (int k = 0; k < 10; k++)
            sum += d[k];
        d[10] = sum % 10;
    } else if (strcmp(lang, "fr") == 0 && n == 15) {
        long long num = 0;
        for (int k = 0; k < 13; k++)
            num = num * 10 + d[k];
        int key = 97 - (int)(num % 97);
        d[13] = key / 10;
        d[14] = key % 10;
    } else if (strcmp(lang, "zh") == 0 && n >= 17) {
        static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int k = 0; k < 17; k++)
            sum += d[k] * w[k];
        s[len - 1] = "10X98765432"[sum % 11];
        n = 17;
    }
    for (int k = 0; k < n; k++)
        s[pos[k]] = (char)('0' + d[k]);
}

/* A 16-digit Visa or Mastercard number with a correct check digit, in groups of four. */
static void put_card(kl_buf *out, kl_rng *r)
{
    int d[16];
    d[0] = kl_rng_below(r, 2) ? 4 : 5;
    d[1] = d[0] == 5 ? 1 + (int)kl_rng_below(r, 5) : (int)kl_rng_below(r, 10);
    for (int k = 2; k < 15; k++)
        d[k] = (int)kl_rng_below(r, 10);
    d[15] = luhn_digit(d, 15);
    char sep = kl_rng_below(r, 2) ? ' ' : '-';
    for (int k = 0; k < 16; k++) {
        if (k > 0 && k % 4 == 0)
            kl_buf_putc(out, sep);
        kl_buf_putc(out, (char)('0' + d[k]));
    }
}

static void put_name(kl_buf *out, kl_rng *r, const synth_lang *L)
{
    /* Family name first, without a space, in Chinese and Japanese. */
    bool family_first = strcmp(L->code, "zh") == 0 || strcmp(L->code, "ja") == 0;
    if (family_first) {
        put_variant(out, L->last_names, r);
        put_variant(out, L->first_names, r);
    } else {
        put_variant(out, L->first_names, r);
        kl_buf_putc(out, ' ');
        put_variant(out, L->last_names, r);
    }
}

static void put_address(kl_buf *out, kl_rng *r, const synth_lang *L)
{
    for (const char *p = L->address; *p; p++) {
        if (p[0] == '{' && p[1] && p[2] == '}') {
            if (p[1] == 'N')
                kl_buf_printf(out, "%u", 1 + (unsigned)kl_rng_below(r, 240));
            else if (p[1] == 'S')
                put_variant(out, L->streets, r);
            else
                put_variant(out, L->cities, r);
            p += 2;
        } else {
            kl_buf_putc(out, *p);
        }
    }
}

void synth_pii_value(kl_buf *out, kl_rng *r, const synth_lang *L, enum kl_synth_pii type)
{
    switch (type) {
    case KL_PII_NAME: put_name(out, r, L); break;
    case KL_PII_EMAIL:
        put_variant(out, L->email_users, r);
        if (kl_rng_below(r, 2))
            kl_buf_printf(out, "%u", 1 + (unsigned)kl_rng_below(r, 99));
        kl_buf_putc(out, '@');
        put_variant(out, L->email_domains, r);
        break;
    case KL_PII_PHONE: put_pattern(out, L->phones, r); break;
    case KL_PII_ADDRESS: put_address(out, r, L); break;
    case KL_PII_ID_NUMBER: {
        size_t start = out->len;
        put_pattern(out, L->id_format, r);
        fix_id_checksum(out->data + start, L->code);
        break;
    }
    case KL_PII_CARD: put_card(out, r); break;
    default: put_variant(out, L->diagnoses, r); break;
    }
}
