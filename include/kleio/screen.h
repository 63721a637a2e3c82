/* screen.h — the screener of `kleio run` (kleio-run(1), SCREEN): which conversations a run
 * studies, chosen by a regular expression over the user turns (offline) or by a yes/no
 * question a model answers about each conversation. The verdicts are kept in the work
 * database (run_screen), keyed by the screen, so a rerun asks nothing again; screened-out
 * conversations stay in the work database and are left out of the run only.
 *
 * The question's prompt: kl_screen_system (overridable as the prompt file
 * screen_system.txt) and the user message of kl_screen_prompt; the answer is one JSON
 * object {"answer": "yes" | "no"} (kl_screen_schema). Pure functions here; the stage is
 * src/pipeline/screen.c. */
#ifndef KLEIO_SCREEN_H
#define KLEIO_SCREEN_H
#include <stdbool.h>
#include <stddef.h>

extern const char kl_screen_system[];
extern const char kl_screen_schema[];

/* The user turns of a stored conversation (the JSON array of {"role", "content"} that
 * ingest writes), each passed to fn until it returns true. Returns 1 when fn returned true,
 * 0 when it never did, -1 when raw is not such an array. */
int kl_screen_user_turns(const char *raw, bool (*fn)(const char *turn, void *arg), void *arg);

/* The question about one conversation: its transcript (user and assistant turns, cut at a
 * few thousand bytes) between tags with a nonce the transcript does not contain, then the
 * question between <question> tags. Caller frees; NULL when raw is unreadable. */
char *kl_screen_prompt(const char *raw, const char *question);

/* The answer: 1 yes, 0 no, -1 neither (an object whose "answer" is "yes" or "no", any
 * case; a bare yes or no word is accepted too). */
int kl_screen_parse(const char *answer);

#endif
