// The farm's parts below the dispatcher: task records as bytes, a program's run (status,
// signal, timeout, output kept head and tail, environment), the ledger's retries and halt.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_set>

#include "core/error.hpp"
#include "farm/dispatch.hpp"
#include "farm/journal_records.hpp"
#include "farm/ledger.hpp"
#include "farm/parsed_kernels.hpp"
#include "farm/program.hpp"
#include "farm/slots.hpp"
#include "farm/task_result.hpp"
#include "omp/threads.hpp"
#include "temp_dir.hpp"

using namespace pc;

TEST_CASE("a task record survives encode and decode, and a short one is refused", "[farm]") {
  farm::TaskResult r;
  r.id = 0x0123456789abcdefULL;
  r.line = 7;
  r.occurrence = 2;
  r.kind = farm::TaskKind::exec;
  r.status = farm::Status::failed;
  r.failure = farm::Failure::signal;
  r.exit_code = -1;
  r.signal = 11;
  r.rank = 3;
  r.slot = 1;
  r.attempts = 2;
  r.start = 1764633600.25;
  r.seconds = 0.125;
  r.peak_rss_kib = 123456;
  r.task = "exec -- ./sim 'a b'";
  r.host = "nodeb";
  r.error = "killed by signal 11 (SEGV)";
  r.result = "";
  r.out_head = std::string("with\0nul", 8);
  r.err_tail = "tail";
  std::string bytes;
  farm::encode(r, bytes);
  const farm::TaskResult back = farm::decode(bytes);
  CHECK(back.id == r.id);
  CHECK(back.line == 7);
  CHECK(back.occurrence == 2);
  CHECK(back.kind == farm::TaskKind::exec);
  CHECK(back.failure == farm::Failure::signal);
  CHECK(back.signal == 11);
  CHECK(back.rank == 3);
  CHECK(back.attempts == 2);
  CHECK(back.start == r.start);
  CHECK(back.peak_rss_kib == 123456);
  CHECK(back.task == r.task);
  CHECK(back.host == "nodeb");
  CHECK(back.out_head == r.out_head);
  CHECK(back.err_tail == "tail");
  CHECK_THROWS_AS(farm::decode(std::string_view(bytes).substr(0, bytes.size() - 1)), core::Error);
  CHECK_THROWS_AS(farm::decode(bytes + "x"), core::Error);
}

namespace {

farm::ProgramOutcome run(const std::vector<std::string>& argv, double timeout = 0, std::function<int()> stop = {}) {
  farm::ProgramSpec spec;
  spec.argv = argv;
  spec.environment = farm::task_environment_base({});
  spec.timeout = timeout;
  spec.grace = 0.2;
  return farm::run_program(spec, stop);
}

}  // namespace

TEST_CASE("a program's status, signal and start failure", "[farm]") {
  CHECK(run({"sh", "-c", "exit 7"}).exit_code == 7);
  const farm::ProgramOutcome killed = run({"sh", "-c", "kill -ABRT $$"});
  CHECK(killed.exit_code == -1);
  CHECK(killed.signal == SIGABRT);
  const farm::ProgramOutcome missing = run({"/no/such/program"});
  CHECK(missing.start_error == "cannot run '/no/such/program': No such file or directory");
  CHECK(run({"true"}).start_error.empty());
}

TEST_CASE("a program's output is kept head and tail", "[farm]") {
  // 20,000 numbered lines of 6 bytes: more than both ends together.
  const farm::ProgramOutcome o =
      run({"sh", "-c", "i=0; while [ $i -lt 20000 ]; do printf '%05d\\n' $i; i=$((i+1)); done; echo bye >&2"});
  REQUIRE(o.exit_code == 0);
  CHECK(o.out_head.size() == farm::kKeptOutput);
  CHECK(o.out_head.substr(0, 12) == "00000\n00001\n");
  CHECK(o.out_tail.size() == farm::kKeptOutput);
  CHECK(o.out_tail.substr(o.out_tail.size() - 12) == "19998\n19999\n");
  CHECK(o.err_head == "bye\n");
  CHECK(o.err_tail.empty());
}

namespace {

void write_file(const std::string& path, const std::string& text, mode_t mode) {
  FILE* f = std::fopen(path.c_str(), "w");
  REQUIRE(f != nullptr);
  std::fputs(text.c_str(), f);
  std::fclose(f);
  REQUIRE(::chmod(path.c_str(), mode) == 0);
}

}  // namespace

