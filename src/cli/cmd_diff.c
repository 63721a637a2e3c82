/* cmd_diff.c — `kleio diff OLD NEW`: what changed between two snapshots. Reads the two
 * snapshots only; splits and merges come from the lineage that links them (diff.h), and
 * the output says so when there is none. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/commands.h"
#include "kleio/diff.h"
#include "kleio/log.h"
#include "kleio/snapshot.h"
#include "kleio/utf8.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kleio diff OLD.db NEW.db [--change FRACTION] [--format text|json]\n"
            "\n"
            "Lists clusters that are new, gone, grown, shrunk, split, merged or renamed, and\n"
            "refusal rates that moved beyond their 95%% intervals, between two snapshots.\n"
            "Cluster ids are kept across recomputes of one work database, so the same id\n"
            "means the same group of conversations. Splits and merges need consecutive\n"
            "snapshots (NEW's previous_snapshot_id is OLD's snapshot_id, or the reverse);\n"
            "swapping OLD and NEW mirrors the result.\n"
            "\n"
            "  -c, --change F   grown when NEW >= OLD x (1 + F) conversations, shrunk when\n"
            "                   OLD >= NEW x (1 + F) (default 0.2)\n"
            "  -f, --format F   text (default) or json\n");
}

/* One line of text per change, as `kleio diff` has always printed them. */
static void print_item(const kl_diff_item *it)
{
    char *shown = kl_sanitize_fit(it->name, 44, false);
    size_t w = kl_utf8_width(shown);
    printf("%-8s %6lld  %s%*s  %s\n", kl_diff_kind_names[it->kind], (long long)it->id, shown,
           (int)(w < 44 ? 44 - w : 0), "", it->detail);
    free(shown);
}

int cmd_diff(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"change", required_argument, NULL, 'c'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    double change = 0.2;
    int json = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:f:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': {
            char *end;
            change = strtod(optarg, &end);
            if (*end || !(change > 0 && change < 10)) {
                kl_error("diff: --change wants a fraction such as 0.2, not '%s'", optarg);
                return 2;
            }
            break;
        }
        case 'f':
            if (strcmp(optarg, "json") == 0) json = 1;
            else if (strcmp(optarg, "text") != 0) {
                kl_error("diff: unknown format '%s' (text, json)", optarg);
                return 2;
            }
            break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (argc - optind != 2) {
        usage(stderr);
        return 2;
    }
    char err[1024];
    kl_snapshot *old = kl_snapshot_open(argv[optind], err, sizeof err);
    if (!old) {
        fprintf(stderr, "kleio: %s\n", err);
        return KL_EXIT_BAD_SNAPSHOT;
    }
    kl_snapshot *new = kl_snapshot_open(argv[optind + 1], err, sizeof err);
    if (!new) {
        fprintf(stderr, "kleio: %s\n", err);
        kl_snapshot_close(old);
        return KL_EXIT_BAD_SNAPSHOT;
    }
    kl_diff d;
    int rc = 0;
    if (kl_diff_snapshots(old, new, change, &d) != 0) {
        kl_error("diff: cannot read the clusters");
        rc = 1;
        goto done;
    }
    if (json) {
        json_t *root = json_object(), *items = json_array();
        json_object_set_new(root, "old", json_string(argv[optind]));
        json_object_set_new(root, "new", json_string(argv[optind + 1]));
        json_t *summary = json_object();
        for (int k = 0; k < KL_DIFF_N; k++)
            json_object_set_new(summary, kl_diff_kind_names[k], json_integer((json_int_t)d.counts[k]));
        json_object_set_new(root, "summary", summary);
        json_object_set_new(root, "lineage", json_string(kl_diff_link_names[d.link]));
        const char *note = kl_diff_link_note(d.link);
        json_object_set_new(root, "note", note ? json_string(note) : json_null());
        for (size_t i = 0; i < d.n; i++) {
            json_t *o = json_object();
            json_object_set_new(o, "change", json_string(kl_diff_kind_names[d.items[i].kind]));
            json_object_set_new(o, "id", json_integer(d.items[i].id));
            json_object_set_new(o, "level", json_integer(d.items[i].level));
            json_object_set_new(o, "name", json_string(d.items[i].name));
            json_object_set_new(o, "detail", json_string(d.items[i].detail));
            json_array_append_new(items, o);
        }
        json_object_set_new(root, "changes", items);
        json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        putchar('\n');
        json_decref(root);
    } else {
        for (size_t i = 0; i < d.n; i++)
            print_item(&d.items[i]);
        const char *note = kl_diff_link_note(d.link);
        if (note)
            printf("note: %s\n", note);
        char line[256];
        kl_diff_summary(&d, line, sizeof line);
        printf("%s\n", line);
    }
    kl_diff_free(&d);
done:
    kl_snapshot_close(old);
    kl_snapshot_close(new);
    return rc;
}
