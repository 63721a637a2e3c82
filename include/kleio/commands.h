/* commands.h — every subcommand's entry point. Each takes the arguments after its own
 * name (argv[0] is the command name) and returns the process exit status:
 *   0 success, 1 the work failed (or a target was missed), 2 bad usage or bad input,
 *   3 out of memory. Each command answers --help itself.
 * All live in src/cli/: each parses its options and calls a module's library function;
 * no module calls a cmd_*. */
#ifndef KLEIO_COMMANDS_H
#define KLEIO_COMMANDS_H

int cmd_browse(int argc, char **argv);
int cmd_tree(int argc, char **argv);
int cmd_synth(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_facets(int argc, char **argv);
int cmd_export(int argc, char **argv); /* dispatches the two below */
int cmd_export_facets(int argc, char **argv);
int cmd_export_assignments(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_prompts(int argc, char **argv);
int cmd_jobs(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_shard(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_assign(int argc, char **argv);

/* Where the bundled sample snapshot is looked for when `kleio` gets no argument. */
const char *kl_default_snapshot(void);

#endif
