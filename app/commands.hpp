// The subcommands of the parcompute program. Each declares its options on the CLI11 app and
// runs when selected; main maps what they throw to exit statuses.
#pragma once
#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "fetch/fetch.hpp"
#include "jobs/kernels/kernel.hpp"
#include "jobs/results/output.hpp"
#include "jobs/slurm/script.hpp"

namespace pc::farm {
struct FarmOptions;
}
namespace pc::merge {
struct MergeOptions;
}

namespace pc::app {

struct Invocation {
  int argc;
  char** argv;
  std::string command_line;  // as typed, for provenance
};

// parcompute run KERNEL [options]: MPI ranks x OpenMP threads, validated, one HDF5 file.
class RunCommand {
 public:
  explicit RunCommand(CLI::App& app);
  CLI::App* app() const { return cmd_; }
  // Checks what every rank can check alone (options); throws core::UsageError.
  void check() const;
  int execute(Invocation& inv) const;
  // The message for a parse error under `run` that names no known kernel, or "".
  std::string unknown_kernel_message(int argc, char** argv) const;
  std::string kernel_name() const;  // after a parse: the kernel selected

 private:
  jobs::Kernel* selected() const;
  CLI::App* cmd_;
  std::vector<std::unique_ptr<jobs::Kernel>> kernels_;
  std::vector<CLI::App*> subs_;
  jobs::OutputOptions out_;
};

// parcompute fetch [URL...] [--input FILE|-]: every URL fetched once (with retries), libcurl
// multi handle per rank, one row per URL in an HDF5 file.
class FetchCommand {
 public:
  explicit FetchCommand(CLI::App& app);
  CLI::App* app() const { return cmd_; }
  void check() const;
  int execute(Invocation& inv) const;

 private:
  CLI::App* cmd_;
  std::vector<std::string> urls_;
  std::string input_;
  jobs::OutputOptions out_;
  io::FetchOptions fetch_;
  std::string engine_ = "multi";
  std::string digest_ = "sha256";
  bool progress_ = false;
  bool store_bodies_ = false;
  bool quiet_ = false;
};

// parcompute farm TASKFILE: the user's tasks over ranks and slots, every result journaled.
class FarmCommand {
 public:
  explicit FarmCommand(CLI::App& app);
  ~FarmCommand();
  CLI::App* app() const { return cmd_; }
  void check();  // also completes the options from the flags
  int execute(Invocation& inv) const;
  const pc::farm::FarmOptions& options() const { return *options_; }

 private:
  CLI::App* cmd_;
  std::unique_ptr<pc::farm::FarmOptions> options_;
  std::string resume_, retry_, halt_, part_, schedule_ = "dynamic";
};

// parcompute merge OUT.h5 IN.h5...: the files of an array job, resumed runs or fetches made one.
class MergeCommand {
 public:
  explicit MergeCommand(CLI::App& app);
  ~MergeCommand();
  CLI::App* app() const { return cmd_; }
  void check();  // also completes the options from the flags
  int execute(Invocation& inv) const;

 private:
  CLI::App* cmd_;
  std::unique_ptr<pc::merge::MergeOptions> options_;
  std::string prefer_;
};

// parcompute inspect FILE.h5: provenance and a summary of what the file holds (no MPI).
class InspectCommand {
 public:
  explicit InspectCommand(CLI::App& app);
  CLI::App* app() const { return cmd_; }
  int execute() const;

 private:
  CLI::App* cmd_;
  std::string path_;
  std::size_t rows_ = 20;
  int timeout_ = 60;
};

// parcompute info: versions and capabilities of MPI, OpenMP, HDF5 and libcurl.
class InfoCommand {
 public:
  explicit InfoCommand(CLI::App& app);
  CLI::App* app() const { return cmd_; }
  int execute(Invocation& inv) const;

 private:
  CLI::App* cmd_;
  bool json_ = false;
};

// parcompute slurm [job options] -- COMMAND...: the sbatch script that runs COMMAND (checked
// as parcompute would check it), printed or submitted.
class SlurmCommand {
 public:
  explicit SlurmCommand(CLI::App& app);
  CLI::App* app() const { return cmd_; }
  void check();  // also reads the command after --
  int execute() const;

 private:
  CLI::App* cmd_;
  jobs::slurm::JobOptions job_;
  jobs::slurm::JobCommand command_;
  bool submit_ = false;
};

// Every command on one CLI11 app: what main runs, and what `parcompute slurm` reads a job's
// command line with.
class Program {
 public:
  Program();
  // Parses the words after the program's name; --help and --version print (when `speaker`)
  // and return false. A parse error throws core::UsageError, one line saying where help is.
  bool parse(const std::vector<std::string>& words, bool speaker);
  // The name of the command parsed ("" before a parse).
  std::string command() const;
  void check();  // the parsed command's own check
  int execute(Invocation& inv);
  const RunCommand& run() const { return run_; }
  const FarmCommand& farm() const { return farm_; }

 private:
  CLI::App app_;  // first: the commands add themselves to it
  RunCommand run_;
  FetchCommand fetch_;
  FarmCommand farm_;
  MergeCommand merge_;
  InspectCommand inspect_;
  InfoCommand info_;
  SlurmCommand slurm_;
};

}  // namespace pc::app
