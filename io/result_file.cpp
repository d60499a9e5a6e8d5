// Exclusive temporary, checked close, fsync, a rename that does not replace, fsync of the
// folder: the file is whole under its final name or absent.
#include "io/result_file.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/posix.hpp"

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

std::size_t name_max(const std::string& folder) {
  const long n = ::pathconf(folder.c_str(), _PC_NAME_MAX);
  return n > 0 ? static_cast<std::size_t>(n) : 255;
}

std::string random_hex(std::size_t bytes) {
  unsigned char buf[16] = {};
  if (bytes > sizeof buf || ::getrandom(buf, bytes, 0) != static_cast<ssize_t>(bytes))
    core::fail_posix("getrandom", errno);
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes; ++i) {
    out += digits[buf[i] >> 4];
    out += digits[buf[i] & 15];
  }
  return out;
}

// ".<name>.<random>.tmp" beside the final file, the name shortened so the whole fits in
// the folder's name limit (a final name near the limit would otherwise fail only at the end).
std::string temporary_for(const std::string& final_path) {
  const std::string folder = folder_of(final_path);
  std::string suffix(1, '.');  // built by appending: GCC 12 warns (-Wrestrict) on "." + string&&
  suffix.append(random_hex(8)).append(".tmp");
  const std::size_t room = name_max(folder) - 1 - suffix.size();
  std::string temp = folder;
  temp.append("/.").append(base_of(final_path), 0, room).append(suffix);
  return temp;
}

void sync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    const int err = errno;  // before building the message, which may allocate
    core::fail_posix("open(" + path + ")", err);
  }
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) core::fail_posix("fsync(" + path + ")", err);
}

// rename(2) that fails with EEXIST instead of replacing; link + unlink where the file
// system does not offer RENAME_NOREPLACE.
int rename_no_replace(const std::string& from, const std::string& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return -1;
  if (::link(from.c_str(), to.c_str()) != 0) return -1;
  ::unlink(from.c_str());
  return 0;
}

// Where a run's results go when another process took the final name meanwhile:
// "<stem>-<random><extension>" beside it, so nothing is lost and nothing replaced.
std::string beside(const std::string& final_path) {
  const auto dot = final_path.find_last_of('.');
  const bool has_ext = dot != std::string::npos && dot > final_path.find_last_of('/') + 1;
  const std::string stem = has_ext ? final_path.substr(0, dot) : final_path;
  return stem + "-" + random_hex(4) + (has_ext ? final_path.substr(dot) : "");
}

}  // namespace

template <class Step> void ResultFile::naming_the_file(const Step& step) const {
  try {
    step();
  } catch (const core::LibraryError& e) {
    throw core::Error("cannot write the results file '" + final_ + "': " + e.what());
  }
}

std::string output_path_problem(const std::string& path, bool overwrite) {
  if (path.empty()) return "the output path is empty";
  if (path.back() == '/') return "'" + path + "' names a folder, not a file";
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {  // a link, even a dangling one, is something there
    const bool link = S_ISLNK(st.st_mode);
    if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return "'" + path + "' is a folder, not a file";
    if (!overwrite) return "'" + path + "' already exists (use --force to overwrite it)";
    // --force replaces a file or a link, never a device, FIFO or socket (/dev/null as root).
    if (!link && !S_ISREG(st.st_mode))
      return "'" + path + "' is not a regular file (accepted with --force: a file or a link to replace)";
  }
  const std::string folder = folder_of(path);
  if (::stat(folder.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return "folder '" + folder + "' for '" + path + "' does not exist";
  if (::access(folder.c_str(), W_OK) != 0) return "folder '" + folder + "' for '" + path + "' is not writable";
  if (base_of(path).size() > name_max(folder))
    return "the name of '" + path + "' is longer than its folder allows (" + std::to_string(name_max(folder)) +
           " bytes)";
  return "";
}

ResultFile::ResultFile(std::string final_path, bool replace)
    : final_(std::move(final_path)), temp_(temporary_for(final_)), replace_(replace) {
  core::register_partial_file(temp_);
  try {
    file_ = h5::File::create(temp_);
  } catch (const core::LibraryError& e) {
    core::remove_partial_file();
    throw core::UsageError("cannot create the results file '" + final_ + "': " + e.cause());
  }
}

ResultFile::~ResultFile() {
  if (committed_) return;
  file_ = h5::File{};
  core::remove_partial_file();
}

void ResultFile::write(const std::function<void(const h5::File&)>& fill) {
  if (file_.id() < 0) throw core::Error("internal error: results file '" + final_ + "' written after hand_over()");
  naming_the_file([&] { fill(file_); });
  if (const std::size_t open = file_.open_objects(); open > 0)
    throw core::Error("internal error: " + std::to_string(open) + " object(s) of results file '" + final_ +
                      "' left open after writing");
}

const std::string& ResultFile::hand_over() {
  if (file_.id() >= 0) naming_the_file([&] { file_.close(); });
  return temp_;
}

void ResultFile::commit() {
  if (committed_) return;
  if (file_.id() >= 0) {
    if (const std::size_t open = file_.open_objects(); open > 0)
      throw core::Error("internal error: results file '" + final_ + "' committed while " + std::to_string(open) +
                        " of its objects are open");
    naming_the_file([&] { file_.close(); });
  }
  std::string kept;  // where the results went instead, when another process took the name
  naming_the_file([&] {
    sync_path(temp_, O_RDONLY);
    if (replace_ ? std::rename(temp_.c_str(), final_.c_str()) == 0 : rename_no_replace(temp_, final_) == 0) {
      committed_ = true;
    } else {
      if (const int err = errno; err != EEXIST) core::fail_posix("rename(" + temp_ + ", " + final_ + ")", err);
      kept = beside(final_);
      if (rename_no_replace(temp_, kept) != 0) {
        const int err = errno;
        core::fail_posix("rename(" + temp_ + ", " + kept + ")", err);
      }
    }
    core::forget_partial_file();  // renamed away, to one name or the other
    sync_path(folder_of(final_), O_RDONLY | O_DIRECTORY);
  });
  if (!committed_) {
    committed_ = true;  // nothing is left to remove: the file is under `kept`
    throw core::Error("'" + final_ + "' was created by another process while this run wrote its results; it was " +
                      "not replaced (use --force to replace it) and this run's results are in '" + kept + "'");
  }
}

}  // namespace pc::io