TEST_CASE("a program is found in the PATH of the task's environment, past what execvp skips", "[farm]") {
  // a/ holds a non-executable pc-prog, b/ a folder of that name, c/ the program: none of
  // them is in this process's PATH.
  const pc_test::TempDir dir;
  for (const char* sub : {"a", "b", "b/pc-prog", "c"}) REQUIRE(::mkdir(dir.file(sub).c_str(), 0755) == 0);
  write_file(dir.file("a/pc-prog"), "#!/bin/sh\necho wrong\n", 0644);
  write_file(dir.file("c/pc-prog"), "#!/bin/sh\necho \"found $0 $1\"\n", 0755);
  const std::string search = dir.file("a") + ":" + dir.file("b") + ":" + dir.file("c");
  CHECK(farm::find_program("pc-prog", search) == dir.file("c/pc-prog"));
  CHECK(farm::find_program("pc-prog", dir.file("a")).empty());
  CHECK(farm::find_program("pc-no-such-program", search).empty());
  CHECK(farm::find_program("", search).empty());
  // A name with a '/' is used as it is, there or not; an empty entry is the current folder.
  CHECK(farm::find_program("./pc-prog", search) == "./pc-prog");
  CHECK(farm::find_program("x/pc-no-such-program", search) == "x/pc-no-such-program");
  char* cwd = ::getcwd(nullptr, 0);
  REQUIRE(::chdir(dir.file("c").c_str()) == 0);
  CHECK(farm::find_program("pc-prog", dir.file("a") + "::/nonexistent") == "./pc-prog");
  REQUIRE(::chdir(cwd) == 0);
  std::free(cwd);

  farm::ProgramPaths paths;
  farm::ProgramSpec spec;
  spec.argv = {"pc-prog", "arg"};
  spec.environment = farm::task_environment_base({"PATH"});
  spec.environment.push_back("PATH=" + search);
  spec.file = paths.find("pc-prog", spec.environment);
  REQUIRE(spec.file == dir.file("c/pc-prog"));
  const farm::ProgramOutcome found = farm::run_program(spec, {});
  CHECK(found.start_error.empty());
  CHECK(found.out_head == "found " + dir.file("c/pc-prog") + " arg\n");
  // The answer is kept for the run: the program gone, the same file is tried, and missed.
  REQUIRE(::unlink(dir.file("c/pc-prog").c_str()) == 0);
  CHECK(paths.find("pc-prog", spec.environment) == dir.file("c/pc-prog"));
  CHECK(farm::run_program(spec, {}).start_error == "cannot run 'pc-prog': No such file or directory");
}

TEST_CASE("a program not found fails to start with execvp's error, as before", "[farm]") {
  farm::ProgramPaths paths;
  farm::ProgramSpec spec;
  spec.argv = {"pc-no-such-program"};
  spec.environment = farm::task_environment_base({});
  spec.file = paths.find(spec.argv[0], spec.environment);
  CHECK(spec.file.empty());
  CHECK(farm::run_program(spec, {}).start_error == "cannot run 'pc-no-such-program': No such file or directory");
  // Only a file without execute permission on the way: EACCES, from the child's own search
  // (which reads this process's PATH).
  const pc_test::TempDir dir;
  write_file(dir.file("pc-prog"), "#!/bin/sh\n", 0644);
  const std::string saved = std::getenv("PATH") ? std::getenv("PATH") : "";
  ::setenv("PATH", dir.path.c_str(), 1);
  spec.argv = {"pc-prog"};
  spec.environment = farm::task_environment_base({});
  spec.file = paths.find(spec.argv[0], spec.environment);
  const farm::ProgramOutcome o = farm::run_program(spec, {});
  ::setenv("PATH", saved.c_str(), 1);
  CHECK(spec.file.empty());
  CHECK(o.start_error == "cannot run 'pc-prog': Permission denied");
  CHECK(o.exit_code == 127);
}

