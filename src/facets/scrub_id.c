/* scrub_id.c — national identity numbers: validated by their check digits where the
 * scheme has one, or accepted after a cue word ("passport", "DNI", "паспорт", …). */
#include <string.h>

#include "scrub_scan.h"
#include "textfold.h"

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool alnum(char c)
{
    return digit(c) || upper(c) || (c >= 'a' && c <= 'z');
}

static int dv(const char *d, size_t i)
{
    return d[i] - '0';
}

static bool all_same(const char *d, size_t n)
{
    for (size_t k = 1; k < n; k++)
        if (d[k] != d[0])
            return false;
    return true;
}

static bool check_ssn(const char *d)
{
    int area = dv(d, 0) * 100 + dv(d, 1) * 10 + dv(d, 2);
    int group = dv(d, 3) * 10 + dv(d, 4);
    int serial = dv(d, 5) * 1000 + dv(d, 6) * 100 + dv(d, 7) * 10 + dv(d, 8);
    return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
}

static bool check_cpf(const char *d)
{
    if (all_same(d, 11))
        return false;
    for (int len = 9; len <= 10; len++) {
        int sum = 0;
        for (int k = 0; k < len; k++)
            sum += dv(d, (size_t)k) * (len + 1 - k);
        int r = sum * 10 % 11;
        if (r == 10)
            r = 0;
        if (r != dv(d, (size_t)len))
            return false;
    }
    return true;
}

static bool check_tckn(const char *d)
{
    if (d[0] == '0')
        return false;
    int odd = dv(d, 0) + dv(d, 2) + dv(d, 4) + dv(d, 6) + dv(d, 8);
    int even = dv(d, 1) + dv(d, 3) + dv(d, 5) + dv(d, 7);
    int c10 = ((odd * 7 - even) % 10 + 10) % 10;
    int sum = 0;
    for (size_t k = 0; k < 10; k++)
        sum += dv(d, k);
    return c10 == dv(d, 9) && sum % 10 == dv(d, 10);
}

static bool check_pesel(const char *d)
{
    static const int w[] = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
    int sum = 0;
    for (size_t k = 0; k < 10; k++)
        sum += w[k] * dv(d, k);
    int month = dv(d, 2) * 10 + dv(d, 3);
    return (10 - sum % 10) % 10 == dv(d, 10) && month % 20 >= 1 && month % 20 <= 12 &&
           !all_same(d, 11);
}

