// A farm's tasks as read from a task file (or made from a template and an argument table):
// one compact descriptor per task, the words of every task kept once in one arena.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pc::farm {

enum class TaskKind : std::uint8_t { run = 0, fetch = 1, exec = 2 };
const char* kind_name(TaskKind kind);

// What rank 0 holds per pending task (the memory bound of a million-task farm).
struct Task {
  std::uint64_t id = 0;          // task_id(canonical text, occurrence): stable across edits
  std::uint64_t offset = 0;      // of its canonical text in TaskList::arena
  std::uint32_t length = 0;      // of that text
  std::uint32_t line = 0;        // 1-based line of the task file (template: of the table)
  std::uint32_t occurrence = 0;  // 0 for the first line with this text, 1 for the next, ...
  TaskKind kind = TaskKind::run;
};

struct TaskList {
  std::string arena;        // canonical texts: a task's words, each followed by '\0'
  std::vector<Task> tasks;  // in file order
  std::string sha256;       // of the task file's bytes (or of template + table), hex
  // Template lists only: the table's header row, and where each task's row of values
  // starts in values_arena (each value followed by '\0'); empty for a task file.
  std::vector<std::string> columns;
  std::string values_arena;
  std::vector<std::uint64_t> value_offsets;

  // The words of a task, the kind word first ("run", "fetch", "exec"); for exec the "--"
  // is dropped, so words()[1] is the program.
  std::vector<std::string> words(const Task& task) const;
  // The task as one line a shell would split back into the same words (for tables, logs).
  std::string display(const Task& task) const;
  // The placeholder values of a template task as environment entries
  // "PARCOMPUTE_ARG_<column>=<value>" (the column name with every character outside
  // [A-Za-z0-9_] made '_'); empty for a task file. `index` is the task's place in `tasks`.
  std::vector<std::string> environment(std::size_t index) const;
};

// --part K/N: the K-th of N parts of a list, tasks K-1, K-1+N, K-1+2N, ... in file order
// (dealt round-robin, so long and short tasks spread over the parts). Each task keeps the
// identity it has in the whole list, so the parts of one file, run as a job array, merge into
// the file's farm with each task once.
struct Part {
  std::uint32_t index = 1;  // K, from 1
  std::uint32_t count = 1;  // N; 1 is the whole list
  bool operator==(const Part&) const = default;
};
Part parse_part(const std::string& text);  // "K/N"; throws core::UsageError naming --part
std::string part_text(Part part);          // "K/N"
std::string part_name(Part part);          // "part K/N of the list", or "the whole list"
void keep_part(TaskList& list, Part part);

// 64-bit identity of a task: a hash of its canonical text and its occurrence number among
// tasks with the same text. Not cryptographic; stable forever (it is what --resume matches).
std::uint64_t task_id(std::string_view canonical, std::uint32_t occurrence);

// Splits one line into words like a POSIX shell, without any expansion: 'single quotes',
// "double quotes" (where \" \\ \$ \` and \newline are escapes), backslash outside quotes,
// and a '#' at the start of a word begins a comment ("a#b" is one word). Blanks are space,
// tab and newline; '' and "" are empty words. Throws core::UsageError ("unbalanced single
// quote", "unbalanced double quote", "trailing backslash", "a NUL byte ...") without a
// position; the caller adds it.
std::vector<std::string> split_words(std::string_view line);

// Parses a task file: one task per line, blank lines and comments skipped, CRLF tolerated.
// Every problem is a core::UsageError "SOURCE:LINE: what" (unknown kind, `run` with no
// kernel, `fetch` without exactly one URL, `exec` without "--" and a program, bad quoting,
// a NUL byte), found before anything runs; a file without tasks is "SOURCE: no tasks". A
// leading UTF-8 byte-order mark is skipped. `source` names the file in messages.
TaskList parse_task_file(std::string_view text, const std::string& source);

// A parameter sweep: `templ` is one task line with placeholders {name} (a column of the
// table's header row) or {1}, {2}, ... (by position); `{{` and `}}` are literal braces. Each
// row of the CSV `table` (RFC 4180 quoting, CRLF tolerated, blank lines skipped) becomes one
// task. The template is split into words first, placeholders and all, so a value is
// substituted inside ONE word (never split, never interpreted): a value with spaces or quotes
// stays one argument. A placeholder of digits is always a position. Errors are
// core::UsageError: those of the template itself (quoting, unknown placeholders, a malformed
// task) start "--template: "; those of the table (rows with the wrong number of fields,
// quoting, a missing header or no rows) name `table_source` and the line. sha256 covers
// the template, a '\0' and the table. Task.line is the line of the task's row.
TaskList expand_template(std::string_view templ, std::string_view table, const std::string& table_source);

}  // namespace pc::farm