TEST_CASE("a timeout kills the whole process group, a stop forwards the signal", "[farm]") {
  const farm::ProgramOutcome t = run({"sh", "-c", "sleep 30 & sleep 30; wait"}, 0.3);
  CHECK(t.timed_out);
  CHECK(t.signal == SIGTERM);
  CHECK(t.seconds < 5);
  int calls = 0;
  const farm::ProgramOutcome s =
      run({"sh", "-c", "trap 'exit 42' INT; sleep 30 & wait"}, 0, [&] { return ++calls > 2 ? SIGINT : 0; });
  CHECK(s.stopped);
  CHECK(s.exit_code == 42);
}

TEST_CASE("the environment of a task leaves out the MPI job's variables", "[farm]") {
  ::setenv("OMPI_COMM_WORLD_RANK", "1", 1);
  ::setenv("PMIX_RANK", "1", 1);
  ::setenv("SLURM_STEP_ID", "0", 1);
  ::setenv("SLURM_JOB_ID", "77", 1);
  const std::vector<std::string> env = farm::task_environment_base({"PATH"});
  auto has = [&](const std::string& prefix) {
    for (const std::string& e : env)
      if (e.rfind(prefix, 0) == 0) return true;
    return false;
  };
  CHECK_FALSE(has("OMPI_COMM_WORLD_RANK="));
  CHECK_FALSE(has("PMIX_RANK="));
  CHECK_FALSE(has("SLURM_STEP_ID="));
  CHECK_FALSE(has("PATH="));
  CHECK(has("SLURM_JOB_ID=77"));
  for (const char* n : {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "SLURM_STEP_ID", "SLURM_JOB_ID"}) ::unsetenv(n);
}

TEST_CASE("the halt rule accepts fail=N and fail=P% only", "[farm]") {
  CHECK(farm::parse_halt_rule("fail=3").failures == 3);
  CHECK(farm::parse_halt_rule("fail=2.5%").percent == 2.5);
  for (const char* bad : {"fail=", "fail=0", "fail=-1", "fail=1.5", "fail=101%", "3", "fail=x", "fail=nan%"})
    CHECK_THROWS_AS(farm::parse_halt_rule(bad), core::UsageError);
}

namespace {

io::RetryPolicy no_backoff(int retries) { return io::RetryPolicy{retries, 0, 0}; }

}  // namespace

TEST_CASE("the ledger journals results, retries failures and halts", "[farm]") {
  pc_test::TempDir dir;
  const farm::TaskList list = farm::parse_task_file("exec -- a\nexec -- b\nexec -- c\n", "t");
  io::Journal journal = io::Journal::create(dir.file("j"));
  farm::Ledger ledger(list, std::vector<bool>{false, false, true}, journal, no_backoff(1), farm::HaltRule{1, 0});
  CHECK(ledger.counts().resumed == 1);
  CHECK(ledger.left() == 2);
  farm::Assignment a, b;
  REQUIRE(ledger.next(a));
  REQUIRE(ledger.next(b));
  CHECK(a.index == 0);
  CHECK(b.index == 1);
  farm::Assignment none;
  CHECK_FALSE(ledger.next(none));
  farm::Finished failed{a, {}, false};
  failed.result.id = list.tasks[0].id;
  failed.result.status = farm::Status::failed;
  ledger.finish(failed);  // first attempt: queued again
  CHECK(ledger.counts().done == 0);
  CHECK(ledger.left() == 1);
  farm::Finished interrupted{b, {}, true};
  ledger.finish(interrupted);  // not a result: back at the front
  CHECK(ledger.left() == 2);
  REQUIRE(ledger.next(b));
  CHECK(b.index == 1);
  REQUIRE(ledger.next(a));
  CHECK(a.attempt == 2);
  failed.assignment = a;
  ledger.finish(failed);  // out of retries: journaled, and the halt rule (1 failure) trips
  CHECK(ledger.counts().failed == 1);
  CHECK(ledger.halted());
  CHECK_FALSE(ledger.finished());  // b still runs
  ledger.finish({b, {}, false});
  CHECK(ledger.finished());
  journal.close();
  const farm::Journaled j = farm::read_journaled(dir.file("j"), farm::Decode::ids);
  CHECK(j.ids.size() == 2);
  CHECK(j.died_in.empty());  // nothing was in flight at the end, clean or not
}

