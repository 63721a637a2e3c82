/* scrub_address.c — street addresses: a house number next to a street word, in the
 * orders languages write them ("12 Baker Street", "10 rue de Rivoli", "Calle Mayor 5",
 * "ул. Ленина, д. 5", "Hauptstraße 5", "Atatürk Caddesi No: 5", "Աբովյան փողոց 5",
 * "建国路88号", "丸の内1-2-3"). */
#include <string.h>

#include "scrub_scan.h"
#include "textfold.h"

/* Follow the number and need no capital letters: unambiguous even in lowercase text. */
static const char *const street_plain[] = {
    "street", "st.", "st", "road", "rd.", "rd", "avenue", "ave.", "ave", "lane", "ln.",
    "boulevard", "blvd.", "blvd", "highway", "hwy", "parkway", "pkwy", "रोड", "मार्ग", "गली",
    NULL};
static kl_phrases street_plain_set = KL_PHRASES(street_plain);
/* Follow the number but are ordinary words too: only in capitalised names. */
static const char *const street_cased[] = {
    "drive", "dr.", "court", "ct.", "way", "place", "pl.", "square", "sq.", "terrace", "close",
    "crescent", "circle", "row", "alley", "trail", "grove", "gardens", "walk", "mews", "hill",
    "straat", "laan", "weg", "rylaan", NULL};
static kl_phrases street_cased_set = KL_PHRASES(street_cased);
/* Come before the street's name, the number after it (or, in French, before both). */
static const char *const street_first[] = {
    "calle", "c/", "avenida", "avda.", "avda", "av.", "paseo", "plaza", "pza.", "carrer",
    "avinguda", "passeig", "plaça", "rua", "travessa", "largo", "praça", "alameda", "estrada",
    "via", "viale", "piazza", "corso", "vicolo", "rue", "avenue", "boulevard", "bd", "place",
    "chemin", "allée", "impasse", "quai", "cours", "route", "ул.", "ул", "улица", "пр-т",
    "проспект", "пр.", "пер.", "переулок", "бульвар", "б-р", "шоссе", "наб.", "набережная",
    "пл.", "площадь", "вул.", "вулиця", "просп.", "провулок", "бул.", "майдан", "ul.", "ulica",
    "al.", "aleja", "plac", "os.", "osiedle", "شارع", "طريق", "ถนน", "ซอย", NULL};
static kl_phrases street_first_set = KL_PHRASES(street_first);
/* Come after the street's name, the number after them. */
static const char *const street_after_name[] = {
    "caddesi", "cad.", "cd.", "sokak", "sokağı", "sk.", "bulvarı", "mahallesi", "mah.",
    "փողոց", "պողոտա", "նրբանցք", "ქუჩა", "ქ.", "გამზირი", "შესახვევი", "როდ", "straße",
    "strasse", "str.", "weg", "allee", "platz", "gasse", "street", "road", "avenue", "रोड",
    "मार्ग", "улица", "проспект", "вулиця", "пр.", "ул.", "пер.", "просп.", "бул.", "ш.", NULL};
static kl_phrases street_after_name_set = KL_PHRASES(street_after_name);
/* End compound street names: "Hauptstraße", "Kerkstraat", "세종대로". */
static const char *const street_suffix[] = {
    "straße", "strasse", "str.", "gasse", "allee", "platz", "damm", "ufer", "straat", "laan",
    "plein", "gracht", "kade", "singel", "steeg", "dijk", "weg", "대로", "로", "길", NULL};
/* Before a house number with no street word: "मकान नं. 187", "house no. 12". */
static const char *const house_marks[] = {
    "मकान नं.", "मकान नंबर", "मकान संख्या", "फ्लैट नं.", "house no.", "house number", "flat no.",
    "apartment no.", "casa nº", "casa n.", NULL};
static kl_phrases house_marks_set = KL_PHRASES(house_marks);
/* Between the street and its number. */
static const char *const number_marks[] = {
    "nº", "n°", "no.", "no:", "no", "núm.", "num.", "n.", "d.", "д.", "дом", "буд.", "будинок",
    "#", "número", "numéro", "numero", "nr.", "nr", "№", NULL};
