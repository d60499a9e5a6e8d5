// What a retry keeps of a finished farm and a resume of its journal: the successes carried
// over, the failures and the tasks not held run again, tasks gone from the file refused
// unless accepted; the task table read back field for field; the retry record; the rerun
// command quoted for a shell.
#include <catch2/catch.hpp>

#include <string>

#include "core/error.hpp"
#include "core/printable.hpp"
#include "farm/carry_over.hpp"
#include "farm/farm.hpp"
#include "farm/journal_records.hpp"
#include "farm/task_table.hpp"
#include "io/h5.hpp"
#include "journal_file.hpp"
#include "temp_dir.hpp"

using namespace pc;

namespace {

// The row a finished farm has for the `index`-th task of `list`.
farm::TaskResult row_of(const farm::TaskList& list, std::size_t index, bool failed) {
  farm::TaskResult r;
  r.id = list.tasks[index].id;
  r.line = list.tasks[index].line;
  r.task = list.display(list.tasks[index]);
  r.start = 1764633600.0 + static_cast<double>(index);
  if (failed) {
    r.status = farm::Status::failed;
    r.failure = farm::Failure::exit_code;
    r.exit_code = 1;
    r.error = "exit status 1";
  }
  return r;
}

}  // namespace

TEST_CASE("a retry carries the successes over and runs the failures and the tasks not held", "[farm]") {
  const farm::TaskList list = farm::parse_task_file("exec -- a\nexec -- b\nexec -- c\nexec -- d\nexec -- a\n", "t");
  // a (first) ok, b failed, c ok, d and the second a not in the old file
  const farm::RetryPlan plan =
      farm::plan_retry({row_of(list, 0, false), row_of(list, 1, true), row_of(list, 2, false)}, list);
  REQUIRE(plan.carried.size() == 2);
  CHECK(plan.carried[0].id == list.tasks[0].id);
  CHECK(plan.carried[0].start == 1764633600.0);  // as it was, not run again
  CHECK(plan.carried[1].id == list.tasks[2].id);
  CHECK(plan.failed_again == 1);
  CHECK(plan.not_held == 2);
  CHECK(plan.gone == 0);
  const farm::Held held = farm::held_tasks({row_of(list, 2, false).id, row_of(list, 0, false).id}, list);
  CHECK(held.gone == 0);
  CHECK(held.at == std::vector<bool>{true, false, true, false, false});
}

TEST_CASE("tasks gone from the file: successes kept, failures dropped, refused unless accepted", "[farm]") {
  const farm::TaskList before = farm::parse_task_file("exec -- a\nexec -- b\nexec -- c\n", "t");
  const farm::TaskList now = farm::parse_task_file("exec -- a\nexec -- b2\nexec -- c2\n", "t");
  const farm::RetryPlan plan =
      farm::plan_retry({row_of(before, 0, true), row_of(before, 1, false), row_of(before, 2, true)}, now);
  CHECK(plan.gone == 2);
  CHECK(plan.gone_failed == 1);
  REQUIRE(plan.carried.size() == 1);
  CHECK(plan.carried[0].id == before.tasks[1].id);
  CHECK(plan.failed_again == 1);
  CHECK(plan.not_held == 2);
  // A repeated id (a task journaled twice) is one task gone, not two.
  const farm::Held held = farm::held_tasks(
      {row_of(before, 1, false).id, row_of(before, 2, true).id, row_of(before, 0, true).id, row_of(before, 2, true).id},
      now);
  CHECK(held.gone == 2);
  CHECK(held.at == std::vector<bool>{true, false, false});
  CHECK_THROWS_WITH(farm::refuse_gone(2, false, "--retry-failed", "task(s) of old.h5", "X"),
                    "--retry-failed: 2 task(s) of old.h5 are no longer in the task file (a line was changed or "
                    "removed); --accept-changed keeps X and runs the file as it is now");
  CHECK_NOTHROW(farm::refuse_gone(2, true, "--retry-failed", "task(s) of old.h5", "X"));
  CHECK_NOTHROW(farm::refuse_gone(0, false, "--resume", "journaled task(s)", "X"));
}

TEST_CASE("the task table reads back every field it wrote", "[farm]") {
  pc_test::TempDir dir;
  const std::string path = dir.file("t.h5");
  farm::TaskResult a, b;
  a.id = 0xfedcba9876543210ULL, a.line = 4, a.occurrence = 1, a.kind = farm::TaskKind::fetch;
  a.rank = 2, a.slot = 3, a.attempts = 2, a.start = 1764633600.125, a.seconds = 0.5, a.peak_rss_kib = 77;
  a.task = "fetch http://x/", a.host = "nodeb", a.result = "200 5 bytes";
  a.out_head = "oh", a.out_tail = "ot", a.err_head = "eh", a.err_tail = "et";
  b.id = 9, b.kind = farm::TaskKind::exec, b.status = farm::Status::failed, b.failure = farm::Failure::signal;
  b.exit_code = -1, b.signal = 11, b.error = "killed by signal 11 (SEGV)", b.task = "exec -- ./x";
  {
    io::h5::File f = io::h5::File::create(path);
    f.set_attr("command", std::string("farm"));
    farm::write_task_table(f.create_group("farm"), {a, b});
  }
  const io::h5::File f = io::h5::File::open_readonly(path);
  CHECK(farm::is_farm_file(f));
  const std::vector<farm::TaskResult> rows = farm::read_task_table(f.open_group("farm"));
  REQUIRE(rows.size() == 2);
  std::string want, got;
  for (int i = 0; i < 2; ++i) {
    farm::encode(i == 0 ? a : b, want);
    farm::encode(rows[static_cast<std::size_t>(i)], got);
    CHECK(got == want);  // every field, as the journal would keep it
  }
}

