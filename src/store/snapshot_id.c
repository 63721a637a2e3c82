/* snapshot_id.c — a snapshot's identity (meta snapshot_id), a hash of what it publishes.
 *
 * A content hash rather than a random id: a copy of a file and a rebuild of the same
 * inputs are the same snapshot (kleio diff then reports nothing, and the reproducibility
 * tests keep comparing meta), while a lineage naming this id (previous_snapshot_id of
 * the next snapshot) can only have been computed against exactly this content. */
#include "kleio/snapshot.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "kleio/sha256.h"

/* Every table in the order of its primary key; meta without the rows that name a time, a
 * path or the id itself. */
static const char *const content_sql[] = {
    "SELECT * FROM clusters ORDER BY id",
    "SELECT * FROM languages ORDER BY code",
    "SELECT * FROM cluster_lang ORDER BY cluster_id, lang",
    "SELECT * FROM cluster_time ORDER BY cluster_id, lang, bucket",
    "SELECT * FROM lineage ORDER BY cluster_id, previous_id",
    ("SELECT key, value FROM meta WHERE key NOT IN ('created_at', 'work_db', 'snapshot_id')"
     " ORDER BY key"), /* one element: the parentheses say the concatenation is meant */
};

/* Tables newer than the format: hashed only when they hold rows (after the ones above), so
 * that a snapshot without them, or written before them, keeps its id. */
static const char *const optional_sql[] = {
    "SELECT * FROM custom_facets ORDER BY name",
    "SELECT * FROM cluster_custom ORDER BY cluster_id, facet, value",
    "SELECT * FROM custom_totals ORDER BY facet, value",
    "SELECT * FROM cluster_custom_mean ORDER BY cluster_id, facet",
};

static void put_u64(kl_sha256 *h, uint64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (56 - 8 * i));
    kl_sha256_update(h, b, sizeof b);
}

/* Type, then the value: lengths prefix text and blobs, so no two rows serialise alike. */
static void put_value(kl_sha256 *h, sqlite3_stmt *st, int col)
{
    int type = sqlite3_column_type(st, col);
    unsigned char tag = (unsigned char)type;
    kl_sha256_update(h, &tag, 1);
    switch (type) {
    case SQLITE_INTEGER: put_u64(h, (uint64_t)sqlite3_column_int64(st, col)); break;
    case SQLITE_FLOAT: {
        /* Printed as the sqlite3 shell and the tests show them: two runs that differ only
         * in the last bits of a map position publish the same snapshot. */
        char text[40];
        int len = snprintf(text, sizeof text, "%.15g", sqlite3_column_double(st, col));
        put_u64(h, (uint64_t)len);
        kl_sha256_update(h, text, (size_t)len);
        break;
    }
    case SQLITE_TEXT:
    case SQLITE_BLOB: {
        const void *p = type == SQLITE_TEXT ? (const void *)sqlite3_column_text(st, col)
                                            : sqlite3_column_blob(st, col);
        int len = sqlite3_column_bytes(st, col);
        put_u64(h, (uint64_t)len);
        if (len > 0)
            kl_sha256_update(h, p, (size_t)len);
        break;
    }
    default: break; /* NULL: the tag says it all */
    }
}

/* Feeds the rows of the query sql into h, each after a 0xff byte, preceded by tag. A
 * table in optional_sql is passed over when it does not exist, and its tag goes in only
 * when it has a row. Returns 0, or -1 when the query fails. */
static int hash_rows(kl_sha256 *h, sqlite3 *db, const char *sql, uint64_t tag, bool optional)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return optional ? 0 : -1;   /* optional: an older snapshot, no such table */
    }
    int rc = sqlite3_step(st);
    if (!optional || rc == SQLITE_ROW)
        put_u64(h, tag);
    for (; rc == SQLITE_ROW; rc = sqlite3_step(st)) {
        unsigned char row = 0xff;
        kl_sha256_update(h, &row, 1);
        for (int c = 0; c < sqlite3_column_count(st); c++)
            put_value(h, st, c);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int kl_snapshot_content_id(sqlite3 *db, char out[KL_SNAPSHOT_ID_LEN + 1])
{
    kl_sha256 h;
    kl_sha256_init(&h);
    kl_sha256_update(&h, KL_SNAPSHOT_FORMAT, strlen(KL_SNAPSHOT_FORMAT));
    for (size_t t = 0; t < sizeof content_sql / sizeof content_sql[0]; t++)
        if (hash_rows(&h, db, content_sql[t], (uint64_t)t, false) != 0)
            return -1;
    for (size_t t = 0; t < sizeof optional_sql / sizeof optional_sql[0]; t++)
        if (hash_rows(&h, db, optional_sql[t], 0x100 + (uint64_t)t, true) != 0)
            return -1;
    unsigned char digest[32];
    kl_sha256_final(&h, digest);
    for (int i = 0; i < KL_SNAPSHOT_ID_LEN / 2; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
    out[KL_SNAPSHOT_ID_LEN] = '\0';
    return 0;
}
