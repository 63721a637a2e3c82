/* cmd_browse.c — placeholder until the browse command lands; it refuses to pretend. */
#include "kleio/commands.h"
#include "kleio/log.h"

int cmd_browse(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    kl_error("browse: not implemented yet");
    return 2;
}
