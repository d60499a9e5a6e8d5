// Reading URL lists; no checking of the URLs themselves (a bad one becomes a row with an error).
#include "fetch/url_list.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <vector>

#include "core/error.hpp"

namespace pc::io {

std::vector<std::string> parse_url_lines(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::string> urls;
  urls.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    const std::size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) continue;
    line = line.substr(first, line.find_last_not_of(" \t\r") - first + 1);
    if (line.front() == '#') continue;
    urls.emplace_back(line);
    // A NUL would end the URL early wherever it travels as a C string (libcurl, HDF5, MPI
    // packing); as \x01 it stays one URL and is still refused as malformed.
    if (line.find('\0') != std::string_view::npos) std::replace(urls.back().begin(), urls.back().end(), '\0', '\x01');
  }
  return urls;
}

namespace {

// All of `in`, read in blocks (a regular file, a pipe or a terminal alike).
std::string read_all(std::istream& in) {
  std::string text;
  std::vector<char> block(1 << 16);
  while (in.read(block.data(), static_cast<std::streamsize>(block.size())) || in.gcount() > 0)
    text.append(block.data(), static_cast<std::size_t>(in.gcount()));
  return text;
}

}  // namespace

std::vector<std::string> read_url_list(const std::string& path) {
  if (path == "-") return parse_url_lines(read_all(std::cin));
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw core::UsageError("--input: '" + path +
                           "' is a directory (accepted: a text file with one URL a line, or - for stdin)");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw core::UsageError("--input: cannot read '" + path + "': " + std::strerror(errno) +
                           " (accepted: a text file with one URL a line, or - for stdin)");
  const std::string text = read_all(in);
  if (in.bad()) throw core::UsageError("--input: error reading '" + path + "'");
  return parse_url_lines(text);
}

}  // namespace pc::io
