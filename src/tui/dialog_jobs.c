/* dialog_jobs.c — the recompute dialog (R) and the new-snapshot offer. Both get keys
 * before the view, as every dialog. */
#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/log.h"
#include "kleio/snapshot_paths.h"
#include "kleio/tui_app.h"
#include "kleio/tui_keys.h"
#include "kleio/utf8.h"

void kl_recompute_open(kl_app *a)
{
    kl_bulk *b = a->m.bulk;
    char *work = kl_snapshot_work_db_resolve(kl_bulk_meta(b, "work_db"), a->m.path);
    kl_recompute_from_meta(&a->rc, a->m.path, work,
                           kl_bulk_meta(b, "params"), kl_bulk_meta(b, "backend"),
                           kl_bulk_meta_int(b, "min_users", -1),
                           kl_bulk_meta_int(b, "min_conversations", -1));
    free(work);
    a->rc_field = 1;   /* the first field after the backend */
    a->rc_err[0] = '\0';
    a->dialog = KL_DLG_RECOMPUTE;
}

int kl_app_start_job(kl_app *a, const char *out, char *const *args, size_t n, char *err,
                     size_t errlen)
{
    int64_t id;
    /* kl_job_start may note a stale lock on stderr: not while curses owns the screen. */
    int verbosity = kl_verbosity;
    kl_verbosity = 0;
    int rc = kl_job_start(a->watch.work, out, args, n, &id, err, errlen);
    kl_verbosity = verbosity;
    if (rc != 0)
        return -1;
    kl_app_message(a, false, "Job %lld started: J shows it; the explorer stays usable", (long long)id);
    a->msg_job = id; /* until it ends: then the footer says how (switch.c) */
    kl_app_poll_jobs(a, true);
    return 0;
}

static void recompute_start(kl_app *a)
{
    int bad;
    if (!*a->rc.work)
        return; /* the dialog says why; nothing to start */
    if (kl_recompute_validate(&a->rc, &bad, a->rc_err, sizeof a->rc_err) != 0) {
        a->rc_field = (int)kl_recompute_position((enum kl_run_option_id)bad);
        return;
    }
    size_t n;
    char **args = kl_recompute_args(&a->rc, &n);
    char err[512];
    if (kl_app_start_job(a, a->rc.out, args, n, err, sizeof err) != 0)
        snprintf(a->rc_err, sizeof a->rc_err, "Cannot start: %.490s", err);
    else
        a->dialog = KL_DLG_NONE;
    kl_recompute_args_free(args, n);
}

static void recompute_key(kl_app *a, int ch)
{
    char *f = a->rc.field[kl_recompute_field((size_t)a->rc_field)];
    size_t len = strlen(f);
    /* printable keys are text here, even those bound elsewhere (q, R, J, D, ?) */
    if (ch > ' ' && ch < 127) {
        if (len + 1 < sizeof a->rc.field[0]) {
            f[len] = (char)ch;
            f[len + 1] = '\0';
        }
        a->rc_err[0] = '\0';
        return;
    }
    if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
        if (len)
            f[len - 1] = '\0';
        a->rc_err[0] = '\0';
        return;
    }
    if (ch == KL_CTRL('u')) {
        f[0] = '\0';
        return;
    }
    int nf = (int)kl_recompute_count();
    switch (kl_tui_key_action(KL_CTX_RECOMPUTE, false, ch)) {
    case KL_ACT_RC_NEXT: a->rc_field = (a->rc_field + 1) % nf; break;
    case KL_ACT_RC_PREV: a->rc_field = (a->rc_field + nf - 1) % nf; break;
    case KL_ACT_RC_START: recompute_start(a); break;
    case KL_ACT_CLOSE:
        a->dialog = KL_DLG_NONE;
        kl_app_message(a, false, "Recompute cancelled");
        break;
    default: break;
    }
}

static kl_rect dialog_rect(int h)
{
    int w = COLS - 4 < 90 ? COLS - 4 : 90;
    if (h > LINES - 2)
        h = LINES - 2;
    return (kl_rect){(COLS - w) / 2, (LINES - h) / 2, w < 10 ? 10 : w, h < 5 ? 5 : h};
}

/* Length in bytes of the first line of text wrapped at w columns (at a space if it can). */
static size_t wrap_cut(const char *p, int w)
{
    size_t len = strlen(p), cut = len;
    if (kl_utf8_width(p) <= (size_t)w)
        return cut;
    cut = 0;
    size_t last_space = 0;
    char tmp[1024];
    while (cut < len && cut < sizeof tmp - 1) {
        memcpy(tmp, p, cut + 1);
        tmp[cut + 1] = '\0';
        if (kl_utf8_width(tmp) > (size_t)w)
            break;
        if (p[cut] == ' ')
            last_space = cut;
        cut++;
    }
    if (last_space > 0)
        cut = last_space;
    return cut ? cut : 1;
}

/* Writes text wrapped at w columns from row y up to max_y (exclusive), or only counts the
 * rows when a is NULL; returns the next row. */
static int put_wrapped(kl_app *a, int y, int x, int w, int max_y, const char *text, int el)
{
    const char *p = text;
    while (*p && y < max_y) {
        size_t cut = wrap_cut(p, w);
        if (a) {
            char line[1024];
            snprintf(line, sizeof line, "%.*s", (int)cut, p);
            kl_app_put(a, y, x, w, line, el);
        }
        y++;
        p += cut;
        while (*p == ' ')
            p++;
    }
    return y;
}

