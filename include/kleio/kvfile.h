/* kvfile.h — the `key = value` text format of the explorer's configuration and theme files
 * and of the custom facets' file, and the reader that loads such a small text file.
 * One setting per line; blank lines and lines starting with '#' or ';' are comments;
 * spaces around key and value are dropped, and a value in matching quotes loses them. */
#ifndef KLEIO_KVFILE_H
#define KLEIO_KVFILE_H

#include "kleio/buf.h"

/* Applies one setting (value is a scratch copy it may cut up); returns 0, or 1 after
 * appending "FILE:LINE: cause" to errs. */
typedef int (*kl_kv_apply)(void *ctx, const char *key, char *value, const char *file,
                           int line, kl_buf *errs);

/* Calls apply for every setting of text (named file in messages); a line without '='
 * is reported to errs. Returns the number of bad lines. */
int kl_kv_parse(const char *text, const char *file, kl_kv_apply apply, void *ctx, kl_buf *errs);

/* Appends the whole of the file path to text. Returns 0, or -1 after appending "PATH: cause"
 * and a newline to errs: it cannot be opened (errno then says why), a read failed, it is
 * longer than max bytes, or it holds a NUL byte (text would end there). */
int kl_kv_read(const char *path, size_t max, kl_buf *text, kl_buf *errs);

#endif
