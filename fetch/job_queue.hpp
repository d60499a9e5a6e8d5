// One background thread running queued jobs in order, with the bytes they hold counted so
// that the queue stays bounded: the multi loop hands work off and keeps transferring, and
// waits only when the queue is full.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace pc::io {

class JobQueue {
 public:
  explicit JobQueue(std::size_t max_bytes);
  ~JobQueue();  // runs what is queued, then stops
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  // Queues `job`, which holds `bytes` until it has run; waits while that would overfill the
  // queue (a job larger than the whole bound goes in once the queue is empty).
  void push(std::size_t bytes, std::function<void()> job);
  // Waits until `done()` holds; it is checked whenever a job has finished.
  void wait_for(const std::function<bool()>& done);
  void drain();  // waits until every queued job has run

 private:
  struct Job {
    std::size_t bytes;
    std::function<void()> run;
  };
  void work();

  const std::size_t max_bytes_;
  std::size_t queued_bytes_ = 0;
  bool busy_ = false;
  bool stopping_ = false;
  std::deque<Job> jobs_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::thread thread_;
};

}  // namespace pc::io
