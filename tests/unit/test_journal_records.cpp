// The farm's journal records: the header round trip (with the task file's path and the part),
// headers of the first, unversioned layout and of version 2 (no part) still read, an unknown
// version refused; a task's latest record wins; a record that passed its checksum but does not
// decode is bad input.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "farm/journal_records.hpp"
#include "io/journal.hpp"
#include "journal_file.hpp"
#include "temp_dir.hpp"

using namespace pc;

namespace {

farm::TaskResult result(std::uint64_t id, std::uint32_t line, bool failed) {
  farm::TaskResult r;
  r.id = id;
  r.line = line;
  r.task = "exec -- true";
  if (failed) {
    r.status = farm::Status::failed;
    r.failure = farm::Failure::exit_code;
    r.exit_code = 3;
    r.error = "exit status 3";
  }
  return r;
}

std::string task_bytes(const farm::TaskResult& r) {
  std::string out;
  farm::task_record(r, out);
  return out;
}

std::string contents(const std::vector<std::string>& records) { return pc_test::journal_of(records); }

}  // namespace

TEST_CASE("a header keeps the task file, the template, the digest, the count and the command", "[farm]") {
  farm::JournalHeader h;
  h.task_file = "/work/sweep/tasks.txt";
  h.template_line = "exec -- ./sim --seed {seed}";
  h.task_sha256 = std::string(64, 'a');
  h.tasks = 50000;
  h.command_line = "parcompute farm tasks.txt -o r.h5";
  const farm::Journaled j = farm::read_journaled(contents({farm::header_record(h)}));
  REQUIRE(j.header);
  CHECK(j.header->task_file == h.task_file);
  CHECK(j.header->template_line == h.template_line);
  CHECK(j.header->task_sha256 == h.task_sha256);
  CHECK(j.header->tasks == 50000);
  CHECK(j.header->command_line == h.command_line);
  CHECK(j.rows.empty());
}

TEST_CASE("a header keeps the part of the list it is of, the whole list too", "[farm]") {
  farm::JournalHeader h;
  h.tasks = 14;
  h.part = farm::Part{2, 3};
  farm::Journaled j = farm::read_journaled(contents({farm::header_record(h)}));
  REQUIRE(j.header);
  REQUIRE(j.header->part);
  CHECK(j.header->part->index == 2);
  CHECK(j.header->part->count == 3);
  CHECK(j.header->tasks == 14);
  // Unset is what a run of the whole list means: written as 1/1, read back as known.
  j = farm::read_journaled(contents({farm::header_record({})}));
  REQUIRE(j.header);
  CHECK(j.header->part == farm::Part{1, 1});
}

TEST_CASE("a header of version 2, written before the part was kept, is read without a part", "[farm]") {
  std::string old(1, 'H');
  core::ByteWriter(old)
      .put(std::uint8_t{2})
      .put(std::string_view(std::string(64, 'c')))
      .put(std::uint64_t{9})
      .put(std::string_view("parcompute farm t.txt --part 2/3 -o r.h5"))
      .put(std::string_view("/w/t.txt"))
      .put(std::string_view(""));
  const farm::Journaled j = farm::read_journaled(contents({old}));
  REQUIRE(j.header);
  CHECK_FALSE(j.header->part);
  CHECK(j.header->task_file == "/w/t.txt");
  CHECK(j.header->tasks == 9);
  CHECK(j.header->command_line == "parcompute farm t.txt --part 2/3 -o r.h5");
}

TEST_CASE("a header whose part no farm runs is bad input", "[farm]") {
  farm::JournalHeader h;
  h.part = farm::Part{4, 3};
  CHECK_THROWS_WITH(farm::read_journaled(contents({farm::header_record(h)})), Catch::Contains("not K/N"));
  h.part = farm::Part{0, 0};
  CHECK_THROWS_AS(farm::read_journaled(contents({farm::header_record(h)})), core::UsageError);
}

TEST_CASE("a header of the unversioned layout is read, without a task file", "[farm]") {
  std::string old(1, 'H');
  core::ByteWriter(old).put(std::string_view(std::string(64, 'b'))).put(std::uint64_t{7}).put(std::string_view("cmd"));
  const farm::Journaled j = farm::read_journaled(contents({old}));
  REQUIRE(j.header);
  CHECK(j.header->task_sha256 == std::string(64, 'b'));
  CHECK(j.header->tasks == 7);
  CHECK(j.header->command_line == "cmd");
  CHECK(j.header->task_file.empty());
  CHECK_FALSE(j.header->part);
}

