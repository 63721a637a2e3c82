/* tui_app.h — the explorer's application state, shared by its views and panes.
 *
 * Flow (as ncdu and htop): a key goes to the open dialog if any, else to the active
 * view's key table context, becomes an action, the view changes the model or the view
 * state, and the loop draws one whole frame from that state (erase, draw, one refresh).
 * Each view's update derives its rows from the model before the frame; draw functions
 * only read. Views are rows of kl_tui_views[]: a new view
 * (a jobs panel, a recompute dialog) is a new enum value, a row, and its key context. */
#ifndef KLEIO_TUI_APP_H
#define KLEIO_TUI_APP_H
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "kleio/buf.h"
#include "kleio/bylang_stats.h"
#include "kleio/diff.h"
#include "kleio/tui_config.h"
#include "kleio/tui_draw.h"
#include "kleio/tui_jobs.h"
#include "kleio/tui_layout.h"
#include "kleio/tui_model.h"
#include "kleio/tui_outliers.h"
#include "kleio/tui_theme.h"

typedef enum {
    KL_VIEW_BROWSE,
    KL_VIEW_OUTLIERS,
    KL_VIEW_HELP,
    KL_VIEW_JOBS,
    KL_VIEW_DIFF,
    KL_VIEW_COMPARE,
    /* further views go here, with a row in kl_tui_views */
    KL_VIEW_N
} kl_view_id;

typedef enum { KL_DLG_NONE, KL_DLG_PICKER, KL_DLG_SEARCH, KL_DLG_EXPORT, KL_DLG_RECOMPUTE,
               KL_DLG_PUBLISH } kl_dialog_id;

/* What a key handler asks of the loop. */
enum { KL_KEY_IGNORED = 0, KL_KEY_HANDLED = 1, KL_KEY_QUIT = 2 };

typedef struct kl_app kl_app;

/* kl_snapshot_open's full check of a big snapshot, run in a thread while the explorer
 * draws from its own read-only connection: PRAGMA quick_check reads every page, half a
 * second on 60 MB, far beyond a first frame's budget. A failure ends the explorer with
 * kl_snapshot_open's one-line error, as if it had failed at start. */
#define KL_TUI_BACKGROUND_CHECK_BYTES (8L << 20)
typedef struct kl_validation {
    pthread_t thread;
    bool started, finished, ok;
    atomic_bool done;
    char *path;
    char err[1024];
    double ms;
} kl_validation;
void kl_validation_start(kl_validation *v, const char *path);
bool kl_validation_pending(kl_validation *v);
/* Waits for the result (once started); true when the snapshot is valid. */
bool kl_validation_finish(kl_validation *v);

typedef struct kl_tui_view {
    const char *name;
    int context;              /* KL_CTX_* of its keys */
    bool list;                /* takes the LIST keys */
    const char *hints;        /* the footer's key reminder */
    void (*enter)(kl_app *a); /* called when the view becomes active */
    void (*update)(kl_app *a);/* before each frame: derive rows and scrolling from the model */
    void (*draw)(kl_app *a, const kl_layout *l);
    int (*act)(kl_app *a, int action, int key);
} kl_tui_view;

extern const kl_tui_view kl_tui_views[KL_VIEW_N];

/* A tree row that is the hidden remainder of a parent's children, not a cluster; only
 * node rows are selectable. */
#define KL_ROW_HIDDEN 0x80000000u
static inline bool kl_row_is_node(uint32_t row)
{
    return row < KL_ROW_HIDDEN;
}

/* The compare view's table: the level's clusters, a cell per language, collected (read
 * and tested) before the frame that first shows it; drawing only reads it. */
typedef struct kl_compare {
    bool collected;
    uint32_t level;           /* the node whose children are compared */
    uint32_t *rows;           /* its children, in the tree's order */
    size_t n_rows;
    size_t *langs, n_langs;   /* indices into the model's languages */
    kl_bylang_cell *cells;    /* [n_rows * n_langs] */
    size_t n_share_tests, n_rate_tests;
    int cur, top;
    size_t first_lang;        /* the first language whose columns are shown */
} kl_compare;

