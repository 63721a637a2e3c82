/* scrub_number.c — numbers that identify: payment cards (Luhn), IBANs (mod-97) and
 * phone numbers in international and national formats. */
#include <string.h>

#include "scrub_scan.h"
#include "textfold.h"

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool alnum(char c)
{
    return digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool kl_digit_run_scan(const char *s, size_t n, size_t pos, kl_digit_run *r)
{
    memset(r, 0, sizeof *r);
    size_t i = pos;
    char sep = 0;
    int open = 0;
    if (i < n && s[i] == '+') {
        r->plus = true;
        i++;
    }
    if (i < n && s[i] == '(') {
        open = 1;
        r->paren = true;
        sep = '(';
        i++;
    }
    while (i < n && r->ngroups < KL_RUN_MAX_GROUPS) {
        size_t k = 0;
        while (i + k < n && digit(s[i + k]) && r->ndigits < sizeof r->digits - 1)
            r->digits[r->ndigits++] = s[i + k++];
        if (k == 0)
            break;
        if (i + k < n && digit(s[i + k]))
            return false;                      /* longer than any identifier we know */
        r->group_sep[r->ngroups] = sep;
        r->group_len[r->ngroups] = k;
        r->group_end[r->ngroups] = i + k;
        r->ngroups++;
        i += k;
        /* Up to two separator characters, e.g. ") " or " (" or " - ". */
        size_t j = i, m = 0;
        char seen = 0;
        while (j < n && m < 3 && (s[j] && strchr(" -./()", s[j]))) {
            if (s[j] == '(') {
                if (open)
                    break;
                open = 1;
                r->paren = true;
            } else if (s[j] == ')') {
                if (!open)
                    break;
                open = 0;
            } else if (!seen || seen == ' ') {
                seen = s[j];
            }
            j++;
            m++;
        }
        if (m == 0 || j >= n || !digit(s[j]) || (m == 3 && seen != '-'))
            break;
        sep = seen ? seen : '(';
        i = j;
    }
    r->digits[r->ndigits] = 0;
    return r->ngroups > 0;
}

size_t kl_digit_run_count(const kl_digit_run *r, size_t g)
{
    size_t d = 0;
    for (size_t k = 0; k < g && k < r->ngroups; k++)
        d += r->group_len[k];
    return d;
}

bool kl_check_luhn(const char *digits, size_t n)
{
    int sum = 0;
    for (size_t k = 0; k < n; k++) {
        int d = digits[n - 1 - k] - '0';
        if (k & 1) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return sum % 10 == 0;
}

int kl_check_mod97(const char *s, size_t n)
{
    int rem = 0;
    for (size_t k = 0; k < n; k++) {
        char c = s[(k + 4) % n];               /* the first four characters go last */
        int v;
        if (digit(c))
            v = c - '0';
        else if (c >= 'A' && c <= 'Z')
            v = c - 'A' + 10;
        else if (c >= 'a' && c <= 'z')
            v = c - 'a' + 10;
        else
            return -1;
        rem = v >= 10 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
    }
    return rem;
}

/* No digit, and no decimal point followed by a digit, right before or after a number. */
static bool number_bounded(const char *s, size_t n, size_t pos, size_t end)
{
    if (pos > 0 && (digit(s[pos - 1]) || (pos > 1 && (s[pos - 1] && strchr(".,-/", s[pos - 1])) && digit(s[pos - 2]))))
        return false;
    if (end < n && (alnum(s[end]) || ((s[end] == '.' || s[end] == ',' || s[end] == '-') &&
                                      end + 1 < n && digit(s[end + 1]))))
        return false;
    if (end < n && (unsigned char)s[end] >= 0xEA) {
        uint32_t next = kl_cp_at(s, n, end, NULL);
        if (next >= 0xAC00 && next <= 0xD7AF)
            return true;                          /* a Korean particle: "010-1234-5678입니다" */
    }
    return kl_word_end(s, n, end);
}

bool kl_scan_card(const char *s, size_t n, size_t pos, kl_scrub_hit *h)
{
    kl_digit_run r;
    if (!digit(s[pos]) || !kl_digit_run_scan(s, n, pos, &r) || r.plus || r.paren)
        return false;
    if (s[pos] < '2' || s[pos] > '6')
        return false;                           /* issuer ranges: Amex/Diners 3, Visa 4, … */
    for (size_t g = r.ngroups; g >= 1; g--) {
        size_t d = kl_digit_run_count(&r, g);
        if (d < 13 || d > 19)
            continue;
        bool seps_ok = true;
        for (size_t k = 1; k < g; k++)
            seps_ok &= (r.group_sep[k] == ' ' || r.group_sep[k] == '-') && r.group_len[k] >= 3 &&
                       r.group_sep[k] == r.group_sep[1];
        if (!seps_ok || !kl_check_luhn(r.digits, d) || !number_bounded(s, n, pos, r.group_end[g - 1]))
            continue;
        *h = (kl_scrub_hit){pos, r.group_end[g - 1], 0, 0, KL_SCRUB_CARD};
        return true;
    }
    return false;
}

bool kl_scan_iban(const char *s, size_t n, size_t pos, kl_scrub_hit *h)
{
    if (pos + 15 > n || !((s[pos] | 32) >= 'a' && (s[pos] | 32) <= 'z') ||
        !((s[pos + 1] | 32) >= 'a' && (s[pos + 1] | 32) <= 'z') || !digit(s[pos + 2]) ||
        !digit(s[pos + 3]))
        return false;
    /* Printed IBANs come in groups of four: a space is allowed only after one. */
    char buf[36];
    size_t len = 0, i = pos, nb = 0;
    size_t bound_len[40], bound_end[40];
    for (;;) {
        while (i < n && alnum(s[i]) && len < 35)
            buf[len++] = s[i++];
        if (len > 34)
            break;
        bound_len[nb] = len;
        bound_end[nb++] = i;
        if (i + 1 < n && (s[i] == ' ' || s[i] == '-') && alnum(s[i + 1]) && len % 4 == 0)
            i++;
        else
            break;
    }
    for (size_t b = nb; b-- > 0;) {
        size_t l = bound_len[b];
        if (l < 15 || l > 34)
            continue;
        if (kl_check_mod97(buf, l) == 1 && kl_word_end(s, n, bound_end[b])) {
            *h = (kl_scrub_hit){pos, bound_end[b], 0, 0, KL_SCRUB_IBAN};
            return true;
        }
    }
    return false;
}

static const char *const phone_cues[] = {
    "phone", "tel", "tel.", "telephone", "mobile", "cell", "call me", "call me at", "text me",
    "whatsapp", "fax", "teléfono", "telefono", "móvil", "movil", "celular", "telefone",
    "téléphone", "portable", "mobil", "handy", "telefon", "telefonnummer", "numer",
    "телефон", "тел", "моб", "номер", "電話", "携帯", "电话", "手机", "هاتف", "جوال", "رقم",
    "फ़ोन", "फोन", "मोबाइल", "հեռախոս", "ტელეფონი", "ტელ", "foon", "selfoon", "número",
    "numero", "numéro", "nummer", "cep", "telefonu", "전화", "โทร", "nọmba", "llámame", "llama al",
    "truca'm", "telèfon", "appelle-moi", "me liga", "liga-me", "ligue", "звони", "позвони",
    "телефонуй", "зателефонуй", "ara", "arayın", "bel my", "foonnommer", "اتصل", "هاتفي",
    "电话", "手机号", "电话号码", "打我电话", "電話番号", "कॉल", "फ़ोन नंबर", "फोन नंबर", "զանգիր",
    "հեռախոս*", "დამირეკე", "ტელეფონ*", "ნომერ*", "телефону", "номер телефона", NULL};
static kl_phrases phone_cue_set = KL_PHRASES(phone_cues);

/* Thousands written with spaces or dots ("1 000 000", "2.500.000") are amounts. */
static bool thousands(const kl_digit_run *r, size_t g)
{
    if (g < 2 || r->group_len[0] > 3)
        return false;
    for (size_t k = 1; k < g; k++)
        if (r->group_len[k] != 3 || (r->group_sep[k] != ' ' && r->group_sep[k] != '.'))
            return false;
    return true;
}

static bool phone_shape(const kl_digit_run *r, size_t g, bool cue)
{
    size_t d = kl_digit_run_count(r, g);
    if (d < 7 || d > 15)
        return false;
    for (size_t k = 1; k < g; k++)
        if (r->group_sep[k] == '.' && (g == 2 || r->group_len[k] < 2))
            return false;                      /* a decimal, a version, an OID */
    if (g >= 2 && r->group_sep[1] == '/' && !r->plus && !cue)
        return false;                          /* a date or a fraction */
    /* Phone groups after the first have two digits or more ("+33 7 12 34 56 78" aside):
     * "1 2 3 4 5 6 7 8 9 10" is counting. */
    for (size_t k = 1; k < g; k++)
        if (r->group_len[k] < 2 && !(k == 1 && r->plus))
            return false;
    if (!r->plus && r->group_len[0] == 4 && (r->digits[0] == '1' || r->digits[0] == '2') &&
        g >= 3 && r->group_len[1] <= 2 && r->group_len[2] <= 2)
        return false;                          /* 2026-03-01 … */
    if (cue)
        return true;
    if (r->plus)
        return d >= 8 && r->digits[0] != '0';
    if (r->paren && (d == 10 || d == 11 || (d >= 8 && g >= 3)))
        return true;
    if (d < 9 || d > 12)
        return false;
    if (r->digits[0] == '0')
        return g >= 2 || d == 10 || d == 11;
    if (thousands(r, g))
        return false;
    bool pairs = false;                        /* "654 09 13 20": two-digit groups */
    for (size_t k = 1; k < g; k++)
        pairs |= r->group_len[k] == 2;
    return g >= 3 && (d >= 10 || pairs);
}

bool kl_scan_phone(const char *s, size_t n, size_t pos, kl_scrub_hit *h)
{
    if (!digit(s[pos]) && s[pos] != '+' && s[pos] != '(')
        return false;
    kl_digit_run r;
    if (!kl_digit_run_scan(s, n, pos, &r))
        return false;
    /* Four-digit groups of card length that failed the Luhn check are not phones. */
    size_t total = kl_digit_run_count(&r, r.ngroups), fours = 0;
    for (size_t k = 0; k < r.ngroups; k++)
        fours += r.group_len[k] == 4;
    if (!r.plus && r.ngroups >= 4 && fours + 1 >= r.ngroups && total >= 13 && total <= 19)
        return false;
    bool cue = kl_cue_before(s, pos, 64, &phone_cue_set);
    for (size_t g = r.ngroups; g >= 1; g--) {
        size_t end = r.group_end[g - 1];
        if (!phone_shape(&r, g, cue) || !number_bounded(s, n, pos, end))
            continue;
        *h = (kl_scrub_hit){pos, end, 0, 0, KL_SCRUB_PHONE};
        return true;
    }
    return false;
}
