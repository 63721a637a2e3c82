/* validate.c — validating a big snapshot in the background (see kl_validation). */
#include <stdio.h>
#include <stdlib.h>

#include "kleio/log.h"
#include "kleio/mem.h"
#include "kleio/snapshot.h"
#include "kleio/tui_app.h"

static void *validate_thread(void *arg)
{
    kl_validation *v = arg;
    double t0 = kl_now();
    /* Its own connection: nothing is shared with the explorer's reads. */
    kl_snapshot *s = kl_snapshot_open(v->path, v->err, sizeof v->err);
    v->ok = s != NULL;
    kl_snapshot_close(s);
    v->ms = (kl_now() - t0) * 1000.0;
    atomic_store(&v->done, true);
    return NULL;
}

void kl_validation_start(kl_validation *v, const char *path)
{
    v->path = kl_strdup(path);
    v->started = true;
    atomic_store(&v->done, false);
    if (pthread_create(&v->thread, NULL, validate_thread, v) != 0) {
        validate_thread(v); /* no thread to be had: check now */
        v->finished = true;
    }
}

bool kl_validation_pending(kl_validation *v)
{
    return v->started && !v->finished && !atomic_load(&v->done);
}

bool kl_validation_finish(kl_validation *v)
{
    if (!v->started)
        return true; /* nothing was deferred: the file was checked before drawing */
    if (!v->finished) {
        pthread_join(v->thread, NULL);
        v->finished = true;
    }
    free(v->path);
    v->path = NULL;
    return v->ok;
}
