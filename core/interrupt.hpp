// How a run ends when it is stopped: a termination signal removes the partial file this
// process is writing (if any) and exits with status 3, at whatever moment it arrives.
#pragma once
#include <string>

namespace pc::core {

// Installs the handler for SIGINT, SIGTERM, SIGHUP and SIGQUIT. Call first thing in main, so
// that no moment of a run (reading a FIFO, starting MPI, computing) is left to the defaults.
void stop_cleanly_on_signals();

// While one lives, the first termination signal is only recorded (signal() returns it), so
// that a run with work in flight can stop handing out work, let it end and write what it
// has; a second signal ends the run at once, as without it.
class DeferredStop {
 public:
  DeferredStop();
  ~DeferredStop();
  DeferredStop(const DeferredStop&) = delete;
  DeferredStop& operator=(const DeferredStop&) = delete;
  int signal() const;  // 0 until a signal arrived
};

// The one partial file of this process. Register its path BEFORE the file is created and
// forget it only AFTER it has been renamed away: a signal then removes at most a name that
// does not exist yet or no longer does, and never leaves a partial file behind. A second
// registration before the first is forgotten or removed throws: one at a time.
void register_partial_file(const std::string& path);
void forget_partial_file();
// Removes the registered partial file now (async-signal-safe): for the paths that end the
// process without unwinding, such as MPI_Abort.
void remove_partial_file() noexcept;

// Test hook: when the environment variable PARCOMPUTE_TEST_PAUSE is `phase` or
// `phase:FIFO`, prints "parcompute: test hook: paused at PHASE (pid N)" on stderr and waits:
// for a signal (which ends the run as any signal does), or for one byte from FIFO (then the
// run goes on), so a test can act at exactly that phase. Phases are listed in docs/cli.md.
void pause_for_test(const char* phase);

}  // namespace pc::core
