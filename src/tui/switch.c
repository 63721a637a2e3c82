/* switch.c — noticing a publish over the open snapshot and switching to the new file.
 *
 * The explorer reads through its own open connection, i.e. the inode it opened: a
 * publish renames a new file over the path, and until the explorer switches it keeps
 * reading the old, complete file — never a mixture. Switching opens the path afresh and
 * puts the cursor back on the same cluster id (ids are stable across recomputes). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "kleio/mem.h"
#include "kleio/snapshot.h"
#include "kleio/snapshot_bulk.h"
#include "kleio/snapshot_paths.h"
#include "kleio/tui_app.h"

#define POLL_INTERVAL 1.0

static void file_id(const struct stat *st, uint64_t *ino, int64_t *mtime_ns)
{
    *ino = (uint64_t)st->st_ino;
    *mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

void kl_app_note_snapshot(kl_app *a)
{
    struct stat st;
    if (stat(a->m.path, &st) == 0)
        file_id(&st, &a->snap_ino, &a->snap_mtime_ns);
    a->opened_at = (int64_t)time(NULL);
    char *work = kl_snapshot_work_db_resolve(kl_bulk_meta(a->m.bulk, "work_db"), a->m.path);
    if (strcmp(a->watch.work, work) != 0) {
        kl_jobs_watch_close(&a->watch);
        kl_jobs_watch_init(&a->watch, work);
    }
    free(work);
}

static bool same_file(const char *x, const char *y)
{
    char rx[PATH_MAX], ry[PATH_MAX];
    return realpath(x, rx) && realpath(y, ry) && strcmp(rx, ry) == 0;
}

/* The footer's "Job N started" must not outlive job N: once it ended, the message says
 * how (a key press clears it as any message, and then nothing is shown). */
static void end_job_message(kl_app *a)
{
    if (!a->msg_job || !a->msg[0])
        return;
    for (size_t i = 0; i < a->watch.n; i++) {
        const kl_job *j = &a->watch.jobs[i];
        if (j->id != a->msg_job || strcmp(j->state, "running") == 0)
            continue;
        long long id = (long long)j->id;
        if (strcmp(j->state, "done") == 0)
            kl_app_message(a, false, "Job %lld done: J, o opens its result", id);
        else if (strcmp(j->state, "cancelled") == 0)
            kl_app_message(a, false, "Job %lld cancelled; finished stages are kept", id);
        else
            kl_app_message(a, true, "Job %lld %s: %s", id, j->state,
                           *j->error ? j->error : "J shows its log");
        return; /* kl_app_message cleared msg_job */
    }
}

void kl_app_poll_jobs(kl_app *a, bool force)
{
    if (!kl_jobs_watch_poll(&a->watch, POLL_INTERVAL, force))
        return;
    end_job_message(a);
    if (a->dialog != KL_DLG_NONE)
        return;
    struct stat st;
    uint64_t ino;
    int64_t mtime;
    if (stat(a->m.path, &st) != 0)
        return;
    file_id(&st, &ino, &mtime);
    if ((ino == a->snap_ino && mtime == a->snap_mtime_ns) ||
        (ino == a->offered_ino && mtime == a->offered_mtime_ns))
        return;
    /* Replaced: by a job of this work database that finished since we opened? */
    bool published = false;
    for (size_t i = 0; i < a->watch.n && !published; i++) {
        const kl_job *j = &a->watch.jobs[i];
        published = strcmp(j->state, "done") == 0 && j->finished_at >= a->opened_at - 1 &&
                    same_file(j->out_path, a->m.path);
    }
    if (!published)
        return;
    a->offered_ino = ino;
    a->offered_mtime_ns = mtime;
    if (a->cfg.on_publish == KL_PUBLISH_ASK) {
        a->dialog = KL_DLG_PUBLISH;
    } else if (a->cfg.on_publish == KL_PUBLISH_SWITCH) {
        if (kl_app_switch(a, a->m.path) == 0)
            kl_app_message(a, false, "Switched to the new snapshot: D lists what changed");
    }
}

/* The old tree as clusters, for the diff (names borrowed from the model). */
static kl_cluster *model_clusters(kl_tui_model *m, size_t *n)
{
    kl_tui_model_load_all(m);
    kl_cluster *c = kl_calloc(m->n_nodes, sizeof *c);
    *n = 0;
    for (size_t i = 1; i < m->n_nodes; i++) {
        const kl_tnode *t = &m->nodes[i];
        c[(*n)++] = (kl_cluster){.id = t->id, .parent = t->parent_id, .level = t->level,
                                 .name = t->name, .description = t->desc,
                                 .is_other = t->is_other, .total = t->total};
    }
    return c;
}

static void restore_filter(kl_app *a, char (*codes)[16], size_t n_codes)
{
    kl_tui_model *m = &a->m;
    if (!n_codes)
        return;
    bool *sel = kl_calloc(m->n_langs + 1, sizeof *sel);
    for (size_t l = 0; l < m->n_langs; l++)
        for (size_t k = 0; k < n_codes; k++)
            sel[l] |= strcmp(m->langs[l].code, codes[k]) == 0;
    kl_tui_model_set_filter(m, sel);
    free(sel);
}

