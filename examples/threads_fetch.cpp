// The thread model for network I/O: Python's threading + requests over a few URLs, as
// blocking libcurl transfers on one thread each. Usage: threads_fetch URL...
#include <cstdio>
#include <string>
#include <vector>

#include <parcompute/parcompute.hpp>

int main(int argc, char** argv) {
  const std::vector<std::string> urls(argv + 1, argv + argc);
  pc::io::FetchOptions options;
  options.engine = pc::io::Engine::threads;  // one thread per transfer in flight
  options.max_in_flight = static_cast<int>(urls.size());
  options.timeout = 30;

  // Rows come back in the order of `urls`; a failed URL is a row with an error, never a throw.
  int failed = 0;
  for (const pc::io::FetchRow& row : pc::io::fetch(urls, options)) {
    std::printf("%s status %ld, %lld bytes, %.3f s%s%s\n", row.url.c_str(), row.status,
                static_cast<long long>(row.bytes), row.seconds, row.failed() ? ", error: " : "", row.error.c_str());
    failed += row.failed() ? 1 : 0;
  }
  return failed == 0 ? 0 : 1;
}