static void draw_recompute(kl_app *a)
{
    int nf = (int)kl_recompute_count();
    kl_rect r = dialog_rect(nf + 13);
    int bottom = r.y + r.h - 1;
    for (int y = 0; y < r.h; y++)
        kl_app_fill(a, r.y + y, r.x, r.w, KL_EL_DIALOG);
    kl_app_put(a, r.y, r.x, r.w, " Recompute this snapshot", KL_EL_COLUMN);
    int y = r.y + 1, iw = kl_sat_sub(r.w, 2);
    if (!*a->rc.work) {
        put_wrapped(a, y + 1, r.x + 1, iw, bottom,
                    "This snapshot does not record the work database that made it; "
                    "recompute from the command line with kleio run.", KL_EL_WARN);
        kl_app_put(a, bottom, r.x, r.w, " Esc: close", KL_EL_DIM);
        return;
    }
    char line[1200], will[1200];
    kl_buf cmd = KL_BUF_INIT;
    kl_recompute_command(&a->rc, &cmd);
    snprintf(will, sizeof will, "Will run: %s", kl_buf_cstr(&cmd));
    kl_buf_free(&cmd);
    /* The command must stay readable on a small screen: when the fields and it do not both
     * fit, the fields scroll so that the one being edited shows. */
    int will_rows = put_wrapped(NULL, 0, 0, iw, INT_MAX, will, 0);
    int err_rows = a->rc_err[0] ? put_wrapped(NULL, 0, 0, iw, INT_MAX, a->rc_err, 0) : 0;
    int shown = bottom - y - 1 - will_rows - err_rows;
    if (shown < 1)
        shown = 1;
    int first = a->rc_field >= shown ? a->rc_field - shown + 1 : 0;
    for (int f = first; f < nf && f < first + shown && y < bottom; f++) {
        bool cur = f == a->rc_field;
        const kl_run_option *opt = &kl_run_options[kl_recompute_field((size_t)f)];
        const char *v = a->rc.field[kl_recompute_field((size_t)f)];
        snprintf(line, sizeof line, " %-18s %s%s", opt->label, !*v && !cur && opt->empty ?
                 opt->empty : v, cur ? "_" : "");
        kl_app_fill(a, y, r.x, r.w, cur ? KL_EL_SELECTED : KL_EL_DIALOG);
        kl_app_put(a, y++, r.x, r.w, line, cur ? KL_EL_SELECTED : KL_EL_DIALOG);
    }
    y++;
    y = put_wrapped(a, y, r.x + 1, iw, bottom, will, KL_EL_DIALOG);
    if (y < bottom - err_rows)
        kl_app_put(a, y++, r.x + 1, iw,
                   "as a background job; stages whose inputs are unchanged are skipped", KL_EL_DIM);
    if (a->rc_err[0])
        put_wrapped(a, y, r.x + 1, iw, bottom, a->rc_err, KL_EL_WARN);
    kl_app_put(a, bottom, r.x, r.w, " Tab/arrows: field  type: edit  Enter: start job  Esc: cancel",
               KL_EL_DIM);
}

static void draw_publish(kl_app *a)
{
    kl_rect r = dialog_rect(5);
    for (int y = 0; y < r.h; y++)
        kl_app_fill(a, r.y + y, r.x, r.w, KL_EL_DIALOG);
    kl_app_put(a, r.y + 1, r.x + 2, kl_sat_sub(r.w, 4),
               kl_app_glyph(a, "New snapshot ready \xe2\x80\x94 Enter: switch, Esc: later",
                            "New snapshot ready - Enter: switch, Esc: later"),
               KL_EL_COLUMN);
    /* Every other key waits for the answer: say so, and louder once one was pressed. */
    kl_app_put(a, r.y + 2, r.x + 2, kl_sat_sub(r.w, 4),
               "A job replaced the file open here; other keys wait for this answer.",
               a->publish_nudged ? KL_EL_WARN : KL_EL_DIM);
    kl_app_put(a, r.y + 3, r.x + 2, kl_sat_sub(r.w, 4),
               "The cursor stays on the same cluster; D then lists what changed.", KL_EL_DIM);
}

void kl_jobs_dialog_draw(kl_app *a, const kl_layout *l)
{
    (void)l;
    if (a->dialog == KL_DLG_RECOMPUTE)
        draw_recompute(a);
    else
        draw_publish(a);
}

int kl_jobs_dialog_key(kl_app *a, int ch)
{
    if (a->dialog == KL_DLG_RECOMPUTE) {
        recompute_key(a, ch);
        return KL_KEY_HANDLED;
    }
    switch (kl_tui_key_action(KL_CTX_PUBLISH, false, ch)) {
    case KL_ACT_PUB_SWITCH:
        a->dialog = KL_DLG_NONE;
        if (kl_app_switch(a, a->m.path) == 0)
            kl_app_message(a, false, "Switched to the new snapshot: D lists what changed");
        break;
    case KL_ACT_PUB_LATER:
        a->dialog = KL_DLG_NONE;
        kl_app_message(a, false, "Still showing the previous snapshot; J, o switches");
        break;
    default: a->publish_nudged = true; return KL_KEY_HANDLED;
    }
    a->publish_nudged = false;
    return KL_KEY_HANDLED;
}
