// One reusable easy handle and the state of its current attempt: the body is counted and
// hashed as it arrives (bounded memory), cut off at max_bytes, and the outcome read back.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fetch/curl_handles.hpp"
#include "fetch/digest_worker.hpp"
#include "fetch/fetch.hpp"
#include "fetch/sha256.hpp"

namespace pc::io {

struct Attempt {
  int curl_code = 0;
  long status = 0;
  std::string error;
  std::string final_url;
  std::int64_t bytes = 0;
  double seconds = 0.0;
  double ttfb = 0.0;
  double retry_after = -1.0;  // seconds the server asked for; negative when none
  int http_version = 0;
  int connects = 0;
  int redirects = 0;  // followed before the last response
  std::string sha256;
  bool cut_off = false;  // by max_bytes: our own limit, so never retried
  std::string body;      // only when the transfer keeps bodies
  bool retry(const RetryPolicy& policy, int attempts) const {
    return !cut_off && policy.should_retry(curl_code, status, attempts);
  }
};

class Transfer {
 public:
  // With a `worker`, the part of a body beyond kInlineDigestBytes is hashed on its thread,
  // handed over in blocks of the worker's stage_bytes() (up to 1 MiB; never more held per
  // transfer): a hand-off per 64 KiB callback woke the worker 16 times as often, and was
  // slower (docs/benchmarks.md, "Numbers behind code choices").
  // With `keep_body`, each attempt's body is also collected (Attempt::body).
  Transfer(const FetchOptions& options, DigestWorker* worker = nullptr, bool keep_body = false);
  static constexpr std::int64_t kInlineDigestBytes = 256 * 1024;
  ~Transfer();  // waits for the worker to finish with this transfer's digest
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  CURL* easy() const { return easy_.get(); }
  // Prepares an attempt at `url`; `tag` comes back from CURLINFO_PRIVATE.
  void begin(const std::string& url, void* tag);
  // Reads the attempt's outcome once libcurl reports it finished with `result`.
  Attempt finish(CURLcode result);

 private:
  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self);
  void digest(const char* data, std::size_t n);
  void hand_off_staged();

  std::int64_t max_bytes_;
  curl::EasyPtr easy_;
  Sha256 digest_;
  bool digest_on_;
  DigestWorker* worker_;
  DigestDebt debt_;
  std::vector<char> staged_;  // body bytes waiting to go to the worker
  bool keep_body_;
  std::string body_;
  std::int64_t bytes_ = 0;
  bool cut_off_ = false;
  std::string callback_error_;  // an exception may not cross libcurl's C frames
  char error_[CURL_ERROR_SIZE] = {};
};

// Fills `row` from the attempt that ends it; its body (if kept) goes to `bodies`.
void record(FetchRow& row, Attempt&& last, BodySpool* bodies);

// Gives every row its recorded URL and turns away the URLs that are not fetched (malformed,
// refused scheme) as finished rows; returns the indices left to fetch, in order.
std::vector<std::size_t> prepare_rows(const std::vector<std::string>& urls, std::vector<FetchRow>& rows,
                                      const RowDone& done);

}  // namespace pc::io
