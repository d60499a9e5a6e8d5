// HDF5 wrappers round trip, the results file's temporary-name protocol, output path checks.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <optional>

#include "core/error.hpp"
#include "core/int128.hpp"
#include "io/h5.hpp"
#include "io/result_file.hpp"
#include "temp_dir.hpp"

namespace h5 = pc::io::h5;
using pc::core::u128;

using pc_test::TempDir;

namespace {

bool exists(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0;
}

int entries(const std::string& dir) {
  int n = 0;
  for (const auto& p : {std::string("ls -A '") + dir + "' | wc -l"}) {
    FILE* f = popen(p.c_str(), "r");
    if (fscanf(f, "%d", &n) != 1) n = -1;
    pclose(f);
  }
  return n;
}
}  // namespace

TEST_CASE("datasets and attributes round trip, including 128-bit values as words and text") {
  TempDir dir;
  const std::string path = dir.file("round.h5");
  const std::vector<u128> values{0, 1, u128{1} << 64, ~u128{0}, pc::core::parse_u128("333333283333335000000", "v")};
  {
    h5::File f = h5::File::create(path);
    f.set_attr("count", std::int64_t{-42});
    f.set_attr("ratio", 0.125);
    f.set_attr("name", std::string("parcompute ünïcode"));
    f.set_attr("hosts", std::vector<std::string>{"a", "bb", ""});
    h5::Group g = f.create_group("results");
    std::vector<std::uint64_t> hi, lo;
    std::vector<std::string> text;
    for (u128 v : values) {
      hi.push_back(pc::core::high_word(v));
      lo.push_back(pc::core::low_word(v));
      text.push_back(pc::core::to_string(v));
    }
    g.write("zeta", std::vector<double>{1.5, -2.25});  // written first: listed first
    g.write("hi", hi);
    g.write("lo", lo);
    g.write("text", text);
    g.write("empty", std::vector<std::int32_t>{});
    g.write("flags", std::vector<std::uint8_t>{1, 0, 1});
  }
  const h5::File f = h5::File::open_readonly(path);
  CHECK(std::get<std::int64_t>(f.attr("count")) == -42);
  CHECK(std::get<double>(f.attr("ratio")) == 0.125);
  CHECK(std::get<std::string>(f.attr("name")) == "parcompute ünïcode");
  CHECK(std::get<std::vector<std::string>>(f.attr("hosts")) == std::vector<std::string>{"a", "bb", ""});
  CHECK(f.attr_names() == std::vector<std::string>{"count", "hosts", "name", "ratio"});
  REQUIRE(f.has("results"));
  CHECK_FALSE(f.has("nothing"));
  const h5::Group g = f.open_group("results");
  CHECK(g.children() == std::vector<std::string>{"zeta", "hi", "lo", "text", "empty", "flags"});
  const auto hi = g.read<std::uint64_t>("hi");
  const auto lo = g.read<std::uint64_t>("lo");
  const auto text = g.read_strings("text");
  REQUIRE(hi.size() == values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    CHECK(pc::core::from_words(hi[i], lo[i]) == values[i]);
    CHECK(pc::core::parse_u128(text[i], "text") == values[i]);
  }
  CHECK(g.read<double>("zeta") == std::vector<double>{1.5, -2.25});
  CHECK(g.read<std::int32_t>("empty").empty());
  CHECK(g.read<std::uint8_t>("flags") == std::vector<std::uint8_t>{1, 0, 1});
  CHECK(g.open_dataset("hi").type_name() == "uint64");
  CHECK(g.open_dataset("text").type_name() == "string");
  CHECK(g.open_dataset("lo").head_as_text(2) == std::vector<std::string>{"0", "1"});
  CHECK(g.open_dataset("zeta").dims() == std::vector<hsize_t>{2});
}

