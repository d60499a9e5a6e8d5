// Reading a Slurm job's environment: the default file name's id, the provenance entries, the
// thread count taken from --cpus-per-task, and the warning when a job outgrows its allotment.
#include <catch2/catch.hpp>
#include <cstdlib>

#include "core/error.hpp"
#include "jobs/cli/thread_limit.hpp"
#include "jobs/results/provenance.hpp"
#include "jobs/results/slurm_env.hpp"
#include "omp/threads.hpp"

using pc::jobs::SlurmEnv;

namespace {
// Sets or unsets one variable for the life of the guard.
class EnvGuard {
 public:
  EnvGuard(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old, had_ = true;
    if (value) ::setenv(name, value, 1);
    else ::unsetenv(name);
  }
  ~EnvGuard() {
    if (had_) ::setenv(name_, old_.c_str(), 1);
    else ::unsetenv(name_);
  }
  EnvGuard(const EnvGuard&) = delete;
  EnvGuard& operator=(const EnvGuard&) = delete;

 private:
  const char* name_;
  std::string old_;
  bool had_ = false;
};

pc::jobs::RankFacts on(const std::string& host, int threads, int allotted) {
  return {.hostname = host, .affinity = "0-7", .cpus = 8, .threads = threads, .host_cpus = 8, .allotted = allotted};
}
}  // namespace

TEST_CASE("a task of a job array is named <array job id>_<task id>, a job by its id, else the pid") {
  CHECK(pc::jobs::run_label(SlurmEnv{.job_id = "1234", .array_job_id = "1230", .array_task_id = "4"}, "99") ==
        "1230_4");
  CHECK(pc::jobs::run_label(SlurmEnv{.job_id = "1234"}, "99") == "1234");
  CHECK(pc::jobs::run_label(SlurmEnv{}, "99") == "99");
  // Half an array description is no array: the job id still names the run.
  CHECK(pc::jobs::run_label(SlurmEnv{.job_id = "7", .array_job_id = "5"}, "99") == "7");
}

TEST_CASE("the provenance holds each Slurm variable that is set, under its own name") {
  CHECK(pc::jobs::slurm_attributes(SlurmEnv{}).empty());
  const auto a = pc::jobs::slurm_attributes(SlurmEnv{.job_id = "12",
                                                     .array_job_id = "10",
                                                     .array_task_id = "2",
                                                     .ntasks = "4",
                                                     .cpus_per_task = "2",
                                                     .nodelist = "vm,nodeb",
                                                     .end_time = "1796169540"});
  using Entries = std::vector<std::pair<std::string, std::string>>;
  CHECK(a == Entries{{"slurm_job_id", "12"},
                     {"slurm_array_job_id", "10"},
                     {"slurm_array_task_id", "2"},
                     {"slurm_ntasks", "4"},
                     {"slurm_cpus_per_task", "2"},
                     {"slurm_job_nodelist", "vm,nodeb"},
                     {"slurm_job_end_time", "2026-12-01T23:59:00Z"}});
}

TEST_CASE("a job end time is kept only when it is whole Unix seconds") {
  CHECK(pc::jobs::utc_from_unix_seconds(0) == "1970-01-01T00:00:00Z");
  CHECK(pc::jobs::utc_from_unix_seconds(1796169540) == "2026-12-01T23:59:00Z");
  CHECK(pc::jobs::unix_seconds("1796169540") == 1796169540);
  for (const char* bad : {"", "-5", "12x", " 12", "1.5", "99999999999999999999999"})
    CHECK_FALSE(pc::jobs::unix_seconds(bad).has_value());
  CHECK(pc::jobs::slurm_attributes(SlurmEnv{.job_id = "3", .end_time = "soon"}).size() == 1);
}

TEST_CASE("Slurm cpus-per-task is the default thread count, else the CPUs shared over the node's ranks") {
  CHECK(pc::omp::default_threads("3", 8, 2) == 3);
  CHECK(pc::omp::default_threads("16", 2, 1) == 16);  // Slurm's word even beyond the mask: the warning tells
  CHECK(pc::omp::default_threads(nullptr, 8, 2) == 4);
  CHECK(pc::omp::default_threads("", 8, 3) == 2);
  CHECK(pc::omp::default_threads(nullptr, 2, 4) == 1);
  for (const char* bad : {"0", "-2", "2x", "x"}) CHECK(pc::omp::default_threads(bad, 8, 1) == 8);
}

TEST_CASE("SLURM_CPUS_PER_TASK is checked when it sets the threads, and OMP_NUM_THREADS wins over it") {
  const EnvGuard omp("OMP_NUM_THREADS", nullptr);
  {
    const EnvGuard slurm("SLURM_CPUS_PER_TASK", "4");
    CHECK_NOTHROW(pc::jobs::check_thread_request());
  }
  {
    const EnvGuard slurm("SLURM_CPUS_PER_TASK", "four");
    CHECK_THROWS_WITH(pc::jobs::check_thread_request(), Catch::StartsWith("SLURM_CPUS_PER_TASK: 'four'"));
    const EnvGuard set("OMP_NUM_THREADS", "2");
    CHECK_NOTHROW(pc::jobs::check_thread_request());
  }
}

TEST_CASE("ranks x threads beyond the CPUs Slurm allotted on a host is warned about, with the fix") {
  using pc::jobs::oversubscription_warning;
  CHECK(oversubscription_warning({on("vm", 2, 2)}).empty());
  CHECK(oversubscription_warning({on("vm", 2, 0)}).empty());  // outside Slurm: no allotment to exceed
  CHECK(oversubscription_warning({on("vm", 2, 2), on("nodeb", 2, 2)}).empty());
  const std::string one = oversubscription_warning({on("vm", 4, 2)});
  CHECK_THAT(one, Catch::StartsWith("1 rank runs 4 OpenMP threads on host vm, where Slurm allotted this job 2 CPU(s)"));
  CHECK_THAT(one, Catch::Contains("--cpus-per-task=4") && Catch::Contains("OMP_NUM_THREADS=2"));
  const std::string two = oversubscription_warning({on("vm", 2, 2), on("vm", 2, 2), on("nodeb", 1, 2)});
  CHECK_THAT(two, Catch::StartsWith("2 ranks run 4 OpenMP threads on host vm") && Catch::Contains("OMP_NUM_THREADS=1"));
  // More ranks than allotted CPUs, one thread each, is the user's choice (srun --overcommit).
  CHECK(oversubscription_warning({on("vm", 1, 2), on("vm", 1, 2), on("vm", 1, 2)}).empty());
}
