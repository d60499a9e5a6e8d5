// The farm's part of the results file: group "farm", one row per task, one column per field,
// written by the farm and read back by a retry and by inspect.
#pragma once
#include <array>
#include <span>
#include <vector>

#include "farm/task_result.hpp"
#include "io/h5.hpp"

namespace pc::farm {

// How the table's text columns are stored, learned from every row it will hold.
class TaskTableLayout {
 public:
  void add(const TaskResult& row);

 private:
  friend class TaskTableWriter;
  static constexpr std::size_t kColumns = 22;
  std::array<io::h5::StringLayout, kColumns> text_;  // by column; numeric columns' unused
};

// The table made at its full length and written a block of rows at a time, so that a
// million-task farm's table never has to be held at once.
class TaskTableWriter {
 public:
  TaskTableWriter(const io::h5::Group& group, std::size_t rows, const TaskTableLayout& layout);
  void append(std::span<const TaskResult> rows);  // the next rows
  void close();                                   // checks that every row was written

 private:
  std::vector<io::h5::Column> columns_;
};

// Rows in task-file order (line, then occurrence); tasks no longer in the file follow. The
// whole table at once: a TaskTableWriter with one block.
void write_task_table(const io::h5::Group& group, const std::vector<TaskResult>& rows);

// Whether `file` is a farm's results file: its root `command` is "farm" and it has a group /farm.
bool is_farm_file(const io::h5::File& file);

// The rows back, every field as written (text as stored: valid UTF-8). Throws core::Error
// for a missing column, one of another length than the first, or a status or kind that is
// not one of ours: the file is then damaged or not a farm's.
std::vector<TaskResult> read_task_table(const io::h5::Location& group);

}  // namespace pc::farm