TEST_CASE(
    "string datasets are fixed-length when compact, variable-length when padding would waste, and read back alike") {
  TempDir dir;
  const std::string path = dir.file("strings.h5");
  const std::vector<std::string> compact{"http://a/1", "", "ünïcode", "http://host/x?q=1"};
  std::vector<std::string> skewed(200, "x");
  skewed[7] = std::string(5000, 'y');  // one long string: 200 x 5000 padded vs ~11 KB variable
  const std::vector<std::string> blanks(50, "");
  {
    h5::File f = h5::File::create(path);
    f.write("compact", compact);
    f.write("skewed", skewed);
    f.write("blanks", blanks);
    f.write("none", std::vector<std::string>{});
  }
  const h5::File f = h5::File::open_readonly(path);
  auto variable = [&](const char* name) {
    const h5::Type t{H5Dget_type(f.open_dataset(name).id()), H5Tclose};
    return H5Tis_variable_str(t.id()) > 0;
  };
  auto size = [&](const char* name) {
    const h5::Type t{H5Dget_type(f.open_dataset(name).id()), H5Tclose};
    return H5Tget_size(t.id());
  };
  CHECK_FALSE(variable("compact"));
  CHECK(size("compact") == std::string("http://host/x?q=1").size());
  CHECK(variable("skewed"));
  CHECK_FALSE(variable("blanks"));
  CHECK(size("blanks") == 1);
  CHECK(f.read_strings("compact") == compact);
  CHECK(f.read_strings("skewed") == skewed);
  CHECK(f.read_strings("blanks") == blanks);
  CHECK(f.read_strings("none").empty());
  CHECK(f.open_dataset("compact").head_as_text(3) == std::vector<std::string>(compact.begin(), compact.begin() + 3));
}

TEST_CASE("text that is not valid UTF-8 is stored with its invalid bytes escaped, datasets and attributes alike") {
  TempDir dir;
  const std::string path = dir.file("utf8.h5");
  const std::vector<std::string> fixed{"http://h/caf\xE9", "ok \xC3\xA9"};
  std::vector<std::string> variable(100, "");
  variable[3] = "\xFF" + std::string(3000, 'v');  // variable length: one long string among blanks
  {
    h5::File f = h5::File::create(path);
    f.write("fixed", fixed);
    f.write("variable", variable);
    f.set_attr("one", std::string("a\x80"
                                  "b"));
    f.set_attr("list", std::vector<std::string>{"\xC0\xAF", "fine"});
  }
  const h5::File f = h5::File::open_readonly(path);
  CHECK(f.read_strings("fixed") == std::vector<std::string>{"http://h/caf\\xE9", "ok \xC3\xA9"});
  CHECK(f.read_strings("variable")[3] == "\\xFF" + std::string(3000, 'v'));
  CHECK(std::get<std::string>(f.attr("one")) == "a\\x80b");
  CHECK(std::get<std::vector<std::string>>(f.attr("list")) == std::vector<std::string>{"\\xC0\\xAF", "fine"});
}

TEST_CASE("the largest uint64, the smallest int64 and attributes with no elements read back exactly") {
  TempDir dir;
  const std::string path = dir.file("attrs.h5");
  {
    h5::File f = h5::File::create(path);
    f.set_attr("biggest", std::numeric_limits<std::uint64_t>::max());
    f.set_attr("smallest", std::numeric_limits<std::int64_t>::min());
    f.set_attr("no_strings", std::vector<std::string>{});
    // parcompute writes no empty numbers, h5py can: zero elements, and a null dataspace.
    const h5::Space zero = h5::Space::simple({0});
    const h5::Space null{h5::check_id(H5Screate(H5S_NULL), "H5Screate"), H5Sclose};
    for (const auto& [name, space] : {std::pair{"no_floats", &zero}, std::pair{"null", &null}})
      h5::Handle{h5::check_id(H5Acreate2(f.id(), name, H5T_NATIVE_DOUBLE, space->id(), H5P_DEFAULT, H5P_DEFAULT),
                              "H5Acreate2"),
                 H5Aclose};
  }
  const h5::File f = h5::File::open_readonly(path);
  CHECK(std::get<std::uint64_t>(f.attr("biggest")) == 18446744073709551615u);
  CHECK(h5::to_text(f.attr("biggest")) == "18446744073709551615");
  CHECK(std::get<std::int64_t>(f.attr("smallest")) == std::numeric_limits<std::int64_t>::min());
  for (const char* name : {"no_strings", "no_floats", "null"}) {
    CAPTURE(name);
    CHECK(std::get<std::vector<std::string>>(f.attr(name)).empty());
    CHECK(h5::to_text(f.attr(name)) == "[]");
  }
}

