/* line_reader.c — lines of a plain or gzip file (recognised by its magic bytes), or of
 * standard input, in bounded memory: a line longer than the cap is skipped to its newline
 * without being held. Reads take what the file or pipe has, so a live stream is handled
 * line by line as it arrives (zlib's gzread would wait to fill its whole buffer). */
#include "kleio/ingest.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "kleio/mem.h"

enum { CHUNK = 1 << 16 };

struct kl_line_reader {
    int fd;
    size_t max_line;
    bool gzip;
    bool in_member;           /* inside a gzip member: its end has not been seen */
    z_stream zs;
    unsigned char in[CHUNK];  /* bytes as read from the file */
    size_t in_len;            /* plain input: valid bytes in `in` */
    unsigned char out[CHUNK]; /* inflated bytes (gzip input) */
    const unsigned char *buf; /* the decoded bytes being split into lines */
    size_t pos, end;
    bool raw_eof, eof;
    uint64_t consumed;        /* bytes read from the file */
    char *line;               /* assembly buffer for lines that cross chunks */
    size_t line_len, line_cap;
    uint64_t lineno;
    uint64_t size;
    const volatile sig_atomic_t *cancel; /* set: stop at the next read (a signal) */
    char error[256];
};

/* A set cancel flag ends the input as an error: a line skipped for being too long may
 * never end (/dev/zero), and no read must start once the user asked to stop. */
static bool cancelled(kl_line_reader *r)
{
    if (!r->cancel || !*r->cancel)
        return false;
    snprintf(r->error, sizeof r->error, "interrupted");
    return true;
}

/* read() that fills at most n bytes, returning what is there; -1 sets r->error. */
static ssize_t raw_read(kl_line_reader *r, unsigned char *dst, size_t n)
{
    if (cancelled(r))
        return -1;
    ssize_t got = read(r->fd, dst, n);
    if (got < 0) {
        snprintf(r->error, sizeof r->error, "%s", errno == EINTR ? "interrupted" : strerror(errno));
        return -1;
    }
    if (got == 0)
        r->raw_eof = true;
    r->consumed += (uint64_t)got;
    return got;
}

kl_line_reader *kl_line_reader_open(const char *path, size_t max_line, char *err, size_t errlen)
{
    int stdin_input = strcmp(path, "-") == 0;
    /* dup() so that closing the reader never closes the process's standard input. */
    int fd = stdin_input ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        close(fd);
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: is a directory", path);
        close(fd);
        return NULL;
    }
    kl_line_reader *r = kl_calloc(1, sizeof *r);
    r->fd = fd;
    r->max_line = max_line;
    r->size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
    /* Two bytes decide the format; a pipe may hand them over one at a time. */
    while (r->in_len < 2 && !r->raw_eof) {
        ssize_t got = raw_read(r, r->in + r->in_len, CHUNK - r->in_len);
        if (got < 0) {
            snprintf(err, errlen, "%s: %s", path, r->error);
            kl_line_reader_close(r);
            return NULL;
        }
        r->in_len += (size_t)got;
    }
    if (r->in_len >= 2 && r->in[0] == 0x1f && r->in[1] == 0x8b) {
        r->gzip = true;
        /* 15 + 16: gzip wrapper only, the largest window. */
        if (inflateInit2(&r->zs, 15 + 16) != Z_OK) {
            snprintf(err, errlen, "%s: cannot start gzip decompression", path);
            free(r);
            close(fd);
            return NULL;
        }
        r->zs.next_in = r->in;
        r->zs.avail_in = (uInt)r->in_len;
        r->in_member = true;
    }
    return r;
}

/* Offset in the file of the next compressed byte not yet given to zlib. */
static unsigned long long gzip_offset(const kl_line_reader *r)
{
    return (unsigned long long)(r->consumed - r->zs.avail_in);
}

/* After a member, at a byte that cannot start another: zero bytes to the end are padding
 * (gzip(1) ignores them too); anything else is a damaged member or foreign data, and
 * dropping it silently would lose the lines it holds. Returns 0 (r->error set or EOF). */
static size_t after_last_member(kl_line_reader *r)
{
    unsigned long long start = gzip_offset(r);
    for (;;) {
        for (uInt i = 0; i < r->zs.avail_in; i++) {
            if (r->zs.next_in[i] != 0) {
                snprintf(r->error, sizeof r->error,
                         "data after a gzip member at byte %llu does not start a new member"
                         " (damaged data or trailing garbage)", start);
                return 0;
            }
        }
        r->zs.avail_in = 0;
        if (r->raw_eof)
            return 0;
        ssize_t got = raw_read(r, r->in, CHUNK);
        if (got < 0)
            return 0;
        r->zs.next_in = r->in;
        r->zs.avail_in = (uInt)got;
    }
}

