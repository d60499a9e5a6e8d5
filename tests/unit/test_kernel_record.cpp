// A kernel's record through its three writers: the table, JSON and the HDF5 group carry the
// same names and values, each shown its own way.
#include <catch2/catch.hpp>

#include "io/h5.hpp"
#include "jobs/kernels/record.hpp"
#include "temp_dir.hpp"

namespace h5 = pc::io::h5;
using pc::jobs::KernelRecord;
using pc::jobs::Shown;

namespace {
KernelRecord rows_record() {
  KernelRecord k;
  k.rows = "tasks";
  k.row = "task";
  k.values = {{"compute_seconds", 0.5}, {"validates", std::int64_t{0}, "", Shown::check}};
  k.columns = {{"size", std::vector<std::uint64_t>{10, 20, 30}, "size"},
               {"hidden", std::vector<std::int32_t>{7, 8, 9}},
               {"seconds", std::vector<double>{0.25, 1.5, 12.5}, "seconds", Shown::seconds},
               {"valid", std::vector<std::uint8_t>{1, 0, 1}, "check", Shown::check}};
  return k;
}

KernelRecord line_record(double rate) {
  KernelRecord k;
  k.values = {{"kernel", std::string("demo"), "kernel"},
              {"size", std::int64_t{64}, "size", Shown::plain, true},
              {"rate", rate, "MB/s", Shown::rate},
              {"checksum", 1234.5, "checksum", Shown::scientific},
              {"reference", 1234.5},
              {"validates", std::int64_t{1}, "check", Shown::check}};
  k.columns = {{"iteration_seconds", std::vector<double>{0.1, 0.2}}};
  return k;
}
}  // namespace

TEST_CASE("a record of rows: a table line per row, JSON row objects, columns in the file") {
  const KernelRecord k = rows_record();
  const pc::core::Table t = pc::jobs::table_of(k);
  CHECK(t.header == std::vector<std::string>{"task", "size", "seconds", "check"});
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[1] == std::vector<std::string>{"1", "20", pc::core::format_seconds(1.5), "WRONG"});
  CHECK(t.rows[2][3] == "ok");

  const nlohmann::json j = pc::jobs::json_of(k);
  CHECK(j["compute_seconds"] == 0.5);
  CHECK(j["validates"] == false);
  REQUIRE(j["tasks"].size() == 3);
  CHECK(j["tasks"][2]["task"] == 2);
  CHECK(j["tasks"][2]["size"] == 30);
  CHECK(j["tasks"][0]["hidden"] == 7);
  CHECK(j["tasks"][1]["valid"] == false);
  CHECK_FALSE(j.contains("parameters"));

  pc_test::TempDir dir;
  const std::string path = dir.file("rows.h5");
  {
    h5::File f = h5::File::create(path);
    pc::jobs::write_record(f.create_group("demo"), k);
  }
  const h5::File f = h5::File::open_readonly(path);
  const h5::Group g = f.open_group("demo");
  CHECK(std::get<std::int64_t>(g.attr("tasks")) == 3);
  CHECK(std::get<std::int64_t>(g.attr("validates")) == 0);
  CHECK(g.read<std::uint64_t>("size") == std::vector<std::uint64_t>{10, 20, 30});
  CHECK(g.read<std::int32_t>("hidden") == std::vector<std::int32_t>{7, 8, 9});
  CHECK(g.read<std::uint8_t>("valid") == std::vector<std::uint8_t>{1, 0, 1});
  CHECK(g.children() == std::vector<std::string>{"size", "hidden", "seconds", "valid"});
}

TEST_CASE("a record of one line: values in the table, parameters grouped in JSON, series as arrays") {
  const pc::core::Table t = pc::jobs::table_of(line_record(65.55));
  CHECK(t.header == std::vector<std::string>{"kernel", "size", "MB/s", "checksum", "check"});
  REQUIRE(t.rows.size() == 1);
  CHECK(t.rows[0] == std::vector<std::string>{"demo", "64", "65.5", "1.234500000000e+03", "ok"});
  CHECK(pc::jobs::table_of(line_record(0)).rows[0][2] == "-");  // no counted work: no rate

  const nlohmann::json j = pc::jobs::json_of(line_record(65.55));
  CHECK(j["parameters"]["size"] == 64);
  CHECK_FALSE(j.contains("size"));
  CHECK(j["reference"] == 1234.5);
  CHECK(j["validates"] == true);
  CHECK(j["iteration_seconds"] == nlohmann::json::array({0.1, 0.2}));

  pc_test::TempDir dir;
  const std::string path = dir.file("line.h5");
  {
    h5::File f = h5::File::create(path);
    pc::jobs::write_record(f.create_group("demo"), line_record(65.55));
  }
  const h5::File f = h5::File::open_readonly(path);
  const h5::Group g = f.open_group("demo");
  CHECK(std::get<std::int64_t>(g.attr("size")) == 64);
  CHECK(std::get<std::string>(g.attr("kernel")) == "demo");
  CHECK(std::get<double>(g.attr("checksum")) == 1234.5);
  CHECK_FALSE(g.has("tasks"));
  CHECK(g.read<double>("iteration_seconds") == std::vector<double>{0.1, 0.2});
}
