/* snapshot_paths.h — the work database a snapshot names (meta work_db).
 *
 * A snapshot records the work database that made it so that the explorer can recompute
 * it (R) and follow its jobs. Stored relative to the snapshot's directory when the work
 * database lies there or below (the bundled sample keeps work.db beside sample.db), so a
 * copied directory recomputes into its own copy, not into the original; absolute
 * otherwise. Readers resolve a relative value against the snapshot's directory; an
 * absolute value (every snapshot written before) is used as it is. */
#ifndef KLEIO_SNAPSHOT_PATHS_H
#define KLEIO_SNAPSHOT_PATHS_H

/* The value to record for WORK in a snapshot to be published at SNAPSHOT (which need not
 * exist yet; its directory must). WORK itself when a path cannot be resolved. Caller frees. */
char *kl_snapshot_work_db_record(const char *work, const char *snapshot);

/* The work database named by RECORDED in the snapshot at SNAPSHOT: "" when RECORDED is
 * NULL or empty (no work database), else a path usable from the current directory.
 * Caller frees. */
char *kl_snapshot_work_db_resolve(const char *recorded, const char *snapshot);

#endif
