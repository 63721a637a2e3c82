/* cmd_jobs.c — placeholder until the jobs command lands; it refuses to pretend. */
#include "kleio/commands.h"
#include "kleio/log.h"

int cmd_jobs(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    kl_error("jobs: not implemented yet");
    return 2;
}
