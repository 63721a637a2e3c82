/* hier_bench.c — times kl_hierarchy_build on synthetic leaf centroids and prints a digest of
 * the tree, so that two builds of kleio can be compared for speed and for the same tree.
 *
 *   hier_bench K [D] [SEED] [THREADS]   (defaults: THREADS 0 = all; D 271 = 256 embedding + 14 task mix + concern)
 *
 * Leaves: TOPICS unit directions, each leaf one of them plus Gaussian noise, sizes 1..200.
 * Prints: k, levels and counts, seconds, and an FNV-1a digest of every parent index. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "kleio/hierarchy.h"
#include "kleio/mem.h"
#include "kleio/rng.h"

#define TOPICS 60

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: hier_bench K [D] [SEED] [THREADS]\n");
        return 2;
    }
    size_t k = strtoul(argv[1], NULL, 10), d = argc > 2 ? strtoul(argv[2], NULL, 10) : 271;
    uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
    if (k < 2 || d < 1) {
        fprintf(stderr, "hier_bench: K >= 2 and D >= 1\n");
        return 2;
    }
    kl_rng r;
    kl_rng_seed(&r, seed);
    float *topic = kl_malloc(TOPICS * d * sizeof *topic), *cent = kl_malloc(k * d * sizeof *cent);
    double *size = kl_malloc(k * sizeof *size);
    for (size_t i = 0; i < TOPICS * d; i++)
        topic[i] = (float)kl_rng_normal(&r);
    for (size_t i = 0; i < k; i++) {
        size_t t = kl_rng_below(&r, TOPICS);
        for (size_t j = 0; j < d; j++)
            cent[i * d + j] = topic[t * d + j] + (float)(0.8 * kl_rng_normal(&r));
        size[i] = 1 + (double)kl_rng_below(&r, 200);
    }
    int threads = argc > 4 ? atoi(argv[4]) : 0;
    kl_hier_params p = {.levels = 3, .top = 10, .threads = threads, .refine_dims = d > 15 ? d - 15 : d};
    kl_hierarchy h;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (kl_hierarchy_build(cent, size, k, d, &p, &h) != 0) {
        fprintf(stderr, "hier_bench: build failed\n");
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    uint64_t fnv = 1469598103934665603ULL;
    for (int l = 0; l + 1 < h.levels; l++)
        for (size_t i = 0; i < h.count[l]; i++) {
            fnv ^= h.parent[l][i];
            fnv *= 1099511628211ULL;
        }
    printf("k=%zu levels=%d counts=", k, h.levels);
    for (int l = h.levels - 1; l >= 0; l--)
        printf("%zu%s", h.count[l], l ? "," : "");
    printf(" seconds=%.2f digest=%016llx\n",
           (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec),
           (unsigned long long)fnv);
    kl_hierarchy_free(&h);
    free(topic);
    free(cent);
    free(size);
    return 0;
}
