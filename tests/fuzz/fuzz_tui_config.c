/* fuzz_tui_config.c — libFuzzer target: a theme file and a config file, as people hand
 * them around, through kl_theme_parse and kl_tui_config_parse. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/buf.h"
#include "kleio/tui_config.h"
#include "kleio/tui_theme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    kl_buf errs = KL_BUF_INIT;
    kl_theme th;
    kl_theme_default(&th);
    (void)kl_theme_parse(&th, s, "fuzz.theme", &errs);
    kl_buf_free(&errs);
    kl_tui_config c;
    kl_tui_config_default(&c);
    (void)kl_tui_config_parse(&c, s, "fuzz.conf", &errs);
    if (c.n_columns < 0 || c.n_columns > KL_COL_N || !memchr(c.theme, '\0', sizeof c.theme))
        abort();
    for (int i = 0; i < c.n_columns; i++)
        if (c.columns[i] < 0 || c.columns[i] >= KL_COL_N)
            abort();
    kl_buf_free(&errs);
    free(s);
    return 0;
}
