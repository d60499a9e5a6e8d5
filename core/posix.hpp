// The one checked place for POSIX calls that report failure as -1 and errno.
#pragma once

namespace pc::core {

// `rc`, or a core::LibraryError naming `call` and strerror(errno) when `rc` is -1.
long check_posix(long rc, const char* call);

}  // namespace pc::core
