#include "io/host_lines.hpp"

#include <unordered_map>

#include "io/url_text.hpp"

namespace pc::io {

HostLines::HostLines(const std::vector<std::string>& urls, const std::vector<std::size_t>& todo, long per_host)
    : per_host_(per_host), host_of_(urls.size(), 0) {
  std::unordered_map<std::string, std::uint32_t> known;
  for (std::size_t index : todo) {
    std::uint32_t h = 0;
    if (per_host_ > 0) {
      const auto [it, added] = known.try_emplace(origin_of(urls[index]), static_cast<std::uint32_t>(known.size()));
      h = it->second;
    }
    host_of_[index] = h;
    if (h >= hosts_.size()) hosts_.resize(h + 1);
    hosts_[h].line.push_back(index);
    ++waiting_;
  }
  for (std::uint32_t h = 0; h < hosts_.size(); ++h) list(h);
}

void HostLines::list(std::uint32_t host) {
  Host& h = hosts_[host];
  if (h.listed || h.line.empty() || full(h)) return;
  h.listed = true;
  ready_.push_back(host);
}

bool HostLines::next(std::size_t& index) {
  while (!ready_.empty()) {
    const std::uint32_t host = ready_.front();
    ready_.pop_front();
    Host& h = hosts_[host];
    h.listed = false;
    if (h.line.empty() || full(h)) continue;
    index = h.line.front();
    h.line.pop_front();
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

void HostLines::multiplexed(std::size_t index) {
  const std::uint32_t host = host_of_[index];
  hosts_[host].shared = true;
  list(host);
}

void HostLines::again(std::size_t index) {
  const std::uint32_t host = host_of_[index];
  hosts_[host].line.push_front(index);
  ++waiting_;
  list(host);
}

}  // namespace pc::io
