// Plain-text tables for stdout: a header, rows of cells, columns padded to their widest cell.
#pragma once
#include <string>
#include <vector>

namespace pc::core {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::string render() const;  // numbers right-aligned, text left-aligned
};

// Seconds with a sensible number of digits ("0.001234", "12.5").
std::string format_seconds(double s);

}  // namespace pc::core