TEST_CASE("links are listed as stored, soft and external ones unfollowed, and a cycle is one object") {
  TempDir dir;
  const std::string path = dir.file("links.h5");
  {
    h5::File f = h5::File::create(path);
    const h5::Group g = f.create_group("g");
    g.write("data", std::vector<std::int32_t>{1});
    h5::check(H5Lcreate_hard(g.id(), ".", g.id(), "self", H5P_DEFAULT, H5P_DEFAULT), "H5Lcreate_hard");
    h5::check(H5Lcreate_soft("/nowhere", g.id(), "dangling", H5P_DEFAULT, H5P_DEFAULT), "H5Lcreate_soft");
    h5::check(H5Lcreate_external("other.h5", "/x", g.id(), "outside", H5P_DEFAULT, H5P_DEFAULT), "H5Lcreate_external");
  }
  const h5::File f = h5::File::open_readonly(path);
  const h5::Group g = f.open_group("g");
  const std::vector<h5::Link> links = g.links();
  REQUIRE(links.size() == 4);
  using Kind = h5::Link::Kind;
  CHECK((links[0].name == "data" && links[0].kind == Kind::hard && links[0].target.empty()));
  CHECK((links[1].name == "self" && links[1].kind == Kind::hard));
  CHECK((links[2].name == "dangling" && links[2].kind == Kind::soft && links[2].target == "/nowhere"));
  CHECK((links[3].name == "outside" && links[3].kind == Kind::external && links[3].target == "other.h5:/x"));
  CHECK(g.children() == std::vector<std::string>{"data", "self", "dangling", "outside"});
  const h5::ObjectInfo self = g.object_info("self"), here = g.object_info("."), data = g.object_info("data");
  CHECK(self.type == H5O_TYPE_GROUP);
  CHECK((self.address == here.address && self.file == here.file));
  CHECK(f.object_info("g").address == here.address);
  CHECK(data.type == H5O_TYPE_DATASET);
  CHECK(data.address != here.address);
  CHECK_THROWS_AS(g.object_info("dangling"), pc::core::LibraryError);
}

TEST_CASE("HDF5 failures throw a LibraryError naming the call") {
  TempDir dir;
  try {
    h5::File::open_readonly(dir.file("missing.h5"));
    FAIL("no exception");
  } catch (const pc::core::LibraryError& e) {
    CHECK_THAT(e.what(), Catch::Contains("H5Fopen"));
    CHECK_THAT(e.what(), Catch::Contains("HDF5"));
  }
  h5::File f = h5::File::create(dir.file("x.h5"));
  CHECK_THROWS_AS(f.open_group("absent"), pc::core::LibraryError);
  CHECK_THROWS_AS(f.attr("absent"), pc::core::LibraryError);
}

TEST_CASE("a results file appears under its name only when committed") {
  TempDir dir;
  const std::string final_path = dir.file("run.h5");
  {
    pc::io::ResultFile rf(final_path, false);
    rf.write([](const h5::File& root) { root.set_attr("format_version", std::int64_t{1}); });
    CHECK_FALSE(exists(final_path));
    CHECK(entries(dir.path) == 1);  // the temporary
  }
  CHECK_FALSE(exists(final_path));
  CHECK(entries(dir.path) == 0);  // abandoned: nothing left
  {
    pc::io::ResultFile rf(final_path, false);
    rf.write([](const h5::File& root) { root.set_attr("format_version", std::int64_t{7}); });
    rf.commit();
  }
  REQUIRE(exists(final_path));
  CHECK(entries(dir.path) == 1);
  CHECK(std::get<std::int64_t>(h5::File::open_readonly(final_path).attr("format_version")) == 7);
}

TEST_CASE("one results file at a time: a second while the first is written is an internal error") {
  TempDir dir;
  {
    pc::io::ResultFile first(dir.file("a.h5"), false);
    CHECK_THROWS_AS(pc::io::ResultFile(dir.file("b.h5"), false), pc::core::Error);
    CHECK(entries(dir.path) == 1);  // the second made nothing
    first.write([](const h5::File& root) { root.set_attr("format_version", std::int64_t{2}); });
    first.commit();
  }
  pc::io::ResultFile next(dir.file("b.h5"), false);  // the first is renamed away: free again
  next.commit();
  CHECK(exists(dir.file("a.h5")));
  CHECK(exists(dir.file("b.h5")));
}

TEST_CASE("a results file is not committed while one of its objects is open") {
  TempDir dir;
  const std::string final_path = dir.file("open.h5");
  pc::io::ResultFile rf(final_path, false);
  std::optional<h5::Group> kept;
  CHECK_THROWS_WITH(rf.write([&](const h5::File& root) { kept = root.create_group("g"); }),
                    Catch::Contains("1 object(s)") && Catch::Contains("left open"));
  CHECK_THROWS_WITH(rf.commit(), Catch::Contains("committed while 1 of its objects are open"));
  CHECK_FALSE(exists(final_path));
  kept.reset();
  rf.commit();
  CHECK(h5::File::open_readonly(final_path).has("g"));
}

