// HostLines: which URL a multi engine starts next, with and without a limit per host.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "fetch/host_lines.hpp"

using pc::io::HostLines;

namespace {

std::vector<std::size_t> drain(HostLines& lines) {
  std::vector<std::size_t> out;
  for (std::size_t i; lines.next(i);) out.push_back(i);
  return out;
}

const std::vector<std::string> kUrls = {
    "http://a.test/1", "http://A.test:80/2",   "https://a.test/3",  // a.test:80 twice, then https
    "http://b.test/1", "http://b.test:8080/2", "http://b.test/3"};

}  // namespace

TEST_CASE("without a limit every URL starts, in list order", "[fetch]") {
  HostLines lines(kUrls, {0, 1, 2, 3, 4, 5}, 0);
  CHECK(drain(lines) == std::vector<std::size_t>{0, 1, 2, 3, 4, 5});
  CHECK(lines.empty());
  lines.again(4);  // due again: next, whatever else is waiting
  CHECK(drain(lines) == std::vector<std::size_t>{4});
}

TEST_CASE("a host at its limit waits until one of its transfers ends", "[fetch]") {
  // Hosts as libcurl reads them: http://a.test:80 {0, 1}, https://a.test:443 {2},
  // http://b.test:80 {3, 5}, http://b.test:8080 {4}; only some URLs are to be fetched.
  HostLines lines(kUrls, {0, 1, 2, 3, 4, 5}, 1);
  CHECK(drain(lines) == std::vector<std::size_t>{0, 2, 3, 4});  // one per host, in turn
  CHECK_FALSE(lines.empty());
  lines.ended(2);  // https://a.test has nothing left
  CHECK(drain(lines).empty());
  lines.ended(3);
  CHECK(drain(lines) == std::vector<std::size_t>{5});
  lines.ended(0);
  lines.again(0);  // a retry goes before the host's other URLs
  CHECK(drain(lines) == std::vector<std::size_t>{0});
  lines.ended(0);
  CHECK(drain(lines) == std::vector<std::size_t>{1});
  CHECK(lines.empty());
}

TEST_CASE("a limit of two lets two transfers of a host run at once", "[fetch]") {
  HostLines lines(kUrls, {0, 1, 3, 5}, 2);
  CHECK(drain(lines) == std::vector<std::size_t>{0, 3, 1, 5});
  CHECK(lines.empty());
}

TEST_CASE("a host that answered over HTTP/2 shares its connections", "[fetch]") {
  HostLines lines(kUrls, {0, 1, 3, 5}, 1);
  CHECK(drain(lines) == std::vector<std::size_t>{0, 3});
  lines.multiplexed(0);  // 0 still runs; its host now takes up to 100 transfers a connection
  CHECK(drain(lines) == std::vector<std::size_t>{1});
  CHECK(drain(lines).empty());  // b.test still waits for 3 to end
}

TEST_CASE("a multiplexed host takes at most 100 transfers a connection", "[fetch]") {
  const std::vector<std::string> urls(250, "https://h2.test/x");
  std::vector<std::size_t> todo(urls.size());
  for (std::size_t i = 0; i < todo.size(); ++i) todo[i] = i;
  HostLines lines(urls, todo, 2);
  CHECK(drain(lines).size() == 2);
  lines.multiplexed(0);
  CHECK(drain(lines).size() == 198);  // 2 connections x 100
  lines.ended(5);
  CHECK(drain(lines) == std::vector<std::size_t>{200});
  CHECK_FALSE(lines.empty());
}
