#include "farm/journal_records.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace pc::farm {

namespace {

// A record's first byte says what it is.
constexpr char kHeaderRecord = 'H', kTaskRecord = 'T', kRetryRecord = 'R';
constexpr char kHandedOutRecord = 'S', kGivenBackRecord = 'B', kCleanEndRecord = 'E', kAloneRecord = 'A';

// The header's second byte. The first headers had none: their second byte is the low byte of
// the length of a SHA-256 in hex, '@', which no version byte will ever be. Version 2 has
// everything but the part, which version 3 adds at the end.
constexpr std::uint8_t kHeaderVersion = 3, kHeaderWithoutPart = 2;
constexpr std::uint32_t kUnversionedShaLength = 64;

JournalHeader decode_header(std::string_view body) {
  JournalHeader h;
  core::ByteReader in(body);
  const std::uint8_t first = body.empty() ? 0 : static_cast<std::uint8_t>(body[0]);
  if (first == kHeaderVersion || first == kHeaderWithoutPart) {
    std::uint8_t version = 0;
    in.get(version);
    in.get(h.task_sha256), in.get(h.tasks), in.get(h.command_line), in.get(h.task_file), in.get(h.template_line);
    if (version == kHeaderVersion) {
      Part& part = h.part.emplace();
      in.get(part.index), in.get(part.count);
      // No farm runs part 0/0 or 4/3: bytes of another layout, not a part to resume.
      if (part.index < 1 || part.index > part.count) throw core::Error("a header's part is not K/N with 1 <= K <= N");
    }
  } else if (body.size() >= 4 && static_cast<std::uint8_t>(body[0]) == kUnversionedShaLength) {
    in.get(h.task_sha256), in.get(h.tasks), in.get(h.command_line);
  } else {
    const int first = body.empty() ? -1 : static_cast<std::uint8_t>(body[0]);
    throw core::UsageError("the farm journal's header is of version " + std::to_string(first) +
                           ", which this parcompute does not know (it writes version " +
                           std::to_string(kHeaderVersion) + ")");
  }
  if (!in.at_end()) throw core::Error("a header record has bytes after its fields");
  return h;
}

}  // namespace

std::string header_record(const JournalHeader& h) {
  // This build always knows the part it runs: a header without one is of the whole list.
  const Part part = h.part.value_or(Part{});
  std::string out(1, kHeaderRecord);
  core::ByteWriter(out)
      .put(kHeaderVersion)
      .put(std::string_view(h.task_sha256))
      .put(h.tasks)
      .put(std::string_view(h.command_line))
      .put(std::string_view(h.task_file))
      .put(std::string_view(h.template_line))
      .put(part.index)
      .put(part.count);
  return out;
}

std::string retry_record(const RetrySource& source) {
  std::string out(1, kRetryRecord);
  core::ByteWriter(out).put(std::string_view(source.path)).put(std::string_view(source.sha256)).put(source.carried);
  return out;
}

void task_record(const TaskResult& result, std::string& out) {
  out.assign(1, kTaskRecord);
  encode(result, out);
}

std::string flight_record(Flight what, const std::vector<std::uint64_t>& ids) {
  std::string out(1, what == Flight::handed_out ? kHandedOutRecord : kGivenBackRecord);
  core::ByteWriter w(out);
  w.put(static_cast<std::uint32_t>(ids.size()));
  for (const std::uint64_t id : ids) w.put(id);
  return out;
}

std::string clean_end_record() { return std::string(1, kCleanEndRecord); }

std::string alone_record(std::uint64_t id) {
  std::string out(1, kAloneRecord);
  core::ByteWriter(out).put(id);
  return out;
}

