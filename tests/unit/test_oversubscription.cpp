// The oversubscription warning, as pure logic over gathered rank facts: silent when every
// thread has a CPU, else one line naming the crowded rank or host and the fix.
#include <catch2/catch.hpp>

#include "core/host.hpp"
#include "jobs/results/provenance.hpp"

using pc::jobs::oversubscription_warning;
using pc::jobs::RankFacts;

namespace {
RankFacts rank(const std::string& host, const std::string& mask, int cpus, int threads, int host_cpus) {
  return RankFacts{.hostname = host, .affinity = mask, .cpus = cpus, .threads = threads, .host_cpus = host_cpus};
}
}  // namespace

TEST_CASE("CPU lists are written with ranges, as the kernel writes them") {
  CHECK(pc::core::cpu_list({}).empty());
  CHECK(pc::core::cpu_list({3}) == "3");
  CHECK(pc::core::cpu_list({0, 1}) == "0-1");
  CHECK(pc::core::cpu_list({0, 1, 2, 5, 7, 8}) == "0-2,5,7-8");
}

TEST_CASE("no warning when every thread has a CPU of its own") {
  CHECK(oversubscription_warning({rank("a", "0-3", 4, 4, 4)}).empty());
  CHECK(oversubscription_warning({rank("a", "0-1", 2, 2, 4), rank("a", "2-3", 2, 2, 4)}).empty());
  CHECK(oversubscription_warning({}).empty());
}

TEST_CASE("a rank with more threads than its CPUs is named, with the binding fix") {
  const std::string w = oversubscription_warning({rank("a", "0-1", 2, 2, 2), rank("a", "1", 1, 2, 2)});
  CHECK_THAT(w, Catch::StartsWith("rank 1 runs 2 OpenMP threads on 1 CPU(s) (affinity 1)"));
  CHECK_THAT(w, Catch::Contains("--map-by slot:PE=2") && Catch::Contains("OMP_NUM_THREADS=1"));
}

TEST_CASE("several crowded ranks are counted, the first named") {
  const std::string w =
      oversubscription_warning({rank("a", "0", 1, 1, 4), rank("a", "1", 1, 3, 4), rank("a", "2", 1, 3, 4)});
  CHECK_THAT(w, Catch::StartsWith("2 ranks (rank 1 among them) runs 3 OpenMP threads"));
}

TEST_CASE("ranks that fit their masks but crowd their host together are a warning for that host") {
  // Two ranks, each allowed both CPUs of a 2-CPU host, each running 2 threads: 4 on 2.
  const std::string w = oversubscription_warning({rank("a", "0-1", 2, 2, 2), rank("a", "0-1", 2, 2, 2)});
  CHECK_THAT(w, Catch::Contains("2 ranks run 4 OpenMP threads on host a, which has 2 CPUs"));
  CHECK_THAT(w, Catch::Contains("lower OMP_NUM_THREADS to 1"));
  // More ranks than CPUs, one thread each, is the user's choice: no warning.
  CHECK(oversubscription_warning({rank("a", "0-1", 2, 1, 2), rank("a", "0-1", 2, 1, 2), rank("a", "0-1", 2, 1, 2)})
            .empty());
  // The same threads spread over two hosts fit.
  CHECK(oversubscription_warning({rank("a", "0-1", 2, 2, 2), rank("b", "0-1", 2, 2, 2)}).empty());
}
