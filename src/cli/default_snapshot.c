/* default_snapshot.c — where `kleio` with no argument finds the bundled sample. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kleio/commands.h"

#define SAMPLE_NAME "sample.db"

const char *kl_default_snapshot(void)
{
    static char path[PATH_MAX];
    const char *env = getenv("KLEIO_SAMPLE");
    if (env && *env)
        return env;
    /* Next to the build: <repo>/build/kleio → <repo>/sample-db/sample.db */
    char exe[PATH_MAX - 64]; /* leaves room for the suffix below */
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(path, sizeof path, "%s/../sample-db/" SAMPLE_NAME, exe);
            if (access(path, R_OK) == 0)
                return path;
        }
    }
    snprintf(path, sizeof path, "%s", KLEIO_DATADIR "/" SAMPLE_NAME);
    return path;
}
