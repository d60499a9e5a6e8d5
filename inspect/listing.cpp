// parcompute inspect FILE.h5: root attributes (the provenance), then each group: its
// attributes, datasets and links, the datasets shown as a table when they are columns of one
// length; a farm's file then a summary of its tasks. A damaged file is bad input: one error
// line, status 2, nothing on stdout. A farm that has only its journal so far (running, or
// killed) is reported from the journal (inspect/farm_report.cpp).
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <sstream>

#include "inspect/listing.hpp"

#include "core/child.hpp"
#include "core/error.hpp"
#include "core/host.hpp"
#include "core/log.hpp"
#include "core/printable.hpp"
#include "core/table.hpp"
#include "farm/farm.hpp"
#include "farm/task_table.hpp"
#include "inspect/farm_report.hpp"
#include "io/h5.hpp"
#include "io/journal.hpp"

namespace pc::inspect {

namespace h5 = io::h5;
using core::printable;

namespace {

// What the reading child reports, with its text: the listing, nothing, or the cause.
enum Reported : int { kListing = 0, kNotHdf5 = 1, kDamaged = 2 };

std::string shape_of(const std::vector<hsize_t>& dims) {
  std::string s;
  for (hsize_t d : dims) s += (s.empty() ? "" : " x ") + std::to_string(d);
  return dims.empty() ? "scalar" : s;
}

std::string child_path(const std::string& parent, const std::string& name) {
  return (parent == "/" ? "/" : parent + "/") + name;
}

std::string link_line(const h5::Link& link) {
  const bool soft = link.kind == h5::Link::Kind::soft;
  const char* kind = soft ? "soft" : link.kind == h5::Link::Kind::external ? "external" : "user-defined";
  return "  link " + printable(link.name) + " -> " + printable(link.target) + " (" + kind + ", not followed)\n";
}

// The listing, built in memory so that nothing reaches stdout unless the whole file could be
// read. It tells the parent where it is before each object, to place a crash.
class Lister {
 public:
  Lister(std::size_t rows, const core::ChildChannel& channel) : rows_(rows), channel_(channel) {}

  std::string list(const h5::File& file, const std::string& header) {
    out_ << header;
    at("/");
    remember(file.object_info("."), "/");
    contents(file, "/");
    if (farm::is_farm_file(file)) {
      at("/farm (the summary)");
      out_ << farm_summary(farm::read_task_table(file.open_group("farm")));
    }
    return out_.str();
  }
  const std::string& where() const { return where_; }

 private:
  void at(const std::string& where) {
    where_ = where;
    channel_.progress(where);
  }

  // False if the object was listed before under another path (a hard link back up the tree).
  bool remember(const h5::ObjectInfo& info, const std::string& path) {
    const auto [it, fresh] = shown_.try_emplace({info.file, info.address}, path);
    if (!fresh) out_ << "\ngroup " << printable(path) << " (already shown at " << printable(it->second) << ")\n";
    return fresh;
  }

  void attributes(const h5::Location& where, const std::string& path) {
    for (const std::string& name : where.attr_names()) {
      at(path + " attribute " + name);
      out_ << "  " << printable(name) << ": " << printable(h5::to_text(where.attr(name))) << "\n";
    }
  }

  // Attributes, then datasets and links in link order, the table, then the subgroups.
  void contents(const h5::Location& group, const std::string& path) {
    attributes(group, path);
    std::vector<std::string> columns;
    std::vector<std::pair<std::string, h5::ObjectInfo>> subgroups;
    std::optional<hsize_t> common;
    bool table = true;
    at(path);
    for (const h5::Link& link : group.links()) {
      const std::string child = child_path(path, link.name);
      at(child);
      if (link.kind != h5::Link::Kind::hard) {
        out_ << link_line(link);
        continue;
      }
      const h5::ObjectInfo info = group.object_info(link.name);
      if (info.type == H5O_TYPE_GROUP) {
        subgroups.emplace_back(link.name, info);
        continue;
      }
      if (info.type != H5O_TYPE_DATASET) {
        out_ << "  " << (info.type == H5O_TYPE_NAMED_DATATYPE ? "datatype " : "object ") << printable(link.name)
             << "\n";
        continue;
      }
      const h5::Dataset d = group.open_dataset(link.name);
      const auto dims = d.dims();
      out_ << "  dataset " << printable(link.name) << ": " << d.type_name() << " [" << shape_of(dims) << "]\n";
      columns.push_back(link.name);
      if (dims.size() != 1 || (common && *common != dims[0])) table = false;
      if (!dims.empty()) common = dims[0];
    }
    if (table && !columns.empty() && common && *common > 0) show_table(group, path, columns, *common);
    for (const auto& [name, info] : subgroups) {
      const std::string child = child_path(path, name);
      at(child);
      if (!remember(info, child)) continue;
      out_ << "\ngroup " << printable(child) << "\n";
      contents(group.open_group(name), child);
    }
  }

