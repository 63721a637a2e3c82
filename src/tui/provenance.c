/* provenance.c — the lines of the detail pane that say where the snapshot's facets came
 * from (meta facet_sources) and which conversations it studies (meta screen). Pure. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "kleio/buf.h"
#include "kleio/tui_model.h"
#include "kleio/utf8.h"

char *kl_tui_facet_sources_text(const char *json, int64_t min_conversations)
{
    json_t *o = json ? json_loads(json, 0, NULL) : NULL;
    if (!json_is_object(o)) {
        json_decref(o);
        return NULL;
    }
    static const char *const field[] = {"language", "refusal", "concern", "task", "summary"};
    kl_buf b = KL_BUF_INIT;
    kl_buf_puts(&b, "by the model:");
    for (size_t k = 0; k < sizeof field / sizeof field[0]; k++) {
        json_t *f = json_object_get(o, field[k]);
        json_t *mj = json_object_get(f, "model"), *oj = json_object_get(f, "offline");
        if (!json_is_object(f))
            continue;
        kl_buf_printf(&b, "%s %s ", k ? "," : "", field[k]);
        if (json_is_integer(mj) && json_is_integer(oj)) {
            double m = (double)json_integer_value(mj), off = (double)json_integer_value(oj);
            if (m < 0 || off < 0 || m + off <= 0)
                kl_buf_puts(&b, "-");
            else if (off == 0)
                kl_buf_puts(&b, "all");
            else
                kl_buf_printf(&b, "%.1f%%", 100 * m / (m + off));
        } else {
            /* the smaller side is below the threshold: published as neither count */
            kl_buf_printf(&b, "one source <%lld", (long long)min_conversations);
        }
    }
    json_decref(o);
    char *s = kl_sanitize(kl_buf_cstr(&b));
    kl_buf_free(&b);
    return s;
}

char *kl_tui_screen_text(const char *screen, int64_t in, int64_t out)
{
    if (!screen || !*screen)
        return NULL;
    kl_buf b = KL_BUF_INIT;
    kl_buf_printf(&b, "%lld in, %lld out: %s", (long long)in, (long long)out, screen);
    char *s = kl_sanitize(kl_buf_cstr(&b));
    kl_buf_free(&b);
    return s;
}
