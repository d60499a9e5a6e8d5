#include "farm/table_from_journal.hpp"

#include <algorithm>
#include <utility>

#include "farm/carry_over.hpp"
#include "farm/task_table.hpp"

namespace pc::farm {

namespace {

// Rows decoded and written at a time: a few MiB of rows however long the table.
constexpr std::size_t kBlockRows = 4096;

// One task record of the journal, as the first pass found it.
struct Found {
  std::uint64_t id = 0;
  std::uint64_t position = 0;  // where its record starts: later records are later results
  std::uint32_t length = 0;    // of the record, its kind byte included
  std::uint32_t place = 0;     // in the list; the list's length for a task it no longer has
  std::uint64_t order = 0;     // of a task no longer listed: where its first record is
};

// Each task's latest record, in table order: by place, then those of tasks the list no
// longer has, in journal order. Every place holds at most one task, so the records of the
// list's tasks are put in place, not sorted.
std::vector<Found> table_order(const std::vector<Found>& found, const TaskList& list) {
  const std::size_t n = list.tasks.size();
  std::vector<std::size_t> latest(n, found.size());  // at each place, the latest record's index in `found`
  std::vector<Found> gone;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (found[i].place < n) latest[found[i].place] = i;
    else gone.push_back(found[i]);
  }
  // Of a task no longer listed, its last record, placed where its first was.
  std::stable_sort(gone.begin(), gone.end(), [](const Found& a, const Found& b) { return a.id < b.id; });
  std::vector<Found> kept;
  for (std::size_t i = 0; i < gone.size(); ++i) {
    if (i > 0 && gone[i - 1].id == gone[i].id) continue;
    std::size_t last = i;
    while (last + 1 < gone.size() && gone[last + 1].id == gone[i].id) ++last;
    kept.push_back(gone[last]);
    kept.back().order = gone[i].position;
  }
  std::sort(kept.begin(), kept.end(), [](const Found& a, const Found& b) { return a.order < b.order; });
  std::vector<Found> order;
  order.reserve(found.size());
  for (const std::size_t i : latest)
    if (i < found.size()) order.push_back(found[i]);
  order.insert(order.end(), kept.begin(), kept.end());
  return order;
}

}  // namespace

TableSummary write_table_from_journal(const io::h5::Group& group, const std::string& journal_path,
                                      const TaskList& list) {
  io::JournalReader in(journal_path);
  // First pass: where every task record is, and what the text columns must hold.
  PlaceFinder place_of(list);
  std::vector<Found> found;
  TaskTableLayout layout;
  const Journaled j = scan_journal(in, [&](std::string_view body, std::uint64_t position) {
    const TaskResult r = decode(body);
    layout.add(r);
    found.push_back({r.id, position, static_cast<std::uint32_t>(body.size() + 1), place_of(r.id), 0});
  });
  const std::vector<Found> order = table_order(found, list);
  found = {};

  // Second pass: a block of rows at a time, their records read in journal order.
  TableSummary summary;
  summary.retry = j.retry;
  summary.rows = static_cast<std::int64_t>(order.size());
  summary.listed =
      std::count_if(order.begin(), order.end(), [&](const Found& f) { return f.place < list.tasks.size(); });
  TaskTableWriter table(group, order.size(), layout);
  std::vector<TaskResult> block;
  std::vector<std::pair<std::uint64_t, std::size_t>> by_position;  // (position, row of the block)
  std::vector<io::JournalReader::Wanted> wanted;
  for (std::size_t first = 0; first < order.size(); first += kBlockRows) {
    const std::size_t n = std::min(kBlockRows, order.size() - first);
    block.resize(n);
    by_position.clear();
    for (std::size_t i = 0; i < n; ++i) by_position.emplace_back(order[first + i].position, i);
    std::sort(by_position.begin(), by_position.end());
    wanted.clear();
    for (const auto& [position, i] : by_position) wanted.push_back({position, order[first + i].length});
    in.read(wanted,
            [&](std::size_t k, std::string_view record) { block[by_position[k].second] = decode(record.substr(1)); });
    table.append(block);
    for (const TaskResult& r : block) {
      if (!r.failed()) continue;
      TaskResult& f = summary.failures.emplace_back();
      f.id = r.id, f.line = r.line, f.kind = r.kind, f.status = r.status, f.failure = r.failure;
      f.task = r.task, f.error = r.error;
    }
  }
  table.close();
  return summary;
}

}  // namespace pc::farm
