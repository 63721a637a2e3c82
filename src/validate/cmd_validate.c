/* cmd_validate.c — placeholder until the validate command lands; it refuses to pretend. */
#include "kleio/commands.h"
#include "kleio/log.h"

int cmd_validate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    kl_error("validate: not implemented yet");
    return 2;
}
