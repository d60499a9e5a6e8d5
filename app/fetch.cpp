// parcompute fetch: rank 0 reads the URL list and checks the output path, the verdict is
// broadcast, ranks share the list and each runs its own libcurl multi engine; rank 0 gathers
// the rows in input order, writes the results file and prints the report.
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <iterator>
#include <memory>

#include "app/collective.hpp"
#include "app/commands.hpp"
#include "core/error.hpp"
#include "core/host.hpp"
#include "core/log.hpp"
#include "core/interrupt.hpp"
#include "io/url_list.hpp"
#include "io/url_text.hpp"
#include "io/body_spool.hpp"
#include "jobs/fetch_bodies.hpp"
#include "jobs/fetch_report.hpp"
#include "jobs/fetch_progress.hpp"
#include "jobs/fetch_share.hpp"
#include "jobs/cli_options.hpp"
#include "jobs/provenance.hpp"
#include "mpi/env.hpp"

namespace pc::app {

FetchCommand::FetchCommand(CLI::App& app) {
  cmd_ = app.add_subcommand("fetch", "Fetch URLs with a libcurl multi handle per rank and record every outcome");
  cmd_->add_option("urls", urls_, "URLs to fetch (http:// or https://)")->type_name("URL");
  jobs::add_text(*cmd_, "-i,--input", input_, "a file of URLs, one a line, or - for stdin",
                 "File with one URL a line ('-' for stdin; # comments, blank lines skipped)")
      ->type_name("FILE");
  jobs::add_output_options(*cmd_, out_);
  cmd_->add_option("--engine", engine_,
                   "multi: one libcurl multi handle per rank; threads: blocking transfers on --threads threads")
      ->check(CLI::IsMember({"multi", "threads"}))->default_str("multi");
  jobs::add_whole(*cmd_, "--threads", fetch_.threads, {0, 10000},
                  "Threads per rank for --engine threads (0: --max-in-flight)");
  jobs::add_whole(*cmd_, "--max-in-flight", fetch_.max_in_flight, {1, 100000}, "Transfers in flight per rank")
      ->type_name("K");
  jobs::add_whole(*cmd_, "--max-per-host", fetch_.max_per_host, {0, 100000},
                  "Connections per host and rank (0: no limit); a URL waiting for one is not timed yet");
  const jobs::RealRange seconds{0, 86400, "in seconds"};
  jobs::add_real(*cmd_, "--connect-timeout", fetch_.connect_timeout, seconds, "Seconds to connect (0: libcurl's default)")
      ->type_name("S");
  jobs::add_real(*cmd_, "--timeout", fetch_.timeout, seconds, "Seconds for a whole transfer (0: none)")->type_name("S");
  jobs::add_whole(*cmd_, "--max-bytes", fetch_.max_bytes, {0, std::uint64_t{1} << 60},
                  "Cut off bodies larger than this (0: no limit); the URL fails")
      ->type_name("B");
  jobs::add_whole(*cmd_, "--max-redirects", fetch_.max_redirects, {0, 1000}, "Redirects followed before the URL fails");
  jobs::add_whole(*cmd_, "--retries", fetch_.retry.retries, {0, 100},
                  "Extra attempts after transient failures (connect, timeout, 408, 429, 500, 502-504)")
      ->type_name("R");
  jobs::add_text(*cmd_, "--cacert", fetch_.cacert, "a PEM file of CA certificates",
                 "CA certificates (PEM) to verify servers with")
      ->check(CLI::ExistingFile)
      ->type_name("FILE");
  cmd_->add_option("--digest", digest_, "sha256: SHA-256 of every body (OpenSSL); none: no digest (bulk transfers)")
      ->check(CLI::IsMember({"sha256", "none"}))->default_str("sha256");
  cmd_->add_flag("--insecure", fetch_.insecure, "Do not verify TLS certificates (recorded in the results file)");
  cmd_->add_flag("--store-bodies", store_bodies_,
                 "Also store the bodies in the results file (/fetch/bodies; --max-bytes bounds memory)");
  cmd_->add_flag("--quiet", quiet_, "No progress on stderr and no per-URL table (the summary stays)");
  cmd_->add_flag("--progress", progress_,
                 "Progress on stderr even when it is not a terminal (under mpirun it never is)");
  cmd_->footer("Exit status: 0 all URLs fetched, 1 some failed (see the error column), 2 usage error.\n"
               "Proxies: libcurl honours http_proxy, https_proxy, all_proxy and no_proxy (or their\n"
               "upper-case forms, but not HTTP_PROXY).");
}

void FetchCommand::check() const {
  if (urls_.empty() && input_.empty())
    throw core::UsageError("fetch: give URLs as arguments or --input FILE (accepted: http:// or https:// URLs)");
  if (fetch_.threads > 0 && engine_ != "threads")
    throw core::UsageError("--threads: only with --engine threads");
  if (quiet_ && progress_) throw core::UsageError("--progress: not with --quiet (accepted: one of them)");
}

namespace {

// The command line as recorded: no word keeps a user:password.
std::string redacted_command_line(const Invocation& inv) {
  std::string out;
  for (int i = 0; i < inv.argc; ++i) out += (i ? " " : "") + io::without_credentials(inv.argv[i]);
  return out;
}

}  // namespace

int FetchCommand::execute(Invocation& inv) const {
  io::FetchOptions options = fetch_;
  options.engine = engine_ == "threads" ? io::Engine::threads : io::Engine::multi;
  options.digest = digest_ == "sha256";
  const std::string start_time = core::utc_now_iso8601();
  return run_collectively(inv, MpiUse::when_launched, [&](const mpi::Comm& comm) {
    std::vector<std::string> urls;
    jobs::ResultsTarget out = jobs::open_results(comm, out_, "fetch", [&] {
      urls = urls_;
      if (input_.empty()) return;
      std::vector<std::string> listed = io::read_url_list(input_);
      urls.insert(urls.end(), std::make_move_iterator(listed.begin()), std::make_move_iterator(listed.end()));
    });
    const std::string& path = out.path;

    const std::vector<jobs::RankFacts> ranks = jobs::gather_rank_facts(comm);
    const auto total = static_cast<std::int64_t>(urls.size());  // on rank 0, which prints
    jobs::UrlShare share = jobs::share_urls(comm, std::move(urls));
    auto progress = std::make_unique<jobs::FetchProgress>(comm, progress_ || (!quiet_ && ::isatty(STDERR_FILENO)),
                                                          static_cast<std::int64_t>(share.mine.size()), total);
    mpi::barrier(comm);
    core::pause_for_test("computing");
    const auto t0 = std::chrono::steady_clock::now();
    std::unique_ptr<io::BodySpool> spool = store_bodies_ ? std::make_unique<io::BodySpool>() : nullptr;
    std::vector<io::FetchRow> mine = io::fetch(share.my_urls, options, std::ref(*progress), spool.get());
    share.my_urls = {};  // the rows hold what is recorded of them
    const std::vector<jobs::BodyRef> bodies = spool ? jobs::body_refs(share.mine, mine) : std::vector<jobs::BodyRef>{};
    const double seconds =
        mpi::max_over_ranks(comm, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    const std::vector<io::FetchRow> rows = jobs::gather_rows(comm, share, std::move(mine));
    const jobs::FetchSummary summary = jobs::summarize(rows, seconds);  // of no rows off rank 0
    progress->finish(summary.urls, summary.failed);
    progress.reset();  // collective: every rank frees the counters' window here

    int status = 0;
    if (comm.root()) {
      status = static_cast<int>(summary.failed > 0 ? core::Exit::failed : core::Exit::ok);
      const jobs::Attributes provenance =
          jobs::provenance(ranks, redacted_command_line(inv), start_time, core::utc_now_iso8601());
      out.file->write([&](const io::h5::File& root) {
        jobs::write_attributes(root, provenance);
        root.set_attr("command", std::string("fetch"));
        root.set_attr("insecure", std::int64_t{options.insecure ? 1 : 0});
        root.set_attr("cacert", options.cacert);
        const io::h5::Group group = root.create_group("fetch");
        jobs::write_fetch_group(group, rows, summary, options);
        group.set_attr("store_bodies", std::int64_t{spool ? 1 : 0});
        if (spool) jobs::store_bodies(comm, *spool, bodies, &group, &rows);
      });
      core::pause_for_test("written");
      out.file->commit();
      core::pause_for_test("committed");
      if (out_.json) {
        jobs::print_fetch_json(std::cout, {{"command", "fetch"}, {"ranks", comm.size}, {"output", path}}, rows,
                               summary);
      } else {
        std::cout << "parcompute fetch: " << rows.size() << " URL(s) over " << comm.size << " rank(s), ";
        if (options.engine == io::Engine::threads)
          std::cout << (options.threads > 0 ? options.threads : options.max_in_flight) << " thread(s) per rank\n";
        else
          std::cout << "at most " << options.max_in_flight << " in flight per rank\n";
        if (!quiet_ && !rows.empty()) std::cout << jobs::fetch_table(rows).render();
        for (const std::string& line : jobs::summary_lines(summary)) std::cout << line << "\n";
        std::cout << "results: " << path << "\n";
      }
      std::cout.flush();
    } else if (spool) {
      jobs::store_bodies(comm, *spool, bodies, nullptr, nullptr);
    }
    mpi::broadcast(comm, status);
    return status;
  });
}

}  // namespace pc::app
