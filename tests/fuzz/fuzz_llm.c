/* fuzz_llm.c — libFuzzer target: a model's answer through every parser that reads one:
 * the single-facet answers (concern, refusal, task, language), the structured answer's
 * checker (all facets in one JSON object, with the summary's checks) and the wire format
 * of both providers (chat answers and error bodies, with a key to redact). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/buf.h"
#include "kleio/facets_llm.h"
#include "kleio/llm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';

    int concern = kl_facets_llm_parse_concern(s);
    if (concern < 0 || concern > 5)
        abort();
    (void)kl_facets_llm_parse_refusal(s);
    (void)kl_facets_llm_parse_task(s);
    char code[8];
    if (kl_facets_llm_parse_language(s, code) && strnlen(code, sizeof code) == sizeof code)
        abort();
    kl_facets_llm_answer a;
    memset(&a, 0, sizeof a);
    kl_buf errs = KL_BUF_INIT;
    unsigned wrong = kl_facets_llm_check(s, &a, &errs);
    if (a.summary && kl_facets_llm_check_summary(a.summary))
        abort();                       /* a summary is kept only when it passes its checks */
    if (wrong && errs.len == 0)
        abort();                       /* every wrong field says why */
    free(a.summary);
    kl_buf_free(&errs);

    for (int p = KL_LLM_OPENAI; p <= KL_LLM_ANTHROPIC; p++) {
        char *text = NULL;
        uint64_t tin = 0, tout = 0;
        if (kl_llm_chat_parse((enum kl_llm_provider)p, s, &text, &tin, &tout) == 0 && !text)
            abort();
        free(text);
    }
    char msg[200];
    kl_llm_error_message(s, "sk-test", msg, sizeof msg);
    if (strlen(msg) >= sizeof msg || strstr(msg, "sk-test"))
        abort();
    free(s);
    return 0;
}
