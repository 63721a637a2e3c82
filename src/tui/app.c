/* app.c — the explorer's main loop: terminal setup, colours, key dispatch, frames. */
#include "kleio/tui_app.h"

#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curses.h>

#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/snapshot.h"
#include "kleio/snapshot_bulk.h"
#include "kleio/tui_keys.h"
#include "kleio/tui_text.h"
#include "kleio/utf8.h"

const kl_tui_view kl_tui_views[KL_VIEW_N] = {
    [KL_VIEW_BROWSE] = {"browse", KL_CTX_BROWSE, true,
                        "?:help  f:languages  s/r:sort  o:outliers  /:search  m:map  e:export  q:quit",
                        kl_browse_enter, kl_browse_update, kl_browse_draw, kl_browse_act},
    [KL_VIEW_OUTLIERS] = {"outliers", KL_CTX_OUTLIERS, true,
                          "Enter:show in tree  v:list  +/-:min size  t:q  f:languages  e:export  Esc/q:back  ?:help",
                          kl_outliers_enter, kl_outliers_update, kl_outliers_draw, kl_outliers_act},
    [KL_VIEW_HELP] = {"help", KL_CTX_GLOBAL, true, "Esc/q:back", kl_help_enter, NULL,
                      kl_help_draw, kl_help_act},
    [KL_VIEW_JOBS] = {"jobs", KL_CTX_JOBS, true,
                      "c:cancel  r:retry  o:open result  R:recompute  Esc/q:back  ?:help",
                      kl_jobs_enter, kl_jobs_update, kl_jobs_draw, kl_jobs_act},
    [KL_VIEW_DIFF] = {"diff", KL_CTX_DIFF, true, "Enter:show in tree  Esc/q:back  ?:help",
                      kl_diff_enter, NULL, kl_diff_draw, kl_diff_act},
    [KL_VIEW_COMPARE] = {"compare", KL_CTX_COMPARE, true,
                         "Left/Right:languages  Enter:show in tree  Esc/q:back  ?:help",
                         kl_compare_enter, kl_compare_update, kl_compare_draw, kl_compare_act},
};

void kl_app_message(kl_app *a, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->msg, sizeof a->msg, fmt, ap);
    va_end(ap);
    a->msg_error = error;
    a->msg_job = 0;
}

void kl_app_set_view(kl_app *a, kl_view_id v)
{
    if (v == KL_VIEW_HELP && a->view != KL_VIEW_HELP)
        a->back_view = a->view;
    a->view = v;
    if (kl_tui_views[v].enter)
        kl_tui_views[v].enter(a);
}

/* ---- colours ---- */

/* Home and End arrive as different sequences depending on the terminal, its keypad mode
 * and any multiplexer in between (tmux sends \e[1~ and \e[4~ whatever TERM says), and
 * terminfo names only one of them: teach curses the common ones. */
static void bind_home_end_variants(void)
{
    static const char *const home[] = {"\033[1~", "\033[7~", "\033[H", "\033OH"};
    static const char *const end[] = {"\033[4~", "\033[8~", "\033[F", "\033OF"};
    for (size_t i = 0; i < sizeof home / sizeof home[0]; i++) {
        define_key(home[i], KEY_HOME);
        define_key(end[i], KEY_END);
    }
}

