// The signal handler may only call async-signal-safe functions (unlink, write, _exit), so
// the partial path lives in a fixed buffer, armed and disarmed by a sig_atomic_t flag.
#include "core/interrupt.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "core/error.hpp"

namespace pc::core {

namespace {

char g_partial[4096] = {};
volatile std::sig_atomic_t g_armed = 0;
volatile std::sig_atomic_t g_deferring = 0;
volatile std::sig_atomic_t g_stop = 0;

void on_signal(int sig) {
  if (g_deferring && g_stop == 0) {
    g_stop = sig;
    return;
  }
  remove_partial_file();
  ::_exit(static_cast<int>(Exit::interrupted));
}

}  // namespace

void stop_cleanly_on_signals() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&sa.sa_mask, s);  // one clean-up at a time
  for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) ::sigaction(s, &sa, nullptr);
}

DeferredStop::DeferredStop() {
  g_stop = 0;
  g_deferring = 1;
}

DeferredStop::~DeferredStop() { g_deferring = 0; }

int DeferredStop::signal() const { return g_stop; }

void register_partial_file(const std::string& path) {
  if (path.empty() || path.size() >= sizeof g_partial)
    throw Error("internal error: partial file path of " + std::to_string(path.size()) + " bytes");
  // One slot, so a second registration would leave the first file behind on a signal.
  if (g_armed)
    throw Error(std::string("internal error: a second partial file (") + path + ") while " + g_partial +
                " is being written: one results file at a time");
  std::memcpy(g_partial, path.c_str(), path.size() + 1);
  g_armed = 1;
}

void forget_partial_file() { g_armed = 0; }

void remove_partial_file() noexcept {
  if (g_armed) ::unlink(g_partial);
  g_armed = 0;
}

void pause_for_test(const char* phase) {
  const char* wanted = std::getenv("PARCOMPUTE_TEST_PAUSE");
  if (!wanted) return;
  const std::string_view setting(wanted);
  const auto colon = setting.find(':');
  if (setting.substr(0, colon) != phase) return;
  const std::string line =
      std::string("parcompute: test hook: paused at ") + phase + " (pid " + std::to_string(::getpid()) + ")\n";
  if (::write(STDERR_FILENO, line.data(), line.size()) < 0) return;
  // The process keeps running (no SIGSTOP), so a signal is handled at once, as in a real run.
  if (colon == std::string_view::npos)
    for (;;) ::pause();
  const std::string fifo(setting.substr(colon + 1));
  const int fd = ::open(fifo.c_str(), O_RDONLY | O_CLOEXEC);  // blocks until the test opens it
  char go = 0;
  while (fd >= 0 && ::read(fd, &go, 1) < 0 && errno == EINTR) {
  }
  if (fd >= 0) ::close(fd);
}

}  // namespace pc::core
