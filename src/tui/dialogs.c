/* dialogs.c — the language picker and the one-line prompts (search, export). Dialogs
 * get keys before the view; typing goes to their text. */
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/tui_app.h"
#include "kleio/tui_keys.h"
#include "kleio/utf8.h"

/* ---- picker ---- */

static void picker_filter(kl_app *a)
{
    kl_tui_model *m = &a->m;
    free(a->p_rows);
    a->p_rows = kl_malloc((m->n_langs ? m->n_langs : 1) * sizeof *a->p_rows);
    a->p_n = 0;
    for (size_t l = 0; l < m->n_langs; l++)
        if (!a->p_filter[0] || strcasestr(m->langs[l].code, a->p_filter) ||
            strcasestr(m->langs[l].name, a->p_filter))
            a->p_rows[a->p_n++] = l;
    if (a->p_cur >= (int)a->p_n)
        a->p_cur = a->p_n ? (int)a->p_n - 1 : 0;
}

void kl_picker_open(kl_app *a)
{
    kl_tui_model *m = &a->m;
    free(a->p_sel);
    a->p_sel = kl_calloc(m->n_langs + 1, sizeof *a->p_sel);
    memcpy(a->p_sel, m->selected, m->n_langs * sizeof *a->p_sel);
    a->p_filter[0] = '\0';
    a->p_cur = a->p_top = 0;
    picker_filter(a);
    a->dialog = KL_DLG_PICKER;
}

static kl_rect picker_rect(void)
{
    int w = COLS - 4 < 64 ? COLS - 4 : 64, h = LINES - 4;
    return (kl_rect){(COLS - w) / 2, 2, w < 10 ? 10 : w, h < 6 ? 6 : h};
}

/* Keeps the cursor row inside the list's window. */
static void picker_scroll(kl_app *a)
{
    int page = kl_sat_sub(picker_rect().h, 4);
    if (a->p_cur < a->p_top)
        a->p_top = a->p_cur;
    if (page > 0 && a->p_cur >= a->p_top + page)
        a->p_top = a->p_cur - page + 1;
}

static void draw_picker(kl_app *a)
{
    kl_tui_model *m = &a->m;
    kl_rect r = picker_rect();
    for (int y = 0; y < r.h; y++)
        kl_app_fill(a, r.y + y, r.x, r.w, KL_EL_DIALOG);
    size_t nsel = 0;
    for (size_t l = 0; l < m->n_langs; l++)
        nsel += a->p_sel[l];
    char line[256];
    snprintf(line, sizeof line, " Languages (%zu selected; none = all)", nsel);
    kl_app_put(a, r.y, r.x, r.w, line, KL_EL_COLUMN);
    snprintf(line, sizeof line, " Filter: %s_", a->p_filter);
    kl_app_put(a, r.y + 1, r.x, r.w, line, KL_EL_DIALOG);
    int page = kl_sat_sub(r.h, 4);
    for (int i = 0; i < page && (size_t)(a->p_top + i) < a->p_n; i++) {
        size_t l = a->p_rows[a->p_top + i];
        const kl_language *lang = &m->langs[l];
        char count[32];
        if (lang->total.suppressed)   /* not "<threshold": cover may hide a large total */
            snprintf(count, sizeof count, "hidden");
        else
            snprintf(count, sizeof count, "%lld", (long long)lang->total.conversations);
        bool cur = a->p_top + i == a->p_cur;
        int el = cur ? KL_EL_SELECTED : KL_EL_DIALOG, y = r.y + 2 + i;
        /* code, name and count drawn apart so each is fitted by display width */
        kl_app_fill(a, y, r.x, r.w, el);
        snprintf(line, sizeof line, " [%s] ", a->p_sel[l] ? "x" : " ");
        kl_app_put(a, y, r.x, 6, line, el);
        kl_app_put(a, y, r.x + 6, 7, lang->code, el);
        int name_w = kl_sat_sub(r.w, 6 + 7 + 12);
        kl_app_put(a, y, r.x + 13, name_w, lang->name, el);
        snprintf(line, sizeof line, "%10s", count);
        kl_app_put(a, y, r.x + 13 + name_w + 1, 10, line, el);
    }
    /* The keys on two lines of their own (one line ran into the pane beside the box),
     * and an edge each side so the box stands apart from the text around it. */
    kl_app_fill(a, r.y + r.h - 2, r.x, r.w, KL_EL_DIALOG);
    kl_app_put(a, r.y + r.h - 2, r.x, r.w, " Space: select  Enter: apply  Ctrl-U: none", KL_EL_DIM);
    kl_app_put(a, r.y + r.h - 1, r.x, r.w, " Esc: cancel  type: filter", KL_EL_DIM);
    for (int y = 0; y < r.h; y++)
        for (int side = 0; side < 2; side++) {
            int x = side ? r.x + r.w : r.x - 1;
            if (x >= 0 && x < COLS)
                kl_app_put(a, r.y + y, x, 1, kl_app_glyph(a, "\xe2\x94\x82", "|"), KL_EL_BORDER);
        }
}

