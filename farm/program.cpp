// fork + exec rather than posix_spawn: the child must set PR_SET_PDEATHSIG, which
// posix_spawn cannot. Between fork and exec the child calls only async-signal-safe functions.
#include "farm/program.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>
#include <utility>

#include "core/posix.hpp"

extern char** environ;

namespace pc::farm {

namespace {

using clock = std::chrono::steady_clock;

// What a program wrote on one stream: the first and the last kKeptOutput bytes, and all of
// it in the log file when there is one.
class Capture {
 public:
  void add(const char* data, std::size_t n) {
    const std::size_t to_head = std::min(n, kKeptOutput - std::min(kKeptOutput, head_.size()));
    head_.append(data, to_head);
    data += to_head;
    n -= to_head;
    if (n == 0) return;
    tail_.append(data, n);
    if (tail_.size() > 2 * kKeptOutput) tail_.erase(0, tail_.size() - kKeptOutput);
  }
  std::string head() const { return head_; }
  std::string tail() const { return tail_.size() > kKeptOutput ? tail_.substr(tail_.size() - kKeptOutput) : tail_; }

 private:
  std::string head_, tail_;
};

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(o.release()) {}
  Fd& operator=(Fd&& o) noexcept {
    reset(o.release());
    return *this;
  }
  ~Fd() { reset(-1); }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }
  void reset(int fd) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

struct Pipe {
  Fd read, write;
};

Pipe make_pipe() {
  int fds[2];
  core::check_posix(::pipe2(fds, O_CLOEXEC), "pipe2");
  return {Fd(fds[0]), Fd(fds[1])};
}

std::vector<char*> pointers(const std::vector<std::string>& words) {
  std::vector<char*> p;
  p.reserve(words.size() + 1);
  for (const std::string& w : words) p.push_back(const_cast<char*>(w.c_str()));
  p.push_back(nullptr);
  return p;
}

// The child side: never returns. Reports a failure to exec as its errno on `report`.
[[noreturn]] void become_program(pid_t parent, int out, int err, int report, char** argv, char** envp) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(127);  // the farm died before the line above took effect
  ::setpgid(0, 0);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE}) ::signal(s, SIG_DFL);
  const int null = ::open("/dev/null", O_RDONLY);
  if (null < 0 || ::dup2(null, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) {
    const int e = errno;
    (void)!::write(report, &e, sizeof e);
    ::_exit(127);
  }
  ::execvpe(argv[0], argv, envp);
  const int e = errno;
  (void)!::write(report, &e, sizeof e);
  ::_exit(127);
}

int open_pidfd(pid_t pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

double since(clock::time_point t0) { return std::chrono::duration<double>(clock::now() - t0).count(); }

}  // namespace

