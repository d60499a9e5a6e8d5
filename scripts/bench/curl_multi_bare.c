/* Baseline for the fetch benchmark (scripts/bench/fetch.sh): the least a libcurl multi-handle
   client can do. It fetches one URL N times with K transfers in flight on one thread, reusing
   K easy handles and their connections, and throws the bodies away: no digest, no rows, no
   results file, no URL checks. The gap between this and `parcompute fetch` is what parcompute
   adds; the gap between this and wrk is libcurl's own cost per request.

   Usage: curl_multi_bare URL N K
   Prints one JSON object: {"requests": N, "failed": F, "seconds": S, "requests_per_second": R}
   (seconds from the first transfer added to the last one finished). */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static size_t discard(char *data, size_t size, size_t count, void *user) {
  (void)data;
  (void)user;
  return size * count;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long positive(const char *text, const char *what) {
  char *end = NULL;
  long v = strtol(text, &end, 10);
  if (*end != '\0' || v < 1) {
    fprintf(stderr, "curl_multi_bare: %s must be a positive integer, got '%s'\n", what, text);
    exit(2);
  }
  return v;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: curl_multi_bare URL N K\n");
    return 2;
  }
  const char *url = argv[1];
  long n = positive(argv[2], "N"), k = positive(argv[3], "K");
  if (k > n) k = n;
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return 1;
  CURLM *multi = curl_multi_init();
  CURL **easy = calloc((size_t)k, sizeof *easy);
  if (!multi || !easy) return 1;
  long started = 0, finished = 0, failed = 0;
  double t0 = now();
  for (long i = 0; i < k; ++i) {
    easy[i] = curl_easy_init();
    if (!easy[i]) return 1;
    curl_easy_setopt(easy[i], CURLOPT_URL, url);
    curl_easy_setopt(easy[i], CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(easy[i], CURLOPT_NOSIGNAL, 1L); /* as parcompute: no SIGPIPE handler swapped per call */
    curl_multi_add_handle(multi, easy[i]);
    ++started;
  }
  while (finished < n) {
    int running = 0, queued = 0;
    if (curl_multi_perform(multi, &running) != CURLM_OK) return 1;
    CURLMsg *msg;
    int any = 0;
    while ((msg = curl_multi_info_read(multi, &queued)) != NULL) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL *done = msg->easy_handle;
      long status = 0;
      curl_easy_getinfo(done, CURLINFO_RESPONSE_CODE, &status);
      if (msg->data.result != CURLE_OK || status >= 400) ++failed;
      curl_multi_remove_handle(multi, done);
      ++finished;
      any = 1;
      if (started < n) {
        curl_multi_add_handle(multi, done);
        ++started;
      }
    }
    if (!any && curl_multi_poll(multi, NULL, 0, 1000, NULL) != CURLM_OK) return 1;
  }
  double seconds = now() - t0;
  printf("{\"requests\": %ld, \"failed\": %ld, \"seconds\": %.6f, \"requests_per_second\": %.1f}\n", n, failed,
         seconds, (double)n / seconds);
  for (long i = 0; i < k; ++i) curl_easy_cleanup(easy[i]);
  free(easy);
  curl_multi_cleanup(multi);
  curl_global_cleanup();
  return 0;
}
