// One finished task: what the journal keeps, what workers send rank 0, and one row of the
// results file's task table. The fields are listed once, in encode() and decode(); the
// table's columns are listed once, in task_table.cpp.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "farm/task_list.hpp"

namespace pc::farm {

enum class Status : std::uint8_t { ok = 0, failed = 1 };

// Why a task failed (none when it did not).
enum class Failure : std::uint8_t {
  none = 0,
  exit_code = 1,  // a program exited with a status other than 0
  signal = 2,     // a program was killed by a signal it did not ask for
  timeout = 3,    // --task-timeout ran out; its process group was killed
  invalid = 4,    // a kernel ran but did not validate
  fetch = 5,      // a URL failed (HTTP status, curl error)
  lost = 6,       // the worker running it died
  start = 7,      // it could not start: no such program, bad kernel flags
};
const char* failure_name(Failure f);
// The class a results file names: failure_name() back, "unknown" for a name it never gives.
Failure failure_from_name(std::string_view name);

struct TaskResult {
  std::uint64_t id = 0;
  std::uint32_t line = 0;
  std::uint32_t occurrence = 0;
  TaskKind kind = TaskKind::run;
  Status status = Status::ok;
  Failure failure = Failure::none;
  std::int32_t exit_code = 0;  // exec: the program's status; -1 when it did not exit
  std::int32_t signal = 0;     // exec: the signal that ended it, 0 if none
  std::int32_t rank = 0;
  std::int32_t slot = 0;
  std::int32_t attempts = 1;
  double start = 0;  // seconds since the Unix epoch
  double seconds = 0;
  std::int64_t peak_rss_kib = 0;  // exec: the largest resident set of the program (wait4)
  std::string task;               // as the task file gave it (display form), so the file stands alone
  std::string host;
  std::string error;                                   // one line, "" for a task that succeeded
  std::string result;                                  // short: run: checksum and rate; fetch: status, bytes, sha256
  std::string out_head, out_tail, err_head, err_tail;  // exec: first and last 4 KiB

  bool failed() const { return status == Status::failed; }
};

// A task id as 16 lower-case hex digits: PARCOMPUTE_TASK_ID, log names, merge's messages.
std::string task_id_text(std::uint64_t id);

// The same bytes for the journal and between ranks.
void encode(const TaskResult& r, std::string& out);
TaskResult decode(std::string_view record);
// A record's failure class, read without the rest.
Failure failure_of(std::string_view record);

// The failed rows counted by class, in the order each class first appears:
// "exit 2, timeout 1"; "" when none failed.
std::string failure_counts(const std::vector<TaskResult>& rows);

}  // namespace pc::farm
