// Running a short helper program (sbatch, squeue) and reading what it prints.
#pragma once
#include <chrono>
#include <string>
#include <vector>

namespace pc::core {

struct CommandResult {
  bool started = false;  // false: not found or not runnable (`error` says why)
  bool timed_out = false;
  int status = -1;  // the exit status when it exited, else -1
  std::string out, err, error;
};

// Runs argv[0] found on PATH, with `input` on its stdin, and collects its stdout and stderr;
// one still running after `limit` is killed (timed_out).
CommandResult run_command(const std::vector<std::string>& argv, const std::string& input,
                          std::chrono::milliseconds limit);

// `text` without trailing white space, its newlines made spaces: a tool's message as one line.
std::string one_line(std::string text);

}  // namespace pc::core
