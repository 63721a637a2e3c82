/* tui_keys.h — the explorer's one key table (an X-macro, as tig's).
 *
 * Each row binds up to four key codes to a named action in a context. The same rows
 * produce the key dispatch, the `?` help screen and the KEYS section of kleio-browse(1)
 * (`kleio browse --keys-mdoc`), so the three never disagree. A new view adds a context
 * and its rows here. */
#ifndef KLEIO_TUI_KEYS_H
#define KLEIO_TUI_KEYS_H
#include <stdio.h>

#include <curses.h>

#define KL_KEY_ESC 27
#define KL_CTRL(c) ((c) & 0x1f)

/*   context   title of the context in help and man page */
#define KL_TUI_CONTEXTS(X)                          \
    X(LIST,     "Moving in any list")               \
    X(BROWSE,   "The tree, map and detail panes")   \
    X(MAP,      "The map")                          \
    X(JOBS,     "The jobs panel")                   \
    X(RECOMPUTE, "The recompute dialog")            \
    X(PUBLISH,  "The new-snapshot offer")           \
    X(DIFF,     "The diff view")                    \
    X(COMPARE,  "The compare-languages view")       \
    X(OUTLIERS, "The refusal outliers view")        \
    X(PICKER,   "The language picker")              \
    X(GLOBAL,   "Everywhere")

