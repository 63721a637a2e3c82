/* commands.h — every subcommand's entry point. Each takes the arguments after its own
 * name (argv[0] is the command name) and returns the process exit status:
 *   0 success, 1 the work failed (or a target was missed), 2 bad usage or bad input,
 *   3 out of memory. Each command answers --help itself. */
#ifndef KLEIO_COMMANDS_H
#define KLEIO_COMMANDS_H

int cmd_browse(int argc, char **argv);            /* src/tui */
int cmd_tree(int argc, char **argv);              /* src/cli */
int cmd_synth(int argc, char **argv);             /* src/synth */
int cmd_ingest(int argc, char **argv);            /* src/ingest */
int cmd_facets(int argc, char **argv);            /* src/facets */
int cmd_export(int argc, char **argv);            /* src/cli: dispatches the two below */
int cmd_export_facets(int argc, char **argv);     /* src/facets */
int cmd_export_assignments(int argc, char **argv);/* src/pipeline */
int cmd_run(int argc, char **argv);               /* src/pipeline */
int cmd_validate(int argc, char **argv);          /* src/validate */
int cmd_jobs(int argc, char **argv);              /* src/jobs */
int cmd_diff(int argc, char **argv);              /* src/jobs */

/* Where the bundled sample snapshot is looked for when `kleio` gets no argument. */
const char *kl_default_snapshot(void);

#endif
