// Asynchronous I/O: Python's asyncio + aiohttp with gather, as one libcurl multi handle on
// one thread with at most K transfers in flight. Usage: async_fetch [-k K] URL...
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <parcompute/parcompute.hpp>

int main(int argc, char** argv) {
  pc::io::FetchOptions options;  // engine multi: transfers interleaved, refilled as each ends
  int first = 1;
  if (argc > 2 && std::string(argv[1]) == "-k") {
    options.max_in_flight = std::atoi(argv[2]);
    first = 3;
  }
  const std::vector<std::string> urls(argv + first, argv + argc);

  // The same as `await asyncio.gather(*(fetch(u) for u in urls))`: every result, in order.
  std::int64_t bytes = 0;
  int failed = 0;
  for (const pc::io::FetchRow& row : pc::io::fetch(urls, options)) {
    std::printf("%s status %ld, %lld bytes, sha256 %.16s...%s%s\n", row.url.c_str(), row.status,
                static_cast<long long>(row.bytes), row.sha256.c_str(), row.failed() ? " error: " : "",
                row.error.c_str());
    bytes += row.bytes;
    failed += row.failed() ? 1 : 0;
  }
  std::printf("%zu URL(s), %lld bytes, %d failed\n", urls.size(), static_cast<long long>(bytes), failed);
  return failed == 0 ? 0 : 1;
}
