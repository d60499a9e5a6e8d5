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

// Where a journal's whole records end, and what follows them: a torn, zero-filled or
// damaged tail, which a crash in the middle of a write leaves.
struct JournalExtent {
  std::uint64_t whole_bytes = 0;
  std::uint64_t cut_bytes = 0;
};

struct JournalContents : JournalExtent {
  std::vector<std::string> records;  // every whole record, in order
};

// Reads a journal's whole records in order, a block of the file at a time, so that a journal
// of millions of records is read in a few MiB; and reads records again by where they start.
// The file is read up to its size when opened: records appended since are not seen. A bad
// tail ends the records, never an error.
class JournalReader {
 public:
  // Throws core::UsageError when the file is not a journal, core::LibraryError when it
  // cannot be read.
  explicit JournalReader(const std::string& path);
  ~JournalReader();
  JournalReader(const JournalReader&) = delete;
  JournalReader& operator=(const JournalReader&) = delete;

  // The next whole record, valid until the next call of next() or read(); false after the
  // last whole one.
  bool next(std::string_view& record);
  // Where the record next() returned last starts, to read it again.
  std::uint64_t position() const { return record_at_; }
  // Once next() returned false.
  const JournalExtent& extent() const { return extent_; }

  // A record next() returned before, to be read again: where it starts, and its length.
  struct Wanted {
    std::uint64_t position = 0;
    std::uint32_t length = 0;
  };
  // Reads the records `wanted` (sorted by position), records close together in one read,
  // and gives each to `each(i, record)`, `i` its place in `wanted`. Throws core::Error when
  // one is no longer as it was read (its checksum fails).
  template <class Each> void read(const std::vector<Wanted>& wanted, Each&& each) {
    for (std::size_t i = 0; i < wanted.size(); ++i) each(i, record_at(wanted, i));
  }

 private:
  bool hold(std::uint64_t from, std::uint64_t count, std::uint64_t read_until);
  std::string_view record_at(const std::vector<Wanted>& wanted, std::size_t i);
  std::string path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;       // of the file when opened
  std::string window_;           // bytes of the file from window_at_
  std::uint64_t window_at_ = 0;  // where the window starts in the file
  std::uint64_t next_at_ = 0;    // where next() looks for a record
  std::uint64_t record_at_ = 0;
  JournalExtent extent_;
};

// Every whole record at once (for small journals and tests; a farm reads a JournalReader).
// Throws as JournalReader does.
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
  // Continues the journal that was read to `extent`: a bad tail is cut first (truncated and
  // synced), so new records follow the last whole one.
  static Journal reopen(const std::string& path, const JournalExtent& extent, GroupCommit policy = {});
  Journal(Journal&& other) noexcept;
  Journal& operator=(Journal&&) = delete;
  Journal(const Journal&) = delete;
  ~Journal();  // syncs what is pending, unchecked: call close() to learn of a failure

  // Buffers one record (at most 64 MiB): durable only once sync() has returned.
  void append(std::string_view record);
  // Writes the buffered records and waits for them to reach the disk (fdatasync).
  void sync();
  // Writes the buffered records to the file without waiting for the disk: from then on
  // they outlive this process (a kill, a crash), not the machine, and the next sync() makes
  // them durable. A few microseconds, against the milliseconds of an fdatasync.
  void write_out();
  // sync() when the policy says the waiting records are due; returns whether it synced.
  bool sync_if_due();
  // Bytes not yet durable: buffered, or written out and not synced.
  std::size_t pending_bytes() const { return buffer_.size() + written_out_; }
  // sync() and close; throws core::LibraryError naming the file and the cause.
  void close();

 private:
  Journal(std::string path, int fd, GroupCommit policy);
  std::string path_;
  int fd_ = -1;
  GroupCommit policy_;
  std::string buffer_;
  std::size_t written_out_ = 0;                     // bytes write_out() wrote since the last sync
  std::chrono::steady_clock::time_point oldest_{};  // of the records not durable yet
  bool broken_ = false;                             // a write failed: the tail is unknown
};

}  // namespace pc::io
