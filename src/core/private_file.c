/* private_file.c — owner-only creation of private files and a warning, once per file,
 * when an existing one is readable by group or others. */
#include "kleio/private_file.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kleio/log.h"
#include "kleio/utf8.h"

/* Files already warned about, by device and inode (one file under two names is one). */
enum { MAX_WARNED = 64 };
static struct { dev_t dev; ino_t ino; } warned[MAX_WARNED];
static size_t n_warned;
static pthread_mutex_t warned_lock = PTHREAD_MUTEX_INITIALIZER;

static bool first_warning(const struct stat *st)
{
    bool first = true;
    pthread_mutex_lock(&warned_lock);
    for (size_t i = 0; i < n_warned && first; i++)
        if (warned[i].dev == st->st_dev && warned[i].ino == st->st_ino)
            first = false;
    if (first && n_warned < MAX_WARNED) {
        warned[n_warned].dev = st->st_dev;
        warned[n_warned].ino = st->st_ino;
        n_warned++;
    }
    pthread_mutex_unlock(&warned_lock);
    return first;
}

static void check_mode(const char *path, const struct stat *st)
{
    if (!S_ISREG(st->st_mode) || !(st->st_mode & (S_IRGRP | S_IROTH)) || !first_warning(st))
        return;
    char *safe = kl_sanitize(path);
    kl_warn("%s holds private data but is readable by %s (mode %03o); chmod 600 it", safe,
            st->st_mode & S_IROTH ? "everyone" : "its group", (unsigned)(st->st_mode & 0777));
    free(safe);
}

int kl_private_open(const char *path, int flags)
{
    int fd = open(path, flags | O_CREAT | O_CLOEXEC, 0600);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0)
        check_mode(path, &st);
    return fd;
}

void kl_private_prepare(const char *path, int create)
{
    if (create) {
        kl_private_drop_stale_logs(path);
        int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
            close(fd); /* a new, empty file: nobody holds a lock on it */
            return;
        }
        if (errno != EEXIST)
            return; /* the caller's open reports why */
    }
    struct stat st;
    if (stat(path, &st) == 0)
        check_mode(path, &st);
}

void kl_private_drop_stale_logs(const char *path)
{
    static const char *const ext[] = {"-wal", "-shm", "-journal"};
    if (access(path, F_OK) == 0 || errno != ENOENT)
        return;
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
        char p[4400];
        if ((size_t)snprintf(p, sizeof p, "%s%s", path, ext[i]) < sizeof p)
            unlink(p);
    }
}
