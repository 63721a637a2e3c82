/* private_file.h — files that hold what must not leak: the work database (raw
 * conversations until facets drop them), its run lock, job logs. They are created
 * owner-only (0600) whatever the umask, and an existing one that group or others may
 * read is named once per process on stderr (a warning: the mode stays the user's choice). */
#ifndef KLEIO_PRIVATE_FILE_H
#define KLEIO_PRIVATE_FILE_H

/* open(2) of PATH with FLAGS | O_CREAT | O_CLOEXEC and mode 0600, then the warning when an
 * existing file is group- or world-readable. Returns the descriptor, or -1 with errno. */
int kl_private_open(const char *path, int flags);

/* For a SQLite database: when create is nonzero, creates PATH empty with mode 0600 if it
 * does not exist; an existing PATH gets the warning above. It never opens (and so never
 * closes) an existing file: closing any descriptor of a file drops the process's POSIX
 * locks on it, SQLite's included. */
void kl_private_prepare(const char *path, int create);

/* Before a new database file takes the name PATH (created there or renamed into place):
 * when PATH does not exist, removes PATH-wal, PATH-shm and PATH-journal, left by a deleted
 * database of that name. SQLite would replay such a log into the new file, its pages over
 * the new ones. Nothing is removed while PATH exists. */
void kl_private_drop_stale_logs(const char *path);

#endif