TEST_CASE("a file made under the final name during the run is not replaced, and the results are kept beside it") {
  TempDir dir;
  const std::string final_path = dir.file("race.h5");
  pc::io::ResultFile rf(final_path, false);
  rf.write([](const h5::File& root) { root.set_attr("mine", std::int64_t{1}); });
  std::ofstream(final_path) << "the other writer";
  try {
    rf.commit();
    FAIL("commit replaced a file made meanwhile");
  } catch (const pc::core::Error& e) {
    CHECK_THAT(e.what(), Catch::Contains("was created by another process") && Catch::Contains("--force"));
  }
  std::ifstream other(final_path);
  std::string text;
  std::getline(other, text);
  CHECK(text == "the other writer");
  CHECK(entries(dir.path) == 2);  // the other file and ours, "race-<random>.h5"
  FILE* ls = popen(("ls '" + dir.path + "' | grep '^race-.*\\.h5$'").c_str(), "r");
  char kept[256] = {};
  REQUIRE(fgets(kept, sizeof kept, ls) != nullptr);
  pclose(ls);
  std::string kept_name(kept);
  kept_name.pop_back();
  CHECK(std::get<std::int64_t>(h5::File::open_readonly(dir.file(kept_name)).attr("mine")) == 1);
}

TEST_CASE("with replace, commit replaces a file made meanwhile") {
  TempDir dir;
  const std::string final_path = dir.file("forced.h5");
  pc::io::ResultFile rf(final_path, true);
  std::ofstream(final_path) << "old";
  rf.commit();
  CHECK(entries(dir.path) == 1);
  CHECK(H5Fis_hdf5(final_path.c_str()) > 0);
}

TEST_CASE("HDF5 files are created exclusively, never through a link planted under the name") {
  TempDir dir;
  const std::string victim = dir.file("victim");
  std::ofstream(victim) << "keep me";
  REQUIRE(::symlink(victim.c_str(), dir.file("planted.h5").c_str()) == 0);
  CHECK_THROWS_AS(h5::File::create(dir.file("planted.h5")), pc::core::LibraryError);
  REQUIRE(::symlink(dir.file("nowhere").c_str(), dir.file("dangling.h5").c_str()) == 0);
  CHECK_THROWS_AS(h5::File::create(dir.file("dangling.h5")), pc::core::LibraryError);
  CHECK_FALSE(exists(dir.file("nowhere")));
  std::ifstream in(victim);
  std::string text;
  std::getline(in, text);
  CHECK(text == "keep me");
}

TEST_CASE("temporary names are random and fit the folder's name limit") {
  TempDir dir;
  const std::string longest = dir.file(std::string(252, 'x') + ".h5");  // 255 bytes: the limit here
  CHECK(pc::io::output_path_problem(longest, false).empty());
  CHECK_THAT(pc::io::output_path_problem(dir.file(std::string(256, 'y')), false), Catch::Contains("longer than"));
  {
    pc::io::ResultFile a(longest, false);
    a.commit();
  }
  CHECK(exists(longest));
  std::string first, second;
  for (std::string* name : {&first, &second}) {
    pc::io::ResultFile rf(dir.file("r.h5"), false);
    FILE* ls = popen(("ls -A '" + dir.path + "' | grep '^\\.r\\.h5\\.'").c_str(), "r");
    char line[300] = {};
    REQUIRE(fgets(line, sizeof line, ls) != nullptr);
    pclose(ls);
    *name = line;
  }
  CHECK(first != second);
  CHECK(first.size() == std::string(".r.h5.0123456789abcdef.tmp\n").size());
}

TEST_CASE("a results file that cannot be created is a usage error that leaves nothing") {
  TempDir dir;
  CHECK_THROWS_AS(pc::io::ResultFile(dir.file("no/such/x.h5"), false), pc::core::UsageError);
  try {
    pc::io::ResultFile rf(dir.file("no/such/x.h5"), false);
  } catch (const pc::core::UsageError& e) {
    CHECK_THAT(e.what(), Catch::Contains("No such file or directory"));
    CHECK_THAT(e.what(), !Catch::Contains("\n"));
  }
  CHECK(entries(dir.path) == 0);
}

