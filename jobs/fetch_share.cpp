// URLs travel as one NUL-terminated-words string (no URL holds a NUL); rows travel as
// fixed-size records plus one such string of their text fields per rank.
#include "jobs/fetch_share.hpp"

#include <algorithm>
#include <numeric>

#include "core/error.hpp"
#include "io/url_text.hpp"

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

struct RowRecord {
  std::int64_t index;
  std::int64_t status;
  std::int64_t bytes;
  std::int64_t curl_code;
  std::int64_t attempts;
  std::int64_t http_version;
  std::int64_t connects;
  double seconds;
  double ttfb;
};

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
  std::vector<RowRecord> records;
  records.reserve(mine.size());
  std::string texts;
  for (std::size_t i = 0; i < mine.size(); ++i) {
    const io::FetchRow& r = mine[i];
    records.push_back({share.mine[i], r.status, r.bytes, r.curl_code, r.attempts, r.http_version, r.connects,
                       r.seconds, r.ttfb});
    for (const std::string* field : {&r.url, &r.final_url, &r.error, &r.sha256}) pack_into(texts, *field);
  }
  mine = {};
  const std::vector<RowRecord> all_records = mpi::gather_blocks(comm, records);
  records = {};
  const std::vector<std::string> all_texts = mpi::gather_strings(comm, texts);
  std::vector<io::FetchRow> rows;
  if (!comm.root()) return rows;
  rows.resize(all_records.size());
  std::size_t next = 0;
  for (std::size_t rank = 0; rank < all_texts.size(); ++rank) {
    const std::string& packed = all_texts[rank];
    for (std::size_t at = 0; at < packed.size(); ++next) {
      const RowRecord& rec = all_records.at(next);
      io::FetchRow& row = rows.at(static_cast<std::size_t>(rec.index));
      row.url = next_word(packed, at);
      row.final_url = next_word(packed, at);
      row.error = next_word(packed, at);
      row.sha256 = next_word(packed, at);
      row.status = rec.status;
      row.bytes = rec.bytes;
      row.curl_code = static_cast<int>(rec.curl_code);
      row.attempts = static_cast<int>(rec.attempts);
      row.http_version = static_cast<int>(rec.http_version);
      row.connects = static_cast<int>(rec.connects);
      row.seconds = rec.seconds;
      row.ttfb = rec.ttfb;
      row.rank = static_cast<int>(rank);
    }
  }
  if (next != all_records.size()) throw core::Error("fetch: gathered text fields and records disagree");
  return rows;
}

}  // namespace pc::jobs
