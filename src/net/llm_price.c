/* llm_price.c — list prices of common hosted models, for the cost estimate printed after
 * a run. US dollars per million tokens (input, output), as published by the providers in
 * 2025; a model matches the longest entry that prefixes its name, so dated snapshots
 * ("gpt-4o-mini-2024-07-18", "claude-3-5-haiku-20241022") find their family. Local
 * servers' models are not in the table: their runs report tokens only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/llm.h"

static const struct price {
    const char *prefix;
    double in, out;
} prices[] = {
    {"gpt-4o-mini", 0.15, 0.60},        {"gpt-4o", 2.50, 10.00},
    {"gpt-4.1-nano", 0.10, 0.40},       {"gpt-4.1-mini", 0.40, 1.60},
    {"gpt-4.1", 2.00, 8.00},            {"gpt-3.5-turbo", 0.50, 1.50},
    {"text-embedding-3-small", 0.02, 0}, {"text-embedding-3-large", 0.13, 0},
    {"text-embedding-ada-002", 0.10, 0}, {"claude-3-haiku", 0.25, 1.25},
    {"claude-3-5-haiku", 0.80, 4.00},   {"claude-haiku-4-5", 1.00, 5.00},
    {"claude-3-5-sonnet", 3.00, 15.00}, {"claude-3-7-sonnet", 3.00, 15.00},
    {"claude-sonnet-4", 3.00, 15.00},   {"claude-opus-4", 15.00, 75.00},
};

bool kl_llm_cost(const char *model, uint64_t tokens_in, uint64_t tokens_out, double *usd)
{
    const struct price *best = NULL;
    size_t best_len = 0;
    for (size_t k = 0; model && k < sizeof prices / sizeof prices[0]; k++) {
        size_t n = strlen(prices[k].prefix);
        if (n > best_len && strncmp(model, prices[k].prefix, n) == 0) {
            best = &prices[k];
            best_len = n;
        }
    }
    if (!best)
        return false;
    *usd = ((double)tokens_in * best->in + (double)tokens_out * best->out) / 1e6;
    return true;
}

int kl_llm_price(const char *price, const char *model, double *in, double *out, char *err,
                 size_t errlen)
{
    *in = *out = -1;
    if (price) {
        char *end;
        double a = strtod(price, &end);
        bool ok = end != price && *end == ',';
        const char *s = ok ? end + 1 : price;
        double b = ok ? strtod(s, &end) : 0;
        if (!ok || end == s || *end || !(a >= 0) || !(b >= 0) || a > 1e6 || b > 1e6) {
            snprintf(err, errlen, "--price must be two numbers IN,OUT (US dollars per million"
                     " input and output tokens), not '%s'", price);
            return -1;
        }
        *in = a;
        *out = b;
        return 0;
    }
    /* The list price, read as the price of 1M tokens each way. */
    double usd;
    if (model && kl_llm_cost(model, 1000000, 0, &usd)) {
        *in = usd;
        kl_llm_cost(model, 0, 1000000, out);
    }
    return 0;
}
