// MPI for one run: initialised with FUNNELED (only the main thread calls MPI), errors
// returned to the checking helper, std::terminate routed to MPI_Abort, finalised at exit.
#pragma once
#include <mpi.h>

#include <string>

namespace pc::mpi {

// Throws core::LibraryError naming the MPI call and MPI's message when rc != MPI_SUCCESS.
void check(int rc, const char* call);

class Env {
 public:
  Env(int& argc, char**& argv);
  ~Env();
  Env(const Env&) = delete;
  Env& operator=(const Env&) = delete;
};

// The MPI library's own version string (callable before MPI_Init).
std::string library_version();
// MPI standard version, e.g. "3.1".
std::string standard_version();

// Reports a usage error once (rank 0) and returns status 2 on every rank, after a barrier:
// a rank that exited first would make mpirun kill rank 0 before it had said why. Without
// MPI started it just prints.
int usage_exit(const std::string& message);

// Ends the whole job with `code` after printing `message` with this rank's number.
[[noreturn]] void abort(int code, const std::string& message);

// Makes std::terminate end the job through abort() (status 4, the partial file removed, the
// AbortContext named). Env does it; a lone process that never starts MPI calls it itself.
void route_terminate_to_abort();

// While it lives, names what this rank is doing, for the message of a failure that ends the
// job through std::terminate (a noexcept collective section such as write_field).
class AbortContext {
 public:
  explicit AbortContext(std::string what);
  ~AbortContext();
  AbortContext(const AbortContext&) = delete;
  AbortContext& operator=(const AbortContext&) = delete;
};

}  // namespace pc::mpi