  void show_table(const h5::Location& group, const std::string& path, const std::vector<std::string>& columns,
                  hsize_t length) {
    core::Table t{{}, {}};
    std::vector<std::vector<std::string>> values;
    for (const std::string& c : columns) {
      at(child_path(path, c));
      t.header.push_back(printable(c));
      values.push_back(group.open_dataset(c).head_as_text(rows_));
    }
    for (std::size_t r = 0; r < values.front().size(); ++r) {
      std::vector<std::string> row;
      for (const auto& col : values) row.push_back(r < col.size() ? printable(col[r]) : "");
      t.rows.push_back(row);
    }
    out_ << "\n" << t.render();
    if (length > rows_) out_ << "(" << rows_ << " of " << length << " rows shown; --rows N for more)\n";
  }

  std::ostringstream out_;
  std::map<std::pair<unsigned long, haddr_t>, std::string> shown_;
  std::string where_ = "(opening the file)";
  std::size_t rows_;
  const core::ChildChannel& channel_;
};

// In the child: every failure, whatever threw it, is the file's.
void list_file(const std::string& path, const std::string& header, std::size_t rows, const core::ChildChannel& ch) {
  Lister lister(rows, ch);
  try {
    if (!h5::File::is_hdf5(path)) return ch.report(kNotHdf5, "");
    ch.report(kListing, lister.list(h5::File::open_readonly(path), header));
  } catch (const std::exception& e) {
    ch.progress(lister.where());
    ch.report(kDamaged, e.what());
  }
}

std::string signal_name(int signal) {
  const char* name = ::strsignal(signal);
  return "signal " + std::to_string(signal) + (name ? std::string(", ") + name : "");
}

}  // namespace

std::string listing(const std::string& path, std::size_t rows, int timeout_seconds) {
  const std::string file = "'" + printable(path) + "'";
  const std::string accepted = " (accepted: an HDF5 file written by parcompute)";
  struct stat st {};
  const std::string journal = farm::journal_path(path);
  if (::stat(path.c_str(), &st) != 0 && errno == ENOENT && ::access(journal.c_str(), F_OK) == 0) {
    try {
      return journal_report(path, journal);
    } catch (const core::Error&) {
      // The farm may have just finished: its file made, its journal then removed.
      if (::stat(path.c_str(), &st) != 0 || ::access(journal.c_str(), F_OK) == 0) throw;
    }
  }
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
    throw core::UsageError("inspect: " + file + " is not a file" + accepted);
  if (io::is_journal(path)) {
    constexpr std::string_view suffix = ".journal";
    const bool named = path.size() > suffix.size() && path.ends_with(suffix);
    return journal_report(named ? path.substr(0, path.size() - suffix.size()) : std::string("FILE.h5"), path);
  }
  if (::access(path.c_str(), R_OK) != 0)
    throw core::UsageError("inspect: " + file + " cannot be read: " + std::strerror(errno));
  // HDF5 1.10 itself can crash or loop on a damaged file: it reads in a child, whose end is
  // then the verdict.
  const std::string header = "file " + printable(path) + " (" + std::to_string(st.st_size) + " bytes)\n";
  const core::ChildResult r = core::run_in_child(
      [&](const core::ChildChannel& ch) { list_file(path, header, rows, ch); }, std::chrono::seconds(timeout_seconds));
  using End = core::ChildResult::End;
  if (r.end == End::reported && r.status == kListing) {
    if (::access(journal.c_str(), F_OK) != 0) return r.text;
    // A journal beside a finished file: kept with --keep-journal, or a farm now running with
    // --force over this file, which then replaces it at its end.
    return r.text + "\na journal is beside this file: " + printable(journal) + " (parcompute inspect " +
           printable(journal) + " reads it)\n";
  }
  if (r.end == End::reported && r.status == kNotHdf5)
    throw core::UsageError("inspect: " + file + " is not an HDF5 file" + accepted);
  std::string cause = r.text;
  // A crash is HDF5's as far as is known (the measured ones were), not certainly.
  if (r.end == End::signalled) cause = "reading it crashed (" + signal_name(r.signal) + ")";
  if (r.end == End::timed_out)
    cause = "reading it took more than " + std::to_string(timeout_seconds) + " s (--timeout)";
  if (r.end == End::silent) cause = "the reader ended with status " + std::to_string(r.status) + " and no listing";
  throw core::UsageError("inspect: " + file + " is damaged: " + printable(r.last_progress) + ": " + printable(cause));
}

}  // namespace pc::inspect
