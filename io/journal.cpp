// Records are framed and checksummed so that a reader can tell the whole ones from whatever
// a crash left after them; writes are batched and fdatasync'd by the caller's policy.
#include "io/journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "core/error.hpp"
#include "core/posix.hpp"
#include "io/crc32c.hpp"

namespace pc::io {

namespace {

constexpr char kMagic[8] = {'P', 'C', 'J', 'R', 'N', 'L', '1', '\n'};
constexpr std::size_t kHead = 8;  // length + CRC
constexpr std::uint32_t kMostBytes = std::uint32_t{64} << 20;

[[noreturn]] void fail(const std::string& call, const std::string& path, int err) {
  core::fail_posix(call + "(" + path + ")", err);
}

void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

std::uint32_t get_u32(const char* p) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= std::uint32_t{static_cast<unsigned char>(p[i])} << (8 * i);
  return v;
}

// The CRC covers the length too: a zero-filled tail (length 0, CRC 0) then fails the check.
std::uint32_t record_crc(const char* length_bytes, const char* payload, std::size_t n) {
  return crc32c(payload, n, crc32c(length_bytes, 4));
}

void write_all(int fd, const std::string& path, const char* data, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, data, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      fail("write", path, errno);
    }
    data += w;
    n -= static_cast<std::size_t>(w);
  }
}

void data_sync(int fd, const std::string& path) {
  if (::fdatasync(fd) != 0) fail("fdatasync", path, errno);
}

}  // namespace

bool sync_is_due(std::size_t pending_bytes, std::chrono::steady_clock::duration waited, const GroupCommit& policy) {
  return pending_bytes > 0 && (pending_bytes >= policy.max_bytes || waited >= policy.max_wait);
}

namespace {

constexpr std::uint64_t kBlock = std::uint64_t{1} << 20;  // read at a time when reading in order
// Records of a read() less than this apart are read as one, holes and all, up to kBlock.
constexpr std::uint64_t kHole = 4096;

std::uint64_t frame_end(const JournalReader::Wanted& w) { return w.position + kHead + w.length; }

}  // namespace

JournalReader::JournalReader(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) fail("open", path, errno);
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    const int err = errno;
    ::close(fd_);
    fail("fstat", path, err);
  }
  size_ = static_cast<std::uint64_t>(st.st_size);
  if (!hold(0, sizeof kMagic, kBlock) || std::memcmp(window_.data(), kMagic, sizeof kMagic) != 0) {
    ::close(fd_);
    throw core::UsageError("'" + path + "' is not a parcompute journal (it does not start with PCJRNL1)");
  }
  next_at_ = sizeof kMagic;
  extent_.whole_bytes = next_at_;
  extent_.cut_bytes = size_ - next_at_;
}

JournalReader::~JournalReader() { ::close(fd_); }

// Makes the window hold [from, from + count), reading from `from` on to `read_until` (at
// most the file's size) when it does not; false when the file is shorter.
bool JournalReader::hold(std::uint64_t from, std::uint64_t count, std::uint64_t read_until) {
  if (from > size_ || size_ - from < count) return false;
  if (from >= window_at_ && from + count <= window_at_ + window_.size()) return true;
  const std::uint64_t until = std::max(from + count, std::min(read_until, size_));
  window_.resize(until - from);
  window_at_ = from;
  std::size_t got = 0;
  while (got < window_.size()) {
    const ssize_t r = ::pread(fd_, window_.data() + got, window_.size() - got, static_cast<off_t>(from + got));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) fail("read", path_, errno);
    if (r == 0) throw core::Error("the journal " + path_ + " became shorter while it was read");
    got += static_cast<std::size_t>(r);
  }
  return true;
}

bool JournalReader::next(std::string_view& record) {
  const std::uint64_t at = next_at_;
  if (!hold(at, kHead, at + kBlock)) return false;
  const char* head = window_.data() + (at - window_at_);
  const std::uint32_t n = get_u32(head);
  if (n > kMostBytes || !hold(at, kHead + n, at + kBlock)) return false;
  head = window_.data() + (at - window_at_);
  if (get_u32(head + 4) != record_crc(head, head + kHead, n)) return false;
  record = std::string_view(head + kHead, n);
  record_at_ = at;
  next_at_ = at + kHead + n;
  extent_.whole_bytes = next_at_;
  extent_.cut_bytes = size_ - next_at_;
  return true;
}

std::string_view JournalReader::record_at(const std::vector<Wanted>& wanted, std::size_t i) {
  const Wanted& w = wanted[i];
  const bool held = w.position >= window_at_ && frame_end(w) <= window_at_ + window_.size();
  if (!held) {
    // The records that follow closely are read with it.
    std::uint64_t until = frame_end(w);
    for (std::size_t j = i + 1; j < wanted.size() && wanted[j].position >= until &&
                                wanted[j].position - until < kHole && frame_end(wanted[j]) - w.position <= kBlock;
         ++j)
      until = frame_end(wanted[j]);
    if (!hold(w.position, kHead + w.length, until))
      throw core::Error("the journal " + path_ + " changed while it was read: it became shorter");
  }
  const char* head = window_.data() + (w.position - window_at_);
  if (get_u32(head) != w.length || get_u32(head + 4) != record_crc(head, head + kHead, w.length))
    throw core::Error("the journal " + path_ + " changed while it was read: a record read before is not the same");
  return {head + kHead, w.length};
}