TEST_CASE("a retry passes by the rank it failed on for the tasks behind it", "[farm]") {
  pc_test::TempDir dir;
  const farm::TaskList list = farm::parse_task_file("exec -- a\nexec -- b\nexec -- c\n", "t");
  io::Journal journal = io::Journal::create(dir.file("j"));
  farm::Ledger ledger(list, {}, journal, no_backoff(2), farm::HaltRule{});
  farm::Assignment a, b;
  REQUIRE(ledger.next(a, 1));
  farm::Finished failed{a, {}, false};
  failed.result.status = farm::Status::failed;
  failed.result.rank = 1;
  ledger.finish(failed);  // queued again behind b and c, to run elsewhere than rank 1
  REQUIRE(ledger.next(b, 1));
  CHECK(b.index == 1);
  REQUIRE(ledger.next(b, 1));
  CHECK(b.index == 2);
  farm::Assignment retry;
  CHECK_FALSE(ledger.next(retry, 1));  // only rank 1's own failure is left
  CHECK(ledger.left() == 1);
  REQUIRE(ledger.next(retry, 2));
  CHECK(retry.index == 0);
  CHECK(retry.attempt == 2);
  CHECK(retry.failed_on == 1);
  failed = {retry, {}, false};
  failed.result.status = farm::Status::failed;
  failed.result.rank = 2;
  ledger.finish(failed);
  REQUIRE(ledger.next(retry));  // no rank to avoid: any
  CHECK(retry.attempt == 3);
  CHECK(retry.failed_on == 2);
}

TEST_CASE("a retry waits out its backoff while the tasks behind it go first", "[farm]") {
  pc_test::TempDir dir;
  const farm::TaskList list = farm::parse_task_file("exec -- a\nexec -- b\n", "t");
  io::Journal journal = io::Journal::create(dir.file("j"));
  farm::Ledger ledger(list, {}, journal, io::RetryPolicy{2, 0.4, 600}, farm::HaltRule{});
  farm::Assignment a, b, retry;
  REQUIRE(ledger.next(a));
  farm::Finished failed{a, {}, false};
  failed.result.status = farm::Status::failed;
  const auto t0 = std::chrono::steady_clock::now();
  ledger.finish(failed);  // backoff: 0.2 to 0.4 s (at least half under jitter)
  REQUIRE(ledger.next(b));
  CHECK(b.index == 1);
  CHECK_FALSE(ledger.next(retry));
  CHECK(ledger.left() == 1);
  CHECK_FALSE(ledger.finished());
  while (!ledger.next(retry)) ::usleep(5000);
  const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(retry.index == 0);
  CHECK(retry.attempt == 2);
  CHECK(waited >= 0.2);
  CHECK(waited < 2.0);
  failed.assignment = retry;
  const auto t1 = std::chrono::steady_clock::now();
  ledger.finish(failed);  // the second backoff doubles: 0.4 to 0.8 s
  while (!ledger.next(retry)) ::usleep(5000);
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count() >= 0.4);
  CHECK(retry.attempt == 3);
}

TEST_CASE("a retry whose backoff ended goes first, also behind many still waiting", "[farm]") {
  pc_test::TempDir dir;
  std::string text;
  for (int i = 0; i < 70; ++i) text += "exec -- t" + std::to_string(i) + "\n";
  const farm::TaskList list = farm::parse_task_file(text, "t");
  io::Journal journal = io::Journal::create(dir.file("j"));
  farm::Ledger ledger(list, {}, journal, io::RetryPolicy{10, 0.05, 600}, farm::HaltRule{});
  std::vector<farm::Assignment> out(70);
  for (farm::Assignment& a : out) REQUIRE(ledger.next(a));
  farm::Finished failed{{}, {}, false};
  failed.result.status = farm::Status::failed;
  for (int i = 0; i < 69; ++i) {
    failed.assignment = out[static_cast<std::size_t>(i)];
    failed.assignment.attempt = 9;  // a backoff of 6.4 to 12.8 s
    ledger.finish(failed);
  }
  failed.assignment = out[69];  // a first failure: 25 to 50 ms
  ledger.finish(failed);
  CHECK(ledger.left() == 70);
  farm::Assignment retry;
  for (int i = 0; i < 400 && !ledger.next(retry); ++i) ::usleep(5000);
  CHECK(retry.index == 69);
  CHECK(retry.attempt == 2);
}