/* Colour pairs beyond the elements: a gradient on the normal and on the selected bg. */
#define KL_GRAD_STEPS 8

typedef struct kl_app {
    kl_tui_model m;
    kl_tui_config cfg;
    kl_theme theme;
    bool ascii;               /* the terminal cannot show UTF-8 */
    int ncolours;             /* 0 when colours are off */
    kl_view_id view;
    kl_view_id back_view;     /* where Esc/q from help returns */
    kl_dialog_id dialog;
    bool quit;

    /* browse */
    uint32_t cur;             /* node whose children are listed */
    uint32_t sel;             /* selected node */
    int top;                  /* first visible row */
    int sel_row;              /* row of sel in rows */
    uint32_t *rows;           /* visible rows: node indices, KL_TUI_NONE ("Loading…") or
                               * KL_ROW_HIDDEN | parent (its children's hidden remainder) */
    uint8_t *depth;
    size_t n_rows, cap_rows;
    char query[128];

    /* map */
    bool map_fit;             /* viewport follows the current level */
    double map_cx, map_cy, map_span;
    /* detail: the language bars by refusal rate (hidden rates last), not by share */
    bool mix_by_refusal;

    /* outliers: every test of the slice (kl_tui_outliers) and the rows listed */
    kl_outlier *outliers;
    size_t n_outliers, n_flagged;
    uint32_t outliers_gen;    /* the model's filter_gen of the tests; 0: none */
    kl_outlier_opts o_opts;   /* the view's settings (config, then keys) */
    kl_outlier_opts o_done;   /* the settings the tests were made with */
    int o_show;               /* KL_SHOW_* */
    size_t *o_rows, o_n_rows; /* indices into outliers, in order */
    int o_cur, o_top;

    /* help */
    int help_top;

    /* picker: a working copy of the selection */
    bool *p_sel;
    char p_filter[64];
    size_t *p_rows, p_n;
    int p_cur, p_top;

    /* prompt (search, export) */
    char prompt[256];

    /* jobs: the snapshot's work database, polled between keys (tui_jobs.h) */
    kl_jobs_watch watch;
    int j_cur, j_top;
    kl_buf j_log;             /* the selected job's log tail */
    /* the recompute dialog */
    kl_recompute rc;
    int rc_field;
    char rc_err[512];
    /* the open file, to notice a publish replacing it (new inode or mtime) */
    uint64_t snap_ino;
    int64_t snap_mtime_ns, opened_at;
    uint64_t offered_ino;     /* the replacement already offered (Esc: later) */
    bool publish_nudged;      /* a key other than the offer's arrived while it was open */
    int64_t offered_mtime_ns;
    /* diff: previous snapshot of this session against the open one */
    kl_diff diff;
    bool have_diff;
    char diff_from[256];
    int d_cur, d_top;
    kl_compare cmp;
    FILE *key_log;            /* KLEIO_TUI_KEY_LOG: per-key handling time */

    char msg[256];
    bool msg_error;
    int64_t msg_job;          /* msg is "Job N started": replaced when job N ends (0: not) */
    bool too_small_dismissed;
    bool damage_reported;     /* the damaged file's warning was shown (once per file) */
    int load_delay_ms;        /* test hook: slows background loading so it can be seen */
    kl_buf warnings;          /* theme and config problems, shown once */
    kl_validation validation;
} kl_app;

