/* faultvfs.c — LD_PRELOAD shim for fault injection: a SQLite VFS wrapping the default
 * one, registered as the new default when the library loads, that fails I/O on cue.
 *
 *   FAULTVFS=full:N     the Nth write (xWrite or a growing xTruncate) and every later one
 *                       fail with SQLITE_FULL: the disk filled up and stays full
 *   FAULTVFS=ioerr:N    the Nth read fails with SQLITE_IOERR_READ, once (a bad sector)
 *   FAULTVFS=syncerr:N  the Nth xSync fails with SQLITE_IOERR_FSYNC, once
 *   FAULTVFS=readonly   the file system is read-only: databases open read-only (as SQLite
 *                       does on EROFS) and journals, WAL files and new files cannot be made
 *   FAULTVFS_COUNT=F    at exit, "writes reads syncs" made are written to file F
 *
 * Only files SQLite opens are affected: kleio's own files (logs, input, the snapshot's
 * rename) are not. Built by tests/e2e/test_faults.sh against the system SQLite. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum mode { OFF, FULL, IOERR, SYNCERR, READONLY };

static sqlite3_vfs *base;
static sqlite3_vfs vfs;
static enum mode mode;
static unsigned long fault_at;
static unsigned long writes, reads, syncs;

typedef struct {
    sqlite3_file f;             /* our methods */
    sqlite3_file *real;         /* the base VFS's file, allocated after this struct */
} wrap_file;

static int hit(unsigned long *counter, int persistent)
{
    unsigned long k = __atomic_add_fetch(counter, 1, __ATOMIC_RELAXED);
    return fault_at && (persistent ? k >= fault_at : k == fault_at);
}

static int w_close(sqlite3_file *f)
{
    wrap_file *w = (wrap_file *)f;
    return w->real->pMethods ? w->real->pMethods->xClose(w->real) : SQLITE_OK;
}

static int w_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
    wrap_file *w = (wrap_file *)f;
    if (hit(&reads, 0) && mode == IOERR)
        return SQLITE_IOERR_READ;
    return w->real->pMethods->xRead(w->real, buf, n, off);
}

static int w_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
    wrap_file *w = (wrap_file *)f;
    if (hit(&writes, 1) && mode == FULL)
        return SQLITE_FULL;
    if (mode == READONLY)
        return SQLITE_READONLY;
    return w->real->pMethods->xWrite(w->real, buf, n, off);
}

static int w_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    wrap_file *w = (wrap_file *)f;
    sqlite3_int64 now = 0;
    if (mode == FULL && w->real->pMethods->xFileSize(w->real, &now) == SQLITE_OK && size > now &&
        hit(&writes, 1))
        return SQLITE_FULL;
    return w->real->pMethods->xTruncate(w->real, size);
}

static int w_sync(sqlite3_file *f, int flags)
{
    wrap_file *w = (wrap_file *)f;
    if (hit(&syncs, 0) && mode == SYNCERR)
        return SQLITE_IOERR_FSYNC;
    return w->real->pMethods->xSync(w->real, flags);
}

#define PASS(name, sig, args)                                                                  \
    static int name sig                                                                        \
    {                                                                                          \
        wrap_file *w = (wrap_file *)f;                                                         \
        return w->real->pMethods->args;                                                        \
    }
PASS(w_size, (sqlite3_file *f, sqlite3_int64 *out), xFileSize(w->real, out))
PASS(w_lock, (sqlite3_file *f, int l), xLock(w->real, l))
PASS(w_unlock, (sqlite3_file *f, int l), xUnlock(w->real, l))
PASS(w_check, (sqlite3_file *f, int *out), xCheckReservedLock(w->real, out))
PASS(w_sector, (sqlite3_file *f), xSectorSize(w->real))
PASS(w_devchar, (sqlite3_file *f), xDeviceCharacteristics(w->real))
PASS(w_shmlock, (sqlite3_file *f, int off, int n, int flags), xShmLock(w->real, off, n, flags))
PASS(w_shmunmap, (sqlite3_file *f, int del), xShmUnmap(w->real, del))

