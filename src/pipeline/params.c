/* params.c — a run's parameters: defaults from the table (run_options.h). */
#include <string.h>

#include "kleio/pipeline.h"
#include "kleio/run_options.h"

void kl_run_params_init(kl_run_params *p)
{
    memset(p, 0, sizeof *p);
#define INIT_INT(f, d) (f) = (d)
#define INIT_STR(f, d) (f) = NULL
#define INIT_FLAG(f, d) (f) = false
#define INIT(id, name, sh, kind, field, dflt, ...) INIT_##kind(p->field, dflt);
    KL_RUN_OPTIONS(INIT)
#undef INIT
#undef INIT_INT
#undef INIT_STR
#undef INIT_FLAG
}

bool kl_run_uses_model(const kl_run_params *p)
{
    return p->backend && strcmp(p->backend, "offline") != 0;
}
