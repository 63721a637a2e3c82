/* ingest.h — conversations from JSON Lines into the work database (`kleio ingest`).
 *
 * Three parts, one file each in src/ingest:
 *   line_reader.c  lines of a file, gzip or plain (detected by magic bytes), or stdin,
 *                  with a hard per-line cap so memory stays bounded whatever the input;
 *   normalise.c    one line of any accepted shape → one normalised conversation;
 *   ingest_store.c batched, idempotent inserts into `conversations` (never UPDATE or
 *                  DELETE: what is stored stays stored) and the `ingest_files` log.
 *
 * The normalised form stored in conversations.raw is a compact JSON array
 *   [{"role":"user"|"assistant"|"system"|"tool","content":"text"}, …]
 * with every content flattened to one string; it is what the facets stage reads. */
#ifndef KLEIO_INGEST_H
#define KLEIO_INGEST_H
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

/* Why a line was not ingested. Blank lines are skipped silently and are not rejections. */
enum kl_ingest_cause {
    KL_CAUSE_NONE = 0,
    KL_CAUSE_TOO_LONG,        /* longer than the per-line cap */
    KL_CAUSE_BINARY,          /* NUL or other control bytes JSON never contains */
    KL_CAUSE_BAD_UTF8,
    KL_CAUSE_BAD_JSON,
    KL_CAUSE_UNKNOWN_SHAPE,   /* valid JSON but not a conversation kleio knows */
    KL_CAUSE_NO_USER_TURN,    /* no user message with any non-blank text */
    KL_CAUSE_BAD_TIMESTAMP,
    KL_CAUSE_COUNT
};

/* Short English name of a cause ("invalid JSON"), static storage. */
const char *kl_ingest_cause_name(enum kl_ingest_cause c);

/* ---- normalise.c ---- */

/* Ids, user ids and org ids longer than this are rejected as an unknown shape: they are
 * not ids but misplaced content. */
#define KL_INGEST_MAX_ID 256

/* A line holding more JSON values than this (objects, arrays and their elements, counted
 * by brackets and commas outside strings) is rejected as too long before it is parsed:
 * the bound keeps one line's parse within about 100 MB whatever its shape. */
#define KL_INGEST_MAX_VALUES 400000

typedef struct kl_conv {
    char *id;                 /* as given, else "h-" + 32 hex of the content hash */
    char *user_id;            /* as given, else "anon-" + id: its own user */
    char *org_id;             /* NULL when absent */
    bool has_ts;
    int64_t ts;               /* epoch seconds UTC when has_ts */
    int n_messages;
    int user_turns;           /* user messages with non-blank text */
    char *raw;                /* the normalised messages JSON */
    char content_hash[65];    /* SHA-256 hex of the given user id and raw */
} kl_conv;

/* Parses one line (no newline) of any accepted shape: {"messages": [...]} (kleio,
 * OpenAI, Anthropic with a top-level "system"), {"conversations": [{"from","value"}]}
 * (ShareGPT), {"conversation": [...]}, {"contents": [{"role","parts"}]} (Gemini), or a
 * bare array of messages. Returns KL_CAUSE_NONE and fills out (free with kl_conv_free),
 * or a cause with a one-line detail in err that never quotes conversation text. */
enum kl_ingest_cause kl_ingest_parse(const char *line, size_t len, kl_conv *out,
                                     char *err, size_t errlen);
void kl_conv_free(kl_conv *c);

/* ISO 8601 date or date-time ("2026-03-01", "2026-03-01T12:00:00.250+02:00"; no zone means
 * UTC), a basic ISO 8601 date of exactly eight digits ("20260301"), or epoch seconds as a
 * decimal string of any other length → epoch seconds UTC. Returns 0 or -1. */
int kl_ingest_parse_time(const char *s, int64_t *out);
/* True when S is eight digits (spaces around allowed): parsed as a YYYYMMDD date. */
bool kl_ingest_time_is_basic_date(const char *s);

/* ---- line_reader.c ---- */

typedef struct kl_line_reader kl_line_reader;

enum kl_line_status {
    KL_LINE_OK,               /* *line, *len: one line without its newline (and CR) */
    KL_LINE_TOO_LONG,         /* the line exceeded the cap; it was skipped, never held */
    KL_LINE_EOF,
    KL_LINE_ERROR             /* read or decompression error: see kl_line_reader_error */
};

