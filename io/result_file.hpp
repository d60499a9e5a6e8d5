// A results file written under a temporary name beside its final path and renamed into
// place only by commit(): a killed or failed run never leaves a file under the final name.
#pragma once
#include <functional>
#include <string>

#include "io/h5.hpp"

namespace pc::io {

// Why `path` cannot take a new results file ("" when it can): a missing or unwritable
// folder, a directory in the way, a name longer than the folder allows, or an existing file
// without `overwrite`.
std::string output_path_problem(const std::string& path, bool overwrite);

// One per process. The order that keeps a results file whole or absent is built in: the
// temporary exists from construction (so a path that cannot take it fails before any work),
// objects opened while writing are closed before write() returns, and commit() refuses to
// run while any object of the file is open.
class ResultFile {
 public:
  // Creates the temporary file now: exclusively, under a random name (never through a link
  // planted there), registered for removal on a signal. Throws core::UsageError naming the
  // path and the cause when it cannot be created. `replace`: commit() may replace an
  // existing file (--force); otherwise it never does, even one made while this run wrote.
  ResultFile(std::string final_path, bool replace);
  ~ResultFile();  // not committed: the temporary is removed
  ResultFile(const ResultFile&) = delete;
  ResultFile& operator=(const ResultFile&) = delete;

  const std::string& path() const { return final_; }
  // Runs `fill` on the open file. Everything it opens must be closed when it returns (locals
  // of `fill` are); an object left open is an internal error, reported here.
  void write(const std::function<void(const h5::File&)>& fill);
  // Closes this process's handle (checked: a write error at close is reported here) and
  // returns the temporary path, for all ranks to open together (parallel HDF5) before commit().
  const std::string& hand_over();
  // Closes the file if still open, flushes it to disk and renames it to the final path;
  // then the folder is flushed. Each failure throws core::Error naming the file and the cause.
  void commit();

 private:
  // Runs `step`; an HDF5 failure in it is reported with this file's name.
  template <class Step> void naming_the_file(const Step& step) const;

  std::string final_;
  std::string temp_;
  bool replace_;
  h5::File file_;
  bool committed_ = false;
};

}  // namespace pc::io
