// parcompute fetch: the flags; the fetch itself is jobs::run_fetch.
#include "app/commands.hpp"
#include "core/error.hpp"
#include "fetch/url_text.hpp"
#include "jobs/cli/options.hpp"
#include "jobs/command/collective.hpp"
#include "jobs/fetch/run.hpp"

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
      ->check(CLI::IsMember({"multi", "threads"}))
      ->default_str("multi");
  jobs::add_whole(*cmd_, "--threads", fetch_.threads, {0, 10000},
                  "Threads per rank for --engine threads (0: --max-in-flight)");
  jobs::add_whole(*cmd_, "--max-in-flight", fetch_.max_in_flight, {1, 100000}, "Transfers in flight per rank")
      ->type_name("K");
  jobs::add_whole(*cmd_, "--max-per-host", fetch_.max_per_host, {0, 100000},
                  "Connections per host and rank (0: no limit); a URL waiting for one is not timed yet");
  const jobs::RealRange seconds{0, 86400, "in seconds"};
  jobs::add_real(*cmd_, "--connect-timeout", fetch_.connect_timeout, seconds,
                 "Seconds to connect (0: libcurl's default)")
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
      ->check(CLI::IsMember({"sha256", "none"}))
      ->default_str("sha256");
  cmd_->add_flag("--insecure", fetch_.insecure, "Do not verify TLS certificates (recorded in the results file)");
  cmd_->add_flag("--store-bodies", store_bodies_,
                 "Also store the bodies in the results file (/fetch/bodies; --max-bytes bounds memory)");
  cmd_->add_flag("--quiet", quiet_, "No progress on stderr and no per-URL table (the summary stays)");
  cmd_->add_flag("--progress", progress_,
                 "Progress on stderr even when it is not a terminal (under mpirun it never is)");
  cmd_->footer(
      "Exit status: 0 all URLs fetched, 1 some failed (see the error column), 2 usage error.\n"
      "Proxies: libcurl honours http_proxy, https_proxy, all_proxy and no_proxy (or their\n"
      "upper-case forms, but not HTTP_PROXY).");
}

void FetchCommand::check() const {
  if (urls_.empty() && input_.empty())
    throw core::UsageError("fetch: give URLs as arguments or --input FILE (accepted: http:// or https:// URLs)");
  if (fetch_.threads > 0 && engine_ != "threads") throw core::UsageError("--threads: only with --engine threads");
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
  jobs::FetchRun run;
  run.urls = urls_;
  run.input = input_;
  run.options = fetch_;
  run.options.engine = engine_ == "threads" ? io::Engine::threads : io::Engine::multi;
  run.options.digest = digest_ == "sha256";
  run.progress = progress_;
  run.quiet = quiet_;
  run.store_bodies = store_bodies_;
  return jobs::run_collectively(inv.argc, inv.argv, jobs::MpiUse::when_launched, [&](const mpi::Comm& comm) {
    return jobs::run_fetch(comm, run, out_, redacted_command_line(inv));
  });
}

}  // namespace pc::app
