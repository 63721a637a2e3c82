/* cmd_synth.c — placeholder until the synth command lands; it refuses to pretend. */
#include "kleio/commands.h"
#include "kleio/log.h"

int cmd_synth(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    kl_error("synth: not implemented yet");
    return 2;
}