static kl_phrases number_marks_set = KL_PHRASES(number_marks);
/* Lowercase joining words inside names: "Calle de la Princesa", "Unter den Linden". */
static const char *const particles[] = {
    "de", "del", "la", "las", "los", "el", "do", "da", "dos", "das", "di", "della", "delle",
    "dei", "van", "der", "den", "von", "le", "du", "des", "d'", "l'", "y", "i", "e", "of",
    "the", "al-", NULL};
static kl_phrases particles_set = KL_PHRASES(particles);

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

static size_t skip_space(const char *s, size_t n, size_t i, bool comma)
{
    size_t start = i;
    while (i < n && (s[i] == ' ' || (comma && s[i] == ',')) && i - start < 3)
        i++;
    return i;
}

/* Matches one of the words at i (a trailing '.' in the list is part of it). */
static size_t match_word(const char *s, size_t n, size_t i, kl_phrases *words)
{
    return i < n ? kl_phrases_match(words, s + i, n - i, NULL) : 0;
}

/* House number: 1–5 digits, then an optional letter or range ("221B", "12-14", "5/2"). */
static size_t house_number(const char *s, size_t n, size_t i)
{
    size_t k = 0;
    while (i + k < n && digit(s[i + k]) && k < 6)
        k++;
    if (k == 0 || k > 5)
        return 0;
    size_t end = i + k;
    if (end + 1 < n && (s[end] == '-' || s[end] == '/') && digit(s[end + 1])) {
        end++;
        while (end < n && digit(s[end]))
            end++;
    }
    if (end < n && ((s[end] | 32) >= 'a' && (s[end] | 32) <= 'z') && kl_word_end(s, n, end + 1))
        end++;
    return kl_word_end(s, n, end) ? end - i : 0;
}

/* A word of a street name: capitalised in cased scripts, any word in caseless ones;
 * *cased reports whether it had a capital. Returns its length or 0. */
static size_t name_word(const char *s, size_t n, size_t i, bool need_capital, bool *capital)
{
    size_t len;
    uint32_t cp = kl_cp_at(s, n, i, &len);
    *capital = false;
    if (!kl_cp_is_letter(cp) && !(digit(s[i]) && need_capital == false))
        return 0;
    bool caseless = kl_cp_is_letter(cp) && kl_fold_lower(cp) == cp && !kl_cp_is_upper(cp) &&
                    !(cp < 0x250) && !(cp >= 0x370 && cp < 0x590);
    *capital = kl_cp_is_upper(cp);
    if (need_capital && !*capital && !caseless)
        return 0;
    size_t j = i;
    while (j < n && j - i < 64) {
        uint32_t c = kl_cp_at(s, n, j, &len);
        if (kl_cp_is_letter(c) || digit(s[j]) ||
            ((c == '-' || c == '\'' || c == 0x2019) && j + len < n &&
             kl_cp_is_letter(kl_cp_at(s, n, j + len, NULL))))
            j += len;
        else
            break;
    }
    return j - i;
}

static size_t number_after(const char *s, size_t n, size_t i)
{
    i = skip_space(s, n, i, true);
    size_t m = match_word(s, n, i, &number_marks_set);
    if (m)
        i = skip_space(s, n, i + m, false);
    size_t h = house_number(s, n, i);
    return h ? i + h : 0;
}