TEST_CASE("once the farm stops, a task killed by a signal is not a failure but left to resume", "[farm]") {
  pc_test::TempDir dir;
  const farm::TaskList list = farm::parse_task_file("exec -- a\nexec -- b\nexec -- c\n", "t");
  io::Journal journal = io::Journal::create(dir.file("j"));
  farm::Ledger ledger(list, {}, journal, no_backoff(0), farm::HaltRule{});
  farm::Assignment a, b, c;
  REQUIRE(ledger.next(a));
  REQUIRE(ledger.next(b));
  REQUIRE(ledger.next(c));
  farm::Finished killed{a, {}, false};
  killed.result.status = farm::Status::failed;
  killed.result.failure = farm::Failure::signal;
  killed.result.signal = SIGTERM;
  ledger.finish(killed);  // before a stop: a failure like any other
  CHECK(ledger.counts().failed == 1);
  ledger.stop();
  killed.assignment = b;
  ledger.finish(killed);  // during a stop: not journaled, back in the queue
  CHECK(ledger.counts().failed == 1);
  CHECK(ledger.counts().done == 1);
  CHECK(ledger.left() == 1);
  killed.assignment = c;
  killed.result.signal = SIGSEGV;
  ledger.finish(killed);  // a crash during a stop is still a failure
  CHECK(ledger.counts().failed == 2);
  CHECK(ledger.left() == 1);
  journal.close();
  const farm::Journaled j = farm::read_journaled(dir.file("j"), farm::Decode::ids);
  CHECK(j.ids.size() == 2);
  CHECK(j.died_in.empty());  // b was given back
}

// A ledger of four exec tasks over a journal with its header.
struct FourTasks {
  pc_test::TempDir dir;
  farm::TaskList list = farm::parse_task_file("exec -- a\nexec -- b\nexec -- c\nexec -- d\n", "t");
  io::Journal journal = header_first(io::Journal::create(path()));
  farm::Ledger ledger{list, {}, journal, no_backoff(0), farm::HaltRule{}};

  std::string path() const { return dir.file("j"); }
  static io::Journal header_first(io::Journal j) {
    j.append(farm::header_record({}));
    return j;
  }
  // The task `x` ended well.
  farm::Finished finished(const farm::Assignment& x) const {
    farm::Finished f{x, {}, false};
    f.result.id = list.tasks[x.index].id;
    return f;
  }
};

TEST_CASE("a task the ledger handed out is in flight in the journal until its result", "[farm]") {
  FourTasks t;
  const auto send = [&t](farm::Assignment& x) {
    REQUIRE(t.ledger.next(x));
    t.ledger.sent({x});
  };
  farm::Assignment a, b, c, d;
  send(a);
  send(b);
  // In the file at once, without a sync: a task that kills its farm at its start is out.
  CHECK(farm::read_journaled(t.path(), farm::Decode::ids).died_in.size() == 2);
  REQUIRE(t.ledger.next(d));  // taken, not sent yet (a static block): not in flight
  t.ledger.finish(t.finished(a));
  send(c);
  t.ledger.put_back(c);
  t.ledger.sync_if_due();
  t.journal.sync();
  // Killed here: b was running.
  const farm::Journaled died = farm::read_journaled(t.path(), farm::Decode::ids);
  CHECK(died.died_in == std::unordered_map<std::uint64_t, std::uint32_t>{{t.list.tasks[1].id, 1}});
  t.ledger.finish(t.finished(b));
  send(c);
  t.ledger.put_back(c);
  send(c);
  t.ledger.end_cleanly();  // a clean end: what is in flight then is not a death
  t.journal.close();
  CHECK(farm::read_journaled(t.path(), farm::Decode::ids).died_in.empty());
}

