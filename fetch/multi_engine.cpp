// fetch_multi: one CURLM driven by curl_multi_poll. At most K easy handles are in flight; each
// finished one is refilled at once (from HostLines, which keeps --max-per-host), and a retry
// waits in a queue ordered by its ready time (inside this loop) so that a backoff never holds
// up other transfers; once due it goes first in its host's line.
#include <algorithm>
#include <chrono>
#include <memory>
#include <queue>
#include <random>

#include "fetch/fetch.hpp"
#include "fetch/host_lines.hpp"
#include "fetch/transfer.hpp"

namespace pc::io {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kDigestQueueBytes = 8 * 1024 * 1024;

struct Waiting {
  Clock::time_point ready;
  std::size_t index;
  bool operator>(const Waiting& o) const { return ready > o.ready || (ready == o.ready && index > o.index); }
};

struct Slot {
  Slot(const FetchOptions& o, DigestWorker* worker, bool keep_body) : transfer(o, worker, keep_body) {}
  Transfer transfer;
  std::size_t index = 0;
};

}  // namespace

std::vector<FetchRow> fetch_multi(const std::vector<std::string>& urls, const FetchOptions& options,
                                  const RowDone& done, BodySpool* bodies) {
  std::vector<FetchRow> rows;
  const std::vector<std::size_t> todo = prepare_rows(urls, rows, done);
  if (todo.empty()) return rows;
  HostLines lines(urls, todo, options.max_per_host);

  curl::MultiPtr multi = curl::make_multi();
  PC_CURLM_SETOPT(multi.get(), CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);

  const std::size_t slot_count =
      std::min<std::size_t>(static_cast<std::size_t>(std::max(1, options.max_in_flight)), todo.size());
  // Declared before the slots so that it outlives them: a slot settles its digest on the way out.
  DigestWorker digests(kDigestQueueBytes, slot_count);
  std::vector<std::unique_ptr<Slot>> slots;
  std::vector<Slot*> idle;
  for (std::size_t s = 0; s < slot_count; ++s) {
    slots.push_back(std::make_unique<Slot>(options, &digests, bodies != nullptr));
    idle.push_back(slots.back().get());
  }
  std::priority_queue<Waiting, std::vector<Waiting>, std::greater<>> waiting;
  std::mt19937_64 rng{std::random_device{}()};
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::size_t active = 0;

  for (;;) {
    for (const Clock::time_point now = Clock::now(); !waiting.empty() && waiting.top().ready <= now; waiting.pop())
      lines.again(waiting.top().index);
    for (std::size_t index; !idle.empty() && lines.next(index);) {
      Slot* slot = idle.back();
      idle.pop_back();
      slot->index = index;
      slot->transfer.begin(urls[index], slot);
      ++rows[index].attempts;
      curl::check(curl_multi_add_handle(multi.get(), slot->transfer.easy()), "curl_multi_add_handle");
      ++active;
    }
    if (active == 0 && lines.empty() && waiting.empty()) break;

    int running = 0;
    curl::check(curl_multi_perform(multi.get(), &running), "curl_multi_perform");
    int queued = 0;
    bool finished_any = false;
    while (CURLMsg* msg = curl_multi_info_read(multi.get(), &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* easy = msg->easy_handle;
      const CURLcode result = msg->data.result;  // msg is invalid once the handle is removed
      void* tag = nullptr;
      curl::check(curl_easy_getinfo(easy, CURLINFO_PRIVATE, &tag), "curl_easy_getinfo(CURLINFO_PRIVATE)");
      curl::check(curl_multi_remove_handle(multi.get(), easy), "curl_multi_remove_handle");
      auto* slot = static_cast<Slot*>(tag);
      finished_any = true;
      --active;
      idle.push_back(slot);
      FetchRow& row = rows[slot->index];
      lines.ended(slot->index);
      Attempt a = slot->transfer.finish(result);
      if (a.http_version >= 20 && a.redirects == 0) lines.multiplexed(slot->index);
      if (a.retry(options.retry, row.attempts)) {
        const double wait = options.retry.delay(row.attempts, a.retry_after, unit(rng));
        waiting.push({Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(wait)),
                      slot->index});
      } else {
        record(row, std::move(a), bodies);
        if (done) done(row);
      }
    }
    if (finished_any) continue;  // refill (or finish) before sleeping

    // Sleep until a socket is ready, libcurl's own timeout, or the next retry is due. A due
    // retry can only start in an idle slot: with every slot busy, a finished transfer wakes
    // the poll anyway, and waiting for the retry's time would make the loop spin.
    long wait_ms = 1000;
    if (!waiting.empty() && !idle.empty()) {
      const auto until = std::chrono::duration_cast<std::chrono::milliseconds>(waiting.top().ready - Clock::now());
      wait_ms = std::clamp<long>(static_cast<long>(until.count()) + 1, 0, wait_ms);
    }
    curl::check(curl_multi_poll(multi.get(), nullptr, 0, static_cast<int>(wait_ms), nullptr), "curl_multi_poll");
  }
  return rows;
}

}  // namespace pc::io
