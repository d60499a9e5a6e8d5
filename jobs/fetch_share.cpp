// URLs travel as one NUL-separated string (no URL holds a NUL); rows travel as fixed-size
// records plus one NUL-separated string of their text fields per rank.
#include "jobs/fetch_share.hpp"

#include <algorithm>
#include <numeric>

#include "core/error.hpp"
#include "io/url_text.hpp"

namespace pc::jobs {

namespace {

std::string pack(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) {
    out += w;
    out += '\0';
  }
  return out;
}

std::vector<std::string> unpack(const std::string& packed) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < packed.size()) {
    const std::size_t end = packed.find('\0', at);
    out.emplace_back(packed, at, end - at);
    at = end + 1;
  }
  return out;
}

struct RowRecord {
  std::int64_t index;
  std::int64_t status;
  std::int64_t bytes;
  std::int64_t curl_code;
  std::int64_t attempts;
  double seconds;
  double ttfb;
};

constexpr int kTextFields = 3;  // final_url, error, sha256

}  // namespace

UrlShare share_urls(const mpi::Comm& comm, const std::vector<std::string>& urls) {
  UrlShare share;
  std::string packed = comm.root() ? pack(urls) : std::string();
  mpi::broadcast(comm, packed);
  share.all = comm.root() ? urls : unpack(packed);
  std::vector<std::int64_t> order;
  if (comm.root()) {
    // Sorting by host (stably) before cutting blocks keeps a host's URLs on few ranks, so
    // each rank reuses its connections; the block sizes still differ by at most one.
    std::vector<std::string> hosts(urls.size());
    for (std::size_t i = 0; i < urls.size(); ++i) hosts[i] = io::host_of(urls[i]);
    order.resize(urls.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
      return hosts[static_cast<std::size_t>(a)] < hosts[static_cast<std::size_t>(b)];
    });
  }
  share.mine = mpi::scatter_blocks(comm, order);
  for (std::int64_t i : share.mine) share.my_urls.push_back(share.all[static_cast<std::size_t>(i)]);
  return share;
}

std::vector<io::FetchRow> gather_rows(const mpi::Comm& comm, const UrlShare& share,
                                      const std::vector<io::FetchRow>& mine) {
  std::vector<RowRecord> records;
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < mine.size(); ++i) {
    const io::FetchRow& r = mine[i];
    records.push_back({share.mine[i], r.status, r.bytes, r.curl_code, r.attempts, r.seconds, r.ttfb});
    texts.push_back(r.final_url);
    texts.push_back(r.error);
    texts.push_back(r.sha256);
  }
  const std::vector<RowRecord> all_records = mpi::gather_blocks(comm, records);
  const std::vector<std::string> all_texts = mpi::gather_strings(comm, pack(texts));
  std::vector<io::FetchRow> rows;
  if (!comm.root()) return rows;
  rows.resize(share.all.size());
  std::size_t next = 0;
  for (const std::string& packed : all_texts) {
    // unpack() drops nothing: every field, even an empty one, ends with its own NUL.
    const std::vector<std::string> fields = unpack(packed);
    for (std::size_t f = 0; f < fields.size(); f += kTextFields, ++next) {
      const RowRecord& rec = all_records.at(next);
      io::FetchRow& row = rows.at(static_cast<std::size_t>(rec.index));
      row.url = io::without_credentials(share.all[static_cast<std::size_t>(rec.index)]);
      row.status = rec.status;
      row.bytes = rec.bytes;
      row.curl_code = static_cast<int>(rec.curl_code);
      row.attempts = static_cast<int>(rec.attempts);
      row.seconds = rec.seconds;
      row.ttfb = rec.ttfb;
      row.final_url = fields[f];
      row.error = fields[f + 1];
      row.sha256 = fields[f + 2];
    }
  }
  if (next != all_records.size()) throw core::Error("gather_rows: text fields and records disagree");
  return rows;
}

}  // namespace pc::jobs