/*   context   action        keys as documented      what it does                 codes */
#define KL_TUI_KEYS(X)                                                                        \
    X(LIST, UP, "Up, k", "move the cursor up", KEY_UP, 'k', 0, 0)                             \
    X(LIST, DOWN, "Down, j", "move the cursor down", KEY_DOWN, 'j', 0, 0)                     \
    X(LIST, PGUP, "PgUp, Ctrl-B", "move a page up", KEY_PPAGE, KL_CTRL('b'), 0, 0)            \
    X(LIST, PGDN, "PgDn, Ctrl-F", "move a page down", KEY_NPAGE, KL_CTRL('f'), 0, 0)          \
    X(LIST, HOME, "Home, g", "go to the first row", KEY_HOME, 'g', 0, 0)                      \
    X(LIST, END, "End, G", "go to the last row", KEY_END, 'G', 0, 0)                          \
    X(BROWSE, OPEN, "Enter, Right, l", "open the cluster: its children become the level",     \
      '\n', KEY_ENTER, KEY_RIGHT, 'l')                                                        \
    X(BROWSE, BACK, "Left, Backspace, h", "go up a level; the cursor returns where it was",   \
      KEY_LEFT, KEY_BACKSPACE, 127, 'h')                                                      \
    X(BROWSE, EXPAND, "Space", "expand or collapse the cluster in place", ' ', 0, 0, 0)      \
    X(BROWSE, FILTER, "f", "pick languages; every figure then shows that slice", 'f', 0, 0,  \
      0)                                                                                      \
    X(BROWSE, CLEAR, "F", "clear the language filter", 'F', 0, 0, 0)                          \
    X(BROWSE, LANG_NEXT, "]", "show the next language alone (after the last: all languages)", \
      ']', 0, 0, 0)                                                                           \
    X(BROWSE, LANG_PREV, "[", "show the previous language alone", '[', 0, 0, 0)               \
    X(BROWSE, EMPTY, "d", "dim or hide clusters empty in the language slice", 'd', 0, 0, 0)  \
    X(BROWSE, SORT, "s", "sort by the next column", 's', 0, 0, 0)                             \
    X(BROWSE, SORT_BACK, "S", "sort by the previous column", 'S', 0, 0, 0)                    \
    X(BROWSE, REVERSE, "r", "reverse the sort order", 'r', 0, 0, 0)                           \
    X(BROWSE, OUTLIERS, "o", "list refusal outliers", 'o', 0, 0, 0)                           \
    X(BROWSE, SEARCH, "/", "search names and descriptions at every level (Enter alone: the last search again)", \
      '/', 0, 0, 0)                                                                           \
    X(BROWSE, NEXT, "n", "go to the next match", 'n', 0, 0, 0)                                \
    X(BROWSE, PREV, "N", "go to the previous match", 'N', 0, 0, 0)                            \
    X(BROWSE, EXPORT, "e", "export the current view to a CSV or JSON file", 'e', 0, 0, 0)     \
    X(BROWSE, COMPARE, "C", "compare languages: the level's clusters, a share and a refusal rate per language", \
      'C', 0, 0, 0)                                                                           \
    X(BROWSE, FACET_NEXT, "v", "show the next custom facet column (after the last: none)", \
      'v', 0, 0, 0)                                                                           \
    X(BROWSE, FACET_PREV, "V", "show the previous custom facet column", 'V', 0, 0, 0)        \
    X(BROWSE, FACET_FILTER, "y", "show only clusters whose facet column is above zero", \
      'y', 0, 0, 0)                                                                           \
    X(BROWSE, MIX_ORDER, "b", "order the detail pane's languages by share or by refusal rate", \
      'b', 0, 0, 0)                                                                           \
    X(MAP, MAP, "m", "show or hide the map", 'm', 0, 0, 0)                                    \
    X(MAP, OVERLAY, "c", "colour the map by refusal, concern, language share, growth or custom facet", \
      'c', 0, 0, 0)                                                                           \
    X(MAP, ZOOM_IN, "+", "zoom the map in", '+', '=', 0, 0)                                   \
    X(MAP, ZOOM_OUT, "-", "zoom the map out", '-', '_', 0, 0)                                 \
    X(MAP, PAN_LEFT, "Shift-Left, H", "pan the map left", KEY_SLEFT, 'H', 0, 0)              \
    X(MAP, PAN_RIGHT, "Shift-Right, L", "pan the map right", KEY_SRIGHT, 'L', 0, 0)          \
    X(MAP, PAN_UP, "Shift-Up, K", "pan the map up", KEY_SR, 'K', 0, 0)                       \
    X(MAP, PAN_DOWN, "Shift-Down, B", "pan the map down", KEY_SF, 'B', 0, 0)                 \
    X(MAP, MAP_RESET, "0", "fit the map to the current level", '0', 0, 0, 0)                  \
    X(OUTLIERS, JUMP, "Enter", "show the cluster in the tree", '\n', KEY_ENTER, 0, 0)         \
    X(OUTLIERS, SHOW, "v", "list the flagged clusters, those refusing more, less, or every test", \
      'v', 0, 0, 0)                                                                           \
    X(OUTLIERS, MIN_UP, "+", "test only bigger clusters (minimum conversations up)", '+', '=', \
      0, 0)                                                                                   \
    X(OUTLIERS, MIN_DOWN, "-", "test smaller clusters too (minimum conversations down)", '-', \
      '_', 0, 0)                                                                              \
    X(OUTLIERS, FDR, "t", "change the false discovery rate q: 0.01, 0.05, 0.1", 't', 0, 0, 0) \
    X(OUTLIERS, AS_TREE, "f, F, ], [, e", "pick, clear or step languages, export the list (as in the tree)", \
      0, 0, 0, 0)                                                                             \
    X(PICKER, TOGGLE, "Space", "select or unselect the language", ' ', 0, 0, 0)               \
    X(PICKER, APPLY, "Enter", "apply the selection", '\n', KEY_ENTER, 0, 0)                   \
    X(PICKER, UNSELECT, "Ctrl-U", "unselect every language", KL_CTRL('u'), 0, 0, 0)              \
    X(PICKER, TYPE, "letters", "type to narrow the list; Backspace erases", 0, 0, 0, 0)      \
    X(JOBS, JOB_CANCEL, "c", "cancel the running job (finished stages are kept; a rerun resumes)", \
      'c', 0, 0, 0)                                                                           \
    X(JOBS, JOB_RETRY, "r", "start the job again with the same parameters", 'r', 0, 0, 0)     \
    X(JOBS, JOB_OPEN, "o, Enter",                                                             \
      "open the job's snapshot (a finished job; says so instead when a later job replaced it)", \
      'o', '\n', KEY_ENTER, 0)                                                                 \
    X(RECOMPUTE, RC_NEXT, "Tab, Down", "go to the next field", '\t', KEY_DOWN, 0, 0)          \
    X(RECOMPUTE, RC_PREV, "Shift-Tab, Up", "go to the previous field", KEY_BTAB, KEY_UP, 0, 0) \
    X(RECOMPUTE, RC_START, "Enter", "start the recompute as a background job", '\n',          \
      KEY_ENTER, 0, 0)                                                                        \
    X(RECOMPUTE, RC_TYPE, "letters, digits", "edit the field; Backspace erases, Ctrl-U clears", \
      0, 0, 0, 0)                                                                             \
    X(PUBLISH, PUB_SWITCH, "Enter", "switch to the new snapshot, on the same cluster", '\n',   \
      KEY_ENTER, 0, 0)                                                                        \
    X(PUBLISH, PUB_LATER, "Esc", "later (o in the jobs panel switches)", KL_KEY_ESC, 0, 0, 0)  \
    X(DIFF, DIFF_SHOW, "Enter", "show the cluster in the tree", '\n', KEY_ENTER, 0, 0)         \
    X(COMPARE, CMP_LEFT, "Left, h", "show the previous language's columns", KEY_LEFT, 'h', 0, 0) \
    X(COMPARE, CMP_RIGHT, "Right, l", "show the next language's columns", KEY_RIGHT, 'l', 0, 0) \
    X(COMPARE, CMP_SHOW, "Enter", "show the cluster in the tree", '\n', KEY_ENTER, 0, 0)       \
    X(GLOBAL, RECOMPUTE, "R", "recompute this snapshot with other parameters (a background job)", \
      'R', 0, 0, 0)                                                                           \
    X(GLOBAL, JOBS, "J", "show the jobs of this snapshot's work database", 'J', 0, 0, 0)     \
    X(GLOBAL, DIFF, "D", "show what changed from the previous snapshot", 'D', 0, 0, 0)       \
    X(GLOBAL, HELP, "?, F1", "show this help", '?', KEY_F(1), 0, 0)                           \
    X(GLOBAL, CLOSE, "Esc", "close the dialog or view", KL_KEY_ESC, 0, 0, 0)                  \
    X(GLOBAL, REDRAW, "Ctrl-L", "redraw the screen", KL_CTRL('l'), 0, 0, 0)                   \
    X(GLOBAL, QUIT, "q", "go back from a view; quit from the tree", 'q', 0, 0, 0)

enum {
#define X(ctx, title) KL_CTX_##ctx,
    KL_TUI_CONTEXTS(X)
#undef X
    KL_CTX_N
};

enum {
    KL_ACT_NONE,
#define X(ctx, act, label, help, k1, k2, k3, k4) KL_ACT_##act,
    KL_TUI_KEYS(X)
#undef X
    KL_ACT_N
};

typedef struct kl_tui_key {
    int context, action;
    const char *label, *help;
    int codes[4];
} kl_tui_key;

extern const kl_tui_key kl_tui_keys[];
extern const size_t kl_tui_n_keys;
extern const char *const kl_tui_context_titles[KL_CTX_N];

/* The action bound to key in context (then LIST when list is true, then GLOBAL). */
int kl_tui_key_action(int context, bool list, int key);
/* Writes the KEYS section of kleio-browse(1) in mdoc. */
void kl_tui_keys_mdoc(FILE *out);

#endif
