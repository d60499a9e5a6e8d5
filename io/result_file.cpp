// Temporary name, fsync, rename, fsync of the folder: the file is whole or absent.
#include "io/result_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/error.hpp"

namespace pc::io {

namespace {

std::string folder_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

void sync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) throw core::LibraryError("libc", "open(" + path + ")", std::strerror(errno));
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) throw core::LibraryError("libc", "fsync(" + path + ")", std::strerror(err));
}

// The temporary path being written, for the signal handler (which may only call
// async-signal-safe functions such as unlink and _exit).
char g_partial[4096] = {};

void on_signal(int) {
  if (g_partial[0] != '\0') ::unlink(g_partial);
  ::_exit(3);
}

void set_partial(const std::string& path) {
  g_partial[0] = '\0';
  if (path.size() < sizeof g_partial) {
    std::memcpy(g_partial + 1, path.c_str() + 1, path.size());  // all but the first byte ...
    g_partial[0] = path.empty() ? '\0' : path[0];               // ... which arms the handler
  }
}

}  // namespace

void remove_partial_results_on_signal() {
  struct sigaction sa{};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

std::string output_path_problem(const std::string& path, bool overwrite) {
  if (path.empty()) return "the output path is empty";
  if (path.back() == '/') return "'" + path + "' names a folder, not a file";
  struct stat st{};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return "'" + path + "' is a folder, not a file";
    if (!overwrite) return "'" + path + "' already exists (use --force to overwrite it)";
  }
  const std::string folder = folder_of(path);
  if (::stat(folder.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return "folder '" + folder + "' for '" + path + "' does not exist";
  if (::access(folder.c_str(), W_OK) != 0) return "folder '" + folder + "' for '" + path + "' is not writable";
  return "";
}

ResultFile::ResultFile(std::string final_path)
    : final_(std::move(final_path)),
      temp_(folder_of(final_) + "/." + base_of(final_) + ".tmp-" + std::to_string(::getpid())),
      file_(h5::File::create(temp_)) {
  set_partial(temp_);
}

ResultFile::~ResultFile() {
  set_partial("");
  if (!committed_) {
    file_ = h5::File{};
    std::remove(temp_.c_str());
  }
}

void ResultFile::commit() {
  file_.close();
  sync_path(temp_, O_RDONLY);
  if (std::rename(temp_.c_str(), final_.c_str()) != 0)
    throw core::LibraryError("libc", "rename(" + temp_ + ", " + final_ + ")", std::strerror(errno));
  committed_ = true;
  set_partial("");
  sync_path(folder_of(final_), O_RDONLY | O_DIRECTORY);
}

}  // namespace pc::io
