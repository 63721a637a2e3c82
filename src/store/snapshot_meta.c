/* snapshot_meta.c — the meta keys' strings (snapshot_meta.h). */
#include "kleio/snapshot_meta.h"

const char *const kl_meta_keys[KL_META_COUNT] = {
#define KL_META_KEY_STR(id, key) [KL_META_##id] = key,
    KL_SNAPSHOT_META_KEYS(KL_META_KEY_STR)
#undef KL_META_KEY_STR
};
