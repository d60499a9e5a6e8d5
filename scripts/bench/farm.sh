#!/usr/bin/env bash
# Benchmarks `parcompute farm` in one run, round by round, whole processes: dispatching no-op
# tasks against mpi4py.futures and multiprocessing.Pool, starting programs against xargs -P
# and GNU parallel, the dynamic schedule against the static one on a skewed list, and rank 0's
# memory and a resume's time on a large list.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bench_name=farm.sh
# shellcheck source=scripts/bench/lib.sh
. "$here/lib.sh"

usage() {
  cat <<EOF
Usage: scripts/bench/farm.sh [--only LIST] [--repeat N] [--quick] [--results FILE] [--timeout S]
                             [--check] [--help]

Times, in one run and interleaved round by round, whole processes:
  - dispatch: 100,000 \`run noop\` tasks with mpiexec -n 3 parcompute farm (2 worker ranks x
    2 slots), against mpiexec -n 3 python3 -m mpi4py.futures mapping a no-op over as many
    items with MPIPoolExecutor (scripts/bench/farm_mpi4py.py), and against
    multiprocessing.Pool(2).map(noop, range(N), chunksize=1) (scripts/bench/farm_pool.py);
  - exec: 10,000 \`exec -- true\` tasks, parcompute farm alone on 2 slots, against
    xargs -P 2 and GNU parallel -j2 running \`true\` as many times;
  - load balance: a skewed list of \`exec -- sleep X\` tasks (200 ms down to 1 ms, the long ones
    first, about 6 s of sleep in all) with mpiexec -n 3 (2 workers x 2 slots), --schedule
    dynamic against --schedule static;
  - scale: a 1,000,000-task \`run noop\` farm alone (--keep-journal), its peak RSS
    (/usr/bin/time -f %M), then --resume of its complete journal (nothing left to run).

Targets (ratios of medians from this run):
  (a) dispatch >= 10x faster than mpi4py.futures and (b) >= 1.5x faster than Pool(2);
  (c) exec at >= 0.8x the rate of xargs -P 2 and (d) >= 4x the rate of GNU parallel -j2;
  (e) dynamic >= 1.5x faster than static on the skewed list;
  (f) the large farm's peak RSS under 300 MiB and (g) the resume under 2 s.

Options:
  --only LIST     the groups to time, comma-separated, of dispatch, exec, balance and scale
                  (default all; GNU parallel alone takes ~6 min a round at full size)
  --repeat N      timed rounds, after one untimed warm-up round (default 3, 1..30)
  --quick         a smoke test: 20,000 no-op tasks, 2,000 exec tasks, 200,000 for scale
                  (the load-balance list is the same)
  --results FILE  JSON lines file to append to
                  (default \$PC_BENCH_RESULTS, else bench-results/results.jsonl in the repo)
  --timeout S     limit for each single command, in seconds (default 300: the
                  mpi4py.futures baseline is slow, see docs/benchmarks.md)
  --check         exit 1 when a target fails
  -h, --help      show this help

Needs: mpiexec, /usr/bin/time, python3-mpi4py and GNU parallel (./scripts/install-deps.sh
bench), bash 5. Exit status: 0 done; 1 a wrong answer (or, with --check, a missed target);
2 usage or set-up error; 124 a command timed out.
Render the results as markdown with: /usr/bin/python3 scripts/bench/report.py --bench farm
EOF
}

repeat=3
cmd_timeout=300
bench_flag=--quick
only=dispatch,exec,balance,scale
shared_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --only)
      [ $# -ge 2 ] || bench_die "--only needs a list (e.g. --only dispatch,scale)"
      only="$2"
      shift 2 ;;
    *) shared_args+=("$1"); shift ;;
  esac
done
bench_options ${shared_args[@]+"${shared_args[@]}"}
# The configurations of each group, in the order a round runs them. The resume comes after
# the large farm in the warm-up round, which leaves it a journal; later rounds may take them
# in either order, and each resume reads the newest journal.
declare -A group_configs=([dispatch]="farm_dispatch mpi4py pool" [exec]="farm_exec xargs parallel"
  [balance]="dynamic static" [scale]="scale resume")
configs=()
IFS=, read -r -a only_groups <<<"$only"
[ "${#only_groups[@]}" -gt 0 ] || bench_die "--only: name at least one of dispatch, exec, balance, scale"
for g in "${only_groups[@]}"; do
  [ -n "${group_configs[$g]+set}" ] || bench_die "--only: unknown group '$g' (accepted: dispatch, exec, balance, scale)"
  read -r -a more <<<"${group_configs[$g]}"
  configs+=("${more[@]}")
done
quick=$bench_flag_given
bench_start pc-bench-farm
command -v mpiexec >/dev/null || bench_die "mpiexec not found (apt-get install openmpi-bin)"
command -v parallel >/dev/null || bench_die "GNU parallel not found (./scripts/install-deps.sh bench)"
command -v xargs >/dev/null || bench_die "xargs not found (findutils)"
[ -x /usr/bin/time ] || bench_die "/usr/bin/time not found (./scripts/install-deps.sh bench)"
"$python" -c "import mpi4py.futures" 2>/dev/null || bench_die "mpi4py missing (./scripts/install-deps.sh bench)"

if [ "$quick" -eq 1 ]; then
  dispatch_n=20000 exec_n=2000 scale_n=200000
else
  dispatch_n=100000 exec_n=10000 scale_n=1000000
fi
# The layout of every MPI farm here: rank 0 and two workers, each with a slot per core of
# this machine, so that the farm and the baselines' two workers face the same cores.
ranks=3 slots=2

# The task files. The skewed list's durations fall geometrically from the longest to the
# shortest, so the long ones sit together at the start: a static block of the first half
# holds most of the sleep.
mkdir -p "$tmp/tasks" "$tmp/out" "$tmp/scale" "$tmp/resume" "$tmp/parallel"
# repeat_line TEXT N FILE (not yes | head: under pipefail, yes's SIGPIPE would end the script).
repeat_line() {
  awk -v t="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) print t }' >"$3"
}
repeat_line 'run noop' "$dispatch_n" "$tmp/tasks/noop.txt"
repeat_line 'exec -- true' "$exec_n" "$tmp/tasks/true.txt"
seq "$exec_n" >"$tmp/tasks/args.txt"
repeat_line 'run noop' "$scale_n" "$tmp/tasks/big.txt"
skew_n=160 skew_long=0.200 skew_short=0.001
awk -v n="$skew_n" -v hi="$skew_long" -v lo="$skew_short" \
  'BEGIN { for (i = 0; i < n; i++) printf "exec -- sleep %.3f\n", hi * (lo / hi) ^ (i / (n - 1)) }' \
  >"$tmp/tasks/skew.txt"
# GNU parallel keeps its state under PARALLEL_HOME (else in ~/.parallel): in the temporary folder.
export PARALLEL_HOME="$tmp/parallel"

bench_describe "$repo" "$bin"
run_id="farm-$(date -u +%Y%m%dT%H%M%SZ)-$$"
echo "farm benchmark: $bench_date on $bench_machine"
echo "binary: $bin (${bench_version:-version unknown}, commit $bench_commit); rounds: 1 warm-up + $repeat timed$([ "$quick" -eq 1 ] && echo ' (--quick)')"
echo "tasks: dispatch $dispatch_n, exec $exec_n, skewed list $skew_n, scale $scale_n"
bench_warn_load


# Runs one configuration once, appending a line to raw.tsv:
# round, id, t0, t1, stdout file, stderr file, peak-RSS file (- when not measured).
run_one() {
  local round="$1" id="$2" cmd=() rss=-
  local out="$tmp/raw/$id-$round.out" err="$tmp/raw/$id-$round.err"
  local farm_mpi=(mpiexec -n "$ranks" "$bin" farm)
  case "$id" in
    farm_dispatch) cmd=("${farm_mpi[@]}" "$tmp/tasks/noop.txt" --slots "$slots" -o "$tmp/out/$id.h5" --force --json) ;;
    mpi4py) cmd=(mpiexec -n "$ranks" "$python" -m mpi4py.futures "$here/farm_mpi4py.py" "$dispatch_n") ;;
    pool) cmd=("$python" "$here/farm_pool.py" "$dispatch_n") ;;
    farm_exec) cmd=("$bin" farm "$tmp/tasks/true.txt" --slots 2 -o "$tmp/out/$id.h5" --force --json) ;;
    xargs) cmd=(xargs -a "$tmp/tasks/args.txt" -P 2 -n 1 true) ;;
    parallel) cmd=(parallel --will-cite -j2 true :::: "$tmp/tasks/args.txt") ;;
    dynamic|static)
      cmd=("${farm_mpi[@]}" "$tmp/tasks/skew.txt" --slots "$slots" --schedule "$id" -o "$tmp/out/$id.h5" --force --json) ;;
    scale)
      rss="$tmp/raw/$id-$round.rss"
      cmd=(/usr/bin/time -f %M -o "$rss" "$bin" farm "$tmp/tasks/big.txt" -o "$tmp/scale/big.h5" --keep-journal --json) ;;
    resume)
      rss="$tmp/raw/$id-$round.rss"
      cmd=(/usr/bin/time -f %M -o "$rss" "$bin" farm "$tmp/tasks/big.txt" --resume "$tmp/resume/big.h5" --keep-journal --json) ;;
    *) bench_die "internal: unknown configuration $id" ;;
  esac
  local rc=0
  OMP_NUM_THREADS=1 bench_run "$out" "$err" "$cmd_timeout" "${cmd[@]}" || rc=$?
  [ "$rc" -eq 0 ] || bench_failed "$id" "$rc" "$err" "$cmd_timeout" "${cmd[@]}"
  case "$id" in
    # The complete journal becomes the resume's; the large results file is not needed again.
    scale) mv -f "$tmp/scale/big.h5.journal" "$tmp/resume/big.h5.journal"; rm -f "$tmp/scale/big.h5" ;;
    # The resume must find its results file absent next time, as after a kill.
    resume) rm -f "$tmp/resume/big.h5" ;;
  esac
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$id" "$bench_t0" "$bench_t1" "$out" "$err" "$rss" >>"$tmp/raw.tsv"
}

bench_rounds "${configs[@]}"
quick_flag=()
[ "$quick" -eq 1 ] && quick_flag=(--quick)
skew_total="$(awk '{ s += $4 } END { printf "%.3f", s }' "$tmp/tasks/skew.txt")"
bench_summarize farm_summary.py "${quick_flag[@]}" --dispatch-tasks "$dispatch_n" --exec-tasks "$exec_n" \
  --skew-tasks "$skew_n" --skew-seconds "$skew_total" --scale-tasks "$scale_n" --ranks "$ranks" --slots "$slots"
