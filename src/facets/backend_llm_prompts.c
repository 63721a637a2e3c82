/* backend_llm_prompts.c — the instructions sent to a model, each with a file name, so that
 * a user can read them (kleio prompts --dump DIR) and run with their own (--prompts DIR). */
#include <errno.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kleio/buf.h"
#include "kleio/facets_llm.h"
#include "kleio/mem.h"
#include "kleio/hier_model.h"
#include "kleio/kvfile.h"
#include "kleio/name_model.h"
#include "kleio/screen.h"

#define PROMPT_MAX (64 * 1024)

static struct {
    const char *file;
    const char *dflt;
    char *override;
} prompts[KL_PROMPT_COUNT] = {
    [KL_PROMPT_FACETS_SYSTEM] = {"facets_system.txt", kl_facets_llm_system, NULL},
    [KL_PROMPT_FACETS_QUESTIONS] = {"facets_questions.txt", kl_facets_llm_questions, NULL},
    [KL_PROMPT_NAME_SYSTEM] = {"name_system.txt", kl_name_model_system, NULL},
    [KL_PROMPT_AUDIT_SYSTEM] = {"audit_system.txt", kl_name_audit_system, NULL},
    [KL_PROMPT_HIER_PROPOSE_SYSTEM] = {"hierarchy_propose_system.txt", kl_hier_propose_system, NULL},
    [KL_PROMPT_HIER_DEDUP_SYSTEM] = {"hierarchy_dedup_system.txt", kl_hier_dedup_system, NULL},
    [KL_PROMPT_HIER_ASSIGN_SYSTEM] = {"hierarchy_assign_system.txt", kl_hier_assign_system, NULL},
    [KL_PROMPT_SCREEN_SYSTEM] = {"screen_system.txt", kl_screen_system, NULL},
};

const char *kl_prompt(enum kl_prompt_id id)
{
    return prompts[id].override ? prompts[id].override : prompts[id].dflt;
}

int kl_prompts_dump(const char *dir, char *err, size_t errlen)
{
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return -1;
    }
    for (int k = 0; k < KL_PROMPT_COUNT; k++) {
        kl_buf p = KL_BUF_INIT;
        kl_buf_printf(&p, "%s/%s", dir, prompts[k].file);
        FILE *f = fopen(kl_buf_cstr(&p), "w");
        bool ok = f && fputs(prompts[k].dflt, f) >= 0 && fputc('\n', f) != EOF;
        if (f && fclose(f) != 0)
            ok = false;
        if (!ok) {
            snprintf(err, errlen, "%s: %s", kl_buf_cstr(&p), strerror(errno));
            kl_buf_free(&p);
            return -1;
        }
        kl_buf_free(&p);
    }
    return 0;
}

/* One file into a string without its final newline; NULL with err on failure. */
static char *read_prompt(const char *path, char *err, size_t errlen)
{
    kl_buf b = KL_BUF_INIT, why = KL_BUF_INIT;
    if (kl_kv_read(path, PROMPT_MAX, &b, &why) != 0 || b.len == 0) {
        if (why.len == 0)
            kl_buf_printf(&why, "%s: empty prompt\n", path);
        snprintf(err, errlen, "%.*s", (int)(why.len - 1), kl_buf_cstr(&why));   /* less the newline */
        kl_buf_free(&why);
        kl_buf_free(&b);
        return NULL;
    }
    kl_buf_free(&why);
    while (b.len && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == '\r'))
        b.data[--b.len] = 0;
    return kl_buf_steal(&b);
}

int kl_prompts_load(const char *dir, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return -1;
    }
    int rc = 0, found = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        int k = 0;
        while (k < KL_PROMPT_COUNT && strcmp(prompts[k].file, e->d_name) != 0)
            k++;
        if (k == KL_PROMPT_COUNT) {
            /* A misspelt name would silently keep the default: refuse it. */
            snprintf(err, errlen, "%s/%s: not a prompt file (kleio prompts --dump lists them)", dir,
                     e->d_name);
            rc = -1;
            break;
        }
        kl_buf p = KL_BUF_INIT;
        kl_buf_printf(&p, "%s/%s", dir, e->d_name);
        char *text = read_prompt(kl_buf_cstr(&p), err, errlen);
        kl_buf_free(&p);
        if (!text) {
            rc = -1;
            break;
        }
        free(prompts[k].override);
        prompts[k].override = text;
        found++;
    }
    closedir(d);
    if (rc == 0 && !found) {
        snprintf(err, errlen, "%s: no prompt files in it (kleio prompts --dump DIR writes them)", dir);
        rc = -1;
    }
    return rc;
}

void kl_prompts_reset(void)
{
    for (int k = 0; k < KL_PROMPT_COUNT; k++) {
        free(prompts[k].override);
        prompts[k].override = NULL;
    }
}