static void setup_colours(kl_app *a)
{
    a->ncolours = 0;
    if (a->theme.mono || !has_colors())
        return;
    start_color();
    bool defaults = use_default_colors() == OK;
    a->ncolours = COLORS;
    int need = 1 + KL_EL_N + 2 * KL_GRAD_STEPS;
    if (COLOR_PAIRS < need) {
        a->ncolours = 0; /* too few pairs to keep elements apart: attributes only */
        return;
    }
    int normal_bg = kl_colour_to_term(a->theme.el[KL_EL_NORMAL].bg, COLORS);
    for (int e = 0; e < KL_EL_N; e++) {
        int fg = kl_colour_to_term(a->theme.el[e].fg, COLORS);
        int bg = kl_colour_to_term(a->theme.el[e].bg, COLORS);
        if (bg < 0)
            bg = normal_bg;
        if (!defaults) {
            fg = fg < 0 ? COLOR_WHITE : fg;
            bg = bg < 0 ? COLOR_BLACK : bg;
        }
        init_pair((short)(e + 1), (short)fg, (short)bg);
    }
    int sel_bg = kl_colour_to_term(a->theme.el[KL_EL_SELECTED].bg, COLORS);
    for (int g = 0; g < KL_GRAD_STEPS; g++) {
        kl_colour c = kl_theme_gradient(&a->theme, (double)g / (KL_GRAD_STEPS - 1));
        int fg = kl_colour_to_term(c, COLORS);
        int b1 = normal_bg, b2 = sel_bg;
        if (!defaults) {
            fg = fg < 0 ? COLOR_WHITE : fg;
            b1 = b1 < 0 ? COLOR_BLACK : b1;
            b2 = b2 < 0 ? COLOR_BLACK : b2;
        }
        init_pair((short)(1 + KL_EL_N + g), (short)fg, (short)b1);
        init_pair((short)(1 + KL_EL_N + KL_GRAD_STEPS + g), (short)fg, (short)b2);
    }
    bkgdset((chtype)COLOR_PAIR(KL_EL_NORMAL + 1));
}

/* ---- frames ---- */

static void draw_footer(kl_app *a, const kl_layout *l)
{
    kl_rect f = l->footer;
    if (f.h == 0)
        return;
    kl_app_fill(a, f.y, 0, f.w, KL_EL_FOOTER);
    char right[160] = "";
    const kl_job *running = kl_jobs_watch_running(&a->watch);
    if (running) {
        char status[128];
        kl_job_status_line(running, status, sizeof status);
        snprintf(right, sizeof right, " %s ", status);
    } else if (kl_validation_pending(&a->validation))
        snprintf(right, sizeof right, " %s ", kl_app_glyph(a, "Checking snapshot\xe2\x80\xa6", "Checking snapshot..."));
    else if (!kl_tui_model_fully_loaded(&a->m))
        snprintf(right, sizeof right, " %s %zu/%zu ", kl_app_glyph(a, "Loading\xe2\x80\xa6", "Loading..."),
                 a->m.n_nodes - 1, a->m.total_clusters);
    else if (a->m.density_level != KL_TUI_NONE && a->cfg.show_map)
        snprintf(right, sizeof right, " %s %u/%u ", kl_app_glyph(a, "Shading map\xe2\x80\xa6", "Shading map..."),
                 a->m.density_next, a->m.nodes[a->m.density_level].n_kids);
    int rw = (int)kl_utf8_width(right);
    if (rw > f.w / 2)
        rw = 0;
    const char *left = a->msg[0] ? a->msg : kl_tui_views[a->view].hints;
    bool warn = a->msg_error;
    if (a->m.failed && !a->msg[0]) {
        /* A read failed after opening: the file was damaged or replaced underneath. */
        left = "Some clusters could not be read: the snapshot is damaged or was replaced";
        warn = true;
    }
    kl_app_put(a, f.y, 1, kl_sat_sub(f.w, rw + 2), left, warn ? KL_EL_WARN : KL_EL_FOOTER);
    if (rw)
        kl_app_put(a, f.y, f.w - rw, rw, right, KL_EL_FOOTER);
}

static void draw_too_small(kl_app *a, int cols, int rows)
{
    char line[128];
    snprintf(line, sizeof line, "Terminal too small: %dx%d (kleio needs %dx%d)", cols, rows,
             KL_TUI_MIN_COLS, KL_TUI_MIN_ROWS);
    int y = rows / 2 - 1;
    kl_app_put(a, y < 0 ? 0 : y, 0, cols, line, KL_EL_WARN);
    if (rows > 1)
        kl_app_put(a, y + 1 < 1 ? 1 : y + 1, 0, cols, "Enlarge it, press a key to go on anyway, or q to quit",
                   KL_EL_NORMAL);
}

