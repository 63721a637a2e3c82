/* cmd_export_assignments.c — placeholder until the export assignments command lands; it refuses to pretend. */
#include "kleio/commands.h"
#include "kleio/log.h"

int cmd_export_assignments(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    kl_error("export assignments: not implemented yet");
    return 2;
}
