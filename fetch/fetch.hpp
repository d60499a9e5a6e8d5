// The fetch layer's interface: options, one recorded row per URL, and the engines that fill
// the rows (no MPI here; callers split lists over ranks themselves).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "fetch/retry_policy.hpp"

namespace pc::io {

// multi: one libcurl multi handle, transfers interleaved on one thread. threads: the thread
// model for comparison, each thread running blocking easy transfers one after another.
enum class Engine { multi, threads };

struct FetchOptions {
  Engine engine = Engine::multi;
  int threads = 0;  // threads engine: 0 means max_in_flight
  int max_in_flight = 32;
  long max_per_host = 0;          // 0: no limit
  double connect_timeout = 10.0;  // seconds; 0: libcurl's default
  double timeout = 60.0;          // whole transfer, seconds; 0: none
  std::int64_t max_bytes = 0;     // 0: no limit; a larger body is cut off and the row fails
  long max_redirects = 10;
  std::string cacert;     // extra CA bundle file; "" for the system's
  bool insecure = false;  // no TLS peer or host verification
  bool digest = true;     // SHA-256 of every body; off: FetchRow::sha256 stays ""
  RetryPolicy retry;
};

// One URL's outcome. `error` is empty exactly when the URL succeeded (HTTP status below 400
// and no curl error). Timings are those of the last attempt.
struct FetchRow {
  std::string url;        // as given, without credentials
  std::string final_url;  // after redirects, without credentials; "" when never requested
  long status = 0;        // HTTP status; 0 when no response
  int curl_code = 0;
  std::string error;
  std::int64_t bytes = 0;  // body bytes received (at most max_bytes)
  double seconds = 0.0;
  double ttfb = 0.0;               // time to first byte
  int attempts = 0;                // 0 when refused before any request
  int http_version = 0;            // of the last response: 10, 11, 20 (HTTP/2), 0 when none
  int connects = 0;                // new connections the last attempt opened (0: one was reused)
  std::string sha256;              // of the bytes received; "" when never requested or digests are off
  int rank = 0;                    // the MPI rank that fetched it (set when rows are gathered)
  std::int64_t spool_offset = -1;  // where the body is in the BodySpool, when bodies are kept
  bool failed() const { return !error.empty(); }
};

class BodySpool;

// Called once per finished row, never by two threads at once.
using RowDone = std::function<void(const FetchRow&)>;

// Fetches every URL with the engine the options name; rows in the order of `urls`. With
// `bodies`, the body of each row's last attempt is appended there (FetchRow::spool_offset).
std::vector<FetchRow> fetch(const std::vector<std::string>& urls, const FetchOptions& options, const RowDone& done = {},
                            BodySpool* bodies = nullptr);
// One libcurl multi handle, at most max_in_flight transfers at a time.
std::vector<FetchRow> fetch_multi(const std::vector<std::string>& urls, const FetchOptions& options,
                                  const RowDone& done = {}, BodySpool* bodies = nullptr);
// `threads` threads (0: max_in_flight), each doing blocking transfers.
std::vector<FetchRow> fetch_threads(const std::vector<std::string>& urls, const FetchOptions& options,
                                    const RowDone& done = {}, BodySpool* bodies = nullptr);

}  // namespace pc::io
