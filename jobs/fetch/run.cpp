// parcompute fetch as a library call: rank 0 reads the URL list and checks the output path,
// the verdict is broadcast, ranks share the list and each runs its own libcurl engine; rank 0
// gathers the rows in input order, writes the results file and prints the report.
#include "jobs/fetch/run.hpp"

#include <unistd.h>

#include <chrono>
#include <iostream>
#include <iterator>
#include <memory>

#include "core/error.hpp"
#include "core/host.hpp"
#include "core/interrupt.hpp"
#include "fetch/body_spool.hpp"
#include "fetch/url_list.hpp"
#include "jobs/fetch/bodies.hpp"
#include "jobs/fetch/progress.hpp"
#include "jobs/fetch/report.hpp"
#include "jobs/fetch/share.hpp"
#include "jobs/results/provenance.hpp"

namespace pc::jobs {

int run_fetch(const mpi::Comm& comm, const FetchRun& run, const OutputOptions& output,
              const std::string& command_line) {
  const std::string start_time = core::utc_now_iso8601();
  std::vector<std::string> urls;
  ResultsTarget out = open_results(comm, output, "fetch", [&] {
    urls = run.urls;
    if (run.input.empty()) return;
    std::vector<std::string> listed = io::read_url_list(run.input);
    urls.insert(urls.end(), std::make_move_iterator(listed.begin()), std::make_move_iterator(listed.end()));
  });
  const std::string& path = out.path;

  const std::vector<RankFacts> ranks = gather_rank_facts(comm);
  const auto total = static_cast<std::int64_t>(urls.size());  // on rank 0, which prints
  UrlShare share = share_urls(comm, std::move(urls));
  auto progress = std::make_unique<FetchProgress>(comm, run.progress || (!run.quiet && ::isatty(STDERR_FILENO)),
                                                  static_cast<std::int64_t>(share.mine.size()), total);
  mpi::barrier(comm);
  core::pause_for_test("computing");
  const auto t0 = std::chrono::steady_clock::now();
  std::unique_ptr<io::BodySpool> spool = run.store_bodies ? std::make_unique<io::BodySpool>() : nullptr;
  std::vector<io::FetchRow> mine = io::fetch(share.my_urls, run.options, std::ref(*progress), spool.get());
  share.my_urls = {};  // the rows hold what is recorded of them
  const std::vector<BodyRef> bodies = spool ? body_refs(share.mine, mine) : std::vector<BodyRef>{};
  const double seconds =
      mpi::max_over_ranks(comm, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  const std::vector<io::FetchRow> rows = gather_rows(comm, share, std::move(mine));
  const FetchSummary summary = summarize(rows, seconds);  // of no rows off rank 0
  progress->finish(summary.urls, summary.failed);
  progress.reset();  // collective: every rank frees the counters' window here

  int status = 0;
  if (comm.root()) {
    status = static_cast<int>(summary.failed > 0 ? core::Exit::failed : core::Exit::ok);
    const Attributes facts = provenance(ranks, command_line, start_time, core::utc_now_iso8601());
    out.file->write([&](const io::h5::File& root) {
      write_attributes(root, facts);
      root.set_attr("command", std::string("fetch"));
      root.set_attr("insecure", std::int64_t{run.options.insecure ? 1 : 0});
      root.set_attr("cacert", run.options.cacert);
      const io::h5::Group group = root.create_group("fetch");
      write_fetch_group(group, rows, summary, run.options);
      group.set_attr("store_bodies", std::int64_t{spool ? 1 : 0});
      if (spool) store_bodies(comm, *spool, bodies, &group, &rows);
    });
    core::pause_for_test("written");
    out.file->commit();
    core::pause_for_test("committed");
    if (output.json) {
      print_fetch_json(std::cout, {{"command", "fetch"}, {"ranks", comm.size}, {"output", path}}, rows, summary);
    } else {
      std::cout << "parcompute fetch: " << rows.size() << " URL(s) over " << comm.size << " rank(s), ";
      if (run.options.engine == io::Engine::threads)
        std::cout << (run.options.threads > 0 ? run.options.threads : run.options.max_in_flight)
                  << " thread(s) per rank\n";
      else std::cout << "at most " << run.options.max_in_flight << " in flight per rank\n";
      if (!run.quiet && !rows.empty()) std::cout << fetch_table(rows).render();
      for (const std::string& line : summary_lines(summary)) std::cout << line << "\n";
      std::cout << "results: " << path << "\n";
    }
    std::cout.flush();
  } else if (spool) {
    store_bodies(comm, *spool, bodies, nullptr, nullptr);
  }
  mpi::broadcast(comm, status);
  return status;
}

}  // namespace pc::jobs