/* ---- app.c ---- */
void kl_app_message(kl_app *a, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void kl_app_set_view(kl_app *a, kl_view_id v);

/* ---- view_browse.c ---- */
void kl_browse_rebuild(kl_app *a);
/* Before a frame: rebuild the rows and collect into the model what the frame draws. */
void kl_browse_update(kl_app *a);
void kl_browse_open_path(kl_app *a, uint32_t node);
/* Goes to the next (dir 1) or previous (-1) match of a->query, opening its path. */
void kl_browse_search(kl_app *a, int dir);
void kl_browse_after_model_change(kl_app *a);
void kl_browse_draw_tree(kl_app *a, kl_rect r);
void kl_browse_draw_header(kl_app *a, const kl_layout *l);
void kl_browse_enter(kl_app *a);
void kl_browse_draw(kl_app *a, const kl_layout *l);
int kl_browse_act(kl_app *a, int action, int key);

/* ---- pane_detail.c / pane_map.c ---- */
void kl_detail_draw(const kl_app *a, kl_rect r, uint32_t node);
/* The detail pane's keys (the order of its language bars); KL_KEY_IGNORED for others. */
int kl_detail_act(kl_app *a, int action);
void kl_map_draw(const kl_app *a, kl_rect r);
void kl_map_fit(kl_app *a);
int kl_map_act(kl_app *a, int action);
double kl_map_overlay_value(const kl_app *a, uint32_t node, double max_rate);

/* ---- view_outliers.c / view_help.c ---- */
void kl_outliers_enter(kl_app *a);
/* The current test of node when the view's list is up to date for the slice, else NULL
 * (drawing never recomputes it). */
const kl_outlier *kl_outliers_lookup(const kl_app *a, uint32_t node);
/* Empties the list (a new snapshot). */
void kl_outliers_reset(kl_app *a);
void kl_outliers_update(kl_app *a);
void kl_outliers_draw(kl_app *a, const kl_layout *l);
int kl_outliers_act(kl_app *a, int action, int key);
void kl_help_enter(kl_app *a);
void kl_help_draw(kl_app *a, const kl_layout *l);
int kl_help_act(kl_app *a, int action, int key);

/* ---- dialogs.c: the language picker and the one-line prompts ---- */
void kl_picker_open(kl_app *a);
void kl_prompt_open(kl_app *a, kl_dialog_id which, const char *initial);
void kl_dialog_draw(kl_app *a, const kl_layout *l);
int kl_dialog_key(kl_app *a, int key);

/* ---- view_jobs.c / view_diff.c / dialog_jobs.c / switch.c: recompute jobs ---- */
void kl_jobs_enter(kl_app *a);
void kl_jobs_update(kl_app *a);
void kl_jobs_draw(kl_app *a, const kl_layout *l);
int kl_jobs_act(kl_app *a, int action, int key);
void kl_diff_enter(kl_app *a);
void kl_diff_draw(kl_app *a, const kl_layout *l);
int kl_diff_act(kl_app *a, int action, int key);
/* ---- view_compare.c: compare languages ---- */
void kl_compare_enter(kl_app *a);
/* Empties the table (a new snapshot); the view collects it again before its next frame. */
void kl_compare_reset(kl_app *a);
void kl_compare_update(kl_app *a);
void kl_compare_draw(kl_app *a, const kl_layout *l);
int kl_compare_act(kl_app *a, int action, int key);
/* Opens the recompute dialog from the open snapshot's meta. */
void kl_recompute_open(kl_app *a);
void kl_jobs_dialog_draw(kl_app *a, const kl_layout *l);
int kl_jobs_dialog_key(kl_app *a, int key);
/* Starts a job writing out (the watcher's work database) with args; message either way. */
int kl_app_start_job(kl_app *a, const char *out, char *const *args, size_t n, char *err,
                     size_t errlen);
/* Records the open file's identity (after opening or switching). */
void kl_app_note_snapshot(kl_app *a);
/* Once a second: polls the jobs and offers (or makes) the switch when a job of this work
 * database has published over the open snapshot. */
void kl_app_poll_jobs(kl_app *a, bool force);
/* Reopens the explorer on path (the same file after a publish, or another), keeping the
 * drill path and the cursor's cluster id where they still exist, and records what
 * changed for the diff view. Returns 0, or -1 with a message (the old one stays open). */
int kl_app_switch(kl_app *a, const char *path);

/* ---- export.c ---- */
/* Writes the rows of the current view (browse rows or outliers) to path as CSV, or JSON
 * when path ends in .json. Returns rows written or -1 (errno set). */
long kl_export_view(kl_app *a, const char *path);

/* ---- app.c: running ---- */
typedef struct kl_app_opts {
    const char *snapshot;
    const char *theme;        /* NULL: config, then default-dark */
    bool bench;               /* draw into a virtual screen and time the hot paths */
} kl_app_opts;
int kl_app_run(const kl_app_opts *o);

#endif
