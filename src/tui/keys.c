/* keys.c — the key table, its lookup and its manual page form. */
#include "kleio/tui_keys.h"

#include <string.h>

const kl_tui_key kl_tui_keys[] = {
#define X(ctx, act, label, help, k1, k2, k3, k4) \
    {KL_CTX_##ctx, KL_ACT_##act, label, help, {k1, k2, k3, k4}},
    KL_TUI_KEYS(X)
#undef X
};
const size_t kl_tui_n_keys = sizeof kl_tui_keys / sizeof kl_tui_keys[0];

const char *const kl_tui_context_titles[KL_CTX_N] = {
#define X(ctx, title) [KL_CTX_##ctx] = title,
    KL_TUI_CONTEXTS(X)
#undef X
};

static int find_in(int context, int key)
{
    for (size_t i = 0; i < kl_tui_n_keys; i++) {
        if (kl_tui_keys[i].context != context)
            continue;
        for (int k = 0; k < 4; k++)
            if (kl_tui_keys[i].codes[k] && kl_tui_keys[i].codes[k] == key)
                return kl_tui_keys[i].action;
    }
    return KL_ACT_NONE;
}

int kl_tui_key_action(int context, bool list, int key)
{
    if (key == '\r')
        key = '\n';
    if (key == 8)
        key = KEY_BACKSPACE;
    int a = find_in(context, key);
    /* The browse pane also takes the map's keys. */
    if (a == KL_ACT_NONE && context == KL_CTX_BROWSE)
        a = find_in(KL_CTX_MAP, key);
    if (a == KL_ACT_NONE && list)
        a = find_in(KL_CTX_LIST, key);
    if (a == KL_ACT_NONE)
        a = find_in(KL_CTX_GLOBAL, key);
    return a;
}

/* Key labels are plain text; in mdoc a hyphen is written \- (a minus sign). */
static void mdoc_escaped(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '-' || *s == '\\')
            fputc('\\', out);
        fputc(*s == '\\' ? 'e' : *s, out);
    }
}

void kl_tui_keys_mdoc(FILE *out)
{
    fputs(".Sh KEYS\n", out);
    for (int c = 0; c < KL_CTX_N; c++) {
        fprintf(out, ".Ss %s\n.Bl -tag -width Ds -compact\n", kl_tui_context_titles[c]);
        for (size_t i = 0; i < kl_tui_n_keys; i++) {
            if (kl_tui_keys[i].context != c)
                continue;
            fputs(".It Sy \"", out);
            /* a lone "]" or "[" is an mdoc delimiter even quoted: \& makes it text */
            if (strchr("[]().,;:?!", kl_tui_keys[i].label[0]))
                fputs("\\&", out);
            mdoc_escaped(out, kl_tui_keys[i].label);
            fputs("\"\n", out);
            mdoc_escaped(out, kl_tui_keys[i].help);
            fputs(".\n", out);
        }
        fputs(".El\n", out);
    }
}
