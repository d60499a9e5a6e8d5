#include "fetch/host_lines.hpp"

#include <unordered_map>

#include "fetch/url_text.hpp"

namespace pc::io {

HostLines::HostLines(const std::vector<std::string>& urls, const std::vector<std::size_t>& todo, long per_host)
    : per_host_(per_host), host_of_(urls.size(), 0), after_(urls.size(), kNone) {
  if (per_host_ > 0) {
    std::unordered_map<std::string, std::uint32_t> known;
    for (std::size_t index : todo)
      host_of_[index] =
          known.try_emplace(origin_of(urls[index]), static_cast<std::uint32_t>(known.size())).first->second;
    hosts_.resize(known.size());
  } else {
    hosts_.resize(todo.empty() ? 0 : 1);
  }
  for (std::size_t index : todo) {
    Host& h = hosts_[host_of_[index]];
    (h.first == kNone ? h.first : after_[h.last]) = index;
    h.last = index;
    ++waiting_;
  }
  for (std::uint32_t h = 0; h < hosts_.size(); ++h) list(h);
}

void HostLines::list(std::uint32_t host) {
  Host& h = hosts_[host];
  if (h.listed || h.first == kNone || full(h)) return;
  h.listed = true;
  ready_.push_back(host);
}

bool HostLines::next(std::size_t& index) {
  while (!ready_.empty()) {
    const std::uint32_t host = ready_.front();
    ready_.pop_front();
    Host& h = hosts_[host];
    h.listed = false;
    if (h.first == kNone || full(h)) continue;
    index = h.first;
    h.first = after_[index];
    if (h.first == kNone) h.last = kNone;
    after_[index] = kNone;
    ++h.started;
    --waiting_;
    list(host);  // behind the other hosts with room
    return true;
  }
  return false;
}

void HostLines::ended(std::size_t index) {
  const std::uint32_t host = host_of_[index];
  --hosts_[host].started;
  list(host);
}

void HostLines::again(std::size_t index) {
  const std::uint32_t host = host_of_[index];
  Host& h = hosts_[host];
  after_[index] = h.first;
  h.first = index;
  if (h.last == kNone) h.last = index;
  ++waiting_;
  list(host);
}

void HostLines::multiplexed(std::size_t index) {
  const std::uint32_t host = host_of_[index];
  hosts_[host].shared = true;
  list(host);
}

}  // namespace pc::io