TEST_CASE("a file without the whole table, or of another command, is not a farm's", "[farm]") {
  pc_test::TempDir dir;
  const std::string path = dir.file("t.h5");
  {
    io::h5::File f = io::h5::File::create(path);
    f.set_attr("command", std::string("run sumsq"));
    const io::h5::Group g = f.create_group("farm");
    g.write("id", std::vector<std::uint64_t>{1, 2});
  }
  const io::h5::File f = io::h5::File::open_readonly(path);
  CHECK_FALSE(farm::is_farm_file(f));
  CHECK_THROWS_AS(farm::read_task_table(f.open_group("farm")), core::Error);
}

TEST_CASE("a retry record survives the journal and the last one counts", "[farm]") {
  farm::RetrySource s{.path = "/data/old.h5", .sha256 = std::string(64, 'a'), .carried = 41};
  const farm::Journaled j = farm::read_journaled(pc_test::journal_of({farm::header_record({}), farm::retry_record(s)}));
  REQUIRE(j.retry);
  CHECK(j.retry->path == "/data/old.h5");
  CHECK(j.retry->sha256 == s.sha256);
  CHECK(j.retry->carried == 41);
  CHECK_FALSE(farm::read_journaled(pc_test::journal_of({farm::header_record({})})).retry);
  std::string torn = farm::retry_record(s);
  torn.pop_back();
  CHECK_THROWS_AS(farm::read_journaled(pc_test::journal_of({torn})), core::UsageError);
}

TEST_CASE("the rerun command quotes what a shell would split or expand", "[farm]") {
  CHECK(farm::farm_command("tasks.txt", "", "--retry-failed", "out.h5") ==
        "parcompute farm tasks.txt --retry-failed out.h5");
  CHECK(farm::farm_command("my tasks.txt", "", "--retry-failed", "it's $HOME.h5") ==
        "parcompute farm 'my tasks.txt' --retry-failed 'it'\\''s $HOME.h5'");
  CHECK(farm::farm_command("-", "exec -- echo {1}", "--resume", "r.h5") ==
        "parcompute farm - <TASKFILE --template 'exec -- echo {1}' --resume r.h5");
  CHECK(farm::farm_command("a\nb", "", "--resume", "r.h5") == "parcompute farm $'a\\nb' --resume r.h5");
  CHECK(farm::farm_command("t.txt", "", "--resume", "p.h5", farm::Part{2, 8}) ==
        "parcompute farm t.txt --part 2/8 --resume p.h5");  // a part is resumed as that part
  CHECK(farm::farm_command("a\\b", "", "--resume", "r\x1b.h5") == "parcompute farm 'a\\b' --resume $'r\\x1b.h5'");
  CHECK(core::shell_word("") == "''");
  CHECK(core::shell_word("a/b_c@d%e+f=g:h,i.j-k") == "a/b_c@d%e+f=g:h,i.j-k");
}

TEST_CASE("tasks out at two or more deaths of their farm are suspects, not done ones", "[farm]") {
  const farm::TaskList list = farm::parse_task_file("exec -- a\nexec -- b\nexec -- c\nexec -- d\n", "t");
  const auto id = [&](std::size_t i) { return list.tasks[i].id; };
  const std::vector<bool> done{false, false, true};  // shorter than the list: the rest not done
  const std::unordered_map<std::uint64_t, std::uint32_t> died_in{{id(0), 2}, {id(1), 1}, {id(2), 5}, {id(3), 3}};
  using Found = std::vector<std::uint32_t>;
  CHECK(farm::suspects(list, done, died_in) == Found{0, 3});
  CHECK(farm::suspects(list, {}, died_in) == Found{0, 2, 3});
  CHECK(farm::suspects(list, done, {}).empty());
}

TEST_CASE("a task that ran alone at a death is a killer, once, unless done or gone", "[farm]") {
  const farm::TaskList list = farm::parse_task_file("exec -- a\nexec -- b\nexec -- c\n", "t");
  const auto id = [&](std::size_t i) { return list.tasks[i].id; };
  const std::vector<bool> done{true};
  using Found = std::vector<std::uint32_t>;
  CHECK(farm::killers(list, done, {id(2), id(0), 12345, id(2), id(1)}) == Found{2, 1});
  CHECK(farm::killers(list, done, {}).empty());
  const farm::TaskResult r = farm::lost_row(list, 1, 3, 1.8e9);
  CHECK(r.id == id(1));
  CHECK(r.line == 2);
  CHECK(r.task == "exec -- b");
  CHECK(r.failed());
  CHECK(r.failure == farm::Failure::lost);
  CHECK(r.attempts == 3);
  CHECK(r.start == 1.8e9);
  CHECK(r.error.find("died 3 time(s)") != std::string::npos);
  CHECK(farm::lost_row(list, 0, 0, 0).attempts == 1);  // it was out at least at the one it caused
}
