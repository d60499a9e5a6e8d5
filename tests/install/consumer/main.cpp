// A program outside the tree that calls every installed parcompute library, through the
// umbrella header, and prints one line per library for check_install.sh to compare.
// Usage: mpiexec -n 2 consumer OUTPUT.h5 (the line of pc_mpi names the rank of each task).
#include <parcompute/farm/program.hpp>
#include <parcompute/farm/task_list.hpp>
#include <parcompute/jobs/cli/options.hpp>
#include <parcompute/parcompute.hpp>

#include <cstdint>
#include <filesystem>
#include <iostream>
#include <string>

namespace {

std::string core_line() { return "pc_core: 2^100 = " + pc::core::to_string(pc::core::u128{1} << 100); }

std::string kernels_line() {
  return "pc_kernels: serial sumsq(1000) = " + pc::core::to_string(pc::kernels::sumsq::serial(1000));
}

std::string omp_line() { return "pc_omp: sumsq(1000000) = " + pc::core::to_string(pc::omp::sumsq::run(1000000)); }

// Collective; the line is complete on rank 0, where the results are gathered.
std::string mpi_line(const pc::mpi::Comm& world) {
  const pc::mpi::sumsq::Run run = pc::mpi::sumsq::run(world, {10, 1000000, 3});
  std::string line = "pc_mpi: " + std::to_string(world.size) + " ranks:";
  for (const auto& task : run.results)
    line += " " + pc::core::to_string(pc::core::from_words(task.sum_hi, task.sum_lo)) + "@" + std::to_string(task.rank);
  return line;
}

// The results file must appear under its name only at commit(), and read back as written.
std::string h5_line(const std::string& path) {
  pc::io::ResultFile file(path, false);
  file.write([](const pc::io::h5::File& f) {
    f.write<std::uint64_t>("sizes", {10, 1000000, 3});
    f.set_attr("origin", std::string("consumer"));
  });
  std::string line =
      std::string("pc_h5: ") + (std::filesystem::exists(path) ? "present" : "absent") + " before commit, read back";
  file.commit();
  const pc::io::h5::File back = pc::io::h5::File::open_readonly(path);
  for (const std::uint64_t size : back.read<std::uint64_t>("sizes")) line += " " + std::to_string(size);
  return line + ", origin " + pc::io::h5::to_text(back.attr("origin"));
}

std::string fetch_line() {
  const pc::io::UrlVerdict ftp = pc::io::check_url("ftp://example.org/");
  return "pc_fetch: ftp refused with curl code " + std::to_string(ftp.curl_code) + ", recorded as " +
         pc::io::recorded_url("http://user:secret@example.org/caf\xE9");
}

// pc_jobs reads option values with its own number grammar while CLI11 parses.
std::string jobs_line() {
  CLI::App app;
  std::uint64_t size = 1;
  pc::jobs::add_whole(app, "--size", size, {1, 100000}, "a size");
  app.parse("--size 10_000", false);
  std::string line = "pc_jobs: --size 10_000 is " + std::to_string(size);
  try {
    app.parse("--size 1e9", false);
    line += "; --size 1e9 accepted";
  } catch (const pc::core::UsageError& e) {
    line += "; --size 1e9 refused: " + std::string(e.what());
  }
  return line;
}

// pc_farm: a task file read into tasks, and one program run the way an exec task runs.
std::string farm_line() {
  const pc::farm::TaskList list =
      pc::farm::parse_task_file("exec -- echo hi\nexec -- echo hi\n# note\nrun noop\n", "t");
  pc::farm::ProgramSpec spec;
  spec.argv = list.words(list.tasks[0]);
  spec.argv.erase(spec.argv.begin());  // the kind word
  spec.environment = pc::farm::task_environment_base({});
  const pc::farm::ProgramOutcome o = pc::farm::run_program(spec, {});
  return "pc_farm: " + std::to_string(list.tasks.size()) + " tasks, occurrences " +
         std::to_string(list.tasks[0].occurrence) + "," + std::to_string(list.tasks[1].occurrence) +
         (list.tasks[0].id != list.tasks[1].id ? ", distinct ids" : ", one id") + ", exit " +
         std::to_string(o.exit_code) + ", said " + o.out_head.substr(0, o.out_head.size() - 1);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: consumer OUTPUT.h5\n";
    return 2;
  }
  const pc::mpi::Env env(argc, argv);
  const pc::mpi::Comm world = pc::mpi::Comm::world();
  const std::string mpi = mpi_line(world);
  if (!world.root()) return 0;
  for (const std::string& line :
       {core_line(), kernels_line(), omp_line(), mpi, h5_line(argv[1]), fetch_line(), jobs_line(), farm_line()})
    std::cout << line << "\n";
}
