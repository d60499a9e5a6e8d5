// One exec task: a program started without a shell, in its own process group, tied to the
// farm's life, its output kept head and tail, its group killed on timeout or stop.
#pragma once
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pc::farm {

struct ProgramSpec {
  std::vector<std::string> argv;         // argv[0] is looked up in PATH when it has no '/'
  std::string file;                      // what to exec, from ProgramPaths; "": argv[0], as above
  std::vector<std::string> environment;  // the whole environment, "NAME=value"
  double timeout = 0;                    // seconds; 0: none
  double grace = 5;                      // seconds between TERM and KILL
  std::string log_path;                  // "": keep only head and tail; else the full output
};

struct ProgramOutcome {
  int exit_code = -1;  // -1 when it did not exit (signalled) or never started
  int signal = 0;
  bool timed_out = false;
  bool stopped = false;     // ended because the farm was asked to stop
  std::string start_error;  // "" when it started
  std::int64_t peak_rss_kib = 0;
  double seconds = 0;
  std::string out_head, out_tail, err_head, err_tail;
};

// Bytes of output kept at each end of stdout and stderr.
inline constexpr std::size_t kKeptOutput = 4096;

// Runs the program to its end. `stop_signal` is polled: once it returns a signal number, the
// signal goes to the program's whole group, and KILL follows after the grace. The program
// gets PR_SET_PDEATHSIG(SIGKILL), tied to the calling thread: call from a thread that
// outlives the program (a slot's).
ProgramOutcome run_program(const ProgramSpec& spec, const std::function<int()>& stop_signal);

// The file execvp would run for `name` with `search_path` as PATH: `name` itself when it
// holds a '/', else the first executable regular file `name` in an entry of `search_path`
// (an empty entry is the current folder). "" when there is none, so that the child searches
// as before and reports ENOENT or EACCES the way execvp does.
std::string find_program(const std::string& name, std::string_view search_path);

// find_program's answers for one farm run, shared by its slots: PATH is searched once per
// distinct program instead of once per task.
class ProgramPaths {
 public:
  // The file for `name` under the PATH of `environment` ("NAME=value" entries).
  std::string find(const std::string& name, const std::vector<std::string>& environment);

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::string> found_;  // by PATH, '\0', name
};

// This process's environment without what would make a child MPI program join our job
// (OMPI_*, PMIX_*, PMI_*, SLURM_STEP_*) and without the names in `replaced`.
std::vector<std::string> task_environment_base(const std::vector<std::string>& replaced);

}  // namespace pc::farm
