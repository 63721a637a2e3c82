/* assign.h — fit on a sample, assign everywhere: `kleio assign` installs the embedding model,
 * language means, leaf centroids and tree fitted by a full `kleio run` on a sample work
 * database (kleio shard --fit-sample) into another work database (a shard, or the whole
 * one) and assigns each of its conversations to the nearest leaf; `kleio merge` brings
 * shards' assignments back. `kleio run --incremental` then recounts and publishes every
 * aggregate on the whole work database. See kleio-shard(1), kleio-scale(7).
 *
 * tables written in WORK: run_embed_model, run_embed_centre, run_leaves, run_clusters (the
 * fitted ones, replaced), run_embeddings and run_assign (the stage's own), assign_model(id,
 * hash, fit) naming the fitted model by the SHA-256 of its model and centroids. Installing
 * another model clears the old assignments and every stage record (run_stages), so no
 * stage reads a mix. Writer: this module, and kleio run's stages as usual. */
#ifndef KLEIO_ASSIGN_H
#define KLEIO_ASSIGN_H
#include <stddef.h>
#include <stdint.h>

/* Installs FIT's model into WORK and assigns every conversation with facets and no leaf
 * (rows in seeded order, seed as kleio run's --seed). Offline embeddings only (a fit whose
 * vectors came from a server has no model to embed with). Returns an exit status: 0, 1 a
 * database error, 2 bad input (no such database, FIT without a full run). threads: of the
 * nearest-leaf search (0 = online CPUs); the leaves do not depend on it. */
int kl_assign_work(const char *work, const char *fit, uint64_t seed, int threads);

/* Brings the assignments of shards that have them (kleio assign) back into WORK, one
 * transaction per shard, never a row twice. Refuses a shard assigned with another model
 * than WORK's or with conversations left unassigned. Shards without assignments are
 * skipped. The caller has checked the shards' origin (kl_shard_merge). Exit status as
 * kl_shard_merge. */
int kl_assign_merge(const char *work, char *const *shards, size_t n);

#endif
