// parcompute: parse the command line on every rank, report usage errors once, dispatch.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "app/commands.hpp"
#include "core/build_info.hpp"
#include "core/error.hpp"
#include "core/host.hpp"
#include "core/interrupt.hpp"
#include "core/log.hpp"
#include "mpi/env.hpp"

namespace {

std::string join_args(int argc, char** argv) {
  std::string out;
  for (int i = 0; i < argc; ++i) out += (i ? " " : "") + std::string(argv[i]);
  return out;
}

std::string version_text() {
  return std::string("parcompute ") + pc::core::kVersion + " (git " + std::string(pc::core::kGitCommit).substr(0, 12) +
         (pc::core::kGitDirty == 1 ? ", dirty" : "") + ")";
}

// CLI11's message, made one line that says where help is.
std::string usage_message(const CLI::ParseError& e, const CLI::App& app) {
  std::string what = e.what();
  for (char& c : what)
    if (c == '\n') c = ' ';
  std::string where = "parcompute";
  for (const CLI::App* sub = &app; sub;) {
    const CLI::App* next = nullptr;
    for (const CLI::App* s : sub->get_subcommands()) {
      where += " " + s->get_name();
      next = s;
    }
    sub = next;
  }
  return what + " (see '" + where + " --help')";
}

// When no subcommand was recognised: name the word given and the commands accepted ("" if
// no word was given).
std::string unknown_command_message(const CLI::App& app, int argc, char** argv) {
  std::string names;
  for (const CLI::App* sub : app.get_subcommands({})) names += (names.empty() ? "" : ", ") + sub->get_name();
  for (int i = 1; i < argc; ++i)
    if (argv[i][0] != '-') return "unknown command '" + std::string(argv[i]) + "' (accepted: " + names + ")";
  return "";
}

// A standard stream that was closed when parcompute started would be reused as the number of
// the first file it opens, and the report would be written into the results file. Each is
// held by /dev/null opened read-only instead, so writing to it fails, and the failure is seen.
void hold_closed_standard_streams() {
  for (int fd = 0; fd <= 2; ++fd)
    if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF && ::open("/dev/null", O_RDONLY) != fd) return;
}

// The report is the run's answer: when it cannot be written (a full device, a closed
// stdout), the run failed, as in coreutils. Returns the status to exit with.
int finish_standard_output(int status) {
  std::cout.flush();
  errno = 0;
  const bool flushed = std::fflush(stdout) == 0;
  const int err = errno;
  if (flushed && !std::ferror(stdout) && std::cout.good()) return status;
  pc::core::print_error(std::string("cannot write the report to standard output") +
                        (err != 0 ? std::string(": ") + std::strerror(err) : std::string()));
  return static_cast<int>(pc::core::Exit::internal);
}

int dispatch(int argc, char** argv) {
  using pc::core::Exit;
  // Under mpirun every rank parses the same line; only the first says what is wrong.
  const bool speaker = pc::core::launcher_rank() == 0;
  CLI::App app{
      "parcompute: MPI ranks, OpenMP threads and asynchronous I/O for parallel work,\n"
      "with every result in one self-describing HDF5 file.",
      "parcompute"};
  app.set_version_flag("--version", version_text(), "Print the version and exit");
  app.require_subcommand(1);
  app.footer(
      "Examples:\n  mpirun -n 4 parcompute run sumsq\n  OMP_NUM_THREADS=2 parcompute run sumsq --sizes 1e7,2e7\n"
      "  mpirun -n 2 parcompute fetch --input urls.txt --max-in-flight 16\n"
      "  parcompute farm tasks.txt --retries 1 -o sweep.h5\n"
      "  parcompute merge sweep.h5 sweep-part-*.h5\n"
      "  parcompute inspect parcompute-sumsq-*.h5\n  parcompute info");
  pc::app::RunCommand run(app);
  pc::app::FetchCommand fetch(app);
  pc::app::FarmCommand farm(app);
  pc::app::MergeCommand merge(app);
  pc::app::InspectCommand inspect(app);
  pc::app::InfoCommand info(app);
  pc::app::Invocation inv{argc, argv, join_args(argc, argv)};

  try {
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      if (e.get_exit_code() == 0) {  // --help, --version
        if (speaker) app.exit(e);
        return 0;
      }
      std::string message;
      if (run.app()->parsed()) message = run.unknown_kernel_message(argc, argv);
      else if (app.get_subcommands().empty()) message = unknown_command_message(app, argc, argv);
      throw pc::core::UsageError(message.empty() ? usage_message(e, app) : message);
    }
    if (run.app()->parsed()) {
      run.check();
      return run.execute(inv);
    }
    if (fetch.app()->parsed()) {
      fetch.check();
      return fetch.execute(inv);
    }
    if (farm.app()->parsed()) {
      farm.check();
      return farm.execute(inv);
    }
    if (merge.app()->parsed()) {
      merge.check();
      return merge.execute(inv);
    }
    if (inspect.app()->parsed()) return inspect.execute();
    if (info.app()->parsed()) return info.execute(inv);
  } catch (const pc::core::Error& e) {
    if (e.exit_status() == Exit::usage && pc::core::launched_as_one_of_many()) {
      // Every rank found the same error before starting MPI; start it to say so once.
      pc::mpi::Env env(argc, argv);
      return pc::mpi::usage_exit(e.what());
    }
    pc::core::print_error(e.what());
    return static_cast<int>(e.exit_status());
  } catch (const std::exception& e) {
    pc::core::print_error(std::string("internal error: ") + e.what());
    return static_cast<int>(Exit::internal);
  }
  return static_cast<int>(Exit::usage);
}

}  // namespace

int main(int argc, char** argv) {
  pc::core::stop_cleanly_on_signals();
  hold_closed_standard_streams();
  return finish_standard_output(dispatch(argc, argv));
}
