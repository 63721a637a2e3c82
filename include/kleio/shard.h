/* shard.h — one work database split into shard work databases and their facets merged
 * back: what `kleio shard` and `kleio merge` run (see kleio-shard(1), kleio-scale(7)).
 *
 * A conversation goes to shard kl_shard_of(user_id, N): every conversation of one user is in
 * one shard, so distinct-user counts summed over shards are exact. A shard holds only what
 * depends on its set of conversations: rows are written in conversation-id order, so the
 * same input gives the same shard whatever the order or history of ingest.
 *
 * tables written:
 *   in a shard  shard_info(key, value)   origin (the work database's id), index, shards,
 *                                        code_version, format, conversations (a sample:
 *                                        sample and seed instead of index and shards)
 *   in WORK     shard_origin(id)         the work database's id, made by the first split
 *               shard_merged(...)        one row per shard merged (its counts), written in
 *                                        the same transaction as its facets
 * Writers: only this module writes these tables; merge writes facets, model_cache and
 * clears conversations.raw in WORK (as kleio facets would have). */
#ifndef KLEIO_SHARD_H
#define KLEIO_SHARD_H
#include <stddef.h>
#include <stdint.h>

/* The shard (0..n-1) of a user id: the first 8 bytes of its SHA-256, modulo n. */
unsigned kl_shard_of(const char *user_id, size_t len, unsigned n);

/* Writes DIR/shard-0.db … DIR/shard-(n-1).db from the work database WORK (every
 * conversation, raw text and facets if present), each built under a temporary name and
 * renamed when complete. Refuses (2) an existing shard file. Returns an exit status:
 * 0, 1 a database or file error, 2 bad input. */
int kl_shard_split(const char *work, unsigned n, const char *dir);

/* Writes the work database OUT holding a seeded, user-balanced sample of n conversations of
 * WORK (with their facets if present): users take turns, each giving its next conversation in
 * the seeded order, until n are taken. It has shard_info (sample, seed, origin…) but no
 * index: merge refuses it. Returns an exit status as kl_shard_split. */
int kl_shard_sample(const char *work, int64_t n, uint64_t seed, const char *out);

/* Merges the facets and model-call cache rows of each shard into WORK, one transaction per
 * shard (a kill loses at most the shard in progress; rerunning resumes). Refuses a shard of
 * another work database, of another kleio version, with conversations that lack facets, or
 * whose conversations are not WORK's (each named on stderr, the other shards still merged);
 * never writes a facets row twice; a shard already merged is skipped. Returns an exit
 * status: 0 all merged, 1 a database error, 2 a refused shard or bad input. */
int kl_shard_merge(const char *work, char *const *shards, size_t n);

#endif
