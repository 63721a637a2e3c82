/* cmd_prompts.c — `kleio prompts --dump DIR`: the instructions sent to a model, as files
 * to read and to edit for `kleio run --prompts DIR`. */
#include <stdio.h>
#include <string.h>

#include "kleio/commands.h"
#include "kleio/facets_llm.h"
#include "kleio/log.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: kleio prompts --dump DIR\n"
                 "       kleio prompts --check DIR\n"
                 "\n"
                 "--dump writes the prompts a model backend sends (facets_system.txt,\n"
                 "facets_questions.txt, name_system.txt, audit_system.txt,\n"
                 "hierarchy_propose_system.txt, hierarchy_dedup_system.txt,\n"
                 "hierarchy_assign_system.txt) into DIR; edit\n"
                 "them and run with kleio run --prompts DIR. --check reads DIR as a run\n"
                 "would and says whether it is usable. See kleio-backends(7).\n");
}

int cmd_prompts(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        usage(stdout);
        return 0;
    }
    if (argc != 3 || (strcmp(argv[1], "--dump") != 0 && strcmp(argv[1], "--check") != 0)) {
        usage(stderr);
        return 2;
    }
    char err[512];
    if (strcmp(argv[1], "--dump") == 0) {
        if (kl_prompts_dump(argv[2], err, sizeof err) != 0) {
            kl_error("prompts: %s", err);
            return 1;
        }
        return 0;
    }
    int rc = kl_prompts_load(argv[2], err, sizeof err);
    kl_prompts_reset();
    if (rc != 0) {
        kl_error("prompts: %s", err);
        return 1;
    }
    return 0;
}