static void picker_key(kl_app *a, int ch)
{
    kl_tui_model *m = &a->m;
    size_t len = strlen(a->p_filter);
    if (ch > ' ' && ch < 127) {
        if (len + 1 < sizeof a->p_filter) {
            a->p_filter[len] = (char)ch;
            a->p_filter[len + 1] = '\0';
            a->p_cur = a->p_top = 0;
            picker_filter(a);
        }
        return;
    }
    if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
        if (len) {
            a->p_filter[len - 1] = '\0';
            a->p_cur = a->p_top = 0;
            picker_filter(a);
        }
        return;
    }
    int act = kl_tui_key_action(KL_CTX_PICKER, true, ch);
    int page = kl_sat_sub(picker_rect().h, 4);
    switch (act) {
    case KL_ACT_UP: a->p_cur--; break;
    case KL_ACT_DOWN: a->p_cur++; break;
    case KL_ACT_PGUP: a->p_cur -= page; break;
    case KL_ACT_PGDN: a->p_cur += page; break;
    case KL_ACT_HOME: a->p_cur = 0; break;
    case KL_ACT_END: a->p_cur = (int)a->p_n - 1; break;
    case KL_ACT_TOGGLE:
        if (a->p_n)
            a->p_sel[a->p_rows[a->p_cur]] = !a->p_sel[a->p_rows[a->p_cur]];
        break;
    case KL_ACT_UNSELECT: memset(a->p_sel, 0, m->n_langs * sizeof *a->p_sel); break;
    case KL_ACT_APPLY: {
        kl_tui_model_set_filter(m, a->p_sel);
        kl_browse_after_model_change(a);
        char label[256];
        kl_tui_model_filter_label(m, label, sizeof label);
        kl_app_message(a, false, "Showing %s", label);
        a->dialog = KL_DLG_NONE;
        return;
    }
    case KL_ACT_CLOSE:
    case KL_ACT_QUIT: a->dialog = KL_DLG_NONE; return;
    default: break;
    }
    if (a->p_cur >= (int)a->p_n)
        a->p_cur = (int)a->p_n - 1;
    if (a->p_cur < 0)
        a->p_cur = 0;
    picker_scroll(a);
}

/* ---- prompts ---- */

void kl_prompt_open(kl_app *a, kl_dialog_id which, const char *initial)
{
    snprintf(a->prompt, sizeof a->prompt, "%s", initial ? initial : "");
    a->dialog = which;
}

static void prompt_commit(kl_app *a)
{
    kl_dialog_id which = a->dialog;
    a->dialog = KL_DLG_NONE;
    if (which == KL_DLG_SEARCH) {
        if (!a->prompt[0] && !a->query[0])
            return;
        /* Enter on an empty prompt repeats the last search (shown in the prompt) */
        if (a->prompt[0])
            snprintf(a->query, sizeof a->query, "%.127s", a->prompt);
        if (a->view != KL_VIEW_BROWSE)
            kl_app_set_view(a, KL_VIEW_BROWSE);
        kl_browse_search(a, 1);
        return;
    }
    if (!a->prompt[0])
        return;
    long n = kl_export_view(a, a->prompt);
    char *safe = kl_sanitize_fit(a->prompt, 60, a->ascii);
    if (n < 0)
        kl_app_message(a, true, "Cannot write %s: %s", safe, strerror(errno));
    else
        kl_app_message(a, false, "Exported %ld rows to %s", n, safe);
    free(safe);
}

static void prompt_key(kl_app *a, int ch)
{
    size_t len = strlen(a->prompt);
    if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
        prompt_commit(a);
    } else if (ch == KL_KEY_ESC) {
        a->dialog = KL_DLG_NONE;
    } else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
        /* erase one whole UTF-8 character */
        while (len > 0 && ((unsigned char)a->prompt[len - 1] & 0xC0) == 0x80)
            len--;
        if (len)
            len--;
        a->prompt[len] = '\0';
    } else if (ch == KL_CTRL('u')) {
        a->prompt[0] = '\0';
    } else if (ch >= ' ' && ch < 256 && ch != 127 && len + 1 < sizeof a->prompt) {
        a->prompt[len] = (char)ch; /* bytes of UTF-8 arrive one by one */
        a->prompt[len + 1] = '\0';
    }
}

void kl_dialog_draw(kl_app *a, const kl_layout *l)
{
    if (a->dialog == KL_DLG_PICKER) {
        draw_picker(a);
        return;
    }
    char label[200];
    if (a->dialog != KL_DLG_SEARCH)
        snprintf(label, sizeof label, "Export to (.csv or .json): ");
    else if (a->query[0] && !a->prompt[0])
        snprintf(label, sizeof label, "Search (Enter: '%.40s' again): ", a->query);
    else
        snprintf(label, sizeof label, "Search: ");
    char line[512];
    snprintf(line, sizeof line, "%s%s_", label, a->prompt);
    kl_app_fill(a, l->footer.y, 0, l->footer.w, KL_EL_DIALOG);
    kl_app_put(a, l->footer.y, 1, kl_sat_sub(l->footer.w, 1), line, KL_EL_DIALOG);
}

int kl_dialog_key(kl_app *a, int ch)
{
    if (a->dialog == KL_DLG_PICKER)
        picker_key(a, ch);
    else
        prompt_key(a, ch);
    return KL_KEY_HANDLED;
}
