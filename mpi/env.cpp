// MPI start-up and shutdown with the hygiene design.md asks for.
#include "mpi/env.hpp"

#include <cstdlib>
#include <exception>

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/log.hpp"

namespace pc::mpi {

void check(int rc, const char* call) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING] = {};
  int len = 0;
  if (MPI_Error_string(rc, text, &len) != MPI_SUCCESS) len = 0;
  if (len == 0) throw core::LibraryError("MPI", call, "error code " + std::to_string(rc));
  throw core::LibraryError("MPI", call, std::string(text, static_cast<std::size_t>(len)));
}

namespace {
std::string g_context;  // AbortContext's: main thread only, as every MPI call here

void on_terminate() {
  std::string what = "unhandled exception";
  if (auto e = std::current_exception()) {
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      what = ex.what();
    } catch (...) {
    }
  }
  abort(static_cast<int>(core::Exit::internal), g_context.empty() ? what : g_context + ": " + what);
}
}  // namespace

AbortContext::AbortContext(std::string what) { g_context = std::move(what); }
AbortContext::~AbortContext() { g_context.clear(); }

void route_terminate_to_abort() { std::set_terminate(on_terminate); }

Env::Env(int& argc, char**& argv) {
  // Started without a launcher, Open MPI would fork a helper daemon for the singleton; an
  // isolated singleton needs none. The ob1 point-to-point layer also starts faster than the
  // default selection here. A user's own settings win.
  if (!std::getenv("OMPI_COMM_WORLD_SIZE") && !std::getenv("PMIX_RANK")) {
    setenv("OMPI_MCA_ess_singleton_isolated", "1", 0);
    setenv("OMPI_MCA_pml", "ob1", 0);
  }
  // Open MPI's own MPI-IO (ompio) writes a chunked HDF5 dataset several times slower than
  // ROMIO here (docs/benchmarks.md, "Numbers behind code choices") and prints mmap errors from its shared file
  // pointer component; ROMIO does neither. Every rank sets the same, so they agree.
  setenv("OMPI_MCA_io", "romio321", 0);
  int provided = 0;
  check(MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  check(MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN), "MPI_Comm_set_errhandler");
  route_terminate_to_abort();
  if (provided < MPI_THREAD_FUNNELED)
    throw core::LibraryError("MPI", "MPI_Init_thread", "the library does not provide MPI_THREAD_FUNNELED");
}

Env::~Env() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

std::string library_version() {
  char text[MPI_MAX_LIBRARY_VERSION_STRING] = {};
  int len = 0;
  MPI_Get_library_version(text, &len);
  std::string s(text, static_cast<std::size_t>(len));
  while (!s.empty() && (s.back() == '\n' || s.back() == '\0' || s.back() == ' ')) s.pop_back();
  if (const auto comma = s.find(','); comma != std::string::npos) s = s.substr(0, comma);
  return s;
}

std::string standard_version() {
  int major = 0, minor = 0;
  MPI_Get_version(&major, &minor);
  return std::to_string(major) + "." + std::to_string(minor);
}

int usage_exit(const std::string& message) {
  int initialized = 0, rank = 0;
  MPI_Initialized(&initialized);
  if (initialized) MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank == 0) core::print_error(message);
  if (initialized) MPI_Barrier(MPI_COMM_WORLD);
  return static_cast<int>(core::Exit::usage);
}

void abort(int code, const std::string& message) {
  int initialized = 0, finalized = 0, rank = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  if (initialized && !finalized) MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  core::print_error("rank " + std::to_string(rank) + ": " + message);
  core::remove_partial_file();  // MPI_Abort ends the process without unwinding
  if (initialized && !finalized) MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

}  // namespace pc::mpi
