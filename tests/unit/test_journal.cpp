// The journal: records round trip; a torn, zero-filled or flipped tail is cut, never fatal;
// reopening continues after the last whole record; a kill -9 keeps every synced record.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "core/error.hpp"
#include "io/crc32c.hpp"
#include "io/journal.hpp"
#include "temp_dir.hpp"

using pc::io::Journal;
using pc::io::read_journal;
using pc_test::TempDir;

namespace {

// Appended, not "task " + ...: GCC 12 warns (-Wrestrict) on const char* + std::string&&.
std::string record(int i) {
  std::string r("task ");
  r.append(std::to_string(i)).append(static_cast<std::size_t>(i % 50), 'x');
  return r;
}

std::uintmax_t size_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return static_cast<std::uintmax_t>(st.st_size);
}

void write_records(const std::string& path, int n) {
  Journal j = Journal::create(path);
  for (int i = 0; i < n; ++i) j.append(record(i));
  j.close();
}

}  // namespace

TEST_CASE("CRC-32C gives the standard check value") {
  CHECK(pc::io::crc32c("123456789", 9) == 0xE3069283u);
  CHECK(pc::io::crc32c("", 0) == 0u);
  // Continuing a CRC over two pieces equals the CRC of the whole.
  CHECK(pc::io::crc32c("6789", 4, pc::io::crc32c("12345", 5)) == 0xE3069283u);
  CHECK(pc::io::crc32c_by_table("123456789", 9) == 0xE3069283u);
}

TEST_CASE("CRC-32C by the CPU's instruction and by the table agree at every length and start") {
  std::string bytes;
  for (int i = 0; i < 300; ++i) bytes.push_back(static_cast<char>((i * 131 + 7) & 0xFF));
  for (std::size_t start = 0; start < 9; ++start)
    for (std::size_t n = 0; start + n <= bytes.size(); n += 7)
      REQUIRE(pc::io::crc32c(bytes.data() + start, n, 0x1234u) ==
              pc::io::crc32c_by_table(bytes.data() + start, n, 0x1234u));
}

TEST_CASE("journal records round trip, the empty one included") {
  TempDir dir;
  const std::string path = dir.file("j");
  Journal j = Journal::create(path);
  j.append("");
  for (int i = 0; i < 1000; ++i) j.append(record(i));
  j.append(std::string(100000, '\0'));
  j.close();
  const auto contents = read_journal(path);
  REQUIRE(contents.records.size() == 1002);
  CHECK(contents.records[0].empty());
  for (int i = 0; i < 1000; ++i) CHECK(contents.records[static_cast<std::size_t>(i) + 1] == record(i));
  CHECK(contents.records.back() == std::string(100000, '\0'));
  CHECK(contents.cut_bytes == 0);
  CHECK(contents.whole_bytes == size_of(path));
}

TEST_CASE("a journal torn at any byte keeps the whole records before the tear") {
  TempDir dir;
  const std::string path = dir.file("j");
  write_records(path, 3);
  const auto full = read_journal(path);
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Where each whole record ends.
  std::vector<std::size_t> ends{8};
  for (const std::string& r : full.records) ends.push_back(ends.back() + 8 + r.size());
  REQUIRE(ends.back() == bytes.size());
  for (std::size_t cut = 8; cut <= bytes.size(); ++cut) {
    CAPTURE(cut);
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(cut));
    const auto torn = read_journal(path);
    std::size_t whole = 0;
    while (whole + 1 < ends.size() && ends[whole + 1] <= cut) ++whole;
    REQUIRE(torn.records.size() == whole);
    for (std::size_t k = 0; k < whole; ++k) CHECK(torn.records[k] == full.records[k]);
    CHECK(torn.whole_bytes == ends[whole]);
    CHECK(torn.cut_bytes == cut - ends[whole]);
  }
}

TEST_CASE("a zero-filled or flipped tail is cut, and reopening appends after the last whole record") {
  TempDir dir;
  const std::string path = dir.file("j");
  write_records(path, 5);
  const std::uintmax_t whole = size_of(path);
  {
    std::ofstream(path, std::ios::binary | std::ios::app) << std::string(4096, '\0');  // a crash after growing
  }
  auto contents = read_journal(path);
  CHECK(contents.records.size() == 5);
  CHECK(contents.cut_bytes == 4096);
  {
    Journal j = Journal::reopen(path, contents);
    j.append("after the cut");
    j.close();
  }
  contents = read_journal(path);
  REQUIRE(contents.records.size() == 6);
  CHECK(contents.records[5] == "after the cut");
  CHECK(contents.cut_bytes == 0);
  // One flipped bit in the third record's payload: the first two are kept, the rest cut.
  std::fstream f(path, std::ios::binary | std::ios::in | std::ios::out);
  const std::streamoff third = 8 + (8 + static_cast<std::streamoff>(record(0).size())) +
                               (8 + static_cast<std::streamoff>(record(1).size())) + 8 + 2;
  f.seekg(third);
  char c = 0;
  f.get(c);
  f.seekp(third);
  f.put(static_cast<char>(c ^ 0x10));
  f.close();
  contents = read_journal(path);
  CHECK(contents.records.size() == 2);
  CHECK(contents.whole_bytes + contents.cut_bytes == size_of(path));
  CHECK(whole > contents.whole_bytes);
}