/* Once loaded: what a damaged file hides or had to be mended, on the footer. */
static void report_damage(kl_app *a)
{
    if (a->damage_reported || !kl_tui_model_fully_loaded(&a->m))
        return;
    a->damage_reported = true;
    size_t lost = kl_tui_model_unreachable(&a->m);
    if (a->m.n_cut)
        kl_app_message(a, true,
                       "Damaged snapshot: %zu parent cycle%s cut; cluster %lld shown at the top level",
                       a->m.n_cut, a->m.n_cut == 1 ? "" : "s", (long long)a->m.cut_id);
    else if (lost)
        kl_app_message(a, true,
                       "Damaged snapshot: %zu cluster%s under no top-level cluster (a parent "
                       "cycle?) not shown; kleio tree cuts the cycle",
                       lost, lost == 1 ? "" : "s");
    else if (a->m.n_negative)
        kl_app_message(a, true, "Damaged snapshot: %zu cluster%s with negative counts shown as hidden",
                       a->m.n_negative, a->m.n_negative == 1 ? "" : "s");
}

static void draw_frame(kl_app *a)
{
    report_damage(a);
    if (kl_tui_views[a->view].update)
        kl_tui_views[a->view].update(a);
    kl_layout l;
    kl_tui_layout(COLS, LINES, a->cfg.show_map, &l);
    if (!l.too_small)
        a->too_small_dismissed = false;
    erase();
    if (l.too_small && !a->too_small_dismissed) {
        draw_too_small(a, COLS, LINES);
    } else {
        kl_browse_draw_header(a, &l);
        kl_tui_views[a->view].draw(a, &l);
        draw_footer(a, &l);
        if (a->dialog == KL_DLG_RECOMPUTE || a->dialog == KL_DLG_PUBLISH)
            kl_jobs_dialog_draw(a, &l);
        else if (a->dialog != KL_DLG_NONE)
            kl_dialog_draw(a, &l);
    }
    refresh(); /* the only refresh of the frame: ncurses sends just the difference */
    if (a->key_log) { /* tests/tui/test_idle.sh counts frames: idle means none */
        fputs("frame\n", a->key_log);
        fflush(a->key_log);
    }
}

/* Mouse (when enabled): a click selects a tree row, a click on the selected row opens
 * it, the wheel moves the cursor. Everything else is the keyboard's. */
static void mouse_event(kl_app *a)
{
    MEVENT ev;
    if (getmouse(&ev) != OK || a->view != KL_VIEW_BROWSE || a->dialog != KL_DLG_NONE)
        return;
    if (ev.bstate & BUTTON4_PRESSED) {
        kl_browse_act(a, KL_ACT_UP, 0);
        return;
    }
    if (ev.bstate & BUTTON5_PRESSED) {
        kl_browse_act(a, KL_ACT_DOWN, 0);
        return;
    }
    if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
        return;
    kl_layout l;
    kl_tui_layout(COLS, LINES, a->cfg.show_map, &l);
    int row = a->top + ev.y - (l.tree.y + 1);
    if (ev.x < l.tree.x || ev.x >= l.tree.x + l.tree.w || ev.y <= l.tree.y ||
        ev.y >= l.tree.y + l.tree.h || row < 0 || row >= (int)a->n_rows ||
        !kl_row_is_node(a->rows[row]))
        return;
    if (row == a->sel_row) {
        kl_browse_act(a, KL_ACT_OPEN, 0);
    } else {
        a->sel_row = row;
        a->sel = a->rows[row];
    }
}