TEST_CASE("output path problems are named") {
  TempDir dir;
  CHECK(pc::io::output_path_problem(dir.file("new.h5"), false).empty());
  std::ofstream(dir.file("old.h5")) << "x";
  CHECK_THAT(pc::io::output_path_problem(dir.file("old.h5"), false), Catch::Contains("already exists"));
  CHECK(pc::io::output_path_problem(dir.file("old.h5"), true).empty());
  CHECK_THAT(pc::io::output_path_problem(dir.path, true), Catch::Contains("is a folder"));
  CHECK_THAT(pc::io::output_path_problem(dir.file("no/such/x.h5"), false), Catch::Contains("does not exist"));
  CHECK_THAT(pc::io::output_path_problem("", false), Catch::Contains("empty"));
  CHECK_THAT(pc::io::output_path_problem("/dev/null", true), Catch::Contains("not a regular file"));
  REQUIRE(::mkfifo(dir.file("fifo").c_str(), 0600) == 0);
  CHECK_THAT(pc::io::output_path_problem(dir.file("fifo"), true), Catch::Contains("not a regular file"));
  REQUIRE(::symlink(dir.file("nowhere").c_str(), dir.file("dangling.h5").c_str()) == 0);
  CHECK_THAT(pc::io::output_path_problem(dir.file("dangling.h5"), false), Catch::Contains("already exists"));
  CHECK(pc::io::output_path_problem(dir.file("dangling.h5"), true).empty());
}

TEST_CASE("a column written in blocks reads back as one, and writing past or short of its length is refused") {
  TempDir dir;
  const std::string path = dir.file("blocks.h5");
  std::vector<std::string> words;
  for (int i = 0; i < 1000; ++i)
    words.push_back(std::string(static_cast<std::size_t>(i % 13), static_cast<char>('a' + i % 26)));
  words[500] = std::string("bad \xff byte");
  std::vector<std::string> skewed(300, "s");
  skewed[299] = std::string(4000, 'z');
  {
    h5::File f = h5::File::create(path);
    h5::StringLayout layout, skewed_layout;
    for (const auto& w : words) layout.add(w);
    for (const auto& w : skewed) skewed_layout.add(w);
    CHECK(layout.fixed());
    CHECK(layout.width() == std::string("bad \\xFF byte").size());  // as escaped, not as given
    CHECK_FALSE(skewed_layout.fixed());
    h5::Column text = h5::Column::strings(f, "text", words.size(), layout);
    h5::Column var = h5::Column::strings(f, "var", skewed.size(), skewed_layout);
    h5::Column numbers = h5::Column::of<std::int64_t>(f, "numbers", 1000);
    for (std::size_t at = 0; at < words.size(); at += 300) {
      const std::size_t n = std::min<std::size_t>(300, words.size() - at);
      text.append(std::vector<std::string_view>(words.begin() + static_cast<long>(at),
                                                words.begin() + static_cast<long>(at + n)));
      std::vector<std::int64_t> block(n);
      for (std::size_t i = 0; i < n; ++i) block[i] = static_cast<std::int64_t>((at + i) * 7);
      numbers.append(block);
    }
    var.append(std::vector<std::string_view>(skewed.begin(), skewed.begin() + 100));
    var.append(std::vector<std::string_view>(skewed.begin() + 100, skewed.end()));
    CHECK_THROWS_AS(numbers.append(std::vector<std::int64_t>{1}), pc::core::Error);  // past its length
    text.close(), var.close(), numbers.close();
    h5::Column short_one = h5::Column::of<double>(f, "short", 3);
    short_one.append(std::vector<double>{1, 2});
    CHECK_THROWS_AS(short_one.close(), pc::core::Error);
    h5::StringLayout narrow;
    narrow.add("ab");
    h5::Column tight = h5::Column::strings(f, "tight", 1, narrow);
    CHECK_THROWS_AS(tight.append(std::vector<std::string_view>{"abc"}), pc::core::Error);  // wider than its layout
  }
  const h5::File f = h5::File::open_readonly(path);
  std::vector<std::string> want = words;
  want[500] = "bad \\xFF byte";
  CHECK(f.read_strings("text") == want);
  CHECK(f.read_strings("var") == skewed);
  const std::vector<std::int64_t> numbers = f.read<std::int64_t>("numbers");
  REQUIRE(numbers.size() == 1000);
  for (std::size_t i = 0; i < numbers.size(); ++i) REQUIRE(numbers[i] == static_cast<std::int64_t>(i * 7));
}
