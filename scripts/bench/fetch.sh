#!/usr/bin/env bash
# Benchmarks `parcompute fetch` against wrk, curl, a bare libcurl loop, Python aiohttp and
# Python threads, taking turns for --rounds rounds, on loopback only (nginx with the tests'
# config, started and stopped here).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

usage() {
  cat <<EOF
Usage: scripts/bench/fetch.sh [--results FILE] [--requests N] [--rss-urls N] [--rounds R] [--timeout S] [--check]

Measures, against nginx on 127.0.0.1 (1 KiB files unless said):
  - requests/s, 8 in flight: wrk -t1 -c8 (3 s), parcompute fetch of N URLs (whole process,
    results file included; default 20000) and its fetching phase alone, a bare libcurl multi
    loop (scripts/bench/curl_multi_bare.c: no rows, no file, no digest), --engine threads
    --threads 8, Python aiohttp (asyncio.gather under a semaphore of 8) and Python threads +
    urllib (4000 URLs);
  - 200 URLs, whole process: parcompute vs the aiohttp program;
  - one 64 MiB file: parcompute's MB/s (fetching phase) with --digest none and with its
    default SHA-256, vs curl -o /dev/null's speed_download; openssl dgst -sha256 beside;
  - peak RSS of parcompute for --rss-urls URLs (default 100000).
Each case runs R rounds (default 5), the tools taking turns; medians are compared.
On 2 cores the server and each client share the machine, and single runs of the request-rate
case vary by +-20%: compare the medians, and runs against each other, not single samples.
Targets: >= 0.6x wrk and >= 8x aiohttp in requests/s; 200 URLs in <= 1/5 of aiohttp's
time; >= 0.9x curl's throughput (--digest none: curl hashes nothing); peak RSS < 100 MiB.
Prints a table and appends JSON lines to FILE (default \$PC_BENCH_RESULTS, else
bench-results/results.jsonl); render with scripts/bench/report.py --bench fetch.
Needs: ./scripts/install-deps.sh bench (wrk, curl, python3-aiohttp, time), nginx, gcc and
libcurl's headers (installed with the build dependencies), openssl.
Exit status: 0 done; 1 a target missed with --check; 2 set-up error.
EOF
}

results="${PC_BENCH_RESULTS:-$repo/bench-results/results.jsonl}"
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --results) [ $# -ge 2 ] || { usage >&2; exit 2; }; results="$2"; shift 2 ;;
    --requests|--rss-urls|--rounds|--timeout) [ $# -ge 2 ] || { usage >&2; exit 2; }; extra+=("$1" "$2"); shift 2 ;;
    --check) extra+=(--check); shift ;;
    *) echo "fetch.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
bench_name=fetch.sh
# shellcheck source=scripts/bench/lib.sh
. "$here/lib.sh"
bin="${PARCOMPUTE:-$repo/build/release/app/parcompute}"
[ -x "$bin" ] || bench_die "no parcompute binary at $bin (build it, or set PARCOMPUTE)"
for tool in wrk curl nginx /usr/bin/time gcc openssl; do
  command -v "$tool" >/dev/null || bench_die "$tool not found (./scripts/install-deps.sh bench)"
done
/usr/bin/python3 -c "import aiohttp" 2>/dev/null || bench_die "python3-aiohttp missing (./scripts/install-deps.sh bench)"
bench_setup_env  # no MPI job may be joined by accident
# Loopback only: no proxy may see these requests.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
bench_describe "$repo" "$bin"
bench_warn_load
exec /usr/bin/python3 "$here/fetch_bench.py" --binary "$bin" --results "$results" --machine "$bench_machine" \
  --date "$bench_date" --load "$bench_load" --commit "$bench_commit" --version "$bench_version" "${extra[@]}"
