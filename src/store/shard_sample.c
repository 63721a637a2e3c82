/* shard_sample.c — `kleio shard --fit-sample`: a seeded, user-balanced sample of a work
 * database, as a work database to fit the embedding and the leaves on. */
#include "kleio/shard.h"

#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#include "kleio/custom_facets.h"
#include "kleio/log.h"
#include "kleio/private_file.h"
#include "kleio/workdb.h"
#include "shard_impl.h"

/* A stale -wal beside the name would be replayed into the sample (private_file.h). */
static bool renamed_into_place(const char *tmp, const char *out)
{
    kl_private_drop_stale_logs(out);
    return rename(tmp, out) == 0;
}

int kl_shard_sample(const char *work, int64_t n, uint64_t seed, const char *out)
{
    char err[512], id[33], tmp[4200];
    if (access(work, F_OK) != 0) {
        kl_error("%s: no such work database (create it with kleio ingest)", work);
        return 2;
    }
    if (access(out, F_OK) == 0) {
        kl_error("shard: %s exists (remove it or choose another --out)", out);
        return 2;
    }
    sqlite3 *db = kl_workdb_open(work, 0, err, sizeof err);
    if (!db) {
        kl_error("%s", err);
        return 2;
    }
    if (shard_register(db) != 0 || shard_origin_id(db, id) != 0) {
        kl_workdb_close(db);
        return 1;
    }
    /* User-balanced: every user's first conversation (in seeded order) before anyone's
     * second, and so on, so a heavy user cannot fill the sample; seeded hash order within
     * each round. */
    char pick[512], info[96];
    snprintf(pick, sizeof pick,
             "SELECT rowid FROM (SELECT rowid, row_number() OVER (PARTITION BY user_id ORDER BY "
             "kl_seedhash(id, %llu), id) AS round, kl_seedhash(id, %llu) AS h FROM main.conversations) "
             "ORDER BY round, h, rowid LIMIT %lld", (unsigned long long)seed,
             (unsigned long long)seed, (long long)n);
    snprintf(info, sizeof info, "('sample', '%lld'), ('seed', '%llu')", (long long)n,
             (unsigned long long)seed);
    snprintf(tmp, sizeof tmp, "%s.part", out);
    shard_remove_db(tmp);
    long long convs = 0, users = 0;
    int rc = 0;
    if (kl_db_exec(db, kl_custom_schema_sql) != 0 ||
        shard_fill(db, tmp, "BEGIN IMMEDIATE", pick, info, id, &convs, &users) != 0) {
        rc = 1;
    } else if (!renamed_into_place(tmp, out)) {
        kl_error("shard: %s: cannot rename into place", out);
        rc = 1;
    } else {
        kl_info("shard: %s: a sample of %lld conversations, %lld users (seed %llu)", out, convs,
                users, (unsigned long long)seed);
    }
    if (rc)
        shard_remove_db(tmp);
    kl_workdb_close(db);
    return rc;
}