/* Walks the old drill path (ids, top down) as far as it still exists, then puts the
 * cursor on sel_id wherever that cluster now is. */
static void restore_place(kl_app *a, const int64_t *chain, int n_chain, int64_t sel_id)
{
    kl_tui_model *m = &a->m;
    uint32_t cur = 0;
    for (int i = 0; i < n_chain; i++) {
        kl_tui_model_load_kids(m, cur);
        uint32_t x = kl_tui_model_find(m, chain[i]);
        if (x == KL_TUI_NONE || m->nodes[x].parent != cur)
            break;
        cur = x;
    }
    kl_tui_model_load_kids(m, cur);
    uint32_t s = sel_id ? kl_tui_model_find(m, sel_id) : KL_TUI_NONE;
    if (s == KL_TUI_NONE && sel_id) {
        kl_tui_model_load_all(m); /* it moved under another parent */
        s = kl_tui_model_find(m, sel_id);
    }
    if (s != KL_TUI_NONE) {
        kl_browse_open_path(a, s);
    } else {
        a->cur = cur;
        a->sel = KL_TUI_NONE;
        a->sel_row = 0;
        kl_browse_rebuild(a);
    }
}

int kl_app_switch(kl_app *a, const char *path_in)
{
    char *path = kl_strdup(path_in);
    char err[1024];
    kl_validation_finish(&a->validation);
    kl_snapshot *s = kl_snapshot_open(path, err, sizeof err);
    if (!s) {
        kl_app_message(a, true, "Cannot switch: %s", err);
        free(path);
        return -1;
    }
    kl_cluster *nc = NULL;
    size_t nn = 0, nlin = 0;
    kl_lineage_row *lin = NULL;
    /* The lineage only where it links the open snapshot and the new one (diff.h): the
     * new file's when it follows the open one, the open one's read backwards when the new
     * file is the one before it. */
    kl_bulk *ob = a->m.bulk;
    kl_diff_link link = kl_diff_link_of(
        kl_bulk_meta(ob, "snapshot_id"), kl_bulk_meta(ob, "previous_snapshot_id"),
        kl_snapshot_meta(s, "snapshot_id"), kl_snapshot_meta(s, "previous_snapshot_id"));
    bool diffable = kl_snapshot_clusters(s, &nc, &nn) == 0;
    if (diffable && link == KL_DIFF_FORWARD)
        diffable = kl_diff_lineage(s, &lin, &nlin) == 0;
    else if (link == KL_DIFF_BACKWARD && kl_bulk_lineage(ob, &lin, &nlin) == 0)
        kl_diff_lineage_reverse(lin, nlin);
    else if (link == KL_DIFF_BACKWARD)
        link = KL_DIFF_UNLINKED;
    kl_tui_model nm;
    if (kl_tui_model_open(&nm, kl_bulk_adopt(s), path) != 0) {
        kl_tui_model_close(&nm);
        kl_app_message(a, true, "Cannot switch: %s cannot be read", path);
        free(lin);
        kl_clusters_free(nc, nn);
        free(path);
        return -1;
    }
    kl_tui_model *m = &a->m;
    /* what to keep: the drill path, the cursor's cluster, sort and language slice */
    int64_t chain[256];
    int n_chain = 0;
    for (uint32_t x = a->cur; x != 0 && x != KL_TUI_NONE && n_chain < 256; x = m->nodes[x].parent)
        chain[n_chain++] = m->nodes[x].id;
    for (int i = 0; i < n_chain / 2; i++) {
        int64_t t = chain[i];
        chain[i] = chain[n_chain - 1 - i];
        chain[n_chain - 1 - i] = t;
    }
    int64_t sel_id = a->sel != KL_TUI_NONE ? m->nodes[a->sel].id : 0;
    int sort_col = m->sort_col;
    bool sort_desc = m->sort_desc;
    char (*codes)[16] = kl_calloc(m->n_langs + 1, sizeof *codes);
    size_t n_codes = 0;
    for (size_t l = 0; l < m->n_langs; l++)
        if (m->selected[l])
            memcpy(codes[n_codes++], m->langs[l].code, sizeof codes[0]);

    if (diffable) {
        size_t on;
        kl_cluster *oc = model_clusters(m, &on);
        kl_diff_free(&a->diff);
        kl_diff_compute(oc, on, nc, nn, lin, nlin, link, 0.2, &a->diff);
        a->have_diff = true;
        char when[64] = "";
        const char *created = kl_bulk_meta(m->bulk, "created_at");
        snprintf(when, sizeof when, "%s", created ? created : "");
        snprintf(a->diff_from, sizeof a->diff_from, "the previous snapshot (made %s)",
                 *when ? when : "at an unknown time");
        free(oc);
    }
    free(lin);
    kl_clusters_free(nc, nn);

    kl_tui_model_close(m);
    *m = nm;
    a->damage_reported = false; /* a new file: its own warning */
    kl_tui_model_set_sort(m, sort_col, sort_desc);
    restore_filter(a, codes, n_codes);
    free(codes);
    kl_outliers_reset(a);
    kl_compare_reset(a);
    a->top = 0;
    a->map_fit = true;
    restore_place(a, chain, n_chain, sel_id);
    kl_app_note_snapshot(a);
    free(path);
    return 0;
}
