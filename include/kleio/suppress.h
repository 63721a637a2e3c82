/* suppress.h — disclosure control of a set of published tables linked by additive
 * relations (kleio-privacy(7), "Complementary suppression").
 *
 * The caller describes every cell it means to publish (a cluster x language count, a month,
 * a language total, …) and every relation a reader can form between them (a parent's cell
 * is the sum of its children's, a cluster's total the sum of its languages', a cell the sum
 * of its months). kl_sdc_protect then decides which cells are hidden:
 *   primary         a cell below the thresholds (distinct units AND conversations);
 *   complementary   a further cell hidden so that no hidden cell can be recomputed, or
 *                   bounded to a narrow interval, from what is published.
 * The check is an attacker built in: it bounds every hidden figure (conversations, refused,
 * concern) by interval propagation over all relations to a fixpoint, together with the
 * facts a reader knows (a hidden cell holds at least one conversation; 0 <= refused <=
 * conversations <= concern <= 5 * conversations), and finds the cells fixed by combinations
 * of relations by exact elimination (kl_linear_determined). A hidden cell is exposed when its
 * conversations are bounded to an interval narrower than a fifth of min_conversations (an
 * exact value is the narrowest), or its refused (other than 0) or concern figure is derived
 * exactly while its conversations may be below min_conversations. A refused figure derived as 0 is counted apart: the published sums say that the
 * hidden rest holds no refusal, a fact about the group rather than a figure of one cell.
 * While
 * one is exposed, a cell of the relation that exposes it is hidden too, the one losing
 * least information (the smallest cell that gives enough cover), and the check runs again.
 *
 * Pure: arrays in, decisions out; no database, no I/O. */
#ifndef KLEIO_SUPPRESS_H
#define KLEIO_SUPPRESS_H
#include <stddef.h>
#include <stdint.h>

#include "kleio/privacy.h"

/* What the caller allows to happen to a cell. */
enum kl_sdc_role {
    KL_SDC_FREE = 0,   /* published unless below the thresholds or chosen as cover */
    KL_SDC_KEEP,       /* always published (a cluster's all-language total, the input total) */
    KL_SDC_KNOWN,      /* never published, but assume the reader knows it (e.g. rows without a
                          timestamp, which make a cell's months sum short) */
};

/* What kl_sdc_protect decided. */
enum kl_sdc_state {
    KL_SDC_PUBLISHED = 0,
    KL_SDC_PRIMARY,        /* below the thresholds */
    KL_SDC_COMPLEMENTARY,  /* hidden to protect another cell */
};

typedef struct kl_sdc_cell {
    int64_t conversations, units, refused, concern_sum;   /* in */
    uint8_t role;                                          /* in: enum kl_sdc_role */
    uint8_t state;                                         /* out: enum kl_sdc_state */
} kl_sdc_cell;

typedef struct kl_sdc_table kl_sdc_table;

kl_sdc_table *kl_sdc_new(void);
void kl_sdc_free(kl_sdc_table *t);

/* Adds a cell (conversations >= 1: an empty cell is not published and needs no cell);
 * returns its index. */
uint32_t kl_sdc_add_cell(kl_sdc_table *t, int64_t conversations, int64_t units, int64_t refused,
                         int64_t concern_sum, enum kl_sdc_role role);
/* Adds the relation total = parts[0] + … + parts[n-1]; the caller guarantees it holds for
 * every figure (kl_sdc_protect checks it for conversations and fails when it does not). */
void kl_sdc_add_relation(kl_sdc_table *t, uint32_t total, const uint32_t *parts, size_t n);

size_t kl_sdc_cells(const kl_sdc_table *t);
const kl_sdc_cell *kl_sdc_cell_at(const kl_sdc_table *t, uint32_t i);

/* How cover cells are chosen. */
enum kl_sdc_method {
    KL_SDC_AUDITED = 0,        /* the default: audit, cover, audit again until nothing is exposed */
    KL_SDC_SMALLEST_SIBLING,   /* the simplest rule, kept to measure against: in every relation
                                  with exactly one hidden part, hide the smallest other part once */
};

typedef struct kl_sdc_report {
    size_t cells;           /* cells that may be published (KL_SDC_FREE) */
    size_t primary, complementary;
    int64_t conversations_all;   /* summed over the cells that may be published */
    int64_t conversations_primary, conversations_complementary;  /* summed over hidden cells */
    size_t rounds;          /* audit rounds */
    size_t exposed;         /* cells still exposed at the end (0 unless no cover was left) */
    size_t derived_zeros;   /* hidden refused figures derived as 0 (see above) */
} kl_sdc_report;

/* Decides every cell's state. Returns 0, or -1 when a relation does not hold (a caller bug;
 * nothing is decided then). */
int kl_sdc_protect(kl_sdc_table *t, const kl_thresholds *th, enum kl_sdc_method method,
                   kl_sdc_report *report);

/* The unknowns that a linear system fixes: rows r = 0..n_rows-1 hold the unknowns
 * row_col[row_off[r] .. row_off[r+1]) with coefficients row_coef (the right-hand sides do
 * not matter). determined[i] is set for every unknown i whose value the rows fix, found by
 * exact elimination modulo a prime and one random null-space vector (a wrong "fixed" has
 * probability about 2^-61 per unknown; "free" is always right). */
void kl_linear_determined(size_t n_unknowns, size_t n_rows, const size_t *row_off,
                          const uint32_t *row_col, const int8_t *row_coef, uint64_t seed,
                          uint8_t *determined);

/* The built-in attacker alone, over the current states: the number of hidden cells exposed
 * (and the refused figures derived as 0 into *zeros when not NULL). For tests and
 * measurement. */
size_t kl_sdc_audit(kl_sdc_table *t, const kl_thresholds *th, size_t *zeros);

#endif
