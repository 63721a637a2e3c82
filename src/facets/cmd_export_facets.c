/* cmd_export_facets.c — placeholder until the export facets command lands; it refuses to pretend. */
#include "kleio/commands.h"
#include "kleio/log.h"

int cmd_export_facets(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    kl_error("export facets: not implemented yet");
    return 2;
}
