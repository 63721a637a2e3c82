/* llm_cache.h — the model-call cache in the work database (module-internal).
 * Table model_cache(key TEXT PRIMARY KEY, response TEXT, created_at INTEGER): key is a
 * SHA-256 hex digest of what determines the answer; response is the answer's text (or
 * an embedding as a JSON array). Own connection, one mutex: safe from any thread. */
#ifndef KLEIO_NET_LLM_CACHE_H
#define KLEIO_NET_LLM_CACHE_H
#include <stddef.h>

typedef struct kl_llm_cache kl_llm_cache;

kl_llm_cache *kl_llm_cache_open(const char *path, char *err, size_t errlen);
void kl_llm_cache_close(kl_llm_cache *c);
/* The stored response for key (caller frees), or NULL. */
char *kl_llm_cache_get(kl_llm_cache *c, const char *key);
/* Stores (or replaces) a response; a failure is logged once and otherwise ignored:
 * the cache only saves money, it never decides an answer. */
void kl_llm_cache_put(kl_llm_cache *c, const char *key, const char *response);

#endif
