// The one error policy of every command, run as a lone process (no MPI started): what each
// kind of failure of the command's body becomes.
#include <catch2/catch.hpp>

#include <new>
#include <stdexcept>

#include "core/error.hpp"
#include "jobs/command/collective.hpp"

namespace {
int run(const std::function<int(const pc::mpi::Comm&)>& body) {
  static char name[] = "parcompute";
  static char* args[] = {name, nullptr};
  int argc = 1;
  char** argv = args;
  return pc::jobs::run_collectively(argc, argv, pc::jobs::MpiUse::when_launched, body);
}
}  // namespace

TEST_CASE("a command's status passes through, each failure of its body has its own status") {
  CHECK(run([](const pc::mpi::Comm& comm) { return comm.size == 1 && comm.root() ? 7 : -1; }) == 7);
  CHECK(run([](const pc::mpi::Comm&) -> int { throw pc::core::UsageError("--size: not a number"); }) == 2);
  CHECK(run([](const pc::mpi::Comm&) -> int { throw std::bad_alloc(); }) == 2);  // too big for memory: the user's
  CHECK(run([](const pc::mpi::Comm&) -> int { throw pc::core::Error("an invariant failed"); }) == 4);
  CHECK(run([](const pc::mpi::Comm&) -> int { throw std::runtime_error("a thread could not start"); }) == 4);
}
