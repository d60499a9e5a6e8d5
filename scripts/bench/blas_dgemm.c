/* Baseline for the dgemm benchmark (scripts/bench/kernels.sh): OpenBLAS cblas_dgemm
   (Debian's libopenblas-dev), C += A * B on n x n matrices, timed like parcompute's dgemm: one
   untimed warm-up call, then K timed calls, rate 2 n^3 / average time.

   Usage: blas_dgemm N K   (threads from OPENBLAS_NUM_THREADS, else OMP_NUM_THREADS)

   Prints one JSON object, with the kernel OpenBLAS chose (openblas_get_corename): that shows
   whether OPENBLAS_CORETYPE forced an older one. */
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static const char *env_or_unset(const char *name) {
  const char *v = getenv(name);
  return v != NULL ? v : "";
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: blas_dgemm N K\n");
    return 2;
  }
  char *end = NULL;
  long n = strtol(argv[1], &end, 10);
  if (*end != '\0' || n < 1 || n > 46340) {
    fprintf(stderr, "blas_dgemm: N must be an integer from 1 to 46340, got '%s'\n", argv[1]);
    return 2;
  }
  long k = strtol(argv[2], &end, 10);
  if (*end != '\0' || k < 1 || k > 100000) {
    fprintf(stderr, "blas_dgemm: K must be an integer from 1 to 100000, got '%s'\n", argv[2]);
    return 2;
  }

  size_t nn = (size_t)n * (size_t)n;
  double *a = malloc(nn * sizeof(double)), *b = malloc(nn * sizeof(double));
  double *c = calloc(nn, sizeof(double));
  if (a == NULL || b == NULL || c == NULL) {
    fprintf(stderr, "blas_dgemm: cannot allocate 3 x %ld^2 doubles\n", n);
    return 1;
  }
  /* A(i,j) = i, B(i,j) = j: (A*B)(i,j) = n * i * j, exact in doubles for these sizes. */
  for (long i = 0; i < n; i++)
    for (long j = 0; j < n; j++) {
      a[i * n + j] = (double)i;
      b[i * n + j] = (double)j;
    }

  double best = INFINITY, total = 0.0;
  for (long iter = 0; iter <= k; iter++) {
    double t0 = now();
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)n, (int)n, 1.0, a, (int)n, b,
                (int)n, 1.0, c, (int)n);
    double t = now() - t0;
    if (iter == 0) continue; /* warm-up */
    total += t;
    if (t < best) best = t;
  }
  double avg = total / (double)k;

  /* After K + 1 calls, C(i,j) = (K + 1) * n * i * j; check a few spread-out elements. */
  int ok = 1;
  for (long i = 0; i < n; i += n / 7 + 1)
    for (long j = 0; j < n; j += n / 5 + 1) {
      double want = (double)(k + 1) * (double)n * (double)i * (double)j;
      if (fabs(c[i * n + j] - want) > 1e-9 * (fabs(want) + 1.0)) ok = 0;
    }
  long last = n - 1;
  if (fabs(c[last * n + last] - (double)(k + 1) * (double)n * (double)last * (double)last) >
      1e-9 * (double)(k + 1) * (double)n * (double)last * (double)last + 1e-9)
    ok = 0;

  double flops = 2.0 * (double)n * (double)n * (double)n;
  printf("{\"kernel\": \"cblas_dgemm\", \"size\": %ld, \"iterations\": %ld, \"threads\": %d, "
         "\"corename\": \"%s\", \"OPENBLAS_CORETYPE\": \"%s\", \"OPENBLAS_L2_SIZE\": \"%s\", "
         "\"best_seconds\": %.9g, \"avg_seconds\": %.9g, \"gflops\": %.6g, \"best_gflops\": %.6g, "
         "\"validates\": %s}\n",
         n, k, openblas_get_num_threads(), openblas_get_corename(), env_or_unset("OPENBLAS_CORETYPE"),
         env_or_unset("OPENBLAS_L2_SIZE"), best, avg, flops / avg * 1e-9, flops / best * 1e-9,
         ok ? "true" : "false");
  free(a);
  free(b);
  free(c);
  return ok ? 0 : 1;
}
