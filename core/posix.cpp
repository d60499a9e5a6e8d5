// Turns a POSIX failure into the LibraryError every layer reports.
#include "core/posix.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.hpp"

namespace pc::core {

long check_posix(long rc, const char* call) {
  if (rc == -1) fail_posix(call, errno);
  return rc;
}

void fail_posix(const std::string& call, int err) { throw LibraryError("libc", call, std::strerror(err)); }

void Fd::reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

Pipe make_pipe() {
  int fds[2];
  check_posix(::pipe2(fds, O_CLOEXEC), "pipe2");
  return {Fd(fds[0]), Fd(fds[1])};
}

}  // namespace pc::core
