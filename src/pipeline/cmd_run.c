/* cmd_run.c — placeholder until the run command lands; it refuses to pretend. */
#include "kleio/commands.h"
#include "kleio/log.h"

int cmd_run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    kl_error("run: not implemented yet");
    return 2;
}
