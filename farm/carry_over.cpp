#include "farm/carry_over.hpp"

#include <unordered_set>
#include <utility>

#include "core/error.hpp"

namespace pc::farm {

namespace {

std::unordered_set<std::uint64_t> ids_of(const TaskList& list) {
  std::unordered_set<std::uint64_t> ids;
  ids.reserve(list.tasks.size());
  for (const Task& t : list.tasks) ids.insert(t.id);
  return ids;
}

}  // namespace

std::int64_t tasks_gone(const std::vector<std::uint64_t>& ids, const TaskList& list) {
  const std::unordered_set<std::uint64_t> in_list = ids_of(list);
  std::int64_t gone = 0;
  for (const std::uint64_t id : ids) gone += in_list.count(id) == 0;
  return gone;
}

void refuse_gone(std::int64_t gone, bool accept_changed, const std::string& flag, const std::string& what,
                 const std::string& kept) {
  if (gone == 0 || accept_changed) return;
  throw core::UsageError(flag + ": " + std::to_string(gone) + " " + what +
                         " are no longer in the task file (a line was changed or removed); --accept-changed keeps " +
                         kept + " and runs the file as it is now");
}

RetryPlan plan_retry(std::vector<TaskResult> rows, const TaskList& list) {
  const std::unordered_set<std::uint64_t> in_list = ids_of(list);
  RetryPlan plan;
  std::unordered_set<std::uint64_t> held;
  held.reserve(rows.size());
  for (TaskResult& r : rows) {
    const bool listed = in_list.count(r.id) > 0;
    if (listed) held.insert(r.id);
    else ++plan.gone;
    if (!r.failed()) plan.carried.push_back(std::move(r));
    else if (listed) ++plan.failed_again;
    else ++plan.gone_failed;
  }
  plan.not_held = static_cast<std::int64_t>(list.tasks.size() - held.size());
  return plan;
}

}  // namespace pc::farm
