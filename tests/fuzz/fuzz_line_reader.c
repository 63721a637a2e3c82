/* fuzz_line_reader.c — libFuzzer target: a file (plain or gzip, any number of members,
 * damaged or not) through the ingest line reader with a small line cap. No line it
 * returns may exceed the cap or hold a newline, and reading must end. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kleio/ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int fd = -1;
    if (fd < 0 && (fd = memfd_create("fuzz-lines", 0)) < 0)
        abort();
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    char path[64], err[256];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    size_t cap = size > 0 ? 1 + data[0] % 64 : 16;
    kl_line_reader *r = kl_line_reader_open(path, cap, err, sizeof err);
    if (!r)
        return 0;
    const char *line;
    size_t len;
    enum kl_line_status st;
    uint64_t n = 0;
    while ((st = kl_line_reader_next(r, &line, &len)) == KL_LINE_OK || st == KL_LINE_TOO_LONG) {
        if (st == KL_LINE_OK && (len > cap || memchr(line, '\n', len)))
            abort();
        if (++n > 64 * (uint64_t)size + 1024)  /* more lines than gzip could hold: a loop */
            abort();
    }
    if (st == KL_LINE_ERROR && kl_line_reader_error(r)[0] == '\0')
        abort();
    kl_line_reader_close(r);
    return 0;
}
