// The merge rule: each identity once, identical rows dropped, differing rows refused unless
// --prefer newest, which keeps the later row at the first row's place.
#include <catch2/catch.hpp>

#include "farm/run_task.hpp"
#include "merge/rule.hpp"

namespace {

using pc::merge::Keyed;
using pc::merge::Prefer;

struct Row {
  std::string key;
  std::string outcome;
  double time = 0;
};

Keyed<Row> input(std::vector<Row> rows) {
  Keyed<Row> k;
  for (const Row& r : rows) k.keys.push_back(r.key), k.times.push_back(r.time);
  k.rows = std::move(rows);
  return k;
}

auto merge(std::vector<Keyed<Row>> inputs, Prefer prefer = Prefer::none) {
  return pc::merge::merge_rows(std::move(inputs), prefer,
                               [](const Row& a, const Row& b) { return a.outcome == b.outcome; });
}

std::string keys_of(const std::vector<Row>& rows) {
  std::string out;
  for (const Row& r : rows) out += r.key + "=" + r.outcome + " ";
  return out;
}

}  // namespace

TEST_CASE("the parts of an array job are concatenated in argument order", "[merge]") {
  const auto m = merge({input({{"a", "ok"}, {"b", "ok"}}), input({{"c", "failed"}})});
  REQUIRE_FALSE(m.refused);
  CHECK(keys_of(m.rows) == "a=ok b=ok c=failed ");
  CHECK(m.counts.rows_in == 3);
  CHECK(m.counts.rows_out == 3);
  CHECK(m.counts.duplicates == 0);
  CHECK(m.kept == std::vector<std::int64_t>{2, 1});
}

TEST_CASE("a row with the same outcome in two inputs is kept once, from the first", "[merge]") {
  const auto m = merge({input({{"a", "ok", 1}, {"b", "ok", 1}}), input({{"b", "ok", 5}, {"c", "ok", 5}})});
  REQUIRE_FALSE(m.refused);
  CHECK(keys_of(m.rows) == "a=ok b=ok c=ok ");
  CHECK(m.rows[1].time == 1);
  CHECK(m.counts.duplicates == 1);
  CHECK(m.counts.conflicts == 0);
  CHECK(m.kept == std::vector<std::int64_t>{2, 1});
}

TEST_CASE("a row with different outcomes is a conflict naming the key and both inputs", "[merge]") {
  const auto m = merge({input({{"a", "ok"}}), input({{"x", "ok"}}), input({{"a", "failed"}})});
  REQUIRE(m.refused);
  CHECK(m.refused->key == "a");
  CHECK(m.refused->first == 0);
  CHECK(m.refused->second == 2);
  CHECK(m.refused->first_row.outcome == "ok");
  CHECK(m.refused->second_row.outcome == "failed");
}

TEST_CASE("preferring the newest keeps the later row at the earlier row's place", "[merge]") {
  const auto m = merge({input({{"a", "failed", 10}, {"b", "ok", 10}}), input({{"a", "ok", 20}})}, Prefer::newest);
  REQUIRE_FALSE(m.refused);
  CHECK(keys_of(m.rows) == "a=ok b=ok ");
  CHECK(m.counts.conflicts == 1);
  CHECK(m.kept == std::vector<std::int64_t>{1, 1});
}

TEST_CASE("preferring the newest keeps an older row given later, and the first of equal times", "[merge]") {
  const auto older = merge({input({{"a", "ok", 20}}), input({{"a", "failed", 10}})}, Prefer::newest);
  CHECK(keys_of(older.rows) == "a=ok ");
  CHECK(older.kept == std::vector<std::int64_t>{1, 0});
  const auto tie = merge({input({{"a", "ok", 5}}), input({{"a", "failed", 5}})}, Prefer::newest);
  CHECK(keys_of(tie.rows) == "a=ok ");
  CHECK(tie.counts.conflicts == 1);
}

TEST_CASE("a URL listed twice in one input is two rows, matched by occurrence", "[merge]") {
  CHECK(pc::merge::occurrence_keys({"u", "v", "u", "u"}) == std::vector<std::string>{"u", "v", "u\n1", "u\n2"});
  CHECK(pc::merge::prefer_from_name("newest") == Prefer::newest);
  CHECK_FALSE(pc::merge::prefer_from_name("oldest"));
}

TEST_CASE("a kernel task's rate is not part of the outcome a rerun must give again", "[merge]") {
  pc::farm::TaskResult r;
  r.kind = pc::farm::TaskKind::run;
  r.result = "checksum 1.5e9, 812.3 MB/s";
  CHECK(pc::farm::reproducible_result(r) == "checksum 1.5e9");
  r.result = "sums 0 1 5";
  CHECK(pc::farm::reproducible_result(r) == "sums 0 1 5");
  r.kind = pc::farm::TaskKind::fetch;
  r.result = "status 200, 10 bytes, sha256 ab";
  CHECK(pc::farm::reproducible_result(r) == "status 200, 10 bytes, sha256 ab");
}