ProgramOutcome run_program(const ProgramSpec& spec, const std::function<int()>& stop_signal) {
  ProgramOutcome outcome;
  if (spec.argv.empty()) {
    outcome.start_error = "no program";
    return outcome;
  }
  std::vector<char*> argv = pointers(spec.argv);
  std::vector<char*> envp = pointers(spec.environment);
  Pipe out = make_pipe(), err = make_pipe(), report = make_pipe();
  Fd log;
  if (!spec.log_path.empty()) {
    log.reset(::open(spec.log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (log.get() < 0) core::fail_posix("open " + spec.log_path, errno);
  }
  const pid_t parent = ::getpid();
  const auto t0 = clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) core::fail_posix("fork", errno);
  if (pid == 0) become_program(parent, out.write.get(), err.write.get(), report.write.get(), argv.data(), envp.data());
  ::setpgid(pid, pid);  // also here, so that a kill of the group cannot come before the child's own call
  out.write.reset(-1);
  err.write.reset(-1);
  report.write.reset(-1);

  int exec_errno = 0;
  ssize_t got;
  do got = ::read(report.read.get(), &exec_errno, sizeof exec_errno);
  while (got < 0 && errno == EINTR);
  if (got == static_cast<ssize_t>(sizeof exec_errno)) {
    outcome.start_error = std::string("cannot run '") + spec.argv[0] + "': " + std::strerror(exec_errno);
  }

  Fd pidfd(open_pidfd(pid));
  if (pidfd.get() < 0) core::fail_posix("pidfd_open", errno);
  Capture captured[2];
  Fd* streams[2] = {&out.read, &err.read};
  bool exited = false;
  int sent = 0;                   // the signal sent to the group, 0 before any
  clock::time_point killed_at{};  // when KILL becomes due after `sent`
  const auto deadline =
      spec.timeout > 0 ? t0 + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(spec.timeout))
                       : clock::time_point::max();
  auto signal_group = [&](int sig, bool timeout) {
    if (sent != 0) return;
    ::kill(-pid, sig);
    sent = sig;
    outcome.timed_out = timeout;
    outcome.stopped = !timeout;
    killed_at = clock::now() + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(spec.grace));
  };
  char buffer[65536];
  for (;;) {
    pollfd fds[3];
    nfds_t n = 0;
    int which[3];
    for (int s = 0; s < 2; ++s)
      if (streams[s]->get() >= 0) {
        fds[n] = {streams[s]->get(), POLLIN, 0};
        which[n++] = s;
      }
    if (!exited) {
      fds[n] = {pidfd.get(), POLLIN, 0};
      which[n++] = 2;
    }
    if (n == 0) break;
    // Wake at least ten times a second to see a stop, and in time for the deadline and KILL.
    auto wake = clock::now() + std::chrono::milliseconds(100);
    if (sent == 0) wake = std::min(wake, deadline);
    else wake = std::min(wake, killed_at);
    const auto wait_ms =
        std::max<long long>(0, std::chrono::duration_cast<std::chrono::milliseconds>(wake - clock::now()).count() + 1);
    const int ready = ::poll(fds, n, exited ? 100 : static_cast<int>(wait_ms));
    if (ready < 0 && errno != EINTR) core::fail_posix("poll", errno);
    for (nfds_t i = 0; ready > 0 && i < n; ++i) {
      if (fds[i].revents == 0) continue;
      if (which[i] == 2) {
        exited = true;
        // The program is a zombie now, so its id still names its group: whatever it left
        // running in the group goes with it (no orphans), and its pipes close.
        ::kill(-pid, SIGKILL);
        continue;
      }
      const int s = which[i];
      const ssize_t r = ::read(streams[s]->get(), buffer, sizeof buffer);
      if (r > 0) {
        captured[s].add(buffer, static_cast<std::size_t>(r));
        if (log.get() >= 0 && ::write(log.get(), buffer, static_cast<std::size_t>(r)) < 0) log.reset(-1);
      } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
        streams[s]->reset(-1);
      }
    }
    if (exited && ready == 0) break;  // something outside the group holds a pipe open: stop waiting for it
    if (exited) continue;
    if (sent == 0) {
      if (const int sig = stop_signal ? stop_signal() : 0; sig != 0) signal_group(sig, false);
      else if (clock::now() >= deadline) signal_group(SIGTERM, true);
    } else if (sent != SIGKILL && clock::now() >= killed_at) {
      ::kill(-pid, SIGKILL);
      sent = SIGKILL;
    }
  }
  int status = 0;
  rusage usage{};
  while (::wait4(pid, &status, 0, &usage) < 0)
    if (errno != EINTR) core::fail_posix("wait4", errno);
  outcome.seconds = since(t0);
  outcome.peak_rss_kib = usage.ru_maxrss;
  if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) outcome.signal = WTERMSIG(status);
  // A stop signal from outside may reach the program a moment before this process (Slurm
  // signals every process of a step, one by one): wait a little for it, so the task counts
  // as stopped (run again on resume), not as failed. Only on such a death; nothing else waits.
  const int sig = outcome.signal;
  if (stop_signal && !outcome.stopped && (sig == SIGTERM || sig == SIGINT || sig == SIGHUP || sig == SIGQUIT)) {
    for (int i = 0; i < 25 && stop_signal() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    outcome.stopped = stop_signal() != 0;
  }
  outcome.out_head = captured[0].head();
  outcome.out_tail = captured[0].tail();
  outcome.err_head = captured[1].head();
  outcome.err_tail = captured[1].tail();
  return outcome;
}

std::vector<std::string> task_environment_base(const std::vector<std::string>& replaced) {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    const std::string_view entry(*e);
    const std::string_view name = entry.substr(0, entry.find('='));
    auto starts = [&](std::string_view p) { return name.substr(0, p.size()) == p; };
    if (starts("OMPI_") || starts("PMIX_") || starts("PMI_") || starts("SLURM_STEP_")) continue;
    if (std::find(replaced.begin(), replaced.end(), name) != replaced.end()) continue;
    env.emplace_back(entry);
  }
  return env;
}

}  // namespace pc::farm
