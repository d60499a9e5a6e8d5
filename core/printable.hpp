// Text from outside (file names, attribute values) made safe to write to a terminal.
#pragma once
#include <string>
#include <string_view>

namespace pc::core {

// `text` with every byte a terminal could act on written as an escape: C0 controls and DEL
// as \xNN (\n, \t, \r by their letters), C1 controls as \u00NN, a backslash as \\, and each
// byte that is not part of well-formed UTF-8 as \xNN. Other UTF-8 passes through unchanged.
std::string printable(std::string_view text);

// One word for a POSIX shell (and for a farm's task line): as it is when it holds only
// letters, digits and _@%+=:,./-, else single-quoted (a ' inside as '\''). Any byte may be
// inside, newlines too.
std::string posix_word(std::string_view word);

// One word for bash, on one printable line: as it is when it holds only letters, digits and
// _@%+=:,./-; else as posix_word(), or, when it holds control characters, C1 controls or
// bytes that are not UTF-8, in $'...' with those as \xNN (\n, \t by their letters). Pasting it into bash
// gives back the same bytes.
std::string shell_word(std::string_view word);

}  // namespace pc::core