static bool check_china_id(const char *d, char last)
{
    static const int w[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (size_t k = 0; k < 17; k++)
        sum += w[k] * dv(d, k);
    return "10X98765432"[sum % 11] == (last == 'x' ? 'X' : last);
}

static bool check_verhoeff(const char *d, size_t n)
{
    static const unsigned char mul[10][10] = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
        {2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
        {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
        {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
        {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
    static const unsigned char perm[8][10] = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
        {5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
        {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
        {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
    int c = 0;
    for (size_t k = 0; k < n; k++)
        c = mul[c][perm[k % 8][dv(d, n - 1 - k)]];
    return c == 0;
}

static bool check_nir(const char *d)
{
    if (d[0] != '1' && d[0] != '2')
        return false;
    unsigned long long v = 0;
    for (size_t k = 0; k < 13; k++)
        v = v * 10 + (unsigned)dv(d, k);
    return (int)(97 - v % 97) == dv(d, 13) * 10 + dv(d, 14);
}

static bool check_snils(const char *d)
{
    int sum = 0;
    for (size_t k = 0; k < 9; k++)
        sum += dv(d, k) * (int)(9 - k);
    int c = sum < 100 ? sum : sum % 101;
    if (c == 100)
        c = 0;
    return c == dv(d, 9) * 10 + dv(d, 10);
}

static bool check_rrn(const char *d)
{
    static const int w[] = {2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5};
    int sum = 0;
    for (size_t k = 0; k < 12; k++)
        sum += w[k] * dv(d, k);
    int month = dv(d, 2) * 10 + dv(d, 3);
    return (11 - sum % 11) % 10 == dv(d, 12) && month >= 1 && month <= 12;
}

static bool check_dni_letter(const char *d, size_t nd, char letter, int prefix)
{
    long v = prefix;
    for (size_t k = 0; k < nd; k++)
        v = v * 10 + dv(d, k);
    return "TRWAGMYFPDXBNJZSQVHLCKE"[v % 23] == (char)(letter & ~32);
}

/* The identifier ends at a word end, not inside a longer number. */
static bool ended(const char *s, size_t n, size_t end)
{
    if (end < n && alnum(s[end]))
        return false;
    if (end + 1 < n && (s[end] && strchr("-.,", s[end])) && digit(s[end + 1]))
        return false;
    return kl_word_end(s, n, end);
}

static bool groups_are(const kl_digit_run *r, size_t g, const char *shape, char sep)
{
    size_t k = 0;
    for (; shape[k]; k++) {
        if (k >= g || r->group_len[k] != (size_t)(shape[k] - '0'))
            return false;
        if (k > 0 && sep && r->group_sep[k] != sep)
            return false;
    }
    return k == g;
}

/* Identifiers written with digits first. */
static size_t digits_id(const char *s, size_t n, const kl_digit_run *r)
{
    for (size_t g = r->ngroups; g >= 1; g--) {
        size_t end = r->group_end[g - 1];
        size_t nd = kl_digit_run_count(r, g);
        const char *d = r->digits;
        /* Spanish DNI: eight digits (dots allowed) and the check letter. */
        if (nd == 8 && end < n) {
            size_t e = end + (end + 1 < n && (s[end] == '-' || s[end] == ' '));
            if (e < n && ((s[e] | 32) >= 'a' && (s[e] | 32) <= 'z') && ended(s, n, e + 1) &&
                check_dni_letter(d, 8, s[e], 0))
                return e + 1;
        }
        /* Chinese resident id: 17 digits and a check digit or X. */
        if (nd == 17 && g == 1 && end < n && (s[end] == 'X' || s[end] == 'x') && ended(s, n, end + 1) &&
            check_china_id(d, s[end]))
            return end + 1;
        if (!ended(s, n, end))
            continue;
        if (nd == 9 && groups_are(r, g, "324", '-') && check_ssn(d))
            return end;
        if (nd == 18 && g == 1 && check_china_id(d, d[17]))
            return end;
        if (nd == 11 && (g == 1 || groups_are(r, g, "3332", 0)) && check_cpf(d))
            return end;
        if (nd == 11 && g == 1 && (check_tckn(d) || check_pesel(d)))
            return end;
        if (nd == 11 && groups_are(r, g, "3332", 0) && check_snils(d))
            return end;
        if (nd == 13 && (g == 1 || groups_are(r, g, "67", '-')) && check_rrn(d))
            return end;
        if (nd == 12 && (g == 1 || groups_are(r, g, "444", 0)) && d[0] >= '2' &&
            check_verhoeff(d, 12))
            return end;
        if (nd == 15 && (g == 1 || groups_are(r, g, "1222332", 0)) && check_nir(d))
            return end;
    }
    return 0;
}

static int cf_odd(char c)
{
    static const int v[] = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11,
                            3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};
    return digit(c) ? v[c - '0'] : v[c - 'A'];
}

/* Italian codice fiscale: 16 characters, the last a check letter. */
static size_t codice_fiscale(const char *s, size_t n, size_t pos)
{
    static const char shape[] = "LLLLLLNNLNNLNNNL";
    if (pos + 16 > n)
        return 0;
    char c[16];
    for (size_t k = 0; k < 16; k++) {
        if (!alnum(s[pos + k]))
            return 0;
        c[k] = (char)(s[pos + k] & ~32);
        if (digit(s[pos + k]))
            c[k] = s[pos + k];
        bool letter_ok = upper(c[k]);
        if (shape[k] == 'L' ? !letter_ok : !(digit(c[k]) || (c[k] && strchr("LMNPQRSTUV", c[k]))))
            return 0;
    }
    if (!ended(s, n, pos + 16))
        return 0;
    int sum = 0;
    for (size_t k = 0; k < 15; k++)
        sum += (k % 2 == 0) ? cf_odd(c[k]) : (digit(c[k]) ? c[k] - '0' : c[k] - 'A');
    return c[15] == 'A' + sum % 26 ? pos + 16 : 0;
}

/* Spanish NIE: X, Y or Z, seven digits, check letter. */
static size_t nie(const char *s, size_t n, size_t pos)
{
    char first = (char)(s[pos] & ~32);
    if (first != 'X' && first != 'Y' && first != 'Z')
        return 0;
    size_t i = pos + 1;
    if (i < n && s[i] == '-')
        i++;
    char d[7];
    for (size_t k = 0; k < 7; k++, i++) {
        if (i >= n || !digit(s[i]))
            return 0;
        d[k] = s[i];
    }
    if (i < n && s[i] == '-')
        i++;
    if (i >= n || !((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z') || !ended(s, n, i + 1))
        return 0;
    return check_dni_letter(d, 7, s[i], first - 'X') ? i + 1 : 0;
}

/* UK National Insurance number: two letters, six digits, A–D. */
static size_t nino(const char *s, size_t n, size_t pos)
{
    size_t i = pos;
    char a = s[i], b = i + 1 < n ? s[i + 1] : 0;
    if (!upper(a) || !upper(b) || strchr("DFIQUV", a) || strchr("DFIQUVO", b))
        return 0;
    i += 2;
    for (int k = 0; k < 3; k++) {
        if (i < n && s[i] == ' ')
            i++;
        if (i + 1 >= n || !digit(s[i]) || !digit(s[i + 1]))
            return 0;
        i += 2;
    }
    if (i < n && s[i] == ' ')
        i++;
    if (i >= n || s[i] < 'A' || s[i] > 'D' || !ended(s, n, i + 1))
        return 0;
    return i + 1;
}

static const char *const id_cues[] = {
    "ssn", "social security", "passport", "id number", "id no", "id card",
    "identity card", "national id", "driver's license", "driving licence", "license number",
    "licence number", "tax id", "dni", "nif", "pasaporte", "cédula", "cedula",
    "documento", "número de identidad", "passeport", "carte d'identité", "numéro fiscal",
    "passaporte", "cpf", "rg", "bilhete de identidade", "personalausweis", "ausweis",
    "ausweisnummer", "steuer-id", "passnummer", "reisepass", "codice fiscale",
    "carta d'identità", "passaporto", "paspoort", "bsn", "burgerservicenummer",
    "identiteitsnummer", "id-nommer", "pesel", "dowód", "paszport", "паспорт", "инн",
    "снилс", "паспорта", "ідентифікаційний", "рнокпп", "кимлик", "kimlik", "tc kimlik",
    "pasaport", "身份证", "身份证号", "护照", "マイナンバー", "パスポート", "免許証",
    "주민등록번호", "여권", "هوية", "جواز", "الهوية", "رقم الهوية", "पासपोर्ट", "आधार",
    "पैन", "aadhaar", "անձնագիր", "პირადი ნომერი", "პასპორტი", "dokument",
    "passport no", "passport number", "nọmba idanimọ", "บัตรประชาชน", "անձնագր*",
    "პირადი ნომერ*", "هويتي", "رقم هويتي", "податковий номер", "податков*", "ідентифікаційн*",
    "sécurité sociale", "social security number", "id-nommer", "id nommer", "identiteitsnommer",
    "серия и номер", "mi dni", "el meu dni", "マイナンバー", "身份证号", NULL};
static kl_phrases id_cue_set = KL_PHRASES(id_cues);

/* "2026-01-01", "15/01/2026": a date is no identifier. */
static bool date_like(const char *t, size_t len)
{
    size_t groups[4] = {0}, g = 0;
    for (size_t k = 0; k < len; k++) {
        if (digit(t[k]))
            groups[g]++;
        else if ((t[k] == '-' || t[k] == '/' || t[k] == '.') && g < 3)
            g++;
        else
            return false;
    }
    if (g != 2)
        return false;
    return (groups[0] == 4 && groups[1] <= 2 && groups[2] <= 2) ||
           (groups[0] <= 2 && groups[1] <= 2 && (groups[2] == 2 || groups[2] == 4));
}

/* After a cue: any token of 5+ characters with at least 4 digits. */
static size_t cued_token(const char *s, size_t n, size_t pos)
{
    if (!alnum(s[pos]) || !kl_cue_before(s, pos, 64, &id_cue_set))
        return 0;
    size_t i = pos, digits = 0, chars = 0, last = pos;
    size_t first_group = pos;
    while (first_group < n && alnum(s[first_group]))
        first_group++;
    bool lead_digit = false;
    for (size_t k = pos; k < first_group; k++)
        lead_digit |= digit(s[k]);
    if (!lead_digit)
        return 0;                               /* "DNI es 123…": the id starts later */
    while (i < n && chars < 24) {
        if (alnum(s[i])) {
            digits += digit(s[i]);
            chars++;
            i++;
            last = i;
        } else if ((s[i] == '-' || s[i] == ' ' || s[i] == '.' || s[i] == '/') && i + 1 < n &&
                   digit(s[i + 1])) {
            i++;
        } else {
            break;
        }
    }
    if (digits < 4 || chars < 5 || !kl_word_end(s, n, last) || date_like(s + pos, last - pos))
        return 0;
    return last;
}

bool kl_scan_id(const char *s, size_t n, size_t pos, kl_scrub_hit *h)
{
    size_t end = 0;
    if (digit(s[pos])) {
        kl_digit_run r;
        if (kl_digit_run_scan(s, n, pos, &r) && !r.plus && !r.paren)
            end = digits_id(s, n, &r);
    } else if (alnum(s[pos])) {
        end = nie(s, n, pos);
        if (!end)
            end = codice_fiscale(s, n, pos);
        if (!end)
            end = nino(s, n, pos);
    }
    if (!end)
        end = cued_token(s, n, pos);
    if (!end)
        return false;
    *h = (kl_scrub_hit){pos, end, 0, 0, KL_SCRUB_ID};
    return true;
}