/* Next gzip output; 0 at the end of the data or on error (r->error set). */
static size_t inflate_some(kl_line_reader *r)
{
    for (;;) {
        if (r->zs.avail_in == 0 && !r->raw_eof) {
            ssize_t got = raw_read(r, r->in, CHUNK);
            if (got < 0)
                return 0;
            r->zs.next_in = r->in;
            r->zs.avail_in = (uInt)got;
            continue;
        }
        if (r->zs.avail_in == 0) {
            if (r->in_member)
                snprintf(r->error, sizeof r->error, "truncated gzip data at byte %llu",
                         gzip_offset(r));
            return 0;
        }
        if (!r->in_member) {
            /* After a member: another member (as `cat a.gz b.gz` makes), zero padding,
             * or an error. A damaged header of a next member fails in inflate. */
            if (r->zs.next_in[0] != 0x1f)
                return after_last_member(r);
            inflateReset(&r->zs);
            r->in_member = true;
        }
        r->zs.next_out = r->out;
        r->zs.avail_out = CHUNK;
        int rc = inflate(&r->zs, Z_NO_FLUSH);
        size_t produced = CHUNK - r->zs.avail_out;
        if (rc == Z_STREAM_END)
            r->in_member = false;
        else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            snprintf(r->error, sizeof r->error, "corrupt gzip data (%s) at byte %llu",
                     r->zs.msg ? r->zs.msg : "?", gzip_offset(r));
            return 0;
        }
        if (produced)
            return produced;
    }
}

/* Refills the decoded buffer; returns 0 at end of input or on error (r->error set). */
static int refill(kl_line_reader *r)
{
    if (r->eof || cancelled(r))
        return 0;
    bool first = r->lineno == 0 && r->buf == NULL;
    size_t n;
    if (r->gzip) {
        n = inflate_some(r);
        r->buf = r->out;
    } else if (r->in_len) { /* the bytes read to look for the magic */
        n = r->in_len;
        r->in_len = 0;
        r->buf = r->in;
    } else {
        ssize_t got = r->raw_eof ? 0 : raw_read(r, r->in, CHUNK);
        n = got > 0 ? (size_t)got : 0;
        r->buf = r->in;
    }
    if (n == 0) {
        r->eof = true;
        return 0;
    }
    r->pos = 0;
    r->end = n;
    /* The byte-order mark some editors put first is not part of any line. */
    if (first && n >= 3 && r->buf[0] == 0xEF && r->buf[1] == 0xBB && r->buf[2] == 0xBF)
        r->pos = 3;
    return 1;
}

static void line_append(kl_line_reader *r, const unsigned char *p, size_t n)
{
    if (r->line_len + n + 1 > r->line_cap) {
        size_t cap = r->line_cap ? r->line_cap : 4096;
        while (cap < r->line_len + n + 1)
            cap *= 2;
        r->line = kl_reallocarray(r->line, cap, 1);
        r->line_cap = cap;
    }
    memcpy(r->line + r->line_len, p, n);
    r->line_len += n;
}

static enum kl_line_status finish(kl_line_reader *r, const char *p, size_t n, int too_long,
                                  const char **line, size_t *len)
{
    r->lineno++;
    if (too_long)
        return KL_LINE_TOO_LONG;
    if (n > 0 && p[n - 1] == '\r')
        n--;
    *line = p;
    *len = n;
    return KL_LINE_OK;
}

enum kl_line_status kl_line_reader_next(kl_line_reader *r, const char **line, size_t *len)
{
    r->line_len = 0;
    int too_long = 0;      /* once past the cap, bytes are counted and dropped */
    uint64_t seen = 0;
    for (;;) {
        if (r->pos == r->end && !refill(r)) {
            if (r->error[0])
                return KL_LINE_ERROR;
            if (seen == 0)
                return KL_LINE_EOF;
            /* A last line without a newline is still a line. */
            return finish(r, r->line, r->line_len, too_long, line, len);
        }
        const unsigned char *start = r->buf + r->pos;
        size_t avail = r->end - r->pos;
        const unsigned char *nl = memchr(start, '\n', avail);
        size_t take = nl ? (size_t)(nl - start) : avail;
        r->pos += take + (nl ? 1 : 0);
        seen += take;
        if (seen > r->max_line)
            too_long = 1;
        if (!nl) {
            if (!too_long)
                line_append(r, start, take);
            continue;
        }
        if (too_long)
            return finish(r, NULL, 0, 1, line, len);
        if (r->line_len == 0) /* the whole line is in the chunk: no copy */
            return finish(r, (const char *)start, take, 0, line, len);
        line_append(r, start, take);
        return finish(r, r->line, r->line_len, 0, line, len);
    }
}

void kl_line_reader_set_cancel(kl_line_reader *r, const volatile sig_atomic_t *flag)
{
    r->cancel = flag;
}

uint64_t kl_line_reader_lineno(const kl_line_reader *r)
{
    return r->lineno;
}

uint64_t kl_line_reader_offset(const kl_line_reader *r)
{
    return r->consumed;
}

uint64_t kl_line_reader_size(const kl_line_reader *r)
{
    return r->size;
}

const char *kl_line_reader_error(const kl_line_reader *r)
{
    return r->error;
}

void kl_line_reader_close(kl_line_reader *r)
{
    if (!r)
        return;
    if (r->gzip)
        inflateEnd(&r->zs);
    close(r->fd);
    free(r->line);
    free(r);
}