TEST_CASE("isolated tasks run first, one at a time with nothing beside them, journaled alone", "[farm]") {
  FourTasks t;
  t.ledger.isolate({3, 1});
  CHECK(t.ledger.isolating());
  CHECK(t.ledger.left() == 4);
  farm::Assignment a, b;
  REQUIRE(t.ledger.next(a));
  CHECK(a.index == 1);            // in list order
  CHECK_FALSE(t.ledger.next(b));  // nothing beside it
  // Killed here: b ran alone.
  const farm::Journaled died = farm::read_journaled(t.path(), farm::Decode::ids);
  CHECK(died.died_alone == std::vector<std::uint64_t>{t.list.tasks[1].id});
  t.ledger.finish(t.finished(a));
  REQUIRE(t.ledger.next(a));
  CHECK(a.index == 3);
  CHECK_FALSE(t.ledger.next(b));
  CHECK_FALSE(t.ledger.finished());
  t.ledger.finish(t.finished(a));
  CHECK_FALSE(t.ledger.isolating());  // a static schedule may cut its blocks now
  REQUIRE(t.ledger.next(a));
  REQUIRE(t.ledger.next(b));  // the rest side by side
  CHECK((a.index == 0 && b.index == 2));
  t.ledger.finish(t.finished(a));
  t.ledger.finish(t.finished(b));
  CHECK(t.ledger.finished());
  t.ledger.end_cleanly();
  t.journal.close();
  const farm::Journaled j = farm::read_journaled(t.path(), farm::Decode::ids);
  CHECK(j.died_alone.empty());
  CHECK(j.ids.size() == 4);
}

TEST_CASE("the default slots are the CPUs the rank may use over the threads per task", "[farm]") {
  const char* before = std::getenv("SLURM_CPUS_PER_TASK");
  const std::string saved = before ? before : "";
  farm::DispatchSettings s;
  s.slots = 5;
  CHECK(farm::slots_of(s) == 5);  // asked for
  s.slots = 0;
  ::setenv("SLURM_CPUS_PER_TASK", "6", 1);  // Slurm's allotment wins over the mask
  CHECK(farm::slots_of(s) == 6);
  s.task.threads_per_task = 4;
  CHECK(farm::slots_of(s) == 1);  // never below one
  s.task.threads_per_task = 2;
  CHECK(farm::slots_of(s) == 3);
  ::unsetenv("SLURM_CPUS_PER_TASK");
  s.task.threads_per_task = 1;
  CHECK(farm::slots_of(s) == static_cast<int>(pc::omp::usable_cpus().size()));
  if (before) ::setenv("SLURM_CPUS_PER_TASK", saved.c_str(), 1);
}

TEST_CASE("a slot is busy until its result is taken, not only until its task ends", "[farm]") {
  // The single-process farm starts a task whenever busy() < count; a finished task whose
  // result was not taken yet may be the one that halts the farm, so it still holds its slot.
  std::atomic<bool> ran{false};
  farm::Slots slots(1, [&ran](const farm::Assignment& a, int) {
    farm::Finished f;
    f.assignment = a;
    ran = true;
    return f;
  });
  slots.push({0, 1});
  for (int i = 0; i < 400 && !ran; ++i) ::usleep(5000);
  ::usleep(50000);  // the slot thread hands its result over just after the task returns
  CHECK(slots.busy() == 1);
  std::vector<farm::Finished> done;
  slots.take(std::chrono::milliseconds(0), [&done](farm::Finished&& f) { done.push_back(std::move(f)); });
  REQUIRE(done.size() == 1);
  CHECK(done[0].assignment.index == 0);
  CHECK(slots.busy() == 0);
}

namespace {

// One slot whose task 0 fails, counting the tasks it starts, with tasks 0..count-1 pushed;
// returned once task 0 has ended and its result waits for the owner.
std::unique_ptr<farm::Slots> first_task_failed(std::atomic<int>& started, std::uint32_t count) {
  auto slots = std::make_unique<farm::Slots>(1, [&started](const farm::Assignment& a, int) {
    ++started;
    farm::Finished f;
    f.assignment = a;
    if (a.index == 0) f.result.status = farm::Status::failed;
    return f;
  });
  for (std::uint32_t i = 0; i < count; ++i) slots->push({i, 1});
  for (int i = 0; i < 400 && started == 0; ++i) ::usleep(5000);
  ::usleep(50000);
  return slots;
}

}  // namespace

