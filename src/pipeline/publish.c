/* publish.c — the publish stage: copies what the privacy stage decided (run_pub_*) into a
 * new snapshot written beside the target, syncs it and renames it into place, so that a
 * reader sees either the old snapshot or the new one, never half of one. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kleio/buf.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/pipeline.h"
#include "kleio/snapshot.h"
#include "kleio/snapshot_meta.h"
#include "run_internal.h"

/* Cluster ids go through run_idmap (stable.c): the privacy stage numbers clusters afresh,
 * the snapshot carries the ids they keep across recomputes. */
static const char copy_sql[] =
    "INSERT INTO clusters(id, parent_id, level, name, description, is_other, flags, x, y, extent,"
    " conversations, users, refused, concern_sum, density)"
    " SELECT m.stable_id, pm.stable_id, c.level, coalesce(m.name, c.name),"
    " coalesce(m.description, c.description), c.is_other, c.flags, c.x, c.y, c.extent,"
    " c.conversations, c.users, c.refused, c.concern_sum, c.density"
    " FROM work.run_pub_clusters c JOIN work.run_idmap m ON m.pub_id = c.id"
    " LEFT JOIN work.run_idmap pm ON pm.pub_id = c.parent_id ORDER BY c.level, m.stable_id;"
    "INSERT INTO languages(code, name, suppressed, conversations, users, refused, concern_sum)"
    " SELECT code, name, suppressed, conversations, users, refused, concern_sum"
    " FROM work.run_pub_languages ORDER BY code;"
    "INSERT INTO cluster_lang(cluster_id, lang, suppressed, conversations, users, refused,"
    " concern_sum) SELECT m.stable_id, lang, suppressed, conversations, users, refused,"
    " concern_sum FROM work.run_pub_lang JOIN work.run_idmap m ON m.pub_id = cluster_id"
    " ORDER BY m.stable_id, lang;"
    "INSERT INTO cluster_time(cluster_id, lang, bucket, suppressed, conversations, refused)"
    " SELECT m.stable_id, lang, bucket, suppressed, conversations, refused FROM work.run_pub_time"
    " JOIN work.run_idmap m ON m.pub_id = cluster_id ORDER BY m.stable_id, lang, bucket;"
    "INSERT INTO custom_facets(name, pos, type, question, spec) SELECT name, pos, type, question,"
    " spec FROM work.run_pub_custom_facets ORDER BY pos;"
    "INSERT INTO cluster_custom(cluster_id, facet, value, suppressed, conversations)"
    " SELECT m.stable_id, facet, value, suppressed, conversations FROM work.run_pub_custom"
    " JOIN work.run_idmap m ON m.pub_id = cluster_id ORDER BY m.stable_id, facet, value;"
    "INSERT INTO custom_totals(facet, value, suppressed, conversations) SELECT facet, value,"
    " suppressed, conversations FROM work.run_pub_custom WHERE cluster_id = 0"
    " ORDER BY facet, value;"
    "INSERT INTO cluster_custom_mean(cluster_id, facet, answered, mean, ci)"
    " SELECT m.stable_id, facet, answered, mean, ci FROM work.run_pub_custom_mean"
    " JOIN work.run_idmap m ON m.pub_id = cluster_id ORDER BY m.stable_id, facet;"
    "INSERT INTO lineage(cluster_id, previous_id, shared) SELECT cluster_id, previous_id, shared"
    " FROM work.run_lineage ORDER BY cluster_id, previous_id;"
    "INSERT OR REPLACE INTO meta(key, value) SELECT key, value FROM work.run_pub_meta;";

