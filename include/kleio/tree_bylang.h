/* tree_bylang.h — `kleio tree --by-lang`: one row per cluster, one column per language,
 * to compare languages without a filter change per language.
 *
 * The statistics are bylang_stats.h's (shared with the explorer's compare view), each
 * kind of test adjusted over the whole table; a figure is marked over (+) or under (-)
 * when its q <= 0.05. A hidden cell is "hidden" and tested nowhere. */
#ifndef KLEIO_TREE_BYLANG_H
#define KLEIO_TREE_BYLANG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "kleio/bylang_stats.h"
#include "kleio/snapshot.h"
#include "kleio/tree_model.h"

enum { KL_BYLANG_TEXT, KL_BYLANG_JSON, KL_BYLANG_CSV };

/* Languages shown when none are given: the largest published ones. */
#define KL_BYLANG_DEFAULT_LANGS 5

typedef struct kl_bylang_opts {
    const char *const *langs; /* codes (checked to exist), or none: the largest ones */
    size_t nlangs;
    int depth;                /* levels printed, 0 = all */
    int format;               /* KL_BYLANG_* */
    bool ascii;               /* text: no UTF-8 ellipsis */
    int width;                /* text: terminal columns, 0 = no limit */
} kl_bylang_opts;

/* Prints t (loaded without a language filter, sorted as wanted) to out. Returns 0, or
 * -1 when the snapshot cannot be read. */
int kl_tree_by_lang(kl_snapshot *s, const kl_tree *t, const kl_bylang_opts *o, FILE *out);

#endif