/* Opens PATH ("-" = standard input) for reading lines of at most max_line bytes.
 * gzip input is recognised by its magic bytes, whatever the name. NULL with err on failure. */
kl_line_reader *kl_line_reader_open(const char *path, size_t max_line, char *err, size_t errlen);
/* Once *flag is nonzero (set by a signal handler), the next read or refill fails with
 * KL_LINE_ERROR and the error "interrupted", even in the middle of a line being skipped. */
void kl_line_reader_set_cancel(kl_line_reader *r, const volatile sig_atomic_t *flag);
/* The line stays valid until the next call. A UTF-8 byte-order mark at the start is dropped. */
enum kl_line_status kl_line_reader_next(kl_line_reader *r, const char **line, size_t *len);
uint64_t kl_line_reader_lineno(const kl_line_reader *r);   /* of the line just returned */
uint64_t kl_line_reader_offset(const kl_line_reader *r);   /* bytes of the file consumed */
uint64_t kl_line_reader_size(const kl_line_reader *r);     /* file size, 0 when unknown */
const char *kl_line_reader_error(const kl_line_reader *r);
void kl_line_reader_close(kl_line_reader *r);

/* ---- ingest_store.c ---- */

typedef struct kl_ingest_store kl_ingest_store;

enum kl_put_result {
    KL_PUT_NEW,
    KL_PUT_DUP_ID,            /* this id is stored with the same content */
    KL_PUT_DUP_CONTENT,       /* the same content is stored under another id */
    KL_PUT_ID_CONFLICT,       /* this id is stored with different content: the stored one stays */
    KL_PUT_ERROR              /* database error, already logged */
};

/* Per-file figures, also written to the ingest_files table. */
typedef struct kl_ingest_counts {
    uint64_t lines, ingested, duplicates;
    uint64_t rejected[KL_CAUSE_COUNT];
} kl_ingest_counts;

uint64_t kl_ingest_counts_rejected(const kl_ingest_counts *c);

/* Prepares the statements (creating ingest_files when missing). Rows are committed every
 * `batch` rows or every second, whichever comes first, so a crash loses at most that. */
kl_ingest_store *kl_ingest_store_open(sqlite3 *db, int batch);
/* source names where the row came from ("FILE:LINE"), stored with it. */
enum kl_put_result kl_ingest_store_put(kl_ingest_store *s, const kl_conv *c, const char *source);
/* Records one input file's figures; complete = read to its end. */
int kl_ingest_store_log_file(kl_ingest_store *s, const char *source, uint64_t bytes,
                             const kl_ingest_counts *c, bool complete, int64_t started_at);
/* Commits the batch in flight. Returns 0 or -1 (logged; the batch's rows are lost). */
int kl_ingest_store_commit(kl_ingest_store *s);
/* New rows stored by transactions that committed: what a summary may call ingested
 * (KL_PUT_NEW says a row was written, not that its batch will commit). */
uint64_t kl_ingest_store_committed(const kl_ingest_store *s);
/* Commits and frees. Returns 0 or -1 when the last commit failed. */
int kl_ingest_store_close(kl_ingest_store *s);

/* ---- whole files (ingest_files.c) ---- */

#define KL_INGEST_DEFAULT_MAX_LINE ((size_t)16 << 20)

typedef struct kl_ingest_opts {
    const char *work;          /* the work database, created when missing */
    bool strict;               /* stop at the first rejected line */
    int batch;                 /* rows per transaction */
    size_t max_line;           /* longest accepted line */
    unsigned long max_errors;  /* problem lines printed before only counting (0: all) */
    char **files;              /* paths, "-" for standard input; none: standard input */
    int n_files;
} kl_ingest_opts;

/* Reads every file into the work database, reporting bad lines as FILE:LINE: cause and a
 * summary by cause; SIGINT and SIGTERM stop it after committing what was read. Returns
 * the exit status of kleio-ingest(1): 0 read (even with rejected lines), 1 the database
 * failed or a signal stopped it, 2 an unreadable file, --strict failing or not one
 * usable line. */
int kl_ingest_files(const kl_ingest_opts *o);

#endif
