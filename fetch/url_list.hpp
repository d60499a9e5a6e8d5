// URL lists as users write them: one URL a line, from a file or stdin.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace pc::io {

// The URLs in `text`, in order: blank lines and lines starting with '#' skipped, surrounding
// spaces and tabs trimmed, CRLF line ends and a leading UTF-8 BOM tolerated, duplicates kept,
// a NUL byte turned into \x01 (so that the URL stays whole, and malformed).
std::vector<std::string> parse_url_lines(std::string_view text);

// The URLs in the file at `path` ("-" reads stdin). Throws core::UsageError when it cannot
// be read.
std::vector<std::string> read_url_list(const std::string& path);

}  // namespace pc::io
