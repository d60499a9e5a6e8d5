// parcompute inspect FILE.h5: root attributes (the provenance), then each group: its
// attributes and its datasets, shown as a table when they are columns of one length.
#include <iostream>
#include <sys/stat.h>

#include "app/commands.hpp"
#include "core/error.hpp"
#include "core/table.hpp"
#include "io/h5.hpp"
#include "jobs/cli_options.hpp"

namespace pc::app {

namespace h5 = io::h5;

InspectCommand::InspectCommand(CLI::App& app) {
  cmd_ = app.add_subcommand("inspect", "Show the provenance and a summary of a parcompute results file");
  cmd_->add_option("file", path_, "Results file written by parcompute")->required()->type_name("FILE.h5");
  jobs::add_whole(*cmd_, "--rows", rows_, {1, 1'000'000}, "Rows of each table to show");
}

namespace {

std::string shape_of(const std::vector<hsize_t>& dims) {
  std::string s;
  for (hsize_t d : dims) s += (s.empty() ? "" : " x ") + std::to_string(d);
  return dims.empty() ? "scalar" : s;
}

void print_attributes(const h5::Location& where, const std::string& indent) {
  for (const std::string& name : where.attr_names())
    std::cout << indent << name << ": " << h5::to_text(where.attr(name)) << "\n";
}

void print_group(const h5::Location& group, const std::string& path, std::size_t rows) {
  std::cout << "\ngroup " << path << "\n";
  print_attributes(group, "  ");
  std::vector<std::string> columns;
  std::vector<std::string> subgroups;
  std::optional<hsize_t> common;
  bool table = true;
  for (const std::string& name : group.children()) {
    if (group.child_is_group(name)) {
      subgroups.push_back(name);
      continue;
    }
    const h5::Dataset d = group.open_dataset(name);
    const auto dims = d.dims();
    std::cout << "  dataset " << name << ": " << d.type_name() << " [" << shape_of(dims) << "]\n";
    columns.push_back(name);
    if (dims.size() != 1 || (common && *common != dims[0])) table = false;
    if (!dims.empty()) common = dims[0];
  }
  if (table && !columns.empty() && common && *common > 0) {
    core::Table t{columns, {}};
    std::vector<std::vector<std::string>> values;
    for (const std::string& c : columns) values.push_back(group.open_dataset(c).head_as_text(rows));
    for (std::size_t r = 0; r < values.front().size(); ++r) {
      std::vector<std::string> row;
      for (const auto& col : values) row.push_back(r < col.size() ? col[r] : "");
      t.rows.push_back(row);
    }
    std::cout << "\n" << t.render();
    if (*common > rows) std::cout << "(" << rows << " of " << *common << " rows shown; --rows N for more)\n";
  }
  for (const std::string& g : subgroups) print_group(group.open_group(g), path + (path == "/" ? "" : "/") + g, rows);
}

}  // namespace

int InspectCommand::execute() const {
  struct stat st{};
  if (::stat(path_.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
    throw core::UsageError("inspect: '" + path_ + "' is not a file (accepted: an HDF5 file written by parcompute)");
  if (H5Fis_hdf5(path_.c_str()) <= 0)
    throw core::UsageError("inspect: '" + path_ + "' is not an HDF5 file (accepted: an HDF5 file written by parcompute)");
  const h5::File file = h5::File::open_readonly(path_);
  std::cout << "file " << path_ << " (" << st.st_size << " bytes)\n";
  print_attributes(file, "  ");
  for (const std::string& name : file.children())
    if (file.child_is_group(name)) print_group(file.open_group(name), "/" + name, rows_);
  return 0;
}

}  // namespace pc::app
