// Option parsing of sumsq and of whole numbers: accepted forms and the error messages.
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "jobs/parse.hpp"
#include "jobs/sumsq.hpp"
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
  CHECK(parse_whole("--n", "1e7", 0, 100'000'000) == 10'000'000);
  CHECK(parse_whole("--n", "25E2", 0, 100'000) == 2500);
  CHECK_THROWS_WITH(parse_whole("--n", "-5", 0, 10), Catch::Contains("--n: '-5' is not a whole number"));
  CHECK_THROWS_WITH(parse_whole("--n", "abc", 0, 10), Catch::Contains("accepted: a whole number from 0 to 10"));
  CHECK_THROWS_WITH(parse_whole("--n", "11", 0, 10), Catch::Contains("out of range"));
  CHECK_THROWS_AS(parse_whole("--n", "", 0, 10), UsageError);
  CHECK_THROWS_AS(parse_whole("--n", "1.5", 0, 10), UsageError);
  CHECK_THROWS_AS(parse_whole("--n", "_1", 0, 10), UsageError);
  CHECK_THROWS_AS(parse_whole("--n", "99999999999999999999", 0, ~0ULL), UsageError);
  CHECK_THROWS_AS(parse_whole("--n", "1e20", 0, ~0ULL), UsageError);
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