TEST_CASE("a failed result holds the queue until its owner has seen it", "[farm]") {
  // Queued tasks must not start while the failure that may halt the farm is unseen.
  std::atomic<int> started{0};
  const std::unique_ptr<farm::Slots> held = first_task_failed(started, 3);
  farm::Slots& slots = *held;
  CHECK(started == 1);
  std::vector<farm::Finished> first;
  slots.take(std::chrono::milliseconds(0), [&](farm::Finished&& f) {
    ::usleep(50000);  // while the owner looks at the failure, nothing starts
    CHECK(started == 1);
    first.push_back(std::move(f));
  });
  REQUIRE(first.size() == 1);
  CHECK(first[0].result.failed());
  std::vector<farm::Finished> rest;
  for (int i = 0; i < 400 && rest.size() < 2; ++i)
    slots.take(std::chrono::milliseconds(10), [&rest](farm::Finished&& f) { rest.push_back(std::move(f)); });
  REQUIRE(rest.size() == 2);
  CHECK(rest[0].assignment.index == 1);
  CHECK(rest[1].assignment.index == 2);
  CHECK(started == 3);
}

TEST_CASE("a failure's hold on the queue ends even when its owner throws", "[farm]") {
  std::atomic<int> started{0};
  const std::unique_ptr<farm::Slots> held = first_task_failed(started, 2);
  farm::Slots& slots = *held;
  REQUIRE(started == 1);
  CHECK_THROWS_AS(slots.take(std::chrono::milliseconds(0),
                             [](farm::Finished&&) { throw std::runtime_error("the journal cannot be written"); }),
                  std::runtime_error);
  for (int i = 0; i < 400 && started < 2; ++i) ::usleep(5000);
  CHECK(started == 2);
}

TEST_CASE("a hold keeps queued tasks from starting until it is gone", "[farm]") {
  std::atomic<int> started{0};
  farm::Slots slots(1, [&started](const farm::Assignment& a, int) {
    ++started;
    farm::Finished f;
    f.assignment = a;
    return f;
  });
  std::optional<farm::Slots::Hold> hold;
  hold.emplace(slots);
  slots.push({0, 1});
  ::usleep(50000);
  CHECK(started == 0);
  hold.reset();
  for (int i = 0; i < 400 && started < 1; ++i) ::usleep(5000);
  CHECK(started == 1);
}

TEST_CASE("slots want one task each until tasks are timed, then about 10 ms of them", "[farm]") {
  farm::Slots slots(2, [](const farm::Assignment& a, int) {
    farm::Finished f;
    f.assignment = a;
    f.result.seconds = 0.001;  // as if each took a millisecond
    return f;
  });
  CHECK(slots.wanted() == 2);
  slots.push({0, 1});
  slots.push({1, 1});
  std::size_t taken = 0;
  for (int i = 0; i < 400 && taken < 2; ++i)
    slots.take(std::chrono::milliseconds(10), [&taken](farm::Finished&&) { ++taken; });
  REQUIRE(taken == 2);
  // 10 ms of 1 ms tasks a slot, and the one each runs: 2 x (1 + 10).
  CHECK(slots.wanted() == 22);
}

TEST_CASE("a run line is parsed once and each task gets a fresh copy", "[farm]") {
  farm::ParsedKernels kernels;
  const std::vector<std::string> words = {"run", "stencil", "--size", "40", "--iterations", "2"};
  std::unique_ptr<jobs::Kernel> a = kernels.get(words);
  std::unique_ptr<jobs::Kernel> b = kernels.get(words);
  REQUIRE(a != nullptr);
  REQUIRE(b != nullptr);
  CHECK(a.get() != b.get());
  const mpi::Comm alone;
  a->run(alone);
  b->run(alone);
  CHECK(a->validates());
  CHECK(b->validates());
  auto size_of = [](const jobs::Kernel& k) {
    for (const jobs::RecordValue& v : k.record().values)
      if (v.name == "size") return io::h5::to_text(v.value);
    return std::string("none");
  };
  CHECK(size_of(*a) == "40");
  CHECK(size_of(*b) == "40");
  // A copy of a kernel that ran has its options and not its result.
  const std::unique_ptr<jobs::Kernel> again = a->clone();
  CHECK_FALSE(again->validates());
  CHECK(size_of(*again) == "40");
  again->run(alone);
  CHECK(again->validates());
  const std::vector<std::string> other = {"run", "stencil", "--size", "30", "--iterations", "1"};
  std::unique_ptr<jobs::Kernel> c = kernels.get(other);
  c->run(alone);
  CHECK(size_of(*c) == "30");
  CHECK_THROWS_AS(kernels.get({"run", "stencil", "--size", "x"}), core::UsageError);
  CHECK_THROWS_AS(kernels.get({"run", "nosuch"}), core::UsageError);
}
