// The URLs a multi engine has yet to start, in one line per host when connections per host
// are limited, so that no transfer is handed to libcurl before it can start: libcurl counts
// --timeout from curl_multi_add_handle, also while a transfer waits inside it for a
// connection to a host at its limit. Over HTTP/1.1 a connection carries one transfer at a
// time, so a host has at most that many transfers started; once a host has answered over
// HTTP/2, its transfers share connections and only libcurl's own limit applies.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace pc::io {

class HostLines {
 public:
  // `todo` indexes `urls`. With `per_host` > 0 a host (scheme, name and port, as libcurl
  // reads them) has at most that many transfers started and not yet ended (until it is
  // multiplexed); 0: one line, no limit. Lines are served in turn, each in list order.
  HostLines(const std::vector<std::string>& urls, const std::vector<std::size_t>& todo, long per_host);

  // The next URL whose host has room, counted as started; false when none has.
  bool next(std::size_t& index);
  // A started URL's transfer ended (finished, or to be retried).
  void ended(std::size_t index);
  // A URL due for another attempt: first in its host's line.
  void again(std::size_t index);
  // This URL's host answered over HTTP/2: its transfers are no longer held back.
  void multiplexed(std::size_t index);
  bool empty() const { return waiting_ == 0; }

 private:
  struct Host {
    std::deque<std::size_t> line;
    long started = 0;
    bool shared = false;  // multiplexed connections: no limit of ours
    bool listed = false;  // in ready_
  };
  bool full(const Host& h) const { return per_host_ > 0 && !h.shared && h.started >= per_host_; }
  void list(std::uint32_t host);

  long per_host_;
  std::vector<std::uint32_t> host_of_;  // by URL index
  std::vector<Host> hosts_;
  std::deque<std::uint32_t> ready_;     // hosts with a URL waiting and room for it
  std::size_t waiting_ = 0;
};

}  // namespace pc::io
