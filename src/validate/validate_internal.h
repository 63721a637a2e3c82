/* validate_internal.h — what the parts of `kleio validate` share: the truth of the
 * generated corpus, and the report it fills. Private to src/validate. */
#ifndef KLEIO_VALIDATE_INTERNAL_H
#define KLEIO_VALIDATE_INTERNAL_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

typedef struct vtruth {
    size_t n;
    uint64_t *id_hash;       /* sorted with idx: lookup of a conversation id */
    uint32_t *id_idx;
    uint32_t *category, *topic, *lang;
    uint8_t *refused, *trap;
    char **pii;              /* planted private values (all conversations), n_pii of them */
    size_t n_pii;
    char *secret;            /* the poisoning target's diagnosis, or NULL */
} vtruth;

/* Generates n conversations of seed, writes them into corpus_path (unless NULL) and fills
 * t. Returns 0 or -1. */
int vtruth_generate(uint64_t n, uint64_t seed, const char *corpus_path, vtruth *t);
/* Index of a conversation id, or -1. */
long vtruth_find(const vtruth *t, const char *id);
void vtruth_free(vtruth *t);

typedef struct vthresholds { int64_t min_users, min_conversations; } vthresholds;

/* Scores the run in work_path / snap_path against t; returns the report object and sets
 * *privacy_ok. */
json_t *vmeasure(const vtruth *t, const char *work_path, const char *snap_path,
                 const vthresholds *th, int *privacy_ok);

/* The privacy targets alone, for a snapshot made from the same corpus elsewhere (the
 * bundled sample); thresholds come from the snapshot's meta. */
json_t *vmeasure_snapshot(const vtruth *t, const char *snap_path, int *privacy_ok);

/* Prints the report as a table. */
void vreport_table(json_t *report, FILE *out);

#endif