static int w_fcntl(sqlite3_file *f, int op, void *arg)
{
    wrap_file *w = (wrap_file *)f;
    return w->real->pMethods->xFileControl(w->real, op, arg);
}

static int w_shmmap(sqlite3_file *f, int pg, int sz, int extend, void volatile **out)
{
    wrap_file *w = (wrap_file *)f;
    return w->real->pMethods->xShmMap(w->real, pg, sz, extend, out);
}

static void w_shmbarrier(sqlite3_file *f)
{
    wrap_file *w = (wrap_file *)f;
    w->real->pMethods->xShmBarrier(w->real);
}

static const sqlite3_io_methods methods = {
    .iVersion = 2, .xClose = w_close, .xRead = w_read, .xWrite = w_write,
    .xTruncate = w_truncate, .xSync = w_sync, .xFileSize = w_size, .xLock = w_lock,
    .xUnlock = w_unlock, .xCheckReservedLock = w_check, .xFileControl = w_fcntl,
    .xSectorSize = w_sector, .xDeviceCharacteristics = w_devchar, .xShmMap = w_shmmap,
    .xShmLock = w_shmlock, .xShmBarrier = w_shmbarrier, .xShmUnmap = w_shmunmap,
};

static int v_open(sqlite3_vfs *v, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
    (void)v;
    wrap_file *w = (wrap_file *)f;
    w->real = (sqlite3_file *)(w + 1);
    w->real->pMethods = NULL;
    f->pMethods = NULL;
    if (mode == READONLY) {
        if (!(flags & SQLITE_OPEN_MAIN_DB))
            return (flags & SQLITE_OPEN_READONLY) ? base->xOpen(base, name, w->real, flags, out_flags)
                                                   : SQLITE_CANTOPEN;
        flags = (flags & ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_READONLY;
    }
    int rc = base->xOpen(base, name, w->real, flags, out_flags);
    if (rc == SQLITE_OK && w->real->pMethods)
        f->pMethods = &methods;
    return rc;
}

static int v_delete(sqlite3_vfs *v, const char *name, int sync)
{
    (void)v;
    return mode == READONLY ? SQLITE_IOERR_DELETE : base->xDelete(base, name, sync);
}

static int v_access(sqlite3_vfs *v, const char *name, int what, int *out)
{
    (void)v;
    int rc = base->xAccess(base, name, what, out);
    if (rc == SQLITE_OK && mode == READONLY && what == SQLITE_ACCESS_READWRITE)
        *out = 0;
    return rc;
}

static int v_full(sqlite3_vfs *v, const char *name, int n, char *out)
{
    (void)v;
    return base->xFullPathname(base, name, n, out);
}

static void report(void)
{
    const char *file = getenv("FAULTVFS_COUNT");
    FILE *f = file ? fopen(file, "w") : NULL;
    if (f) {
        fprintf(f, "%lu %lu %lu\n", writes, reads, syncs);
        fclose(f);
    }
}

__attribute__((constructor)) static void install(void)
{
    const char *m = getenv("FAULTVFS");
    if (m && strncmp(m, "full:", 5) == 0)
        mode = FULL, fault_at = strtoul(m + 5, NULL, 10);
    else if (m && strncmp(m, "ioerr:", 6) == 0)
        mode = IOERR, fault_at = strtoul(m + 6, NULL, 10);
    else if (m && strncmp(m, "syncerr:", 8) == 0)
        mode = SYNCERR, fault_at = strtoul(m + 8, NULL, 10);
    else if (m && strcmp(m, "readonly") == 0)
        mode = READONLY;
    if (sqlite3_initialize() != SQLITE_OK || !(base = sqlite3_vfs_find(NULL)))
        return;
    vfs = *base;
    vfs.iVersion = 1;            /* no xSetSystemCall and friends: pass through nothing extra */
    vfs.zName = "faultvfs";
    vfs.szOsFile = (int)sizeof(wrap_file) + base->szOsFile;
    vfs.pAppData = NULL;
    vfs.xOpen = v_open;
    vfs.xDelete = v_delete;
    vfs.xAccess = v_access;
    vfs.xFullPathname = v_full;
    sqlite3_vfs_register(&vfs, 1);
    atexit(report);
}
