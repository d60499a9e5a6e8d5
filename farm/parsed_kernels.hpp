// A `run` task's kernel from its words: parsed with the kernel's own flags, and kept parsed
// per distinct line, since building a kernel's parser costs far more than a short kernel's run.
#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "jobs/kernels/kernel.hpp"

namespace pc::farm {

// The kernel of `words` ("run", name, flags...) with its flags parsed and checked; throws
// core::UsageError with the kernel's own message.
std::unique_ptr<jobs::Kernel> parse_kernel(const std::vector<std::string>& words);

// parse_kernel once per distinct line, then a copy of that kernel for each task. Safe to use
// from several threads; keeps a bounded number of lines.
class ParsedKernels {
 public:
  std::unique_ptr<jobs::Kernel> get(const std::vector<std::string>& words);

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::unique_ptr<jobs::Kernel>> parsed_;  // by the words, '\0' between
};

}  // namespace pc::farm