JournalContents read_journal(const std::string& path) {
  JournalReader in(path);
  JournalContents out;
  std::string_view record;
  while (in.next(record)) out.records.emplace_back(record);
  static_cast<JournalExtent&>(out) = in.extent();
  return out;
}

bool is_journal(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char head[sizeof kMagic];
  std::size_t got = 0;
  while (got < sizeof head) {
    const ssize_t r = ::read(fd, head + got, sizeof head - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += static_cast<std::size_t>(r);
  }
  ::close(fd);
  return got == sizeof head && std::memcmp(head, kMagic, sizeof kMagic) == 0;
}

Journal::Journal(std::string path, int fd, GroupCommit policy) : path_(std::move(path)), fd_(fd), policy_(policy) {}

Journal::Journal(Journal&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::exchange(other.fd_, -1)),
      policy_(other.policy_),
      buffer_(std::move(other.buffer_)),
      written_out_(std::exchange(other.written_out_, 0)),
      oldest_(other.oldest_),
      broken_(other.broken_) {}

namespace {

// One writer at a time: a farm whose launcher was killed may still be writing (its ranks
// outlive mpirun for a while), and a second writer would interleave records with it.
void lock_for_writing(int fd, const std::string& path) {
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return;
  const int err = errno;
  ::close(fd);
  if (err == EWOULDBLOCK)
    throw core::UsageError("the journal " + path +
                           " is being written by another farm (still running, or its ranks "
                           "outlive a killed launcher): wait for it to end, or stop it");
  fail("flock", path, err);
}

}  // namespace

Journal Journal::create(const std::string& path, GroupCommit policy) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) fail("open", path, errno);
  lock_for_writing(fd, path);
  Journal j(path, fd, policy);
  write_all(fd, path, kMagic, sizeof kMagic);
  data_sync(fd, path);
  return j;
}

Journal Journal::reopen(const std::string& path, const JournalExtent& contents, GroupCommit policy) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) fail("open", path, errno);
  lock_for_writing(fd, path);
  Journal j(path, fd, policy);
  struct stat st {};
  if (::fstat(fd, &st) != 0) fail("fstat", path, errno);
  if (static_cast<std::uint64_t>(st.st_size) != contents.whole_bytes + contents.cut_bytes)
    throw core::UsageError("the journal " + path +
                           " changed after it was read (another farm was writing it); "
                           "run the command again");
  if (contents.cut_bytes > 0 && ::ftruncate(fd, static_cast<off_t>(contents.whole_bytes)) != 0)
    fail("ftruncate", path, errno);
  if (::lseek(fd, static_cast<off_t>(contents.whole_bytes), SEEK_SET) < 0) fail("lseek", path, errno);
  data_sync(fd, path);
  return j;
}

Journal::~Journal() {
  if (fd_ < 0) return;
  try {
    if (!broken_) sync();
  } catch (const core::Error&) {
    // Unchecked by design (see the header): close() is where a failure is reported.
  }
  ::close(fd_);
}

void Journal::append(std::string_view record) {
  if (broken_) throw core::Error("journal '" + path_ + "': a write failed before, so nothing more is appended");
  if (record.size() > kMostBytes)
    throw core::Error("journal '" + path_ + "': a record of " + std::to_string(record.size()) +
                      " bytes (at most 64 MiB)");
  if (pending_bytes() == 0) oldest_ = std::chrono::steady_clock::now();
  const std::size_t start = buffer_.size();
  put_u32(buffer_, static_cast<std::uint32_t>(record.size()));
  put_u32(buffer_, record_crc(buffer_.data() + start, record.data(), record.size()));
  buffer_.append(record);
}

void Journal::write_out() {
  if (buffer_.empty()) return;
  try {
    write_all(fd_, path_, buffer_.data(), buffer_.size());
  } catch (const core::Error&) {
    broken_ = true;  // part of the buffer may be on disk: a torn tail, cut at the next reopen
    throw;
  }
  written_out_ += buffer_.size();
  buffer_.clear();
}

void Journal::sync() {
  if (pending_bytes() == 0) return;
  write_out();
  try {
    data_sync(fd_, path_);
  } catch (const core::Error&) {
    broken_ = true;
    throw;
  }
  written_out_ = 0;
}

bool Journal::sync_if_due() {
  if (!sync_is_due(pending_bytes(), std::chrono::steady_clock::now() - oldest_, policy_)) return false;
  sync();
  return true;
}

void Journal::close() {
  if (fd_ < 0) return;
  sync();
  const int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0) fail("close", path_, errno);
}

}  // namespace pc::io
