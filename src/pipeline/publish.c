/* publish.c — the publish stage: copies what the privacy stage decided (run_pub_*) into a
 * new snapshot written beside the target, syncs it and renames it into place, so that a
 * reader sees either the old snapshot or the new one, never half of one. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kleio/buf.h"
#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/pipeline.h"
#include "kleio/snapshot.h"

static const char copy_sql[] =
    "INSERT INTO clusters(id, parent_id, level, name, description, is_other, flags, x, y, extent,"
    " conversations, users, refused, concern_sum, density)"
    " SELECT id, parent_id, level, name, description, is_other, flags, x, y, extent,"
    " conversations, users, refused, concern_sum, density FROM work.run_pub_clusters ORDER BY id;"
    "INSERT INTO languages(code, name, suppressed, conversations, users, refused, concern_sum)"
    " SELECT code, name, suppressed, conversations, users, refused, concern_sum"
    " FROM work.run_pub_languages ORDER BY code;"
    "INSERT INTO cluster_lang(cluster_id, lang, suppressed, conversations, users, refused,"
    " concern_sum) SELECT cluster_id, lang, suppressed, conversations, users, refused,"
    " concern_sum FROM work.run_pub_lang ORDER BY cluster_id, lang;"
    "INSERT INTO cluster_time(cluster_id, lang, bucket, suppressed, conversations, refused)"
    " SELECT cluster_id, lang, bucket, suppressed, conversations, refused FROM work.run_pub_time"
    " ORDER BY cluster_id, lang, bucket;"
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

int kl_publish_snapshot(sqlite3 *work, const char *out, const char *const *extra_meta)
{
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

    char err[512];
    sqlite3 *db = kl_snapshot_create(tmp_path, err, sizeof err);
    if (!db) {
        kl_error("publish: %s", err);
        free(dup);
        kl_buf_free(&tmp);
        return -1;
    }
    int rc = -1;
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
    if (rename(tmp_path, out) != 0) {
        kl_error("publish: cannot rename %s to %s: %s", tmp_path, out, strerror(errno));
        goto fail;
    }
    sync_path(dir, O_RDONLY | O_DIRECTORY);
    rc = 0;
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
