// Appends happen in queue order, so an offset handed out at append() is where the body lands.
#include "fetch/body_spool.hpp"

#include <cerrno>
#include <cstring>

#include "core/error.hpp"
#include "core/posix.hpp"

namespace pc::io {

namespace {
constexpr std::size_t kQueuedBodyBytes = 64 * 1024 * 1024;
}

BodySpool::BodySpool() : file_(std::tmpfile()), queue_(kQueuedBodyBytes) {
  if (!file_) core::fail_posix("tmpfile", errno);
}

std::int64_t BodySpool::append(std::string body) {
  const std::lock_guard<std::mutex> lock(mutex_);
  const std::int64_t at = size_;
  size_ += static_cast<std::int64_t>(body.size());
  const std::size_t n = body.size();
  queue_.push(n, [this, body = std::move(body)] {
    if (!body.empty() && std::fwrite(body.data(), 1, body.size(), file_.get()) != body.size() && error_.empty())
      error_ = std::strerror(errno);
  });
  return at;
}

void BodySpool::read(std::int64_t offset, std::size_t n, char* out) {
  queue_.drain();
  if (!error_.empty()) throw core::Error("--store-bodies: writing the body spool failed: " + error_);
  if (n == 0) return;
  if (std::fflush(file_.get()) != 0 || fseeko(file_.get(), offset, SEEK_SET) != 0 ||
      std::fread(out, 1, n, file_.get()) != n)
    throw core::Error(std::string("--store-bodies: reading the body spool failed: ") + std::strerror(errno));
  // The next append must land at the end again.
  if (fseeko(file_.get(), 0, SEEK_END) != 0) throw core::Error("--store-bodies: seeking the body spool failed");
}

}  // namespace pc::io