/* "12 Baker Street", "10 rue de Rivoli", "12 एमजी रोड". */
static size_t number_first(const char *s, size_t n, size_t pos)
{
    size_t h = house_number(s, n, pos);
    if (!h)
        return 0;
    size_t i = skip_space(s, n, pos + h, true);
    if (i == pos + h)
        return 0;
    size_t m = match_word(s, n, i, &street_first_set);
    if (m && !(m == 2 && s[i] == 'b')) {              /* "10 rue de Rivoli" */
        size_t j = skip_space(s, n, i + m, false), end = 0;
        for (int words = 0; words < 5; words++) {
            bool cap;
            size_t p = match_word(s, n, j, &particles_set);
            size_t w = p ? p : name_word(s, n, j, true, &cap);
            if (!w)
                break;
            if (!p)
                end = j + w;
            j = skip_space(s, n, j + w, false);
        }
        if (end)
            return end;
    }
    bool all_capital = true;
    size_t j = i;
    for (int words = 0; words < 4; words++) {
        bool cap;
        if (words > 0) {
            size_t sw = match_word(s, n, j, &street_plain_set);
            if (sw)
                return j + sw;
            sw = match_word(s, n, j, &street_cased_set);
            if (sw && all_capital && kl_cp_is_upper(kl_cp_at(s, n, j, NULL)))
                return j + sw;
        }
        size_t w = name_word(s, n, j, false, &cap);
        if (!w || (words == 0 && digit(s[j]) && !kl_cp_is_letter(kl_cp_at(s, n, j + w - 1, NULL))))
            return 0;
        all_capital &= cap || digit(s[j]);
        j = skip_space(s, n, j + w, false);
    }
    return 0;
}

/* "Calle Mayor 5", "ул. Ленина, д. 5", "Rua Augusta, 100", "شارع الملك فهد 12". */
static size_t street_word_first(const char *s, size_t n, size_t pos)
{
    size_t m = match_word(s, n, pos, &street_first_set);
    if (!m)
        return 0;
    size_t j = skip_space(s, n, pos + m, false);
    size_t names = 0;
    for (int words = 0; words < 6; words++) {
        size_t end = number_after(s, n, j);
        if (end && names)
            return end;
        bool cap;
        size_t p = match_word(s, n, j, &particles_set);
        size_t w = p ? p : name_word(s, n, j, true, &cap);
        if (!w || digit(s[j]))
            return 0;
        names += !p;
        j = skip_space(s, n, j + w, true);
    }
    return 0;
}

/* A compound street name ending in a street suffix ("Hauptstraße", "Jan Smutslaan"). */
static bool suffixed(const char *s, size_t n, size_t pos, size_t w, size_t *wend)
{
    for (size_t k = 0; street_suffix[k]; k++) {
        size_t sl = strlen(street_suffix[k]);
        bool dot = street_suffix[k][sl - 1] == '.';
        size_t e = pos + w + (dot && pos + w < n && s[pos + w] == '.');
        if (e - pos < sl + 2 && (unsigned char)street_suffix[k][0] < 0x80)
            continue;
        if (e - pos <= sl || kl_fold_match(s + e - sl, sl, street_suffix[k]) != sl)
            continue;
        *wend = e;
        return true;
    }
    return false;
}

/* "Atatürk Caddesi No: 5", "რუსთაველის გამზირი 12", "Hauptstraße 5", "Jan Smutslaan 7". */
static size_t name_first(const char *s, size_t n, size_t pos)
{
    bool cap;
    if (digit(s[pos]) || !name_word(s, n, pos, true, &cap))
        return 0;
    size_t j = pos;
    for (int words = 0; words < 3; words++) {
        size_t ww = name_word(s, n, j, true, &cap), wend;
        if (!ww || digit(s[j]))
            return 0;
        if (suffixed(s, n, j, ww, &wend)) {
            size_t end = number_after(s, n, wend);
            if (end)
                return end;
        }
        j = skip_space(s, n, j + ww, false);
        size_t sw = match_word(s, n, j, &street_after_name_set);
        if (sw) {
            size_t end = number_after(s, n, j + sw);
            if (end)
                return end;
        }
    }
    return 0;
}

/* "मकान नं. 187": a house-number mark and the number. */
static size_t house_first(const char *s, size_t n, size_t pos)
{
    size_t m = match_word(s, n, pos, &house_marks_set);
    return m ? number_after(s, n, pos + m) : 0;
}

static bool han(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3040 && cp <= 0x30FF) || cp == 0x30FC;
}

/* Characters that end the run before a CJK address: pronouns, verbs of living and
 * particles, so that "我住在北京市朝阳区建国路88号" keeps "我住在". */
