// What a kernel reports, described once: named values and named columns. Each format has
// one writer over that description (the terminal table, JSON, the kernel's group in the
// results file), so a field is added or renamed in one place and every format follows.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "core/table.hpp"
#include "io/h5.hpp"

namespace pc::jobs {

// How the table shows a value or cell; the file and JSON keep it exact.
enum class Shown {
  plain,       // as io::h5::to_text writes it
  seconds,     // core::format_seconds
  scientific,  // 13 significant digits, so a checksum can be compared by eye
  rate,        // one decimal, "-" for 0 (a kernel that counts no work)
  check,       // "ok" / "WRONG" for 1 / 0; JSON true / false
};

struct RecordValue {
  std::string name;  // the attribute in the file, the key in JSON
  io::h5::Value value;
  std::string heading = {};  // its table column; "" keeps it out of the table
  Shown shown = Shown::plain;
  bool parameter = false;  // an input of the run: JSON groups these under "parameters"
};

using ColumnData = std::variant<std::vector<std::int32_t>, std::vector<std::uint64_t>, std::vector<double>,
                                std::vector<std::uint8_t>, std::vector<std::string>>;

struct RecordColumn {
  std::string name;  // the dataset in the file, the key in JSON
  ColumnData data;
  std::string heading = {};  // as for values
  Shown shown = Shown::plain;
};

struct KernelRecord {
  std::vector<RecordValue> values;
  std::vector<RecordColumn> columns;
  // When set (e.g. "tasks", row "task"), the columns hold one row per entry: JSON has an
  // array of row objects under `rows`, each with its index under `row`; the file an
  // attribute `rows` with their count; the table a line per row. When empty, the columns are
  // series (JSON arrays, datasets) and the table is one line of the values.
  std::string rows;
  std::string row;
};

// A value as the table shows it (also for a kernel's own summary lines).
std::string shown_text(const io::h5::Value& value, Shown how);

core::Table table_of(const KernelRecord& record);
nlohmann::json json_of(const KernelRecord& record);
nlohmann::json json_of(const RecordValue& value);  // as json_of(record) writes it
void write_record(const io::h5::Group& group, const KernelRecord& record);

}  // namespace pc::jobs