static void dispatch(kl_app *a, int ch)
{
    if (ch == KEY_MOUSE) {
        mouse_event(a);
        return;
    }
    kl_layout l;
    kl_tui_layout(COLS, LINES, a->cfg.show_map, &l);
    if (l.too_small && !a->too_small_dismissed) {
        if (ch == 'q')
            a->quit = true;
        a->too_small_dismissed = true;
        return;
    }
    a->msg[0] = '\0';
    a->msg_job = 0;
    if (a->dialog == KL_DLG_RECOMPUTE || a->dialog == KL_DLG_PUBLISH) {
        kl_jobs_dialog_key(a, ch);
        return;
    }
    if (a->dialog != KL_DLG_NONE) {
        kl_dialog_key(a, ch);
        return;
    }
    const kl_tui_view *v = &kl_tui_views[a->view];
    int act = kl_tui_key_action(v->context, v->list, ch);
    int r = v->act(a, act, ch);
    if (r & KL_KEY_QUIT) {
        a->quit = true;
        return;
    }
    if (r & KL_KEY_HANDLED)
        return;
    switch (act) {
    case KL_ACT_HELP: kl_app_set_view(a, KL_VIEW_HELP); break;
    case KL_ACT_RECOMPUTE: kl_recompute_open(a); break;
    case KL_ACT_JOBS: kl_app_set_view(a, KL_VIEW_JOBS); break;
    case KL_ACT_DIFF: kl_app_set_view(a, KL_VIEW_DIFF); break;
    case KL_ACT_QUIT:
    case KL_ACT_CLOSE:
        if (a->view == KL_VIEW_HELP)
            kl_app_set_view(a, a->back_view);
        else if (a->view != KL_VIEW_BROWSE)
            kl_app_set_view(a, KL_VIEW_BROWSE);
        else if (act == KL_ACT_QUIT)
            a->quit = true;
        break;
    case KL_ACT_REDRAW: clearok(curscr, TRUE); break;
    default: break;
    }
}

/* ---- setup ---- */

static void load_theme(kl_app *a, const char *name)
{
    kl_theme_default(&a->theme);
    const char *no_color = getenv("NO_COLOR");
    if (no_color && *no_color) {
        kl_theme_mono(&a->theme); /* https://no-color.org: attributes stay, colours go */
        return;
    }
    if (!name || !*name || strcmp(name, "default-dark") == 0)
        return;
    if (strcmp(name, "mono") == 0) {
        kl_theme_mono(&a->theme);
        return;
    }
    char path[4096];
    if (kl_theme_locate(name, path, sizeof path) != 0) {
        kl_buf_printf(&a->warnings, "theme '%s' not found; using default-dark\n", name);
        return;
    }
    if (kl_theme_load(&a->theme, path, &a->warnings) < 0)
        kl_theme_default(&a->theme);
}

static double ms_since(double t0)
{
    return (kl_now() - t0) * 1000.0;
}

static long rss_kib(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    char line[256];
    long v = -1;
    size_t fl = strlen(field);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, field, fl) == 0)
            v = strtol(line + fl, NULL, 10);
    fclose(f);
    return v;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211u;
    return h;
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
    return s ? fnv(h, s, strlen(s) + 1) : fnv(h, "", 1);
}

/* What a poll of the jobs can change on screen: the jobs (footer, jobs view), the
 * message, the dialog, the open snapshot. Equal before and after: no frame. */
static uint64_t poll_fingerprint(const kl_app *a)
{
    uint64_t h = 14695981039346656037u;
    h = fnv(h, &a->dialog, sizeof a->dialog);
    h = fnv(h, &a->view, sizeof a->view);
    h = fnv(h, &a->msg_error, sizeof a->msg_error);
    h = fnv_str(h, a->msg);
    h = fnv_str(h, a->watch.err);
    h = fnv(h, &a->snap_ino, sizeof a->snap_ino);
    h = fnv(h, &a->snap_mtime_ns, sizeof a->snap_mtime_ns);
    h = fnv(h, &a->watch.n, sizeof a->watch.n);
    for (size_t i = 0; i < a->watch.n; i++) {
        const kl_job *j = &a->watch.jobs[i];
        int64_t v[5] = {j->id, j->done, j->total, j->updated_at, j->finished_at};
        h = fnv(h, v, sizeof v);
        h = fnv(h, &j->cancel_requested, sizeof j->cancel_requested);
        h = fnv_str(h, j->state);
        h = fnv_str(h, j->stage);
        h = fnv_str(h, j->error);
    }
    return h;
}

/* Out of memory exits from wherever it happens: the terminal is given back first (the
 * screen's modes reset, the shell's echo on) so that its one line is read on the shell's
 * screen. */
static void give_back_terminal(void)
{
    if (!isendwin())
        endwin();
}

