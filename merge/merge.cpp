#include "merge/merge.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <variant>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/host.hpp"
#include "core/interrupt.hpp"
#include "core/printable.hpp"
#include "farm/farm.hpp"
#include "farm/run_task.hpp"
#include "farm/task_table.hpp"
#include "fetch/sha256.hpp"
#include "io/result_file.hpp"
#include "jobs/fetch/report.hpp"

namespace pc::merge {

namespace {

namespace fs = std::filesystem;
using core::UsageError;

enum class Kind { farm, fetch };
const char* kind_name(Kind k) { return k == Kind::farm ? "farm" : "fetch"; }

struct Input {
  std::string path;  // as given
  Kind kind = Kind::farm;
  std::string sha256;
  jobs::Attributes root;   // the input's root attributes (its provenance)
  jobs::Attributes group;  // those of its /farm or /fetch
  std::vector<farm::TaskResult> tasks;
  std::vector<io::FetchRow> urls;
  std::int64_t rows = 0;  // tasks and urls move into the plan when merged
};

jobs::Attributes read_attributes(const io::h5::Location& where) {
  jobs::Attributes out;
  for (const std::string& name : where.attr_names()) out.emplace_back(name, where.attr(name));
  return out;
}

const io::h5::Value* find(const jobs::Attributes& attrs, const std::string& name) {
  for (const auto& [n, v] : attrs)
    if (n == name) return &v;
  return nullptr;
}

std::string text_of(const jobs::Attributes& attrs, const std::string& name) {
  const io::h5::Value* v = find(attrs, name);
  const auto* s = v ? std::get_if<std::string>(v) : nullptr;
  return s ? *s : std::string();
}

std::int64_t whole_of(const jobs::Attributes& attrs, const std::string& name) {
  const io::h5::Value* v = find(attrs, name);
  const auto* i = v ? std::get_if<std::int64_t>(v) : nullptr;
  return i ? *i : 0;
}

// Copies the attributes of `from`, and of each group below it, to `to`.
void copy_attribute_tree(const io::h5::Location& from, const io::h5::Location& to) {
  jobs::write_attributes(to, read_attributes(from));
  for (const std::string& child : from.children())
    if (from.object_info(child).type == H5O_TYPE_GROUP)
      copy_attribute_tree(from.open_group(child), to.create_group(child));
}

// The kind of results file `path` is, or the one line saying why it cannot be merged.
Kind kind_of(const std::string& path, const io::h5::File& file, const jobs::Attributes& root) {
  const std::string where = "merge: '" + path + "'";
  const io::h5::Value* version = find(root, "format_version");
  if (!version || !find(root, "command"))
    throw UsageError(where + " is not a parcompute results file (no format_version or command attribute)");
  const auto* v = std::get_if<std::int64_t>(version);
  if (!v || *v != jobs::kFormatVersion)
    throw UsageError(where + " has format_version " + io::h5::to_text(*version) + "; this parcompute merges version " +
                     std::to_string(jobs::kFormatVersion) + " only (merge it with the parcompute that wrote it)");
  const std::string command = text_of(root, "command");
  if (command == "farm" && farm::is_farm_file(file)) return Kind::farm;
  if (command == "fetch" && file.has("fetch")) return Kind::fetch;
  if (command.rfind("run", 0) == 0)
    throw UsageError(where + " is a kernel run (" + command +
                     "): kernel runs are not merged, their rows have no identity across runs (accepted: the "
                     "results files of farm or fetch)");
  throw UsageError(where + " is not a farm's or a fetch's results file (command '" + core::printable(command) + "')");
}

// What says a file is still the one read: results files are replaced by rename (a new inode)
// and never written in place, but a change of any kind is caught.
std::optional<std::tuple<dev_t, ino_t, off_t, std::int64_t, std::int64_t>> file_version(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  const auto ns = [](const timespec& t) { return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec; };
  return std::make_tuple(st.st_dev, st.st_ino, st.st_size, ns(st.st_mtim), ns(st.st_ctim));
}

Input read_input(const std::string& path) {
  const std::string where = "merge: '" + path + "'";
  if (::access(path.c_str(), F_OK) != 0) throw UsageError(where + ": no such file");
  const auto version = file_version(path);
  if (!io::h5::File::is_hdf5(path)) throw UsageError(where + " is not a parcompute results file (not HDF5)");
  Input in;
  in.path = path;
  try {
    const io::h5::File file = io::h5::File::open_readonly(path);
    in.root = read_attributes(file);
    in.kind = kind_of(path, file, in.root);
    if (in.kind == Kind::farm && ::access(farm::journal_path(path).c_str(), F_OK) == 0)
      throw UsageError(where + " has a journal beside it, " + farm::journal_path(path) +
                       ": the farm is not finished (finish it with --resume " + path +
                       ", or remove a journal kept by --keep-journal)");
    const io::h5::Group group = file.open_group(kind_name(in.kind));
    in.group = read_attributes(group);
    if (in.kind == Kind::farm) {
      in.tasks = farm::read_task_table(group);
    } else {
      if (whole_of(in.group, "store_bodies") != 0)
        throw UsageError(where + " stores bodies (--store-bodies): fetches with stored bodies are not merged");
      in.urls = jobs::read_fetch_columns(group);
    }
    in.rows = static_cast<std::int64_t>(in.kind == Kind::farm ? in.tasks.size() : in.urls.size());
  } catch (const UsageError&) {
    throw;
  } catch (const core::Error& e) {
    throw UsageError(where + " cannot be read (damaged?): " + e.what());
  }
  core::pause_for_test("merge-read");
  in.sha256 = io::file_sha256(path, "merge");
  // The rows and the hash are two reads: the provenance must not pair one file's rows with
  // another's hash.
  if (file_version(path) != version)
    throw UsageError(where + " changed while it was read (a run still writing it?): merge it once it is left alone");
  return in;
}

// The file a path names (device and inode), or nullopt when there is none: two names of one
// file (a link, ./x and x) are found with one stat each, also among thousands of inputs.
std::optional<std::pair<dev_t, ino_t>> file_identity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return std::make_pair(st.st_dev, st.st_ino);
}

// Every check that needs no output, in argument order: the first problem is the one reported.
std::vector<Input> read_inputs(const MergeOptions& o) {
  if (o.inputs.empty()) throw UsageError("merge: name the results files to merge after OUT.h5");
  const auto output = file_identity(o.output);
  for (const std::string& path : o.inputs)
    if (output && file_identity(path) == output)
      throw UsageError("merge: the output " + o.output + " is also an input");
  if (const std::string problem = io::output_path_problem(o.output, o.force); !problem.empty())
    throw UsageError("merge: " + problem);
  std::vector<Input> inputs;
  std::set<std::pair<dev_t, ino_t>> seen;
  for (const std::string& path : o.inputs) {
    if (const auto id = file_identity(path); id && !seen.insert(*id).second)
      throw UsageError("merge: '" + path + "' is given twice");
    Input in = read_input(path);
    if (!inputs.empty() && in.kind != inputs.front().kind)
      throw UsageError("merge: '" + path + "' is a " + kind_name(in.kind) + " file and '" + inputs.front().path +
                       "' a " + kind_name(inputs.front().kind) + " file: the inputs must be of one kind");
    inputs.push_back(std::move(in));
  }
  return inputs;
}

// ---- farm -------------------------------------------------------------------------------

// A task's outcome: what a rerun must give again to count as the same. Not compared: where,
// when and how long it ran, its attempts, its error text (which may quote times), a
// kernel's rate and the captured output; the row kept keeps them.
bool same_outcome(const farm::TaskResult& a, const farm::TaskResult& b) {
  return a.status == b.status && a.failure == b.failure && a.exit_code == b.exit_code && a.signal == b.signal &&
         farm::reproducible_result(a) == farm::reproducible_result(b);
}

std::string outcome_text(const farm::TaskResult& r) {
  return r.failed() ? std::string("failed: ") + r.error : "ok" + (r.result.empty() ? "" : ": " + r.result);
}

// A URL's outcome: the answer, not its timing (libcurl's error text quotes milliseconds). A
// digest is compared only when both rows have one (`--digest none` leaves it empty).
bool same_outcome(const io::FetchRow& a, const io::FetchRow& b) {
  return a.failed() == b.failed() && a.status == b.status && a.curl_code == b.curl_code && a.bytes == b.bytes &&
         (a.sha256.empty() || b.sha256.empty() || a.sha256 == b.sha256) && a.final_url == b.final_url;
}

std::string outcome_text(const io::FetchRow& r) {
  return r.failed() ? "failed: " + r.error
                    : "HTTP " + std::to_string(r.status) + ", " + std::to_string(r.bytes) + " bytes";
}

// --prefer newest for fetch rows, which have no time of their own: the input's end_time
// (ISO 8601 UTC, so text order is time order), as a rank among the inputs.
std::vector<double> end_time_ranks(const std::vector<Input>& inputs) {
  std::set<std::string> times;
  for (const Input& in : inputs) times.insert(text_of(in.root, "end_time"));
  std::vector<double> out;
  for (const Input& in : inputs)
    out.push_back(static_cast<double>(std::distance(times.begin(), times.find(text_of(in.root, "end_time")))));
  return out;
}

template <class Row>
[[noreturn]] void refuse(const Conflict<Row>& c, const std::vector<Input>& inputs, const std::string& what) {
  throw UsageError("merge: " + what + " differs between '" + inputs[c.first].path + "' (" +
                   core::printable(outcome_text(c.first_row)) + ") and '" + inputs[c.second].path + "' (" +
                   core::printable(outcome_text(c.second_row)) +
                   "); give --prefer newest to keep the newer one, or leave one file out");
}

struct Plan {
  Kind kind;
  Counts counts;
  std::vector<std::int64_t> kept;
  std::vector<farm::TaskResult> tasks;
  std::vector<io::FetchRow> urls;
};

// The rows move from the inputs into the plan: held once, however many there are.
Plan plan_farm(std::vector<Input>& inputs, Prefer prefer) {
  std::vector<Keyed<farm::TaskResult>> keyed;
  for (Input& in : inputs) {
    Keyed<farm::TaskResult> k;
    for (const farm::TaskResult& r : in.tasks) k.keys.push_back(farm::task_id_text(r.id)), k.times.push_back(r.start);
    k.rows = std::move(in.tasks);
    keyed.push_back(std::move(k));
  }
  Merged<farm::TaskResult> m =
      merge_rows(std::move(keyed), prefer, [](const auto& a, const auto& b) { return same_outcome(a, b); });
  if (m.refused)
    refuse(*m.refused, inputs, "task " + m.refused->key + " (" + core::printable(m.refused->first_row.task) + ")");
  return Plan{Kind::farm, m.counts, m.kept, std::move(m.rows), {}};
}

Plan plan_fetch(std::vector<Input>& inputs, Prefer prefer) {
  const std::vector<double> times = end_time_ranks(inputs);
  std::vector<Keyed<io::FetchRow>> keyed;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    Keyed<io::FetchRow> k;
    std::vector<std::string> urls;
    for (const io::FetchRow& r : inputs[i].urls) urls.push_back(r.url);
    k.keys = occurrence_keys(urls);
    k.times.assign(urls.size(), times[i]);
    k.rows = std::move(inputs[i].urls);
    keyed.push_back(std::move(k));
  }
  Merged<io::FetchRow> m =
      merge_rows(std::move(keyed), prefer, [](const auto& a, const auto& b) { return same_outcome(a, b); });
  if (m.refused) {
    const std::string& key = m.refused->key;
    const std::size_t nl = key.find('\n');
    refuse(*m.refused, inputs,
           "URL " + key.substr(0, nl) + (nl == std::string::npos ? "" : " (occurrence " + key.substr(nl + 1) + ")"));
  }
  return Plan{Kind::fetch, m.counts, m.kept, {}, std::move(m.rows)};
}

