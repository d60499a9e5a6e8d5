// The URLs a multi engine has yet to start, in one line per host when --max-per-host is set,
// so that no transfer is handed to libcurl before it can start: libcurl counts --timeout
// from curl_multi_add_handle, also while a transfer would wait inside it for a connection
// (so its own CURLMOPT_MAX_HOST_CONNECTIONS is not used). A host is a URL's own scheme, name
// and port, not a proxy's or a redirect target's. Over HTTP/1.1 a connection carries one
// transfer at a time, so a host has at most N transfers started; once it has answered over
// HTTP/2 without a redirect, up to kStreamsPerConnection transfers share each connection.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace pc::io {

class HostLines {
 public:
  // `todo` indexes `urls`. With `per_host` > 0 a host has at most that many transfers started
  // and not yet ended (times kStreamsPerConnection once multiplexed); 0: one line, no limit.
  // Hosts with room are served in turn, each host's URLs in list order.
  HostLines(const std::vector<std::string>& urls, const std::vector<std::size_t>& todo, long per_host);
  static constexpr long kStreamsPerConnection = 100;  // the least HTTP/2 servers should allow (RFC 9113)

  // The next URL whose host has room, counted as started; false when none has.
  bool next(std::size_t& index);
  // A started URL's transfer ended (finished, or to be retried).
  void ended(std::size_t index);
  // A URL due for another attempt: first in its host's line.
  void again(std::size_t index);
  // This URL's host answered it over HTTP/2 (no redirect): its connections are shared.
  void multiplexed(std::size_t index);
  bool empty() const { return waiting_ == 0; }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  struct Host {  // a line: a list threaded through after_
    std::size_t first = kNone, last = kNone;
    long started = 0;
    bool shared = false;  // multiplexed connections
    bool listed = false;  // in ready_
  };
  bool full(const Host& h) const {
    return per_host_ > 0 && h.started >= (h.shared ? per_host_ * kStreamsPerConnection : per_host_);
  }
  void list(std::uint32_t host);

  long per_host_;
  std::vector<std::uint32_t> host_of_;  // by URL index
  std::vector<std::size_t> after_;      // by URL index: the next URL in its host's line
  std::vector<Host> hosts_;
  std::deque<std::uint32_t> ready_;  // hosts with a URL waiting and room for it
  std::size_t waiting_ = 0;
};

}  // namespace pc::io
