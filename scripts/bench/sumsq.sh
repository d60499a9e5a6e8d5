#!/usr/bin/env bash
# Benchmarks `parcompute run sumsq` against the naive Python multiprocessing program and against
# an empty MPI program, all in one run, so that ratios are taken on the same (noisy) machine.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bench_name=sumsq.sh
# shellcheck source=scripts/bench/lib.sh
. "$here/lib.sh"

usage() {
  cat <<EOF
Usage: scripts/bench/sumsq.sh [--repeat N] [--results FILE] [--timeout S] [--check] [--help]

Times, in one run and interleaved round by round:
  - the naive Python program (/usr/bin/python3, multiprocessing.Pool(4).map over
    sum(i*i for i in range(10_000_000)), 4 tasks): whole process and pool.map alone;
  - parcompute run sumsq (4 tasks of 10,000,000) without mpirun (1 and 2 OpenMP threads),
    under mpirun -n 1 (1 thread; 2 threads with --bind-to none), -n 2 and -n 4 (1 thread):
    whole process and compute_seconds from --json (the slowest rank);
  - an MPI program that only calls MPI_Init and MPI_Finalize, under mpirun -n 4.
Prints a table of medians and ratios (python median / configuration median, so higher is
faster), checks the targets, and appends JSON lines to the results file.

Targets:
  (a) parcompute's compute phase at least 100x faster than Python's pool.map
      (best configuration; the mpirun -n 4 one is reported too);
  (b) mpirun -n 4 parcompute run sumsq within 0.2 s of mpirun -n 4 of the empty MPI
      program (median of the per-round differences of whole-process times).

Options:
  --repeat N      timed rounds, after one untimed warm-up round (default 7, 1..30)
  --results FILE  JSON lines file to append to
                  (default \$PC_BENCH_RESULTS, else bench-results/results.jsonl in the repo)
  --timeout S     limit for each single command, in seconds (default 60)
  --check         exit 1 when a target fails (by default only wrong answers exit non-zero)
  -h, --help      show this help

Environment:
  PARCOMPUTE        the binary (default build/release/app/parcompute in the repo)
  PC_BENCH_RESULTS  the results file, when --results is not given

Exit status: 0 done; 1 a wrong answer (or, with --check, a missed target); 2 usage or
set-up error (missing binary, mpicc, /usr/bin/python3); 124 a command timed out.
Render the results as markdown with: /usr/bin/python3 scripts/bench/report.py
EOF
}

bench_options "$@"
bench_start pc-bench-sumsq
command -v mpicc >/dev/null || bench_die "mpicc not found (apt-get install libopenmpi-dev)"

timeout "$cmd_timeout" mpicc -O2 -o "$tmp/mpi_hello" "$here/mpi_hello.c" \
  || bench_die "mpicc could not build $here/mpi_hello.c"

bench_describe "$repo" "$bin"
run_id="sumsq-$(date -u +%Y%m%dT%H%M%SZ)-$$"

echo "sumsq benchmark: $bench_date on $bench_machine"
echo "binary: $bin (${bench_version:-version unknown}, commit $bench_commit); rounds: 1 warm-up + $repeat timed"
bench_warn_load

# One entry per configuration: id|label|kind|ranks|threads. kind decides how its output is read.
configs=(
  "python|python Pool(4)|python|4|1"
  "pc_t1|parcompute, 1 thread|parcompute|1|1"
  "pc_t2|parcompute, 2 threads|parcompute|1|2"
  "mpi1_t1|mpirun -n 1, 1 thread|parcompute|1|1"
  "mpi1_t2|mpirun -n 1 --bind-to none, 2 threads|parcompute|1|2"
  "mpi2_t1|mpirun -n 2, 1 thread|parcompute|2|1"
  "mpi4_t1|mpirun -n 4, 1 thread|parcompute|4|1"
  "hello4|MPI hello, mpirun -n 4|hello|4|1"
)

# Runs one configuration once, appending a line to raw.tsv.
run_one() {
  local round="$1" entry="$2"
  local id label kind ranks threads
  IFS='|' read -r id label kind ranks threads <<<"$entry"
  local out="$tmp/raw/$id-$round.out" err="$tmp/raw/$id-$round.err"
  local h5="$tmp/$id.h5"
  local cmd=()
  case "$id" in
    python) cmd=("$python" "$here/naive_sumsq.py") ;;
    pc_t1|pc_t2) cmd=("$bin" run sumsq -o "$h5" --force --json) ;;
    mpi1_t2) cmd=(mpirun -n 1 --bind-to none "$bin" run sumsq -o "$h5" --force --json) ;;
    mpi*) cmd=(mpirun -n "$ranks" "$bin" run sumsq -o "$h5" --force --json) ;;
    hello4) cmd=(mpirun -n 4 "$tmp/mpi_hello") ;;
    *) bench_die "internal: unknown configuration $id" ;;
  esac
  local rc=0
  OMP_NUM_THREADS="$threads" bench_run "$out" "$err" "$cmd_timeout" "${cmd[@]}" || rc=$?
  [ "$rc" -eq 0 ] || bench_failed "$label" "$rc" "$err" "$cmd_timeout" "${cmd[@]}"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$round" "$id" "$label" "$kind" "$ranks" "$threads" "$bench_t0" "$bench_t1" "$out" >>"$tmp/raw.tsv"
}

bench_rounds "${configs[@]}"  # none always right after the CPU-heavy Python program
bench_summarize sumsq_summary.py
