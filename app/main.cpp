// parcompute: parse the command line on every rank, report usage errors once, dispatch.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "app/commands.hpp"
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
  pc::app::Program program;
  pc::app::Invocation inv{argc, argv, join_args(argc, argv)};
  try {
    if (!program.parse(std::vector<std::string>(argv + 1, argv + argc), speaker)) return 0;
    program.check();
    return program.execute(inv);
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
}

}  // namespace

int main(int argc, char** argv) {
  pc::core::stop_cleanly_on_signals();
  hold_closed_standard_streams();
  return finish_standard_output(dispatch(argc, argv));
}