// The value every input's group has for `name`, or nullopt when they differ (or one lacks it).
std::optional<io::h5::Value> agreed(const std::vector<Input>& inputs, const std::string& name, bool root = false) {
  const io::h5::Value* first = find(root ? inputs.front().root : inputs.front().group, name);
  if (!first) return std::nullopt;
  for (const Input& in : inputs) {
    const io::h5::Value* v = find(root ? in.root : in.group, name);
    if (!v || !(*v == *first)) return std::nullopt;
  }
  return *first;
}

std::string agreed_text(const std::vector<Input>& inputs, const std::string& name, bool root = false) {
  const auto v = agreed(inputs, name, root);
  const auto* s = v ? std::get_if<std::string>(&*v) : nullptr;
  return s ? *s : std::string();
}

void write_farm(const io::h5::File& root, const std::vector<Input>& inputs, const Plan& p) {
  const io::h5::Group g = root.create_group("farm");
  g.set_attr("task_file", agreed_text(inputs, "task_file"));
  g.set_attr("task_file_sha256", agreed_text(inputs, "task_file_sha256"));
  g.set_attr("template", agreed_text(inputs, "template"));
  // Inputs of one task file (resumed runs) count its tasks once; an array job's parts add up.
  std::map<std::string, std::int64_t> per_file;
  std::int64_t halted = 0;
  for (const Input& in : inputs) {
    per_file.emplace(text_of(in.group, "task_file_sha256"), whole_of(in.group, "tasks_in_file"));
    halted = std::max(halted, whole_of(in.group, "halted"));
  }
  std::int64_t tasks_in_file = 0;
  for (const auto& [sha, n] : per_file) tasks_in_file += n;
  g.set_attr("tasks_in_file", tasks_in_file);
  g.set_attr("tasks_failed",
             static_cast<std::int64_t>(
                 std::count_if(p.tasks.begin(), p.tasks.end(), [](const farm::TaskResult& r) { return r.failed(); })));
  g.set_attr("halted", halted);
  farm::write_task_table(g, p.tasks);
}

