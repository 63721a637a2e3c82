/* job_log.c — reading the tail of a job's log for the jobs panel and `kleio jobs`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/buf.h"
#include "kleio/jobs.h"
#include "kleio/mem.h"
#include "kleio/utf8.h"

#define TAIL_BYTES 65536

void kl_job_log_tail(const kl_job *j, size_t max_lines, kl_buf *out)
{
    kl_buf_clear(out);
    FILE *f = j->log_path && *j->log_path ? fopen(j->log_path, "rb") : NULL;
    if (!f)
        return;
    long start = 0;
    if (fseek(f, 0, SEEK_END) == 0) {
        long size = ftell(f);
        start = size > TAIL_BYTES ? size - TAIL_BYTES : 0;
    }
    fseek(f, start, SEEK_SET);
    char *data = kl_malloc(TAIL_BYTES + 1);
    size_t got = fread(data, 1, TAIL_BYTES, f);
    fclose(f);
    data[got] = '\0';
    /* Split into lines (dropping the window's partial first line), keep the last ones. */
    char *p = data;
    if (start > 0) {
        char *nl = strchr(p, '\n');
        p = nl ? nl + 1 : p + got;
    }
    char **lines = NULL;
    size_t n = 0;
    for (char *line = strtok(p, "\n"); line; line = strtok(NULL, "\n")) {
        lines = kl_reallocarray(lines, n + 1, sizeof *lines);
        lines[n++] = line;
    }
    for (size_t i = n > max_lines ? n - max_lines : 0; i < n; i++) {
        /* Progress lines redraw with \r: what follows the last \r is what was seen. */
        char *cr = strrchr(lines[i], '\r');
        char *clean = kl_sanitize(cr ? cr + 1 : lines[i]);
        kl_buf_puts(out, clean);
        kl_buf_putc(out, '\n');
        free(clean);
    }
    free(lines);
    free(data);
}
