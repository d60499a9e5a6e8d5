// fork, a pipe of records (tag, status, length, bytes), poll against a deadline, waitpid.
#include "core/child.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstring>
#include <utility>

#include "core/posix.hpp"

namespace pc::core {

namespace {

constexpr char kProgress = 'p';
constexpr char kReport = 'r';
constexpr std::size_t kHeader = 1 + 2 * sizeof(std::int32_t);

void write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(0);  // the parent stopped listening: there is nobody left to tell
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

[[noreturn]] void child_main(int fd, const std::function<void(const ChildChannel&)>& work) {
  const rlimit no_core{0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);  // the crashes this guards against are expected ones
  // What the child says goes through the pipe: glibc's own words on a crash ("free():
  // invalid pointer") would be a second line beside the parent's one.
  const int null = ::open("/dev/null", O_RDWR);
  if (null >= 0) {
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
  }
  try {
    work(ChildChannel(fd));
  } catch (...) {
    // The work reports its own errors; one escaping it ends the child with no report.
  }
  _exit(0);
}

// Reads until the child closes the pipe (true) or `deadline` passes (false).
bool read_until_closed(int fd, std::chrono::steady_clock::time_point deadline, std::string& bytes) {
  char buf[1 << 16];
  for (;;) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{.fd = fd, .events = POLLIN, .revents = 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), INT_MAX)));
    if (ready < 0 && errno == EINTR) continue;
    if (check_posix(ready, "poll") == 0) return false;
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (check_posix(n, "read") == 0) return true;
    bytes.append(buf, static_cast<std::size_t>(n));
  }
}

// Whole records only: a child killed while writing leaves a torn last one.
bool parse(std::string_view bytes, ChildResult& r) {
  bool reported = false;
  while (bytes.size() >= kHeader) {
    std::int32_t status = 0, size = 0;
    std::memcpy(&status, bytes.data() + 1, sizeof status);
    std::memcpy(&size, bytes.data() + 1 + sizeof status, sizeof size);
    if (size < 0 || bytes.size() - kHeader < static_cast<std::size_t>(size)) break;
    const std::string_view payload = bytes.substr(kHeader, static_cast<std::size_t>(size));
    if (bytes[0] == kProgress) r.last_progress = payload;
    if (bytes[0] == kReport) {
      r.status = status;
      r.text = payload;
      reported = true;
    }
    bytes.remove_prefix(kHeader + static_cast<std::size_t>(size));
  }
  return reported;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) check_posix(-1, "waitpid");
  return status;
}

}  // namespace

void ChildChannel::send(char tag, std::int32_t status, std::string_view payload) const {
  const auto size = static_cast<std::int32_t>(std::min<std::size_t>(payload.size(), INT32_MAX));
  std::string record(kHeader, '\0');
  record[0] = tag;
  std::memcpy(record.data() + 1, &status, sizeof status);
  std::memcpy(record.data() + 1 + sizeof status, &size, sizeof size);
  record.append(payload.substr(0, static_cast<std::size_t>(size)));
  write_all(fd_, record.data(), record.size());
}

void ChildChannel::progress(std::string_view where) const { send(kProgress, 0, where); }

void ChildChannel::report(int status, std::string_view text) const { send(kReport, status, text); }

ChildResult run_in_child(const std::function<void(const ChildChannel&)>& work, std::chrono::milliseconds limit) {
  Pipe pipe = make_pipe();
  const auto pid = static_cast<pid_t>(check_posix(::fork(), "fork"));
  if (pid == 0) {
    pipe.read.reset(-1);
    child_main(pipe.write.get(), work);
  }
  pipe.write.reset(-1);  // so that the child's exit is the pipe's end
  std::string bytes;
  const bool closed = read_until_closed(pipe.read.get(), std::chrono::steady_clock::now() + limit, bytes);
  if (!closed) ::kill(pid, SIGKILL);
  const int status = wait_for(pid);
  ChildResult r;
  const bool reported = parse(bytes, r);
  if (!closed) r.end = ChildResult::End::timed_out;
  else if (WIFSIGNALED(status)) r.end = ChildResult::End::signalled, r.signal = WTERMSIG(status);
  else if (reported) r.end = ChildResult::End::reported;
  else r.end = ChildResult::End::silent, r.status = WEXITSTATUS(status);
  return r;
}

}  // namespace pc::core
