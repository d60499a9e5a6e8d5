// Pure logic of fetch that only end-to-end runs reached: the summary of rows, and the
// bounded job queue that the multi loop hands digest work to.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "fetch/job_queue.hpp"
#include "jobs/fetch/report.hpp"

using pc::io::FetchRow;

namespace {
FetchRow row(long status, int attempts, std::int64_t bytes, int connects, const std::string& error = "") {
  FetchRow r;
  r.status = status;
  r.attempts = attempts;
  r.bytes = bytes;
  r.connects = connects;
  r.error = error;
  return r;
}
}  // namespace

TEST_CASE("the summary counts failures, attempts, bytes, connections and status classes") {
  const std::vector<FetchRow> rows{row(200, 1, 1024, 1),
                                   row(204, 1, 0, 0),
                                   row(301, 2, 10, 1),
                                   row(404, 1, 50, 0, "HTTP 404"),
                                   row(503, 3, 0, 2, "HTTP 503"),
                                   row(0, 2, 0, 0, "timed out"),
                                   row(99, 1, 0, 0, "odd status")};
  const pc::jobs::FetchSummary s = pc::jobs::summarize(rows, 2.0);
  CHECK(s.urls == 7);
  CHECK(s.failed == 4);
  CHECK(s.attempts == 11);
  CHECK(s.bytes == 1084);
  CHECK(s.connects == 4);
  // [0] no response (or a status outside 1xx-5xx), then 1xx ... 5xx.
  CHECK(s.by_class == std::array<std::int64_t, 6>{2, 0, 2, 1, 1, 1});
  CHECK(s.requests_per_second() == 5.5);
  CHECK(s.mb_per_second() == Approx(1084e-6 / 2.0));
  CHECK(pc::jobs::summarize({}, 0.0).requests_per_second() == 0.0);  // no time: no rate, no division
}

TEST_CASE("the job queue runs jobs in order on its thread and never holds more than its bound") {
  std::vector<int> order;
  std::atomic<std::size_t> held{0}, most{0};
  {
    pc::io::JobQueue queue(100);
    for (int i = 0; i < 50; ++i) {
      held += 30;
      most = std::max<std::size_t>(most, held);
      queue.push(30, [&, i] {
        order.push_back(i);
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        held -= 30;
      });
    }
    queue.drain();
    CHECK(order.size() == 50);
  }
  for (int i = 0; i < 50; ++i) CHECK(order[static_cast<std::size_t>(i)] == i);
  // push() waits while a job would overfill the queue: at most three jobs of 30 in a bound of
  // 100 queued, plus the one being pushed.
  CHECK(most <= 4 * 30);
}

TEST_CASE("a job larger than the whole bound still runs, once the queue is empty") {
  std::atomic<int> ran{0};
  pc::io::JobQueue queue(10);
  queue.push(5, [&] { ++ran; });
  queue.push(1000, [&] { ++ran; });
  queue.wait_for([&] { return ran == 2; });
  CHECK(ran == 2);
}