Journaled scan_journal(io::JournalReader& in, const TaskRecords& task) {
  Journaled j;
  // The run being read: whether it wrote a clean end, and what it has in flight.
  bool run_seen = false, ended_cleanly = false;
  std::unordered_set<std::uint64_t> flying;
  // The task running alone, without a result yet (a std::optional here trips GCC 12's
  // maybe-uninitialized warning).
  bool is_alone = false;
  std::uint64_t alone = 0;
  // The deaths so far, each explained once a killer found (run alone at a death) was out at
  // it, and for each task without a result since, the deaths it was out at.
  std::vector<bool> explained;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> out_at;
  const auto explain = [&](std::uint64_t killer) {
    if (const auto it = out_at.find(killer); it != out_at.end())
      for (const std::uint32_t d : it->second) explained[d] = true;
  };
  const auto end_of_run = [&] {
    if (run_seen && !ended_cleanly) {
      const auto death = static_cast<std::uint32_t>(explained.size());
      explained.push_back(false);
      for (const std::uint64_t id : flying) out_at[id].push_back(death);
      if (is_alone) j.died_alone.push_back(alone);
    }
    flying.clear();
    is_alone = false;
  };
  const auto read_ids = [](std::string_view body, const auto& each) {
    core::ByteReader fields(body);
    std::uint32_t n = 0;
    fields.get(n);
    for (std::uint32_t i = 0; i < n; ++i) {
      std::uint64_t id = 0;
      fields.get(id);
      each(id);
    }
    if (!fields.at_end()) throw core::Error("a record of tasks in flight has bytes after its ids");
  };
  std::string_view record;
  for (std::uint64_t number = 1; in.next(record); ++number) {
    if (record.empty()) throw core::UsageError("the farm journal holds an empty record");
    const std::string_view body = record.substr(1);
    try {
      if (record[0] == kHeaderRecord) {
        j.header = decode_header(body);
        end_of_run();
        run_seen = true;
        ended_cleanly = false;
      } else if (record[0] == kHandedOutRecord) {
        read_ids(body, [&](std::uint64_t id) { flying.insert(id); });
      } else if (record[0] == kGivenBackRecord) {
        read_ids(body, [&](std::uint64_t id) {
          flying.erase(id);
          if (alone == id) is_alone = false;  // back for a retry, or stopped: it did not kill
        });
      } else if (record[0] == kAloneRecord) {
        core::ByteReader fields(body);
        std::uint64_t id = 0;
        fields.get(id);
        if (!fields.at_end()) throw core::Error("a record of a task run alone has bytes after its id");
        alone = id;
        is_alone = true;
      } else if (record[0] == kCleanEndRecord) {
        ended_cleanly = true;
      } else if (record[0] == kRetryRecord) {
        core::ByteReader fields(body);
        RetrySource& source = j.retry.emplace();
        fields.get(source.path), fields.get(source.sha256), fields.get(source.carried);
        if (!fields.at_end()) throw core::Error("a retry record has bytes after its fields");
      } else if (record[0] == kTaskRecord) {
        std::uint64_t id = 0;
        core::ByteReader(body).get(id);  // the first field
        if (!flying.empty()) flying.erase(id);
        if (!out_at.empty()) {
          if (failure_of(body) == Failure::lost) explain(id);
          out_at.erase(id);
        }
        if (alone == id) is_alone = false;
        std::erase(j.died_alone, id);
        task(body, in.position());
      }
    } catch (const core::UsageError&) {
      throw;
    } catch (const core::Error& e) {
      // Its checksum held, so the bytes are as written: a writer of another layout, not a
      // crash. Bad input either way, as the caller reports it.
      std::string what = "the farm journal's record ";
      what.append(std::to_string(number)).append(" does not decode: ").append(e.what());
      throw core::UsageError(what);
    }
  }
  if (!ended_cleanly) j.in_flight = flying.size();
  end_of_run();
  for (const std::uint64_t killer : j.died_alone) explain(killer);
  for (const auto& [id, deaths] : out_at) {
    const bool killer = std::find(j.died_alone.begin(), j.died_alone.end(), id) != j.died_alone.end();
    const auto count = killer ? deaths.size()
                              : static_cast<std::size_t>(std::count_if(deaths.begin(), deaths.end(),
                                                                       [&](std::uint32_t d) { return !explained[d]; }));
    if (count > 0) j.died_in[id] = static_cast<std::uint32_t>(count);
  }
  j.extent = in.extent();
  return j;
}

Journaled read_journaled(const std::string& path, Decode what) {
  io::JournalReader in(path);
  std::vector<std::uint64_t> ids;
  std::vector<TaskResult> rows;
  std::unordered_map<std::uint64_t, std::size_t> at;
  Journaled j = scan_journal(in, [&](std::string_view body, std::uint64_t) {
    if (what == Decode::ids) {
      std::uint64_t id = 0;
      core::ByteReader(body).get(id);  // the first field
      ids.push_back(id);
      return;
    }
    TaskResult r = decode(body);
    if (auto it = at.find(r.id); it != at.end()) rows[it->second] = std::move(r);
    else {
      at.emplace(r.id, rows.size());
      rows.push_back(std::move(r));
    }
  });
  j.ids = std::move(ids);
  j.rows = std::move(rows);
  return j;
}

}  // namespace pc::farm
