#include "farm/run_task.hpp"

#include <omp.h>
#include <sys/time.h>

#include <chrono>
#include <cstdio>
#include <unordered_set>

#include "core/error.hpp"
#include "farm/program.hpp"
#include "mpi/comm.hpp"

namespace pc::farm {

namespace {

double unix_now() {
  timeval tv{};
  ::gettimeofday(&tv, nullptr);
  return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) * 1e-6;
}

// A kernel's record made short, since it is kept for every task: the checksum and rate of
// the iterative kernels, the sums of sumsq, otherwise the record itself, cut. Read off the
// record itself: its whole JSON costs more than a short kernel's run.
std::string short_result(const jobs::KernelRecord& k) {
  constexpr std::size_t kLongest = 1024;
  const auto value = [&k](std::string_view name) -> const jobs::RecordValue* {
    for (const jobs::RecordValue& v : k.values)
      if (v.name == name) return &v;
    return nullptr;
  };
  const auto column = [&k](std::string_view name) -> const std::vector<std::string>* {
    for (const jobs::RecordColumn& c : k.columns)
      if (c.name == name) return std::get_if<std::vector<std::string>>(&c.data);
    return nullptr;
  };
  std::string out;
  if (const jobs::RecordValue* checksum = value("checksum")) {
    out = "checksum " + jobs::json_of(*checksum).dump();
    const jobs::RecordValue* rate = value("rate");
    const jobs::RecordValue* unit = value("rate_unit");
    if (rate && jobs::json_of(*rate).get<double>() > 0) {
      out.append(", ").append(jobs::json_of(*rate).dump()).append(" ");
      if (unit)
        if (const auto* text = std::get_if<std::string>(&unit->value)) out.append(*text);
    }
  } else if (const std::vector<std::string>* sums = k.rows == "tasks" ? column("result") : nullptr) {
    out = "sums";
    for (const std::string& s : *sums) out.append(" ").append(s);
  } else {
    out = jobs::json_of(k).dump();
  }
  if (out.size() > kLongest) out.resize(kLongest);
  return out;
}

}  // namespace

std::string_view reproducible_result(const TaskResult& r) {
  std::string_view text = r.result;
  if (r.kind == TaskKind::run && text.rfind("checksum ", 0) == 0) text = text.substr(0, text.find(", "));
  return text;
}

