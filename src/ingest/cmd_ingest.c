/* cmd_ingest.c — placeholder until the ingest command lands; it refuses to pretend. */
#include "kleio/commands.h"
#include "kleio/log.h"

int cmd_ingest(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    kl_error("ingest: not implemented yet");
    return 2;
}
