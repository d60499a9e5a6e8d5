#include "farm/farm.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "core/host.hpp"
#include "core/log.hpp"
#include "core/printable.hpp"
#include "farm/carry_over.hpp"
#include "farm/journal_records.hpp"
#include "farm/table_from_journal.hpp"
#include "farm/task_table.hpp"
#include "fetch/sha256.hpp"
#include "jobs/results/provenance.hpp"
#include "jobs/results/slurm_env.hpp"

namespace pc::farm {

namespace {

std::string read_text(const std::string& path, const std::string& what) {
  if (path == "-") return std::string(std::istreambuf_iterator<char>(std::cin), {});
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::UsageError(what + ": cannot read '" + path + "': " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw core::UsageError(what + ": error reading '" + path + "'");
  return text.str();
}

std::string source_name(const FarmOptions& o) { return o.task_file == "-" ? "<stdin>" : o.task_file; }

// The same bytes give the same list on every rank.
TaskList tasks_of(const FarmOptions& o, const std::string& text) {
  const std::string source = source_name(o);
  TaskList list =
      o.template_line.empty() ? parse_task_file(text, source) : expand_template(o.template_line, text, source);
  keep_part(list, o.part);
  return list;
}

// A finished farm's rows, for a retry as `part` of the list: the file must hold that part,
// or the other parts' tasks would look "not run" and run into it.
std::vector<TaskResult> finished_rows(const std::string& path, Part part) {
  const std::string bad = "--retry-failed: " + path + " is not a farm's results file";
  if (!io::h5::File::is_hdf5(path)) throw core::UsageError(bad + " (not an HDF5 file)");
  try {
    const io::h5::File file = io::h5::File::open_readonly(path);
    if (!is_farm_file(file)) throw core::UsageError(bad + " (no group /farm with command 'farm')");
    const io::h5::Group g = file.open_group("farm");
    // A merged file has no part: it is what its inputs made it, taken as the whole list.
    const std::string held = g.has_attr("part") ? io::h5::to_text(g.attr("part")) : std::string();
    const Part in_file = held.empty() ? Part{} : parse_part(held);
    if (in_file != part)
      throw core::UsageError("--retry-failed: " + path + " holds " + part_name(in_file) + ", this run is of " +
                             part_name(part) + " (retry it with the --part it ran with)");
    return read_task_table(g);
  } catch (const core::UsageError&) {
    throw;
  } catch (const core::Error& e) {
    throw core::UsageError(bad + ": it cannot be read: " + e.what());
  }
}

}  // namespace

std::string journal_path(const std::string& path) { return path + ".journal"; }

std::string farm_command(const std::string& task_file, const std::string& template_line, std::string_view flag,
                         const std::string& results, Part part) {
  std::string cmd = "parcompute farm ";
  cmd.append(task_file == "-" ? "- <TASKFILE" : core::shell_word(task_file));
  if (!template_line.empty()) cmd.append(" --template ").append(core::shell_word(template_line));
  if (part.count > 1) cmd.append(" --part ").append(part_text(part));
  return cmd.append(" ").append(flag).append(" ").append(core::shell_word(results));
}

namespace {

// Inside a Slurm job with a time limit: no task starts that cannot end before it, less the
// --grace the farm's own stop would give its tasks.
void keep_to_the_time_limit(Ledger& ledger, const FarmOptions& o) {
  std::string why;
  const std::optional<std::int64_t> end = jobs::job_end_time(jobs::slurm_env(), &why);
  if (!end) {
    if (!why.empty()) core::print_warning("farm: cannot read the job's end time (" + why + "): every task is started");
    return;
  }
  const auto last = std::chrono::system_clock::time_point(std::chrono::seconds(*end)) -
                    std::chrono::duration_cast<std::chrono::system_clock::duration>(
                        std::chrono::duration<double>(o.dispatch.task.grace));
  ledger.set_deadline(last, o.task_time);
  std::cerr << "parcompute farm: the job ends at " << jobs::utc_from_unix_seconds(*end) << "; no task starts that "
            << (o.task_time > 0 ? "--task-time says" : "the mean of the finished tasks says") << " would end after "
            << jobs::utc_from_unix_seconds(*end - static_cast<std::int64_t>(o.dispatch.task.grace)) << "\n";
}

// Lines of tasks for a warning: "3 (2 deaths), 7 (2 deaths), ..." with at most ten named.
std::string lines_of(const TaskList& list, const std::vector<std::uint32_t>& places,
                     const std::unordered_map<std::uint64_t, std::uint32_t>& died_in) {
  constexpr std::size_t kShown = 10;
  std::string lines;
  for (std::size_t i = 0; i < places.size() && i < kShown; ++i) {
    const Task& t = list.tasks[places[i]];
    const auto deaths = died_in.find(t.id);
    lines.append(i == 0 ? "" : ", ").append(std::to_string(t.line));
    lines.append(" (").append(std::to_string(deaths == died_in.end() ? 0 : deaths->second)).append(" deaths)");
  }
  if (places.size() > kShown) lines.append(", ...");
  return lines;
}

// A farm that dies again and again on resume (a task that kills its worker: a kernel out of
// memory, a program that kills its parent): the tasks out at two or more deaths run alone
// first, and one that ran alone at a death is a failed row of class lost. Returns the
// places to isolate; the lost rows go into the journal and become done.
std::vector<std::uint32_t> sort_out_suspects(const TaskList& list, std::vector<bool>& done, const Journaled& before,
                                             io::Journal& journal) {
  const std::vector<std::uint32_t> lost = killers(list, done, before.died_alone);
  std::string record;
  for (const std::uint32_t place : lost) {
    const auto deaths = before.died_in.find(list.tasks[place].id);
    const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    task_record(lost_row(list, place, deaths == before.died_in.end() ? 1 : deaths->second, now), record);
    journal.append(record);
    done[place] = true;
  }
  if (!lost.empty())
    core::print_warning("farm: " + std::to_string(lost.size()) +
                        " task(s) ran alone when this farm died, so they killed it: line(s) " +
                        lines_of(list, lost, before.died_in) + "; recorded as failed (class lost), not run again");
  const std::vector<std::uint32_t> apart = suspects(list, done, before.died_in);
  if (!apart.empty())
    core::print_warning("farm: " + std::to_string(apart.size()) +
                        " task(s) were handed out (running or queued) at two or more deaths of this farm: line(s) " +
                        lines_of(list, apart, before.died_in) +
                        "; each runs alone first, one at a time, so that a death names the task that kills it");
  return apart;
}

}  // namespace

int run_farm(const mpi::Comm& comm, const FarmOptions& o, const std::string& command_line) {
  const std::string start_time = core::utc_now_iso8601();
  std::string text;
  std::optional<TaskList> list;
  std::optional<io::Journal> journal;
  std::vector<bool> done;            // by place: the tasks already journaled
  Journaled before;                  // a resume's journal
  std::optional<RetrySource> retry;  // a retry's source, and what it carries over
  RetryPlan plan;
  std::vector<std::uint32_t> apart;  // a resume's suspects, run alone first
  jobs::ResultsTarget out = jobs::open_results(comm, o.out, "farm", [&] {
    // Rank 0, with the temporary results file made: everything that can be wrong with the
    // input is found here, before a task runs, and the journal is made last.
    text = read_text(o.task_file, o.template_line.empty() ? "farm" : "--args");
    list = tasks_of(o, text);
    check_tasks(*list, source_name(o));
  });
  // A farm may run for hours and be killed with -9: the results file is made only at the
  // end, from the journal. The temporary proved the folder takes files; it goes now.
  out.file.reset();
  const std::string jpath = journal_path(out.path);
  int verdict = 0;
  std::string problem;
  if (comm.root()) {
    try {
      if (o.resume) {
        if (::access(jpath.c_str(), F_OK) != 0)
          throw core::UsageError("--resume: no journal " + jpath + " to resume from");
        before = read_journaled(jpath, Decode::ids);
        // Another part's tasks are not "changed" ones --accept-changed could keep: they would
        // go into a file that says it is the journal's part. A header too old to know its
        // part cannot be checked.
        if (before.header && before.header->part && *before.header->part != o.part)
          throw core::UsageError("--resume: the journal " + jpath + " is of " + part_name(*before.header->part) +
                                 ", this run of " + part_name(o.part) + " (resume it with the --part it ran with)");
        Held held = held_tasks(before.ids, *list);
        before.ids = {};
        refuse_gone(held.gone, o.accept_changed, "--resume", "journaled task(s) of " + jpath, "their results");
        done = std::move(held.at);
        if (before.extent.cut_bytes > 0)
          core::print_warning("the journal's last " + std::to_string(before.extent.cut_bytes) +
                              " bytes were a torn or damaged record; cut (those tasks run again)");
        journal.emplace(io::Journal::reopen(jpath, before.extent));
      } else {
        if (::access(jpath.c_str(), F_OK) == 0)
          throw core::UsageError("a journal of an unfinished farm is in the way: " + jpath +
                                 " (resume it with --resume " + out.path + ", or remove it)");
        if (!o.retry_from.empty()) {
          retry.emplace();
          retry->path = std::filesystem::absolute(o.retry_from).lexically_normal().string();
          plan = plan_retry(finished_rows(o.retry_from, o.part), *list);
          refuse_gone(plan.gone, o.accept_changed, "--retry-failed", "task(s) of " + o.retry_from,
                      "the results of those that succeeded");
          retry->sha256 = io::file_sha256(o.retry_from, "--retry-failed");
          retry->carried = plan.carried.size();
        }
        journal.emplace(io::Journal::create(jpath));
      }
      // A resume appends its own header too: the task file may have changed since, and
      // inspect reads the last one as the run now writing.
      JournalHeader header;
      header.task_file = o.task_file;
      if (o.task_file != "-") header.task_file = std::filesystem::absolute(o.task_file).lexically_normal().string();
      header.template_line = o.template_line;
      header.task_sha256 = list->sha256;
      header.tasks = list->tasks.size();
      header.command_line = command_line;
      header.part = o.part;
      journal->append(header_record(header));
      // A retry is from here on a resume of this journal: the successes it carries over are
      // in it, as if an earlier run had journaled them, and only the rest run.
      if (retry) {
        journal->append(retry_record(*retry));
        std::string record;
        std::vector<std::uint64_t> carried;
        for (const TaskResult& r : plan.carried) {
          task_record(r, record);
          journal->append(record);
          carried.push_back(r.id);
        }
        done = held_tasks(carried, *list).at;
      }
      if (o.resume) apart = sort_out_suspects(*list, done, before, *journal);
      journal->sync();
    } catch (const core::UsageError& e) {
      verdict = 1;
      problem = e.what();
    }
  }
  mpi::broadcast(comm, verdict);
  if (verdict != 0) {
    if (comm.root()) throw core::UsageError(problem);
    throw core::UsageError("");  // rank 0 reports it
  }
  // The other ranks parse the same bytes rank 0 checked.
  if (comm.size > 1) {
    mpi::broadcast(comm, text);
    if (!comm.root()) list = tasks_of(o, text);
  }
  const std::vector<jobs::RankFacts> ranks = jobs::gather_rank_facts(comm);

  DispatchSettings settings = o.dispatch;
  settings.task.host = core::hostname();
  settings.task.rank = comm.rank;
  settings.slots = slots_of(settings);
  const core::DeferredStop stop;
  std::optional<Ledger> ledger;
  if (comm.root()) {
    ledger.emplace(*list, done, *journal, o.retry, o.halt);
    ledger->isolate(apart);
    std::cerr << "parcompute farm: " << list->tasks.size() << " task(s)";
    if (o.part.count > 1) std::cerr << " (" << part_name(o.part) << ")";
    if (retry)
      std::cerr << "; a retry of " << o.retry_from << ": " << plan.carried.size() << " succeeded there (carried over), "
                << plan.failed_again << " failed there and " << plan.not_held << " not in it run now";
    else if (ledger->counts().resumed > 0) std::cerr << ", " << ledger->counts().resumed << " already journaled";
    std::cerr << "; " << (comm.size > 1 ? comm.size - 1 : 1) << " worker rank(s) x " << settings.slots << " slot(s)\n";
    keep_to_the_time_limit(*ledger, o);
  }
  core::pause_for_test("computing");
  const int signal = dispatch(comm, *list, settings, ledger ? &*ledger : nullptr, stop);

  int status = 0;
  if (comm.root()) {
    ledger->end_cleanly();
    journal->close();
    const bool out_of_time = ledger->out_of_time() && ledger->left() > 0;
    if (signal != 0 || out_of_time) {
      const Counts& c = ledger->counts();
      const std::string why = signal != 0 ? "by signal " + std::to_string(signal) + " (" + ::sigabbrev_np(signal) + ")"
                                          : "before the job's time limit";
      core::print_error("farm stopped " + why + ": " + std::to_string(c.done + c.resumed) + " of " +
                        std::to_string(c.total) + " task(s) are in the journal " + jpath + "; run the rest with: " +
                        farm_command(o.task_file, o.template_line, "--resume", out.path, o.part));
      status = static_cast<int>(core::Exit::interrupted);
    } else {
      TableSummary all;
      const jobs::Attributes provenance = jobs::provenance(ranks, command_line, start_time, core::utc_now_iso8601());
      io::ResultFile file(out.path, o.out.force);
      file.write([&](const io::h5::File& root) {
        jobs::write_attributes(root, provenance);
        root.set_attr("command", std::string("farm"));
        const io::h5::Group g = root.create_group("farm");
        all = write_table_from_journal(g, jpath, *list);
        g.set_attr("task_file", o.task_file);
        g.set_attr("task_file_sha256", list->sha256);
        g.set_attr("template", o.template_line);
        g.set_attr("part", o.part.count > 1 ? part_text(o.part) : std::string());
        g.set_attr("tasks_in_file", static_cast<std::int64_t>(list->tasks.size()));
        g.set_attr("tasks_failed", static_cast<std::int64_t>(all.failures.size()));
        g.set_attr("halted", static_cast<std::int64_t>(ledger->halted()));
        if (all.retry) {
          g.set_attr("retry_of", all.retry->path);
          g.set_attr("retry_of_sha256", all.retry->sha256);
          g.set_attr("tasks_carried_over", static_cast<std::int64_t>(all.retry->carried));
        }
      });
      file.commit();
      const auto failed = static_cast<std::int64_t>(all.failures.size());
      if (!o.keep_journal) ::unlink(jpath.c_str());
      const std::int64_t not_run = static_cast<std::int64_t>(list->tasks.size()) - all.listed;
      // Both the failed and the tasks not run are what a retry of this file runs.
      const std::string rerun = failed > 0 || not_run > 0
                                    ? farm_command(o.task_file, o.template_line, "--retry-failed", out.path, o.part)
                                    : std::string();
      if (o.out.json) {
        nlohmann::json j = {
            {"command", "farm"}, {"tasks", all.rows}, {"failed", failed}, {"not_run", not_run}, {"output", out.path}};
        for (const TaskResult& r : all.failures)
          j["failures"].push_back(
              {{"line", r.line}, {"task", r.task}, {"class", failure_name(r.failure)}, {"error", r.error}});
        if (!rerun.empty()) j["rerun_command"] = rerun;
        std::cout << j.dump(2) << "\n";
      } else {
        std::cout << "parcompute farm: " << all.rows << " task(s) recorded, " << failed << " failed";
        if (failed > 0) std::cout << " (" << failure_counts(all.failures) << ")";
        if (not_run > 0) std::cout << ", " << not_run << " not run (--halt-on)";
        std::cout << "\n";
        for (std::size_t i = 0; i < all.failures.size() && i < 10; ++i) {
          const TaskResult& r = all.failures[i];
          std::cout << "  line " << r.line << ": " << r.task << ": " << r.error << "\n";
        }
        std::cout << "results: " << out.path << "\n";
        if (!rerun.empty()) std::cout << "rerun only the failed and not-run tasks with: " << rerun << "\n";
      }
      std::cout.flush();
      status = failed > 0 || not_run > 0 ? static_cast<int>(core::Exit::failed) : 0;
    }
  }
  mpi::broadcast(comm, status);
  return status;
}

}  // namespace pc::farm
