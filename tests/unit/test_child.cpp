// core::run_in_child: a report comes back, a crash and a hang are told apart and placed.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "core/child.hpp"

using pc::core::ChildChannel;
using pc::core::ChildResult;
using pc::core::run_in_child;
using namespace std::chrono_literals;

TEST_CASE("a child's report comes back whole, and its last progress note with it") {
  const std::string big(1 << 20, 'x');  // more than a pipe holds: the parent reads as it goes
  const ChildResult r = run_in_child(
      [&](const ChildChannel& ch) {
        ch.progress("first");
        ch.progress("second");
        ch.report(7, big + "end");
      },
      10s);
  CHECK(r.end == ChildResult::End::reported);
  CHECK(r.status == 7);
  CHECK(r.text == big + "end");
  CHECK(r.last_progress == "second");
}

TEST_CASE("a child killed by a signal is told from one that reported, with where it was") {
  const ChildResult r = run_in_child(
      [](const ChildChannel& ch) {
        ch.progress("/group/dataset");
        std::raise(SIGKILL);  // not SIGSEGV: a sanitizer build turns that into an exit status
      },
      10s);
  CHECK(r.end == ChildResult::End::signalled);
  CHECK(r.signal == SIGKILL);
  CHECK(r.last_progress == "/group/dataset");
}

TEST_CASE("a child that does not finish in time is killed and said to have timed out") {
  const auto start = std::chrono::steady_clock::now();
  const ChildResult r = run_in_child(
      [](const ChildChannel& ch) {
        ch.progress("looping");
        for (;;) ::pause();
      },
      300ms);
  CHECK(r.end == ChildResult::End::timed_out);
  CHECK(r.last_progress == "looping");
  CHECK(std::chrono::steady_clock::now() - start < 5s);
}

TEST_CASE("a child that exits without reporting, or throws, ends silent with its status") {
  const ChildResult exited = run_in_child([](const ChildChannel&) { std::_Exit(3); }, 10s);
  CHECK(exited.end == ChildResult::End::silent);
  CHECK(exited.status == 3);
  const ChildResult threw = run_in_child([](const ChildChannel&) { throw std::runtime_error("x"); }, 10s);
  CHECK(threw.end == ChildResult::End::silent);
  CHECK(threw.status == 0);
}
