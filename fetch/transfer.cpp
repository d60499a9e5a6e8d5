// Options every transfer shares are set once per easy handle; an attempt only changes the URL.
#include "fetch/transfer.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "core/build_info.hpp"
#include "fetch/body_spool.hpp"
#include "fetch/url_text.hpp"

namespace pc::io {

namespace {

// A positive limit in whole milliseconds, at least 1: to libcurl 0 means no limit (or, for
// the connect timeout, its 300 s default), which --timeout 0.0004 must not become.
long millis(double seconds) { return std::max(1L, static_cast<long>(seconds * 1000.0 + 0.5)); }

double info_seconds(CURL* h, CURLINFO what, const char* call) {
  curl_off_t us = 0;
  curl::check(curl_easy_getinfo(h, what, &us), call);
  return static_cast<double>(us) / 1e6;
}

// Whether any variable libcurl may take a proxy from is set (and not empty). libcurl reads
// them again for every request (five getenv calls, more work in a long environment); when
// none is set, that lookup can only find no proxy, and an empty
// CURLOPT_PROXY says so once. HTTP_PROXY is listed although libcurl ignores it for http://,
// so that a libcurl which reads it still decides for itself.
bool proxy_environment_set() {
  for (const char* name : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
    const char* value = std::getenv(name);
    if (value && *value) return true;
  }
  return false;
}

}  // namespace

Transfer::Transfer(const FetchOptions& o, DigestWorker* worker, bool keep_body)
    : max_bytes_(o.max_bytes), easy_(curl::make_easy()), digest_on_(o.digest), worker_(worker), keep_body_(keep_body) {
  CURL* h = easy_.get();
  // The User-Agent as a header line of our own rather than CURLOPT_USERAGENT, which libcurl
  // formats anew for every request (a header line costs a third less); UNIFIED sends it to
  // a proxy too, as CURLOPT_USERAGENT would.
  static const curl::SlistPtr agent = [] {
    curl::SlistPtr list;
    curl::append(list, std::string("User-Agent: parcompute/") + core::kVersion);
    return list;
  }();
  PC_CURL_SETOPT(h, CURLOPT_HTTPHEADER, agent.get());
  PC_CURL_SETOPT(h, CURLOPT_HEADEROPT, CURLHEADER_UNIFIED);
  // Only http and https, also after a redirect: a Location: file:///etc/passwd is refused.
  PC_CURL_SETOPT(h, CURLOPT_PROTOCOLS_STR, "http,https");
  PC_CURL_SETOPT(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  PC_CURL_SETOPT(h, CURLOPT_FOLLOWLOCATION, 1L);
  PC_CURL_SETOPT(h, CURLOPT_MAXREDIRS, o.max_redirects);
  PC_CURL_SETOPT(h, CURLOPT_NOSIGNAL, 1L);
  static const bool proxies = proxy_environment_set();
  if (!proxies) PC_CURL_SETOPT(h, CURLOPT_PROXY, "");
  if (o.connect_timeout > 0) PC_CURL_SETOPT(h, CURLOPT_CONNECTTIMEOUT_MS, millis(o.connect_timeout));
  if (o.timeout > 0) PC_CURL_SETOPT(h, CURLOPT_TIMEOUT_MS, millis(o.timeout));
  PC_CURL_SETOPT(h, CURLOPT_SSL_VERIFYPEER, o.insecure ? 0L : 1L);
  PC_CURL_SETOPT(h, CURLOPT_SSL_VERIFYHOST, o.insecure ? 0L : 2L);
  if (!o.cacert.empty()) PC_CURL_SETOPT(h, CURLOPT_CAINFO, o.cacert.c_str());
  // HTTP/2 over TLS when the server offers it (see begin() for PIPEWAIT).
  PC_CURL_SETOPT(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  PC_CURL_SETOPT(h, CURLOPT_WRITEFUNCTION, &Transfer::on_body);
  PC_CURL_SETOPT(h, CURLOPT_WRITEDATA, this);
  PC_CURL_SETOPT(h, CURLOPT_ERRORBUFFER, error_);
  // 64 KiB receive buffer (libcurl's default is 16): a large body then costs a quarter of the
  // callbacks and digest hand-offs, for 48 KiB more per transfer in flight.
  PC_CURL_SETOPT(h, CURLOPT_BUFFERSIZE, 64L * 1024);
}

Transfer::~Transfer() {
  if (worker_) (void)worker_->settle(debt_);
}

void Transfer::begin(const std::string& url, void* tag) {
  PC_CURL_SETOPT(easy_.get(), CURLOPT_URL, url.c_str());
  // Waiting for a connection that may multiplex pays only where HTTP/2 can be negotiated
  // (TLS); over plain http it would queue every transfer to a host behind the first
  // response, and behind a hanging one for its whole timeout.
  const bool tls = url.size() > 5 && (url[4] == 's' || url[4] == 'S');  // check_url passed: http or https
  PC_CURL_SETOPT(easy_.get(), CURLOPT_PIPEWAIT, tls ? 1L : 0L);
  PC_CURL_SETOPT(easy_.get(), CURLOPT_PRIVATE, tag);
  if (digest_on_) digest_.restart();
  bytes_ = 0;
  cut_off_ = false;
  body_.clear();
  staged_.clear();
  callback_error_.clear();
  error_[0] = '\0';
}

std::size_t Transfer::on_body(char* data, std::size_t size, std::size_t count, void* self) {
  auto* t = static_cast<Transfer*>(self);
  std::size_t n = size * count;
  if (t->max_bytes_ > 0 && t->bytes_ + static_cast<std::int64_t>(n) > t->max_bytes_) {
    n = static_cast<std::size_t>(t->max_bytes_ - t->bytes_);
    t->cut_off_ = true;
  }
  try {
    if (t->digest_on_) t->digest(data, n);
    if (t->keep_body_) t->body_.append(data, n);
  } catch (const std::exception& e) {
    t->callback_error_ = e.what();
    return 0;  // returning less than given ends the transfer
  }
  t->bytes_ += static_cast<std::int64_t>(n);
  return t->cut_off_ ? 0 : n;
}

void Transfer::digest(const char* data, std::size_t n) {
  // Small bodies are hashed here: a hand-off would cost more than it saves.
  if (!worker_ || bytes_ + static_cast<std::int64_t>(n) <= kInlineDigestBytes) return digest_.update(data, n);
  const std::size_t stage = worker_->stage_bytes();
  if (staged_.size() + n > stage) hand_off_staged();  // so a block never outgrows `stage`
  if (n >= stage) return worker_->update(digest_, debt_, std::vector<char>(data, data + n));
  if (staged_.capacity() < stage) staged_.reserve(stage);
  staged_.insert(staged_.end(), data, data + n);
}

void Transfer::hand_off_staged() {
  if (staged_.empty()) return;
  worker_->update(digest_, debt_, std::move(staged_));
  staged_ = std::vector<char>();
}

Attempt Transfer::finish(CURLcode result) {
  CURL* h = easy_.get();
  Attempt a;
  a.curl_code = static_cast<int>(result);
  curl::check(curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &a.status), "curl_easy_getinfo(CURLINFO_RESPONSE_CODE)");
  const char* effective = nullptr;
  curl::check(curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &effective), "curl_easy_getinfo(CURLINFO_EFFECTIVE_URL)");
  a.final_url = recorded_url(effective ? effective : "");
  a.seconds = info_seconds(h, CURLINFO_TOTAL_TIME_T, "curl_easy_getinfo(CURLINFO_TOTAL_TIME_T)");
  a.ttfb = info_seconds(h, CURLINFO_STARTTRANSFER_TIME_T, "curl_easy_getinfo(CURLINFO_STARTTRANSFER_TIME_T)");
  curl_off_t retry_after = 0;
  curl::check(curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &retry_after), "curl_easy_getinfo(CURLINFO_RETRY_AFTER)");
  a.retry_after = retry_after > 0 ? static_cast<double>(retry_after) : -1.0;
  long version = 0, connects = 0, redirects = 0;
  curl::check(curl_easy_getinfo(h, CURLINFO_HTTP_VERSION, &version), "curl_easy_getinfo(CURLINFO_HTTP_VERSION)");
  curl::check(curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects), "curl_easy_getinfo(CURLINFO_NUM_CONNECTS)");
  curl::check(curl_easy_getinfo(h, CURLINFO_REDIRECT_COUNT, &redirects), "curl_easy_getinfo(CURLINFO_REDIRECT_COUNT)");
  a.http_version = version == CURL_HTTP_VERSION_1_0   ? 10
                   : version == CURL_HTTP_VERSION_1_1 ? 11
                   : version == CURL_HTTP_VERSION_2_0 ? 20
                   : version == CURL_HTTP_VERSION_3   ? 30
                                                      : 0;
  a.connects = static_cast<int>(connects);
  a.redirects = static_cast<int>(redirects);
  a.bytes = bytes_;
  if (worker_) {
    try {
      hand_off_staged();
    } catch (const std::exception& e) {
      if (callback_error_.empty()) callback_error_ = e.what();
    }
    if (std::string failed = worker_->settle(debt_); !failed.empty() && callback_error_.empty())
      callback_error_ = std::move(failed);
  }
  if (digest_on_) a.sha256 = digest_.hex();
  a.cut_off = cut_off_;
  a.body = std::move(body_);
  body_ = std::string();
  if (!callback_error_.empty()) {
    a.error = callback_error_;
  } else if (cut_off_) {
    a.error = "body larger than --max-bytes " + std::to_string(max_bytes_) + ": cut off";
  } else if (result != CURLE_OK) {
    a.error = error_[0] ? error_ : curl_easy_strerror(result);
  } else if (a.status >= 400) {
    a.error = "HTTP " + std::to_string(a.status);
  }
  return a;
}

