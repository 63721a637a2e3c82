/* meta_map.h — a snapshot's `meta` table (key → value text) read once into memory.
 * Both snapshot readers (snapshot.h, snapshot_bulk.h) answer meta lookups from it. */
#ifndef KLEIO_META_MAP_H
#define KLEIO_META_MAP_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

typedef struct kl_meta_map {
    struct kl_meta_entry { char *key, *value; } *entries;
    size_t n;
} kl_meta_map;

/* Reads every meta row of db into m (which must be zeroed). 0, or -1 with the SQLite error
 * left on db; on failure m holds nothing that needs freeing beyond kl_meta_map_free. */
int kl_meta_map_load(kl_meta_map *m, sqlite3 *db);
/* Value of KEY, or NULL. The pointer lives until kl_meta_map_free. */
const char *kl_meta_map_get(const kl_meta_map *m, const char *key);
/* KEY as a decimal integer, or dflt when absent, empty or not a whole number. */
int64_t kl_meta_map_get_int(const kl_meta_map *m, const char *key, int64_t dflt);
void kl_meta_map_free(kl_meta_map *m);

#endif