static int sync_path(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* The process id in a temp name ".NAME.tmp-PID" or ".NAME.tmp-PID-journal", else 0. */
static long temp_pid(const char *name)
{
    if (name[0] != '.')
        return 0;
    const char *tag = NULL;
    for (const char *p = strstr(name, ".tmp-"); p; p = strstr(p + 1, ".tmp-"))
        tag = p;
    if (!tag || tag == name)
        return 0;
    char *end;
    errno = 0;
    long pid = strtol(tag + 5, &end, 10);
    if (errno || end == tag + 5 || pid <= 0 || (*end && strcmp(end, "-journal") != 0))
        return 0;
    return pid;
}

/* A publish killed before its rename leaves its temp snapshot (and journal) beside the
 * target, and nothing else would remove it. Those of processes that no longer exist are
 * removed before this publish writes its own; a temp whose process lives (or that another
 * user's process may own) is left alone, and only SQLite files or empty ones are touched. */
static void remove_stale_temps(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    kl_buf path = KL_BUF_INIT;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        long pid = temp_pid(e->d_name);
        if (pid == 0 || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        kl_buf_clear(&path);
        kl_buf_printf(&path, "%s/%s", dir, e->d_name);
        char head[16] = {0};
        int fd = open(kl_buf_cstr(&path), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
            continue;
        ssize_t got = read(fd, head, sizeof head);
        close(fd);
        bool journal = strstr(e->d_name, "-journal") != NULL;
        if (got != 0 && !journal && (got != 16 || memcmp(head, "SQLite format 3", 16) != 0))
            continue;
        if (unlink(kl_buf_cstr(&path)) == 0)
            kl_info("publish: removed %s, left by a publish that was stopped (pid %ld)",
                    kl_buf_cstr(&path), pid);
    }
    kl_buf_free(&path);
    closedir(d);
}

int kl_publish_snapshot(sqlite3 *work, const char *out, int64_t min_conversations,
                        const char *run_key, const char *const *extra_meta, char *published_id)
{
    if (run_stable_prepare(work, min_conversations, run_key) != 0) {
        kl_error("publish: cannot match the clusters to the previous snapshot's");
        return -1;
    }
    const char *work_path = sqlite3_db_filename(work, "main");
    if (!work_path || !*work_path) {
        kl_error("publish: the work database has no file name");
        return -1;
    }
    kl_buf tmp = KL_BUF_INIT;
    char *dup = kl_strdup(out);
    char *base = kl_strdup(basename(dup));
    free(dup);
    dup = kl_strdup(out);
    const char *dir = dirname(dup);
    kl_buf_printf(&tmp, "%s/.%s.tmp-%ld", dir, base, (long)getpid());
    free(base);
    const char *tmp_path = kl_buf_cstr(&tmp);
    remove(tmp_path);
    remove_stale_temps(dir);
    if (access(dir, W_OK) != 0) {
        kl_error("publish: cannot write the new snapshot in %s: %s; %s is left as it was", dir,
                 strerror(errno), out);
        free(dup);
        kl_buf_free(&tmp);
        return -1;
    }

    char err[512];
    sqlite3 *db = kl_snapshot_create(tmp_path, err, sizeof err);
    if (!db) {
        kl_error("publish: %s", err);
        free(dup);
        kl_buf_free(&tmp);
        return -1;
    }
    int rc = -1;
    char prev[128], id[KL_SNAPSHOT_ID_LEN + 1];
    sqlite3_stmt *st = NULL;
    char *msg = NULL;
    if (sqlite3_prepare_v2(db, "ATTACH DATABASE ?1 AS work", -1, &st, NULL) != SQLITE_OK)
        goto fail;
    sqlite3_bind_text(st, 1, work_path, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    sqlite3_finalize(st);
    st = NULL;
    if (sqlite3_exec(db, "BEGIN", NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(db, copy_sql, NULL, NULL, &msg) != SQLITE_OK)
        goto fail;
    for (size_t i = 0; extra_meta && extra_meta[i] && extra_meta[i + 1]; i += 2)
        if (kl_snapshot_put_meta(db, extra_meta[i], extra_meta[i + 1]) != 0)
            goto fail;
    /* Identity last, over everything above: the lineage names the snapshot it is relative
     * to, so that kleio diff uses it only between the two files it links. */
    if (run_stable_previous_id(work, prev, sizeof prev) != 0 ||
        (*prev && kl_snapshot_put_meta(db, KL_META(PREVIOUS_SNAPSHOT_ID), prev) != 0) ||
        kl_snapshot_content_id(db, id) != 0 || kl_snapshot_put_meta(db, KL_META(SNAPSHOT_ID), id) != 0)
        goto fail;
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(db, "DETACH DATABASE work", NULL, NULL, &msg) != SQLITE_OK)
        goto fail;
    if (sqlite3_close(db) != SQLITE_OK) {
        db = NULL;
        goto fail;
    }
    db = NULL;
    if (sync_path(tmp_path, O_RDONLY) != 0) {
        kl_error("publish: %s: %s", tmp_path, strerror(errno));
        goto fail;
    }
    /* Before the rename: a crash after it promotes this id with the membership. */
    if (run_stable_pending_id(work, id) != 0) {
        kl_error("publish: cannot record the new snapshot's id: %s", sqlite3_errmsg(work));
        goto fail;
    }
    run_test_stall("publish");
    if (rename(tmp_path, out) != 0) {
        kl_error("publish: cannot rename %s to %s: %s", tmp_path, out, strerror(errno));
        goto fail;
    }
    sync_path(dir, O_RDONLY | O_DIRECTORY);
    run_test_stall("promote");
    rc = run_stable_promote(work, run_key);
    if (rc == 0 && published_id)
        memcpy(published_id, id, sizeof id);
fail:
    if (rc != 0 && (msg || db))
        kl_error("publish: %s: %s", tmp_path, msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    sqlite3_finalize(st);
    if (db)
        sqlite3_close(db);
    if (rc != 0)
        remove(tmp_path);
    free(dup);
    kl_buf_free(&tmp);
    return rc;
}
