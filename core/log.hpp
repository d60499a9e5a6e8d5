// Messages to stderr in one format: "parcompute: error: ..." and "parcompute: warning: ...".
#pragma once
#include <string>

namespace pc::core {

void print_error(const std::string& message);
void print_warning(const std::string& message);
void print_info(const std::string& message);

}  // namespace pc::core
