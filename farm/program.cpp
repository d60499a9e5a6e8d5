// clone(CLONE_VM | CLONE_VFORK) + exec rather than posix_spawn, which cannot set the child's
// PR_SET_PDEATHSIG, or fork, whose copy of the address space costs more than the program's
// start. Between clone and exec the child calls only async-signal-safe functions.
#include "farm/program.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <thread>
#include <utility>

#include "core/posix.hpp"

extern char** environ;

namespace pc::farm {

using core::Fd;
using core::make_pipe;
using core::Pipe;

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

std::vector<char*> pointers(const std::vector<std::string>& words) {
  std::vector<char*> p;
  p.reserve(words.size() + 1);
  for (const std::string& w : words) p.push_back(const_cast<char*>(w.c_str()));
  p.push_back(nullptr);
  return p;
}

// What the child needs, and where it reports a failure to exec: the child shares our memory
// and this thread waits until it has exec'd or exited, so a plain field is enough.
struct Child {
  pid_t parent;
  int out, err;
  const char* file;
  char** argv;
  char** envp;
  int exec_errno = 0;
};

// The child side, on its own stack in our memory: it must not touch anything of ours but
// `Child` (its errno is the calling thread's, which waits meanwhile).
int become_program(void* arg) {
  Child& c = *static_cast<Child*>(arg);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != c.parent) ::_exit(127);  // the farm died before the line above took effect
  ::setpgid(0, 0);
  // Every signal is blocked here (the parent blocked them before clone). A handler of ours
  // must not run in our memory, so handlers go before the unblocking; the signals the farm
  // ignores but a program expects go back to their default too.
  for (int s = 1; s < NSIG; ++s) {
    struct sigaction action {};
    if (::sigaction(s, nullptr, &action) != 0) continue;  // glibc's own signals, refused
    const bool handled = action.sa_handler != SIG_DFL && action.sa_handler != SIG_IGN;
    const bool reset = s == SIGINT || s == SIGTERM || s == SIGHUP || s == SIGQUIT || s == SIGPIPE;
    if (handled || reset) ::signal(s, SIG_DFL);
  }
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  const int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null < 0 || ::dup2(null, 0) < 0 || ::dup2(c.out, 1) < 0 || ::dup2(c.err, 2) < 0) {
    c.exec_errno = errno;
    ::_exit(127);
  }
  // With a '/' in `file` this is one execve, and a script without "#!" still runs under sh.
  ::execvpe(c.file, c.argv, c.envp);
  c.exec_errno = errno;
  ::_exit(127);
}

// Starts the child with every signal blocked in this thread meanwhile; returns its pid.
pid_t start_child(Child& child, std::size_t argc) {
  // Room for glibc's execvpe, which copies argv on the stack to run a script under sh.
  const std::size_t stack_size = 64 * 1024 + (argc + 2) * sizeof(char*);
  const std::unique_ptr<char[]> stack(new char[stack_size]);
  sigset_t all, old;
  sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &old);
  const pid_t pid = ::clone(become_program, stack.get() + stack_size, CLONE_VM | CLONE_VFORK | SIGCHLD, &child);
  const int clone_errno = errno;
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if (pid < 0) core::fail_posix("clone", clone_errno);
  return pid;
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
  Pipe out = make_pipe(), err = make_pipe();
  Fd log;
  if (!spec.log_path.empty()) {
    log.reset(::open(spec.log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (log.get() < 0) core::fail_posix("open " + spec.log_path, errno);
  }
  Child child{.parent = ::getpid(),
              .out = out.write.get(),
              .err = err.write.get(),
              .file = spec.file.empty() ? argv[0] : spec.file.c_str(),
              .argv = argv.data(),
              .envp = envp.data()};
  const auto t0 = clock::now();
  // When this returns the child has exec'd or exited, after its own setpgid: a kill of the
  // group cannot come before it.
  const pid_t pid = start_child(child, spec.argv.size());
  out.write.reset(-1);
  err.write.reset(-1);
  if (child.exec_errno != 0) {
    outcome.start_error = std::string("cannot run '") + spec.argv[0] + "': " + std::strerror(child.exec_errno);
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

std::string find_program(const std::string& name, std::string_view search_path) {
  if (name.find('/') != std::string::npos) return name;
  if (name.empty()) return "";
  for (std::size_t at = 0;;) {
    const std::size_t end = std::min(search_path.find(':', at), search_path.size());
    std::string candidate(search_path.substr(at, end - at));
    candidate.append(candidate.empty() ? "./" : "/").append(name);
    struct stat st {};
    // What execve would run rather than refuse: execvp goes on to the next entry after EACCES.
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        ::faccessat(AT_FDCWD, candidate.c_str(), X_OK, AT_EACCESS) == 0)
      return candidate;
    if (end == search_path.size()) return "";
    at = end + 1;
  }
}

std::string ProgramPaths::find(const std::string& name, const std::vector<std::string>& environment) {
  // glibc's execvp searches this when PATH is unset.
  std::string_view search_path = "/bin:/usr/bin";
  for (const std::string& e : environment)
    if (e.rfind("PATH=", 0) == 0) {
      search_path = std::string_view(e).substr(5);
      break;
    }
  std::string key(search_path);
  key.append(1, '\0').append(name);
  const std::lock_guard lock(mutex_);
  auto [it, added] = found_.try_emplace(std::move(key));
  if (added) it->second = find_program(name, search_path);
  return it->second;
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
