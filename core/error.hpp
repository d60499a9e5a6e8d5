// Exit statuses and the exception types every layer throws; main maps them to exit codes.
#pragma once
#include <stdexcept>
#include <string>

namespace pc::core {

enum class Exit : int {
  ok = 0,           // success
  failed = 1,       // a result failed: validation, a URL, a task
  usage = 2,        // bad flag, file, URL list or task line
  interrupted = 3,  // stopped by a signal; resumable
  internal = 4,     // a library call or an invariant failed
};

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  virtual Exit exit_status() const { return Exit::internal; }
};

// Bad input from the user. The message names what was wrong and what is accepted.
class UsageError : public Error {
 public:
  using Error::Error;
  Exit exit_status() const override { return Exit::usage; }
};

// A C library call failed: names the library, the call and the library's own message.
class LibraryError : public Error {
 public:
  LibraryError(const std::string& library, const std::string& call, const std::string& message)
      : Error(library + ": " + call + " failed: " + message), cause_(message) {}
  // The library's own message, without the library and the call.
  const std::string& cause() const { return cause_; }

 private:
  std::string cause_;
};

}  // namespace pc::core