void record(FetchRow& row, Attempt&& last, BodySpool* bodies) {
  if (bodies) row.spool_offset = bodies->append(std::move(last.body));
  row.final_url = std::move(last.final_url);
  row.status = last.status;
  row.curl_code = last.curl_code;
  row.error = std::move(last.error);
  row.bytes = last.bytes;
  row.seconds = last.seconds;
  row.ttfb = last.ttfb;
  row.sha256 = std::move(last.sha256);
  row.http_version = last.http_version;
  row.connects = last.connects;
}

std::vector<std::size_t> prepare_rows(const std::vector<std::string>& urls, std::vector<FetchRow>& rows,
                                      const RowDone& done) {
  rows.assign(urls.size(), FetchRow{});
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < urls.size(); ++i) {
    rows[i].url = recorded_url(urls[i]);
    if (UrlVerdict v = check_url(urls[i]); v.curl_code != 0) {
      rows[i].curl_code = v.curl_code;
      rows[i].error = std::move(v.error);
      if (done) done(rows[i]);
    } else {
      todo.push_back(i);
    }
  }
  return todo;
}

std::vector<FetchRow> fetch(const std::vector<std::string>& urls, const FetchOptions& options, const RowDone& done,
                            BodySpool* bodies) {
  return options.engine == Engine::threads ? fetch_threads(urls, options, done, bodies)
                                           : fetch_multi(urls, options, done, bodies);
}

}  // namespace pc::io
