// Every command on one CLI11 app: the parse, its one-line errors, and the dispatch.
#include "app/commands.hpp"
#include "core/build_info.hpp"
#include "core/error.hpp"

namespace pc::app {

namespace {

std::string version_text() {
  return std::string("parcompute ") + core::kVersion + " (git " + std::string(core::kGitCommit).substr(0, 12) +
         (core::kGitDirty == 1 ? ", dirty" : "") + ")";
}

// CLI11's message, made one line that says where help is.
std::string usage_message(const CLI::ParseError& e, const CLI::App& app) {
  std::string what = e.what();
  for (char& c : what)
    if (c == '\n') c = ' ';
  std::string where = "parcompute";
  for (const CLI::App* sub = &app; sub;) {
    const CLI::App* next = nullptr;
    for (const CLI::App* s : sub->get_subcommands()) {
      where += " " + s->get_name();
      next = s;
    }
    sub = next;
  }
  return what + " (see '" + where + " --help')";
}

// When no subcommand was recognised: name the word given and the commands accepted ("" if
// no word was given).
std::string unknown_command_message(const CLI::App& app, int argc, char** argv) {
  std::string names;
  for (const CLI::App* sub : app.get_subcommands({})) names += (names.empty() ? "" : ", ") + sub->get_name();
  for (int i = 1; i < argc; ++i)
    if (argv[i][0] != '-') return "unknown command '" + std::string(argv[i]) + "' (accepted: " + names + ")";
  return "";
}

}  // namespace

Program::Program()
    : app_(
          "parcompute: MPI ranks, OpenMP threads and asynchronous I/O for parallel work,\n"
          "with every result in one self-describing HDF5 file.",
          "parcompute"),
      run_(app_),
      fetch_(app_),
      farm_(app_),
      merge_(app_),
      inspect_(app_),
      info_(app_),
      slurm_(app_) {
  app_.set_version_flag("--version", version_text(), "Print the version and exit");
  app_.require_subcommand(1);
  app_.footer(
      "Examples:\n  mpirun -n 4 parcompute run sumsq\n  OMP_NUM_THREADS=2 parcompute run sumsq --sizes 1e7,2e7\n"
      "  mpirun -n 2 parcompute fetch --input urls.txt --max-in-flight 16\n"
      "  parcompute farm tasks.txt --retries 1 -o sweep.h5\n"
      "  parcompute merge sweep.h5 sweep-part-*.h5\n"
      "  parcompute slurm --nodes 2 --time 1:00:00 -- farm tasks.txt > farm.sbatch\n"
      "  parcompute inspect parcompute-sumsq-*.h5\n  parcompute info");
}

bool Program::parse(const std::vector<std::string>& words, bool speaker) {
  std::vector<std::string> all{"parcompute"};
  all.insert(all.end(), words.begin(), words.end());
  std::vector<char*> argv;
  for (std::string& w : all) argv.push_back(w.data());
  const int argc = static_cast<int>(argv.size());
  try {
    app_.parse(argc, argv.data());
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {  // --help, --version
      if (speaker) app_.exit(e);
      return false;
    }
    std::string message;
    if (run_.app()->parsed()) message = run_.unknown_kernel_message(argc, argv.data());
    else if (app_.get_subcommands().empty()) message = unknown_command_message(app_, argc, argv.data());
    throw core::UsageError(message.empty() ? usage_message(e, app_) : message);
  }
  return true;
}

std::string Program::command() const {
  const std::vector<CLI::App*> parsed = app_.get_subcommands();
  return parsed.empty() ? "" : parsed.front()->get_name();
}

void Program::check() {
  if (run_.app()->parsed()) run_.check();
  if (fetch_.app()->parsed()) fetch_.check();
  if (farm_.app()->parsed()) farm_.check();
  if (merge_.app()->parsed()) merge_.check();
  if (slurm_.app()->parsed()) slurm_.check();
}

int Program::execute(Invocation& inv) {
  if (run_.app()->parsed()) return run_.execute(inv);
  if (fetch_.app()->parsed()) return fetch_.execute(inv);
  if (farm_.app()->parsed()) return farm_.execute(inv);
  if (merge_.app()->parsed()) return merge_.execute(inv);
  if (inspect_.app()->parsed()) return inspect_.execute();
  if (info_.app()->parsed()) return info_.execute(inv);
  if (slurm_.app()->parsed()) return slurm_.execute();
  throw core::UsageError("name a command (see 'parcompute --help')");
}

}  // namespace pc::app
