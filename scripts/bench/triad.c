/* Baseline for the nstream benchmark (scripts/bench/kernels.sh): a plain OpenMP triad,
   a[i] = b[i] + s * c[i], timed the way the Parallel Research Kernels time nstream: one untimed
   warm-up pass, then K timed passes, rate from the average time.

   Usage: triad N K   (N elements per array, K timed passes; threads from OMP_NUM_THREADS)

   Prints one JSON object. Two byte counts per element are given, because they answer two
   questions:
     - 3 arrays x 8 bytes (STREAM's count for its triad: read b, read c, write a);
     - 4 arrays x 8 bytes, nstream's count in PRK (A += B + s*C reads A, B, C and writes A).
   Without non-temporal stores, writing a[i] first reads its cache line (write-allocate), so the
   memory traffic of this loop is also 4 x 8 bytes per element, like nstream's: comparing
   nstream's rate with the 4 x 8 figure compares time per element. */
#define _GNU_SOURCE
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: triad N K\n");
    return 2;
  }
  char *end = NULL;
  long n = strtol(argv[1], &end, 10);
  if (*end != '\0' || n < 1) {
    fprintf(stderr, "triad: N must be a positive integer, got '%s'\n", argv[1]);
    return 2;
  }
  long k = strtol(argv[2], &end, 10);
  if (*end != '\0' || k < 1 || k > 100000) {
    fprintf(stderr, "triad: K must be an integer from 1 to 100000, got '%s'\n", argv[2]);
    return 2;
  }

  double *a = aligned_alloc(64, ((size_t)n * sizeof(double) + 63) / 64 * 64);
  double *b = aligned_alloc(64, ((size_t)n * sizeof(double) + 63) / 64 * 64);
  double *c = aligned_alloc(64, ((size_t)n * sizeof(double) + 63) / 64 * 64);
  if (a == NULL || b == NULL || c == NULL) {
    fprintf(stderr, "triad: cannot allocate 3 x %ld doubles\n", n);
    return 1;
  }
  const double s = 3.0;

  /* First touch by the threads that will use each part (the same static schedule). */
#pragma omp parallel for schedule(static)
  for (long i = 0; i < n; i++) {
    a[i] = 0.0;
    b[i] = 2.0;
    c[i] = 2.0;
  }

  double best = INFINITY, total = 0.0;
  for (long iter = 0; iter <= k; iter++) {
    double t0 = omp_get_wtime();
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; i++) a[i] = b[i] + s * c[i];
    double t = omp_get_wtime() - t0;
    if (iter == 0) continue; /* warm-up */
    total += t;
    if (t < best) best = t;
  }
  double avg = total / (double)k;

  /* Every a[i] is 2 + 3 * 2 = 8, exactly. */
  long wrong = 0;
#pragma omp parallel for reduction(+ : wrong)
  for (long i = 0; i < n; i++) wrong += a[i] != 8.0;

  const double bytes3 = 3.0 * sizeof(double) * (double)n, bytes4 = 4.0 * sizeof(double) * (double)n;
  printf("{\"kernel\": \"triad\", \"size\": %ld, \"iterations\": %ld, \"threads\": %d, "
         "\"best_seconds\": %.9g, \"avg_seconds\": %.9g, "
         "\"gbs_3x8\": %.6g, \"gbs_4x8\": %.6g, \"best_gbs_3x8\": %.6g, \"best_gbs_4x8\": %.6g, "
         "\"validates\": %s}\n",
         n, k, omp_get_max_threads(), best, avg, bytes3 / avg * 1e-9, bytes4 / avg * 1e-9,
         bytes3 / best * 1e-9, bytes4 / best * 1e-9, wrong == 0 ? "true" : "false");
  free(a);
  free(b);
  free(c);
  return wrong == 0 ? 0 : 1;
}
