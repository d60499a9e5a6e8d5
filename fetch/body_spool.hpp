// Where --store-bodies keeps finished bodies until the results file is written: an anonymous
// temporary file (gone when closed or when the process dies), appended to by a background
// thread so that the multi loop does not wait on the disk.
#pragma once
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

#include "fetch/job_queue.hpp"

namespace pc::io {

class BodySpool {
 public:
  BodySpool();
  // Queues `body` to be appended; returns its offset in the spool. Callable from any thread.
  std::int64_t append(std::string body);
  // Copies n bytes at `offset` into `out`, once everything queued is written. Throws
  // core::Error when the disk failed us.
  void read(std::int64_t offset, std::size_t n, char* out);

 private:
  struct Close {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
  };
  std::unique_ptr<std::FILE, Close> file_;
  std::mutex mutex_;  // orders appends from several threads (the threads engine)
  std::int64_t size_ = 0;
  std::string error_;  // the first write failure, set by the queue's thread
  JobQueue queue_;     // last: its thread stops (and finishes its writes) before file_ closes
};

}  // namespace pc::io
