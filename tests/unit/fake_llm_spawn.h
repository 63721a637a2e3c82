/* fake_llm_spawn.h — starts tests/tools/fake_llm for a unit test and stops it.
 * The server is found through $KLEIO_BUILD (set by tests/run.sh); tests that need it
 * skip when it is absent. */
#ifndef KLEIO_TEST_FAKE_LLM_SPAWN_H
#define KLEIO_TEST_FAKE_LLM_SPAWN_H
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct fake_llm {
    pid_t pid;
    int port;
    char url[64];       /* http://127.0.0.1:PORT */
} fake_llm;

/* args: extra options, NULL-terminated. Returns 0, or -1 when the server is missing. */
static inline int fake_llm_start(fake_llm *f, const char *const *args)
{
    const char *build = getenv("KLEIO_BUILD");
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/tools/fake_llm", build ? build : "build");
    if (access(path, X_OK) != 0)
        return -1;
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    const char *argv[32] = {path};
    int n = 1;
    for (; args && args[n - 1] && n < 31; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    f->pid = fork();
    if (f->pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execv(path, (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    char line[32] = "";
    ssize_t got = 0, r;
    while (got < (ssize_t)sizeof line - 1 && (r = read(fds[0], line + got, 1)) == 1 && line[got] != '\n')
        got++;
    line[got] = 0;
    close(fds[0]);
    f->port = atoi(line);
    snprintf(f->url, sizeof f->url, "http://127.0.0.1:%d", f->port);
    return f->port > 0 ? 0 : -1;
}

static inline void fake_llm_stop(fake_llm *f)
{
    if (f->pid > 0) {
        kill(f->pid, SIGTERM);
        waitpid(f->pid, NULL, 0);
        f->pid = 0;
    }
}

#endif
