// URLs travel as one NUL-terminated-words string (no URL holds a NUL); rows travel as one
// string of bytes per rank, each row its index and its columns.
#include "jobs/fetch/share.hpp"

#include <algorithm>
#include <numeric>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "fetch/columns.hpp"
#include "fetch/url_text.hpp"

namespace pc::jobs {

namespace {

void pack_into(std::string& out, const std::string& word) {
  out += word;
  out += '\0';
}

std::string pack(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) pack_into(out, w);
  return out;
}

// The next NUL-terminated word of `packed` from `at`, which moves past it.
std::string next_word(const std::string& packed, std::size_t& at) {
  const std::size_t end = packed.find('\0', at);
  if (end == std::string::npos) throw core::Error("fetch: a packed word lacks its terminator");
  std::string word(packed, at, end - at);
  at = end + 1;
  return word;
}

}  // namespace

UrlShare share_urls(const mpi::Comm& comm, std::vector<std::string> urls) {
  std::string packed = comm.root() && comm.size > 1 ? pack(urls) : std::string();
  if (comm.size > 1) mpi::broadcast(comm, packed);
  if (!comm.root()) {
    for (std::size_t at = 0; at < packed.size();) urls.push_back(next_word(packed, at));
  }
  packed = std::string();
  std::vector<std::int64_t> order;
  if (comm.root()) {
    // Sorting by origin (stably) before cutting blocks keeps a server's URLs on few ranks,
    // so each rank reuses its connections; the block sizes still differ by at most one.
    std::vector<std::string> hosts(urls.size());
    if (comm.size > 1)
      for (std::size_t i = 0; i < urls.size(); ++i) hosts[i] = io::origin_of(urls[i]);
    order.resize(urls.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
      return hosts[static_cast<std::size_t>(a)] < hosts[static_cast<std::size_t>(b)];
    });
  }
  UrlShare share;
  share.mine = mpi::scatter_blocks(comm, order);
  share.my_urls.reserve(share.mine.size());
  for (std::int64_t i : share.mine) share.my_urls.push_back(std::move(urls[static_cast<std::size_t>(i)]));
  return share;
}

std::vector<io::FetchRow> gather_rows(const mpi::Comm& comm, const UrlShare& share, std::vector<io::FetchRow> mine) {
  if (comm.size == 1) {  // nothing to send: put the rows in list order where they are
    if (std::is_sorted(share.mine.begin(), share.mine.end())) return mine;  // already are (all of 0..n-1)
    std::vector<io::FetchRow> rows(mine.size());
    for (std::size_t i = 0; i < mine.size(); ++i) rows[static_cast<std::size_t>(share.mine[i])] = std::move(mine[i]);
    return rows;
  }
  // Each row as its index and its columns, one string of bytes per rank.
  std::string mine_bytes;
  core::ByteWriter w(mine_bytes);
  for (std::size_t i = 0; i < mine.size(); ++i) {
    w.put(share.mine[i]);
    const io::FetchRow& r = mine[i];
    io::for_each_fetch_column([&w, &r](const char*, auto member) {
      const auto& value = r.*member;
      if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::string>) w.put(std::string_view(value));
      else w.put(value);
    });
  }
  mine = {};
  const std::vector<std::string> all = mpi::gather_strings(comm, mine_bytes);
  std::vector<io::FetchRow> rows;
  if (!comm.root()) return rows;
  std::vector<std::pair<std::int64_t, io::FetchRow>> got;
  for (std::size_t rank = 0; rank < all.size(); ++rank) {
    core::ByteReader in(all[rank]);
    while (!in.at_end()) {
      auto& [index, row] = got.emplace_back();
      in.get(index);
      io::for_each_fetch_column([&](const char*, auto member) { in.get(row.*member); });
      row.rank = static_cast<int>(rank);
    }
  }
  rows.resize(got.size());
  std::vector<char> placed(got.size(), 0);
  std::size_t received = 0;
  for (auto& [index, row] : got) {
    if (index < 0 || static_cast<std::size_t>(index) >= rows.size() || placed[static_cast<std::size_t>(index)])
      throw core::Error("fetch: a gathered row has no place of its own");
    placed[static_cast<std::size_t>(index)] = 1;
    rows[static_cast<std::size_t>(index)] = std::move(row);
    ++received;
  }
  if (received != rows.size()) throw core::Error("fetch: gathered rows and the list disagree");
  return rows;
}

}  // namespace pc::jobs
