/* scrub_scan.h — the detectors behind kl_scrub, private to src/facets.
 * Each detector is tried at a word start pos of s[0..n) and, on a match, fills a hit:
 * the bytes [start, end) are replaced by the type's placeholder, except [keep_from,
 * keep_to) (inside the hit) which is written out first (the host of a URL). start may
 * lie after pos when a cue phrase is kept ("my name is [NAME]"). */
#ifndef KLEIO_FACETS_SCRUB_SCAN_H
#define KLEIO_FACETS_SCRUB_SCAN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kleio/scrub.h"
#include "textfold.h"

typedef struct kl_scrub_hit {
    size_t start, end;
    size_t keep_from, keep_to;
    enum kl_scrub_type type;
} kl_scrub_hit;

bool kl_scan_url(const char *s, size_t n, size_t pos, kl_scrub_hit *h);
bool kl_scan_email(const char *s, size_t n, size_t pos, kl_scrub_hit *h);
bool kl_scan_ip(const char *s, size_t n, size_t pos, kl_scrub_hit *h);
bool kl_scan_iban(const char *s, size_t n, size_t pos, kl_scrub_hit *h);
bool kl_scan_card(const char *s, size_t n, size_t pos, kl_scrub_hit *h);
bool kl_scan_id(const char *s, size_t n, size_t pos, kl_scrub_hit *h);
bool kl_scan_phone(const char *s, size_t n, size_t pos, kl_scrub_hit *h);
bool kl_scan_address(const char *s, size_t n, size_t pos, kl_scrub_hit *h);
bool kl_scan_name(const char *s, size_t n, size_t pos, kl_scrub_hit *h);

/* A number written as digit groups with short separators (space, dash, dot, slash,
 * parentheses), as phones, cards and ids are: the digits, and where each group ends so
 * that a detector can try shorter prefixes when a longer reading fails. */
#define KL_RUN_MAX_GROUPS 16
typedef struct kl_digit_run {
    char digits[32];
    size_t ndigits;
    size_t ngroups;
    size_t group_len[KL_RUN_MAX_GROUPS];
    size_t group_end[KL_RUN_MAX_GROUPS];    /* offset after the group's last digit */
    char group_sep[KL_RUN_MAX_GROUPS];      /* separator before the group: 0, ' ', '-', … */
    bool plus;                              /* started with '+' */
    bool paren;                             /* had a parenthesised group */
} kl_digit_run;
/* Returns false when no digit group starts at pos (after an optional '+' or '('). */
bool kl_digit_run_scan(const char *s, size_t n, size_t pos, kl_digit_run *r);
/* Digits in the first g groups. */
size_t kl_digit_run_count(const kl_digit_run *r, size_t g);

/* Check digits. */
bool kl_check_luhn(const char *digits, size_t n);
int kl_check_mod97(const char *alnum, size_t n);      /* IBAN remainder after rotation */

/* True when one of the cue words (lowercase, exact) ends within `window` bytes before pos,
 * e.g. "phone", "tel", "ssn": used by detectors that accept weaker evidence after a cue. */
bool kl_cue_before(const char *s, size_t pos, size_t window, kl_phrases *cues);

#endif
