/* fuzz_snapshot.c — libFuzzer target: a mutated snapshot file through the reader the
 * explorer and `kleio tree` use: open (header and quick_check), meta, clusters, languages,
 * the tree in all languages and in the first one, and one cluster's slice and series.
 * Seeds are small real snapshots; the input is written to a file in TMPDIR and opened. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "kleio/snapshot.h"
#include "kleio/tree_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A real path: SQLite resolves /proc/self/fd links to a memory file's name, which it
     * then cannot open (every input was rejected before the first page was read). */
    static char path[256];
    static int fd = -1;
    if (fd < 0) {
        const char *dir = getenv("TMPDIR");
        snprintf(path, sizeof path, "%s/fuzz-snapshot-%ld.db", dir && *dir ? dir : "/tmp",
                 (long)getpid());
        if ((fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600)) < 0)
            abort();
    }
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    char err[512];
    kl_snapshot *s = kl_snapshot_open(path, err, sizeof err);
    if (!s)
        return 0;
    (void)kl_snapshot_meta(s, "work_db");
    (void)kl_snapshot_meta_int(s, "min_users", 0);
    kl_cluster *cl = NULL;
    size_t ncl = 0;
    if (kl_snapshot_clusters(s, &cl, &ncl) == 0) {
        if (ncl > 0) {
            kl_counts k;
            (void)kl_snapshot_slice(s, cl[0].id, (const char *const[]){"en"}, 1, &k);
            kl_time_point *tp = NULL;
            size_t ntp = 0;
            if (kl_snapshot_series(s, cl[0].id, NULL, &tp, &ntp) == 0)
                free(tp);
        }
        kl_clusters_free(cl, ncl);
    }
    kl_language *lang = NULL;
    size_t nlang = 0;
    const char *first = NULL;
    if (kl_snapshot_languages(s, &lang, &nlang) == 0 && nlang > 0)
        first = lang[0].code;
    kl_tree t;
    if (kl_tree_load(s, NULL, 0, &t) == 0) {
        for (int k = KL_SORT_CONVERSATIONS; k <= KL_SORT_NAME; k++)
            kl_tree_sort(&t, (kl_sort_key)k, k % 2);
        kl_tree_free(&t);
    }
    if (first && kl_tree_load(s, &first, 1, &t) == 0)
        kl_tree_free(&t);
    kl_languages_free(lang, nlang);
    kl_snapshot_close(s);
    return 0;
}
