// The farm's records in its journal (io/journal.hpp frames them): a header, which says what
// the journal is the farm of, one record per finished task, and what was in flight. Written
// by the farm, read by the farm on --resume and at its end, and by `parcompute inspect` while
// it runs or after a kill: this is the one place that knows their bytes.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "farm/task_list.hpp"
#include "farm/task_result.hpp"
#include "io/journal.hpp"

namespace pc::farm {

struct JournalHeader {
  // Absolute, so that the resume command works from any folder; "-" for stdin. Empty in a
  // header written before the path was kept.
  std::string task_file;
  std::string template_line;  // --template; "" for a task file
  std::string task_sha256;
  std::uint64_t tasks = 0;  // in the task file (or table) when the header was written
  std::string command_line;
  // --part: which part of the list the journal's tasks are (1/1 the whole list), so that a
  // resume runs that part again. None in a header written before the part was kept.
  std::optional<Part> part;
};

// The header's bytes. Each run that opens the journal (a fresh farm, every resume) appends
// one, so the last header describes the run now writing.
std::string header_record(const JournalHeader& header);

// What a --retry-failed run retries: the finished results file it started from. Written once,
// after the retry's first header, so that a resumed retry still knows what it retries.
struct RetrySource {
  std::string path;           // absolute
  std::string sha256;         // hex SHA-256 of the file's bytes when the retry began
  std::uint64_t carried = 0;  // its successful tasks, carried into the journal as they were
};
std::string retry_record(const RetrySource& source);

// `out` becomes the record of one finished task (a buffer reused for every task).
void task_record(const TaskResult& result, std::string& out);

// Rank 0's account of the tasks in flight, so that a resume knows which ran when a run died:
// tasks handed out to a slot, and tasks given back unfinished (unstarted, interrupted by a
// stop, or queued for a retry). A task's finished record takes it out of flight too.
enum class Flight : std::uint8_t { handed_out, given_back };
std::string flight_record(Flight what, const std::vector<std::uint64_t>& ids);
// The last record of a run that ended in its own time (finished, stopped, halted, out of
// time): what was in flight then had come back. A run without one died.
std::string clean_end_record();
// A task handed out with nothing else running anywhere (a suspect of killing its farm, see
// Ledger::isolate): a run that dies before its result was killed by it.
std::string alone_record(std::uint64_t id);

// What a journal holds: the latest header and each task's latest result, in the order the
// tasks were first journaled.
struct Journaled {
  std::optional<JournalHeader> header;
  std::optional<RetrySource> retry;  // a retry's journal (and of its resumes)
  std::vector<TaskResult> rows;      // Decode::rows
  std::vector<std::uint64_t> ids;    // Decode::ids: each task record's id, in order
  io::JournalExtent extent;          // where the whole records end; the torn or damaged tail
  // The tasks without a finished record that were in flight when a run died (no clean end),
  // by id: in how many such runs, leaving out (but for the killer's own count) the deaths a
  // killer was out at: one in died_alone, or one with a row of class lost.
  std::unordered_map<std::uint64_t, std::uint32_t> died_in;
  // Tasks the last run handed out that neither came back nor finished: running now, or
  // when it died; 0 after its clean end.
  std::uint64_t in_flight = 0;
  // Tasks without a finished record that ran alone when a run died: they killed it.
  std::vector<std::uint64_t> died_alone;
};

// Each task record's body (after its kind byte) and where the record starts in the journal.
using TaskRecords = std::function<void(std::string_view body, std::uint64_t position)>;

// Reads every record of `in` in order: the headers and the retry record into the result,
// each task record to `task`. Throws core::UsageError for a record that passed its checksum
// but does not decode (also when `task` throws core::Error for it), or a header of a version
// this build does not know. Records of an unknown kind are skipped.
Journaled scan_journal(io::JournalReader& in, const TaskRecords& task);

// What to make of task records: whole rows (for inspect), or only their ids (what a resume
// needs to know, without a row's strings for every task).
enum class Decode { rows, ids };

// The journal at `path`, read by scan_journal(). With Decode::ids a task record's fields after
// its id are not read.
Journaled read_journaled(const std::string& path, Decode what = Decode::rows);

}  // namespace pc::farm
