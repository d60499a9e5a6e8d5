#include "merge/rule.hpp"

namespace pc::merge {

std::optional<Prefer> prefer_from_name(std::string_view name) {
  if (name == "newest") return Prefer::newest;
  return std::nullopt;
}

const char* prefer_name(Prefer p) { return p == Prefer::newest ? "newest" : "none"; }

std::vector<std::string> occurrence_keys(const std::vector<std::string>& texts) {
  std::unordered_map<std::string, std::size_t> count;
  std::vector<std::string> keys;
  keys.reserve(texts.size());
  for (const std::string& t : texts) {
    const std::size_t n = count[t]++;
    keys.push_back(n == 0 ? t : t + "\n" + std::to_string(n));
  }
  return keys;
}

}  // namespace pc::merge