static bool cjk_stop(uint32_t cp)
{
    static const uint32_t stops[] = {0x6211, 0x4F60, 0x4ED6, 0x5979, 0x4F4F, 0x5728, 0x662F, 0x7684,
                                     0x5230, 0x4ECE, 0x4E8E, 0x53BB, 0x548C, 0x306F, 0x306B, 0x3092,
                                     0x304C, 0x3067, 0x3078, 0x3068, 0x3082, 0x79C1, 0x4F4F, 0x5BB6};
    for (size_t k = 0; k < sizeof stops / sizeof *stops; k++)
        if (stops[k] == cp)
            return true;
    return false;
}

/* Chinese "…路88号", Japanese "…区丸の内1-2-3" / "…1丁目2番3号". */
static size_t cjk_address(const char *s, size_t n, size_t pos)
{
    size_t len, j = pos;
    uint32_t cp = kl_cp_at(s, n, pos, &len);
    if (!han(cp) || cjk_stop(cp))
        return 0;
    uint32_t before = kl_cp_before(s, pos, NULL);
    if (han(before) && !cjk_stop(before))
        return 0;                                 /* start at the run's first character */
    bool marker = false;
    size_t chars = 0;
    while (j < n && chars < 24) {
        cp = kl_cp_at(s, n, j, &len);
        if (!han(cp) || cjk_stop(cp))
            break;
        /* 路 街 道 巷 弄 号 都 道 府 県 市 区 町 村 */
        marker |= cp == 0x8DEF || cp == 0x8857 || cp == 0x9053 || cp == 0x5DF7 || cp == 0x5F04 ||
                  cp == 0x90FD || cp == 0x5E9C || cp == 0x770C || cp == 0x5E02 || cp == 0x533A ||
                  cp == 0x753A || cp == 0x6751;
        j += len;
        chars++;
    }
    if (!marker || j >= n || !digit(s[j]))
        return 0;
    size_t k = j;
    while (k < n && digit(s[k]))
        k++;
    cp = kl_cp_at(s, n, k, &len);
    if (cp == 0x53F7 || cp == 0x865F || cp == 0x756A) /* 号 號 番 */
        return k + len;
    if (cp == 0x4E01) {                               /* 丁目 … */
        size_t e = k + len;
        while (e < n) {
            uint32_t c = kl_cp_at(s, n, e, &len);
            if (!(digit(s[e]) || c == 0x76EE || c == 0x756A || c == 0x5730 || c == 0x53F7 || c == '-'))
                break;
            e += len;
        }
        return e;
    }
    if (k + 1 < n && (s[k] == '-' || cp == 0x2212 || cp == 0xFF0D) && digit(s[k + (cp < 0x80 ? 1 : len)])) {
        size_t e = k;
        while (e < n && (digit(s[e]) || s[e] == '-'))
            e++;
        return s[e - 1] == '-' ? e - 1 : e;
    }
    return 0;
}

/* One part of an address's tail: up to four words and numbers ("Springfield", "IL 62704",
 * "Rio de Janeiro", "Konak/İzmir", "बेंगलुरु 560001"); a postal code ends it. */
