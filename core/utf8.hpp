// UTF-8 validity, and text made valid UTF-8 for readers that insist on it (h5py's .asstr()
// decodes strictly) without losing sight of the bytes that were not.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace pc::core {

// The length (1 to 4) of the valid UTF-8 sequence `text` starts with; 0 when its first byte
// starts none: a stray continuation byte, an overlong form, a surrogate, a code point beyond
// U+10FFFF, a sequence cut short, or empty text.
std::size_t utf8_sequence(std::string_view text);

bool is_utf8(std::string_view text);

// `text` with each byte that is not part of a valid UTF-8 sequence replaced by what
// `escape` appends for it; valid sequences are kept as they are.
using EscapeByte = void (*)(std::string& out, unsigned char byte);
std::string replace_invalid_utf8(std::string_view text, EscapeByte escape);

// Each invalid byte as the four characters \xFF (upper-case hex). A "\x" already in the text
// stays as it is, so this is for reading, not a form to decode back.
std::string escape_invalid_utf8(std::string_view text);

// Appends "%FF": a URL's invalid bytes in the form a server decodes to the same bytes.
void append_percent_escape(std::string& out, unsigned char byte);

}  // namespace pc::core
