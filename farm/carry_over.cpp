#include "farm/carry_over.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "core/error.hpp"

namespace pc::farm {

std::uint32_t PlaceFinder::operator()(std::uint64_t id) {
  // Tasks finish a little out of order on several slots: a few places either side; a
  // scheduling hiccup can move one further, which a wider look finds until one fails (the
  // ids are then in no order, and the sorted array serves every later miss).
  constexpr std::size_t kNear = 16, kFar = 4096;
  const std::vector<Task>& tasks = list_.tasks;
  const auto look = [&](std::size_t around) -> std::optional<std::uint32_t> {
    const std::size_t from = next_ > around ? next_ - around : 0, to = std::min(tasks.size(), next_ + around);
    for (std::size_t i = from; i < to; ++i)
      if (tasks[i].id == id) {
        next_ = i + 1;
        return static_cast<std::uint32_t>(i);
      }
    return std::nullopt;
  };
  if (const auto near = look(kNear)) return *near;
  if (sorted_.empty()) {
    if (const auto far = look(kFar)) return *far;
    sorted_.resize(tasks.size());
    for (std::size_t i = 0; i < tasks.size(); ++i) sorted_[i] = {tasks[i].id, static_cast<std::uint32_t>(i)};
    std::sort(sorted_.begin(), sorted_.end());
  }
  const auto it =
      std::lower_bound(sorted_.begin(), sorted_.end(), id, [](const auto& e, std::uint64_t v) { return e.first < v; });
  if (it == sorted_.end() || it->first != id) return static_cast<std::uint32_t>(tasks.size());
  next_ = it->second + std::size_t{1};
  return it->second;
}

Held held_tasks(const std::vector<std::uint64_t>& ids, const TaskList& list) {
  PlaceFinder place_of(list);
  Held held;
  held.at.assign(list.tasks.size(), false);
  std::vector<std::uint64_t> gone;
  for (const std::uint64_t id : ids) {
    const std::uint32_t place = place_of(id);
    if (place < held.at.size()) held.at[place] = true;
    else gone.push_back(id);
  }
  std::sort(gone.begin(), gone.end());
  held.gone = std::unique(gone.begin(), gone.end()) - gone.begin();
  return held;
}

void refuse_gone(std::int64_t gone, bool accept_changed, const std::string& flag, const std::string& what,
                 const std::string& kept) {
  if (gone == 0 || accept_changed) return;
  throw core::UsageError(flag + ": " + std::to_string(gone) + " " + what +
                         " are no longer in the task file (a line was changed or removed); --accept-changed keeps " +
                         kept + " and runs the file as it is now");
}

RetryPlan plan_retry(std::vector<TaskResult> rows, const TaskList& list) {
  PlaceFinder place_of(list);
  RetryPlan plan;
  std::vector<bool> held(list.tasks.size(), false);
  for (TaskResult& r : rows) {
    const std::uint32_t place = place_of(r.id);
    const bool in = place < held.size();
    if (in) held[place] = true;
    else ++plan.gone;
    if (!r.failed()) plan.carried.push_back(std::move(r));
    else if (in) ++plan.failed_again;
    else ++plan.gone_failed;
  }
  plan.not_held = std::count(held.begin(), held.end(), false);
  return plan;
}

std::vector<std::uint32_t> suspects(const TaskList& list, const std::vector<bool>& done,
                                    const std::unordered_map<std::uint64_t, std::uint32_t>& died_in) {
  std::vector<std::uint32_t> out;
  if (died_in.empty()) return out;
  for (std::size_t i = 0; i < list.tasks.size(); ++i) {
    if (i < done.size() && done[i]) continue;
    const auto found = died_in.find(list.tasks[i].id);
    if (found != died_in.end() && found->second >= 2) out.push_back(static_cast<std::uint32_t>(i));
  }
  return out;
}

std::vector<std::uint32_t> killers(const TaskList& list, const std::vector<bool>& done,
                                   const std::vector<std::uint64_t>& died_alone) {
  PlaceFinder place_of(list);
  std::vector<std::uint32_t> out;
  for (const std::uint64_t id : died_alone) {
    const std::uint32_t place = place_of(id);
    if (place < list.tasks.size() && !(place < done.size() && done[place]) &&
        std::find(out.begin(), out.end(), place) == out.end())
      out.push_back(place);
  }
  return out;
}

TaskResult lost_row(const TaskList& list, std::uint32_t place, std::uint32_t deaths, double now) {
  const Task& t = list.tasks.at(place);
  TaskResult r;
  r.id = t.id;
  r.line = t.line;
  r.occurrence = t.occurrence;
  r.kind = t.kind;
  r.task = list.display(t);
  r.status = Status::failed;
  r.failure = Failure::lost;
  r.exit_code = -1;
  r.rank = -1;
  r.slot = -1;
  r.attempts = static_cast<std::int32_t>(std::max<std::uint32_t>(deaths, 1));
  r.start = now;
  r.error = "its farm died " + std::to_string(r.attempts) +
            " time(s) while it was out, the last while it ran alone: it kills the worker running it "
            "(a kernel out of memory? a signal to its parent?); not retried";
  return r;
}

}  // namespace pc::farm
