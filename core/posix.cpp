// Turns a POSIX failure into the LibraryError every layer reports.
#include "core/posix.hpp"

#include <cerrno>
#include <cstring>

#include "core/error.hpp"

namespace pc::core {

long check_posix(long rc, const char* call) {
  if (rc == -1) throw LibraryError("libc", call, std::strerror(errno));
  return rc;
}

}  // namespace pc::core
