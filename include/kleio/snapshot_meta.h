/* snapshot_meta.h — the keys of a snapshot's meta table, declared once. Writers (the
 * publish and privacy stages, kl_snapshot_create) and readers (tree, diff, validate, the
 * explorer) name a key as KL_META(ID); tests/unit/test_snapshot_meta.c checks that
 * kleio-snapshot(5) documents every key. Meanings: kleio-snapshot(5). */
#ifndef KLEIO_SNAPSHOT_META_H
#define KLEIO_SNAPSHOT_META_H

#define KL_SNAPSHOT_META_KEYS(X)                                                                 \
    X(FORMAT, "format")                                                                          \
    X(SCHEMA_VERSION, "schema_version")                                                          \
    X(CREATED_AT, "created_at")                                                                  \
    X(BACKEND, "backend")                                                                        \
    X(SUMMARY_MODEL, "summary_model")                                                            \
    X(EMBED_MODEL, "embed_model")                                                                \
    X(NAME_MODEL, "name_model")                                                                  \
    X(HIERARCHY, "hierarchy")                                                                    \
    X(PARAMS, "params")                                                                          \
    X(MIN_USERS, "min_users")                                                                    \
    X(MIN_CONVERSATIONS, "min_conversations")                                                    \
    X(INPUT_CONVERSATIONS, "input_conversations")                                                \
    X(INPUT_USERS, "input_users")                                                                \
    X(SUPPRESSED_CLUSTERS, "suppressed_clusters")                                                \
    X(SUPPRESSED_CELLS, "suppressed_cells")                                                      \
    X(SUPPRESSED_CELLS_PRIMARY, "suppressed_cells_primary")                                      \
    X(SUPPRESSED_CELLS_COMPLEMENTARY, "suppressed_cells_complementary")                          \
    X(SUPPRESSED_CELLS_EXPOSED, "suppressed_cells_exposed")                                      \
    X(MERGED_LANGUAGES, "merged_languages")                                                      \
    X(PUBLISHED_CELLS, "published_cells")                                                        \
    X(PUBLISHED_CLUSTERS, "published_clusters")                                                  \
    X(AUDIT_STRINGS, "audit_strings")                                                            \
    X(AUDIT_PII_REMOVED, "audit_pii_removed")                                                    \
    X(AUDIT_PLACEHOLDERS_REMOVED, "audit_placeholders_removed")                                  \
    X(AUDIT_RARE_TOKENS_REMOVED, "audit_rare_tokens_removed")                                    \
    X(AUDIT_RENAMED, "audit_renamed")                                                            \
    X(BURST_CLUSTERS, "burst_clusters")                                                          \
    X(MERGED_ACCOUNT_GROUPS, "merged_account_groups")                                            \
    X(BURST_WINDOW_SECONDS, "burst_window_seconds")                                              \
    X(TIME_BUCKET, "time_bucket")                                                                \
    X(WORK_DB, "work_db")                                                                        \
    X(DENSITY_GRID, "density_grid")                                                              \
    X(RUN_KEY, "run_key")                                                                        \
    X(SNAPSHOT_ID, "snapshot_id")                                                                \
    X(PREVIOUS_SNAPSHOT_ID, "previous_snapshot_id")                                              \
    X(CUSTOM_CELLS, "custom_cells")                                                              \
    X(CUSTOM_CELLS_SUPPRESSED, "custom_cells_suppressed")                                          \
    X(SCREEN, "screen")                                                                          \
    X(SCREENED_IN, "screened_in")                                                                \
    X(SCREENED_OUT, "screened_out")                                                              \
    X(FACET_SOURCES, "facet_sources")

enum kl_meta_key {
#define KL_META_KEY_ID(id, key) KL_META_##id,
    KL_SNAPSHOT_META_KEYS(KL_META_KEY_ID)
#undef KL_META_KEY_ID
    KL_META_COUNT
};

extern const char *const kl_meta_keys[KL_META_COUNT];

/* The key string of KL_META_ID. */
#define KL_META(id) (kl_meta_keys[KL_META_##id])

#endif
