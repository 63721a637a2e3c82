/* config.c — reading the explorer's config file. */
#include "kleio/tui_config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/kvfile.h"
#include "kleio/mem.h"
#include "kleio/utf8.h"

/* A configuration file is a few dozen lines: a larger one is refused, not cut. */
#define CONFIG_FILE_MAX (1024 * 1024)

const char *const kl_tui_overlay_names[KL_OVERLAY_N] = {"refusal", "concern", "language",
                                                        "growth", "facet"};
const char *const kl_tui_publish_names[KL_PUBLISH_N] = {"ask", "switch", "ignore"};
const char *const kl_tui_show_names[KL_SHOW_N] = {"flagged", "over", "under", "all"};

void kl_tui_config_default(kl_tui_config *c)
{
    memset(c, 0, sizeof *c);
    for (int i = 0; i < KL_COL_N; i++)
        c->columns[i] = i;
    c->n_columns = KL_COL_N;
    c->sort_col = KL_COL_CONV;
    c->show_map = true;
    c->overlay = KL_OVERLAY_REFUSAL;
    c->outliers_fdr = 0.05;
    c->outliers_min_size = 0;
    c->outliers_show = KL_SHOW_FLAGGED;
}

static int parse_bool(const char *v, bool *out)
{
    if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "on") || !strcmp(v, "1"))
        *out = true;
    else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "off") || !strcmp(v, "0"))
        *out = false;
    else
        return -1;
    return 0;
}

static void bad(kl_buf *errs, const char *file, int line, const char *cause, const char *word)
{
    char *safe = kl_sanitize_fit(word, 40, false);
    kl_buf_printf(errs, "%s:%d: %s%s%s\n", file, line, cause, *safe ? " " : "", safe);
    free(safe);
}

static int apply(void *ctx, const char *key, char *val, const char *file, int no,
                 kl_buf *errs)
{
    kl_tui_config *c = ctx;
    if (!strcmp(key, "columns")) {
        int cols[KL_COL_N];
        char err[160];
        int n = kl_tui_columns_parse(val, cols, err, sizeof err);
        if (n < 0) {
            bad(errs, file, no, err, "");
            return 1;
        }
        memcpy(c->columns, cols, sizeof cols);
        c->n_columns = n;
    } else if (!strcmp(key, "theme")) {
        snprintf(c->theme, sizeof c->theme, "%s", val);
    } else if (!strcmp(key, "sort")) {
        int col = kl_tui_column_find(val);
        if (col < 0) {
            bad(errs, file, no, "unknown sort column", val);
            return 1;
        }
        c->sort_col = col;
    } else if (!strcmp(key, "reverse") || !strcmp(key, "map") || !strcmp(key, "mouse")) {
        bool b;
        if (parse_bool(val, &b) != 0) {
            bad(errs, file, no, "expected yes or no, not", val);
            return 1;
        }
        if (key[0] == 'r')
            c->sort_reverse = b;
        else if (key[1] == 'a')
            c->show_map = b;
        else
            c->mouse = b;
    } else if (!strcmp(key, "empty")) {
        if (strcmp(val, "dim") && strcmp(val, "hide")) {
            bad(errs, file, no, "empty must be dim or hide, not", val);
            return 1;
        }
        c->hide_empty = val[0] == 'h';
    } else if (!strcmp(key, "overlay")) {
        int o = -1;
        for (int i = 0; i < KL_OVERLAY_N; i++)
            if (!strcmp(val, kl_tui_overlay_names[i]))
                o = i;
        if (o < 0) {
            bad(errs, file, no, "unknown overlay (refusal, concern, language, growth):", val);
            return 1;
        }
        c->overlay = o;
    } else if (!strcmp(key, "on_publish")) {
        int o = -1;
        for (int i = 0; i < KL_PUBLISH_N; i++)
            if (!strcmp(val, kl_tui_publish_names[i]))
                o = i;
        if (o < 0) {
            bad(errs, file, no, "on_publish must be ask, switch or ignore, not", val);
            return 1;
        }
        c->on_publish = o;
    } else if (!strcmp(key, "outliers_fdr")) {
        char *end;
        errno = 0;
        double q = strtod(val, &end);
        if (errno || end == val || *end || !(q > 0 && q < 1)) {
            bad(errs, file, no, "outliers_fdr must be a number between 0 and 1, not", val);
            return 1;
        }
        c->outliers_fdr = q;
    } else if (!strcmp(key, "outliers_min_size")) {
        char *end;
        errno = 0;
        long long v = strtoll(val, &end, 10);
        if (errno || end == val || *end || v < 0) {
            bad(errs, file, no, "outliers_min_size must be a count of conversations, not", val);
            return 1;
        }
        c->outliers_min_size = v;
    } else if (!strcmp(key, "outliers_show")) {
        int o = -1;
        for (int i = 0; i < KL_SHOW_N; i++)
            if (!strcmp(val, kl_tui_show_names[i]))
                o = i;
        if (o < 0) {
            bad(errs, file, no, "outliers_show must be flagged, over, under or all, not", val);
            return 1;
        }
        c->outliers_show = o;
    } else {
        bad(errs, file, no, "unknown key", key);
        return 1;
    }
    return 0;
}

int kl_tui_config_parse(kl_tui_config *c, const char *text, const char *file, kl_buf *errs)
{
    return kl_kv_parse(text, file, apply, c, errs);
}

void kl_tui_config_path(char *out, size_t n)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    if (xdg && *xdg)
        snprintf(out, n, "%s/kleio/config", xdg);
    else
        snprintf(out, n, "%s/.config/kleio/config", home && *home ? home : ".");
}

int kl_tui_config_load(kl_tui_config *c, kl_buf *errs)
{
    char path[4096];
    kl_tui_config_path(path, sizeof path);
    kl_buf text = KL_BUF_INIT, why = KL_BUF_INIT;
    if (kl_kv_read(path, CONFIG_FILE_MAX, &text, &why) != 0) {
        int missing = errno == ENOENT;   /* no configuration: the defaults */
        if (!missing)
            kl_buf_puts(errs, kl_buf_cstr(&why));
        kl_buf_free(&why);
        kl_buf_free(&text);
        return missing ? 0 : 1;
    }
    int nbad = kl_tui_config_parse(c, kl_buf_cstr(&text), path, errs);
    kl_buf_free(&text);
    return nbad;
}
