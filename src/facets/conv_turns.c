/* conv_turns.c — stored conversation JSON into facet-extractor turns (conv_turns.h). */
#include "conv_turns.h"

#include <stdlib.h>
#include <string.h>

#include "kleio/mem.h"

int kl_conv_turns_parse(const char *id, const char *raw, kl_conv_turns *t)
{
    memset(t, 0, sizeof *t);
    json_t *msgs = json_loads(raw, 0, NULL);
    if (!json_is_array(msgs)) {
        json_decref(msgs);
        return -1;
    }
    t->msgs = msgs;
    size_t n = json_array_size(msgs), nu = 0, na = 0;
    t->user = kl_calloc(n + 1, sizeof *t->user);
    t->assistant = kl_calloc(n + 1, sizeof *t->assistant);
    t->text = (kl_buf)KL_BUF_INIT;
    for (size_t k = 0; k < n; k++) {
        json_t *m = json_array_get(msgs, k);
        const char *role = json_string_value(json_object_get(m, "role"));
        const char *content = json_string_value(json_object_get(m, "content"));
        if (!role || !content)
            continue;
        if (strcmp(role, "user") == 0) {
            if (nu)
                kl_buf_puts(&t->text, "\n\n");
            kl_buf_puts(&t->text, content);
            t->user[nu++] = content;
        } else if (strcmp(role, "assistant") == 0) {
            t->assistant[na++] = content;
        }
    }
    t->conv = (kl_conv){id, t->user, nu, t->assistant, na, kl_buf_cstr(&t->text), t->text.len};
    return 0;
}

void kl_conv_turns_free(kl_conv_turns *t)
{
    json_decref(t->msgs);
    free(t->user);
    free(t->assistant);
    kl_buf_free(&t->text);
    memset(t, 0, sizeof *t);
}
