/* meta_map.c — the snapshot's meta table held in memory (meta_map.h). */
#include "kleio/meta_map.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"
#include "kleio/numbers.h"

int kl_meta_map_load(kl_meta_map *m, sqlite3 *db)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT key, value FROM meta", -1, &st, NULL) != SQLITE_OK)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (m->n == cap) {
            cap = cap ? cap * 2 : 32;
            m->entries = kl_reallocarray(m->entries, cap, sizeof *m->entries);
        }
        const char *k = (const char *)sqlite3_column_text(st, 0);
        const char *v = (const char *)sqlite3_column_text(st, 1);
        m->entries[m->n].key = kl_strdup(k ? k : "");
        m->entries[m->n].value = kl_strdup(v ? v : "");
        m->n++;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

const char *kl_meta_map_get(const kl_meta_map *m, const char *key)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->entries[i].key, key) == 0)
            return m->entries[i].value;
    return NULL;
}

int64_t kl_meta_map_get_int(const kl_meta_map *m, const char *key, int64_t dflt)
{
    const char *v = kl_meta_map_get(m, key);
    if (!v || !*v)
        return dflt;
    int64_t x;
    return kl_parse_i64(v, INT64_MIN, INT64_MAX, &x) == 0 ? x : dflt;
}

void kl_meta_map_free(kl_meta_map *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->entries[i].key);
        free(m->entries[i].value);
    }
    free(m->entries);
    m->entries = NULL;
    m->n = 0;
}
