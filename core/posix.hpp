// The one checked place for POSIX calls that report failure as -1 and errno.
#pragma once
#include <string>
#include <utility>

namespace pc::core {

// `rc`, or a core::LibraryError naming `call` and strerror(errno) when `rc` is -1.
long check_posix(long rc, const char* call);
// Throws the core::LibraryError of a POSIX call that failed with `err` (for calls whose
// failure is not -1, or whose errno had to be looked at first).
[[noreturn]] void fail_posix(const std::string& call, int err);

// A file descriptor closed when it goes out of scope.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(o.release()) {}
  Fd& operator=(Fd&& o) noexcept {
    reset(o.release());
    return *this;
  }
  ~Fd() { reset(-1); }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }
  void reset(int fd);

 private:
  int fd_ = -1;
};

struct Pipe {
  Fd read, write;
};

// A pipe whose ends close on exec (a child gets the ones it is given with dup2).
Pipe make_pipe();

}  // namespace pc::core