TEST_CASE("a header of an unknown version or with bytes left over is refused", "[farm]") {
  std::string future = farm::header_record({});
  future[1] = 9;
  CHECK_THROWS_WITH(farm::read_journaled(contents({future})), Catch::Contains("version 9"));
  CHECK_THROWS_AS(farm::read_journaled(contents({farm::header_record({}) + "x"})), core::UsageError);
}

TEST_CASE("the last header and each task's last record win, unknown kinds are skipped", "[farm]") {
  farm::JournalHeader first, second;
  first.tasks = 3;
  second.tasks = 4;
  second.task_file = "/t.txt";
  const farm::Journaled j = farm::read_journaled(
      contents({farm::header_record(first), task_bytes(result(11, 1, true)), task_bytes(result(22, 2, false)),
                "Zsomething newer", farm::header_record(second), task_bytes(result(11, 1, false))}));
  REQUIRE(j.header);
  CHECK(j.header->tasks == 4);
  CHECK(j.header->task_file == "/t.txt");
  REQUIRE(j.rows.size() == 2);
  CHECK(j.rows[0].id == 11);
  CHECK_FALSE(j.rows[0].failed());  // the rerun on resume replaced the failure
  CHECK(j.rows[1].id == 22);
}

TEST_CASE("a resume reads each task record's id and the header, not the rows", "[farm]") {
  farm::JournalHeader h;
  h.tasks = 5;
  const farm::Journaled j = farm::read_journaled(
      contents({farm::header_record(h), task_bytes(result(33, 1, true)), task_bytes(result(7, 2, false)),
                task_bytes(result(33, 1, false)), task_bytes(result(9, 3, false))}),
      farm::Decode::ids);
  REQUIRE(j.header);
  CHECK(j.header->tasks == 5);
  CHECK(j.ids == std::vector<std::uint64_t>{33, 7, 33, 9});
  CHECK(j.rows.empty());
}

TEST_CASE("tasks in flight when a run died are counted, not those of a clean end or finished", "[farm]") {
  using farm::Flight;
  const std::string h = farm::header_record({});
  const farm::Journaled j = farm::read_journaled(
      contents({// Run 1 dies with 2 and 3 in flight; 1 finished; 4 was given back.
                h, farm::flight_record(Flight::handed_out, {1, 2, 3, 4}), task_bytes(result(1, 1, false)),
                farm::flight_record(Flight::given_back, {4}),
                // Run 2 ends cleanly: 2 was running and came back, nothing is counted.
                h, farm::flight_record(Flight::handed_out, {2}), farm::flight_record(Flight::given_back, {2}),
                farm::clean_end_record(),
                // Run 3 dies with 2 and 5 in flight; 3 finished in it.
                h, farm::flight_record(Flight::handed_out, {2, 3, 5}), task_bytes(result(3, 3, false)),
                // Run 4 dies with 5 in flight, which then finished in run 5 (a death with no header after
                // it counts at the journal's end, so run 5 ends cleanly).
                h, farm::flight_record(Flight::handed_out, {5}), h, farm::flight_record(Flight::handed_out, {5}),
                task_bytes(result(5, 5, false)), farm::clean_end_record()}));
  CHECK(j.died_in == std::unordered_map<std::uint64_t, std::uint32_t>{{2, 2}});
  CHECK(j.in_flight == 0);  // the last run ended cleanly
  CHECK(j.rows.size() == 3);
  const farm::Journaled dead_now =
      farm::read_journaled(contents({h, farm::flight_record(Flight::handed_out, {8, 9})}), farm::Decode::ids);
  CHECK(dead_now.died_in == std::unordered_map<std::uint64_t, std::uint32_t>{{8, 1}, {9, 1}});
  CHECK(dead_now.in_flight == 2);
  std::string torn = farm::flight_record(Flight::handed_out, {8});
  torn.pop_back();
  CHECK_THROWS_AS(farm::read_journaled(contents({h, torn})), core::UsageError);
}

