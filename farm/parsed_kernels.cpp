#include "farm/parsed_kernels.hpp"

#include "core/error.hpp"

namespace pc::farm {

std::unique_ptr<jobs::Kernel> parse_kernel(const std::vector<std::string>& words) {
  if (words.size() < 2) throw core::UsageError("run: name a kernel");
  for (std::unique_ptr<jobs::Kernel>& k : jobs::make_kernels()) {
    if (k->name() != words[1]) continue;
    CLI::App app("", k->name());
    k->add_options(app);
    std::vector<std::string> args(words.rbegin(), words.rend() - 2);  // CLI11 takes them last first
    try {
      app.parse(args);
    } catch (const CLI::ParseError& e) {
      std::string what = e.what();
      for (char& c : what)
        if (c == '\n') c = ' ';
      throw core::UsageError("run " + k->name() + ": " + what);
    }
    k->check_options();
    return std::move(k);
  }
  std::string names;
  for (const auto& k : jobs::make_kernels()) names.append(names.empty() ? "" : ", ").append(k->name());
  throw core::UsageError("run: unknown kernel '" + words[1] + "' (accepted: " + names + ")");
}

std::unique_ptr<jobs::Kernel> ParsedKernels::get(const std::vector<std::string>& words) {
  // A sweep of distinct lines keeps a kernel each up to here, then starts again: a parsed
  // kernel is a few hundred bytes.
  constexpr std::size_t kKept = 4096;
  std::string key;
  for (const std::string& w : words) key.append(w).push_back('\0');
  {
    const std::lock_guard lock(mutex_);
    const auto found = parsed_.find(key);
    if (found != parsed_.end()) return found->second->clone();
  }
  std::unique_ptr<jobs::Kernel> parsed = parse_kernel(words);  // outside the lock: the slow part
  std::unique_ptr<jobs::Kernel> copy = parsed->clone();
  const std::lock_guard lock(mutex_);
  if (parsed_.size() >= kKept) parsed_.clear();
  parsed_.emplace(std::move(key), std::move(parsed));
  return copy;
}

}  // namespace pc::farm