namespace {

void run_kernel(const std::vector<std::string>& words, const TaskSettings& settings, ParsedKernels& kernels,
                TaskResult& r) {
  std::unique_ptr<jobs::Kernel> kernel;
  try {
    kernel = kernels.get(words);
  } catch (const core::UsageError& e) {
    r.status = Status::failed;
    r.failure = Failure::start;
    r.error = e.what();
    return;
  }
  omp_set_num_threads(settings.threads_per_task);
  const mpi::Comm alone;  // a lone process: the kernel never touches MPI
  kernel->run(alone);
  r.result = short_result(kernel->record());
  if (!kernel->validates()) {
    r.status = Status::failed;
    r.failure = Failure::invalid;
    r.error = "the kernel's result does not validate";
  }
}

void run_fetch(const std::string& url, const TaskSettings& settings, TaskResult& r) {
  io::FetchOptions options = settings.fetch;
  if (settings.timeout > 0 && (options.timeout == 0 || options.timeout > settings.timeout))
    options.timeout = settings.timeout;
  const std::vector<io::FetchRow> rows = io::fetch({url}, options);
  const io::FetchRow& row = rows.front();
  r.result = "status " + std::to_string(row.status) + ", " + std::to_string(row.bytes) + " bytes";
  if (!row.sha256.empty()) r.result.append(", sha256 ").append(row.sha256);
  if (row.failed()) {
    r.status = Status::failed;
    r.failure = Failure::fetch;
    r.error = row.error;
  }
}

void run_exec(const TaskList& list, std::size_t index, std::vector<std::string> words, const TaskSettings& settings,
              const std::function<int()>& stop, ProgramPaths& programs, TaskResult& r, bool& interrupted) {
  ProgramSpec spec;
  spec.argv.assign(std::make_move_iterator(words.begin() + 1), std::make_move_iterator(words.end()));
  std::vector<std::string> extra = list.environment(index);
  extra.push_back("PARCOMPUTE_TASK_ID=" + task_id_text(r.id));
  extra.push_back("OMP_NUM_THREADS=" + std::to_string(settings.threads_per_task));
  std::vector<std::string> names;
  for (const std::string& e : extra) names.push_back(e.substr(0, e.find('=')));
  spec.environment = task_environment_base(names);
  spec.environment.insert(spec.environment.end(), extra.begin(), extra.end());
  spec.file = programs.find(spec.argv[0], spec.environment);
  spec.timeout = settings.timeout;
  spec.grace = settings.grace;
  if (!settings.log_dir.empty()) spec.log_path = settings.log_dir + "/" + task_id_text(r.id) + ".log";
  ProgramOutcome o = run_program(spec, stop);
  r.exit_code = o.exit_code;
  r.signal = o.signal;
  r.peak_rss_kib = o.peak_rss_kib;
  r.out_head = std::move(o.out_head);
  r.out_tail = std::move(o.out_tail);
  r.err_head = std::move(o.err_head);
  r.err_tail = std::move(o.err_tail);
  interrupted = o.stopped;
  if (!o.start_error.empty()) {
    r.status = Status::failed;
    r.failure = Failure::start;
    r.error = o.start_error;
  } else if (o.timed_out) {
    r.status = Status::failed;
    r.failure = Failure::timeout;
    r.error = "timed out after " + std::to_string(settings.timeout) + " s; its process group was killed";
  } else if (o.signal != 0) {
    r.status = Status::failed;
    r.failure = Failure::signal;
    r.error = std::string("killed by signal ") + std::to_string(o.signal) + " (" + ::sigabbrev_np(o.signal) + ")";
  } else if (o.exit_code != 0) {
    r.status = Status::failed;
    r.failure = Failure::exit_code;
    r.error = "exit status " + std::to_string(o.exit_code);
  }
  if (!spec.log_path.empty() && settings.log_failed_only && !r.failed()) std::remove(spec.log_path.c_str());
}

}  // namespace

void check_tasks(const TaskList& list, const std::string& source) {
  for (const Task& t : list.tasks) {
    if (t.kind != TaskKind::run || t.occurrence != 0) continue;  // identical lines check once
    try {
      parse_kernel(list.words(t));
    } catch (const core::UsageError& e) {
      throw core::UsageError(source + ":" + std::to_string(t.line) + ": " + e.what());
    }
  }
}

Finished run_task(const TaskList& list, const Assignment& a, int slot, const TaskSettings& settings,
                  const std::function<int()>& stop, SharedByTasks& shared) {
  const Task& t = list.tasks[a.index];
  Finished f;
  f.assignment = a;
  TaskResult& r = f.result;
  r.id = t.id;
  r.line = t.line;
  r.occurrence = t.occurrence;
  r.kind = t.kind;
  r.task = list.display(t);
  r.host = settings.host;
  r.rank = settings.rank;
  r.slot = slot;
  r.attempts = a.attempt;
  r.start = unix_now();
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::string> words = list.words(t);
  try {
    switch (t.kind) {
      case TaskKind::run: run_kernel(words, settings, shared.kernels, r); break;
      case TaskKind::fetch: run_fetch(words.at(1), settings, r); break;
      case TaskKind::exec:
        run_exec(list, a.index, std::move(words), settings, stop, shared.programs, r, f.interrupted);
        break;
    }
  } catch (const std::exception& e) {
    r.status = Status::failed;
    r.failure = Failure::start;
    r.error = e.what();
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return f;
}

}  // namespace pc::farm
