/* tui_model.h — the explorer's model of a snapshot: the cluster tree loaded lazily,
 * figures of the active language slice, sorting and search (refusal outliers test it
 * in tui_outliers.h).
 *
 * Only the explorer's action layer writes the model; drawing reads it. Children are read
 * from the snapshot per parent when first needed (kl_tui_model_work does it in idle
 * time, breadth first), so the first frame needs only the top level. Language cells are
 * read one language at a time into per-language arrays and summed on a filter change,
 * so changing the filter never touches the database once a language is cached. */
#ifndef KLEIO_TUI_MODEL_H
#define KLEIO_TUI_MODEL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kleio/figures.h"
#include "kleio/snapshot.h"
#include "kleio/snapshot_bulk.h"
#include "kleio/tui_custom.h"

#define KL_TUI_NONE UINT32_MAX
#define KL_TUI_MAX_SERIES 64

/* Compact counts for the per-language caches; conv < 0 marks a cell without figures. */
typedef struct kl_cell32 { int32_t conv, users, refused, concern; } kl_cell32;
enum { KL_CELL_ABSENT = -1,  /* no row: no conversation in that language (an exact zero) */
       KL_CELL_HIDDEN = -2   /* suppressed */ };

typedef struct kl_tnode {
    int64_t id, parent_id;
    uint32_t parent;          /* index of the parent node; the root (index 0) has none */
    int level;                /* -1 for the synthetic root */
    char *name;               /* sanitized at load: no control codes */
    char *desc;
    bool is_other, expanded, kids_loaded, queued;
    unsigned flags;
    float x, y, extent;
    kl_counts total;          /* all languages */
    kl_counts fig;            /* active slice */
    uint32_t *kids, n_kids, n_kids_expected;
    uint32_t sorted_gen;      /* kids are sorted for model sort_gen when equal */
    int64_t cursor_id;        /* child selected when the user last left this node */
    uint32_t series_gen;      /* series valid for model filter_gen when equal (0: never) */
    uint8_t n_series;
    int32_t *series;          /* conversations per time bucket in the slice; -1 suppressed */
    bool density_read;        /* density holds the grid (or NULL: none) */
    uint8_t *density;         /* density_side^2 cells, collected for the map */
} kl_tnode;

/* One language's figures in one cluster, for the detail pane's language mix. */
typedef struct kl_tui_mix { size_t lang; kl_counts c; } kl_tui_mix;
#define KL_TUI_MAX_MIX 64
/* The map's density grids are kept at most this many cells a side. */
#define KL_TUI_DENSITY_MAX 32

/* Sort keys are the column ids of tui_columns.h. */
typedef struct kl_tui_model {
    char *path;               /* the snapshot's file */
    kl_bulk *bulk;            /* owned: all reads go through it */
    kl_tnode *nodes;          /* nodes[0] is the synthetic root over the top level */
    size_t n_nodes, cap_nodes;
    size_t total_clusters;    /* clusters in the snapshot (loading progress) */
    /* id -> index, open addressing */
    int64_t *hkeys;
    uint32_t *hvals;
    size_t hcap;
    /* breadth-first queue of nodes whose children are still to be read */
    uint32_t *queue;
    size_t q_head, q_len, q_cap;

    kl_language *langs;
    size_t n_langs;
    int64_t input_conversations;  /* meta: every conversation of the snapshot (0: unknown) */
    int64_t input_users;
    kl_counts top_total;          /* the top-level clusters' totals, summed */
    kl_cell32 **lang_cells;       /* [n_langs] arrays of n_nodes, or NULL until read */
    kl_cell32 *lang_partial;      /* the language being read in slices, and where it is */
    size_t partial_lang;
    int64_t partial_after;
    bool *selected;               /* [n_langs] the active filter */
    size_t n_selected;

    int sort_col;
    bool sort_desc;
    uint32_t sort_gen, filter_gen;
    int64_t min_users, min_conversations;
    int density_grid;             /* side of the clusters' density grids, 0 = none */
    int density_side;             /* side of the grids kept in nodes (<= KL_TUI_DENSITY_MAX) */
    uint32_t density_level;       /* the level whose grids are being read, KL_TUI_NONE: none */
    uint32_t density_next;        /* its next child to read */
    /* the language mix of one cluster, collected for the detail pane */
    uint32_t mix_node;            /* KL_TUI_NONE: none */
    kl_tui_mix *mix;
    int n_mix;
    /* meta shown in the detail pane, read at open */
    char *created_at, *backend;
    char *facet_sources;          /* provenance.c's line, or NULL (offline, or older) */
    char *screen;                 /* likewise for a screened snapshot, or NULL */
    int64_t suppressed_clusters, suppressed_cells;
    bool failed;                  /* a read failed: the snapshot changed under us */
    size_t n_negative;            /* clusters whose negative counts are shown hidden */
    bool mended;                  /* the tree was checked for clusters cut off (model.c) */
    size_t n_cut;                 /* parent cycles (or missing parents) cut: shown at top */
    int64_t cut_id;               /* the first cluster so shown */
    kl_tui_custom custom;         /* custom facets, read at open (tui_custom.h) */
} kl_tui_model;

/* Takes ownership of b (also on failure). */
int kl_tui_model_open(kl_tui_model *m, kl_bulk *b, const char *path);
void kl_tui_model_close(kl_tui_model *m);

/* Idle work: reads children of queued nodes (and then language caches) for at most
 * budget_ms milliseconds, but always at least one unit. Returns true while work remains. */
