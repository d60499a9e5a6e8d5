// The task table made from a journal in blocks: rows in list order whatever the journal's
// order, each task's latest record, tasks no longer listed last in journal order, the
// failures summed up; and finding tasks by id near and far.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "farm/carry_over.hpp"
#include "farm/journal_records.hpp"
#include "farm/table_from_journal.hpp"
#include "farm/task_table.hpp"
#include "io/h5.hpp"
#include "journal_file.hpp"
#include "temp_dir.hpp"

using namespace pc;

namespace {

std::string numbered_tasks(int n) {
  std::string text;
  for (int i = 0; i < n; ++i) text.append("exec -- prog ").append(std::to_string(i)).append("\n");
  return text;
}

farm::TaskResult row(const farm::TaskList& list, std::size_t place, int attempt) {
  farm::TaskResult r;
  r.id = list.tasks[place].id;
  r.line = list.tasks[place].line;
  r.kind = farm::TaskKind::exec;
  r.task = list.display(list.tasks[place]);
  r.attempts = attempt;
  r.out_head = std::string(place % 7, 'o');
  if (place % 5 == 0) {
    r.status = farm::Status::failed;
    r.failure = farm::Failure::exit_code;
    r.exit_code = static_cast<std::int32_t>(place % 250 + 1);
    r.error = "exit status " + std::to_string(r.exit_code);
  }
  return r;
}

std::string record_of(const farm::TaskResult& r) {
  std::string out;
  farm::task_record(r, out);
  return out;
}

std::vector<farm::TaskResult> table_of(const std::string& journal, const farm::TaskList& list,
                                       farm::TableSummary& summary) {
  pc_test::TempDir dir;
  const std::string path = dir.file("t.h5");
  {
    io::h5::File f = io::h5::File::create(path);
    summary = farm::write_table_from_journal(f.create_group("farm"), journal, list);
  }
  return farm::read_task_table(io::h5::File::open_readonly(path).open_group("farm"));
}

}  // namespace

TEST_CASE("the table from a shuffled journal of several blocks is in list order, latest record first", "[farm]") {
  constexpr int kTasks = 10000;  // more than two blocks of rows
  const farm::TaskList list = farm::parse_task_file(numbered_tasks(kTasks), "t");
  const farm::TaskList before = farm::parse_task_file("exec -- gone 1\nexec -- gone 2\n", "old");
  std::vector<std::size_t> order(kTasks);
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), std::mt19937(7));
  std::vector<std::string> records{farm::header_record({})};
  farm::TaskResult gone2 = row(before, 1, 1), gone1 = row(before, 0, 1);
  gone2.error = "first", gone1.error = "only";
  records.push_back(record_of(gone2));  // journaled before gone 1: it comes first after the list
  for (std::size_t k = 0; k < order.size(); ++k) {
    records.push_back(record_of(row(list, order[k], 1)));
    if (k == 10) records.push_back(record_of(gone1));
  }
  // Tasks that ran again: their second record wins, wherever the first was.
  for (std::size_t place : {std::size_t{0}, std::size_t{4321}, std::size_t{kTasks - 1}})
    records.push_back(record_of(row(list, place, 2)));
  gone2.error = "second";
  records.push_back(record_of(gone2));

  farm::TableSummary summary;
  const std::vector<farm::TaskResult> rows = table_of(pc_test::journal_of(records), list, summary);
  REQUIRE(rows.size() == kTasks + 2);
  CHECK(summary.rows == kTasks + 2);
  CHECK(summary.listed == kTasks);
  std::size_t failed = 0;
  for (std::size_t i = 0; i < kTasks; ++i) {
    const farm::TaskResult want = row(list, i, i == 0 || i == 4321 || i == kTasks - 1 ? 2 : 1);
    REQUIRE(rows[i].id == want.id);
    REQUIRE(rows[i].attempts == want.attempts);
    REQUIRE(rows[i].out_head == want.out_head);
    REQUIRE(rows[i].error == want.error);
    failed += want.failed();
  }
  CHECK(rows[kTasks].id == gone2.id);
  CHECK(rows[kTasks].error == "second");
  CHECK(rows[kTasks + 1].id == gone1.id);
  failed += static_cast<std::size_t>(gone1.failed()) + static_cast<std::size_t>(gone2.failed());
  REQUIRE(summary.failures.size() == failed);
  CHECK(summary.failures[1].line == list.tasks[5].line);  // in table order
  CHECK(summary.failures[1].error == "exit status 6");
  CHECK(summary.failures[1].out_head.empty());  // the summary keeps no output
  CHECK(farm::failure_counts(summary.failures) == "exit " + std::to_string(failed));
}

TEST_CASE("a journal without task records makes an empty table and keeps its retry source", "[farm]") {
  const farm::TaskList list = farm::parse_task_file("exec -- a\n", "t");
  farm::RetrySource source{.path = "/x/old.h5", .sha256 = std::string(64, 'b'), .carried = 0};
  farm::TableSummary summary;
  const auto rows = table_of(pc_test::journal_of({farm::header_record({}), farm::retry_record(source)}), list, summary);
  CHECK(rows.empty());
  CHECK(summary.rows == 0);
  CHECK(summary.listed == 0);
  REQUIRE(summary.retry);
  CHECK(summary.retry->path == "/x/old.h5");
}

TEST_CASE("tasks are found by id near the last one found, far away, and not at all", "[farm]") {
  const farm::TaskList list = farm::parse_task_file(numbered_tasks(20000), "t");
  farm::PlaceFinder find(list);
  CHECK(find(list.tasks[0].id) == 0);
  CHECK(find(list.tasks[3].id) == 3);
  CHECK(find(list.tasks[1].id) == 1);
  CHECK(find(list.tasks[3000].id) == 3000);    // beyond the near look, within the far one
  CHECK(find(list.tasks[19999].id) == 19999);  // beyond both: the sorted array
  CHECK(find(list.tasks[2].id) == 2);
  CHECK(find(12345) == 20000);  // no such task
  CHECK(find(list.tasks[10000].id) == 10000);
  CHECK(find(list.tasks[10001].id) == 10001);
}
