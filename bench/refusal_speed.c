/* refusal_speed.c — CPU cost of the refusal and concern facets alone:
 *   refusal_speed FILE.jsonl[.gz] [REPEATS]
 * Reads the conversations (kleio's input format; content as a string), then times
 * kl_refusal_classify on the assistant turns and kl_concern_assess on the joined user
 * turns of every conversation, REPEATS times (default 3), in CPU seconds of this process,
 * so that other load on a shared machine does not count. Prints conversations per CPU
 * second for each, to compare with the whole `kleio facets` stage. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "kleio/concern.h"
#include "kleio/refusal.h"

#define MAX_TURNS 16

struct conv {
    char *user;
    char *assistant[MAX_TURNS];
    size_t n_assistant;
};

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *gz_line(gzFile g, char **buf, size_t *cap)
{
    size_t len = 0;
    for (;;) {
        if (*cap - len < 2)
            *buf = realloc(*buf, *cap = *cap * 2 + 4096);
        if (!gzgets(g, *buf + len, (int)(*cap - len)))
            return len ? *buf : NULL;
        len += strlen(*buf + len);
        if (len && (*buf)[len - 1] == '\n')
            return *buf;
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: refusal_speed FILE.jsonl[.gz] [REPEATS]\n");
        return 2;
    }
    int repeats = argc > 2 ? atoi(argv[2]) : 3;
    gzFile g = gzopen(argv[1], "rb"); /* reads plain files too */
    if (!g) {
        perror(argv[1]);
        return 1;
    }
    size_t n = 0, cap = 1024;
    struct conv *v = calloc(cap, sizeof *v);
    char *buf = NULL;
    size_t bcap = 0;
    while (gz_line(g, &buf, &bcap)) {
        json_t *o = json_loads(buf, 0, NULL);
        if (!o)
            continue;
        if (n == cap)
            v = realloc(v, (cap *= 2) * sizeof *v);
        struct conv *c = &v[n++];
        memset(c, 0, sizeof *c);
        size_t ulen = 0, i;
        json_t *m;
        json_array_foreach(json_object_get(o, "messages"), i, m) {
            const char *role = json_string_value(json_object_get(m, "role"));
            const char *t = json_string_value(json_object_get(m, "content"));
            if (!role || !t)
                continue;
            if (!strcmp(role, "assistant") && c->n_assistant < MAX_TURNS) {
                c->assistant[c->n_assistant++] = strdup(t);
            } else if (!strcmp(role, "user")) {
                size_t l = strlen(t);
                c->user = realloc(c->user, ulen + l + 2);
                if (ulen)
                    c->user[ulen++] = '\n';
                memcpy(c->user + ulen, t, l + 1);
                ulen += l;
            }
        }
        json_decref(o);
    }
    free(buf);
    gzclose(g);
    double t_ref = 0, t_con = 0;
    unsigned long sink = 0;
    for (int r = 0; r < repeats; r++) {
        double t0 = cpu_now();
        for (size_t k = 0; k < n; k++)
            sink += (unsigned long)kl_refusal_classify((const char *const *)v[k].assistant,
                                                       v[k].n_assistant, NULL);
        double t1 = cpu_now();
        for (size_t k = 0; k < n; k++) {
            kl_concern c;
            const char *u = v[k].user ? v[k].user : "";
            kl_concern_assess(u, strlen(u), &c);
            sink += (unsigned long)c.score;
        }
        double t2 = cpu_now();
        t_ref += t1 - t0;
        t_con += t2 - t1;
    }
    double total = (double)n * repeats;
    printf("%zu conversations x %d: refusal %.0f conv/CPU-s (%.1f us each), concern %.0f "
           "conv/CPU-s (%.1f us each)  [%lu]\n",
           n, repeats, total / t_ref, 1e6 * t_ref / total, total / t_con, 1e6 * t_con / total,
           sink);
    for (size_t k = 0; k < n; k++) {
        free(v[k].user);
        for (size_t t = 0; t < v[k].n_assistant; t++)
            free(v[k].assistant[t]);
    }
    free(v);
    return 0;
}
