/* kmeans_bench.c — kleio's k-means as the benchmark harness's "external" tool.
 *   kmeans_bench DATA.f32 N D K ITERS CENTROIDS_OUT.f32 SEED [pp]
 * Reads N x D little-endian float32 rows, runs exactly ITERS iterations from random-row
 * seeding (or k-means++ with "pp"), writes the K x D centroids and prints
 * "wall_s=<fit seconds> n_iter=<iterations>" plus the work the bounds saved.
 * KLEIO_KMEANS_THREADS overrides the thread count (default: every online CPU);
 * KLEIO_KMEANS_VERBOSE=1 prints each iteration's pass, time and share of distances. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kleio/kmeans.h"
#include "kleio/log.h"
#include "kleio/mem.h"

static int parse_size(const char *s, size_t *v)
{
    char *end;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 10);
    if (errno || end == s || *end || x == 0)
        return -1;
    *v = (size_t)x;
    return 0;
}

int main(int argc, char **argv)
{
    size_t n, d, k, iters, seed;
    if (argc < 8 || parse_size(argv[2], &n) || parse_size(argv[3], &d) ||
        parse_size(argv[4], &k) || parse_size(argv[5], &iters) || parse_size(argv[7], &seed)) {
        fprintf(stderr, "usage: %s DATA.f32 N D K ITERS CENTROIDS_OUT.f32 SEED [pp]\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        fprintf(stderr, "kmeans_bench: %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    float *X = kl_malloc(n * d * sizeof *X);
    if (fread(X, sizeof *X, n * d, f) != n * d) {
        fprintf(stderr, "kmeans_bench: %s: shorter than %zu x %zu floats\n", argv[1], n, d);
        fclose(f);
        free(X);
        return 1;
    }
    fclose(f);

    kl_kmeans_params p = {.k = k, .max_iter = (int)iters, .seed = seed, .fixed_iter = 1,
                          .init = KL_KMEANS_INIT_RANDOM_ROWS};
    if (argc > 8 && strcmp(argv[8], "pp") == 0)
        p.init = KL_KMEANS_INIT_PLUSPLUS;
    if (getenv("KLEIO_KMEANS_VERBOSE"))
        kl_verbosity = 2;
    const char *th = getenv("KLEIO_KMEANS_THREADS");
    if (th)
        p.threads = atoi(th);
    kl_kmeans_result r;
    double t0 = kl_now();
    if (kl_kmeans_fit(X, n, d, &p, &r) != 0) {
        fprintf(stderr, "kmeans_bench: k-means refused its input (k=%zu n=%zu)\n", k, n);
        free(X);
        return 1;
    }
    double wall = kl_now() - t0;

    FILE *o = fopen(argv[6], "wb");
    if (!o || fwrite(r.centroids, sizeof(float), k * d, o) != k * d || fclose(o) != 0) {
        fprintf(stderr, "kmeans_bench: cannot write %s\n", argv[6]);
        return 1;
    }
    printf("wall_s=%.3f n_iter=%d inertia=%.6f full_passes=%d distance_share=%.4f\n", wall,
           r.iterations, r.inertia, r.full_passes,
           (double)r.distances / ((double)n * (double)k * (double)(r.iterations + 1)));
    kl_kmeans_result_free(&r);
    free(X);
    return 0;
}
