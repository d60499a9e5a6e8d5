// Option parsing: whole and real numbers, options declared through jobs/cli_options, sumsq;
// accepted forms and the error messages.
#include <catch2/catch.hpp>

#include <memory>
#include <stdexcept>

#include "core/error.hpp"
#include "jobs/cli/options.hpp"
#include "jobs/cli/parse.hpp"
#include "jobs/kernels/sumsq.hpp"
#include "kernels/sumsq.hpp"

using pc::core::UsageError;
using pc::jobs::parse_whole;

namespace {
std::vector<std::uint64_t> sumsq_sizes(std::vector<std::string> args) {
  pc::jobs::Sumsq job;
  CLI::App app;
  job.add_options(app);
  args.insert(args.begin(), "sumsq");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  app.parse(static_cast<int>(argv.size()), argv.data());
  job.check_options();
  return job.sizes();
}

std::string error_of(std::vector<std::string> args) {
  try {
    sumsq_sizes(std::move(args));
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(no error)";
}
}  // namespace

TEST_CASE("whole numbers: digits, separators, powers of ten, ranges") {
  CHECK(parse_whole("--n", "0", 0, 10) == 0);
  CHECK(parse_whole("--n", "10_000_000", 0, 100'000'000) == 10'000'000);
  CHECK(parse_whole("--n", "1_000", 0, 100'000) == 1000);
  CHECK(parse_whole("--n", "1e7", 0, 100'000'000) == 10'000'000);
  CHECK(parse_whole("--n", "1e3", 0, 100'000) == 1000);
  CHECK(parse_whole("--n", "25E2", 0, 100'000) == 2500);
  CHECK(parse_whole("--n", "0e99999999999999999999", 0, 10) == 0);
  CHECK(parse_whole("--n", "18446744073709551615", 0, ~0ULL) == ~0ULL);
  CHECK_THROWS_WITH(parse_whole("--n", "-5", 0, 10),
                    "--n: '-5' is not a whole number (accepted: a whole number from 0 to 10)");
  CHECK_THROWS_WITH(parse_whole("--n", "11", 0, 10), "--n: 11 is out of range (accepted: a whole number from 0 to 10)");
  CHECK_THROWS_WITH(parse_whole("--n", "11", 0, 10, "why"), Catch::EndsWith("from 0 to 10, why)"));
}

TEST_CASE("whole numbers refuse signs, spaces, hex, fractions and stray separators") {
  for (const char* text : {"-0", "+5", "0x10",  " 5",   "5 ",   "",     "1.5", "_1",  "1_",  "1__0",
                           "1e", "e5", "1e3e1", "1e+3", "1e-3", "1e_3", "abc", "0b1", "5\n", "١"}) {
    INFO(text);
    CHECK_THROWS_WITH(parse_whole("--n", text, 0, ~0ULL),
                      "--n: '" + std::string(text) +
                          "' is not a whole number (accepted: a whole number from 0 to "
                          "18446744073709551615)");
  }
}

TEST_CASE("whole numbers of 2^64 and beyond are out of range, not malformed") {
  for (const char* text : {"18446744073709551616", "99999999999999999999", "1e20", "2e19", "1e99999999999999999999",
                           "18_446_744_073_709_551_616"}) {
    INFO(text);
    CHECK_THROWS_WITH(parse_whole("--n", text, 0, ~0ULL),
                      Catch::StartsWith("--n: " + std::string(text) + " is out of range"));
  }
  CHECK(parse_whole("--n", "1e19", 0, ~0ULL) == 10'000'000'000'000'000'000ULL);
}

TEST_CASE("whole number lists: every item a whole number") {
  CHECK(pc::jobs::parse_whole_list("--l", "3,1e2,1_0", 0, 1000) == std::vector<std::uint64_t>{3, 100, 10});
  CHECK_THROWS_WITH(pc::jobs::parse_whole_list("--l", "1,,2", 0, 10),
                    Catch::StartsWith("--l: '' is not a whole number"));
  CHECK_THROWS_WITH(pc::jobs::parse_whole_list("--l", "", 0, 10), Catch::StartsWith("--l: '' is not a whole number"));
  CHECK_THROWS_WITH(pc::jobs::parse_whole_list("--l", "1,", 0, 10), Catch::StartsWith("--l: '' is not"));
}

TEST_CASE("real numbers: plain decimal only, a sign only where the range has negatives") {
  using pc::jobs::parse_real;
  CHECK(parse_real("--t", "0", 0, 10) == 0.0);
  CHECK(parse_real("--t", "2.5", 0, 10) == 2.5);
  CHECK(parse_real("--t", "1e-3", 0, 10) == 0.001);
  CHECK(parse_real("--t", "1.5E+1", 0, 100) == 15.0);
  CHECK(parse_real("--t", "-1.25", -2, 2) == -1.25);
  CHECK_THROWS_WITH(parse_real("--t", "nan", 0, 86400, "in seconds"),
                    "--t: 'nan' is not a number (accepted: a number from 0 to 86400, in seconds)");
  CHECK_THROWS_WITH(parse_real("--t", "86401", 0, 86400),
                    "--t: 86401 is out of range (accepted: a number from 0 to 86400)");
  CHECK_THROWS_WITH(parse_real("--t", "1e999", 0, 86400), Catch::StartsWith("--t: 1e999 is out of range"));
  CHECK_THROWS_WITH(parse_real("--t", "0.5", 1, 2.5), Catch::EndsWith("(accepted: a number from 1 to 2.5)"));
  for (const char* text : {"-1", "-0", "+1", "0x1p3", "inf", "-inf", "NaN", "infinity", " 1", "1 ", "", ".5", "5.",
                           "1e", "1e+", "1..2", "1,5", "--1", "1e3.5"}) {
    INFO(text);
    CHECK_THROWS_WITH(parse_real("--t", text, 0, 86400),
                      Catch::StartsWith("--t: '" + std::string(text) + "' is not a number"));
  }
  CHECK_FALSE(pc::jobs::read_real("0x10").has_value());
  CHECK(pc::jobs::read_real("-0.5") == -0.5);
}

namespace {
// Parses `args` on an app that has the options `declare` puts on it; the error, or "".
template <class Declare> std::string cli_error(Declare declare, std::vector<std::string> args) {
  CLI::App app;
  declare(app);
  args.insert(args.begin(), "prog");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("options declared through cli_options read their values by the same rules") {
  int threads = 7;
  long bytes = 0;
  double timeout = 60;
  std::string path = "unchanged";
  std::vector<std::uint64_t> sizes;
  const auto declare = [&](CLI::App& app) {
    pc::jobs::add_whole(app, "-t,--threads", threads, {0, 100}, "threads");
    pc::jobs::add_whole(app, "--bytes", bytes, {0, std::uint64_t{1} << 60}, "bytes");
    pc::jobs::add_real(app, "--timeout", timeout, {0, 86400, "in seconds"}, "timeout");
    pc::jobs::add_text(app, "-o,--output", path, "a file name", "output");
    pc::jobs::add_whole_list(app, "--sizes", sizes, {0, 1000}, "sizes");
  };
  CHECK(cli_error(declare, {}).empty());
  CHECK((threads == 7 && timeout == 60 && path == "unchanged"));
  CHECK(
      cli_error(declare, {"-t", "1_0", "--bytes", "1e18", "--timeout", "0.5", "-o", "x.h5", "--sizes", "1,2"}).empty());
  CHECK((threads == 10 && bytes == 1'000'000'000'000'000'000L && timeout == 0.5 && path == "x.h5"));
  CHECK(sizes == std::vector<std::uint64_t>{1, 2});
  CHECK(cli_error(declare, {"-t", "0x10"}) ==
        "--threads: '0x10' is not a whole number (accepted: a whole number from 0 to 100)");
  CHECK(cli_error(declare, {"--threads= 5"}) ==
        "--threads: ' 5' is not a whole number (accepted: a whole number from 0 to 100)");
  CHECK(cli_error(declare, {"--threads", "1e3"}) ==
        "--threads: 1e3 is out of range (accepted: a whole number from 0 to 100)");
  CHECK(cli_error(declare, {"--threads", ""}) ==
        "--threads: '' is not a whole number (accepted: a whole number from 0 to 100)");
  CHECK(cli_error(declare, {"--timeout", "inf"}) ==
        "--timeout: 'inf' is not a number (accepted: a number from 0 to 86400, in seconds)");
  CHECK(cli_error(declare, {"-o", ""}) == "--output: the value is empty (accepted: a file name)");
  CHECK(cli_error(declare, {"--sizes", ""}) ==
        "--sizes: '' is not a whole number (accepted: a whole number from 0 to 1000)");
  CHECK_THROWS_AS(pc::jobs::add_whole(*std::make_unique<CLI::App>(), "--small", threads, {0, 1ULL << 40}, ""),
                  std::logic_error);
}

TEST_CASE("sumsq defaults to four tasks of ten million") {
  CHECK(sumsq_sizes({}) == std::vector<std::uint64_t>(4, 10'000'000));
  CHECK(sumsq_sizes({"--tasks", "2", "--size", "5"}) == std::vector<std::uint64_t>{5, 5});
  CHECK(sumsq_sizes({"--tasks", "0"}).empty());
  CHECK(sumsq_sizes({"--sizes", "3,1,2"}) == std::vector<std::uint64_t>{3, 1, 2});
}

TEST_CASE("sumsq option errors name the flag and what is accepted") {
  CHECK_THAT(error_of({"--size", "abc"}), Catch::StartsWith("--size: 'abc' is not a whole number"));
  CHECK_THAT(error_of({"--tasks", "-1"}), Catch::StartsWith("--tasks: '-1'"));
  CHECK_THAT(error_of({"--tasks", "1000001"}), Catch::Contains("from 0 to 1000000"));
  const std::string too_big = std::to_string(pc::kernels::sumsq::max_size() + 1);
  CHECK_THAT(error_of({"--size", too_big}), Catch::Contains("fits in 128 bits"));
  CHECK(error_of({"--size", std::to_string(pc::kernels::sumsq::max_size())}) == "(no error)");
  CHECK_THAT(error_of({"--sizes", "1,,2"}), Catch::StartsWith("--sizes:"));
  CHECK_THAT(error_of({"--sizes", "4", "--size", "3"}), Catch::Contains("--sizes"));
}