static size_t tail_part(const char *s, size_t n, size_t j)
{
    size_t got = 0, caseless = 0;
    for (int words = 0; words < 5 && j < n; words++) {
        size_t k = 0;
        while (j + k < n && digit(s[j + k]) && k < 7)
            k++;
        bool postal = false;
        size_t w;
        if (k) {
            w = k;
            if (j + w + 1 < n && s[j + w] == '-' && digit(s[j + w + 1]))
                for (w++; j + w < n && digit(s[j + w]); w++)
                    ;
            postal = k >= 4;
            if (k > 6 || !kl_word_end(s, n, j + w))
                break;
        } else if (got && (w = match_word(s, n, j, &particles_set)) > 0) {
            /* "Rio de Janeiro": only between words, checked below by what follows */
        } else {
            bool cap;
            w = name_word(s, n, j, true, &cap);
            if (!w)
                break;
            /* Abbreviations: "एम.जी.", "St."; a long word's full stop ends a sentence. */
            size_t seg = j;
            while (j + w + 1 < n && s[j + w] == '.' && kl_cp_is_letter(kl_cp_at(s, n, j + w + 1, NULL))) {
                bool c2;
                size_t more = name_word(s, n, j + w + 1, false, &c2);
                if (!more)
                    break;
                seg = j + w + 1;
                w += 1 + more;
            }
            size_t seg_cps = 0;
            for (size_t q = seg; q < j + w; q++)
                seg_cps += ((unsigned char)s[q] & 0xC0) != 0x80;
            if (j + w + 1 < n && s[j + w] == '.' && s[j + w + 1] == ' ' && seg_cps <= 3)
                w++;
            if (!cap && ++caseless > 2)
                break;
        }
        got = j + w;
        if (postal && words > 0)
            break;                                   /* "IL 62704": the code ends it */
        if (got + 1 < n && (s[got] == ' ' || s[got] == '/'))
            j = got + 1;
        else
            break;
    }
    return got;
}

/* After a street, ", Springfield, IL 62704" or ", 28013 Madrid": the town and postal
 * code belong to the address. Only after a comma (or " - "), so that the next sentence
 * is left alone. */
static size_t address_tail(const char *s, size_t n, size_t end)
{
    static const char *const quadrants[] = {" NW", " NE", " SW", " SE", " N.W.", " S.E."};
    for (size_t q = 0; q < sizeof quadrants / sizeof *quadrants; q++) {
        size_t l = strlen(quadrants[q]);
        if (end + l <= n && memcmp(s + end, quadrants[q], l) == 0 && kl_word_end(s, n, end + l)) {
            end += l;                                /* "1600 Pennsylvania Avenue NW" */
            break;
        }
    }
    for (int part = 0; part < 4; part++) {
        size_t j = end;
        if (j + 1 < n && s[j] == ',' && s[j + 1] == ' ')
            j += 2;
        else if (j + 2 < n && (unsigned char)s[j] == 0xD8 && (unsigned char)s[j + 1] == 0x8C)
            j += s[j + 2] == ' ' ? 3 : 2;                   /* Arabic comma */
        else if (j + 2 < n && s[j] == ' ' && s[j + 1] == '-' && s[j + 2] == ' ')
            j += 3;
        else
            break;
        size_t got = tail_part(s, n, j);
        if (!got)
            break;
        end = got;
    }
    return end;
}

/* Japanese "〒100-0005" before the address proper. */
static size_t postal_mark(const char *s, size_t n, size_t pos)
{
    size_t len;
    if (kl_cp_at(s, n, pos, &len) != 0x3012)
        return 0;
    size_t i = pos + len;
    while (i < n && s[i] == ' ')
        i++;
    size_t k = i;
    while (k < n && (digit(s[k]) || s[k] == '-'))
        k++;
    if (k - i < 7)
        return 0;
    while (k < n && s[k] == ' ')
        k++;
    return k;
}

bool kl_scan_address(const char *s, size_t n, size_t pos, kl_scrub_hit *h)
{
    size_t end = 0, from = pos;
    if ((unsigned char)s[pos] == 0xE3 && (from = postal_mark(s, n, pos)) > 0) {
        end = cjk_address(s, n, from);
        if (!end)
            end = from;                              /* the postal code alone */
    } else if (digit(s[pos])) {
        end = number_first(s, n, pos);
    } else if ((unsigned char)s[pos] >= 0xE3 && (unsigned char)s[pos] <= 0xE9) {
        end = cjk_address(s, n, pos);
    }
    if (!end && !digit(s[pos]))
        end = house_first(s, n, pos);
    if (!end && !digit(s[pos]))
        end = street_word_first(s, n, pos);
    if (!end && !digit(s[pos]))
        end = name_first(s, n, pos);
    if (!end)
        return false;
    *h = (kl_scrub_hit){pos, address_tail(s, n, end), 0, 0, KL_SCRUB_ADDRESS};
    return true;
}