TEST_CASE("a task alone when its run died is its killer, not one that finished or ended cleanly", "[farm]") {
  using farm::Flight;
  const std::string h = farm::header_record({});
  const farm::Journaled j = farm::read_journaled(contents(
      {// Run 1: 4 alone finished, then 5 alone and the run died with it and 6 in flight.
       h, farm::alone_record(4), farm::flight_record(Flight::handed_out, {4}), task_bytes(result(4, 1, false)),
       farm::alone_record(5), farm::flight_record(Flight::handed_out, {5, 6}),
       // Run 2: 6 alone, stopped and given back: a clean end.
       h, farm::alone_record(6), farm::flight_record(Flight::handed_out, {6}),
       farm::flight_record(Flight::given_back, {6}), farm::clean_end_record(),
       // Run 3: 7 alone, the run dies, and run 4 (which dies with nothing out) records it.
       h, farm::alone_record(7), farm::flight_record(Flight::handed_out, {7}), h, task_bytes(result(7, 2, true))}));
  CHECK(j.died_alone == std::vector<std::uint64_t>{5});
  CHECK(j.died_in == std::unordered_map<std::uint64_t, std::uint32_t>{{5, 1}});  // 5 explains the death 6 was out at
  std::string torn = farm::alone_record(8);
  torn.pop_back();
  CHECK_THROWS_AS(farm::read_journaled(contents({h, torn})), core::UsageError);
}

TEST_CASE("a task alone that went back for a retry did not kill its run", "[farm]") {
  using farm::Flight;
  const std::string h = farm::header_record({});
  const farm::Journaled j = farm::read_journaled(
      contents({h, farm::alone_record(4), farm::flight_record(Flight::handed_out, {4}),
                farm::flight_record(Flight::given_back, {4}), farm::flight_record(Flight::handed_out, {5})}));
  CHECK(j.died_alone.empty());
  CHECK(j.died_in == std::unordered_map<std::uint64_t, std::uint32_t>{{5, 1}});
}

TEST_CASE("the deaths a killer was out at do not count for the tasks beside it", "[farm]") {
  using farm::Flight;
  const std::string h = farm::header_record({});
  farm::TaskResult lost = result(1, 1, true);
  lost.failure = farm::Failure::lost;
  const std::vector<std::string> deaths = {
      // Killer 1 and task 2 out at two deaths; task 3 out at the second and at one without 1.
      h, farm::flight_record(Flight::handed_out, {1, 2}), h, farm::flight_record(Flight::handed_out, {1, 2, 3}), h,
      farm::flight_record(Flight::handed_out, {3}),
      // Run alone, 1 kills its run.
      h, farm::alone_record(1), farm::flight_record(Flight::handed_out, {1})};
  const farm::Journaled found = farm::read_journaled(contents(deaths));
  CHECK(found.died_alone == std::vector<std::uint64_t>{1});
  CHECK(found.died_in == std::unordered_map<std::uint64_t, std::uint32_t>{{1, 3}, {3, 1}});
  // The next run records 1 as lost, and dies with 2 out: a death of its own, which counts.
  std::vector<std::string> after = deaths;
  for (const std::string& r : {h, task_bytes(lost), farm::flight_record(Flight::handed_out, {2})}) after.push_back(r);
  const farm::Journaled recorded = farm::read_journaled(contents(after));
  CHECK(recorded.died_alone.empty());
  CHECK(recorded.died_in == std::unordered_map<std::uint64_t, std::uint32_t>{{2, 1}, {3, 1}});
}

TEST_CASE("a task record that does not decode, or an empty record, is bad input", "[farm]") {
  std::string bytes = task_bytes(result(1, 1, false));
  bytes.pop_back();
  CHECK_THROWS_AS(farm::read_journaled(contents({bytes})), core::UsageError);
  CHECK_THROWS_WITH(farm::read_journaled(contents({farm::header_record({}), bytes})), Catch::Contains("record 2"));
  CHECK_THROWS_AS(farm::read_journaled(contents({std::string()})), core::UsageError);
}

TEST_CASE("records written to a real journal read back, the torn tail reported", "[farm]") {
  pc_test::TempDir dir;
  const std::string path = dir.file("r.h5.journal");
  {
    io::Journal journal = io::Journal::create(path);
    farm::JournalHeader h;
    h.tasks = 2;
    journal.append(farm::header_record(h));
    journal.append(task_bytes(result(5, 1, true)));
    journal.close();
  }
  CHECK(io::is_journal(path));
  CHECK_FALSE(io::is_journal(dir.file("absent")));
  {
    std::FILE* f = std::fopen(path.c_str(), "ab");
    REQUIRE(f);
    std::fwrite("\x40\0\0\0torn", 1, 8, f);
    std::fclose(f);
  }
  const farm::Journaled j = farm::read_journaled(path);
  CHECK(j.extent.cut_bytes == 8);
  REQUIRE(j.rows.size() == 1);
  CHECK(j.rows[0].error == "exit status 3");
  CHECK(farm::failure_counts(j.rows) == "exit 1");
  CHECK(farm::failure_from_name("timeout") == farm::Failure::timeout);
  CHECK(std::string(farm::failure_name(farm::failure_from_name("from-the-future"))) == "unknown");
}
