/* params.c — defaults of a run. */
#include <string.h>

#include "kleio/pipeline.h"

void kl_run_params_init(kl_run_params *p)
{
    memset(p, 0, sizeof *p);
    p->leaf_size = 100;
    p->levels = 3;
    p->top = 10;
    p->min_users = 25;
    p->min_conversations = 50;
    p->seed = 1;
    p->dim = 256;
    p->concurrency = 8;
    p->timeout = 120;
}

bool kl_run_uses_model(const kl_run_params *p)
{
    return p->backend && strcmp(p->backend, "offline") != 0;
}
