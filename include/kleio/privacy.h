/* privacy.h — the privacy layers applied between clustering and publishing (see
 * kleio-privacy(7)). Each layer is a separate function so that it can be tested, and
 * shown to matter, on its own:
 *   thresholds     kl_privacy_passes: distinct users AND conversations, every group
 *   units          kl_privacy_units: fresh accounts created together count as one user
 *   vocabulary     kl_vocab_*: a token is publishable in a cluster only when enough
 *                  distinct users used it there
 *   influence      kl_privacy_weights: each unit's share of the naming text is bounded
 *   audit          kl_audit_string: PII patterns, placeholder leaks, rare tokens
 *   burst          kl_burst_detect: the coordinated-activity flag
 * Pure functions over arrays: no database, no I/O. */
#ifndef KLEIO_PRIVACY_H
#define KLEIO_PRIVACY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct kl_thresholds {
    int64_t min_users;           /* distinct users (units), default 25 */
    int64_t min_conversations;   /* default 50 */
} kl_thresholds;

/* Accounts whose whole activity lies inside this window and whose first activity falls in
 * the same window as others' are one unit (seconds). */
#define KL_PRIVACY_BURST_WINDOW (6 * 3600)

/* Layer 2: a group may be published on its own only when both counts reach the thresholds. */
bool kl_privacy_passes(const kl_thresholds *t, int64_t units, int64_t conversations);

/* Layer 4 (accounting): maps each user to an influence unit. A user is "fresh" when its
 * last activity is within `window` seconds of its first; fresh users are grouped greedily
 * by first activity (a group spans at most `window`), and a group of fresh users is one
 * unit. Other users are their own unit. unit_out[u] < n_users; returns the number of
 * units that merged more than one account. Deterministic, independent of user order. */
size_t kl_privacy_units(const int64_t *first_ts, const int64_t *last_ts, size_t n_users,
                        int64_t window, uint32_t *unit_out);

/* Counts distinct values per key over n (key, value) pairs, sorting them in place
 * (keys ascending, values ascending). Calls emit(key, distinct, rows, ctx) once per key. */
typedef struct kl_pair { uint64_t key; uint32_t value; } kl_pair;
void kl_pairs_count(kl_pair *pairs, size_t n,
                    void (*emit)(uint64_t key, size_t distinct, size_t rows, void *ctx),
                    void *ctx);

/* Layer 4 (naming): per-document weights for the text a cluster is named from. Every
 * unit's documents in a cluster share a total weight of 1 (weight = 1 / documents of that
 * unit in that cluster), so no unit supplies more than 1 / (units in the cluster) of the
 * naming text, however much it wrote. cluster[i] and unit[i] describe document i. */
void kl_privacy_weights(const uint32_t *cluster, const uint32_t *unit, size_t n, float *weight);

/* ---- layer 2 over the hierarchy: which clusters are published ---- */

/* The hierarchy as kl_privacy_cut_tree reads it. Clusters are numbered globally, level by
 * level from the leaves: cluster i of level l is off[l] + i where off[l] = Σ count[<l]. */
typedef struct kl_tree_cut_in {
    int levels;                        /* 0 = leaves, levels - 1 = top */
    const size_t *count;               /* clusters per level */
    const uint32_t *const *parent;     /* [levels - 1]: parent (index at level l + 1) */
    const int64_t *conversations;      /* per global cluster */
    const size_t *unit_off;            /* distinct units of cluster g, ascending: */
    const uint32_t *unit_list;         /*   unit_list[unit_off[g] .. unit_off[g + 1]) */
    const float *const *centroid;      /* [levels]: count[l] x d, or NULL: no joining */
    size_t d;
} kl_tree_cut_in;

enum kl_cut_fate {
    KL_CUT_NONE = 0,    /* not shown: under a remainder, or its family is not shown */
    KL_CUT_PUBLISHED,   /* published on its own */
    KL_CUT_REMAINDER,   /* counted in its parent's unnamed remainder */
    KL_CUT_JOINED,      /* counted in its nearest published sibling (into[g]) */
};