TEST_CASE("a journal is created exclusively and a file that is not one is a usage error") {
  TempDir dir;
  std::ofstream(dir.file("victim")) << "keep";
  REQUIRE(::symlink(dir.file("victim").c_str(), dir.file("planted").c_str()) == 0);
  CHECK_THROWS_AS(Journal::create(dir.file("planted")), pc::core::LibraryError);
  CHECK_THROWS_AS(Journal::create(dir.file("victim")), pc::core::LibraryError);
  std::ifstream in(dir.file("victim"));
  std::string text;
  in >> text;
  CHECK(text == "keep");
  CHECK_THROWS_AS(read_journal(dir.file("victim")), pc::core::UsageError);
  CHECK_THROWS_AS(read_journal(dir.file("missing")), pc::core::LibraryError);
}

TEST_CASE("the group-commit policy syncs when records waited long enough or many are waiting") {
  using namespace std::chrono;
  const pc::io::GroupCommit policy{.max_wait = microseconds(5000), .max_bytes = 1000};
  CHECK_FALSE(pc::io::sync_is_due(0, seconds(10), policy));  // nothing to sync
  CHECK_FALSE(pc::io::sync_is_due(10, microseconds(4999), policy));
  CHECK(pc::io::sync_is_due(10, microseconds(5000), policy));
  CHECK(pc::io::sync_is_due(1000, microseconds(0), policy));
  CHECK_FALSE(pc::io::sync_is_due(999, microseconds(0), policy));
}

TEST_CASE("after kill -9 at any moment the journal holds every record whose sync returned") {
  TempDir dir;
  for (int trial = 0; trial < 5; ++trial) {
    const std::string path = dir.file(std::to_string(trial) + ".journal");
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      ::close(pipe_fds[0]);
      Journal j = Journal::create(path);
      for (int i = 0;; ++i) {
        j.append(record(i));
        if (i % 7 == 6) {  // a group of seven, then say how many are durable
          j.sync();
          const int durable = i + 1;
          if (::write(pipe_fds[1], &durable, sizeof durable) != sizeof durable) ::_exit(1);
        }
      }
    }
    ::close(pipe_fds[1]);
    int durable = 0, got = 0;
    for (int reports = 0; reports < 20 + 15 * trial && ::read(pipe_fds[0], &got, sizeof got) == sizeof got; ++reports)
      durable = got;
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ::close(pipe_fds[0]);
    CHECK(WIFSIGNALED(status));
    const auto contents = read_journal(path);
    CAPTURE(trial, durable, contents.records.size());
    CHECK(contents.records.size() >= static_cast<std::size_t>(durable));
    for (std::size_t k = 0; k < contents.records.size(); ++k) CHECK(contents.records[k] == record(static_cast<int>(k)));
  }
}

TEST_CASE("records written out outlive a kill -9 and are synced by the next sync") {
  TempDir dir;
  const std::string path = dir.file("j");
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    Journal j = Journal::create(path, pc::io::GroupCommit{std::chrono::hours(1), std::size_t{1} << 30});
    j.append(record(0));
    j.append(record(1));
    j.write_out();
    if (j.pending_bytes() == 0) ::_exit(1);  // written, not durable yet
    j.append(record(2));                     // buffered only: dies with the process
    ::kill(::getpid(), SIGKILL);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  REQUIRE(WIFSIGNALED(status));
  CHECK(read_journal(path).records == std::vector<std::string>{record(0), record(1)});
  Journal again = Journal::create(dir.file("k"));
  again.append(record(5));
  again.write_out();
  CHECK(again.pending_bytes() > 0);
  again.sync();
  CHECK(again.pending_bytes() == 0);
  again.close();
  CHECK(read_journal(dir.file("k")).records == std::vector<std::string>{record(5)});
}

