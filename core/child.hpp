// Work run in a forked child, so that a crash or an endless loop inside a library it calls
// ends the child and not this process; what the child reports comes back through a pipe.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace pc::core {

// The child's end of the pipe.
class ChildChannel {
 public:
  explicit ChildChannel(int fd) : fd_(fd) {}
  // Where the work is now: the parent keeps the last one, to say where a crash happened.
  void progress(std::string_view where) const;
  // The result; the parent takes the last one sent.
  void report(int status, std::string_view text) const;

 private:
  void send(char tag, std::int32_t status, std::string_view payload) const;
  int fd_;
};

struct ChildResult {
  enum class End { reported, signalled, timed_out, silent };
  End end = End::silent;
  int status = 0;             // reported: as reported; silent: the child's exit status
  int signal = 0;             // signalled: the signal that ended the child
  std::string text;           // reported
  std::string last_progress;  // whatever the end
};

// Forks; the child runs `work` (which should report once) and then _exit(0)s, running none of
// this process's destructors or atexit handlers; it never dumps core, and its stdout and
// stderr are /dev/null (it speaks through the channel only). A child still running
// after `limit` is killed. Call only while this process has one thread: fork copies only
// the caller, and the child may need locks another thread held.
ChildResult run_in_child(const std::function<void(const ChildChannel&)>& work, std::chrono::milliseconds limit);

}  // namespace pc::core
