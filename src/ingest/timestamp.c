/* timestamp.c — ISO 8601 dates and date-times, or epoch seconds, to epoch seconds UTC,
 * without the C library's locale- and TZ-dependent time functions. */
#include "kleio/ingest.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>

/* Reads exactly n digits. */
static bool digits(const char **s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*s)[i]))
            return false;
        v = v * 10 + ((*s)[i] - '0');
    }
    *s += n;
    *out = v;
    return true;
}

/* Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

/* Epoch seconds as a decimal string: "1772366400", "-86400", "1772366400.25". */
static bool parse_epoch(const char *s, int64_t *out)
{
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    if (!isdigit((unsigned char)*p))
        return false;
    while (isdigit((unsigned char)*p))
        p++;
    if (*p == '.') {
        p++;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (*p != '\0' || p - s > 24)
        return false;
    double v = strtod(s, NULL);
    /* Beyond 1e11 a number is milliseconds (1e11 s is the year 5138), then µs, ns. */
    while (v >= 1e11 || v <= -1e11)
        v /= 1000.0;
    *out = (int64_t)v;
    return true;
}

bool kl_ingest_time_is_basic_date(const char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    int n = 0;
    while (isdigit((unsigned char)s[n]))
        n++;
    const char *p = s + n;
    while (isspace((unsigned char)*p))
        p++;
    return n == 8 && *p == '\0';
}

int kl_ingest_parse_time(const char *s, int64_t *out)
{
    while (isspace((unsigned char)*s))
        s++;
    /* Eight digits are a date in ISO 8601's basic format (20240101), not epoch seconds of
     * 1970-08-23: exports write dates so; epoch seconds of this century have ten digits. */
    bool basic = kl_ingest_time_is_basic_date(s);
    if (!basic && parse_epoch(s, out))
        return 0;
    int y, mo, d, h = 0, mi = 0, sec = 0;
    const char *p = s;
    if (basic) {
        if (!digits(&p, 4, &y) || !digits(&p, 2, &mo) || !digits(&p, 2, &d))
            return -1;
        while (isspace((unsigned char)*p)) /* a date only: no time part follows */
            p++;
    } else if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) || *p++ != '-' ||
               !digits(&p, 2, &d)) {
        return -1;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
        return -1;
    int64_t offset = 0;
    if (*p == 'T' || *p == 't' || *p == ' ') {
        p++;
        if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
            return -1;
        if (*p == ':') {
            p++;
            if (!digits(&p, 2, &sec))
                return -1;
            if (*p == '.' || *p == ',') {
                p++;
                if (!isdigit((unsigned char)*p))
                    return -1;
                while (isdigit((unsigned char)*p))
                    p++;
            }
        }
        /* 24:00:00 is the end of the day; 60 seconds a leap second, folded onto :59. */
        if (h > 24 || (h == 24 && (mi || sec)) || mi > 59 || sec > 60)
            return -1;
        if (sec == 60)
            sec = 59;
        if (*p == 'Z' || *p == 'z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            int sign = *p++ == '-' ? -1 : 1, oh, om = 0;
            if (!digits(&p, 2, &oh))
                return -1;
            if (*p == ':')
                p++;
            if (isdigit((unsigned char)*p) && !digits(&p, 2, &om))
                return -1;
            if (oh > 23 || om > 59)
                return -1;
            offset = sign * (oh * 3600 + om * 60);
        }
    }
    while (isspace((unsigned char)*p))
        p++;
    if (*p != '\0')
        return -1;
    *out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset;
    return 0;
}
