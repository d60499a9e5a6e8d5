// Retry classification and backoff: transient failures only, growing waits, Retry-After kept.
#include <catch2/catch.hpp>

#include <curl/curl.h>

#include "fetch/retry_policy.hpp"

using pc::io::RetryPolicy;

TEST_CASE("transient failures are retried, permanent ones never", "[fetch]") {
  for (int code : {CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT, CURLE_GOT_NOTHING, CURLE_RECV_ERROR,
                   CURLE_SEND_ERROR, CURLE_PARTIAL_FILE})
    CHECK(RetryPolicy::transient(code, 0));
  for (long status : {408L, 429L, 500L, 502L, 503L, 504L}) CHECK(RetryPolicy::transient(CURLE_OK, status));
  for (long status : {200L, 204L, 301L, 400L, 401L, 403L, 404L, 410L, 501L, 505L})
    CHECK_FALSE(RetryPolicy::transient(CURLE_OK, status));
  for (int code : {CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_TOO_MANY_REDIRECTS, CURLE_WRITE_ERROR,
                   CURLE_PEER_FAILED_VERIFICATION, CURLE_COULDNT_RESOLVE_HOST, CURLE_WEIRD_SERVER_REPLY})
    CHECK_FALSE(RetryPolicy::transient(code, 0));
}

TEST_CASE("attempts are bounded by --retries", "[fetch]") {
  RetryPolicy p;
  p.retries = 2;
  CHECK(p.should_retry(CURLE_OK, 503, 1));
  CHECK(p.should_retry(CURLE_OK, 503, 2));
  CHECK_FALSE(p.should_retry(CURLE_OK, 503, 3));
  CHECK_FALSE(p.should_retry(CURLE_OK, 404, 1));
  p.retries = 0;
  CHECK_FALSE(p.should_retry(CURLE_OPERATION_TIMEDOUT, 0, 1));
}

TEST_CASE("backoff doubles, keeps at least half under jitter, honours Retry-After, is capped", "[fetch]") {
  RetryPolicy p;
  p.base_seconds = 0.5;
  p.cap_seconds = 10.0;
  CHECK(p.delay(1, -1, 0.0) == Approx(0.25));
  CHECK(p.delay(1, -1, 1.0) == Approx(0.5));
  CHECK(p.delay(3, -1, 1.0) == Approx(2.0));
  CHECK(p.delay(3, -1, 0.5) == Approx(1.5));
  CHECK(p.delay(40, -1, 1.0) == Approx(10.0));
  CHECK(p.delay(1, 3.0, 0.0) == Approx(3.0));      // the server asked for longer
  CHECK(p.delay(3, 1.0, 1.0) == Approx(2.0));      // our own backoff is longer already
  CHECK(p.delay(1, 3600.0, 0.0) == Approx(10.0));  // but never beyond the cap
}