/* ncurses exits by itself when memory runs out while it reads the terminal's description,
 * with at most a line of its own: the exit then says which program and what it was doing. */
static const char *volatile in_newterm; /* the terminal type being set up, or NULL */

static void newterm_exit(void)
{
    if (in_newterm)
        fprintf(stderr, "kleio: browse: the curses library stopped while setting up the "
                        "terminal (TERM=%s; out of memory?)\n", in_newterm);
}

static SCREEN *open_screen(const char *type, FILE *out, FILE *in)
{
    static int registered;
    if (!registered++)
        atexit(newterm_exit);
    in_newterm = type ? type : getenv("TERM") ? getenv("TERM") : "";
    SCREEN *scr = newterm(type, out, in);
    in_newterm = NULL;
    return scr;
}

/* The benchmark's script: the hot paths a researcher hits, each timed with its frame. */
static void run_bench(kl_app *a, double t_start)
{
    draw_frame(a);
    /* The absolute monotonic time lets the benchmark add the process start-up it saw. */
    fprintf(stderr, "first_frame_ms=%.2f first_frame_mono=%.6f\n", ms_since(t_start), kl_now());
    double t = kl_now();
    while (kl_tui_model_work(&a->m, 50))
        ;
    fprintf(stderr, "background_load_ms=%.2f clusters=%zu languages=%zu\n", ms_since(t),
            a->m.n_nodes - 1, a->m.n_langs);
    draw_frame(a);
    bool *sel = kl_calloc(a->m.n_langs + 1, sizeof *sel);
    double worst_filter = 0, worst_sort = 0;
    for (size_t l = 0; l < a->m.n_langs && l < 5; l++) {
        memset(sel, 0, (a->m.n_langs + 1) * sizeof *sel);
        for (size_t k = 0; k <= l; k++)
            sel[k] = true;
        t = kl_now();
        kl_tui_model_set_filter(&a->m, sel);
        kl_browse_after_model_change(a);
        draw_frame(a);
        double ms = ms_since(t);
        fprintf(stderr, "filter_%zu_langs_ms=%.2f\n", l + 1, ms);
        worst_filter = ms > worst_filter ? ms : worst_filter;
    }
    memset(sel, 0, (a->m.n_langs + 1) * sizeof *sel);
    t = kl_now();
    kl_tui_model_set_filter(&a->m, sel);
    kl_browse_after_model_change(a);
    draw_frame(a);
    fprintf(stderr, "filter_clear_ms=%.2f\n", ms_since(t));
    static const int cols[] = {KL_COL_REFUSAL, KL_COL_NAME, KL_COL_CONCERN, KL_COL_TREND,
                               KL_COL_CONV};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        t = kl_now();
        kl_tui_model_set_sort(&a->m, cols[i], true);
        kl_browse_after_model_change(a);
        draw_frame(a);
        double ms = ms_since(t);
        fprintf(stderr, "sort_%s_ms=%.2f\n", kl_tui_columns[cols[i]].config_name, ms);
        worst_sort = ms > worst_sort ? ms : worst_sort;
    }
    t = kl_now();
    kl_app_set_view(a, KL_VIEW_OUTLIERS);
    draw_frame(a);
    fprintf(stderr, "outliers_ms=%.2f count=%zu tests=%zu\n", ms_since(t), a->n_flagged,
            a->n_outliers);
    kl_app_set_view(a, KL_VIEW_BROWSE);
    t = kl_now();
    uint32_t hit = kl_tui_model_search(&a->m, "zzzz-no-such-text", a->sel, 1);
    fprintf(stderr, "search_all_ms=%.2f found=%d\n", ms_since(t), hit != KL_TUI_NONE);
    fprintf(stderr, "worst_filter_ms=%.2f worst_sort_ms=%.2f\n", worst_filter, worst_sort);
    fprintf(stderr, "rss_kib=%ld peak_rss_kib=%ld\n", rss_kib("VmRSS:"), rss_kib("VmHWM:"));
    t = kl_now();
    bool valid = kl_validation_finish(&a->validation);
    fprintf(stderr, "validation_ms=%.2f waited_ms=%.2f valid=%d\n", a->validation.ms, ms_since(t),
            valid);
    /* What the footer says ("Some clusters could not be read"), for the fault tests. */
    fprintf(stderr, "read_failed=%d\n", a->m.failed);
    free(sel);
}

