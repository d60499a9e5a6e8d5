// The one checked place for POSIX calls that report failure as -1 and errno.
#pragma once
#include <string>

namespace pc::core {

// `rc`, or a core::LibraryError naming `call` and strerror(errno) when `rc` is -1.
long check_posix(long rc, const char* call);
// Throws the core::LibraryError of a POSIX call that failed with `err` (for calls whose
// failure is not -1, or whose errno had to be looked at first).
[[noreturn]] void fail_posix(const std::string& call, int err);

}  // namespace pc::core
