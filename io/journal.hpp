// An append-only file of records, each durable once sync() has returned: what the task farm
// keeps of every finished task, so that no result is lost whatever ends the run.
// Layout: the 8 bytes "PCJRNL1\n", then records, each a 4-byte length, a 4-byte CRC-32C of
// that length and the payload, and the payload (integers little-endian).
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pc::io {

struct JournalContents {
  std::vector<std::string> records;  // every whole record, in order
  std::uint64_t whole_bytes = 0;     // where the whole records end
  std::uint64_t cut_bytes = 0;       // what follows them: a torn, zero-filled or damaged tail
};

// Reads the journal at `path`. A bad tail is reported in cut_bytes, never an error: it is
// what a crash in the middle of a write leaves. Throws core::UsageError when the file is not
// a journal, core::LibraryError when it cannot be read.
JournalContents read_journal(const std::string& path);

// Whether the file at `path` can be read and starts as a journal does.
bool is_journal(const std::string& path);

// When to sync: one fdatasync for all records that arrived within `max_wait`, or sooner once
// `max_bytes` are waiting (group commit: thousands of records a second, each durable within
// a few milliseconds).
struct GroupCommit {
  std::chrono::microseconds max_wait{5000};
  std::size_t max_bytes = std::size_t{1} << 20;
};
bool sync_is_due(std::size_t pending_bytes, std::chrono::steady_clock::duration waited, const GroupCommit& policy);

class Journal {
 public:
  // A new journal, created exclusively (never through a link planted under the name), its
  // header on disk when this returns.
  static Journal create(const std::string& path, GroupCommit policy = {});
  // Continues the journal that read_journal() read as `contents`: a bad tail is cut first
  // (truncated and synced), so new records follow the last whole one.
  static Journal reopen(const std::string& path, const JournalContents& contents, GroupCommit policy = {});
  Journal(Journal&& other) noexcept;
  Journal& operator=(Journal&&) = delete;
  Journal(const Journal&) = delete;
  ~Journal();  // syncs what is pending, unchecked: call close() to learn of a failure

  // Buffers one record (at most 64 MiB): durable only once sync() has returned.
  void append(std::string_view record);
  // Writes the buffered records and waits for them to reach the disk (fdatasync).
  void sync();
  // sync() when the policy says the waiting records are due; returns whether it synced.
  bool sync_if_due();
  std::size_t pending_bytes() const { return buffer_.size(); }
  // sync() and close; throws core::LibraryError naming the file and the cause.
  void close();

 private:
  Journal(std::string path, int fd, GroupCommit policy);
  std::string path_;
  int fd_ = -1;
  GroupCommit policy_;
  std::string buffer_;
  std::chrono::steady_clock::time_point oldest_{};  // of the buffered records
  bool broken_ = false;                             // a write failed: the tail is unknown
};

}  // namespace pc::io
