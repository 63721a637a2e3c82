/* run_options.c — the table of `kleio run`'s parameters (run_options.h) and what is made
 * from it alone: value checks, the --help list and the man page's OPTIONS section. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/numbers.h"
#include "kleio/run_options.h"

/* The dialog column as three members: use, label, text of an empty field. */
#define KL_RUN_DIALOG_COLUMN_EDIT(label, empty) KL_RUN_DIALOG_EDIT, label, empty
#define KL_RUN_DIALOG_COLUMN_KEEP KL_RUN_DIALOG_KEEP, NULL, NULL
#define KL_RUN_DIALOG_COLUMN_NO KL_RUN_DIALOG_NO, NULL, NULL

const kl_run_option kl_run_options[KL_RUN_OPT_COUNT] = {
#define KL_RUN_OPTION_ROW(id, name, sh, kind, field, dflt, lo, hi, meta, dialog, metavar, help)  \
    [KL_RUN_OPT_##id] = {name, sh, #field, KL_RUN_KIND_##kind, dflt, lo, hi, KL_RUN_META_##meta,  \
                         KL_RUN_DIALOG_COLUMN_##dialog, metavar, help},
    KL_RUN_OPTIONS(KL_RUN_OPTION_ROW)
#undef KL_RUN_OPTION_ROW
};

const kl_run_option *kl_run_option_find(const char *name)
{
    for (size_t i = 0; i < KL_RUN_OPT_COUNT; i++)
        if (strcmp(kl_run_options[i].name, name) == 0)
            return &kl_run_options[i];
    return NULL;
}

int kl_run_option_int(const kl_run_option *o, const char *arg, int64_t *out, char *err, size_t n)
{
    if (kl_parse_i64(arg, o->min, o->max, out) != 0) {
        if (o->max == KL_RUN_MAX)
            snprintf(err, n, "--%s wants an integer >= %" PRId64 ", not '%s'", o->name, o->min, arg);
        else
            snprintf(err, n, "--%s must be between %" PRId64 " and %" PRId64 ", not '%s'", o->name,
                     o->min, o->max, arg);
        return -1;
    }
    return 0;
}

/* The help sentence, with the default of an INT option. */
static void help_text(const kl_run_option *o, char *buf, size_t n)
{
    if (o->kind == KL_RUN_KIND_INT && o->dflt && o->max != KL_RUN_MAX)
        snprintf(buf, n, "%s (default %" PRId64 ", at most %" PRId64 ")", o->help, o->dflt, o->max);
    else if (o->kind == KL_RUN_KIND_INT && o->dflt)
        snprintf(buf, n, "%s (default %" PRId64 ")", o->help, o->dflt);
    else
        snprintf(buf, n, "%s", o->help);
}

#define HELP_COLUMN 28
#define HELP_WIDTH 80

void kl_run_options_help(FILE *out)
{
    for (size_t i = 0; i < KL_RUN_OPT_COUNT; i++) {
        const kl_run_option *o = &kl_run_options[i];
        char head[64], text[512];
        if (o->short_name)
            snprintf(head, sizeof head, "  -%c, --%s%s%s", o->short_name, o->name,
                     o->metavar ? " " : "", o->metavar ? o->metavar : "");
        else
            snprintf(head, sizeof head, "      --%s%s%s", o->name, o->metavar ? " " : "",
                     o->metavar ? o->metavar : "");
        help_text(o, text, sizeof text);
        int col = fprintf(out, "%s", head);
        if (col >= HELP_COLUMN) {
            fputc('\n', out);
            col = 0;
        }
        /* Words up to the width, continuation lines under the first. */
        const char *p = text;
        while (*p) {
            fprintf(out, "%*s", HELP_COLUMN - col, "");
            int room = HELP_WIDTH - HELP_COLUMN, len = 0, fit = 0;
            while (p[len] && len <= room) {
                if (p[len] == ' ')
                    fit = len;
                len++;
            }
            if (!p[len] && len <= room)
                fit = len;
            if (fit == 0)
                fit = len;
            fprintf(out, "%.*s\n", fit, p);
            p += fit;
            while (*p == ' ')
                p++;
            col = 0;
        }
        if (!*text)
            fputc('\n', out);
    }
}

/* mdoc text: a line starting with '.' or '\'' would be read as a request. */
static void mdoc_text(FILE *out, const char *s)
{
    if (*s == '.' || *s == '\'')
        fputs("\\&", out);
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\e", out);
        else
            fputc(*s, out);
    }
    fputc('\n', out);
}

void kl_run_options_mdoc(FILE *out)
{
    fputs(".Sh OPTIONS\n"
          "Generated from the table of run parameters by\n"
          ".Nm kleio Cm run Fl \\-options-mdoc .\n"
          ".Bl -tag -width Ds\n", out);
    for (size_t i = 0; i < KL_RUN_OPT_COUNT; i++) {
        const kl_run_option *o = &kl_run_options[i];
        fputs(".It ", out);
        if (o->short_name)
            fprintf(out, "Fl %c , ", o->short_name);
        fprintf(out, "Fl \\-%s", o->name);
        if (o->metavar)
            fprintf(out, " Ar %s", o->metavar);
        fputc('\n', out);
        char text[512];
        help_text(o, text, sizeof text);
        if (o->kind == KL_RUN_KIND_INT && o->min > 0 && o->max == KL_RUN_MAX) {
            size_t len = strlen(text);
            snprintf(text + len, sizeof text - len, "; at least %" PRId64, o->min);
        }
        size_t len = strlen(text);
        snprintf(text + len, sizeof text - len, ".");
        mdoc_text(out, text);
    }
    fputs(".El\n", out);
}
