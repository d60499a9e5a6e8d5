// Retry decisions; kept free of curl handles so they can be tested as plain functions.
#include "fetch/retry_policy.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cmath>

namespace pc::io {

bool RetryPolicy::transient(int curl_code, long http_status) {
  switch (curl_code) {
    case CURLE_OK: break;
    // The connection failed or broke before a whole response: another try may well work.
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE: return true;
    default: return false;  // malformed, refused scheme, TLS, too many redirects, --max-bytes, ...
  }
  switch (http_status) {
    case 408:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504: return true;
    default: return false;
  }
}

bool RetryPolicy::should_retry(int curl_code, long http_status, int attempts) const {
  return attempts <= retries && transient(curl_code, http_status);
}

double RetryPolicy::delay(int attempts, double retry_after, double unit_random) const {
  const double step = std::min(cap_seconds, base_seconds * std::ldexp(1.0, std::clamp(attempts, 1, 60) - 1));
  const double jittered = step * (0.5 + 0.5 * std::clamp(unit_random, 0.0, 1.0));
  return std::min(cap_seconds, std::max(jittered, retry_after));
}

}  // namespace pc::io
