/* line_reader.c — lines of a plain or gzip file (zlib's transparent mode recognises the
 * gzip magic bytes itself), or of standard input, in bounded memory: a line longer than
 * the cap is skipped to its newline without being held. */
#include "kleio/ingest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "kleio/mem.h"

enum { CHUNK = 1 << 16 };

struct kl_line_reader {
    gzFile gz;
    size_t max_line;
    unsigned char chunk[CHUNK];
    size_t pos, end;          /* unread bytes are chunk[pos..end) */
    char *line;               /* assembly buffer for lines that cross chunks */
    size_t line_len, line_cap;
    uint64_t lineno;
    uint64_t size;
    int eof;
    char error[256];
};

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
    gzFile gz = gzdopen(fd, "rb");
    if (!gz) {
        snprintf(err, errlen, "%s: cannot open for reading", path);
        close(fd);
        return NULL;
    }
    gzbuffer(gz, 1 << 17);
    kl_line_reader *r = kl_calloc(1, sizeof *r);
    r->gz = gz;
    r->max_line = max_line;
    r->size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
    return r;
}

/* Refills the chunk; returns 0 at end of input or on error (r->error set). */
static int refill(kl_line_reader *r)
{
    if (r->eof)
        return 0;
    int n = gzread(r->gz, r->chunk, CHUNK);
    if (n > 0) {
        /* The byte-order mark some editors put first is not part of any line. */
        if (r->lineno == 0 && r->pos == 0 && r->end == 0 && n >= 3 && r->chunk[0] == 0xEF &&
            r->chunk[1] == 0xBB && r->chunk[2] == 0xBF) {
            r->pos = 3;
        } else {
            r->pos = 0;
        }
        r->end = (size_t)n;
        return 1;
    }
    r->eof = 1;
    int errnum = Z_OK;
    const char *msg = gzerror(r->gz, &errnum);
    if (n < 0 || errnum != Z_OK) {
        if (errnum == Z_ERRNO)
            snprintf(r->error, sizeof r->error, "%s", strerror(errno));
        else if (errnum == Z_BUF_ERROR)
            snprintf(r->error, sizeof r->error, "truncated gzip data");
        else
            snprintf(r->error, sizeof r->error, "corrupt gzip data (%s)", msg ? msg : "?");
    }
    return 0;
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
        unsigned char *start = r->chunk + r->pos;
        size_t avail = r->end - r->pos;
        unsigned char *nl = memchr(start, '\n', avail);
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

uint64_t kl_line_reader_lineno(const kl_line_reader *r)
{
    return r->lineno;
}

uint64_t kl_line_reader_offset(const kl_line_reader *r)
{
    z_off_t off = gzoffset(r->gz);
    return off > 0 ? (uint64_t)off : 0;
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
    gzclose_r(r->gz);
    free(r->line);
    free(r);
}
