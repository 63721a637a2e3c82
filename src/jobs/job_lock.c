/* job_lock.c — one recompute per work database, by flock on WORK.db.lock.
 * flock is released by the kernel when its holder dies, so a killed job never blocks the
 * next one; the file's text only names the holder for messages. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "kleio/jobs.h"
#include "kleio/log.h"
#include "kleio/private_file.h"

static void lock_path(const char *work, char *out, size_t n)
{
    snprintf(out, n, "%s.lock", work);
}

int kl_run_lock_acquire(const char *work, int64_t job_id, char *err, size_t errlen)
{
    char path[4096];
    lock_path(work, path, sizeof path);
    int fd = kl_private_open(path, O_RDWR); /* names the holder: owner-only, like the database */
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot open the run lock: %s", path, strerror(errno));
        return -1;
    }
    char holder[256] = "";
    ssize_t got = pread(fd, holder, sizeof holder - 1, 0);
    holder[got > 0 ? got : 0] = '\0';
    char *nl = strchr(holder, '\n');
    if (nl)
        *nl = '\0';
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK)
            snprintf(err, errlen, "%s: a recompute is already running (%s)", work,
                     *holder ? holder : "holder unknown");
        else
            snprintf(err, errlen, "%s: cannot lock: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    if (*holder)
        kl_info("%s: cleared a stale lock left by %s", work, holder);
    char line[256];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char when[32];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    int len = job_id > 0
                  ? snprintf(line, sizeof line, "job %lld, pid %d, since %s\n", (long long)job_id,
                             (int)getpid(), when)
                  : snprintf(line, sizeof line, "kleio run, pid %d, since %s\n", (int)getpid(), when);
    if (ftruncate(fd, 0) != 0 || pwrite(fd, line, (size_t)len, 0) != len)
        kl_warn("%s: cannot record the lock holder", path);
    return fd;
}

void kl_run_lock_release(int fd)
{
    if (fd < 0)
        return;
    if (ftruncate(fd, 0) != 0)
        kl_warn("cannot clear the run lock");
    flock(fd, LOCK_UN);
    close(fd);
}
