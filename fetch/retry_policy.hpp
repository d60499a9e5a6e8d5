// When a failed attempt is worth repeating, and how long to wait first: exponential backoff
// with jitter, stretched to honour a server's Retry-After.
#pragma once

namespace pc::io {

struct RetryPolicy {
  int retries = 0;             // extra attempts after the first
  double base_seconds = 0.25;  // the first backoff, before jitter
  double cap_seconds = 30.0;   // no backoff (nor Retry-After) is waited longer than this

  // Transient failures only: connection failures, timeouts, 408, 429, 500, 502, 503, 504.
  static bool transient(int curl_code, long http_status);
  // Whether a row that has made `attempts` attempts and failed so gets another.
  bool should_retry(int curl_code, long http_status, int attempts) const;
  // Seconds to wait after the `attempts`-th failed attempt. `unit_random` in [0, 1) gives
  // the jitter (at least half the exponential step is kept); `retry_after` is the server's
  // Retry-After in seconds, or negative when it sent none.
  double delay(int attempts, double retry_after, double unit_random) const;
};

}  // namespace pc::io