int kl_app_run(const kl_app_opts *o)
{
    double t_start = kl_now();
    char err[1024];
    kl_app *a = kl_calloc(1, sizeof *a);
    /* Big files are checked in the background (kl_validation); small ones, and any file
     * the fast open refuses, now, so that errors are kl_snapshot_open's own. */
    struct stat sb;
    kl_bulk *b = NULL;
    if (stat(o->snapshot, &sb) == 0 && S_ISREG(sb.st_mode) &&
        sb.st_size >= KL_TUI_BACKGROUND_CHECK_BYTES && (b = kl_bulk_open_path(o->snapshot)))
        kl_validation_start(&a->validation, o->snapshot);
    if (!b) {
        kl_snapshot *s = kl_snapshot_open(o->snapshot, err, sizeof err);
        if (!s) {
            kl_error("%s", err);
            free(a);
            return KL_EXIT_BAD_SNAPSHOT;
        }
        b = kl_bulk_adopt(s); /* the checked connection is the one the explorer reads */
    }
    double open_ms = ms_since(t_start);
    if (kl_tui_model_open(&a->m, b, o->snapshot) != 0) {
        if (!kl_validation_finish(&a->validation))
            kl_error("%s", a->validation.err); /* kl_snapshot_open's own words */
        else
            kl_error("%s: cannot read the cluster tree (damaged snapshot?)", o->snapshot);
        kl_tui_model_close(&a->m);
        free(a);
        return KL_EXIT_BAD_SNAPSHOT;
    }
    kl_tui_config_default(&a->cfg);
    kl_tui_config_load(&a->cfg, &a->warnings);
    load_theme(a, o->theme ? o->theme : a->cfg.theme);
    kl_tui_model_set_sort(&a->m, a->cfg.sort_col,
                          kl_tui_columns[a->cfg.sort_col].desc != a->cfg.sort_reverse);
    a->o_opts = (kl_outlier_opts){a->cfg.outliers_fdr, a->cfg.outliers_min_size};
    a->o_show = a->cfg.outliers_show;
    const char *delay = getenv("KLEIO_TUI_LOAD_DELAY_MS");
    a->load_delay_ms = delay ? atoi(delay) : 0;

    setlocale(LC_ALL, "");
    a->ascii = strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
    if (a->warnings.len)
        fputs(kl_buf_cstr(&a->warnings), stderr);

    SCREEN *scr = NULL;
    FILE *null_out = NULL, *null_in = NULL;
    if (o->bench) {
        /* A virtual screen, as tig's tests: the real drawing code, output discarded. */
        null_out = fopen("/dev/null", "w");
        null_in = fopen("/dev/null", "r");
        scr = open_screen("xterm-256color", null_out, null_in);
    } else {
        if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
            kl_error("browse: needs a terminal (try `kleio tree %s` for text)", o->snapshot);
            kl_buf_free(&a->warnings);
            kl_validation_finish(&a->validation);
            kl_tui_model_close(&a->m);
            free(a);
            return 2;
        }
        scr = open_screen(NULL, stdout, stdin);
    }
    if (!scr) {
        kl_error("browse: cannot initialise the terminal (TERM=%s)",
                 getenv("TERM") ? getenv("TERM") : "");
        kl_buf_free(&a->warnings);
        kl_validation_finish(&a->validation);
        kl_tui_model_close(&a->m);
        free(a);
        if (null_out)
            fclose(null_out);
        if (null_in)
            fclose(null_in);
        return 2;
    }
    set_term(scr);
    if (!o->bench)
        kl_mem_on_exit(give_back_terminal);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    bind_home_end_variants();
    curs_set(0);
    set_escdelay(25);
    if (a->cfg.mouse)
        mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    setup_colours(a);
    if (a->warnings.len) {
        /* The first problem stays on the footer until the first key. */
        const char *w = kl_buf_cstr(&a->warnings);
        const char *nl = strchr(w, '\n');
        kl_app_message(a, true, "%.*s", (int)(nl ? nl - w : (long)strlen(w)), w);
    }
    kl_app_set_view(a, KL_VIEW_BROWSE);
    kl_app_note_snapshot(a);
    const char *key_log = getenv("KLEIO_TUI_KEY_LOG");
    if (key_log && *key_log && !o->bench)
        a->key_log = fopen(key_log, "a");

    if (o->bench) {
        fprintf(stderr, "open_ms=%.2f\n", open_ms);
        run_bench(a, t_start);
    } else {
        draw_frame(a);
        double last_draw = kl_now();
        while (!a->quit) {
            if (a->validation.started && !a->validation.finished &&
                !kl_validation_pending(&a->validation)) {
                if (!kl_validation_finish(&a->validation))
                    break; /* not a valid snapshot after all: leave with its error */
                draw_frame(a); /* the footer's "Checking snapshot…" goes */
            }
            bool pending = kl_tui_model_pending(&a->m);
            bool checking = kl_validation_pending(&a->validation);
            int wait = pending ? a->load_delay_ms : checking ? 50 : -1;
            int due = kl_jobs_watch_due_ms(&a->watch, 1.0);
            if (due >= 0 && (wait < 0 || due < wait))
                wait = due;
            timeout(wait);
            int ch = getch();
            double t_key = kl_now();
            if (ch == ERR && kl_jobs_watch_due_ms(&a->watch, 1.0) == 0) {
                /* the once-a-second poll of the jobs: between keys, never during one; a
                 * frame only when the poll changed what a frame shows (idle: none) */
                uint64_t before = poll_fingerprint(a);
                kl_app_poll_jobs(a, false);
                if (a->key_log) {
                    fprintf(a->key_log, "poll poll_ms=%.3f\n", a->watch.poll_ms);
                    fflush(a->key_log);
                }
                if (poll_fingerprint(a) != before) {
                    draw_frame(a);
                    last_draw = kl_now();
                }
                if (!pending)
                    continue;
            }
            if (ch == ERR) {
                if (!pending)
                    continue;
                bool was_loading = false; /* a "Loading…" row anywhere, not only last */
                for (size_t r = 0; r < a->n_rows && !was_loading; r++)
                    was_loading = a->rows[r] == KL_TUI_NONE;
                kl_tui_model_work(&a->m, a->load_delay_ms ? 0 : 8);
                /* Redraw when what is on screen was waiting or the work is done, else a
                 * few times a second for the footer's counter (not after every slice:
                 * a frame of a big level costs more than the slice). */
                if (!was_loading && kl_tui_model_pending(&a->m) && kl_now() - last_draw < 0.2)
                    continue;
            } else if (ch != KEY_RESIZE) {
                dispatch(a, ch);
            }
            draw_frame(a);
            last_draw = kl_now();
            if (ch != ERR && a->key_log) {
                /* from the key's arrival to the frame's refresh, with the last poll's cost */
                fprintf(a->key_log, "key=%d handle_ms=%.3f poll_ms=%.3f running=%d\n", ch,
                        (last_draw - t_key) * 1000, a->watch.poll_ms,
                        kl_jobs_watch_running(&a->watch) != NULL);
                fflush(a->key_log);
            }
        }
    }
    kl_mem_on_exit(NULL);
    endwin();
    delscreen(scr);
    int status = 0;
    if (!kl_validation_finish(&a->validation)) {
        kl_error("%s", a->validation.err);
        status = KL_EXIT_BAD_SNAPSHOT;
    }
    if (null_out)
        fclose(null_out);
    if (null_in)
        fclose(null_in);
    free(a->rows);
    free(a->depth);
    kl_outliers_reset(a);
    kl_compare_reset(a);
    free(a->p_sel);
    free(a->p_rows);
    if (a->key_log)
        fclose(a->key_log);
    kl_jobs_watch_close(&a->watch);
    kl_buf_free(&a->j_log);
    kl_diff_free(&a->diff);
    kl_buf_free(&a->warnings);
    kl_tui_model_close(&a->m);
    free(a);
    return status;
}
