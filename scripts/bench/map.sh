#!/usr/bin/env bash
# Benchmarks the library side in one run, round by round: mpi::map's two schedules, the
# Pool.map example and `parcompute run sumsq` against the seed's Python Pool(4) program, and
# the start-up of a lone `run` against `parcompute --version`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bench_name=map.sh
# shellcheck source=scripts/bench/lib.sh
. "$here/lib.sh"

usage() {
  cat <<EOF
Usage: scripts/bench/map.sh [--repeat N] [--results FILE] [--timeout S] [--check] [--help]

Times, in one run and interleaved round by round (whole processes unless said):
  - the naive Python program (multiprocessing.Pool(4).map of sum(i*i) over 4 x 10,000,000);
  - examples/pool_map (built against an installed copy of this build), one process,
    OMP_NUM_THREADS=2;
  - parcompute run sumsq (4 x 10,000,000), one process, OMP_NUM_THREADS=2;
  - parcompute --version, and parcompute run sumsq --tasks 1 --size 1000 (start-up);
  - scripts/bench/h5_small.c (mpicc, the same HDF5 library) writing a file shaped like the
    tiny run's, and loading the library only: the difference is what such a file costs;
  - pc_map_bench under mpirun -n 3: mpi::map over 100,000 trivial items, both schedules
    alternating inside the program (its own medians, the map call alone).

Targets:
  (a) mpi::map dynamic within 2x of its static schedule (100,000 items, -n 3): its speed
      (static time / dynamic time) at least 0.5x;
  (b) the pool_map example >= 30x faster than the Python program;
  (c) parcompute run sumsq >= 30x faster than the Python program;
  (d) a lone run sumsq within 10 ms of parcompute --version plus its file: the median over
      rounds of (tiny run - --version) - (h5_small write - h5_small none). The plain
      difference (tiny run - --version) is reported beside it.

Options:
  --repeat N      timed rounds, after one untimed warm-up round (default 7, 1..30)
  --results FILE  JSON lines file to append to
                  (default \$PC_BENCH_RESULTS, else bench-results/results.jsonl in the repo)
  --timeout S     limit for each single command, in seconds (default 60)
  --check         exit 1 when a target fails
  -h, --help      show this help

Exit status: 0 done; 1 a wrong answer (or, with --check, a missed target); 2 usage or
set-up error; 124 a command timed out.
EOF
}

bench_options "$@"
bench_start pc-bench-map
build="$(dirname "$(dirname "$bin")")"
map_bench="$build/pc_map_bench"
[ -x "$map_bench" ] || bench_die "no $map_bench (build the release preset)"
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null || bench_die "cmake --install $build failed"
{ cmake -S "$repo/examples" -B "$tmp/examples" -DCMAKE_PREFIX_PATH="$tmp/prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null &&
  cmake --build "$tmp/examples" >/dev/null; } || bench_die "the examples do not build against the installed package"

command -v mpicc >/dev/null || bench_die "mpicc not found (apt-get install libopenmpi-dev)"
h5_flags=(-I/usr/include/hdf5/openmpi -L/usr/lib/x86_64-linux-gnu/hdf5/openmpi -lhdf5)
timeout "$cmd_timeout" mpicc -O2 -o "$tmp/h5_small" "$here/h5_small.c" "${h5_flags[@]}" \
  || bench_die "mpicc could not build $here/h5_small.c against HDF5 (install it: ./scripts/install-deps.sh)"

bench_describe "$repo" "$bin"
run_id="map-$(date -u +%Y%m%dT%H%M%SZ)-$$"
echo "map benchmark: $bench_date on $bench_machine"
echo "binary: $bin (${bench_version:-version unknown}, commit $bench_commit); rounds: 1 warm-up + $repeat timed"
bench_warn_load

configs=(python pool_map run_sumsq version run_small h5_none h5_write map_n3)

# Runs one configuration once, appending a line to raw.tsv.
run_one() {
  local round="$1" id="$2" cmd=() threads=2
  local out="$tmp/raw/$id-$round.out" err="$tmp/raw/$id-$round.err"
  case "$id" in
    python) cmd=("$python" "$here/naive_sumsq.py") ;;
    pool_map) cmd=("$tmp/examples/pool_map") ;;
    run_sumsq) cmd=("$bin" run sumsq -o "$tmp/sumsq.h5" --force --json) ;;
    version) cmd=("$bin" --version) ;;
    run_small) cmd=("$bin" run sumsq --tasks 1 --size 1000 -o "$tmp/small.h5" --force --json) ;;
    h5_none) cmd=("$tmp/h5_small" none) ;;
    h5_write) rm -f "$tmp/h5.h5"; cmd=("$tmp/h5_small" write "$tmp/h5.h5") ;;
    map_n3) cmd=(mpirun -n 3 "$map_bench" 100000 7); threads=1 ;;
    *) bench_die "internal: unknown configuration $id" ;;
  esac
  local rc=0
  OMP_NUM_THREADS="$threads" bench_run "$out" "$err" "$cmd_timeout" "${cmd[@]}" || rc=$?
  [ "$rc" -eq 0 ] || bench_failed "$id" "$rc" "$err" "$cmd_timeout" "${cmd[@]}"
  printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$id" "$bench_t0" "$bench_t1" "$out" >>"$tmp/raw.tsv"
}

bench_rounds "${configs[@]}"
bench_summarize map_summary.py
