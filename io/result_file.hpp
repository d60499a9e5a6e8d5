// A results file written under a temporary name beside its final path and renamed into
// place only by commit(): a killed or failed run never leaves a file under the final name.
#pragma once
#include <string>

#include "io/h5.hpp"

namespace pc::io {

// Why `path` cannot take a new results file ("" when it can): a missing or unwritable
// folder, a directory in the way, or an existing file without `overwrite`.
std::string output_path_problem(const std::string& path, bool overwrite);

// On SIGINT or SIGTERM, removes the temporary file of the ResultFile being written (if any)
// and exits with status 3 (interrupted). Call once, early.
void remove_partial_results_on_signal();

class ResultFile {
 public:
  explicit ResultFile(std::string final_path);
  ~ResultFile();
  ResultFile(const ResultFile&) = delete;
  ResultFile& operator=(const ResultFile&) = delete;

  const h5::File& root() const { return file_; }
  const std::string& path() const { return final_; }
  // The temporary file, for other processes to write into (after close_handle()).
  const std::string& temp_path() const { return temp_; }
  // Closes this process's handle but keeps the file temporary, so that all ranks can then
  // open it together (parallel HDF5) before commit().
  void close_handle() { file_.close(); }
  // Closes the file, flushes it to disk and renames it to the final path.
  void commit();

 private:
  std::string final_;
  std::string temp_;
  h5::File file_;
  bool committed_ = false;
};

}  // namespace pc::io