void write_fetch(const io::h5::File& root, const std::vector<Input>& inputs, const Plan& p) {
  std::int64_t insecure = 0;
  double seconds = 0;
  for (const Input& in : inputs) {
    insecure = std::max(insecure, whole_of(in.root, "insecure"));
    const io::h5::Value* s = find(in.group, "fetch_seconds");
    if (const auto* d = s ? std::get_if<double>(s) : nullptr) seconds += *d;
  }
  root.set_attr("insecure", insecure);
  root.set_attr("cacert", agreed_text(inputs, "cacert", true));
  const io::h5::Group g = root.create_group("fetch");
  jobs::write_fetch_columns(g, p.urls);
  jobs::write_fetch_summary(g, jobs::summarize(p.urls, seconds));
  // The options: those the inputs agree on; the others are named (each input's own value is
  // under /merge/inputs).
  const std::vector<std::string> summary = g.attr_names();
  std::vector<std::string> mixed;
  for (const auto& [name, value] : inputs.front().group) {
    if (std::find(summary.begin(), summary.end(), name) != summary.end()) continue;
    if (const auto v = agreed(inputs, name)) g.set_attr(name, *v);
    else mixed.push_back(name);
  }
  g.set_attr("mixed_options", mixed);
}

void write_merge_group(const io::h5::File& root, const std::vector<Input>& inputs, const Plan& p, Prefer prefer) {
  const io::h5::Group m = root.create_group("merge");
  m.set_attr("inputs", static_cast<std::int64_t>(inputs.size()));
  m.set_attr("prefer", std::string(prefer_name(prefer)));
  m.set_attr("rows_in", p.counts.rows_in);
  m.set_attr("duplicates", p.counts.duplicates);
  m.set_attr("conflicts", p.counts.conflicts);
  m.set_attr("rows_out", p.counts.rows_out);
  const io::h5::Group all = m.create_group("inputs");
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const Input& in = inputs[i];
    const io::h5::Group g = all.create_group(std::to_string(i));
    jobs::write_attributes(g, in.root);
    g.set_attr("path", fs::absolute(in.path).lexically_normal().string());
    g.set_attr("sha256", in.sha256);
    g.set_attr("rows", in.rows);
    g.set_attr("rows_kept", p.kept[i]);
    jobs::write_attributes(g.create_group(kind_name(in.kind)), in.group);
    // An input that is itself a merge keeps its inputs' provenance too.
    const io::h5::File file = io::h5::File::open_readonly(in.path);
    if (file.has("merge") && file.object_info("merge").type == H5O_TYPE_GROUP)
      copy_attribute_tree(file.open_group("merge"), g.create_group("merge"));
  }
}

