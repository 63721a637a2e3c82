/* mkfixture.c — test tool: creates a snapshot with kleio's own schema, then runs a SQL
 * file of fixture rows into it.   usage: mkfixture OUT.db DATA.sql */
#include <stdio.h>
#include <stdlib.h>

#include "kleio/buf.h"
#include "kleio/snapshot.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: mkfixture OUT.db DATA.sql\n");
        return 2;
    }
    FILE *f = fopen(argv[2], "r");
    if (!f) {
        perror(argv[2]);
        return 2;
    }
    kl_buf sql = KL_BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        kl_buf_append(&sql, chunk, n);
    fclose(f);
    char err[512];
    remove(argv[1]);
    sqlite3 *db = kl_snapshot_create(argv[1], err, sizeof err);
    if (!db) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    char *msg = NULL;
    if (sqlite3_exec(db, kl_buf_cstr(&sql), NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", argv[2], msg);
        return 1;
    }
    sqlite3_close(db);
    kl_buf_free(&sql);
    return 0;
}
