/* snapshot_paths.c — the work database's path as a snapshot records it and as its
 * readers find it (see snapshot_paths.h). */
#include "kleio/snapshot_paths.h"

#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/buf.h"
#include "kleio/mem.h"

/* The snapshot's directory, resolved when it exists. Caller frees. */
static char *snapshot_dir(const char *snapshot)
{
    char *copy = kl_strdup(snapshot);
    char *dir = realpath(dirname(copy), NULL);
    if (!dir) {
        free(copy);
        copy = kl_strdup(snapshot);
        dir = kl_strdup(dirname(copy));
    }
    free(copy);
    return dir;
}

char *kl_snapshot_work_db_record(const char *work, const char *snapshot)
{
    char *work_abs = realpath(work, NULL);
    if (!work_abs)
        return kl_strdup(work);
    char *dir = snapshot_dir(snapshot);
    size_t n = strlen(dir);
    char *recorded;
    if (dir[0] == '/' && strcmp(dir, "/") != 0 && strncmp(work_abs, dir, n) == 0 &&
        work_abs[n] == '/' && work_abs[n + 1] != '\0')
        recorded = kl_strdup(work_abs + n + 1);
    else
        recorded = kl_strdup(work_abs);
    free(dir);
    free(work_abs);
    return recorded;
}

char *kl_snapshot_work_db_resolve(const char *recorded, const char *snapshot)
{
    if (!recorded || !*recorded)
        return kl_strdup("");
    if (recorded[0] == '/' || !snapshot || !*snapshot)
        return kl_strdup(recorded);
    char *dir = snapshot_dir(snapshot);
    kl_buf path = KL_BUF_INIT;
    kl_buf_printf(&path, "%s/%s", dir, recorded);
    free(dir);
    return kl_buf_steal(&path);
}