bool kl_tui_model_work(kl_tui_model *m, double budget_ms);
bool kl_tui_model_pending(const kl_tui_model *m);
/* Asks for node's children to be read next (they may already be there). */
void kl_tui_model_want(kl_tui_model *m, uint32_t node);
/* Reads node's children now. */
void kl_tui_model_load_kids(kl_tui_model *m, uint32_t node);
/* Reads the whole tree now (search and outliers need every cluster). */
void kl_tui_model_load_all(kl_tui_model *m);
bool kl_tui_model_fully_loaded(const kl_tui_model *m);
/* Once fully loaded: clusters of the snapshot still unreached from the top level (after
 * cycles were cut: none unless a read failed). */
size_t kl_tui_model_unreachable(const kl_tui_model *m);

/* Sets the language filter (sel[n_langs]; all false = every language). */
void kl_tui_model_set_filter(kl_tui_model *m, const bool *sel);
/* "en, es" or "all languages", into out. */
void kl_tui_model_filter_label(const kl_tui_model *m, char *out, size_t n);

void kl_tui_model_set_sort(kl_tui_model *m, int col, bool desc);
/* Children of node in the active order (sorted lazily). */
const uint32_t *kl_tui_model_kids(kl_tui_model *m, uint32_t node);

uint32_t kl_tui_model_find(const kl_tui_model *m, int64_t id);
/* Parent's figures in the slice (the root's for the top level). The root (nodes[0]) is
 * the total of the selected languages, hidden cells included (kl_languages_total), not
 * the sum of the clusters shown; it may be partial (hidden_cells > 0). */
const kl_counts *kl_tui_model_parent_fig(const kl_tui_model *m, uint32_t node);
/* Share of the parent's conversations in the slice (figures.h: exact, a bound or hidden). */
kl_fig kl_tui_model_share(const kl_tui_model *m, uint32_t node);
/* The hidden remainder of node's children in the slice (parent minus what they show),
 * with the number of children hidden or partial; hidden when nothing is missing or the
 * children are not read yet. */
kl_fig kl_tui_model_hidden(const kl_tui_model *m, uint32_t node, int *hidden_clusters);
/* True when node has no published conversations in the active slice. */
bool kl_tui_model_empty(const kl_tui_model *m, uint32_t node);

/* Series of node in the active slice (cached); returns the number of points. */
size_t kl_tui_model_series(kl_tui_model *m, uint32_t node, const int32_t **out);
/* Growth: last published bucket over first, minus one; NAN when undefined. */
double kl_tui_model_growth(kl_tui_model *m, uint32_t node);

/* ---- collect, then draw (model_collect.c) ----
 * Drawing never reads the snapshot: before a frame the view collects into the model
 * what the frame shows, and only what is not cached (a grid or a mix is read once; a
 * series once per filter). The draw-side getters below are const and return "nothing
 * yet" for what was not collected. */
/* The map of level `cur`: the children's density grids, and their series when the map
 * is coloured by growth (series = true). Grids are read for at most a frame's budget;
 * the rest in idle time (kl_tui_model_work), the map shading them as they arrive. */
void kl_tui_model_collect_level(kl_tui_model *m, uint32_t cur, bool series);
/* Reads grids of the level being collected for at most budget_ms; true while some
 * remain (idle work). */
bool kl_tui_model_collect_densities(kl_tui_model *m, double budget_ms);
/* One cluster's series (for a tree row or the detail pane). */
void kl_tui_model_collect_series(kl_tui_model *m, uint32_t node);
/* The detail pane of node: its series and language mix. */
void kl_tui_model_collect_detail(kl_tui_model *m, uint32_t node);
/* Every cluster and every language's cells (the compare view tests each language
 * against the others); read once, as a filter change reads its languages. */
void kl_tui_model_collect_langs(kl_tui_model *m);
/* Node's figures in language `lang` (others = false) or in every other language (true),
 * summed as kl_snapshot_slice sums them, from the collected caches. */
kl_counts kl_tui_model_lang_slice(const kl_tui_model *m, uint32_t node, size_t lang, bool others);
/* The grid of node (density_side^2 cells), NULL when none or not collected. */
const uint8_t *kl_tui_model_density(const kl_tui_model *m, uint32_t node);
/* The series of node when collected for the active filter, else 0 points. */
size_t kl_tui_model_series_cached(const kl_tui_model *m, uint32_t node, const int32_t **out);
double kl_tui_model_growth_cached(const kl_tui_model *m, uint32_t node);
/* The language mix of node when collected, else 0 rows. */
int kl_tui_model_mix(const kl_tui_model *m, uint32_t node, const kl_tui_mix **out);

/* Next node after `from` in display (preorder) order whose name or description contains
 * query (case-insensitive, ASCII folding); dir = +1 or -1; wraps. KL_TUI_NONE if none. */
uint32_t kl_tui_model_search(kl_tui_model *m, const char *query, uint32_t from, int dir);

/* provenance.c: the detail pane's line for meta facet_sources ("by the model: language
 * all, …, summary 99.3%"; a field whose smaller side was withheld says "one source <N"),
 * NULL when json is not an object; and for meta screen with its counts, NULL without a
 * screen. Sanitized; caller frees. */
char *kl_tui_facet_sources_text(const char *json, int64_t min_conversations);
char *kl_tui_screen_text(const char *screen, int64_t in, int64_t out);

#endif
