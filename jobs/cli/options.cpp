// CLI11 glue of jobs/cli/parse.*: options declared here take their values as text and read them
// with parcompute's own grammar, never with CLI11's conversions.
#include "jobs/cli/options.hpp"

#include "core/error.hpp"

namespace pc::jobs {

CLI::Option* add_read_option(CLI::App& cmd, const std::string& names, const std::string& help, ReadValue read) {
  CLI::Option* opt = cmd.add_option(names, CLI::callback_t{}, help);
  // Read as the first check of the value, so before any CLI11 check a caller adds (an empty
  // --cacert is "empty", not "does not exist"); the flag's name is known only now.
  opt->check(CLI::Validator(
      [flag = opt->get_name(), read = std::move(read)](std::string& text) {
        read(flag, text);
        return std::string();
      },
      ""));
  return opt;
}

CLI::Option* add_whole_list(CLI::App& cmd, const std::string& names, std::vector<std::uint64_t>& into,
                            const WholeRange& range, const std::string& help) {
  return add_read_option(cmd, names, help,
                         [&into, range](const std::string& flag, const std::string& text) {
                           into = parse_whole_list(flag, text, range.lo, range.hi, range.why_hi);
                         })
      ->type_name("N1,N2,...");
}

CLI::Option* add_real(CLI::App& cmd, const std::string& names, double& into, const RealRange& range,
                      const std::string& help) {
  return add_read_option(cmd, names, help,
                         [&into, range](const std::string& flag, const std::string& text) {
                           into = parse_real(flag, text, range.lo, range.hi, range.note);
                         })
      ->type_name("X")
      ->default_str(real_text(into));
}

CLI::Option* add_text(CLI::App& cmd, const std::string& names, std::string& into, const std::string& accepted,
                      const std::string& help) {
  return add_read_option(cmd, names, help,
                         [&into, accepted](const std::string& flag, const std::string& text) {
                           if (text.empty())
                             throw core::UsageError(flag + ": the value is empty (accepted: " + accepted + ")");
                           into = text;
                         })
      ->type_name("TEXT");
}

}  // namespace pc::jobs
