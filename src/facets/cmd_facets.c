/* cmd_facets.c — placeholder until the facets command lands; it refuses to pretend. */
#include "kleio/commands.h"
#include "kleio/log.h"

int cmd_facets(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    kl_error("facets: not implemented yet");
    return 2;
}
