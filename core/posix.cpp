// Turns a POSIX failure into the LibraryError every layer reports.
#include "core/posix.hpp"

#include <cerrno>
#include <cstring>

#include "core/error.hpp"

namespace pc::core {

long check_posix(long rc, const char* call) {
  if (rc == -1) fail_posix(call, errno);
  return rc;
}

void fail_posix(const std::string& call, int err) { throw LibraryError("libc", call, std::strerror(err)); }

}  // namespace pc::core
