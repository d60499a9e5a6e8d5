// fetch_threads: the thread model, kept beside the multi engine for comparison. Each thread
// owns one easy handle (and so its own connection cache), takes the next URL from a shared
// counter and runs it to completion with curl_easy_perform, sleeping through its backoffs.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "core/error.hpp"
#include "fetch/fetch.hpp"
#include "fetch/transfer.hpp"

namespace pc::io {

std::vector<FetchRow> fetch_threads(const std::vector<std::string>& urls, const FetchOptions& options,
                                    const RowDone& done, BodySpool* bodies) {
  std::vector<FetchRow> rows;
  const std::vector<std::size_t> todo = prepare_rows(urls, rows, done);
  if (todo.empty()) return rows;
  curl::ensure_global_init();  // before any thread touches libcurl

  std::atomic<std::size_t> next{0};
  std::mutex report;  // RowDone is called by one thread at a time
  std::exception_ptr failure;
  auto work = [&] {
    try {
      Transfer transfer(options, nullptr, bodies != nullptr);
      std::mt19937_64 rng{std::random_device{}()};
      std::uniform_real_distribution<double> unit(0.0, 1.0);
      for (std::size_t k; (k = next.fetch_add(1)) < todo.size();) {
        FetchRow& row = rows[todo[k]];
        for (;;) {
          transfer.begin(urls[todo[k]], nullptr);
          ++row.attempts;
          Attempt a = transfer.finish(curl_easy_perform(transfer.easy()));
          if (!a.retry(options.retry, row.attempts)) {
            record(row, std::move(a), bodies);
            break;
          }
          std::this_thread::sleep_for(
              std::chrono::duration<double>(options.retry.delay(row.attempts, a.retry_after, unit(rng))));
        }
        if (done) {
          const std::lock_guard<std::mutex> lock(report);
          done(row);
        }
      }
    } catch (...) {
      const std::lock_guard<std::mutex> lock(report);
      if (!failure) failure = std::current_exception();
      next = todo.size();  // the others stop after their current URL
    }
  };
  const int wanted = options.threads > 0 ? options.threads : options.max_in_flight;
  const std::size_t count = std::min<std::size_t>(static_cast<std::size_t>(std::max(1, wanted)), todo.size());
  std::vector<std::thread> pool;
  pool.reserve(count);
  try {
    for (std::size_t t = 0; t < count; ++t) pool.emplace_back(work);
  } catch (const std::exception& e) {  // out of threads or memory: stop the started ones first
    next = todo.size();
    for (std::thread& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);  // a worker's own error comes first
    throw core::Error("--engine threads: could not start thread " + std::to_string(pool.size() + 1) + " of " +
                      std::to_string(count) + " (" + e.what() + "); ask for fewer with --threads");
  }
  for (std::thread& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
  return rows;
}

}  // namespace pc::io
