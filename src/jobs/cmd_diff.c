/* cmd_diff.c — placeholder until the diff command lands; it refuses to pretend. */
#include "kleio/commands.h"
#include "kleio/log.h"

int cmd_diff(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    kl_error("diff: not implemented yet");
    return 2;
}
