/* facets_offline.c — the offline backend: every facet from local code and data. */
#include <string.h>

#include "kleio/concern.h"
#include "kleio/facets.h"
#include "kleio/langid.h"
#include "kleio/refusal.h"
#include "kleio/summary.h"

static int offline_language(void *ctx, const kl_conv *c, kl_facet_row *row)
{
    (void)ctx;
    kl_lang_guess g;
    kl_langid_detect_turns(c->user, c->n_user, &g);
    memcpy(row->lang, g.code, sizeof row->lang);
    row->lang[sizeof row->lang - 1] = 0;
    row->lang_name = g.name ? g.name : "Undetermined";
    return 0;
}

static int offline_refused(void *ctx, const kl_conv *c, kl_facet_row *row)
{
    (void)ctx;
    const char *lang = strcmp(row->lang, "und") != 0 && row->lang[0] ? row->lang : NULL;
    row->refused = kl_refusal_classify(c->assistant, c->n_assistant, lang);
    return 0;
}

static int offline_concern(void *ctx, const kl_conv *c, kl_facet_row *row)
{
    (void)ctx;
    kl_concern k;
    kl_concern_assess(c->user_text, c->user_len, &k);
    row->concern = k.score;
    return 0;
}

static int offline_task(void *ctx, const kl_conv *c, kl_facet_row *row)
{
    (void)ctx;
    row->task = kl_task_classify(c->user_text, c->user_len);
    return 0;
}

static int offline_summary(void *ctx, const kl_conv *c, kl_facet_row *row)
{
    (void)ctx;
    row->summary = kl_summary(c->user, c->n_user);
    return 0;
}

static const kl_facets_backend offline = {
    .name = "offline",
    .model = "",
    .ctx = NULL,
    .language = offline_language,
    .refused = offline_refused,
    .concern = offline_concern,
    .task = offline_task,
    .summary = offline_summary,
};

const kl_facets_backend *kl_facets_offline(void)
{
    return kl_langid_init() == 0 ? &offline : NULL;
}
