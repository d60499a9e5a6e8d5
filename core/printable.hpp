// Text from outside (file names, attribute values) made safe to write to a terminal.
#pragma once
#include <string>
#include <string_view>

namespace pc::core {

// `text` with every byte a terminal could act on written as an escape: C0 controls and DEL
// as \xNN (\n, \t, \r by their letters), C1 controls as \u00NN, a backslash as \\, and each
// byte that is not part of well-formed UTF-8 as \xNN. Other UTF-8 passes through unchanged.
std::string printable(std::string_view text);

}  // namespace pc::core
