#include "jobs/slurm/submit.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include "core/error.hpp"
#include "core/posix.hpp"
#include "core/printable.hpp"

extern char** environ;

namespace pc::jobs::slurm {

std::string submit(const std::string& script) {
  core::Pipe in = core::make_pipe(), out = core::make_pipe(), err = core::make_pipe();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.read.get(), 0);
  posix_spawn_file_actions_adddup2(&actions, out.write.get(), 1);
  posix_spawn_file_actions_adddup2(&actions, err.write.get(), 2);
  char sbatch[] = "sbatch", parsable[] = "--parsable";
  char* argv[] = {sbatch, parsable, nullptr};
  pid_t pid = -1;
  const int spawned = ::posix_spawnp(&pid, "sbatch", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0)
    throw core::UsageError(std::string("slurm --submit: cannot run sbatch: ") + std::strerror(spawned) +
                           " (is Slurm on PATH here? without --submit the script is printed)");
  in.read.reset(-1);
  out.write.reset(-1);
  err.write.reset(-1);
  // An sbatch that ends before reading all of the script must give an error, not a SIGPIPE.
  struct sigaction ignore {
  }, before{};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &before);
  // The script in, its answer out, at once: a script larger than a pipe holds would block
  // against an sbatch that already writes an error.
  std::string answer[2];
  std::size_t sent = 0;
  for (;;) {
    pollfd fds[3] = {{out.read.get(), POLLIN, 0}, {err.read.get(), POLLIN, 0}, {in.write.get(), POLLOUT, 0}};
    if (out.read.get() < 0 && err.read.get() < 0) break;
    if (::poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      core::fail_posix("poll", errno);
    }
    if (in.write.get() >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
      const ssize_t n = ::write(in.write.get(), script.data() + sent, script.size() - sent);
      if (n > 0) sent += static_cast<std::size_t>(n);
      if (n < 0 || sent == script.size()) in.write.reset(-1);  // EOF: sbatch reads the script whole
    }
    for (int i = 0; i < 2; ++i) {
      core::Fd& fd = i == 0 ? out.read : err.read;
      if (fd.get() < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[4096];
      const ssize_t n = ::read(fd.get(), buf, sizeof buf);
      if (n > 0) answer[i].append(buf, static_cast<std::size_t>(n));
      else fd.reset(-1);
    }
  }
  ::sigaction(SIGPIPE, &before, nullptr);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  const auto trimmed = [](std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    for (char& c : s)
      if (c == '\n') c = ' ';
    return s;
  };
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw core::UsageError("slurm --submit: sbatch refused the job: " + core::printable(trimmed(answer[1])));
  std::string id = trimmed(answer[0]);
  id = id.substr(0, id.find(';'));
  if (id.empty()) throw core::UsageError("slurm --submit: sbatch printed no job id");
  return id;
}

}  // namespace pc::jobs::slurm