TEST_CASE("a write that fails is reported, and the journal takes nothing more") {
  TempDir dir;
  const std::string path = dir.file("small");
  // In a child: a file size limit stands in for a full disk (EFBIG instead of ENOSPC).
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::signal(SIGXFSZ, SIG_IGN);
    const struct rlimit limit { 100, 100 };
    ::setrlimit(RLIMIT_FSIZE, &limit);
    int code = 0;
    Journal j = Journal::create(path);
    j.append(std::string(200, 'r'));
    try {
      j.sync();
      code = 10;  // the write should have failed
    } catch (const pc::core::LibraryError& e) {
      if (std::string(e.what()).find("File too large") == std::string::npos) code = 11;
    }
    try {
      j.append("more");
      code = code ? code : 12;
    } catch (const pc::core::Error& e) {
      if (std::string(e.what()).find("a write failed before") == std::string::npos) code = code ? code : 13;
    }
    ::_exit(code);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  const auto contents = read_journal(path);  // what was written is a torn tail, not an error
  CHECK(contents.records.empty());
  CHECK(contents.whole_bytes == 8);
  CHECK(contents.cut_bytes == 92);
}

TEST_CASE("a journal has one writer and is not reopened after it changed") {
  TempDir dir;
  const std::string path = dir.file("j");
  Journal first = Journal::create(path);
  first.append("one");
  first.sync();
  const pc::io::JournalContents before = read_journal(path);
  CHECK_THROWS_AS(Journal::reopen(path, before, {}), pc::core::UsageError);  // `first` holds it
  first.append("two");
  first.close();
  // Read before "two" was written: reopening at the old end would write over it.
  CHECK_THROWS_AS(Journal::reopen(path, before, {}), pc::core::UsageError);
  Journal again = Journal::reopen(path, read_journal(path), {});
  again.append("three");
  again.close();
  CHECK(read_journal(path).records == std::vector<std::string>{"one", "two", "three"});
}

TEST_CASE("a journal of many MiB is read in order in blocks, and records are read again by position") {
  TempDir dir;
  const std::string path = dir.file("big");
  // Records of up to 3 KiB, 3,000 of them: about 4.5 MiB, so records cross the reader's
  // blocks; one of 2 MiB, larger than a block.
  std::vector<std::string> written;
  {
    Journal j = Journal::create(path);
    for (int i = 0; i < 3000; ++i) {
      written.push_back(record(i) + std::string(static_cast<std::size_t>((i * 37) % 3000), static_cast<char>(i)));
      if (i == 1500) written.back() = std::string(std::size_t{2} << 20, 'L');
      j.append(written.back());
    }
    j.close();
  }
  pc::io::JournalReader in(path);
  std::vector<pc::io::JournalReader::Wanted> positions;
  std::string_view r;
  std::size_t n = 0;
  while (in.next(r)) {
    REQUIRE(n < written.size());
    REQUIRE(r == written[n]);
    positions.push_back({in.position(), static_cast<std::uint32_t>(r.size())});
    ++n;
  }
  CHECK(n == written.size());
  CHECK(in.extent().cut_bytes == 0);
  CHECK(in.extent().whole_bytes == size_of(path));
  // Every third record, and the long one, read again: near ones share a read, far ones not.
  std::vector<pc::io::JournalReader::Wanted> wanted;
  std::vector<std::size_t> which;
  for (std::size_t i = 0; i < positions.size(); i += 3) wanted.push_back(positions[i]), which.push_back(i);
  std::size_t seen = 0;
  in.read(wanted, [&](std::size_t k, std::string_view again) {
    REQUIRE(again == written[which[k]]);
    ++seen;
  });
  CHECK(seen == wanted.size());
}

TEST_CASE("a record read again that is no longer as it was is an error, not other bytes") {
  TempDir dir;
  const std::string path = dir.file("j");
  write_records(path, 10);
  pc::io::JournalReader in(path);
  std::string_view r;
  std::vector<pc::io::JournalReader::Wanted> wanted;
  while (in.next(r)) wanted.push_back({in.position(), static_cast<std::uint32_t>(r.size())});
  REQUIRE(wanted.size() == 10);
  {
    // A byte of the eighth record's payload changed behind the reader's back.
    const int fd = ::open(path.c_str(), O_WRONLY);
    REQUIRE(fd >= 0);
    REQUIRE(::pwrite(fd, "#", 1, static_cast<off_t>(wanted[7].position + 9)) == 1);
    ::close(fd);
  }
  pc::io::JournalReader again(path);
  std::size_t read = 0;
  CHECK_THROWS_WITH(again.read(wanted, [&](std::size_t, std::string_view) { ++read; }),
                    Catch::Contains("changed while it was read"));
  CHECK(read == 7);
}