/* Decides, top down, every family (the children of a published cluster, or of the root):
 * children that pass the thresholds are published; the others form one remainder. When the
 * remainder itself fails, the smallest published siblings join it until it passes, so that
 * the parent is always the exact sum of its published children and no hidden remainder can
 * be recomputed by subtraction. A remainder that took every child would be the parent
 * again: the family is then not shown (at the root, a lone remainder is shown when it
 * passes). With centroids, a family has no remainder when one of its children passes:
 * each child below the thresholds joins the published sibling whose centroid is nearest
 * (cosine), its conversations counted there (into[g] = that sibling's global index), so
 * the parent is still the sum of its published children. The clusters under a joined one
 * are not shown (KL_CUT_NONE): their conversations go on down the sibling's tree, each to
 * the published child nearest to the cluster they were in (the caller's part).
 * fate has one byte per global cluster; has_remainder one per global cluster plus
 * one for the root (index Σ count), set where a published remainder child exists; into
 * one per global cluster (may be NULL without centroids). */
void kl_privacy_cut_tree(const kl_tree_cut_in *in, const kl_thresholds *th, uint8_t *fate,
                         uint8_t *has_remainder, size_t *into);

/* ---- tokens (shared by vocabulary and audit) ---- */

/* Calls fn for each token of text: words of letters/digits (ASCII and most scripts, case
 * folded for Latin, Greek, Cyrillic, Armenian), and character bigrams inside runs of
 * scripts written without spaces (CJK, kana, Thai, Lao, Khmer, Myanmar). start/len give
 * the token's bytes in text; folded is its case-folded form (NUL-terminated). */
typedef void (*kl_token_fn)(const char *folded, size_t start, size_t len, void *ctx);
void kl_tokens_each(const char *text, kl_token_fn fn, void *ctx);

/* Copies text without the bytes where drop[i] != 0, then tidies what is left: runs of
 * spaces become one; spaces and punctuation left dangling at either end, or before other
 * punctuation, go. Caller frees. */
char *kl_privacy_keep(const char *text, const char *drop);

/* ---- layer 3: k-anonymous vocabulary ---- */

/* Distinct-unit counts of tokens inside one cluster, restricted to candidate tokens (the
 * tokens of the strings to publish), which keeps it cheap on large clusters. */
typedef struct kl_vocab kl_vocab;
kl_vocab *kl_vocab_new(void);
/* Registers every token of text as a candidate. */
void kl_vocab_candidates(kl_vocab *v, const char *text);
/* Records that `unit` wrote text (only candidate tokens are counted). */
void kl_vocab_add(kl_vocab *v, uint32_t unit, const char *text);
/* Marks every token of text as publishable whoever used it: the fixed words a name or
 * description is framed with ("Requests about … and …"), which come from kleio, not
 * from anyone's conversation. */
void kl_vocab_allow(kl_vocab *v, const char *text);
/* Distinct units that used the (folded) token; 0 when unknown, SIZE_MAX when allowed. */
size_t kl_vocab_units(const kl_vocab *v, const char *folded);
void kl_vocab_free(kl_vocab *v);

/* Removes from text every token used by fewer than min_units units (with the separators
 * that would dangle). Returns a new string (caller frees); *removed counts tokens cut. */
char *kl_vocab_filter(const kl_vocab *v, const char *text, size_t min_units, size_t *removed);

/* ---- layer 5: the auditor ---- */

typedef struct kl_audit_counts {
    size_t strings;       /* strings examined */
    size_t pii;           /* spans removed as PII (e-mail, URL, phone/card/id numbers, IPs) */
    size_t placeholders;  /* scrubber placeholders removed ([NAME], <EMAIL>, …) */
    size_t rare;          /* tokens removed as used by too few units */
    size_t renamed;       /* strings replaced because nothing publishable was left */
} kl_audit_counts;

/* Returns a cleaned copy of s (caller frees), or NULL when nothing publishable is left
 * (the caller renames). vocab may be NULL (no rare-token check). */
char *kl_audit_string(const char *s, const kl_vocab *vocab, size_t min_units,
                      kl_audit_counts *counts);

/* ---- the coordinated-activity flag ---- */

/* One conversation of a cluster, as the burst detector sees it. */
typedef struct kl_burst_row {
    uint32_t user;
    int64_t first_ts, last_ts;  /* the user's activity span over the whole corpus */
    const char *text;           /* the summary (only read) */
} kl_burst_row;

/* True when many distinct fresh accounts (at least max(min_accounts, a fifth of the
 * cluster's users)) whose first activity falls inside one window wrote near-identical
 * texts (mean pairwise token Jaccard of their texts at least 0.5). Sorts rows in place. */
bool kl_burst_detect(kl_burst_row *rows, size_t n, int64_t window, size_t min_accounts);

#endif
