/*
 * FMA peak probe of the vecnn bench: the rate at which this machine's cores retire fused multiply-adds of
 * their widest vectors, the ceiling no GEMM can pass. Compiled at bench time by gcc -O2 -mavx512f -mfma
 * -pthread where the CPU has AVX-512 (512-bit vectors), by gcc -O2 -mavx2 -mfma -pthread otherwise (256-bit).
 *
 * usage: fma_peak THREADS s|d
 * prints: gflops=<the best of 5 timed repetitions: a ceiling, which other work on the cores only lowers> threads=<n> type=<s|d> bits=<vector width>
 *
 * Each thread runs ACC independent chains acc = acc * x + y: more chains than FMA units times FMA
 * latency (2 x 4 on Zen 3, 2 x 4 on Skylake), so the units never wait for a result. x is just above 1
 * and y just below, so the values stay finite and normal for any run length.
 */
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define ACC 12
/* Twelve named accumulators, not an array, so that they live in registers at any optimisation level. */
#define ACCUMULATORS(T, SET) T a0 = SET(0), a1 = SET(1), a2 = SET(2), a3 = SET(3), a4 = SET(4), a5 = SET(5), \
        a6 = SET(6), a7 = SET(7), a8 = SET(8), a9 = SET(9), a10 = SET(10), a11 = SET(11);
#define STEP(FMA) a0 = FMA(a0, x, y); a1 = FMA(a1, x, y); a2 = FMA(a2, x, y); a3 = FMA(a3, x, y); \
        a4 = FMA(a4, x, y); a5 = FMA(a5, x, y); a6 = FMA(a6, x, y); a7 = FMA(a7, x, y); \
        a8 = FMA(a8, x, y); a9 = FMA(a9, x, y); a10 = FMA(a10, x, y); a11 = FMA(a11, x, y);
#define REDUCE(STORE, OUT, LAST) STORE(OUT, a0); total += OUT[0] + OUT[LAST]; STORE(OUT, a1); total += OUT[0]; \
        STORE(OUT, a2); total += OUT[0]; STORE(OUT, a3); total += OUT[0]; STORE(OUT, a4); total += OUT[0]; \
        STORE(OUT, a5); total += OUT[0]; STORE(OUT, a6); total += OUT[0]; STORE(OUT, a7); total += OUT[0]; \
        STORE(OUT, a8); total += OUT[0]; STORE(OUT, a9); total += OUT[0]; STORE(OUT, a10); total += OUT[0]; \
        STORE(OUT, a11); total += OUT[0];
#define REPS 5

#if defined(__AVX512F__)
#define BITS 512
#define VS __m512
#define VD __m512d
#define SET_PS _mm512_set1_ps
#define SET_PD _mm512_set1_pd
#define FMA_PS _mm512_fmadd_ps
#define FMA_PD _mm512_fmadd_pd
#define STORE_PS _mm512_storeu_ps
#define STORE_PD _mm512_storeu_pd
#else
#define BITS 256
#define VS __m256
#define VD __m256d
#define SET_PS _mm256_set1_ps
#define SET_PD _mm256_set1_pd
#define FMA_PS _mm256_fmadd_ps
#define FMA_PD _mm256_fmadd_pd
#define STORE_PS _mm256_storeu_ps
#define STORE_PD _mm256_storeu_pd
#endif
#define LANES_PS (BITS / 32)
#define LANES_PD (BITS / 64)

static long iterations;
static int use_double;
static volatile double sink;

static void *work(void *arg) {
    (void) arg;
    double total = 0;
    if (use_double) {
        VD x = SET_PD(1.0000000001), y = SET_PD(0.9999999999);
        ACCUMULATORS(VD, SET_PD)
        for (long it = 0; it < iterations; it++) {
            STEP(FMA_PD)
        }
        double out[LANES_PD];
        REDUCE(STORE_PD, out, LANES_PD - 1)
    } else {
        VS x = SET_PS(1.0000001f), y = SET_PS(0.9999999f);
        ACCUMULATORS(VS, SET_PS)
        for (long it = 0; it < iterations; it++) {
            STEP(FMA_PS)
        }
        float out[LANES_PS];
        REDUCE(STORE_PS, out, LANES_PS - 1)
    }
    sink += total;
    return NULL;
}

static double run(int threads) {
    pthread_t t[256];
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, work, NULL);
    for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) * 1e-9;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: fma_peak THREADS s|d\n");
        return 2;
    }
    int threads = atoi(argv[1]);
    if (threads < 1 || threads > 256) threads = 1;
    use_double = argv[2][0] == 'd';
    int lanes = use_double ? LANES_PD : LANES_PS;
    /* Calibrate: double the run length until one repetition takes 0.15 s. */
    iterations = 1 << 16;
    while (run(threads) < 0.15 && iterations < (1L << 40)) iterations *= 2;
    double gflops[REPS];
    for (int r = 0; r < REPS; r++) {
        double seconds = run(threads);
        gflops[r] = 2.0 * lanes * ACC * (double) iterations * threads / seconds * 1e-9;
    }
    qsort(gflops, REPS, sizeof gflops[0], compare);
    printf("gflops=%.3f threads=%d type=%c bits=%d\n", gflops[REPS - 1], threads, use_double ? 'd' : 's', BITS);
    return 0;
}
