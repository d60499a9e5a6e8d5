// Column widths, then one line per row.
#include "core/table.hpp"

#include <algorithm>
#include <cstdio>

namespace pc::core {

namespace {
bool numeric(const std::string& s) { return !s.empty() && s.find_first_not_of("0123456789.-+eE") == std::string::npos; }
}  // namespace

std::string Table::render() const {
  std::vector<std::size_t> width(header.size(), 0);
  for (std::size_t c = 0; c < header.size(); ++c) width[c] = header[c].size();
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size() && c < width.size(); ++c) width[c] = std::max(width[c], row[c].size());
  auto line = [&](const std::vector<std::string>& cells, bool is_header) {
    std::string out;
    for (std::size_t c = 0; c < width.size(); ++c) {
      const std::string cell = c < cells.size() ? cells[c] : "";
      const std::string pad(width[c] - cell.size(), ' ');
      out += (c ? "  " : "");
      out += (!is_header && numeric(cell)) ? pad + cell : cell + pad;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(header, true);
  for (const auto& row : rows) out += line(row, false);
  return out;
}

std::string format_seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, s < 10 ? "%.6f" : "%.3f", s);
  return buf;
}

}  // namespace pc::core