void report(const MergeOptions& o, const std::vector<Input>& inputs, const Plan& p) {
  const Counts& c = p.counts;
  if (o.json) {
    nlohmann::json j = {{"command", "merge"},
                        {"kind", kind_name(p.kind)},
                        {"output", o.output},
                        {"prefer", prefer_name(o.prefer)},
                        {"rows_in", c.rows_in},
                        {"duplicates", c.duplicates},
                        {"conflicts", c.conflicts},
                        {"rows_out", c.rows_out},
                        {"inputs", nlohmann::json::array()}};
    for (std::size_t i = 0; i < inputs.size(); ++i)
      j["inputs"].push_back({{"path", inputs[i].path}, {"rows", inputs[i].rows}, {"rows_kept", p.kept[i]}});
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << "parcompute merge: " << inputs.size() << " " << kind_name(p.kind) << " file(s), " << c.rows_in
            << " row(s) in, " << c.duplicates << " duplicate(s) dropped, " << c.conflicts << " conflict(s)"
            << (c.conflicts > 0 ? " (kept the newest)" : "") << ", " << c.rows_out << " row(s) out\n"
            << "results: " << o.output << "\n";
}

}  // namespace

int run_merge(const MergeOptions& o, const std::vector<jobs::RankFacts>& ranks, const std::string& command_line,
              const std::string& start_time) {
  std::vector<Input> inputs = read_inputs(o);
  const Plan plan = inputs.front().kind == Kind::farm ? plan_farm(inputs, o.prefer) : plan_fetch(inputs, o.prefer);
  const jobs::Attributes provenance = jobs::provenance(ranks, command_line, start_time, core::utc_now_iso8601());
  io::ResultFile file(o.output, o.force);
  file.write([&](const io::h5::File& root) {
    jobs::write_attributes(root, provenance);
    // The merged file is of its inputs' kind, so that inspect and --retry-failed read it.
    root.set_attr("command", std::string(kind_name(plan.kind)));
    if (plan.kind == Kind::farm) write_farm(root, inputs, plan);
    else write_fetch(root, inputs, plan);
    write_merge_group(root, inputs, plan, o.prefer);
  });
  file.commit();
  report(o, inputs, plan);
  return 0;
}

}  // namespace pc::merge
