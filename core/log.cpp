// One line per message, written with a single call so lines from ranks do not interleave.
#include "core/log.hpp"

#include <cstdio>

namespace pc::core {

namespace {
void emit(const char* level, const std::string& message) {
  const std::string line = std::string("parcompute: ") + level + message + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}
}  // namespace

void print_error(const std::string& message) { emit("error: ", message); }
void print_warning(const std::string& message) { emit("warning: ", message); }
void print_info(const std::string& message) { emit("", message); }

}  // namespace pc::core
